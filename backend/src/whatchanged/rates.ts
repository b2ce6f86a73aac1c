// Per-bucket counts of each kind of line (stream, template) in the window and its baseline, from
// one bounded scan of each side's entries (the rows are kept per kind: the value sample is drawn
// from them), and the onsets: the first bucket where a kind departs from a robust rate baseline
// (median and MAD of its baseline buckets, with a Poisson floor), sustained.
import type { Database } from 'better-sqlite3';
import type { TimeWindow } from '../types.js';
import { robustThreshold } from './stats.js';
import type { Onset } from './types.js';

export const MINUTE_NS = 60_000_000_000n;
/**
 * Buckets per window at most: a minute is the resolution an on-call timeline uses; past 6 hours
 * the bucket grows so a day stays a few hundred buckets per kind of line.
 */
export const MAX_RATE_BUCKETS = 360;
/** Entry rows one side (window or baseline) reads at most: ~100 ms of SQLite on one core; past it counts are lower bounds. */
export const RATE_ROW_CAP = 300_000;
/** A kind counts as surging when its window rate is at least this many times its baseline rate (as templates/changes.ts). */
export const SURGE_RATIO = 3;
/** Fewest window lines for a surge or a failure: a cause repeats, a stray line does not (as retrieve/changes.ts). */
export const BURST_MIN = 3;
/** An onset must hold: at least SUSTAIN_OF of SUSTAIN_SPAN buckets from it above the threshold. */
export const SUSTAIN_SPAN = 3;
export const SUSTAIN_OF = 2;

/** A kind's entries on one side, in time order: ids and times as offsets from the side's start (ns). */
export interface SideRows {
  ids: number[];
  dts: number[];
}

export interface KindRates {
  streamId: number;
  /** Surviving template id (merged templates count as their root). */
  templateId: number;
  template: string;
  /** Lines per bucket of the window; `firstNs[i]`/`firstId[i]` the first line of bucket i. */
  window: number[];
  firstNs: (bigint | undefined)[];
  firstId: (number | undefined)[];
  lastNs?: bigint;
  baseline: number[];
  windowCount: number;
  baselineCount: number;
  /** The rows read, baseline [0] and window [1]: the value sample is drawn from them. */
  rows: [SideRows, SideRows];
  /** Template ids merged into the root, the root included. */
  members: number[];
}

export interface RateGrid {
  stepNs: bigint;
  windowBuckets: number;
  baselineBuckets: number;
}

/**
 * Baseline buckets kept per kind at most (the latest ones): a day of minutes is plenty for a median
 * and a MAD, and a month-long baseline must not cost a month of buckets per kind of line.
 */
export const MAX_BASELINE_BUCKETS = 1440;

export function rateGrid(window: TimeWindow, baseline: TimeWindow): RateGrid {
  const span = window.endNs - window.startNs;
  let stepNs = MINUTE_NS;
  while (span / stepNs > BigInt(MAX_RATE_BUCKETS)) stepNs *= 2n;
  const buckets = (w: TimeWindow) => Math.max(1, Number((w.endNs - w.startNs + stepNs - 1n) / stepNs));
  return { stepNs, windowBuckets: buckets(window), baselineBuckets: Math.min(MAX_BASELINE_BUCKETS, buckets(baseline)) };
}

/** One side's entries as parallel columns, in (stream, time) order: ids, streams, templates, ns since the side's start. */
interface SideScan {
  ids: number[];
  streams: number[];
  tids: number[];
  dts: number[];
  partial: boolean;
}

/**
 * One side's entries. The rows come back as four JSON arrays built by SQLite, one value each: a
 * row handed to JavaScript one by one costs 2-4 us (more than reading it), and a side holds tens of
 * thousands of rows. The aggregates read the subquery's rows in its order (the scan's), so the four
 * arrays line up and keep the order the per-kind sample is drawn in.
 */
