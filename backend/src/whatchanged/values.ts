// Value-level change evidence per template slot, window against baseline, from the per-entry value
// store (values/, table entry_values). Each kind of line is read through a bounded sample of its
// entries on each side (all of them when few); what the sample suggests (a value never seen in the
// baseline, an error value) is then checked exactly through the value text index.
import type { Database } from 'better-sqlite3';
import { toBase } from '../values/extract.js';
import type { TimeWindow } from '../types.js';
import { sustainedOnset, type KindRates, type RateGrid, BURST_MIN, SURGE_RATIO } from './rates.js';
import { quantile, rankZ, robustThreshold, ROBUST_Z, trend } from './stats.js';
import type { Onset, ValueChange } from './types.js';
import { COUNTER_KEY, errorLikeValue, MAX_KEY, NOT_USED_KEY, USED_KEY } from './words.js';

/** Entries read per kind of line and side: a median and a p95 of 120 values are stable to a few percent. */
export const SAMPLE_PER_SIDE = 120;
/** Entries read of a kind new in the window: enough to see its level and the services it names. */
export const NEW_KIND_SAMPLE = 12;
/**
 * A slot is a category (version, host, mode, status) when the baseline shows at most this many
 * values: configuration and codes take a handful; ids, users and amounts take hundreds.
 */
export const CATEGORY_MAX = 6;
/** A slot with a distinct value on every line of at least this many lines read is an identifier. */
export const UNIQUE_MIN_LINES = 4;
/** Numeric slots are read as categories only when they hold this few values (ttl=300s, pool_size=20). */
export const NUMERIC_CATEGORY_MAX = 2;
/** Fewest values per side for a distribution shift: a rank test on fewer says little. */
export const SHIFT_MIN_N = 20;
/** A shift must also be large: the median moved by this factor (or the p95 by SHIFT_P95_RATIO). */
export const SHIFT_RATIO = 1.5;
export const SHIFT_P95_RATIO = 2;
/** A baseline with more of its lines at the maximum than this was already saturated: nothing new. */
export const SATURATED_BASELINE_SHARE = 0.05;
/** A climb ends at least this many times its baseline median... */
export const CLIMB_RATIO = 2;
/** ...rising steadily (rank correlation with time at least this)... */
export const CLIMB_TREND = 0.8;
/** ...over at least this many buckets with values. */
export const CLIMB_MIN_BUCKETS = 6;
/** A value vanished when it was seen this often in the baseline, its share predicts at least this many window lines, and there are none. */
export const VANISH_MIN_EXPECTED = 5;
/** A new kind of line is an old one with new values when their templates differ in at most this many words. */
export const SIBLING_MAX_DIFF = 2;
/** Exact look-ups (value text index) per analysis: each is a few index probes; 48 keep the analysis near 10 ms. */
export const MAX_EXACT_LOOKUPS = 48;
/** Entry ids per look-up statement of the sample's values: one JSON parameter, a few MB of values back. */
const VALUE_BATCH = 20_000;

interface SampledValue {
  key: string;
  kind: string;
  text: string;
  num: number | null;
}
export interface SampledEntry {
  id: number;
  tsNs: bigint;
  side: 0 | 1;
  values: SampledValue[];
}
export interface KindSample {
  kind: KindRates;
  /** Template ids merged into the kind's root, the root included. */
  members: number[];
  entries: SampledEntry[];
  /** Fewer entries read than the kind has on some side. */
  sampled: boolean;
}

export const kindKey = (streamId: number, templateId: number) => `${streamId}:${templateId}`;

/**
 * Draws a sample of every kind present in the window from the rows the rate scan read: every
 * SAMPLE_PER_SIDE-th share of its window and baseline entries (NEW_KIND_SAMPLE of a kind new in
 * the window), and reads their values.
 */
