import type { Database } from 'better-sqlite3';
import type { TimeWindow } from '../types.js';

// Template-level change analysis: which kinds of message are new in a window, or much more or
// much less frequent than in a baseline window. Needs entries tagged by TemplateRepo.

/**
 * A template surges when its rate in the window is at least this many times its baseline rate.
 * 3x: ordinary load swings (day/night, retries) stay within 2-3x; a fault that starts repeating
 * a message exceeds it by orders of magnitude.
 */
export const SURGE_RATIO = 3;
/** A template drops when its window rate is at most baseline rate / DROP_RATIO. Symmetric to surge. */
export const DROP_RATIO = 3;
/**
 * Fewest window occurrences for a surge, and fewest baseline occurrences expected in a window of
 * the window's length for a drop. 5: for a Poisson count with mean 5, seeing 0 has probability
 * under 1%, so "went silent" is evidence, and a surge of 1 -> 4 lines is not reported.
 */
export const MIN_EVIDENCE = 5;
/** Example entries returned per template: enough to show variation, few enough to read. */
export const EXAMPLES_PER_TEMPLATE = 3;

export interface ChangeQuery {
  tenant: string;
  /** Restrict to these streams (default: every stream of the tenant). */
  streamIds?: readonly number[];
  window: TimeWindow;
  baseline: TimeWindow;
}

export type ChangeKind = 'new' | 'surge' | 'drop';

export interface TemplateChange {
  streamId: number;
  /** Surviving global template id. */
  templateId: number;
  template: string;
  kind: ChangeKind;
  windowCount: number;
  baselineCount: number;
  /** Lines per second in each window. */
  windowRate: number;
  baselineRate: number;
  /** First occurrence inside the window (null for a drop with no occurrence in the window). */
  firstSeenNs: bigint | null;
  /** Earliest entries of this template in the window (for a drop: latest in the baseline). */
  exampleEntryIds: number[];
}

interface CountRow {
  stream_id: bigint;
  tid: bigint;
  n: bigint;
  first_ns: bigint;
}

const NS_PER_S = 1_000_000_000;

function seconds(w: TimeWindow): number {
  const d = Number(w.endNs - w.startNs) / NS_PER_S;
  if (!(d > 0)) throw new Error('time window must have endNs > startNs');
  return d;
}

/**
 * Per stream, the templates that are new in `window` (no occurrence in `baseline`), surging
 * (rate >= SURGE_RATIO x baseline, >= MIN_EVIDENCE lines) or dropping (rate <= baseline /
 * DROP_RATIO where the baseline predicts >= MIN_EVIDENCE lines). New and surging come first,
 * earliest first occurrence first (the first new kind of line is the best lead to a cause);
 * drops follow, largest expected count first.
 */