function scanSide(db: Database, tenant: string, streamIds: readonly number[] | undefined, w: TimeWindow): SideScan {
  const scope = streamIds ? 'stream_id IN (SELECT value FROM json_each(?))' : 'stream_id IN (SELECT id FROM streams WHERE tenant = ?)';
  // Offsets from the side's start fit a double exactly for any side shorter than 104 days.
  const row = db
    .prepare(
      `SELECT json_group_array(id), json_group_array(stream_id), json_group_array(template_id), json_group_array(dt), count(*) FROM
         (SELECT id, stream_id, template_id, ts_ns - ? AS dt FROM entries WHERE ${scope} AND ts_ns >= ? AND ts_ns < ? AND template_id IS NOT NULL LIMIT ?)`,
    )
    .raw(true)
    .get(w.startNs, streamIds ? JSON.stringify(streamIds) : tenant, w.startNs, w.endNs, RATE_ROW_CAP) as [string, string, string, string, number];
  const n = row[4];
  return { ids: JSON.parse(row[0]), streams: JSON.parse(row[1]), tids: JSON.parse(row[2]), dts: JSON.parse(row[3]), partial: n >= RATE_ROW_CAP };
}

export function kindRates(
  db: Database,
  q: { tenant: string; streamIds?: readonly number[]; window: TimeWindow; baseline: TimeWindow },
  grid: RateGrid,
): { kinds: Map<string, KindRates>; partial: boolean } {
  const win = scanSide(db, q.tenant, q.streamIds, q.window);
  const base = scanSide(db, q.tenant, q.streamIds, q.baseline);
  // Template roots and texts of the templates seen.
  const tids = new Set<number>();
  for (const t of win.tids) tids.add(t);
  for (const t of base.tids) tids.add(t);
  const rootOf = new Map<number, number>();
  const textOf = new Map<number, string>();
  const members = new Map<number, number[]>();
  if (tids.size) {
    const rows = db
      .prepare(
        `SELECT t.id, COALESCE(t.merged_into, t.id) AS root, r.template FROM templates t JOIN templates r ON r.id = COALESCE(t.merged_into, t.id)
          WHERE t.id IN (SELECT value FROM json_each(?))`,
      )
      .raw(true)
      .all(JSON.stringify([...tids])) as [number, number, string][];
    for (const [id, root, template] of rows) {
      rootOf.set(id, root);
      textOf.set(root, template);
      members.set(root, [...(members.get(root) ?? []), id]);
    }
  }
  const stepNs = Number(grid.stepNs);
  const baselineSpan = Number(q.baseline.endNs - q.baseline.startNs);
  const kinds = new Map<string, KindRates>();
  // Per stream, template id -> kind: one numeric look-up per row (rows come stream by stream).
  const byTid = new Map<number, Map<number, KindRates>>();
  const get = (s: number, tid: number): KindRates | undefined => {
    let m = byTid.get(s);
    if (!m) byTid.set(s, (m = new Map()));
    const hit = m.get(tid);
    if (hit) return hit;
    const root = rootOf.get(tid);
    if (root === undefined) return undefined;
    const key = `${s}:${root}`;
    let k = kinds.get(key);
    if (!k) {
      k = {
        streamId: s,
        templateId: root,
        template: textOf.get(root) ?? '',
        window: new Array<number>(grid.windowBuckets).fill(0),
        firstNs: new Array<bigint | undefined>(grid.windowBuckets).fill(undefined),
        firstId: new Array<number | undefined>(grid.windowBuckets).fill(undefined),
        baseline: new Array<number>(grid.baselineBuckets).fill(0),
        windowCount: 0,
        baselineCount: 0,
        rows: [
          { ids: [], dts: [] },
          { ids: [], dts: [] },
        ],
        members: members.get(root) ?? [root],
      };
      kinds.set(key, k);
    }
    m.set(tid, k);
    return k;
  };
  const lastDt = new Map<KindRates, number>();
  const firstDt = new Map<KindRates, number[]>();
  for (let r = 0; r < win.ids.length; r++) {
    const id = win.ids[r];
    const dt = win.dts[r];
    const k = get(win.streams[r], win.tids[r]);
    if (!k) continue;
    const i = Math.min(grid.windowBuckets - 1, Math.floor(dt / stepNs));
    k.window[i]++;
    k.windowCount++;
    // Rows come in time order per stream (the stream/time index), but the first line of a bucket
    // is taken by time anyway: a plan reading them otherwise must not move an onset.
    let fd = firstDt.get(k);
    if (!fd) firstDt.set(k, (fd = new Array<number>(grid.windowBuckets).fill(Infinity)));
    if (dt < fd[i]) {
      fd[i] = dt;
      k.firstId[i] = id;
      k.firstNs[i] = q.window.startNs + BigInt(dt);
    }
    if ((lastDt.get(k) ?? -1) < dt) lastDt.set(k, dt);
    k.rows[1].ids.push(id);
    k.rows[1].dts.push(dt);
  }
  for (const [k, dt] of lastDt) k.lastNs = q.window.startNs + BigInt(dt);
  for (let r = 0; r < base.ids.length; r++) {
    const id = base.ids[r];
    const s = base.streams[r];
    const tid = base.tids[r];
    const dt = base.dts[r];
    // Kinds only in the baseline are not looked at here (drops are templates/changes.ts's).
    let k = byTid.get(s)?.get(tid);
    if (!k) {
      const root = rootOf.get(tid);
      k = root === undefined ? undefined : kinds.get(`${s}:${root}`);
      if (!k) continue;
      byTid.get(s)!.set(tid, k);
    }
    // Buckets count back from the baseline's end: the latest MAX_BASELINE_BUCKETS are kept.
    const i = Math.floor((baselineSpan - 1 - dt) / stepNs);
    if (i >= 0 && i < grid.baselineBuckets) k.baseline[i]++;
    k.baselineCount++;
    k.rows[0].ids.push(id);
    k.rows[0].dts.push(dt);
  }
  return { kinds, partial: win.partial || base.partial };
}