export function sampleKinds(db: Database, kinds: Map<string, KindRates>, window: TimeWindow, baseline: TimeWindow): { samples: Map<string, KindSample>; partial: boolean } {
  const samples = new Map<string, KindSample>();
  const picked: SampledEntry[] = [];
  for (const [key, k] of kinds) {
    if (k.windowCount === 0) continue;
    const s: KindSample = { kind: k, members: k.members, entries: [], sampled: false };
    samples.set(key, s);
    for (const side of [0, 1] as const) {
      const rows = k.rows[side];
      const start = side === 1 ? window.startNs : baseline.startNs;
      const cap = k.baselineCount === 0 ? NEW_KIND_SAMPLE : SAMPLE_PER_SIDE;
      const stride = Math.max(1, Math.ceil(rows.ids.length / cap));
      if (stride > 1) s.sampled = true;
      for (let i = 0; i < rows.ids.length; i += stride) {
        const e: SampledEntry = { id: rows.ids[i], tsNs: start + BigInt(rows.dts[i]), side, values: [] };
        s.entries.push(e);
        picked.push(e);
      }
    }
  }
  // Values of every picked entry: primary-key look-ups, one parameter per batch. Rows of one entry
  // come in slot order (the primary key is (entry_id, pos)); no ORDER BY: sorting them costs more
  // than the look-ups. They come back as one JSON array per column, built by SQLite (as the rate
  // scan's): a row handed to JavaScript one by one costs more than its look-up. The rows are read
  // from value_rows and value_texts, not through the entry_values view: a slot's key, kind and unit
  // are the same on all its rows, so they are read once per slot (a few hundred) instead of joined
  // on every row (tens of thousands).
  // The ids go in ascending: the look-ups then walk value_rows' primary key forward (neighbouring
  // pages; the join alone 66 -> 60 ms on the 200k store's 26k sampled entries, load 2.7). An
  // entry's rows stay in slot order whatever the order of the ids, so its values do too.
  const byId = new Map(picked.map((e) => [e.id, e]));
  const ids = picked.map((e) => e.id).sort((x, y) => x - y);
  const values = db
    .prepare(
      `SELECT json_group_array(entry_id), json_group_array(pos), json_group_array(slot_id), json_group_array(text), json_group_array(num)
         FROM (SELECT r.entry_id, r.pos, r.slot_id, COALESCE(r.cased, t.norm) AS text, r.num
                 FROM json_each(?) j JOIN value_rows r ON r.entry_id = j.value JOIN value_texts t ON t.id = r.text_id)`,
    )
    .raw(true);
  const slotInfo = db.prepare(`SELECT id, key, kind, NULLIF(unit, '') FROM value_slots WHERE id IN (SELECT value FROM json_each(?))`).raw(true);
  // Per slot: its key, kind, and the factor to its unit's base (toBase is num times a constant of
  // the unit: the same product, worked out once per slot instead of once per row).
  const slots = new Map<number, { key: string; kind: string; factor: number | undefined }>();
  const unnamed: string[] = [];
  for (let i = 0; i < ids.length; i += VALUE_BATCH) {
    const cols = values.get(JSON.stringify(ids.slice(i, i + VALUE_BATCH))) as string[];
    const [entryIds, poss, slotIds, texts, nums] = cols.map((c) => JSON.parse(c) as unknown[]) as [number[], number[], number[], string[], (number | null)[]];
    const missing = [...new Set(slotIds)].filter((id) => !slots.has(id));
    if (missing.length > 0) for (const [id, key, kind, unit] of slotInfo.all(JSON.stringify(missing)) as [number, string, string, string | null][]) slots.set(id, { key, kind, factor: unit ? toBase(1, unit) : undefined });
    // An entry's rows come together: one map look-up per entry, not per row.
    let e: SampledEntry | undefined;
    for (let r = 0; r < entryIds.length; r++) {
      const slot = slots.get(slotIds[r]);
      if (slot === undefined) continue;
      const num = nums[r];
      const base = num !== null && slot.factor !== undefined ? num * slot.factor : num;
      if (e === undefined || e.id !== entryIds[r]) e = byId.get(entryIds[r]);
      // A value no word names ("redis.cache.internal/10.4.2.40:6379") is its slot's by position.
      e?.values.push({ key: slot.key || (unnamed[poss[r]] ??= `${UNNAMED}${poss[r]}`), kind: slot.kind, text: texts[r], num: base });
    }
  }
  return { samples, partial: false };
}

const NUMERIC = new Set(['int', 'float', 'duration', 'size', 'percent']);

/** Key prefix of a slot no word names, followed by the value's position in the line. */
export const UNNAMED = '#';
/** The stored key and position range of a slot key: `#3` is the unnamed value at position 3. */
function storedSlot(key: string): [string, number, number] {
  return key.startsWith(UNNAMED) ? ['', Number(key.slice(UNNAMED.length)), Number(key.slice(UNNAMED.length))] : [key, 0, Number.MAX_SAFE_INTEGER];
}

