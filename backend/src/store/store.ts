import { createHash, hash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import type { Chunk, Labels, LogEntry, StoredEntry, StreamInfo, TimeWindow } from '../types.js';
import { labelsKey } from './labels.js';
import { chunkTextSql } from './chunk-text.js';
import { coreMigrations, migrate, type Migration } from './migrations.js';
import { SegmentCatalog, type Segment } from './segments.js';
import { WalCheckpointer, walLimits } from './checkpointer.js';

export interface CursorUpdate {
  sourceId: string;
  cursor: string;
}

export interface InsertResult {
  inserted: number;
  duplicates: number;
}

/** A chunk about to be stored: its entries are claimed by id in the same transaction. */
export interface NewChunk {
  streamId: number;
  startNs: bigint;
  endNs: bigint;
  text: string;
  entryIds: number[];
  tokenCount: number;
  templateIds: number[];
}

export interface StoreOptions {
  /** Extra migrations contributed by other stages (templates, embeddings). */
  migrations?: Migration[];
  readonly?: boolean;
  /** Bound on the stream caches (tests make it tiny); STREAM_CACHE_BYTES by default. */
  streamCacheBytes?: number;
  /** Chunks per segment (tests make it tiny); SEGMENT_CHUNKS by default. */
  segmentChunks?: number;
  /**
   * Checkpoint the WAL on a worker thread (store/checkpointer.ts) instead of inside commits on
   * this thread (the sidecar turns it on; a store a test or a CLI opens briefly has no need).
   */
  walCheckpointer?: boolean;
}


/**
 * Bytes (estimated) of stream ids and stream labels kept in memory; past it the cache starts over
 * (a miss is one indexed query). 16 MiB holds ~50k streams with a few labels each: every stream of
 * the 40k-stream tenant the limits test uses, while streams that come and go cannot grow it forever.
 */
export const STREAM_CACHE_BYTES = 16 * 1024 * 1024;
/** Rough heap bytes of one cached stream beyond its text (map entry, object, boxed id). */
const STREAM_CACHE_ENTRY_BYTES = 96;

/** 16 bytes of SHA-256: collisions within one (stream, ts) are beyond astronomically unlikely. */
const LINE_HASH_BYTES = 16;

export function lineHash(line: string): Buffer {
  // crypto.hash: one call, no Hash object per line (a 5,000-line push hashes every line).
  return (hash('sha256', line, 'buffer') as Buffer).subarray(0, LINE_HASH_BYTES);
}

interface StreamRow {
  id: number;
  tenant: string;
  labels_json: string;
}

/**
 * The SQLite store. One process writes (better-sqlite3 is synchronous, so statements never
 * interleave); WAL lets readers in other connections proceed while it writes.
 */
export class Store {
  private readonly streamIds = new Map<string, number>();
  private readonly streamInfo = new Map<number, StreamInfo>();
  private streamCacheBytes = 0;
  private streamCacheLimit = STREAM_CACHE_BYTES;
  private readonly stmts: {
    insertStream: Statement;
    selectStream: Statement;
    insertEntry: Statement;
    getCursor: Statement;
    putCursor: Statement;
    insertChunk: Statement;
    claimEntries: Statement;
    streamSpan: Statement;
    usage: Statement;
  };

  private constructor(public readonly db: Database, public readonly path: string) {
    this.stmts = {
      insertStream: db.prepare('INSERT OR IGNORE INTO streams (tenant, labels_key, labels_json) VALUES (?, ?, ?)'),
      selectStream: db.prepare('SELECT id FROM streams WHERE tenant = ? AND labels_key = ?'),
      insertEntry: db.prepare(
        'INSERT OR IGNORE INTO entries (stream_id, ts_ns, line, line_hash, seq) VALUES (?, ?, ?, ?, ?)',
      ),
      getCursor: db.prepare('SELECT cursor FROM cursors WHERE source_id = ?'),
      putCursor: db.prepare(
        `INSERT INTO cursors (source_id, cursor, updated_at_ms) VALUES (?, ?, ?)
         ON CONFLICT (source_id) DO UPDATE SET cursor = excluded.cursor, updated_at_ms = excluded.updated_at_ms`,
      ),
      insertChunk: db.prepare(
        `INSERT INTO chunks (stream_id, start_ns, end_ns, entry_count, token_count, template_ids)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      claimEntries: db.prepare('UPDATE entries SET chunk_id = ? WHERE id IN (SELECT value FROM json_each(?)) AND chunk_id IS NULL'),
      streamSpan: db.prepare(
        `UPDATE streams SET first_ts_ns = min(coalesce(first_ts_ns, @lo), @lo), last_ts_ns = max(coalesce(last_ts_ns, @hi), @hi)
         WHERE id = @id`,
      ),
      usage: db.prepare(
        `INSERT INTO tenant_usage (tenant, entries, chunks, line_bytes) VALUES (@tenant, @entries, @chunks, @bytes)
         ON CONFLICT (tenant) DO UPDATE SET entries = entries + @entries, chunks = chunks + @chunks, line_bytes = line_bytes + @bytes`,
      ),
    };
  }

  static open(path: string, opts: StoreOptions = {}): Store {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new BetterSqlite3(path, { readonly: opts.readonly ?? false });
    if (!opts.readonly) {
      // Pages freed by retention go back to the file system in small steps (incremental_vacuum)
      // instead of staying in the file forever. It can only be chosen before the first table;
      // older stores are converted once by Store.convertToIncrementalVacuum.
      if (db.prepare("SELECT count(*) AS n FROM sqlite_master").pluck().get() === 0) db.pragma('auto_vacuum = INCREMENTAL');
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode is durable against process crashes (SIGKILL); only an OS crash can lose
      // the last transactions, which a resumable cursor then re-fetches.
      db.pragma('synchronous = NORMAL');
      walLimits(db);
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db, [...coreMigrations, ...(opts.migrations ?? [])]);
    }
    const store = new Store(db, path);
    if (opts.walCheckpointer && !opts.readonly && path !== ':memory:') {
      store.checkpointer = WalCheckpointer.start(db, path);
    }
    if (opts.streamCacheBytes !== undefined) store.streamCacheLimit = opts.streamCacheBytes;
    store.segmentChunks = opts.segmentChunks;
    return store;
  }

  private readonly statements = new Map<string, Statement>();

  /**
   * A prepared statement per SQL text, made once: preparing on every call cost more than running
   * the statement in the chunking loop (1.5 s of 30 s at 20k streams).
   */
  private sql(text: string): Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  /** The WAL checkpointer thread, when the store was opened with one. */
  checkpointer?: WalCheckpointer;

  close(): void {
    this.checkpointer?.stop();
    this.checkpointer = undefined;
    if (this.db.open) this.db.close();
  }

  private readonly tenantIds = new Map<string, number>();
  private segmentCatalog?: SegmentCatalog;
  private segmentChunks?: number;

  /** The catalogue of chunk segments and their FTS tables (made on first use: a read-only store may predate it). */
  get segments(): SegmentCatalog {
    return (this.segmentCatalog ??= new SegmentCatalog(this.db, this.segmentChunks));
  }

  /** Id of a tenant in `tenants` (its segments), undefined before its first chunk. */
  tenantId(tenant: string): number | undefined {
    let id = this.tenantIds.get(tenant);
    if (id === undefined) {
      id = this.sql('SELECT id FROM tenants WHERE name = ?').pluck().get(tenant) as number | undefined;
      if (id !== undefined) this.tenantIds.set(tenant, id);
    }
    return id;
  }

  /** The tenant's segments, newest first (store/segments.ts); none before its first chunk. */
  segmentsOf(tenant: string): Segment[] {
    const id = this.tenantId(tenant);
    return id === undefined ? [] : this.segments.list(id);
  }

  /** The FTS5 tables of the tenant's segments, newest first (for checks over every FTS row). */
  ftsTables(tenant: string): string[] {
    return this.segmentsOf(tenant).map((s) => s.table);
  }

  /**
   * Drops every cached id (streams, tenants, open segments): another connection deleted rows
   * (retention beside the ingest writer thread, ingest/writer.ts), so a cached id may be gone.
   */
  forgetCached(): void {
    this.clearStreamCaches();
    this.forgetUncommitted();
  }

  /** Drops what was cached from inside a transaction that rolled back (tenant rows, open segments). */
  private forgetUncommitted(): void {
    this.tenantIds.clear();
    this.segmentCatalog?.reset();
  }

  /** Id of a stream, created on first use. */
  streamId(tenant: string, labels: Labels): number {
    const key = labelsKey(labels);
    const cacheKey = `${tenant}\u0000${key}`;
    const cached = this.streamIds.get(cacheKey);
    if (cached !== undefined) return cached;
    this.stmts.insertStream.run(tenant, key, JSON.stringify(labels));
    const row = this.stmts.selectStream.get(tenant, key) as { id: number };
    this.cacheBytes(2 * cacheKey.length);
    this.streamIds.set(cacheKey, row.id);
    return row.id;
  }

  /** Counts bytes about to be cached; past the bound both caches start over. */
  private cacheBytes(chars: number): void {
    this.streamCacheBytes += chars + STREAM_CACHE_ENTRY_BYTES;
    if (this.streamCacheBytes > this.streamCacheLimit) {
      this.clearStreamCaches();
      this.streamCacheBytes = chars + STREAM_CACHE_ENTRY_BYTES;
    }
  }

  private clearStreamCaches(): void {
    this.streamIds.clear();
    this.streamInfo.clear();
    this.streamCacheBytes = 0;
  }

  /** Streams deleted (retention): no cache may hand their ids out again. */
  forgetStreams(tenant: string, streams: readonly { id: number; labelsKey: string }[]): void {
    for (const s of streams) {
      this.streamIds.delete(`${tenant}\u0000${s.labelsKey}`);
      this.streamInfo.delete(s.id);
    }
  }

  /** Entries held by the stream caches (tests and metrics). */
  streamCacheSize(): { ids: number; infos: number; bytes: number } {
    return { ids: this.streamIds.size, infos: this.streamInfo.size, bytes: this.streamCacheBytes };
  }

  stream(id: number): StreamInfo | undefined {
    let info = this.streamInfo.get(id);
    if (!info) {
      const row = this.sql('SELECT id, tenant, labels_json FROM streams WHERE id = ?').get(id) as
        | StreamRow
        | undefined;
      if (!row) return undefined;
      info = { id: row.id, tenant: row.tenant, labels: JSON.parse(row.labels_json) };
      this.cacheBytes(2 * row.labels_json.length);
      this.streamInfo.set(id, info);
    }
    return info;
  }

  streams(tenant?: string): StreamInfo[] {
    const rows = (
      tenant === undefined
        ? this.sql('SELECT id, tenant, labels_json FROM streams ORDER BY id').all()
        : this.sql('SELECT id, tenant, labels_json FROM streams WHERE tenant = ? ORDER BY id').all(tenant)
    ) as StreamRow[];
    return rows.map((r) => ({ id: r.id, tenant: r.tenant, labels: JSON.parse(r.labels_json) }));
  }

  /**
   * Inserts entries and (optionally) advances a source cursor in ONE transaction: after a crash
   * either both are stored or neither, so resuming from the cursor never loses a line, and the
   * unique (stream, ts, line hash, seq) key drops any line a replay sends again.
   */
  insertEntries(entries: readonly LogEntry[], opts: { cursor?: CursorUpdate } = {}): InsertResult {
    let inserted = 0;
    const run = this.db.transaction(() => {
      const spans = new Map<number, { lo: bigint; hi: bigint }>();
      const usage = new Map<string, { entries: number; bytes: number }>();
      // A push holds runs of one stream's lines (Loki's shape): look its id up once per run.
      let runLabels: LogEntry['labels'] | undefined;
      let runTenant = '';
      let sid = 0;
      for (const e of entries) {
        if (e.labels !== runLabels || e.tenant !== runTenant) {
          sid = this.streamId(e.tenant, e.labels);
          runLabels = e.labels;
          runTenant = e.tenant;
        }
        const r = this.stmts.insertEntry.run(sid, e.tsNs, e.line, lineHash(e.line), e.seq ?? 0);
        inserted += r.changes;
        if (r.changes === 0) continue;
        const u = usage.get(e.tenant);
        const bytes = Buffer.byteLength(e.line, 'utf8');
        if (u) {
          u.entries++;
          u.bytes += bytes;
        } else usage.set(e.tenant, { entries: 1, bytes });
        const span = spans.get(sid);
        if (!span) spans.set(sid, { lo: e.tsNs, hi: e.tsNs });
        else if (e.tsNs < span.lo) span.lo = e.tsNs;
        else if (e.tsNs > span.hi) span.hi = e.tsNs;
      }
      for (const [id, span] of spans) this.stmts.streamSpan.run({ id, lo: span.lo, hi: span.hi });
      for (const [tenant, u] of usage) this.stmts.usage.run({ tenant, entries: u.entries, chunks: 0, bytes: u.bytes });
      if (opts.cursor) this.stmts.putCursor.run(opts.cursor.sourceId, opts.cursor.cursor, Date.now());
    });
    try {
      run.immediate();
    } catch (err) {
      // Stream ids created inside the rolled-back transaction no longer exist.
      this.clearStreamCaches();
      throw err;
    }
    return { inserted, duplicates: entries.length - inserted };
  }

  /**
   * Runs fn in one transaction (the store's own transactions inside it become savepoints). On
   * failure the stream caches are dropped: stream rows made inside it were rolled back.
   *
   * BEGIN IMMEDIATE, here and in the store's own transactions: two connections write the file (the
   * ingest writer thread, ingest/writer.ts, and retention on the event loop). A deferred transaction
   * that reads before it writes fails at once with SQLITE_BUSY_SNAPSHOT when the other connection
   * committed in between (the busy timeout does not apply), so under steady pushes a retention
   * pass or a chunking round could fail every time; an immediate one waits for the lock instead.
   */
  atomically<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      // Rows cached from inside the rolled-back transaction no longer exist.
      this.clearStreamCaches();
      this.forgetUncommitted();
      throw err;
    }
  }

  getCursor(sourceId: string): string | undefined {
    const row = this.stmts.getCursor.get(sourceId) as { cursor: string } | undefined;
    return row?.cursor;
  }

  cursors(): { sourceId: string; cursor: string; updatedAtMs: number }[] {
    return (this.sql('SELECT source_id, cursor, updated_at_ms FROM cursors ORDER BY source_id').all() as {
      source_id: string;
      cursor: string;
      updated_at_ms: number;
    }[]).map((r) => ({ sourceId: r.source_id, cursor: r.cursor, updatedAtMs: r.updated_at_ms }));
  }

  /** Streams holding entries not yet in a chunk. */
  streamsWithUnchunked(): number[] {
    return (
      this.sql('SELECT DISTINCT stream_id FROM entries WHERE chunk_id IS NULL').all() as { stream_id: number }[]
    ).map((r) => r.stream_id);
  }

  /** Unchunked entries of a stream in time order (ties in insertion order). */
  unchunkedEntries(streamId: number, limit: number): StoredEntry[] {
    const stmt = this.sql(
        `SELECT id, stream_id, ts_ns, line, template_id FROM entries
         WHERE stream_id = ? AND chunk_id IS NULL ORDER BY ts_ns, id LIMIT ?`,
      )
      .safeIntegers(true);
    return (stmt.all(streamId, limit) as Record<string, bigint | string | null>[]).map(toStoredEntry);
  }

  private addTenant(tenant: string): number {
    const id = this.sql('INSERT INTO tenants (name) VALUES (?) RETURNING id').pluck().get(tenant) as number;
    this.tenantIds.set(tenant, id);
    return id;
  }

  /** Stores chunks, their FTS rows (in the tenant's newest segment) and entry claims in one transaction; returns the new chunk ids. */
  insertChunks(chunks: readonly NewChunk[]): number[] {
    const ids: number[] = [];
    const tx = this.db.transaction(() => {
      const perTenant = new Map<string, number>();
      for (const c of chunks) {
        const info = this.stream(c.streamId);
        if (!info) throw new Error(`unknown stream ${c.streamId}`);
        // Its text is read back from its entries (chunk-text.ts): a chunk of no line would read as none.
        if (c.entryIds.length === 0) throw new Error('a chunk holds at least one entry');
        perTenant.set(info.tenant, (perTenant.get(info.tenant) ?? 0) + 1);
        const r = this.stmts.insertChunk.run(
          c.streamId,
          c.startNs,
          c.endNs,
          c.entryIds.length,
          c.tokenCount,
          JSON.stringify(c.templateIds),
        );
        const id = Number(r.lastInsertRowid);
        const tenantId = this.tenantId(info.tenant) ?? this.addTenant(info.tenant);
        this.segments.insert(tenantId, { id, startNs: c.startNs, endNs: c.endNs, labels: info.labels, text: c.text });
        // One statement per chunk, not per entry; fewer changes than ids means one was claimed already.
        if (this.stmts.claimEntries.run(id, JSON.stringify(c.entryIds)).changes !== new Set(c.entryIds).size) {
          throw new Error(`an entry of chunk ${id} already belongs to a chunk`);
        }
        ids.push(id);
      }
      for (const [tenant, n] of perTenant) this.stmts.usage.run({ tenant, entries: 0, chunks: n, bytes: 0 });
    });
    try {
      tx.immediate();
    } catch (err) {
      // A tenant row and segment made inside the rolled-back transaction no longer exist.
      this.forgetUncommitted();
      throw err;
    }
    return ids;
  }

  chunk(id: number): Chunk | undefined {
    return this.chunks([id])[0];
  }

  chunks(ids: readonly number[]): Chunk[] {
    if (ids.length === 0) return [];
    const stmt = this.sql(
        `SELECT c.id, c.stream_id, c.start_ns, c.end_ns, ${chunkTextSql('c')} AS text, c.entry_count, c.token_count
         FROM chunks c WHERE c.id IN (SELECT value FROM json_each(?))`,
      )
      .safeIntegers(true);
    const rows = stmt.all(JSON.stringify(ids)) as Record<string, bigint | string>[];
    const byId = new Map<number, Chunk>();
    for (const r of rows) {
      const streamId = Number(r.stream_id);
      const info = this.stream(streamId)!;
      byId.set(Number(r.id), {
        id: Number(r.id),
        streamId,
        tenant: info.tenant,
        labels: info.labels,
        startNs: r.start_ns as bigint,
        endNs: r.end_ns as bigint,
        text: r.text as string,
        entryCount: Number(r.entry_count),
        tokenCount: Number(r.token_count),
      });
    }
    return ids.map((id) => byId.get(id)).filter((c): c is Chunk => c !== undefined);
  }

  /** Entries of a chunk in time order. */
  chunkEntries(chunkId: number): StoredEntry[] {
    const stmt = this.sql('SELECT id, stream_id, ts_ns, line, template_id FROM entries WHERE chunk_id = ? ORDER BY ts_ns, id')
      .safeIntegers(true);
    return (stmt.all(chunkId) as Record<string, bigint | string | null>[]).map(toStoredEntry);
  }

  /** Ids of the chunks of these streams overlapping a window (all of them without one). */
  chunkIdsInScope(streamIds: readonly number[], window?: TimeWindow): Set<number> {
    const rows = window
      ? (this.sql('SELECT id FROM chunks WHERE stream_id IN (SELECT value FROM json_each(?)) AND end_ns >= ? AND start_ns < ?')
          .pluck()
          .all(JSON.stringify(streamIds), window.startNs, window.endNs) as number[])
      : (this.sql('SELECT id FROM chunks WHERE stream_id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(streamIds)) as number[]);
    return new Set(rows);
  }

  /** Entries by id (those that exist). */
  entriesByIds(ids: readonly number[]): Map<number, StoredEntry> {
    const stmt = this.sql('SELECT id, stream_id, ts_ns, line, template_id FROM entries WHERE id IN (SELECT value FROM json_each(?))')
      .safeIntegers(true);
    const rows = (stmt.all(JSON.stringify(ids)) as Record<string, bigint | string | null>[]).map(toStoredEntry);
    return new Map(rows.map((e) => [e.id, e]));
  }

  /** The chunk each entry belongs to (absent when not yet chunked). */
  entryChunkIds(entryIds: readonly number[]): Map<number, number> {
    const rows = this.sql('SELECT id, chunk_id FROM entries WHERE id IN (SELECT value FROM json_each(?)) AND chunk_id IS NOT NULL')
      .all(JSON.stringify(entryIds)) as { id: number; chunk_id: number }[];
    return new Map(rows.map((r) => [r.id, r.chunk_id]));
  }

  /** Entries of the given streams inside a window, oldest first, at most `limit`. */
  entriesInWindow(streamIds: readonly number[], window: TimeWindow, limit: number): StoredEntry[] {
    const stmt = this.sql(
        `SELECT id, stream_id, ts_ns, line, template_id FROM entries
         WHERE stream_id IN (SELECT value FROM json_each(?)) AND ts_ns >= ? AND ts_ns < ?
         ORDER BY ts_ns, id LIMIT ?`,
      )
      .safeIntegers(true);
    return (
      stmt.all(JSON.stringify(streamIds), window.startNs, window.endNs, limit) as Record<string, bigint | string | null>[]
    ).map(toStoredEntry);
  }

  /**
   * Earliest and latest entry timestamps of a tenant (or of some of its streams), or undefined when
   * they hold none. Read from the per-stream span kept at insert: no scan of the entries.
   */
  timeRange(tenant: string, streamIds?: readonly number[]): TimeWindow | undefined {
    const row = (
      streamIds
        ? this.sql('SELECT min(first_ts_ns) AS lo, max(last_ts_ns) AS hi FROM streams WHERE id IN (SELECT value FROM json_each(?)) AND tenant = ?')
            .safeIntegers(true)
            .get(JSON.stringify(streamIds), tenant)
        : this.sql('SELECT min(first_ts_ns) AS lo, max(last_ts_ns) AS hi FROM streams WHERE tenant = ?').safeIntegers(true).get(tenant)
    ) as { lo: bigint | null; hi: bigint | null };
    if (row.lo === null || row.hi === null) return undefined;
    return { startNs: row.lo, endNs: row.hi + 1n };
  }

  /** Whether any of these streams has an entry inside the window (one index probe per stream). */
  hasEntries(streamIds: readonly number[], window: TimeWindow): boolean {
    return (
      this.sql('SELECT 1 FROM entries WHERE stream_id IN (SELECT value FROM json_each(?)) AND ts_ns >= ? AND ts_ns < ? LIMIT 1')
        .get(JSON.stringify(streamIds), window.startNs, window.endNs) !== undefined
    );
  }

  counts(): { streams: number; entries: number; chunks: number; unchunked: number } {
    const one = (sql: string) => (this.sql(sql).get() as { n: number }).n;
    return {
      streams: one('SELECT count(*) AS n FROM streams'),
      entries: one('SELECT count(*) AS n FROM entries'),
      chunks: one('SELECT count(*) AS n FROM chunks'),
      unchunked: one('SELECT count(*) AS n FROM entries WHERE chunk_id IS NULL'),
    };
  }

  /**
   * Entry, chunk and line-byte counts of one tenant, from the counters kept at insert and at
   * deletion (one row; counting the entries took 16 s at 3M lines).
   */
  tenantCounts(tenant: string): { entries: number; chunks: number; lineBytes: number } {
    const row = this.sql('SELECT entries, chunks, line_bytes FROM tenant_usage WHERE tenant = ?').get(tenant) as
      | { entries: number; chunks: number; line_bytes: number }
      | undefined;
    return { entries: row?.entries ?? 0, chunks: row?.chunks ?? 0, lineBytes: row?.line_bytes ?? 0 };
  }

  /** Tenants that have stored anything. */
  tenants(): string[] {
    return this.sql('SELECT tenant FROM tenant_usage ORDER BY tenant').pluck().all() as string[];
  }

  /**
   * Turns on incremental vacuum for a store made before it existed: one VACUUM, which rewrites the
   * file (time and free disk space proportional to its size). Returns false when it was on already.
   */
  convertToIncrementalVacuum(): boolean {
    if ((this.db.pragma('auto_vacuum', { simple: true }) as number) === 2) return false;
    this.db.pragma('auto_vacuum = INCREMENTAL');
    this.db.exec('VACUUM');
    return true;
  }

  /**
   * A digest of everything stored (streams, entries, chunks, cursors) so tests can prove that a
   * rejected request changed nothing.
   */
  contentHash(): string {
    const h = createHash('sha256');
    for (const sql of [
      'SELECT id, tenant, labels_key FROM streams ORDER BY id',
      'SELECT id, stream_id, ts_ns, line, seq, chunk_id FROM entries ORDER BY id',
      `SELECT c.id, c.stream_id, c.start_ns, c.end_ns, ${chunkTextSql('c')} FROM chunks c ORDER BY c.id`,
      'SELECT source_id, cursor FROM cursors ORDER BY source_id',
    ]) {
      for (const row of this.sql(sql).raw(true).safeIntegers(true).iterate()) {
        h.update(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
        h.update('\n');
      }
    }
    return h.digest('hex');
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }
}


function toStoredEntry(r: Record<string, bigint | string | null>): StoredEntry {
  return {
    id: Number(r.id),
    streamId: Number(r.stream_id),
    tsNs: r.ts_ns as bigint,
    line: r.line as string,
    templateId: r.template_id === null ? null : Number(r.template_id),
  };
}
