// Segments: a tenant's chunks cut, in the order they are stored, into runs of SEGMENT_CHUNKS, each
// with its own FTS5 table and a catalogue row (chunk id range, the time its chunks cover, count).
// A search opens only the segments that matter: those overlapping the question's window, or
// without a time the newest first, so its cost follows what it reads, not what the store holds.
// One FTS5 table per tenant cost what the whole tenant held on every query: bm25() counts, per
// question term, the documents holding it over its whole table before scoring (measured at 1M
// lines: 45 ms for a bm25() bounded by rowid to the newest 16k chunks, 4.7 ms on a table of them).
//
// The segments share the store's SQLite file: tenant isolation, exactly-once and crash safety stay
// its single transaction, and retention drops a segment's table when it empties. Scores are each
// segment's own BM25 (its document counts and lengths), as shards score in Lucene; results merge by
// score. Chunk ids only grow (the store never reuses one), so a segment's range never takes a chunk
// of another time.
import type { Database, Statement } from 'better-sqlite3';
import type { TimeWindow } from '../types.js';
import { chunkTextSql } from './chunk-text.js';
import { createChunkFts, labelsText } from './fts.js';

/**
 * Chunks per segment. 16,384 chunks are ~75k lines of the LogHub replicas (4.6 lines per chunk): a
 * segment's bm25() over a question is a few ms, the newest-first budget is four of them, and a
 * year of a busy tenant is a catalogue of thousands of rows (and tables), read in well under a ms.
 */
export const SEGMENT_CHUNKS = 16_384;

export interface Segment {
  /** Its FTS5 table. */
  table: string;
  firstChunkId: number;
  lastChunkId: number;
  /** Earliest chunk start and latest chunk end of the segment's chunks (as stored: retention does not narrow it). */
  startNs: bigint;
  endNs: bigint;
  chunks: number;
}

/** A chunk as a segment indexes it. */
export interface SegmentChunk {
  id: number;
  startNs: bigint;
  endNs: bigint;
  labels: Record<string, string>;
  text: string;
}

/**
 * Rows a compaction moves per delete: two or three segments' worth of small ones. The deleting
 * transaction holds the store's write lock, so compaction takes what is left of sparse segments a
 * few at a time, retention call after retention call, instead of all at once. At least half a
 * segment, so that any two segments that fit in one can always merge.
 */
export const COMPACT_MOVE_BUDGET = 8_192;

export function segmentTable(tenantId: number, firstChunkId: number): string {
  return `chunks_fts_${tenantId}_${firstChunkId}`;
}

export const SEGMENT_MIGRATION = {
  version: 8,
  name: 'chunk segments: per-tenant runs of chunks, each with its FTS5 table',
  up(db: Database): void {
    db.exec(`
      CREATE TABLE chunk_segments (
        tenant_id INTEGER NOT NULL,
        first_chunk_id INTEGER NOT NULL,
        last_chunk_id INTEGER NOT NULL,
        start_ns INTEGER NOT NULL,
        end_ns INTEGER NOT NULL,
        chunks INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, first_chunk_id)
      ) WITHOUT ROWID;
    `);
    // A store made before segments: its chunks indexed again, segment by segment (a minute or so
    // for 3M lines, once), and the tenant's single FTS table dropped.
    const tenants = db.prepare('SELECT id, name FROM tenants ORDER BY id').all() as { id: number; name: string }[];
    const catalog = new SegmentCatalog(db);
    // Pages (keyset on id): the catalogue's writes cannot run while a read iterates. The text is
    // read from the entries, as after migration 11 (the same text: the column held their join).
    const page = db
      .prepare(
        `SELECT c.id, c.start_ns, c.end_ns, ${chunkTextSql('c')} AS text, s.labels_json FROM chunks c JOIN streams s ON s.id = c.stream_id
          WHERE s.tenant = ? AND c.id > ? ORDER BY c.id LIMIT 4096`,
      )
      .safeIntegers(true);
    for (const t of tenants) {
      for (let after = 0; ; ) {
        const rows = page.all(t.name, after) as { id: bigint; start_ns: bigint; end_ns: bigint; text: string; labels_json: string }[];
        if (rows.length === 0) break;
        for (const r of rows) catalog.insert(t.id, { id: Number(r.id), startNs: r.start_ns, endNs: r.end_ns, labels: JSON.parse(r.labels_json), text: r.text });
        after = Number(rows[rows.length - 1].id);
      }
      db.exec(`DROP TABLE IF EXISTS chunks_fts_${t.id}`);
    }
  },
};

interface OpenSegment {
  first: number;
  chunks: number;
  insert: Statement;
}