interface Slot {
  key: string;
  base: Map<string, number>;
  win: Map<string, { n: number; first: SampledEntry }>;
  baseNums: number[];
  winNums: { v: number; e: SampledEntry }[];
  numeric: boolean;
  baseN: number;
  winN: number;
}

/** Values of one line compared pairwise for repeated keys at most; a longer line uses a set. */
const LOOK_BACK_MAX = 16;

function slotsOf(s: KindSample): Map<string, Slot> {
  const slots = new Map<string, Slot>();
  for (const e of s.entries) {
    // A key repeated in one line (two sizes) is read once: its first value. A line holds a few
    // values: looking back over them costs less than a set per line.
    const vs = e.values;
    const seen = vs.length > LOOK_BACK_MAX ? new Set<string>() : undefined;
    for (let i = 0; i < vs.length; i++) {
      const v = vs[i];
      let repeated = false;
      if (seen) repeated = seen.has(v.key) || !seen.add(v.key);
      else for (let j = 0; j < i && !repeated; j++) repeated = vs[j].key === v.key;
      if (repeated) continue;
      let slot = slots.get(v.key);
      if (!slot) {
        slot = { key: v.key, base: new Map(), win: new Map(), baseNums: [], winNums: [], numeric: true, baseN: 0, winN: 0 };
        slots.set(v.key, slot);
      }
      const isNum = NUMERIC.has(v.kind) && v.num !== null && Number.isFinite(v.num);
      if (!isNum) slot.numeric = false;
      if (e.side === 0) {
        slot.baseN++;
        slot.base.set(v.text, (slot.base.get(v.text) ?? 0) + 1);
        if (isNum) slot.baseNums.push(v.num!);
      } else {
        slot.winN++;
        const w = slot.win.get(v.text);
        if (w) w.n++;
        else slot.win.set(v.text, { n: 1, first: e });
        if (isNum) slot.winNums.push({ v: v.num!, e });
      }
    }
  }
  return slots;
}

export interface ValueAnalysis {
  changes: ValueChange[];
  /** Onsets of error values of a slot (a 504 in an access log's status). */
  onsets: Onset[];
}

/**
 * The rows of one value of one slot of one kind, inside an id range and a time range: text, stream,
 * lowest and highest entry id, key, lowest and highest position, member template ids (JSON), start
 * and end ns.
 */
export const EXACT_WHERE =
  'norm = lower(?) AND stream_id = ? AND entry_id >= ? AND entry_id <= ? AND key = ? AND pos >= ? AND pos <= ? AND template_id IN (SELECT value FROM json_each(?)) AND ts_ns >= ? AND ts_ns < ?';

/** Which side of the analysis a look-up reads inside: 0 the baseline, 1 the window. */
type Side = 0 | 1;

/**
 * Exact facts about one value of one slot, through the value text index. That index orders a
 * stream's rows of one text by entry id (the primary key ends every index of the table), so each
 * look-up is bounded by the ids of the kind's entries on its side, which the rate scan read:
 * without it, a value common in the stream (a level, a status) was read in every hour the store
 * holds (a third of the analysis at 1M lines), with it only in the side's. The rows it keeps are
 * the same: an entry of the kind on that side has an id in that range. A capped rate scan
 * (`bounded` false) read only part of them: the look-ups are not bounded then.
 */
