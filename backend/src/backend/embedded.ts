// The embedded backend: the LogBackend interface over the existing single-machine store (SQLite
// entries, chunks and FTS5 segments in store/, slot values in values/, BM25 in retrieve/bm25.ts,
// value SQL in plan/sql.ts, retention in retention/deleter.ts, faiss in index/). It reuses them as
// they are; the ask path of app.ts does not go through it (yet), so its behaviour is unchanged.
//
// What this adapter adds of its own: the write of pre-computed template ids and values (the
// product's own path mines and extracts inside the store's transaction instead), a table of chunk
// vectors with a flat (exact) faiss index per tenant built from it on first use, and a lease table
// (embeddedBackendMigration).
import type { Statement } from 'better-sqlite3';
import { FaissVectorIndex } from '../index/vector-index.js';
import type { FaissModule } from '../index/faiss.js';
import { valueEquals } from '../plan/sql.js';
import { ChunkDeleter } from '../retention/deleter.js';
import { asciiLower, ValueRows } from '../values/layout.js';
import { Bm25Retriever } from '../retrieve/bm25.js';
import { matchesLabels } from '../retrieve/selector.js';
import type { Migration } from '../store/migrations.js';
import { lineHash, type Store } from '../store/store.js';
import type { Labels } from '../types.js';
import type {
  Aggregate,
  AggregateResult,
  ChunkHit,
  EntryHit,
  EntryQuery,
  Lease,
  LeaseAttempt,
  LogBackend,
  RetentionResult,
  ScannedEntry,
  Scope,
  SlotLineQuery,
  SlotRef,
  SlotValue,
  SlotValueInfo,
  TemplateText,
  WriteBatch,
  WriteResult,
} from './types.js';

/**
 * This adapter's tables: chunk vectors (the product's own path keeps them in faiss files) and
 * leases. Version 100, a block apart from the store's own sequence (1-9 and counting), which other
 * stages grow: the ledger (store/migrations.ts) knows a migration by its version alone, so two
 * stages taking the same next number would each skip the other's.
 */
export const embeddedBackendMigration: Migration = {
  version: 100,
  name: 'backend: chunk vectors and leases of the embedded LogBackend',
  up(db) {
    db.exec(`
      CREATE TABLE backend_chunk_vectors (chunk_id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, vec BLOB NOT NULL);
      CREATE INDEX backend_chunk_vectors_tenant ON backend_chunk_vectors (tenant);
      CREATE TABLE backend_leases (source_id TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_ms INTEGER NOT NULL);
    `);
  },
};

/** Chunks deleted per retention transaction (the deleter's unit of work). */
const RETENTION_BATCH = 1000;

export interface EmbeddedBackendOptions {
  /** For k-NN; without it searchVector throws (the store's other reads work). */
  faiss?: FaissModule;
  /** Vector dimension of the chunks' vectors. */
  dim: number;
}

interface Where {
  sql: string;
  params: unknown[];
}

/** An entries row as read by the queries below. */
type EntryRow = { id: bigint; ts_ns: bigint; line: string; seq: bigint; template_id: bigint | null };

/** An entries row as the backend interface returns it (the labels are its stream's). */
function entryHit(r: EntryRow, labels: Labels): EntryHit {
  return { id: String(r.id), labels, tsNs: r.ts_ns, line: r.line, seq: Number(r.seq), templateId: r.template_id === null ? null : Number(r.template_id) };
}

export class EmbeddedBackend implements LogBackend {
  readonly kind = 'embedded' as const;
  private readonly bm25: Bm25Retriever;
  private readonly deleter: ChunkDeleter;
  private readonly vectors = new Map<string, FaissVectorIndex>();
  private readonly values: ValueRows;
  private readonly stmts: Record<'entryId' | 'tag' | 'template' | 'insertVector' | 'lease' | 'putLease' | 'dropLease', Statement>;