/**
 * The catalogue of segments (table chunk_segments) and their FTS5 tables, written inside the
 * store's transactions. After a transaction that rolled back, reset() drops what it cached.
 */
export class SegmentCatalog {
  private readonly stmts: Record<'open' | 'add' | 'extend' | 'list' | 'drop' | 'merge' | 'count', Statement>;
  /** The newest segment of each tenant, as last written (cleared by reset()). */
  private readonly open = new Map<number, OpenSegment>();

  /** @param perSegment chunks per segment: SEGMENT_CHUNKS but in tests. */
  constructor(
    private readonly db: Database,
    private readonly perSegment = SEGMENT_CHUNKS,
  ) {
    this.stmts = {
      open: db.prepare('SELECT first_chunk_id, chunks FROM chunk_segments WHERE tenant_id = ? ORDER BY first_chunk_id DESC LIMIT 1'),
      add: db.prepare('INSERT INTO chunk_segments (tenant_id, first_chunk_id, last_chunk_id, start_ns, end_ns, chunks) VALUES (@tenant, @id, @id, @start, @end, 1)'),
      // A segment left empty by retention (kept: it is the newest) takes its span from the new chunk.
      extend: db.prepare(
        `UPDATE chunk_segments SET last_chunk_id = @id,
           start_ns = CASE WHEN chunks = 0 THEN @start ELSE min(start_ns, @start) END,
           end_ns = CASE WHEN chunks = 0 THEN @end ELSE max(end_ns, @end) END, chunks = chunks + 1
          WHERE tenant_id = @tenant AND first_chunk_id = @first`,
      ),
      list: db
        .prepare('SELECT first_chunk_id, last_chunk_id, start_ns, end_ns, chunks FROM chunk_segments WHERE tenant_id = ? ORDER BY first_chunk_id DESC')
        .safeIntegers(true),
      drop: db.prepare('DELETE FROM chunk_segments WHERE tenant_id = ? AND first_chunk_id = ?'),
      merge: db.prepare(
        `UPDATE chunk_segments SET last_chunk_id = @last, start_ns = @start, end_ns = @end, chunks = @chunks
          WHERE tenant_id = @tenant AND first_chunk_id = @first`,
      ),
      count: db.prepare('UPDATE chunk_segments SET chunks = @n WHERE tenant_id = @tenant AND first_chunk_id = @first'),
    };
  }

  /** Forgets what it cached: the transaction that wrote it rolled back. */
  reset(): void {
    this.open.clear();
  }

  /**
   * Indexes a chunk just stored (ids ascending, past every catalogued one) in the tenant's newest
   * segment, or in a new one (its FTS table made) when that one is full.
   */
  insert(tenantId: number, c: SegmentChunk): void {
    let o = this.open.get(tenantId);
    if (!o) {
      const row = this.stmts.open.get(tenantId) as { first_chunk_id: number; chunks: number } | undefined;
      if (row) this.open.set(tenantId, (o = { first: row.first_chunk_id, chunks: row.chunks, insert: this.insertInto(segmentTable(tenantId, row.first_chunk_id)) }));
    }
    if (o && o.chunks < this.perSegment) {
      this.stmts.extend.run({ tenant: tenantId, first: o.first, id: c.id, start: c.startNs, end: c.endNs });
      o.chunks++;
    } else {
      const table = segmentTable(tenantId, c.id);
      createChunkFts(this.db, table);
      this.stmts.add.run({ tenant: tenantId, id: c.id, start: c.startNs, end: c.endNs });
      this.open.set(tenantId, (o = { first: c.id, chunks: 1, insert: this.insertInto(table) }));
    }
    o.insert.run(c.id, labelsText(c.labels), c.text);
  }

  private insertInto(table: string): Statement {
    return this.db.prepare(`INSERT INTO ${table} (rowid, labels, text) VALUES (?, ?, ?)`);
  }

  /** The tenant's segments, newest (highest chunk ids) first. */
  list(tenantId: number): Segment[] {
    return (this.stmts.list.all(tenantId) as { first_chunk_id: bigint; last_chunk_id: bigint; start_ns: bigint; end_ns: bigint; chunks: bigint }[]).map((r) => ({
      table: segmentTable(tenantId, Number(r.first_chunk_id)),
      firstChunkId: Number(r.first_chunk_id),
      lastChunkId: Number(r.last_chunk_id),
      startNs: r.start_ns,
      endNs: r.end_ns,
      chunks: Number(r.chunks),
    }));
  }