class Exact {
  private readonly stmt;
  private readonly firstStmt;
  private readonly bucketsStmt;
  private readonly ranges = new Map<KindSample, [number, number][]>();
  used = 0;
  constructor(
    private readonly db: Database,
    private readonly bounded: boolean,
  ) {
    const where = EXACT_WHERE;
    this.stmt = db.prepare(`SELECT count(*) AS n FROM entry_values WHERE ${where}`).pluck();
    this.firstStmt = db.prepare(`SELECT entry_id, ts_ns FROM entry_values WHERE ${where} ORDER BY ts_ns, entry_id LIMIT 1`).safeIntegers(true);
    this.bucketsStmt = db.prepare(`SELECT (ts_ns - ?) / ? AS b, count(*) AS n, min(ts_ns) AS first, max(ts_ns) AS last FROM entry_values WHERE ${where} GROUP BY b`).safeIntegers(true);
  }
  get available(): boolean {
    return this.used < MAX_EXACT_LOOKUPS;
  }
  /** Lowest and highest entry id of the kind on a side (an empty range when it has none there). */
  private range(s: KindSample, side: Side): [number, number] {
    if (!this.bounded) return [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
    let r = this.ranges.get(s);
    if (!r) {
      r = s.kind.rows.map((rows) => {
        let lo = Infinity;
        let hi = -Infinity;
        for (const id of rows.ids) {
          if (id < lo) lo = id;
          if (id > hi) hi = id;
        }
        return lo <= hi ? ([lo, hi] as [number, number]) : ([1, 0] as [number, number]);
      });
      this.ranges.set(s, r);
    }
    return r[side];
  }
  private args(s: KindSample, key: string, text: string, side: Side, w: TimeWindow): unknown[] {
    return [text, s.kind.streamId, ...this.range(s, side), ...storedSlot(key), JSON.stringify(s.members), w.startNs, w.endNs];
  }
  /** Lines of the kind on `side` holding the value within `w` (inside that side). */
  count(s: KindSample, key: string, text: string, side: Side, w: TimeWindow): number {
    this.used++;
    return Number(this.stmt.get(...this.args(s, key, text, side, w)));
  }
  first(s: KindSample, key: string, text: string, side: Side, w: TimeWindow): { entryId: number; tsNs: bigint } | undefined {
    this.used++;
    const r = this.firstStmt.get(...this.args(s, key, text, side, w)) as { entry_id: bigint; ts_ns: bigint } | undefined;
    return r ? { entryId: Number(r.entry_id), tsNs: r.ts_ns } : undefined;
  }
  buckets(s: KindSample, key: string, text: string, side: Side, w: TimeWindow, stepNs: bigint, n: number): { counts: number[]; first: (bigint | undefined)[]; last?: bigint } {
    this.used++;
    const counts = new Array<number>(n).fill(0);
    const first = new Array<bigint | undefined>(n).fill(undefined);
    let last: bigint | undefined;
    for (const r of this.bucketsStmt.all(w.startNs, stepNs, ...this.args(s, key, text, side, w)) as { b: bigint; n: bigint; first: bigint; last: bigint }[]) {
      const i = Number(r.b);
      if (i < 0 || i >= n) continue;
      counts[i] += Number(r.n);
      first[i] = r.first;
      if (last === undefined || r.last > last) last = r.last;
    }
    return { counts, first, last };
  }
}

/**
 * Value changes of the sampled kinds: new and vanished values of category slots, numeric shifts,
 * saturation and climbs; error values of a slot (a 5xx status, level=error) become onsets.
 */
export function analyzeValues(
  db: Database,
  samples: Map<string, KindSample>,
  window: TimeWindow,
  baseline: TimeWindow,
  grid: RateGrid,
  /** Kinds failing as a whole: their error values are not onsets of their own. */
  failingKind: (s: KindSample) => boolean = () => false,
  /** The rate scan read every entry of both sides (not capped): exact look-ups may be bounded by their ids. */
  complete = false,
): ValueAnalysis {
  const exact = new Exact(db, complete);
  const roles = new KeyRoles();
  const changes: ValueChange[] = [];
  const onsets: Onset[] = [];
  const winNs = Number(window.endNs - window.startNs);
  const baseNs = Number(baseline.endNs - baseline.startNs);
  // Error values first: they need exact counts; then the rest by kind.
  for (const s of samples.values()) {
    const k = s.kind;
    // A kind new in the window has no baseline to compare with: only its saturation is read.
    if (k.baselineCount === 0) {
      changes.push(...saturation(s, window, roles).map((c) => ({ streamId: k.streamId, templateId: k.templateId, template: k.template, ...c })));
      continue;
    }
    const slots = slotsOf(s);
    const failing = failingKind(s);
    const base = (c: Omit<ValueChange, 'streamId' | 'templateId' | 'template'>): ValueChange => ({ streamId: k.streamId, templateId: k.templateId, template: k.template, ...c });
    for (const slot of slots.values()) {
      if (slot.winN === 0) continue;
      // Error values of the slot: new in the window, or surging against their baseline share.
      for (const [text, w] of slot.win) {
        if (failing || !errorLikeValue(slot.key, text) || !exact.available) continue;
        const bCount = k.baselineCount === 0 ? 0 : slot.base.has(text) || s.sampled ? exact.count(s, slot.key, text, 0, baseline) : 0;
        const wb = exact.buckets(s, slot.key, text, 1, window, grid.stepNs, grid.windowBuckets);
        const wCount = wb.counts.reduce((a, b) => a + b, 0);
        if (wCount === 0) continue;
        const surging = bCount === 0 || wCount / winNs >= (SURGE_RATIO * bCount) / baseNs;
        if (!surging || wCount < BURST_MIN) continue;
        let thr = 0;
        if (bCount > 0) thr = robustThreshold(exact.buckets(s, slot.key, text, 0, baseline, grid.stepNs, grid.baselineBuckets).counts);
        const i = sustainedOnset(wb.counts, thr);
        if (i < 0) continue;
        const first = exact.first(s, slot.key, text, 1, { startNs: wb.first[i]!, endNs: window.endNs });
        onsets.push({
          streamId: k.streamId,
          templateId: k.templateId,
          template: k.template,
          kind: 'value',
          key: slot.key,
          value: text,
          onsetNs: wb.first[i]!,
          entryId: first?.entryId ?? w.first.id,
          lastNs: wb.last ?? wb.first[i]!,
          windowCount: wCount,
          baselineCount: bCount,
          errorLike: true,
          oneOff: false,
        });
      }
      if (COUNTER_KEY.test(slot.key)) continue;
      // Categories: values new in the window, values gone from it.
      // A slot whose every value is seen once on both sides names things (a charge id, a pod) even
      // when few of its lines were read: not a category.
      const unique = slot.base.size === slot.baseN && slot.win.size === slot.winN && slot.baseN + slot.winN >= UNIQUE_MIN_LINES;
      const category = !unique && slot.baseN > 0 && slot.base.size <= (slot.numeric ? NUMERIC_CATEGORY_MAX : CATEGORY_MAX) && slot.win.size <= (slot.numeric ? NUMERIC_CATEGORY_MAX + 1 : CATEGORY_MAX * 2);
      if (category) {
        const fresh = [...slot.win.entries()].filter(([text]) => !slot.base.has(text)).sort((a, b) => (a[1].first.tsNs < b[1].first.tsNs ? -1 : 1));
        for (const [text, w] of fresh) {
          // A sample may miss a rare baseline value: confirm it is new.
          if (s.sampled) {
            if (!exact.available || exact.count(s, slot.key, text, 0, baseline) > 0) continue;
          }
          const first = s.sampled && exact.available ? exact.first(s, slot.key, text, 1, window) : { entryId: w.first.id, tsNs: w.first.tsNs };
          if (!first) continue;
          const count = s.sampled && exact.available ? exact.count(s, slot.key, text, 1, window) : w.n;
          changes.push(
            base({
              kind: 'new-value',
              key: slot.key,
              values: [text],
              before: [...slot.base.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t).slice(0, 3),
              firstNs: first.tsNs,
              entryId: first.entryId,
              count,
              errorLike: errorLikeValue(slot.key, text),
            }),
          );
        }
        for (const [text, n] of slot.base) {
          const expected = (n / slot.baseN) * k.windowCount;
          if (n < VANISH_MIN_EXPECTED || expected < VANISH_MIN_EXPECTED || slot.win.has(text)) continue;
          if (s.sampled && (!exact.available || exact.count(s, slot.key, text, 1, window) > 0)) continue;
          const last = s.entries.filter((e) => e.side === 0 && e.values.some((v) => v.key === slot.key && v.text === text)).pop();
          if (!last) continue;
          changes.push(base({ kind: 'vanished-value', key: slot.key, values: [text], before: [], firstNs: window.startNs, entryId: last.id, count: 0, errorLike: false }));
        }
        continue;
      }
      if (!slot.numeric) continue;
      const shift = numericShift(slot, grid, window);
      if (shift) changes.push(base(shift));
    }
    changes.push(...saturation(s, window, roles).map(base));
  }
  return { changes, onsets };
}

function summary(xs: number[]): { n: number; median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p95: quantile(s, 0.95) };
}

