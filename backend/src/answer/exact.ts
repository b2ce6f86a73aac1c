// The answer to a planned question: the computed result stated first (a number with its unit and
// scope, a value, a time), each contributing line cited, and the plan and LogQL that reproduce it.
import type { Store } from '../store/store.js';
import { rfc3339Nano } from '../lib/time.js';
import type { Plan, PlanResult } from '../plan/types.js';
import { templateMessage, type PlanQuery } from '../plan/logql.js';
import type { AnswerBody, Evidence } from './types.js';
import { neutralizeProse } from './extractive.js';

/** Templates quoted in prose are cut here (the plan in the response keeps them whole). */
const PROSE_TEMPLATE_CHARS = 90;
/** Groups named in a top-k or multi-valued look-up sentence. */
const PROSE_GROUPS = 5;

/** The result as the API returns it (`result` of the ask response). */
export interface AskResult {
  intent: Plan['intent'];
  value: number | string | null;
  unit?: string;
  at?: string;
  top?: { key: string; value: number }[];
  /** Lines that matched (at least this many when partial). */
  matched: number;
  partial?: boolean;
}

/** The plan as the API returns it: readable, with the LogQL and an Explore link that opens it. */
export interface AskPlan {
  route: Plan['route'];
  intent: Plan['intent'];
  reason: string;
  filters: Plan['filters'];
  /** The first MAX_SHOWN_TARGETS of them (a kind of line logged by 20k pods is 20k targets). */
  targets: { template: string; stream: string; score: number }[];
  /** How many targets the plan has, when more than are shown. */
  targetsTotal?: number;
  alternatives: { template: string; stream: string; score: number }[];
  slot?: Plan['slot'];
  logql?: { expr: string; kind: 'log' | 'metric'; exploreUrl: string };
}

/** Targets listed in an answer's plan: the panel shows a handful; the LogQL covers them all. */
const MAX_SHOWN_TARGETS = 50;

export function utc(ns: bigint): string {
  return `${rfc3339Nano(ns).slice(0, 19).replace('T', ' ')} UTC`;
}

function short(template: string): string {
  const t = templateMessage(template) ?? template;
  return t.length > PROSE_TEMPLATE_CHARS ? `${t.slice(0, PROSE_TEMPLATE_CHARS - 1)}…` : t;
}

function fmtNum(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
}

function withUnit(v: number | string | null, unit?: string): string {
  if (v === null) return 'nothing';
  const s = typeof v === 'number' ? fmtNum(v) : v;
  if (!unit) return s;
  return unit === '%' ? `${s}%` : `${s} ${unit}`;
}

function span(first?: bigint, last?: bigint): string {
  if (first === undefined || last === undefined) return '';
  if (first === last) return ` at ${utc(first)}`;
  const sameDay = rfc3339Nano(first).slice(0, 10) === rfc3339Nano(last).slice(0, 10);
  return ` between ${utc(first).replace(' UTC', '')} and ${sameDay ? rfc3339Nano(last).slice(11, 19) : utc(last).replace(' UTC', '')} UTC`;
}

/** Evidence blocks for the cited entries: one block, one number, per line. */
export function resultEvidence(store: Store, result: PlanResult): Evidence[] {
  const entries = store.entriesByIds(result.entryIds);
  const chunkOf = store.entryChunkIds(result.entryIds);
  const out: Evidence[] = [];
  for (const id of result.entryIds) {
    const e = entries.get(id);
    if (!e) continue;
    const info = store.stream(e.streamId);
    if (!info) continue;
    out.push({
      n: out.length + 1,
      chunkId: chunkOf.get(e.id) ?? 0,
      tenant: info.tenant,
      labels: info.labels,
      startNs: e.tsNs,
      endNs: e.tsNs,
      reason: 'match',
      lines: [{ entryId: e.id, tsNs: e.tsNs, line: e.line }],
    });
  }
  return out;
}