  /** @param store opened with the values migrations (values/migration.ts) and embeddedBackendMigration. */
  constructor(
    private readonly store: Store,
    private readonly opts: EmbeddedBackendOptions,
  ) {
    const db = store.db;
    const migrated = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck().get(embeddedBackendMigration.version);
    if (!migrated) throw new Error(`EmbeddedBackend: open the store with embeddedBackendMigration (version ${embeddedBackendMigration.version})`);
    this.stmts = {
      entryId: db.prepare('SELECT id FROM entries WHERE stream_id = ? AND ts_ns = ? AND line_hash = ? AND seq = ?').pluck(),
      tag: db.prepare('UPDATE entries SET template_id = ? WHERE id = ?'),
      // A written template keeps its id (local_id too: unique per stream as the id is); the miner's counter is not kept.
      template: db.prepare('INSERT OR IGNORE INTO templates (id, stream_id, local_id, template) VALUES (?, ?, ?, ?)'),
      insertVector: db.prepare('INSERT OR REPLACE INTO backend_chunk_vectors (chunk_id, tenant, vec) VALUES (?, ?, ?)'),
      lease: db.prepare('SELECT owner, expires_ms FROM backend_leases WHERE source_id = ?'),
      putLease: db.prepare(
        `INSERT INTO backend_leases (source_id, owner, expires_ms) VALUES (?, ?, ?)
         ON CONFLICT (source_id) DO UPDATE SET owner = excluded.owner, expires_ms = excluded.expires_ms`,
      ),
      dropLease: db.prepare('DELETE FROM backend_leases WHERE source_id = ? AND owner = ?'),
    };
    this.values = new ValueRows(db);
    this.bm25 = new Bm25Retriever(store, { budgetChunks: 0 });
    this.deleter = new ChunkDeleter(store);
  }

  async write(batch: WriteBatch): Promise<WriteResult> {
    const added: { tenant: string; id: number; vec: Float32Array }[] = [];
    let result: WriteResult;
    try {
      result = this.store.atomically(() => this.writeInTransaction(batch, added));
    } finally {
      // the value dictionaries' ids are cached for this write only (a rolled-back one's are gone)
      this.values.forget();
    }
    // After the commit: an index built from the table meanwhile holds them already (add skips none,
    // so only indexes built before this write are extended).
    for (const a of added) this.vectors.get(a.tenant)?.add([a.id], [a.vec]);
    return result;
  }

  private writeInTransaction(batch: WriteBatch, added: { tenant: string; id: number; vec: Float32Array }[]): WriteResult {
    const ins = this.store.insertEntries(batch.entries, { cursor: batch.cursor });
    const ids = batch.entries.map((e) => {
      const streamId = this.store.streamId(e.tenant, e.labels);
      const id = this.stmts.entryId.get(streamId, e.tsNs, lineHash(e.line), e.seq ?? 0) as number;
      if (e.template !== undefined && e.templateId !== null) this.stmts.template.run(e.templateId, streamId, e.templateId, e.template);
      this.stmts.tag.run(e.templateId, id);
      // Replacing, not adding: a replayed entry ends with the values of its last write.
      this.values.clear(id);
      for (const v of e.values) this.values.insert(id, streamId, e.templateId, v);
      return id;
    });
    this.values.end();
    let chunks = 0;
    for (const c of batch.chunks ?? []) {
      const entryIds = c.entries.map((i) => {
        const id = ids[i];
        if (id === undefined) throw new RangeError(`chunk entry index ${i} is outside the batch`);
        return id;
      });
      const claimed = this.store.entryChunkIds(entryIds);
      // A replayed chunk: its entries belong to it already.
      if (claimed.size === entryIds.length && new Set(claimed.values()).size === 1) continue;
      if (claimed.size > 0) throw new Error('chunk overlaps a stored chunk');
      const [id] = this.store.insertChunks([
        {
          streamId: this.store.streamId(c.tenant, c.labels),
          startNs: c.startNs,
          endNs: c.endNs,
          text: c.text,
          entryIds,
          tokenCount: c.text.split(/\s+/).length,
          templateIds: [...c.templateIds],
        },
      ]);
      if (c.vector) {
        this.stmts.insertVector.run(id, c.tenant, Buffer.from(c.vector.buffer, c.vector.byteOffset, c.vector.byteLength));
        added.push({ tenant: c.tenant, id, vec: c.vector });
      }
      chunks++;
    }
    return { inserted: ins.inserted, duplicates: ins.duplicates, chunks };
  }

