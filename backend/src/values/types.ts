// What the value store keeps per log entry: the typed values of its template slots.

/**
 * Kinds of value. Numbers carry their unit (`duration`, `size`, `percent` have one; `int`/`float`
 * none); addresses, ids and paths are matched exactly; `word` and `text` are what a template holds
 * as a variable without any type rule recognising it (a user name, a quoted message).
 */
export type ValueKind =
  | 'int'
  | 'float'
  | 'duration'
  | 'size'
  | 'percent'
  | 'ip'
  | 'ipport'
  | 'host'
  | 'hostport'
  | 'url'
  | 'uuid'
  | 'path'
  | 'id'
  | 'word'
  | 'text'
  /** Dates and clock times: recognised so they are not read as numbers, never stored. */
  | 'time';

export const NUMERIC_KINDS: ReadonlySet<ValueKind> = new Set(['int', 'float', 'duration', 'size', 'percent']);

export interface ExtractedValue {
  /** Order of the value in its line. */
  pos: number;
  /** Slot name: field name, `key=` name or the word before the value; '' when none. Lower case. */
  key: string;
  kind: ValueKind;
  /** As written in the line (bounded). */
  text: string;
  num?: number;
  unit?: string;
  /** The word right after the value ("128 core files" -> core), a second name for it. */
  after?: string;
}

/** A stored value with its entry. */
export interface StoredValue extends ExtractedValue {
  entryId: number;
  streamId: number;
  templateId: number | null;
  tsNs: bigint;
}
