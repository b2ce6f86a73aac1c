// The chunk ids of some streams inside a window, for the vector search's filter. Store's
// chunkIdsInScope asks for end_ns >= start AND start_ns < end: the index on (stream_id, start_ns)
// bounds only the upper side, so SQLite read every chunk of the streams that started before the
// window's end, a table row each for its end_ns: the whole history of the streams for a window
// near the newest data (15-19 ms alone on the scale bench's 1M-line store, 66-75 ms inside a
// loaded ask on the event loop; 3x at 3M). No chunk is longer than the longest one stored, so a
// chunk that starts more than that before the window also ends before it: with that lower bound
// on start_ns the same chunks are read off the index range (0.2 ms). The longest span is read
// once and then kept up to date from the chunks added since (ids only grow); chunks are never
// updated, and deleted ones leave the bound an upper bound, so it stays exact.
import type { Database, Statement } from 'better-sqlite3';
import type { TimeWindow } from '../types.js';

/** Parameters: the streams (JSON), the lowest start (window start less the longest span), the window's end and start. */
export const WINDOW_SQL = 'SELECT id FROM chunks WHERE stream_id IN (SELECT value FROM json_each(?)) AND start_ns >= ? AND start_ns < ? AND end_ns >= ?';

export class ChunkScope {
  private readonly inWindow: Statement;
  private readonly all: Statement;
  private readonly spanSince: Statement;
  private readonly top: Statement;
  /** Longest chunk (end_ns - start_ns) among ids <= seen.id; seen: the newest chunk read then. */
  private maxSpan = 0n;
  private seen: { id: number; startNs: bigint; endNs: bigint } | undefined;

  constructor(db: Database) {
    this.inWindow = db.prepare(WINDOW_SQL).pluck();
    this.all = db.prepare('SELECT id FROM chunks WHERE stream_id IN (SELECT value FROM json_each(?))').pluck();
    this.spanSince = db.prepare('SELECT max(end_ns - start_ns) AS span FROM chunks WHERE id > ?').safeIntegers(true);
    this.top = db.prepare('SELECT id, start_ns, end_ns FROM chunks ORDER BY id DESC LIMIT 1').safeIntegers(true);
  }

  /** The longest chunk stored now (an upper bound once chunks are deleted). */
  longestSpan(): bigint {
    const top = this.top.get() as { id: bigint; start_ns: bigint; end_ns: bigint } | undefined;
    if (!top) return 0n;
    const t = { id: Number(top.id), startNs: top.start_ns, endNs: top.end_ns };
    // The newest chunk read last time gone or another under its id: its id may have been given
    // again (SQLite reuses the largest rowid once it is deleted), so every chunk is read again.
    const s = this.seen;
    const kept = s !== undefined && t.id >= s.id && (t.id > s.id || (t.startNs === s.startNs && t.endNs === s.endNs));
    if (!kept) this.maxSpan = 0n;
    if (!kept || t.id > s.id) {
      const span = (this.spanSince.get(kept ? s.id : -1) as { span: bigint | null }).span ?? 0n;
      if (span > this.maxSpan) this.maxSpan = span;
      this.seen = t;
    }
    return this.maxSpan;
  }

  /** As Store.chunkIdsInScope: chunks of these streams overlapping the window (all of theirs without one). */
  idsInScope(streamIds: readonly number[], window?: TimeWindow): Set<number> {
    if (!window) return new Set(this.all.all(JSON.stringify(streamIds)) as number[]);
    const from = window.startNs - this.longestSpan();
    return new Set(this.inWindow.all(JSON.stringify(streamIds), from, window.endNs, window.startNs) as number[]);
  }
}
