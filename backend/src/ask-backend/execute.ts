// A plan (plan/types.ts) executed through LogBackend (issue #20): backend/plan.ts planRequest's
// query and aggregates, plus the lines an answer cites, read as plan/execute.ts reads them from
// SQLite (the same numbers, the same citation rules: first and last line, the extreme one, a line of
// each kind, the winner's lines and one example of each runner-up). The result is a PlanResult
// whose entryIds number the returned EntryHits (1-based, in citation order), so answer/exact.ts
// composes the answer unchanged.
//
// Not cited here that the embedded executor cites: the first line of each kind that writes the
// winning value as text (`firstOfEachKind(value)`: a substring test on lines, which the backend
// does not index) and a look-up's corroborating lines of other kinds (a join of two value filters).
import { planRequest } from '../backend/plan.js';
import type { EntryHit, EntryQuery, LogBackend, Scope, SlotRef } from '../backend/types.js';
import { rfc3339Nano } from '../lib/time.js';
import { CITE_ALL, CITE_KINDS, CITE_LOOKUP } from '../plan/execute.js';
import type { Plan, PlanResult } from '../plan/types.js';
import { toBase } from '../values/extract.js';

/** A plan this backend cannot run yet: the API's 501, naming it. */
export class UnsupportedPlanError extends Error {}

/** Kinds of line whose first line is read for citations (each is one request; targets are a handful). */
const MAX_KINDS_READ = 50;

export interface BackendPlanResult {
  result: PlanResult;
  /** The cited lines: result.entryIds[i] is i + 1. */
  lines: EntryHit[];
}

function roundNice(v: number): number {
  return Math.abs(v) >= 1e-6 ? Number(v.toPrecision(12)) : v;
}

