// Deletes whole chunks of one tenant and everything derived from their lines, in one transaction:
// entries, their slot values, the chunks' FTS rows, template counts, stream time spans and the
// tenant's usage counters. A chunk is the unit because FTS rows and vectors are per chunk: deleting
// part of one would leave an FTS row and a vector describing lines that are gone.
import type { Statement } from 'better-sqlite3';
import type { Store } from '../store/store.js';

export interface DeletedBatch {
  chunks: number;
  entries: number;
  lineBytes: number;
  /** Ids of the deleted chunks, for the vector index. */
  chunkIds: number[];
}

export class ChunkDeleter {
  private readonly hasValues: boolean;
  private readonly hasTemplates: boolean;
  private readonly stmts: Record<'oldByAge' | 'oldest' | 'entries' | 'delValues' | 'delEntries' | 'delChunks' | 'templateCount' | 'streamSpan' | 'usage', Statement>;

  constructor(private readonly store: Store) {
    const db = store.db;
    const table = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    this.hasValues = table('entry_values');
    this.hasTemplates = table('templates');
    this.stmts = {
      // start_ns < cutoff bounds the walk of chunks_time; end_ns < cutoff keeps chunks that reach
      // past it whole until all their lines are old.
      oldByAge: db
        .prepare(
          `SELECT c.id FROM chunks c
            WHERE c.start_ns < @cutoff AND c.end_ns < @cutoff
              AND c.stream_id IN (SELECT id FROM streams WHERE tenant = @tenant)
            ORDER BY c.start_ns LIMIT @limit`,
        )
        .pluck(),
      oldest: db
        .prepare(
          `SELECT c.id FROM chunks c
            WHERE c.stream_id IN (SELECT id FROM streams WHERE tenant = @tenant)
            ORDER BY c.start_ns LIMIT @limit`,
        )
        .pluck(),
      entries: db.prepare(
        `SELECT id, stream_id, template_id, length(CAST(line AS BLOB)) AS bytes
           FROM entries WHERE chunk_id IN (SELECT value FROM json_each(?))`,
      ),
      delValues: this.hasValues
        ? db.prepare('DELETE FROM entry_values WHERE entry_id IN (SELECT value FROM json_each(?))')
        : db.prepare('SELECT 1'),
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
    };
  }

  /** Up to `limit` of the tenant's chunks whose every line is stamped before `cutoffNs`, oldest first. */
  chunksOlderThan(tenant: string, cutoffNs: bigint, limit: number): number[] {
    return this.stmts.oldByAge.all({ tenant, cutoff: cutoffNs, limit }) as number[];
  }

  /** The tenant's `limit` oldest chunks. */
  oldestChunks(tenant: string, limit: number): number[] {
    return this.stmts.oldest.all({ tenant, limit }) as number[];
  }

  /** Deletes these chunks of the tenant (all of them, with their lines) in one transaction. */
  delete(tenant: string, chunkIds: readonly number[]): DeletedBatch {
    if (chunkIds.length === 0) return { chunks: 0, entries: 0, lineBytes: 0, chunkIds: [] };
    const ids = JSON.stringify(chunkIds);
    return this.store.atomically(() => {
      const rows = this.stmts.entries.all(ids) as { id: number; stream_id: number; template_id: number | null; bytes: number }[];
      const perTemplate = new Map<number, number>();
      const streams = new Set<number>();
      let bytes = 0;
      for (const r of rows) {
        bytes += r.bytes;
        streams.add(r.stream_id);
        if (r.template_id !== null) perTemplate.set(r.template_id, (perTemplate.get(r.template_id) ?? 0) + 1);
      }
      this.stmts.delValues.run(JSON.stringify(rows.map((r) => r.id)));
      this.stmts.delEntries.run(ids);
      const fts = this.store.ftsTable(tenant);
      if (fts) this.store.db.prepare(`DELETE FROM ${fts} WHERE rowid IN (SELECT value FROM json_each(?))`).run(ids);
      const chunks = this.stmts.delChunks.run(ids).changes;
      for (const [id, n] of perTemplate) this.stmts.templateCount.run(n, id);
      for (const id of streams) this.stmts.streamSpan.run({ id });
      this.stmts.usage.run({ tenant, entries: rows.length, chunks, bytes });
      return { chunks, entries: rows.length, lineBytes: bytes, chunkIds: [...chunkIds] };
    });
  }
}
