// The LogQL that reproduces a plan in Loki (and Explore): a log query for look-ups and
// occurrences, a metric query for aggregates (count_over_time; sum/min/max/avg_over_time with
// `unwrap` on a `regexp` stage; topk of a count by the slot). Loki evaluates it over its own
// data, so the user can check the number independently of our store.
import type { Labels, TimeWindow } from '../types.js';
import { labelsKey } from '../store/labels.js';
import { WILDCARD } from '../templates/mask.js';
import type { Plan, PlanResult } from './types.js';

export interface PlanQuery {
  expr: string;
  /** `log`: lines (Explore's logs view); `metric`: an instant metric query over `range`. */
  kind: 'log' | 'metric';
  /** Window the query is evaluated over (instant queries end at `end`). */
  window?: TimeWindow;
}

/** Shortest literal worth a line filter: shorter ones ("to", "of") match everything. */
const MIN_FILTER_CHARS = 4;

/** A LogQL string literal (double-quoted, Go escapes). */
export function logqlString(s: string): string {
  return JSON.stringify(s);
}

/** RE2 escaping for a literal inside a regex. */
function re2Escape(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** A JSON line's template is read by its message: `{"ts":"<*>",...,"msg":"order placed",...}` -> order placed. */
export function templateMessage(template: string): string | undefined {
  if (!template.startsWith('{')) return undefined;
  const m = /"(?:msg|message|event)"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(template);
  return m && !m[1].includes(WILDCARD) ? m[1] : undefined;
}

/** The longest run of constant text in a template: the line filter that finds its lines. */
export function templateLiteral(template: string): string | undefined {
  const msg = templateMessage(template);
  if (msg && msg.length >= MIN_FILTER_CHARS) return msg;
  const parts = template
    .split(WILDCARD)
    // a run starting or ending in punctuation ("]: Failed password for") reads better without it
    .map((p) => p.trim().replace(/^[^\w]+|[^\w]+$/g, ''))
    .filter((p) => p.length >= MIN_FILTER_CHARS)
    .sort((a, b) => b.length - a.length);
  return parts[0];
}

/** One selector for a set of streams: their exact labels when one, else a regex on the label that tells them apart. */
export function selectorOf(streams: Labels[]): string {
  if (streams.length === 0) return '{job=~".+"}';
  if (streams.length === 1) return labelsKey(streams[0]);
  const names = Object.keys(streams[0]).filter((k) => streams.every((s) => k in s));
  const common: Labels = {};
  for (const k of names) if (streams.every((s) => s[k] === streams[0][k])) common[k] = streams[0][k];
  const varying = names.find((k) => !(k in common));
  const parts = Object.entries(common).map(([k, v]) => `${k}=${logqlString(v)}`);
  if (varying) {
    const values = [...new Set(streams.map((s) => s[varying]))].sort();
    parts.push(`${varying}=~${logqlString(values.map(re2Escape).join('|'))}`);
  }
  return parts.length ? `{${parts.join(', ')}}` : '{job=~".+"}';
}

/** Loki duration text for a window length: 2h13m20s. */
export function logqlDuration(ns: bigint): string {
  let s = Number((ns + 999_999_999n) / 1_000_000_000n);
  if (s <= 0) s = 1;
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${d ? `${d}d` : ''}${h ? `${h}h` : ''}${m ? `${m}m` : ''}${sec ? `${sec}s` : ''}` || '1s';
}

export function planLogql(plan: Plan, result: PlanResult, labelsOf: (streamId: number) => Labels | undefined): PlanQuery {
  const streamIds = plan.targets.length ? [...new Set(plan.targets.map((t) => t.streamId))] : plan.streamIds;
  const labels = streamIds.map(labelsOf).filter((l): l is Labels => l !== undefined);
  let pipeline = '';
  // Each text once: a kind of line logged by 20k streams is 20k targets of one text.
  const literals = [...new Set(plan.targets.map((t) => t.template))].map(templateLiteral).filter((l): l is string => l !== undefined);
  const distinct = [...new Set(literals)];
  if (distinct.length === 1) pipeline += ` |= ${logqlString(distinct[0])}`;
  else if (distinct.length > 1) pipeline += ` |~ ${logqlString(distinct.map(re2Escape).join('|'))}`;
  for (const f of plan.filters) {
    if (f.key) pipeline += ` |~ ${logqlString(`${re2Escape(f.key)}[=:\\s]+${re2Escape(f.text)}\\b`)}`;
    else if (f.alternatives?.length) pipeline += ` |~ ${logqlString([f.text, ...f.alternatives].map(re2Escape).join('|'))}`;
    else pipeline += ` |= ${logqlString(f.text)}`;
  }
  const selector = selectorOf(labels);
  const window =
    plan.window ?? (result.firstNs !== undefined && result.lastNs !== undefined ? { startNs: result.firstNs, endNs: result.lastNs + 1_000_000_000n } : undefined);
  const range = window ? `[${logqlDuration(window.endNs - window.startNs)}]` : '[1h]';
  const log = `${selector}${pipeline}`;
  // The slot's value as a regexp capture: after its key and a separator, up to a separator.
  const capture = plan.slot?.key
    ? `${re2Escape(plan.slot.key.split('.').pop()!)}[=:"\\s]+(?P<value>${['int', 'float', 'duration', 'size', 'percent'].includes(plan.slot.kind) ? '-?[0-9.]+' : '[^\\s",;]+'})`
    : undefined;
  switch (plan.intent) {
    case 'count':
      return { expr: `sum(count_over_time(${log} ${range}))`, kind: 'metric', window };
    case 'rate':
      return { expr: `sum(rate(${log} [1m]))`, kind: 'metric', window };
    case 'sum':
    case 'min':
    case 'max':
    case 'avg': {
      if (!capture) return { expr: log, kind: 'log', window };
      const fn = { sum: 'sum', min: 'min', max: 'max', avg: 'avg' }[plan.intent];
      return { expr: `${fn}(${fn}_over_time(${log} | regexp ${logqlString(capture)} | unwrap value ${range}))`, kind: 'metric', window };
    }
    case 'topk': {
      if (!capture) return { expr: log, kind: 'log', window };
      if (!plan.weight?.key) return { expr: `topk(${plan.k ?? 5}, sum by (value) (count_over_time(${log} | regexp ${logqlString(capture)} ${range})))`, kind: 'metric', window };
      // ranked by a total: the number its key names, written before the key ("<*> bytes sent") or after it ("sent=<*>"), as the kind of line writes it
      const key = re2Escape(plan.weight.key.split('.').pop()!);
      const before = plan.targets.some((t) => new RegExp(`<\\*>\\s+(?:\\w+\\s+)?${key}\\b`).test(t.template));
      const weight = before ? `(?P<w>-?[0-9.]+)\\s+(?:\\w+\\s+)?${key}\\b` : `\\b${key}[=:"\\s]+(?P<w>-?[0-9.]+)`;
      // ranked by one line's value: each group's largest (smallest) one, over the window
      if (plan.weightBy === 'max' || plan.weightBy === 'min') {
        const rank = plan.weightBy === 'max' ? 'topk' : 'bottomk';
        return { expr: `${rank}(${plan.k ?? 5}, ${plan.weightBy} by (value) (${plan.weightBy}_over_time(${log} | regexp ${logqlString(capture)} | regexp ${logqlString(weight)} | unwrap w ${range})))`, kind: 'metric', window };
      }
      return { expr: `topk(${plan.k ?? 5}, sum by (value) (sum_over_time(${log} | regexp ${logqlString(capture)} | regexp ${logqlString(weight)} | unwrap w ${range})))`, kind: 'metric', window };
    }
    default:
      return { expr: log, kind: 'log', window };
  }
}
