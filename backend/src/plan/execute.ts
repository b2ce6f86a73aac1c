// Runs a plan exactly, in SQL over the store's entries and their slot values (never over a top-k
// of retrieved chunks): counts, sums, extremes, groups and first/last occurrences, bounded by the
// plan's window and a row cap. A capped result says so (`partial`, counts are "at least").
import type { Database } from 'better-sqlite3';
import { rfc3339Nano } from '../lib/time.js';
import { toBase } from '../values/extract.js';
import { slotGroup, slotNum, slotWhere, valueEquals } from './sql.js';
import type { Plan, PlanResult, Slot } from './types.js';

/**
 * Rows one answer may read. 200k value rows take ~100 ms on one core here; beyond it an answer is
 * "at least" and flagged partial rather than holding the event loop.
 */
export const DEFAULT_ROW_CAP = 200_000;
/** Lines cited when few match: all of them. More: the first, the last and the extreme ones. */
export const CITE_ALL = 5;
/** Lines cited for a plain look-up of an identifier ("what happened to order X"). */
export const CITE_LOOKUP = 10;
/**
 * Kinds of line cited once each when several contribute ("failed passwords" over "for <user>" and
 * "for invalid user <user>" lines): the first and last line are often of one kind, and the reader
 * (and the evidence check) wants a line of each kind the answer counted.
 */
export const CITE_KINDS = 4;
/** Lines of other kinds cited for a look-up when they hold both the identifier and the value found. */
const CORROBORATING = 2;
/** Shortest group value looked for as text when citing each kind of line ("2", "80" are in many lines' text). */
const MIN_CITE_TEXT = 3;

interface Scope {
  where: string;
  params: unknown[];
}

