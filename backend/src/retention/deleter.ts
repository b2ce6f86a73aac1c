// Deletes whole chunks of one tenant and everything derived from their lines, in one transaction:
// entries, their slot values, the chunks' FTS rows, template counts, stream time spans and the
// tenant's usage counters. A chunk is the unit because FTS rows and vectors are per chunk: deleting
// part of one would leave an FTS row and a vector describing lines that are gone. Streams left with
// no line go too, with their templates and miner state (pods come and go; their rows would not).
//
// Rows holding a table's highest id are never deleted: SQLite gives a new row the highest id + 1,
// so deleting that row would hand its id out again, and the tagger ("entries after N"), the vector
// catch-up ("chunks after N") and caches keyed by id would take the new row for the old one. Only
// a store that received nothing for longer than its limit keeps anything past it: at most two
// chunks (the highest chunk id, and the chunk of the highest entry id).
import type { Statement } from 'better-sqlite3';
import type { Store } from '../store/store.js';
import { deleteValuesOf } from '../values/layout.js';

export interface DeletedBatch {
  chunks: number;
  entries: number;
  lineBytes: number;
  /** Ids of the deleted chunks, for the vector index. */
  chunkIds: number[];
}

export interface OldestCursor {
  afterNs: bigint;
  afterId: number;
}

/** Chunks a deletion must keep this time (see the top of the file); -1 for none. */
interface Keep {
  keepA: number;
  keepB: number;
}

type Stmt =
  | 'streamsWithOld' | 'oldInStream' | 'oldest' | 'entries' | 'delSlots' | 'delEntries' | 'delChunks' | 'templateCount'
  | 'streamSpan' | 'usage' | 'maxChunk' | 'chunkOfMaxEntry' | 'emptyStreams' | 'delTemplates' | 'delMiners' | 'delStreams';

export class ChunkDeleter {
  private readonly hasValues: boolean;
  /** Deletes entries' value rows and the distinct texts only they held (values/layout.ts). */
  private readonly delValues: (entryIdsJson: string) => void;
  private readonly hasTemplates: boolean;
  private readonly stmts: Record<Stmt, Statement>;

  constructor(private readonly store: Store) {
    const db = store.db;
    const table = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    this.hasValues = table('value_rows');
    this.hasTemplates = table('templates');
    this.delValues = this.hasValues ? deleteValuesOf(db) : () => {};
    this.stmts = {
      // Age: only streams whose first line is old (the span kept per stream), then per stream a
      // walk of (stream, start) that stops at the cutoff. One query over the tenant's streams,
      // sorted, probed every stream and sorted every chunk per batch: 114 s for 18k chunks.
      streamsWithOld: db.prepare('SELECT id FROM streams WHERE tenant = @tenant AND first_ts_ns < @cutoff ORDER BY id').pluck(),
      // end_ns < cutoff keeps a chunk that reaches past it whole until all its lines are old.
      oldInStream: db
        .prepare(
          `SELECT id FROM chunks WHERE stream_id = @stream AND start_ns < @cutoff AND end_ns < @cutoff AND id NOT IN (@keepA, @keepB)
            ORDER BY start_ns LIMIT @limit`,
        )
        .pluck(),
      // Size: the tenant's oldest chunks across its streams, walking chunks_time in order from where
      // the last batch stopped (keyset), so other tenants' chunks are passed over once per pass.
      oldest: db
        .prepare(
          `SELECT c.id, c.start_ns FROM chunks c INDEXED BY chunks_time JOIN streams s ON s.id = c.stream_id
            WHERE s.tenant = @tenant AND (c.start_ns > @afterNs OR (c.start_ns = @afterNs AND c.id > @afterId)) AND c.id NOT IN (@keepA, @keepB)
            ORDER BY c.start_ns, c.id LIMIT @limit`,
        )
        .safeIntegers(true),
      entries: db.prepare(
        `SELECT id, stream_id, template_id, length(CAST(line AS BLOB)) AS bytes
           FROM entries WHERE chunk_id IN (SELECT value FROM json_each(?))`,
      ),
      // The slots of an emptied stream's templates (their rows went with the stream's lines).
      delSlots:
        this.hasValues && this.hasTemplates
          ? db.prepare('DELETE FROM value_slots WHERE template_id IN (SELECT id FROM templates WHERE stream_id IN (SELECT value FROM json_each(?)))')
          : db.prepare('SELECT ?'),
      delEntries: db.prepare('DELETE FROM entries WHERE chunk_id IN (SELECT value FROM json_each(?))'),
      delChunks: db.prepare('DELETE FROM chunks WHERE id IN (SELECT value FROM json_each(?))'),
      templateCount: this.hasTemplates
        ? db.prepare('UPDATE templates SET count = max(0, count - ?) WHERE id = ?')
        : db.prepare('SELECT ?, ?'),
      // Both ends from the (stream, ts) order of the unique key: two index probes. NULL when the
      // stream holds nothing any more, so it no longer widens the tenant's time range.
      streamSpan: db.prepare(
        `UPDATE streams SET first_ts_ns = (SELECT min(ts_ns) FROM entries WHERE stream_id = @id),
                            last_ts_ns = (SELECT max(ts_ns) FROM entries WHERE stream_id = @id)
          WHERE id = @id`,
      ),
      usage: db.prepare(
        `UPDATE tenant_usage SET entries = max(0, entries - @entries), chunks = max(0, chunks - @chunks),
                line_bytes = max(0, line_bytes - @bytes)
          WHERE tenant = @tenant`,
      ),
      maxChunk: db.prepare('SELECT max(id) FROM chunks').pluck(),
      chunkOfMaxEntry: db.prepare('SELECT chunk_id FROM entries ORDER BY id DESC LIMIT 1').pluck(),
      // A stream's span is NULL once it holds no line (streamSpan above; a stream is only ever
      // made with its first line). The checks after it make sure, and keep the high-water rows.
      emptyStreams: db.prepare(
        `SELECT s.id, s.labels_key FROM streams s
          WHERE s.tenant = @tenant AND s.last_ts_ns IS NULL AND s.id < (SELECT max(id) FROM streams)
            AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.stream_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.stream_id = s.id)
            ${this.hasTemplates ? 'AND NOT EXISTS (SELECT 1 FROM templates t WHERE t.stream_id = s.id AND t.id = (SELECT max(id) FROM templates))' : ''}
          ORDER BY s.id LIMIT @limit`,
      ),
      // merged_into only ever names a template of the same stream, so one statement takes them all.
      delTemplates: this.hasTemplates
        ? db.prepare('DELETE FROM templates WHERE stream_id IN (SELECT value FROM json_each(?))')
        : db.prepare('SELECT ?'),
      delMiners: this.hasTemplates
        ? db.prepare('DELETE FROM template_miners WHERE stream_id IN (SELECT value FROM json_each(?))')
        : db.prepare('SELECT ?'),
      delStreams: db.prepare('DELETE FROM streams WHERE id IN (SELECT value FROM json_each(?))'),
    };
  }