export async function executeOnBackend(backend: LogBackend, plan: Plan, scope: Omit<Scope, 'window'>): Promise<BackendPlanResult> {
  const req = planRequest(plan, scope);
  if ('unsupported' in req) throw new UnsupportedPlanError(req.unsupported);
  const q = req.query;
  const cited: EntryHit[] = [];
  const cite = (hits: (EntryHit | undefined)[]): number[] => {
    const out: number[] = [];
    for (const h of hits) {
      if (!h) continue;
      let i = cited.findIndex((c) => c.id === h.id);
      if (i < 0) i = cited.push(h) - 1;
      if (!out.includes(i + 1)) out.push(i + 1);
    }
    return out;
  };
  const done = (result: Omit<PlanResult, 'entryIds'>, hits: (EntryHit | undefined)[]): BackendPlanResult => {
    const entryIds = cite(hits);
    return { result: { ...result, entryIds }, lines: cited };
  };
  const count = async (query: EntryQuery = q) => {
    const r = await backend.aggregate(query, { op: 'count' });
    return r.op === 'count' ? r.lines : 0;
  };
  /** plan/execute.ts pickCitations: every line when few, else the extreme ones, the first and the last. */
  const pick = (rows: EntryHit[], total: number, first?: EntryHit, last?: EntryHit, extreme: EntryHit[] = []) =>
    total <= CITE_ALL ? [...extreme, ...rows] : [...extreme, first, last];
  /** The first line of each kind of line in scope, oldest kind first (several kinds only). */
  const firstOfEachKind = async (): Promise<EntryHit[]> => {
    if (plan.targets.length < 2) return [];
    const t = await backend.aggregate(q, { op: 'templates' });
    const ids = t.op === 'templates' ? t.counts.map((c) => c.templateId).slice(0, MAX_KINDS_READ) : [];
    const firsts = (await Promise.all(ids.map(async (id) => (await backend.lookup({ ...q, templateIds: [id] }, 1, 'oldest')).entries[0]))).filter((e): e is EntryHit => e !== undefined);
    firsts.sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0));
    return firsts.slice(0, CITE_KINDS);
  };
  const base = { intent: plan.intent, partial: false };

  switch (plan.intent) {
    case 'count':
    case 'rate':
    case 'first':
    case 'last': {
      const n = await count();
      const oldest = (await backend.lookup(q, CITE_ALL, 'oldest')).entries;
      const last = (await backend.lookup(q, 1, 'newest')).entries[0];
      const first = oldest[0];
      const rows = pick(oldest, n, first, last);
      const common = { ...base, matched: n, firstNs: first?.tsNs, lastNs: last?.tsNs };
      if (plan.intent === 'count') return done({ ...common, value: n }, [...rows, ...(await firstOfEachKind())]);
      if (plan.intent === 'rate') {
        const w = plan.window ?? (first && last ? { startNs: first.tsNs, endNs: last.tsNs + 1n } : undefined);
        const minutes = w ? Math.max(1 / 60, Number(w.endNs - w.startNs) / 60e9) : 1;
        return done({ ...common, value: n === 0 ? 0 : Math.round((n / minutes) * 1000) / 1000, unit: 'per minute' }, rows);
      }
      const at = plan.intent === 'first' ? first : last;
      return done({ ...common, value: at ? rfc3339Nano(at.tsNs) : null, atNs: at?.tsNs }, at ? [at, ...rows] : []);
    }
    case 'sum':
    case 'min':
    case 'max':
    case 'avg': {
      const agg = req.aggregates.find((a) => a.op === 'stats');
      if (!agg || agg.op !== 'stats') throw new UnsupportedPlanError(`${plan.intent} without a slot`);
      const slot: SlotRef = agg.slot;
      const stats = await backend.aggregate(q, agg);
      const units = stats.op === 'stats' ? stats.byUnit.filter((u) => u.values > 0) : [];
      const values = units.reduce((s, u) => s + u.values, 0);
      if (values === 0) return done({ ...base, value: null, matched: 0 }, []);
      // Mixed units aggregate in the kind's base unit, shown in the commonest unit (plan/execute.ts).
      const unit = [...units].sort((a, b) => b.values - a.values || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0))[0]!.unit;
      const mixed = units.length > 1;
      const scale = mixed ? (toBase(1, unit) ?? 1) : 1;
      const conv = (v: number, u: string) => (mixed ? (toBase(v, u || undefined) ?? v) / scale : v);
      let value: number;
      let extremeUnit: string | undefined;
      if (plan.intent === 'sum' || plan.intent === 'avg') {
        const sum = units.reduce((s, u) => s + conv(u.sum, u.unit), 0);
        value = plan.intent === 'avg' ? sum / values : sum;
      } else {
        const best = units.map((u) => ({ u: u.unit, v: conv(plan.intent === 'min' ? u.min : u.max, u.unit) })).sort((a, b) => (plan.intent === 'min' ? a.v - b.v : b.v - a.v))[0]!;
        value = best.v;
        extremeUnit = best.u;
      }
      const oldest = await backend.slotLines(q, { slot, order: 'oldest', numeric: true }, CITE_ALL);
      const last = (await backend.slotLines(q, { slot, order: 'newest', numeric: true }, 1))[0];
      const extreme = extremeUnit === undefined ? [] : await backend.slotLines(q, { slot, order: plan.intent === 'min' ? 'smallest' : 'largest', unit: extremeUnit }, 1);
      const kinds = plan.intent === 'sum' || plan.intent === 'avg' ? await firstOfEachKind() : [];
      return done(
        {
          ...base,
          value: roundNice(value),
          ...(unit ? { unit } : {}),
          ...(extreme[0] ? { atNs: extreme[0].tsNs } : {}),
          matched: values,
          firstNs: oldest[0]?.tsNs,
          lastNs: last?.tsNs,
        },
        [...pick(oldest, values, oldest[0], last, extreme), ...kinds],
      );
    }
    case 'topk':
    case 'lookup': {
      const top = req.aggregates.find((a) => a.op === 'top');
      if (!plan.slot || !top || top.op !== 'top') {
        // An identifier looked up: its lines in time order.
        const n = await count();
        const rows = (await backend.lookup(q, CITE_LOOKUP, 'oldest')).entries;
        const last = (await backend.lookup(q, 1, 'newest')).entries[0];
        return done({ ...base, value: null, matched: n, firstNs: rows[0]?.tsNs, lastNs: last?.tsNs }, [...rows, last]);
      }
      const slot = top.slot;
      const [groups, n] = await Promise.all([backend.aggregate(q, top), count()]);
      const ranked = groups.op === 'top' ? groups.top : [];
      if (ranked.length === 0) {
        const named = plan.intent === 'lookup' && plan.filters.length > 0 && n > 0 ? (await backend.lookup(q, CITE_LOOKUP, 'oldest')).entries : [];
        return done({ ...base, value: null, matched: n, ...(named.length ? { firstNs: named[0]!.tsNs, lastNs: named[named.length - 1]!.tsNs } : {}) }, named);
      }
      // Groups are named as the lines write them (the first spelling in binary order), as the embedded executor names them.
      const shown = await backend.slotValues(q, slot, ranked.map((g) => g.value));
      const list = ranked.map((g) => ({ key: shown.get(g.value)?.text ?? g.value, value: g.lines }));
      const winner = ranked[0]!.value;
      if (plan.intent === 'topk') {
        const k = plan.k ?? 5;
        const own = [...(await backend.slotLines(q, { slot, order: 'oldest', value: winner }, 1)), ...(await backend.slotLines(q, { slot, order: 'newest', value: winner }, 1))];
        const runners = await Promise.all(ranked.slice(1, Math.min(k, 4)).map(async (g) => (await backend.slotLines(q, { slot, order: 'oldest', value: g.value }, 1))[0]));
        return done({ ...base, value: list[0]!.key, top: list.slice(0, k), matched: n }, [...own, ...runners]);
      }
      // The value asked about: the one all the lines agree on, else the commonest, with the others listed.
      const rows = await backend.slotLines(q, { slot, order: 'oldest', value: winner }, CITE_ALL + 1);
      const info = shown.get(winner);
      const isNum = info?.num !== null && info?.num !== undefined;
      return done(
        {
          ...base,
          value: isNum ? info!.num! : list[0]!.key,
          ...(isNum && info!.unit ? { unit: info!.unit } : {}),
          values: list,
          matched: n,
          firstNs: rows[0]?.tsNs,
          lastNs: rows[rows.length - 1]?.tsNs,
        },
        pick(rows, rows.length, rows[0], rows[rows.length - 1]),
      );
    }
  }
}