  /**
   * Removes deleted chunks of a tenant from their segments, inside the deleting transaction: their
   * FTS rows go and each segment's count falls by the rows removed; a segment left with none is
   * dropped, table and all (the newest stays, empty: new chunks fill it). A segment's span is not
   * narrowed: reading it again from the chunks scanned its whole id range on every delete, and
   * retention, which deletes a few chunks at a time over 20k streams, fell behind its intake
   * (soak). A span wider than its chunks only makes a window read a segment it could skip.
   * Then sparse neighbours are merged (compact), moving at most `compactBudget` rows.
   */
  deleteChunks(tenantId: number, chunkIds: readonly number[], compactBudget = COMPACT_MOVE_BUDGET): void {
    if (chunkIds.length === 0) return;
    const segments = this.list(tenantId);
    const bySegment = new Map<Segment, number[]>();
    for (const id of chunkIds) {
      const s = segments.find((x) => id >= x.firstChunkId && id <= x.lastChunkId);
      if (!s) continue;
      let ids = bySegment.get(s);
      if (!ids) bySegment.set(s, (ids = []));
      ids.push(id);
    }
    for (const [s, ids] of bySegment) {
      const removed = this.db.prepare(`DELETE FROM ${s.table} WHERE rowid IN (SELECT value FROM json_each(?))`).run(JSON.stringify(ids)).changes;
      const left = Math.max(0, s.chunks - removed);
      if (left === 0 && s !== segments[0]) {
        this.stmts.drop.run(tenantId, s.firstChunkId);
        this.db.exec(`DROP TABLE ${s.table}`);
      } else {
        this.stmts.count.run({ tenant: tenantId, first: s.firstChunkId, n: left });
      }
    }
    this.open.delete(tenantId);
    this.compact(tenantId, compactBudget);
  }

  /**
   * Merges neighbouring segments that retention left sparse: while an older segment and the next
   * newer one together hold no more than a full segment, the smaller one's FTS rows move into the
   * larger one's table and the two become one catalogue row (the older's first id, the newer's
   * last, both spans). Per-stream retention (a 7-day stream beside a 90-day one) leaves old segments
   * a few percent full; without this a wide window opens one FTS table per 16k chunks it once held.
   * The newest segment is left alone (new chunks fill it). At most `budget` rows move per call;
   * returns how many did. Runs inside the caller's transaction.
   */
  compact(tenantId: number, budget: number): number {
    // Oldest first, the newest excluded.
    const segs = this.list(tenantId).slice(1).reverse();
    let moved = 0;
    let cur: Segment | undefined;
    for (const next of segs) {
      if (!cur || cur.chunks + next.chunks > this.perSegment) {
        cur = next;
        continue;
      }
      const [from, into] = cur.chunks <= next.chunks ? [cur, next] : [next, cur];
      if (moved + from.chunks > budget) break;
      // The tables are contentless: the rows are indexed again from the chunks they hold.
      const rows = this.db
        .prepare(`SELECT c.id, ${chunkTextSql('c')} AS text, s.labels_json FROM chunks c JOIN streams s ON s.id = c.stream_id WHERE c.id IN (SELECT rowid FROM ${from.table})`)
        .all() as { id: number; text: string; labels_json: string }[];
      const insert = this.insertInto(into.table);
      for (const r of rows) insert.run(r.id, labelsText(JSON.parse(r.labels_json)), r.text);
      this.db.exec(`DROP TABLE ${from.table}`);
      const merged: Segment = {
        table: segmentTable(tenantId, cur.firstChunkId),
        firstChunkId: cur.firstChunkId,
        lastChunkId: next.lastChunkId,
        startNs: cur.startNs < next.startNs ? cur.startNs : next.startNs,
        endNs: cur.endNs > next.endNs ? cur.endNs : next.endNs,
        chunks: cur.chunks + next.chunks,
      };
      // The catalogue keys a segment by its first chunk id, and its table is named after it.
      if (into === next) this.db.exec(`ALTER TABLE ${next.table} RENAME TO ${merged.table}`);
      this.stmts.drop.run(tenantId, next.firstChunkId);
      this.stmts.merge.run({ tenant: tenantId, first: merged.firstChunkId, last: merged.lastChunkId, start: merged.startNs, end: merged.endNs, chunks: merged.chunks });
      moved += from.chunks;
      cur = merged;
    }
    return moved;
  }
}

/**
 * The segments a search reads, newest first: with a window those overlapping it, otherwise all
 * (the caller reads them until its budget). Empty ones never.
 */
export function segmentsFor(segments: readonly Segment[], window?: TimeWindow): Segment[] {
  return segments.filter((s) => s.chunks > 0 && (!window || (s.startNs < window.endNs && s.endNs >= window.startNs)));
}