/** The entries a plan is about, as a WHERE clause over `entries e`. */
function scope(db: Database, plan: Plan): Scope {
  // Template ids are per stream and were read from the scope's streams: with them the scope is
  // implied (and 20k stream ids parsed per statement cost more than the statement).
  const byMembers = plan.targets.length > 0 && plan.memberIds !== undefined;
  const parts = byMembers ? [] : ['e.stream_id IN (SELECT value FROM json_each(?))'];
  const params: unknown[] = byMembers ? [] : [JSON.stringify(plan.streamIds)];
  if (plan.window) {
    parts.push('e.ts_ns >= ? AND e.ts_ns < ?');
    params.push(plan.window.startNs, plan.window.endNs);
  }
  if (plan.targets.length > 0) {
    const members =
      plan.memberIds ??
      (db
        .prepare('SELECT id FROM templates WHERE COALESCE(merged_into, id) IN (SELECT value FROM json_each(?))')
        .pluck()
        .all(JSON.stringify(plan.targets.map((t) => t.templateId))) as number[]);
    parts.push('e.template_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(members));
  }
  for (const f of plan.filters) {
    if (f.match === 'value') {
      const eq = valueEquals(f.text);
      parts.push(`e.id IN (SELECT entry_id FROM entry_values WHERE ${eq.sql} ${f.key ? 'AND key = ?' : ''} AND stream_id IN (SELECT value FROM json_each(?)))`);
      params.push(...eq.params, ...(f.key ? [f.key] : []), JSON.stringify(plan.streamIds));
    } else {
      const texts = [f.text, ...(f.alternatives ?? [])];
      parts.push(`(${texts.map(() => 'instr(e.line, ?) > 0').join(' OR ')})`);
      params.push(...texts);
    }
  }
  return { where: parts.join(' AND '), params };
}

interface Row {
  id: number;
  ts: bigint;
}

function pickCitations(rows: Row[], extreme: Row[] = []): number[] {
  if (rows.length <= CITE_ALL) return [...new Set([...extreme.map((r) => r.id), ...rows.map((r) => r.id)])];
  const first = rows[0];
  const last = rows[rows.length - 1];
  return [...new Set([...extreme.map((r) => r.id), first.id, last.id])];
}

export function executePlan(db: Database, plan: Plan, opts: { rowCap?: number } = {}): PlanResult {
  const ROW_CAP = opts.rowCap ?? DEFAULT_ROW_CAP;
  const s = scope(db, plan);
  const base = { intent: plan.intent, partial: false };
  const ordered = db
    .prepare(`SELECT e.id, e.ts_ns AS ts FROM entries e WHERE ${s.where} ORDER BY e.ts_ns, e.id LIMIT ?`)
    .safeIntegers(true);
  const count = (): { n: number; partial: boolean } => {
    const n = db.prepare(`SELECT count(*) FROM (SELECT 1 FROM entries e WHERE ${s.where} LIMIT ?)`).pluck().get(...s.params, ROW_CAP + 1) as number;
    return { n: Math.min(n, ROW_CAP), partial: n > ROW_CAP };
  };
  const sample = (limit: number): Row[] =>
    (ordered.all(...s.params, limit) as { id: bigint; ts: bigint }[]).map((r) => ({ id: Number(r.id), ts: r.ts }));
  const ends = (): { first?: Row; last?: Row } => {
    const last = db.prepare(`SELECT e.id, e.ts_ns AS ts FROM entries e WHERE ${s.where} ORDER BY e.ts_ns DESC, e.id DESC LIMIT 1`).safeIntegers(true).get(...s.params) as
      | { id: bigint; ts: bigint }
      | undefined;
    return { first: sample(1)[0], last: last ? { id: Number(last.id), ts: last.ts } : undefined };
  };
  /**
   * The first line of each kind of line in scope (writing `value`, when given), oldest kind first. The
   * value is matched as text: a line ingested while its template still wrote it as constant text holds
   * no slot value for it and is still one of its lines. Short values are too common as text to tell.
   */
  const firstOfEachKind = (value?: string): number[] => {
    if (plan.targets.length < 2 || (value !== undefined && value.length < MIN_CITE_TEXT)) return [];
    return db
      .prepare(
        `SELECT min(e.id) AS id FROM entries e WHERE ${s.where} ${value !== undefined ? 'AND instr(lower(e.line), lower(?)) > 0' : ''}
          GROUP BY e.template_id ORDER BY min(e.ts_ns) LIMIT ?`,
      )
      .pluck()
      .all(...s.params, ...(value !== undefined ? [value] : []), CITE_KINDS) as number[];
  };
  /** The lines whose slot holds this value (grouped as the slot groups), oldest first (or newest). */
  const withSlotValue = (value: string, limit: number, newest = false): Row[] =>
    (
      db
        .prepare(
          `SELECT e.id, e.ts_ns AS ts FROM entries e JOIN entry_values v ON v.entry_id = e.id
            WHERE ${s.where} AND ${slotWhere(plan.slot!).sql} AND lower(${slotGroup(plan.slot!)}) = lower(?) ORDER BY e.ts_ns ${newest ? 'DESC' : ''}, e.id ${newest ? 'DESC' : ''} LIMIT ?`,
        )
        .safeIntegers(true)
        .all(...s.params, ...slotWhere(plan.slot!).params, value, limit) as { id: bigint; ts: bigint }[]
    ).map((r) => ({ id: Number(r.id), ts: r.ts }));

  switch (plan.intent) {
    case 'count':
    case 'rate':
    case 'first':
    case 'last': {
      const { n, partial } = count();
      const { first, last } = ends();
      const rows = n <= CITE_ALL ? sample(CITE_ALL) : [first!, last!].filter(Boolean);
      const common = { ...base, matched: n, partial, firstNs: first?.ts, lastNs: last?.ts };
      if (plan.intent === 'count') return { ...common, value: n, entryIds: [...new Set([...pickCitations(rows), ...firstOfEachKind()])] };
      if (plan.intent === 'rate') {
        const w = plan.window ?? (first && last ? { startNs: first.ts, endNs: last.ts + 1n } : undefined);
        const minutes = w ? Math.max(1 / 60, Number(w.endNs - w.startNs) / 60e9) : 1;
        return { ...common, value: n === 0 ? 0 : Math.round((n / minutes) * 1000) / 1000, unit: 'per minute', entryIds: pickCitations(rows) };
      }
      const at = plan.intent === 'first' ? first : last;
      return {
        ...common,
        value: at ? rfc3339Nano(at.ts) : null,
        atNs: at?.ts,
        entryIds: at ? [at.id, ...pickCitations(rows).filter((id) => id !== at.id)] : [],
      };
    }
    case 'sum':
    case 'min':
    case 'max':
    case 'avg': {
      const slot = plan.slot!;
      const rows = db
        .prepare(
          `SELECT e.id, e.ts_ns AS ts, e.template_id AS t, ${slotNum(slot)} AS num, v.unit FROM entries e JOIN entry_values v ON v.entry_id = e.id
            WHERE ${s.where} AND ${slotWhere(slot).sql} AND ${slotNum(slot)} IS NOT NULL ORDER BY e.ts_ns, e.id LIMIT ?`,
        )
        .safeIntegers(true)
        .all(...s.params, ...slotWhere(slot).params, ROW_CAP + 1) as { id: bigint; ts: bigint; t: bigint | null; num: number | bigint; unit: string | null }[];
      const partial = rows.length > ROW_CAP;
      if (partial) rows.pop();
      if (rows.length === 0) return { ...base, value: null, matched: 0, entryIds: [] };
      // Mixed units ("900 ms" and "1.2 s") aggregate in the kind's base unit, shown in the commonest unit.
      const units = new Map<string, number>();
      for (const r of rows) units.set(r.unit ?? '', (units.get(r.unit ?? '') ?? 0) + 1);
      const unit = [...units.entries()].sort((a, b) => b[1] - a[1])[0][0];
      const mixed = units.size > 1;
      const scale = mixed ? toBase(1, unit) ?? 1 : 1;
      const val = (r: (typeof rows)[number]) => (mixed ? (toBase(Number(r.num), r.unit ?? undefined) ?? Number(r.num)) / scale : Number(r.num));
      let acc = plan.intent === 'min' ? Infinity : plan.intent === 'max' ? -Infinity : 0;
      let ext = rows[0];
      for (const r of rows) {
        const v = val(r);
        if (plan.intent === 'min' ? v < acc : plan.intent === 'max' ? v > acc : false) {
          acc = v;
          ext = r;
        }
        if (plan.intent === 'sum' || plan.intent === 'avg') acc += v;
      }
      const value = plan.intent === 'avg' ? acc / rows.length : acc;
      const list = rows.map((r) => ({ id: Number(r.id), ts: r.ts }));
      // the extreme line; where other kinds of line hold the same extreme value, the first of each too
      // ("CompletedMaps 1" after and before scheduling: the reader may be asking about either kind)
      const tiedKinds = new Map<string, (typeof rows)[number]>([[String(ext.t), ext]]);
      if (plan.intent === 'min' || plan.intent === 'max') for (const r of rows) if (tiedKinds.size < CITE_KINDS && !tiedKinds.has(String(r.t)) && val(r) === acc) tiedKinds.set(String(r.t), r);
      const extreme = plan.intent === 'min' || plan.intent === 'max' ? [...tiedKinds.values()].map((r) => ({ id: Number(r.id), ts: r.ts })) : [];
      return {
        ...base,
        value: roundNice(value),
        ...(unit ? { unit } : {}),
        ...(extreme.length ? { atNs: ext.ts } : {}),
        matched: rows.length,
        partial,
        firstNs: rows[0].ts,
        lastNs: rows[rows.length - 1].ts,
        entryIds: [...new Set([...pickCitations(list, extreme), ...(plan.intent === 'sum' || plan.intent === 'avg' ? firstOfEachKind() : [])])],
      };
    }
    case 'topk':
    case 'lookup': {
      if (!plan.slot) {
        // An identifier looked up: its lines in time order.
        const { n, partial } = count();
        const rows = sample(CITE_LOOKUP);
        const { last } = ends();
        const ids = rows.map((r) => r.id);
        if (last && !ids.includes(last.id)) ids.push(last.id);
        return { ...base, value: null, matched: n, partial, firstNs: rows[0]?.ts, lastNs: last?.ts, entryIds: ids };
      }
      if (plan.slot.labels) return byLabel(db, plan, s, plan.slot.labels, ROW_CAP);
      const groups = plan.weight && plan.intent === 'topk' ? byTotal(db, plan.slot, plan.weight, s, ROW_CAP, Math.max(plan.k ?? 5, 10), plan.weightBy) : db
        .prepare(
          // lines, not values: a line restating its value ("from 1.2.3.4 (1.2.3.4)") counts once
          `SELECT min(text) AS text, count(DISTINCT id) AS n, min(id) AS example, min(num) AS num, min(unit) AS unit FROM (
             SELECT ${slotGroup(plan.slot)} AS text, ${slotNum(plan.slot)} AS num, v.unit, e.id FROM entries e JOIN entry_values v ON v.entry_id = e.id
              WHERE ${s.where} AND ${slotWhere(plan.slot).sql} LIMIT ?)
           GROUP BY lower(text) ORDER BY n DESC, text LIMIT ?`,
        )
        .all(...s.params, ...slotWhere(plan.slot).params, ROW_CAP + 1, Math.max(plan.k ?? 5, 10)) as { text: string; n: number; example: number; num: number | null; unit: string | null }[];
      const { n, partial } = count();
      if (groups.length === 0) {
        // "which path was hive SECURITY loaded from": lines the question named by an identifier hold no
        // value of the slot asked (their kind wrote it as one unread token): they are the evidence, cited
        const named = plan.intent === 'lookup' && plan.filters.length > 0 && n > 0 ? sample(CITE_LOOKUP) : [];
        return { ...base, value: null, matched: n, partial, ...(named.length ? { firstNs: named[0].ts, lastNs: named[named.length - 1].ts } : {}), entryIds: named.map((r) => r.id) };
      }
      const top = groups.map((g) => ({ key: g.text, value: g.n }));
      if (plan.intent === 'topk') {
        const k = plan.k ?? 5;
        // The winner's own lines first (its first and last), then one example of each runner-up.
        // ranked by one line's value: that line (the extreme) is the one that makes the answer
        const extremeLine = plan.weightBy === 'max' || plan.weightBy === 'min' ? [groups[0].example] : [];
        const own = [...extremeLine, ...[...withSlotValue(top[0].key, 1), ...withSlotValue(top[0].key, 1, true)].map((r) => r.id), ...firstOfEachKind(top[0].key)];
        const ids = [...new Set([...own, ...groups.slice(1, Math.min(k, 4)).map((g) => g.example)])];
        return { ...base, value: top[0].key, top: top.slice(0, k), matched: n, partial, entryIds: ids };
      }
      // "what port did X connect from first?": the value in the earliest (latest) line
      if (plan.pick) {
        const desc = plan.pick === 'last' ? 'DESC' : '';
        const row = db
          .prepare(
            `SELECT ${slotGroup(plan.slot)} AS text, ${slotNum(plan.slot)} AS num, v.unit, e.id, e.ts_ns AS ts FROM entries e JOIN entry_values v ON v.entry_id = e.id
              WHERE ${s.where} AND ${slotWhere(plan.slot).sql} ORDER BY e.ts_ns ${desc}, e.id ${desc}, v.pos LIMIT 1`,
          )
          .safeIntegers(true)
          .get(...s.params, ...slotWhere(plan.slot).params) as { text: string; num: number | bigint | null; unit: string | null; id: bigint; ts: bigint };
        const num = row.num === null ? null : Number(row.num);
        return {
          ...base,
          value: num !== null ? num : row.text,
          ...(num !== null && row.unit ? { unit: row.unit } : {}),
          values: [{ key: row.text, value: 1 }],
          matched: n,
          partial,
          atNs: row.ts,
          firstNs: row.ts,
          lastNs: row.ts,
          entryIds: [Number(row.id)],
        };
      }
      // The value asked about: the one all the lines agree on, else the commonest, with the others listed.
      const rows = withSlotValue(top[0].key, CITE_ALL + 1);
      const seconded = corroborating(db, plan, top[0].key);
      const isNum = groups[0].num !== null;
      return {
        ...base,
        value: isNum ? groups[0].num! : top[0].key,
        ...(isNum && groups[0].unit ? { unit: groups[0].unit } : {}),
        values: top,
        matched: n,
        partial,
        firstNs: rows[0]?.ts,
        lastNs: rows[rows.length - 1]?.ts,
        entryIds: [...new Set([...pickCitations(rows), ...firstOfEachKind(top[0].key), ...seconded])],
      };
    }
  }
}

/**
 * Lines of any kind that hold both the identifier looked up and the value found ("Assigned container
 * C to attempt A" beside "attempt A using containerId C"): they state the same answer another way, and
 * a reader checking it may know only one of the two kinds of line.
 */
function corroborating(db: Database, plan: Plan, value: string): number[] {
  const named = plan.filters.find((f) => f.match === 'value');
  if (!named || value.length < MIN_CITE_TEXT) return [];
  const a = valueEquals(named.text, 'a.norm');
  const b = valueEquals(value, 'b.norm');
  const window = plan.window ? 'AND e.ts_ns >= ? AND e.ts_ns < ?' : '';
  return db
    .prepare(
      `SELECT DISTINCT e.id FROM entry_values a JOIN entry_values b ON b.entry_id = a.entry_id JOIN entries e ON e.id = a.entry_id
        WHERE ${a.sql} AND ${b.sql} AND a.stream_id IN (SELECT value FROM json_each(?)) ${window} ORDER BY e.ts_ns, e.id LIMIT ?`,
    )
    .pluck()
    .all(...a.params, ...b.params, JSON.stringify(plan.streamIds), ...(plan.window ? [plan.window.startNs, plan.window.endNs] : []), CORROBORATING) as number[];
}

/**
 * Groups of one slot ranked by the total of another numeric slot of their lines ("which target
 * received the most bytes"): each line's weight counted once per group value it holds.
 */
function byTotal(db: Database, slot: Slot, weight: Slot, s: Scope, rowCap: number, limit: number, by: Plan['weightBy'] = 'sum'): { text: string; n: number; example: number; num: number | null; unit: string | null }[] {
  const w = slotWhere(weight);
  const g = slotWhere(slot);
  const wsql = w.sql.replace(/\bv\./g, 'wv.');
  // by one line's value: SQLite takes the bare text and id from the row holding the max (min), the extreme line
  const extreme = by === 'max' || by === 'min';
  const ranked = extreme ? `text, ${by}(w) AS n, id AS example, pos` : 'min(text) AS text, sum(w) AS n, min(id) AS example, 0 AS pos';
  // groups tied on one line's value: the earliest line's first; one line naming two ("a,b GET ... time"), the one it writes first
  const order = extreme ? `n ${by === 'min' ? 'ASC' : 'DESC'}, example, pos, text` : 'n DESC, text';
  return db
    .prepare(
      `SELECT ${ranked}, NULL AS num, NULL AS unit FROM (
         SELECT min(text) AS text, id, max(w) AS w, min(pos) AS pos FROM (
           SELECT ${slotGroup(slot)} AS text, e.id, v.pos,
                  (SELECT ${slotNum(weight).replace(/\bv\./g, 'wv.')} FROM entry_values wv WHERE wv.entry_id = e.id AND ${wsql} LIMIT 1) AS w
             FROM entries e JOIN entry_values v ON v.entry_id = e.id
            WHERE ${s.where} AND ${g.sql} LIMIT ?)
          WHERE w IS NOT NULL GROUP BY lower(text), id)
       GROUP BY lower(text) ORDER BY ${order} LIMIT ?`,
    )
    .all(...w.params, ...s.params, ...g.params, rowCap + 1, limit) as { text: string; n: number; example: number; num: number | null; unit: string | null }[];
}

/** Top-k of lines by the text their kind of line writes in a field (level, component): counted per template, summed per text. */
function byLabel(db: Database, plan: Plan, s: Scope, labels: Record<string, string>, rowCap: number): PlanResult {
  const perTemplate = db
    .prepare(`SELECT template_id AS t, count(*) AS n, min(id) AS example FROM (SELECT e.template_id, e.id FROM entries e WHERE ${s.where} LIMIT ?) GROUP BY template_id`)
    .all(...s.params, rowCap + 1) as { t: number; n: number; example: number }[];
  const totals = new Map<string, { n: number; examples: number[] }>();
  let matched = 0;
  for (const r of perTemplate) {
    matched += r.n;
    const label = labels[String(r.t)];
    if (label === undefined) continue;
    const key = label.toLowerCase();
    const g = totals.get(key) ?? { n: 0, examples: [] };
    g.n += r.n;
    g.examples.push(r.example);
    totals.set(key, g);
  }
  const shown = new Map<string, string>();
  for (const label of Object.values(labels)) if (!shown.has(label.toLowerCase())) shown.set(label.toLowerCase(), label);
  const ranked = [...totals.entries()].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]));
  const base = { intent: plan.intent, partial: matched > rowCap };
  if (ranked.length === 0) return { ...base, value: null, matched: Math.min(matched, rowCap), entryIds: [] };
  const k = plan.k ?? 5;
  const top = ranked.slice(0, k).map(([key, g]) => ({ key: shown.get(key) ?? key, value: g.n }));
  const ids = [...new Set([...ranked[0][1].examples.slice(0, 2), ...ranked.slice(1, Math.min(k, 4)).map(([, g]) => g.examples[0])])];
  return { ...base, value: top[0].key, top, matched: Math.min(matched, rowCap), entryIds: ids };
}

function roundNice(v: number): number {
  return Math.abs(v) >= 1e-6 ? Number(v.toPrecision(12)) : v;
}
