// The question plan: what is asked (intent), of which kind of line (target templates), with which
// constraints (identifier filters, scope, window) and about which slot. Backend-neutral data: the
// embedded store runs it as SQL (plan/execute.ts); another backend compiles the same plan.
import type { TimeWindow } from '../types.js';
import type { ValueKind } from '../values/types.js';

export type Intent = 'lookup' | 'count' | 'sum' | 'min' | 'max' | 'avg' | 'topk' | 'first' | 'last' | 'rate';

/** What the planner decided to do with a question. */
export type Route = 'exact' | 'cause' | 'search';

/** An identifier or quoted text from the question that must match exactly. */
export interface Filter {
  text: string;
  /** Only a value of this slot name counts ("variable 9": key variable). */
  key?: string;
  /** `value`: a stored slot value equals it (case-insensitive); `literal`: the line contains it. */
  match: 'value' | 'literal';
  /** literal: the same text in the other grammatical number ("failures" for "failure"), also matched. */
  alternatives?: string[];
}

export interface TargetTemplate {
  templateId: number;
  template: string;
  streamId: number;
  /** Lexical match of the question against the template's words, 0..1. */
  score: number;
}

/** A slot: the value named `key` of kind `kind` in the target lines ('' key: any key of that kind). */
export interface Slot {
  key: string;
  kind: ValueKind;
  /**
   * For ip:port and host:port values: `address` when asked about as machines (group and read the
   * address alone), `port` when the port is asked ("lowest port", "which client port"): the number after the colon.
   */
  part?: 'address' | 'port';
  /** Sum of two slots named together ("bytes sent and received"): every key listed counts. */
  keys?: string[];
  /**
   * The machine that wrote each line ("which host wrote the most lines"): its first name-like value
   * (host, id, word, IP), whatever key each kind of line gives it, one per line.
   */
  writer?: boolean;
  /** Lines grouped by a field their kind of line writes as constant text (level, component): template id -> that text. */
  labels?: Record<string, string>;
}

export interface Plan {
  intent: Intent;
  route: Route;
  /** Why this route and intent, for the "how this was answered" disclosure. */
  reason: string;
  filters: Filter[];
  /** Lines of these templates are the ones counted, aggregated or shown (empty: any line holding the filters). */
  targets: TargetTemplate[];
  /** Close runners-up not used, shown so the user can see what else fitted. */
  alternatives: TargetTemplate[];
  /** The slot aggregated (sum/min/max/avg), grouped by (topk) or read (lookup). */
  slot?: Slot;
  /** topk: the numeric slot summed per group (groups ranked by a total, not by their lines). */
  weight?: Slot;
  /**
   * topk with a weight: how each group's lines' weights combine (default `sum`, a total); `max` / `min`:
   * the group holding the largest (smallest) one line ("which IP sent the smallest block").
   */
  weightBy?: 'sum' | 'max' | 'min';
  /** topk: how many groups. */
  k?: number;
  /**
   * lookup: the slot's value in the earliest (first) or latest (last) line, not the value the lines
   * agree on ("what port did X connect from first?").
   */
  pick?: 'first' | 'last';
  streamIds: number[];
  window?: TimeWindow;
  /**
   * Every template id whose lines are the targets' (each stream's copy and what was merged into
   * it), when the planner read them; else the executor looks them up from `targets`.
   */
  memberIds?: number[];
}

/** What executing a plan returns. */
export interface PlanResult {
  intent: Intent;
  /** The number, the span, or (first/last) the RFC3339 time; null when nothing matched. */
  value: number | string | null;
  unit?: string;
  /** Time of the first/last line, or of the extreme line for min/max. */
  atNs?: bigint;
  top?: { key: string; value: number }[];
  /** Lines that matched the plan (before the row cap). */
  matched: number;
  /** True when the row cap stopped the scan: counts are "at least". */
  partial: boolean;
  /** Entries to cite, in the order they should be cited. */
  entryIds: number[];
  /** First and last matching line times. */
  firstNs?: bigint;
  lastNs?: bigint;
  /** Distinct values of the slot with their counts (lookup), best first. */
  values?: { key: string; value: number }[];
}