/** A numeric slot's distribution shift (or steady climb to a plateau), with when it began. */
function numericShift(slot: Slot, grid: RateGrid, window: TimeWindow): Omit<ValueChange, 'streamId' | 'templateId' | 'template'> | undefined {
  if (slot.baseNums.length < SHIFT_MIN_N || slot.winNums.length < SHIFT_MIN_N) return undefined;
  // A counter (connection number, pid) rises with time in the baseline too: not a measurement.
  if (trend(slot.baseNums) > CLIMB_TREND) return undefined;
  const b = summary(slot.baseNums);
  const w = summary(slot.winNums.map((x) => x.v));
  // Per-bucket medians of the window, to time it and to see a climb.
  const buckets = new Map<number, { vs: number[]; es: SampledEntry[] }>();
  for (const x of slot.winNums) {
    const i = Number((x.e.tsNs - window.startNs) / grid.stepNs);
    const bk = buckets.get(i) ?? { vs: [], es: [] };
    bk.vs.push(x.v);
    bk.es.push(x.e);
    buckets.set(i, bk);
  }
  const order = [...buckets.keys()].sort((x, y) => x - y);
  const meds = order.map((i) => summary(buckets.get(i)!.vs).median);
  const ratio = b.median > 0 ? w.median / b.median : w.median > 0 ? Infinity : 1;
  const p95Ratio = b.p95 > 0 ? w.p95 / b.p95 : w.p95 > 0 ? Infinity : 1;
  // A climb: rising steadily over the window to well above the baseline, flat at its end.
  const last = meds.slice(-3);
  const climb =
    meds.length >= CLIMB_MIN_BUCKETS &&
    trend(meds) >= CLIMB_TREND &&
    b.median > 0 &&
    Math.max(...last) >= CLIMB_RATIO * b.median &&
    Math.max(...last) - Math.min(...last) <= 0.1 * Math.max(...last);
  // Neither a climb nor large in either direction: no shift, whatever the rank test says (most
  // slots; the test sorts both sides).
  if (!climb && !(ratio >= SHIFT_RATIO || p95Ratio >= SHIFT_P95_RATIO || ratio <= 1 / SHIFT_RATIO)) return undefined;
  const z = rankZ(slot.baseNums, slot.winNums.map((x) => x.v));
  const up = z > 0;
  const large = up ? ratio >= SHIFT_RATIO || p95Ratio >= SHIFT_P95_RATIO : ratio <= 1 / SHIFT_RATIO;
  if (!climb && !(Math.abs(z) >= ROBUST_Z && large)) return undefined;
  const sorted = [...slot.baseNums].sort((x, y) => x - y);
  const thr = up ? quantile(sorted, 0.95) : quantile(sorted, 0.05);
  const flags = order.map((_, j) => (up ? meds[j] > thr : meds[j] < thr) ? 1 : 0);
  const j = sustainedOnset(flags, 0.5);
  if (j < 0) return undefined;
  const bucket = buckets.get(order[j])!;
  const k = bucket.vs.findIndex((v) => (up ? v > thr : v < thr));
  const e = bucket.es[k >= 0 ? k : 0];
  return {
    kind: climb ? 'climb' : 'shift',
    key: slot.key,
    values: [],
    before: [],
    baselineStats: b,
    windowStats: w,
    firstNs: e.tsNs,
    entryId: e.id,
    count: slot.winNums.length,
    errorLike: false,
  };
}