  async cursor(sourceId: string): Promise<string | undefined> {
    return this.store.getCursor(sourceId);
  }

  async flush(): Promise<void> {
    // Every committed transaction is visible to the next read.
  }

  /** The tenant's streams the selector picks; undefined when there is no selector (all of them). */
  private streamIds(scope: Scope): number[] | undefined {
    if (!scope.selector || scope.selector.length === 0) return undefined;
    return this.store.streams(scope.tenant).filter((s) => matchesLabels(s.labels, scope.selector!)).map((s) => s.id);
  }

  private hits(scored: { chunkId: number; score: number }[]): ChunkHit[] {
    const byId = new Map(this.store.chunks(scored.map((c) => c.chunkId)).map((c) => [c.id, c]));
    return scored.flatMap((s) => {
      const c = byId.get(s.chunkId);
      return c ? [{ id: String(c.id), score: s.score, labels: c.labels, startNs: c.startNs, endNs: c.endNs, text: c.text }] : [];
    });
  }

  async searchText(scope: Scope, terms: readonly string[], k: number): Promise<ChunkHit[]> {
    const streamIds = this.streamIds(scope);
    if (streamIds?.length === 0) return [];
    return this.hits(this.bm25.search(terms, { tenant: scope.tenant, streamIds, window: scope.window }, k));
  }

  async searchVector(scope: Scope, vector: Float32Array, k: number): Promise<ChunkHit[]> {
    const index = this.vectorIndex(scope.tenant);
    let streamIds = this.streamIds(scope);
    if (streamIds?.length === 0) return [];
    if (!streamIds && scope.window) streamIds = this.store.streams(scope.tenant).map((s) => s.id);
    const filter = streamIds ? this.store.chunkIdsInScope(streamIds, scope.window) : undefined;
    return this.hits(index.search(vector, k, filter).map((h) => ({ chunkId: h.id, score: h.score })));
  }

  async chunkEntries(tenant: string, chunkIds: readonly string[]): Promise<Map<string, EntryHit[]>> {
    const out = new Map<string, EntryHit[]>();
    const ids = chunkIds.map(Number).filter((n) => Number.isSafeInteger(n));
    const rows = this.store.db.prepare('SELECT id, ts_ns, line, seq, template_id FROM entries WHERE chunk_id = ? ORDER BY ts_ns, id').safeIntegers(true);
    for (const c of this.store.chunks(ids)) {
      if (c.tenant !== tenant) continue;
      const lines = rows.all(c.id) as { id: bigint; ts_ns: bigint; line: string; seq: bigint; template_id: bigint | null }[];
      out.set(
        String(c.id),
        lines.map((r) => entryHit(r, c.labels)),
      );
    }
    return out;
  }

  async streams(tenant: string): Promise<Labels[]> {
    return this.store.streams(tenant).map((s) => s.labels);
  }

  async templates(tenant: string): Promise<TemplateText[]> {
    const streams = new Map(this.store.streams(tenant).map((s) => [s.id, s.labels]));
    const rows = this.store.db
      .prepare('SELECT id, stream_id, template FROM templates WHERE stream_id IN (SELECT value FROM json_each(?)) AND merged_into IS NULL ORDER BY id')
      .all(JSON.stringify([...streams.keys()])) as { id: number; stream_id: number; template: string }[];
    return rows.map((r) => ({ templateId: r.id, labels: streams.get(r.stream_id)!, text: r.template }));
  }

