// The planner's plan (plan/types.ts) as backend-neutral requests: what a backend runs for an exact
// answer. The embedded ask path still runs plans as SQL (plan/execute.ts); this is the mapping a
// backend-routed executor uses, kept beside the interface so the two cannot drift apart unseen.
import { ADDRESSES, NUMBERISH, WORDISH } from '../plan/sql.js';
import type { Plan, Slot } from '../plan/types.js';
import type { ValueKind } from '../values/types.js';
import type { Aggregate, EntryQuery, Scope, SlotRef } from './types.js';

/** Rows a topk or slot look-up groups at least (plan/execute.ts asks for max(k, 10)). */
const MIN_GROUPS = 10;

/** The keys and kinds a slot reads: the families of plan/sql.ts slotWhere. */
export function slotRef(slot: Slot): SlotRef {
  const family = (kind: ValueKind): ValueKind[] =>
    NUMBERISH.includes(kind) ? (NUMBERISH as ValueKind[]) : WORDISH.includes(kind) ? (WORDISH as ValueKind[]) : kind === 'ip' || kind === 'ipport' ? ['ip', 'ipport'] : [kind];
  if (slot.keys && slot.keys.length > 1) return { keys: [...slot.keys], kinds: family(slot.kind) };
  // One key: the ip family only widens when several keys are summed (as slotWhere); an address with
  // its port is one slot whether written by IP or by host name.
  if (ADDRESSES.includes(slot.kind)) return { keys: [slot.key], kinds: [...ADDRESSES] as ValueKind[] };
  return { keys: [slot.key], kinds: NUMBERISH.includes(slot.kind) || WORDISH.includes(slot.kind) ? family(slot.kind) : [slot.kind] };
}

export type PlanRequest = { query: EntryQuery; aggregates: Aggregate[] } | { unsupported: string };

/**
 * The entry query and aggregates of a plan within a scope (tenant and selector: the plan's stream
 * ids are the embedded store's own). first/last/look-ups also read lines (lookup oldest/newest).
 */
export function planRequest(plan: Plan, scope: Omit<Scope, 'window'>): PlanRequest {
  if (plan.slot?.part) return { unsupported: `the ${plan.slot.part} part of an address slot` };
  // Both group lines by something other than one slot's key and kind: the first name-like value
  // whatever its key, or text each kind of line writes (read from the embedded templates).
  if (plan.slot?.writer) return { unsupported: "the writer slot (each line's first name-like value)" };
  if (plan.slot?.labels) return { unsupported: 'lines grouped by a text their template writes (level, component)' };
  // The value in the earliest/latest line, not the commonest one: a top aggregate would answer another question.
  if (plan.pick) return { unsupported: `the slot's value in the ${plan.pick} line (a look-up with pick)` };
  // Groups ranked by a number of their lines (a total, or one line's largest or smallest), not by how many: a count ranking would answer another question.
  if (plan.weight) return { unsupported: `groups ranked by the ${plan.weightBy ?? 'sum'} of ${plan.weight.key || plan.weight.kind} (a weighted top-k)` };
  if (plan.targets.length > 0 && plan.memberIds === undefined) return { unsupported: 'targets without member ids (resolved from the embedded templates table)' };
  const query: EntryQuery = {
    scope: { ...scope, window: plan.window },
    ...(plan.targets.length > 0 ? { templateIds: plan.memberIds } : {}),
    values: plan.filters.filter((f) => f.match === 'value').map((f) => ({ text: f.text, ...(f.key ? { key: f.key } : {}) })),
    ...(plan.filters.some((f) => f.match === 'literal') ? { literals: plan.filters.filter((f) => f.match === 'literal').map((f) => [f.text, ...(f.alternatives ?? [])]) } : {}),
  };
  const count: Aggregate = { op: 'count' };
  switch (plan.intent) {
    case 'count':
    case 'rate':
    case 'first':
    case 'last':
      return { query, aggregates: [count] };
    case 'sum':
    case 'min':
    case 'max':
    case 'avg':
      if (!plan.slot) return { unsupported: `${plan.intent} without a slot` };
      return { query, aggregates: [{ op: 'stats', slot: slotRef(plan.slot) }] };
    case 'topk':
    case 'lookup':
      if (!plan.slot) return { query, aggregates: [count] };
      return { query, aggregates: [count, { op: 'top', slot: slotRef(plan.slot), k: Math.max(plan.k ?? 5, MIN_GROUPS) }] };
  }
}