/** What a slot key names for saturation: a maximum, a use of it, or neither; read once per key and analysis. */
class KeyRoles {
  private readonly roles = new Map<string, 'max' | 'used' | undefined>();
  of(key: string): 'max' | 'used' | undefined {
    if (this.roles.has(key)) return this.roles.get(key);
    const role = MAX_KEY.test(key) ? 'max' : USED_KEY.test(key) && !NOT_USED_KEY.test(key) ? 'used' : undefined;
    this.roles.set(key, role);
    return role;
  }
}

/** A slot reaching the maximum its line states (used/max, active=total), new in the window. */
function saturation(s: KindSample, window: TimeWindow, roles: KeyRoles): Omit<ValueChange, 'streamId' | 'templateId' | 'template'>[] {
  const pairs = new Map<string, { used: string; max: string; base: number; baseSat: number; first?: { e: SampledEntry; u: number; m: number }; win: number; winSat: number }>();
  for (const e of s.entries) {
    const nums = e.values.filter((v) => v.num !== null && NUMERIC.has(v.kind));
    const maxes = nums.filter((v) => roles.of(v.key) === 'max');
    const uses = nums.filter((v) => roles.of(v.key) === 'used');
    const found: { used: string; max: string; u: number; m: number }[] = [];
    for (const m of maxes) for (const u of uses) if (u.key !== m.key && m.num! > 0) found.push({ used: u.key, max: m.key, u: u.num!, m: m.num! });
    // "50/50" written as one value
    for (const v of e.values) {
      if (!v.text.includes('/')) continue;
      const r = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(v.text);
      if (r && Number(r[2]) > 0) found.push({ used: v.key, max: v.key, u: Number(r[1]), m: Number(r[2]) });
    }
    for (const f of found) {
      const key = `${f.used}/${f.max}`;
      const p = pairs.get(key) ?? { used: f.used, max: f.max, base: 0, baseSat: 0, win: 0, winSat: 0 };
      const sat = f.u >= f.m;
      if (e.side === 0) {
        p.base++;
        if (sat) p.baseSat++;
      } else {
        p.win++;
        if (sat) {
          p.winSat++;
          if (!p.first || e.tsNs < p.first.e.tsNs) p.first = { e, u: f.u, m: f.m };
        }
      }
      pairs.set(key, p);
    }
  }
  const out: Omit<ValueChange, 'streamId' | 'templateId' | 'template'>[] = [];
  for (const p of pairs.values()) {
    if (!p.first || p.first.e.tsNs < window.startNs) continue;
    if (p.base > 0 && p.baseSat / p.base > SATURATED_BASELINE_SHARE) continue;
    out.push({
      kind: 'saturation',
      key: p.used,
      maxKey: p.max,
      max: p.first.m,
      values: [String(p.first.u)],
      before: [],
      firstNs: p.first.e.tsNs,
      entryId: p.first.e.id,
      count: p.winSat,
      errorLike: false,
    });
  }
  return out;
}