/** The first sentence states the result; the rest says what it was computed over. */
export function exactAnswer(plan: Plan, result: PlanResult, evidence: Evidence[], streamName: (id: number) => string): AnswerBody {
  const cites = evidence.map((e) => `[${e.n}]`).join('');
  const what =
    plan.targets.length === 0
      ? 'lines'
      : plan.targets.length === 1
        ? `"${short(plan.targets[0].template)}" lines`
        : `lines of ${plan.targets.length} kinds (${plan.targets.slice(0, 2).map((t) => `"${short(t.template)}"`).join(', ')}${plan.targets.length > 2 ? ', …' : ''})`;
  const withF = plan.filters.length ? ` with ${plan.filters.map((f) => f.text).join(' and ')}` : '';
  const streams = [...new Set((plan.targets.length ? plan.targets.map((t) => t.streamId) : plan.streamIds).map(streamName))];
  const where = streams.length <= 3 ? ` in ${streams.join(', ')}` : '';
  const n = `${result.matched}${result.partial ? '+' : ''}`;
  const when = span(result.firstNs, result.lastNs);
  const slotName = plan.slot ? plan.slot.key || plan.slot.kind : '';
  let first: string;
  switch (plan.intent) {
    case 'count':
      first = `${result.partial ? 'At least ' : ''}${result.matched} ${what}${withF}${where}${when} ${cites}.`;
      break;
    case 'rate':
      first = `${withUnit(result.value, result.unit)}: ${n} ${what}${withF}${where}${when} ${cites}.`;
      break;
    case 'first':
    case 'last':
      first =
        result.atNs === undefined
          ? `No ${what}${withF}${where} in the window.`
          : `${plan.intent === 'first' ? 'First' : 'Last'} at ${utc(result.atNs)}: ${what}${withF}${where} ${evidence[0] ? `[${evidence[0].n}]` : ''}; ${n} in all${when}${evidence.length > 1 ? ` ${evidence.slice(1).map((e) => `[${e.n}]`).join('')}` : ''}.`;
      break;
    case 'sum':
    case 'avg':
    case 'min':
    case 'max': {
      const label = { sum: 'Total', avg: 'Average', min: 'Smallest', max: 'Largest' }[plan.intent];
      first =
        result.value === null
          ? `No ${slotName} values in ${what}${withF}${where}.`
          : `${label} ${slotName}: ${withUnit(result.value, result.unit)}${result.atNs !== undefined ? ` at ${utc(result.atNs)}` : ''}, over ${n} ${what}${withF}${where}${when} ${cites}.`;
      break;
    }
    case 'topk': {
      const top = result.top ?? [];
      first =
        top.length === 0
          ? `No ${slotName} values in ${what}${withF}${where}.`
          : top.length > 1 && top[1].value === top[0].value
            ? `No ${slotName} stands out: the top ones tie at ${top[0].value} of ${n} ${what}${withF}${where}${when} (${top
                .filter((g) => g.value === top[0].value)
                .slice(0, PROSE_GROUPS)
                .map((g) => g.key)
                .join(', ')}) ${cites}.`
            : plan.weight && (plan.weightBy === 'max' || plan.weightBy === 'min')
              ? `${top[0].key} has the ${plan.weightBy === 'max' ? 'largest' : 'smallest'} ${plan.weight.key || plan.weight.kind}: ${top[0].value}${result.unit ? ` ${result.unit}` : ''}, in one of ${n} ${what}${withF}${where}${when} ${cites}.` +
                (top.length > 1 ? ` Then ${top.slice(1, PROSE_GROUPS).map((g) => `${g.key} (${g.value})`).join(', ')}.` : '')
            : plan.weight
              ? `${top[0].key} has the most ${plan.weight.key || plan.weight.kind} in total: ${top[0].value}, over ${n} ${what}${withF}${where}${when} ${cites}.` +
                (top.length > 1 ? ` Then ${top.slice(1, PROSE_GROUPS).map((g) => `${g.key} (${g.value})`).join(', ')}.` : '')
              : `${top[0].key} has the most: ${top[0].value} of ${n} ${what}${withF}${where}${when} ${cites}.` +
            (top.length > 1 ? ` Then ${top.slice(1, PROSE_GROUPS).map((g) => `${g.key} (${g.value})`).join(', ')}.` : '');
      break;
    }
    case 'lookup': {
      if (!plan.slot) {
        const names = plan.filters.map((f) => f.text).join(' and ');
        first =
          result.matched === 0
            ? `No stored line holds ${names}.`
            : `${names} appears in ${n} ${result.matched === 1 ? 'line' : 'lines'}${where}${when} ${cites}.`;
        break;
      }
      const vals = result.values ?? [];
      if (plan.pick && vals.length > 0) {
        first = `${slotName} of the ${plan.pick} line: ${withUnit(result.value, result.unit)}${result.atNs !== undefined ? ` at ${utc(result.atNs)}` : ''}, of ${n} ${what}${withF}${where} ${cites}.`;
        break;
      }
      first =
        vals.length === 0
          ? evidence.length > 0
            ? `No ${slotName} value stored in the ${n} ${what}${withF}${where}; ${result.matched === 1 ? 'the line' : 'the lines'} as written ${cites}.`
            : `No ${slotName} in ${what}${withF}${where}.`
          : vals.length === 1
            ? `${slotName}: ${withUnit(result.value, result.unit)}, in ${n} ${what}${withF}${where}${when} ${cites}.`
            : `${slotName}: ${withUnit(result.value, result.unit)} in ${vals[0].value} of ${n} ${what}${withF}${where} ${cites}; also ${vals
                .slice(1, PROSE_GROUPS)
                .map((g) => `${g.key} (${g.value})`)
                .join(', ')}.`;
      break;
    }
  }
  const alt = plan.alternatives.length ? ` Other kinds of line also fit the question: ${plan.alternatives.map((a) => `"${short(a.template)}"`).join(', ')}.` : '';
  // Templates, slot values and group keys come from log lines: no control or bidi character of
  // theirs reaches the prose (which has no line breaks of its own).
  return { mode: 'extractive', text: neutralizeProse(`${first}${alt}`) };
}

export function askResult(result: PlanResult): AskResult {
  return {
    intent: result.intent,
    value: result.value,
    ...(result.unit ? { unit: result.unit } : {}),
    ...(result.atNs !== undefined ? { at: rfc3339Nano(result.atNs) } : {}),
    ...(result.top ? { top: result.top } : {}),
    matched: result.matched,
    ...(result.partial ? { partial: true } : {}),
  };
}

export function askPlan(plan: Plan, streamName: (id: number) => string, logql?: PlanQuery & { exploreUrl: string }): AskPlan {
  const t = (x: Plan['targets'][number]) => ({ template: x.template, stream: streamName(x.streamId), score: Number(x.score.toFixed(3)) });
  return {
    route: plan.route,
    intent: plan.intent,
    reason: plan.reason,
    filters: plan.filters,
    targets: plan.targets.slice(0, MAX_SHOWN_TARGETS).map(t),
    ...(plan.targets.length > MAX_SHOWN_TARGETS ? { targetsTotal: plan.targets.length } : {}),
    alternatives: plan.alternatives.map(t),
    ...(plan.slot ? { slot: plan.slot } : {}),
    ...(logql ? { logql: { expr: logql.expr, kind: logql.kind, exploreUrl: logql.exploreUrl } } : {}),
  };
}