export function analyzeChanges(db: Database, q: ChangeQuery): TemplateChange[] {
  const winS = seconds(q.window);
  const baseS = seconds(q.baseline);
  // The stream list travels as ONE JSON parameter (json_each), never one `?` per stream: SQLite
  // refuses more than 32,766 variables, and a tenant can hold more streams than that.
  const filtered = q.streamIds !== undefined && q.streamIds.length > 0;
  const streamFilter = filtered ? ' AND e.stream_id IN (SELECT value FROM json_each(?))' : '';
  const countSql = `
    SELECT e.stream_id, COALESCE(t.merged_into, t.id) AS tid, COUNT(*) AS n, MIN(e.ts_ns) AS first_ns
    FROM entries e
    JOIN streams s ON s.id = e.stream_id
    JOIN templates t ON t.id = e.template_id
    WHERE s.tenant = ? AND e.ts_ns >= ? AND e.ts_ns < ?${streamFilter}
    GROUP BY e.stream_id, tid`;
  const counts = db.prepare(countSql);
  counts.safeIntegers(true);
  const ids = filtered ? [JSON.stringify(q.streamIds)] : [];
  const inWindow = counts.all(q.tenant, q.window.startNs, q.window.endNs, ...ids) as CountRow[];
  const inBase = counts.all(q.tenant, q.baseline.startNs, q.baseline.endNs, ...ids) as CountRow[];
  const key = (r: CountRow) => `${r.stream_id}:${r.tid}`;
  const base = new Map(inBase.map((r) => [key(r), r]));
  const win = new Map(inWindow.map((r) => [key(r), r]));

  const text = db.prepare('SELECT template FROM templates WHERE id = ?');
  const members = db.prepare('SELECT id FROM templates WHERE id = ? OR merged_into = ?');
  const exampleSql = (order: 'ASC' | 'DESC') =>
    `SELECT id FROM entries WHERE stream_id = ? AND template_id IN (SELECT value FROM json_each(?))
       AND ts_ns >= ? AND ts_ns < ? ORDER BY ts_ns ${order}, id LIMIT ?`;
  const examplesEarliest = db.prepare(exampleSql('ASC'));
  const examplesLatest = db.prepare(exampleSql('DESC'));
  const examples = (tid: number, streamId: number, w: TimeWindow, latest: boolean): number[] => {
    // A template may have absorbed any number of merged ones: their ids go as one JSON parameter too.
    const tids = (members.all(tid, tid) as Array<{ id: number }>).map((r) => r.id);
    const stmt = latest ? examplesLatest : examplesEarliest;
    return (stmt.all(streamId, JSON.stringify(tids), w.startNs, w.endNs, EXAMPLES_PER_TEMPLATE) as Array<{ id: number }>).map(
      (r) => r.id
    );
  };

  const out: TemplateChange[] = [];
  for (const [k, w] of win) {
    const b = base.get(k);
    const windowCount = Number(w.n);
    const baselineCount = b ? Number(b.n) : 0;
    const windowRate = windowCount / winS;
    const baselineRate = baselineCount / baseS;
    let kind: ChangeKind | undefined;
    if (baselineCount === 0) kind = 'new';
    else if (windowCount >= MIN_EVIDENCE && windowRate >= SURGE_RATIO * baselineRate) kind = 'surge';
    else if (baselineRate * winS >= MIN_EVIDENCE && windowRate * DROP_RATIO <= baselineRate) kind = 'drop';
    if (!kind) continue;
    const tid = Number(w.tid);
    const streamId = Number(w.stream_id);
    out.push({
      streamId,
      templateId: tid,
      template: String((text.get(tid) as { template: string }).template),
      kind,
      windowCount,
      baselineCount,
      windowRate,
      baselineRate,
      firstSeenNs: w.first_ns,
      exampleEntryIds: examples(tid, streamId, q.window, false),
    });
  }
  for (const [k, b] of base) {
    if (win.has(k)) continue;
    const baselineCount = Number(b.n);
    const baselineRate = baselineCount / baseS;
    if (baselineRate * winS < MIN_EVIDENCE) continue;
    const tid = Number(b.tid);
    const streamId = Number(b.stream_id);
    out.push({
      streamId,
      templateId: tid,
      template: String((text.get(tid) as { template: string }).template),
      kind: 'drop',
      windowCount: 0,
      baselineCount,
      windowRate: 0,
      baselineRate,
      firstSeenNs: null,
      exampleEntryIds: examples(tid, streamId, q.baseline, true),
    });
  }
  const rank = (c: TemplateChange) => (c.kind === 'drop' ? 1 : 0);
  out.sort((a, b) => {
    if (rank(a) !== rank(b)) return rank(a) - rank(b);
    if (rank(a) === 0) {
      if (a.firstSeenNs! !== b.firstSeenNs!) return a.firstSeenNs! < b.firstSeenNs! ? -1 : 1;
    } else if (a.baselineRate !== b.baselineRate) return b.baselineRate - a.baselineRate;
    return a.streamId - b.streamId || a.templateId - b.templateId;
  });
  return out;
}