  /** The chunks holding the highest chunk id and the highest entry id, never deleted. */
  private keep(): Keep {
    const a = this.stmts.maxChunk.get() as number | null;
    const b = this.stmts.chunkOfMaxEntry.get() as number | null | undefined;
    return { keepA: a ?? -1, keepB: b ?? -1 };
  }

  /** The tenant's streams holding lines stamped before `cutoffNs`. */
  streamsWithOld(tenant: string, cutoffNs: bigint): number[] {
    return this.stmts.streamsWithOld.all({ tenant, cutoff: cutoffNs }) as number[];
  }

  /** Up to `limit` chunks of a stream whose every line is stamped before `cutoffNs`, oldest first. */
  chunksOlderThan(streamId: number, cutoffNs: bigint, limit: number): number[] {
    return this.stmts.oldInStream.all({ stream: streamId, cutoff: cutoffNs, limit, ...this.keep() }) as number[];
  }

  /**
   * The tenant's next `limit` oldest chunks after a keyset position (start ns, id); pass the
   * returned `next` to continue. Deleting what was returned does not disturb the walk.
   */
  oldestChunks(tenant: string, limit: number, after: OldestCursor = { afterNs: -(2n ** 63n), afterId: 0 }): { ids: number[]; next: OldestCursor } {
    const rows = this.stmts.oldest.all({ tenant, limit, afterNs: after.afterNs, afterId: after.afterId, ...this.keep() }) as { id: bigint; start_ns: bigint }[];
    if (rows.length === 0) return { ids: [], next: after };
    const last = rows[rows.length - 1];
    return { ids: rows.map((r) => Number(r.id)), next: { afterNs: last.start_ns, afterId: Number(last.id) } };
  }

  /** Deletes these chunks of the tenant (all of them, with their lines) in one transaction. */
  delete(tenant: string, chunkIds: readonly number[]): DeletedBatch {
    if (chunkIds.length === 0) return { chunks: 0, entries: 0, lineBytes: 0, chunkIds: [] };
    return this.store.atomically(() => {
      // Again inside the transaction: lines may have come (and made new high-water chunks) since the pick.
      const { keepA, keepB } = this.keep();
      const picked = chunkIds.filter((id) => id !== keepA && id !== keepB);
      const ids = JSON.stringify(picked);
      const rows = this.stmts.entries.all(ids) as { id: number; stream_id: number; template_id: number | null; bytes: number }[];
      const perTemplate = new Map<number, number>();
      const streams = new Set<number>();
      let bytes = 0;
      for (const r of rows) {
        bytes += r.bytes;
        streams.add(r.stream_id);
        if (r.template_id !== null) perTemplate.set(r.template_id, (perTemplate.get(r.template_id) ?? 0) + 1);
      }
      this.delValues(JSON.stringify(rows.map((r) => r.id)));
      this.stmts.delEntries.run(ids);
      const chunks = this.stmts.delChunks.run(ids).changes;
      // Their FTS rows, and segments left empty (table and all).
      const tenantId = this.store.tenantId(tenant);
      if (tenantId !== undefined) this.store.segments.deleteChunks(tenantId, picked);
      for (const [id, n] of perTemplate) this.stmts.templateCount.run(n, id);
      for (const id of streams) this.stmts.streamSpan.run({ id });
      this.stmts.usage.run({ tenant, entries: rows.length, chunks, bytes });
      return { chunks, entries: rows.length, lineBytes: bytes, chunkIds: picked };
    });
  }

  /**
   * Deletes up to `limit` of the tenant's streams that hold no line any more, with their templates
   * and miner state, in one transaction; the store forgets them too. Returns their ids (the caller
   * drops their miners from memory).
   */
  deleteEmptyStreams(tenant: string, limit: number): number[] {
    const rows = this.store.atomically(() => {
      const found = this.stmts.emptyStreams.all({ tenant, limit }) as { id: number; labels_key: string }[];
      if (found.length === 0) return found;
      const ids = JSON.stringify(found.map((r) => r.id));
      this.stmts.delSlots.run(ids);
      this.stmts.delTemplates.run(ids);
      this.stmts.delMiners.run(ids);
      this.stmts.delStreams.run(ids);
      return found;
    });
    this.store.forgetStreams(tenant, rows.map((r) => ({ id: r.id, labelsKey: r.labels_key })));
    return rows.map((r) => r.id);
  }
}