/** The first bucket at or after `from` where counts exceed `thr`, sustained (SUSTAIN_OF of SUSTAIN_SPAN). */
export function sustainedOnset(counts: readonly number[], thr: number, from = 0): number {
  for (let i = from; i < counts.length; i++) {
    if (counts[i] <= thr) continue;
    let above = 0;
    for (let j = i; j < Math.min(counts.length, i + SUSTAIN_SPAN); j++) if (counts[j] > thr) above++;
    // A burst at the very end of the window has fewer buckets to hold in: what it has must all be above.
    const span = Math.min(SUSTAIN_SPAN, counts.length - i);
    if (above >= Math.min(SUSTAIN_OF, span)) return i;
  }
  return -1;
}

/**
 * Onsets of the kinds that are new in the window or surging against the baseline. A new kind
 * starts at its first line (or at its burst, when a stray line came long before); a surging one
 * at the first bucket of a sustained departure from its robust baseline rate. Kinds at their
 * baseline rate (a recurring error) get none.
 */
export function templateOnsets(kinds: Iterable<KindRates>, windowNs: bigint, baselineNs: bigint, isErrorLike: (k: KindRates) => boolean): Onset[] {
  const out: Onset[] = [];
  for (const k of kinds) {
    if (k.windowCount === 0) continue;
    const isNew = k.baselineCount === 0;
    const rateRatio = isNew ? Infinity : k.windowCount / Number(windowNs) / (k.baselineCount / Number(baselineNs));
    if (!isNew && !(rateRatio >= SURGE_RATIO && k.windowCount >= BURST_MIN)) continue;
    let i: number;
    if (isNew) {
      i = k.window.findIndex((n) => n > 0);
      if (k.windowCount >= BURST_MIN) {
        const s = sustainedOnset(k.window, 0);
        if (s >= 0 && k.window.slice(i, s).reduce((a, b) => a + b, 0) < BURST_MIN) i = s;
      }
    } else {
      i = sustainedOnset(k.window, robustThreshold(k.baseline));
      if (i < 0) continue;
    }
    out.push({
      streamId: k.streamId,
      templateId: k.templateId,
      template: k.template,
      kind: isNew ? 'new' : 'surge',
      onsetNs: k.firstNs[i]!,
      entryId: k.firstId[i]!,
      lastNs: k.lastNs ?? k.firstNs[i]!,
      windowCount: k.windowCount,
      baselineCount: k.baselineCount,
      errorLike: isErrorLike(k),
      oneOff: k.windowCount < BURST_MIN,
    });
  }
  return out.sort((a, b) => (a.onsetNs < b.onsetNs ? -1 : a.onsetNs > b.onsetNs ? 1 : a.streamId - b.streamId || a.templateId - b.templateId));
}