  async *scan(tenant: string, pageSize: number): AsyncIterable<ScannedEntry[]> {
    const streams = new Map(this.store.streams(tenant).map((s) => [s.id, s.labels]));
    const ids = JSON.stringify([...streams.keys()]);
    const page = this.store.db
      .prepare('SELECT id, stream_id, ts_ns, line, seq, template_id FROM entries WHERE stream_id IN (SELECT value FROM json_each(?)) AND id > ? ORDER BY id LIMIT ?')
      .safeIntegers(true);
    const valuesOf = this.store.db.prepare(
      'SELECT entry_id, pos, key, kind, text, num, unit, after FROM entry_values WHERE entry_id IN (SELECT value FROM json_each(?)) ORDER BY entry_id, pos',
    );
    let after = 0n;
    for (;;) {
      const rows = page.all(ids, after, pageSize) as { id: bigint; stream_id: bigint; ts_ns: bigint; line: string; seq: bigint; template_id: bigint | null }[];
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.id;
      const values = new Map<number, SlotValue[]>();
      type V = { entry_id: number; pos: number; key: string; kind: SlotValue['kind']; text: string; num: number | null; unit: string | null; after: string | null };
      for (const v of valuesOf.all(JSON.stringify(rows.map((r) => Number(r.id)))) as V[]) {
        const list = values.get(v.entry_id) ?? [];
        values.set(v.entry_id, list);
        list.push({ pos: v.pos, key: v.key, kind: v.kind, text: v.text, ...(v.num !== null ? { num: v.num } : {}), ...(v.unit !== null ? { unit: v.unit } : {}), ...(v.after !== null ? { after: v.after } : {}) });
      }
      const out = rows.map((r) => ({ ...entryHit(r, streams.get(Number(r.stream_id))!), values: values.get(Number(r.id)) ?? [] }));
      out.sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : a.seq - b.seq));
      yield out;
    }
  }

  /** The tenant's flat (exact) index, built from the vectors table on first use. */
  private vectorIndex(tenant: string): FaissVectorIndex {
    let index = this.vectors.get(tenant);
    if (index) return index;
    if (!this.opts.faiss) throw new Error('k-NN needs faiss (EmbeddedBackendOptions.faiss)');
    index = FaissVectorIndex.create(this.opts.faiss, this.opts.dim, { kind: 'flat' }, () => Promise.reject(new Error('the embedded backend keeps vectors in SQLite')));
    const rows = this.store.db.prepare('SELECT chunk_id, vec FROM backend_chunk_vectors WHERE tenant = ? ORDER BY chunk_id').all(tenant) as { chunk_id: number; vec: Buffer }[];
    if (rows.length > 0) {
      index.add(
        rows.map((r) => r.chunk_id),
        rows.map((r) => new Float32Array(r.vec.buffer.slice(r.vec.byteOffset, r.vec.byteOffset + r.vec.byteLength))),
      );
    }
    this.vectors.set(tenant, index);
    return index;
  }

  /** The query's entries as a WHERE clause over `entries e` (the plan executor's shape, plan/execute.ts). */
  private where(q: EntryQuery): Where | undefined {
    const ids = this.streamIds(q.scope) ?? this.store.streams(q.scope.tenant).map((s) => s.id);
    if (ids.length === 0) return undefined;
    const parts = ['e.stream_id IN (SELECT value FROM json_each(?))'];
    const params: unknown[] = [JSON.stringify(ids)];
    if (q.scope.window) {
      parts.push('e.ts_ns >= ? AND e.ts_ns < ?');
      params.push(q.scope.window.startNs, q.scope.window.endNs);
    }
    if (q.templateIds) {
      parts.push('e.template_id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(q.templateIds));
    }
    for (const f of q.values ?? []) {
      const eq = valueEquals(f.text, 'f.norm');
      parts.push(`e.id IN (SELECT f.entry_id FROM entry_values f WHERE ${eq.sql}${f.key !== undefined ? ' AND f.key = ?' : ''} AND f.stream_id IN (SELECT value FROM json_each(?)))`);
      params.push(...eq.params, ...(f.key !== undefined ? [f.key] : []), JSON.stringify(ids));
    }
    for (const texts of q.literals ?? []) {
      parts.push(`(${texts.map(() => 'instr(e.line, ?) > 0').join(' OR ')})`);
      params.push(...texts);
    }
    return { sql: parts.join(' AND '), params };
  }

  async lookup(q: EntryQuery, limit: number, order: 'oldest' | 'newest' = 'oldest'): Promise<{ total: number; entries: EntryHit[] }> {
    const w = this.where(q);
    if (!w) return { total: 0, entries: [] };
    const db = this.store.db;
    const total = db.prepare(`SELECT count(*) FROM entries e WHERE ${w.sql}`).pluck().get(...w.params) as number;
    const rows = db
      .prepare(`SELECT e.id, e.stream_id, e.ts_ns, e.line, e.seq, e.template_id FROM entries e WHERE ${w.sql} ORDER BY ${order === 'oldest' ? 'e.ts_ns, e.id' : 'e.ts_ns DESC, e.id DESC'} LIMIT ?`)
      .safeIntegers(true)
      .all(...w.params, limit) as { id: bigint; stream_id: bigint; ts_ns: bigint; line: string; seq: bigint; template_id: bigint | null }[];
    return {
      total,
      entries: rows.map((r) => entryHit(r, this.store.stream(Number(r.stream_id))!.labels)),
    };
  }

  async aggregate(q: EntryQuery, agg: Aggregate): Promise<AggregateResult> {
    const w = this.where(q);
    const db = this.store.db;
    if (agg.op === 'count') {
      return { op: 'count', lines: w ? (db.prepare(`SELECT count(*) FROM entries e WHERE ${w.sql}`).pluck().get(...w.params) as number) : 0 };
    }
    if (agg.op === 'templates') {
      const rows = w
        ? (db.prepare(`SELECT e.template_id AS id, count(*) AS n FROM entries e WHERE ${w.sql} AND e.template_id IS NOT NULL GROUP BY 1 ORDER BY 1`).all(...w.params) as { id: number; n: number }[])
        : [];
      return { op: 'templates', counts: rows.map((r) => ({ templateId: r.id, lines: r.n })) };
    }
    if (!w) return agg.op === 'stats' ? { op: 'stats', byUnit: [] } : { op: 'top', top: [], groups: 0 };
    const slot = `v.key IN (SELECT value FROM json_each(?)) AND v.kind IN (SELECT value FROM json_each(?))`;
    const slotParams = [JSON.stringify(agg.slot.keys), JSON.stringify(agg.slot.kinds)];
    const from = `FROM entries e JOIN entry_values v ON v.entry_id = e.id WHERE ${w.sql} AND ${slot}`;
    if (agg.op === 'stats') {
      const rows = db
        .prepare(`SELECT coalesce(v.unit, '') AS unit, count(*) AS n, sum(v.num) AS s, min(v.num) AS lo, max(v.num) AS hi ${from} AND v.num IS NOT NULL GROUP BY 1 ORDER BY 1`)
        .all(...w.params, ...slotParams) as { unit: string; n: number; s: number; lo: number; hi: number }[];
      return { op: 'stats', byUnit: rows.map((r) => ({ unit: r.unit, values: r.n, sum: r.s, min: r.lo, max: r.hi })) };
    }
    // Lines, not values: a line restating its value counts once (as the plan executor counts).
    const groups = db
      .prepare(`SELECT lower(v.text) AS value, count(DISTINCT e.id) AS lines ${from} GROUP BY 1 ORDER BY lines DESC, value`)
      .all(...w.params, ...slotParams) as { value: string; lines: number }[];
    return { op: 'top', top: groups.slice(0, agg.k), groups: groups.length };
  }

  async slotLines(q: EntryQuery, lq: SlotLineQuery, limit: number): Promise<EntryHit[]> {
    const w = this.where(q);
    if (!w) return [];
    const parts = ['v.key IN (SELECT value FROM json_each(?))', 'v.kind IN (SELECT value FROM json_each(?))'];
    const params: unknown[] = [JSON.stringify(lq.slot.keys), JSON.stringify(lq.slot.kinds)];
    if (lq.value !== undefined) {
      parts.push('v.norm = ?');
      params.push(asciiLower(lq.value));
    }
    if (lq.unit !== undefined) {
      parts.push("coalesce(v.unit, '') = ?");
      params.push(lq.unit);
    }
    if (lq.numeric || lq.unit !== undefined || lq.order === 'largest' || lq.order === 'smallest') parts.push('v.num IS NOT NULL');
    const order = { oldest: 'min(e.ts_ns), e.id', newest: 'max(e.ts_ns) DESC, e.id DESC', largest: 'max(v.num) DESC, min(e.ts_ns), e.id', smallest: 'min(v.num), min(e.ts_ns), e.id' }[lq.order];
    const rows = this.store.db
      .prepare(
        `SELECT e.id, e.stream_id, e.ts_ns, e.line, e.seq, e.template_id FROM entries e JOIN entry_values v ON v.entry_id = e.id
          WHERE ${w.sql} AND ${parts.join(' AND ')} GROUP BY e.id ORDER BY ${order} LIMIT ?`,
      )
      .safeIntegers(true)
      .all(...w.params, ...params, limit) as { id: bigint; stream_id: bigint; ts_ns: bigint; line: string; seq: bigint; template_id: bigint | null }[];
    return rows.map((r) => entryHit(r, this.store.stream(Number(r.stream_id))!.labels));
  }

  async slotValues(q: EntryQuery, slot: SlotRef, values: readonly string[]): Promise<Map<string, SlotValueInfo>> {
    const w = this.where(q);
    const out = new Map<string, SlotValueInfo>();
    if (!w || values.length === 0) return out;
    const rows = this.store.db
      .prepare(
        `SELECT lower(v.text) AS k, min(v.text) AS text, min(v.num) AS num, min(v.unit) AS unit FROM entries e JOIN entry_values v ON v.entry_id = e.id
          WHERE ${w.sql} AND v.key IN (SELECT value FROM json_each(?)) AND v.kind IN (SELECT value FROM json_each(?)) AND lower(v.text) IN (SELECT value FROM json_each(?)) GROUP BY 1`,
      )
      .all(...w.params, JSON.stringify(slot.keys), JSON.stringify(slot.kinds), JSON.stringify(values)) as { k: string; text: string; num: number | null; unit: string | null }[];
    for (const r of rows) out.set(r.k, { text: r.text, num: r.num, unit: r.unit });
    return out;
  }

  /**
   * Deletes the tenant's chunks whose every line is before `beforeNs`, with their lines and values
   * (retention/deleter.ts; it keeps the store's two high-water chunks), and their vectors.
   */
  async dropBefore(tenant: string, beforeNs: bigint): Promise<RetentionResult> {
    const dropped: string[] = [];
    for (const streamId of this.deleter.streamsWithOld(tenant, beforeNs)) {
      for (;;) {
        const ids = this.deleter.chunksOlderThan(streamId, beforeNs, RETENTION_BATCH);
        if (ids.length === 0) break;
        const done = this.deleter.delete(tenant, ids);
        this.store.db.prepare('DELETE FROM backend_chunk_vectors WHERE chunk_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(done.chunkIds));
        dropped.push(...done.chunkIds.map((id) => `chunk:${id}`));
        if (done.chunkIds.length < ids.length) break;
      }
    }
    // Rebuilt from the table at the next search.
    if (dropped.length > 0) this.vectors.delete(tenant);
    return { dropped };
  }

  async acquireLease(sourceId: string, owner: string, nowMs: number, ttlMs: number): Promise<LeaseAttempt> {
    // One process writes the store, so a read and a write in one transaction cannot race.
    return this.store.atomically(() => {
      const row = this.stmts.lease.get(sourceId) as { owner: string; expires_ms: number } | undefined;
      if (row && row.owner !== owner && row.expires_ms > nowMs) {
        return { ok: false as const, held: { sourceId, owner: row.owner, expiresMs: row.expires_ms }, conflict: false };
      }
      this.stmts.putLease.run(sourceId, owner, nowMs + ttlMs);
      return { ok: true as const, lease: { sourceId, owner, expiresMs: nowMs + ttlMs }, takenOver: row !== undefined && row.owner !== owner };
    });
  }

  async releaseLease(sourceId: string, owner: string): Promise<boolean> {
    return this.stmts.dropLease.run(sourceId, owner).changes === 1;
  }

  async listLeases(prefix: string): Promise<Lease[]> {
    const rows = this.store.db
      .prepare('SELECT source_id, owner, expires_ms FROM backend_leases WHERE substr(source_id, 1, ?) = ? ORDER BY source_id')
      .all(prefix.length, prefix) as { source_id: string; owner: string; expires_ms: number }[];
    return rows.map((r) => ({ sourceId: r.source_id, owner: r.owner, expiresMs: r.expires_ms }));
  }

  async close(): Promise<void> {
    this.vectors.clear();
  }
}
