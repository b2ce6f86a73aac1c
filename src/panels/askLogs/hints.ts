/** The parts of a Grafana dashboard variable that matter for label hints. */
export interface VariableLike {
  name: string;
  type?: string;
  current?: { value?: string | string[] | null; text?: string | string[] };
}

const ALL_VALUES = new Set(['$__all', '*', '.*', '']);
/** Variables that are not log labels (time intervals, free text, data source pickers). */
const NON_LABEL_TYPES = new Set(['interval', 'datasource', 'textbox', 'constant', 'adhoc', 'groupby', 'switch']);
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Single concrete dashboard variable values become label hints; multi-selects and "All" say nothing. */
export function labelHintsFromVariables(vars: VariableLike[]): Record<string, string> {
  const hints: Record<string, string> = {};
  for (const v of vars) {
    if ((v.type && NON_LABEL_TYPES.has(v.type)) || !LABEL_NAME.test(v.name)) {
      continue;
    }
    let value = v.current?.value;
    if (Array.isArray(value)) {
      if (value.length !== 1) {
        continue;
      }
      value = value[0];
    }
    if (typeof value !== 'string' || ALL_VALUES.has(value)) {
      continue;
    }
    hints[v.name] = value;
  }
  return hints;
}