const WILDCARD = '<*>';

/**
 * New kinds of line that are an old kind with other words in a few places: the miner keeps a
 * word constant until it varies, so the first `user=reconcile` after an hour of `user=payment`
 * is a new template. Each differing word is a new value of that slot.
 */
export function siblingChanges(kinds: Iterable<KindRates>): ValueChange[] {
  // Kinds with a baseline, by stream and word count: a new kind is compared with those only.
  const old = new Map<string, { k: KindRates; toks: string[] }[]>();
  const fresh: { k: KindRates; toks: string[] }[] = [];
  for (const k of kinds) {
    const toks = k.template.split(/\s+/);
    if (k.baselineCount > 0) {
      const key = `${k.streamId}:${toks.length}`;
      old.set(key, [...(old.get(key) ?? []), { k, toks }]);
    } else if (k.windowCount > 0) fresh.push({ k, toks });
  }
  const out: ValueChange[] = [];
  for (const { k, toks } of fresh) {
    let best: { toks: string[]; diffs: number[] } | undefined;
    for (const o of old.get(`${k.streamId}:${toks.length}`) ?? []) {
      const diffs: number[] = [];
      for (let i = 0; i < toks.length && diffs.length <= SIBLING_MAX_DIFF; i++) if (toks[i] !== o.toks[i]) diffs.push(i);
      if (diffs.length === 0 || diffs.length > SIBLING_MAX_DIFF) continue;
      if (diffs.some((i) => toks[i].includes(WILDCARD) || o.toks[i].includes(WILDCARD))) continue;
      if (!best || diffs.length < best.diffs.length) best = { toks: o.toks, diffs };
    }
    if (!best) continue;
    const i0 = k.firstId.findIndex((t) => t !== undefined);
    for (const i of best.diffs) {
      const [key, now, was] = slotPair(toks, best.toks, i);
      out.push({
        kind: 'new-value',
        streamId: k.streamId,
        templateId: k.templateId,
        template: k.template,
        key,
        values: [now],
        before: [was],
        firstNs: k.firstNs[i0]!,
        entryId: k.firstId[i0]!,
        count: k.windowCount,
        errorLike: errorLikeValue(key, now),
        sibling: true,
      });
    }
  }
  return out;
}

/** The slot name and the two values at a differing word: `user=reconcile` / `user=payment` -> user, reconcile, payment. */
function slotPair(now: string[], was: string[], i: number): [string, string, string] {
  const a = now[i].replace(/^["'([{]+|["')\]},;.]+$/g, '');
  const b = was[i].replace(/^["'([{]+|["')\]},;.]+$/g, '');
  const eq = /^([\w.-]+)[=:](.*)$/;
  const ma = eq.exec(a);
  const mb = eq.exec(b);
  if (ma && mb && ma[1] === mb[1]) return [ma[1].toLowerCase(), ma[2], mb[2]];
  const before = i > 0 ? now[i - 1].replace(/[^\w-]+/g, '').toLowerCase() : '';
  return [before, a, b];
}
