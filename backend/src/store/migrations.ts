import type { Database } from 'better-sqlite3';
import { createChunkFts, labelsText } from './fts.js';
import { SEGMENT_MIGRATION } from './segments.js';
import { CHUNK_TEXT_MIGRATION, chunkTextSql } from './chunk-text.js';

/** A schema step. Versions only grow; a migration never rewrites one that shipped. */
export interface Migration {
  version: number;
  name: string;
  /** `later`: the migrations this run applies after this one (a backfill a later one redoes can pass). */
  up(db: Database, later?: readonly Migration[]): void;
  /** It reads every entry's values again from its line and template (values/migration.ts). */
  readsAllValues?: boolean;
}

export const coreMigrations: Migration[] = [
  {
    version: 1,
    name: 'streams, entries, chunks, fts5, cursors',
    up(db) {
      db.exec(`
        CREATE TABLE streams (
          id INTEGER PRIMARY KEY,
          tenant TEXT NOT NULL,
          labels_key TEXT NOT NULL,
          labels_json TEXT NOT NULL,
          UNIQUE (tenant, labels_key)
        );
        CREATE TABLE entries (
          id INTEGER PRIMARY KEY,
          stream_id INTEGER NOT NULL REFERENCES streams(id),
          ts_ns INTEGER NOT NULL,
          line TEXT NOT NULL,
          line_hash BLOB NOT NULL,
          seq INTEGER NOT NULL DEFAULT 0,
          template_id INTEGER,
          chunk_id INTEGER,
          UNIQUE (stream_id, ts_ns, line_hash, seq)
        );
        CREATE INDEX entries_stream_ts ON entries (stream_id, ts_ns);
        CREATE INDEX entries_unchunked ON entries (stream_id, ts_ns) WHERE chunk_id IS NULL;
        CREATE INDEX entries_chunk ON entries (chunk_id);
        CREATE TABLE chunks (
          id INTEGER PRIMARY KEY,
          stream_id INTEGER NOT NULL REFERENCES streams(id),
          start_ns INTEGER NOT NULL,
          end_ns INTEGER NOT NULL,
          text TEXT NOT NULL,
          entry_count INTEGER NOT NULL,
          token_count INTEGER NOT NULL,
          template_ids TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX chunks_stream_time ON chunks (stream_id, start_ns);
        CREATE INDEX chunks_time ON chunks (start_ns);
        -- labels apart from text so bm25() can weigh a service name apart from words in lines;
        -- tenant as a column so a search narrows to one tenant's doclists inside FTS5 (weight 0).
        -- porter: "failing" in a question finds "failed" in a line.
        CREATE VIRTUAL TABLE chunks_fts USING fts5 (
          tenant, labels, text,
          content = '',
          contentless_delete = 1,
          tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TABLE cursors (
          source_id TEXT PRIMARY KEY,
          cursor TEXT NOT NULL,
          updated_at_ms INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 4,
    name: 'per-tenant FTS5 tables',
    up(db) {
      // One FTS5 table per tenant: bm25() uses its table's statistics (document counts, average
      // length), so with one shared table another tenant's data changed this tenant's ranking.
      db.exec('CREATE TABLE tenants (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
      const tenants = db.prepare('SELECT DISTINCT tenant FROM streams ORDER BY tenant').pluck().all() as string[];
      const addTenant = db.prepare('INSERT INTO tenants (name) VALUES (?) RETURNING id').pluck();
      for (const t of tenants) {
        const table = createTenantFts(db, addTenant.get(t) as number);
        const insert = db.prepare(`INSERT INTO ${table} (rowid, labels, text) VALUES (?, ?, ?)`);
        const rows = db
          .prepare(`SELECT c.id, s.labels_json, ${chunkTextSql('c')} AS text FROM chunks c JOIN streams s ON s.id = c.stream_id WHERE s.tenant = ?`)
          .iterate(t) as Iterable<{ id: number; labels_json: string; text: string }>;
        for (const r of rows) insert.run(r.id, labelsText(JSON.parse(r.labels_json)), r.text);
      }
      db.exec('DROP TABLE chunks_fts');
    },
  },
  {
    version: 5,
    name: 'streams: first and last entry time',
    up(db) {
      // Every ask needs the newest time of the streams it is about ("at 14:05" picks that day);
      // min/max over entries scanned the whole (stream, ts) index of a tenant on every ask.
      db.exec(`
        ALTER TABLE streams ADD COLUMN first_ts_ns INTEGER;
        ALTER TABLE streams ADD COLUMN last_ts_ns INTEGER;
        UPDATE streams SET
          first_ts_ns = (SELECT min(ts_ns) FROM entries WHERE stream_id = streams.id),
          last_ts_ns = (SELECT max(ts_ns) FROM entries WHERE stream_id = streams.id);
      `);
    },
  },
  {
    version: 7,
    name: 'tenant usage counters; drop the index the unique key already covers',
    up(db) {
      // Entries, chunks and line bytes per tenant, kept at insert and at deletion: /readyz counts
      // and size-based retention read one row instead of counting a tenant's entries (16 s at 3M).
      db.exec(`
        CREATE TABLE tenant_usage (
          tenant TEXT PRIMARY KEY,
          entries INTEGER NOT NULL DEFAULT 0,
          chunks INTEGER NOT NULL DEFAULT 0,
          line_bytes INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        INSERT INTO tenant_usage (tenant, entries, chunks, line_bytes)
          SELECT s.tenant,
                 (SELECT count(*) FROM entries e WHERE e.stream_id IN (SELECT id FROM streams WHERE tenant = s.tenant)),
                 (SELECT count(*) FROM chunks c WHERE c.stream_id IN (SELECT id FROM streams WHERE tenant = s.tenant)),
                 (SELECT coalesce(sum(length(CAST(e.line AS BLOB))), 0) FROM entries e WHERE e.stream_id IN (SELECT id FROM streams WHERE tenant = s.tenant))
            FROM (SELECT DISTINCT tenant FROM streams) s;
        -- UNIQUE (stream_id, ts_ns, line_hash, seq) already orders entries by (stream_id, ts_ns):
        -- this second index cost ~30 bytes per line and served no query the unique key does not.
        DROP INDEX IF EXISTS entries_stream_ts;
      `);
    },
  },
  SEGMENT_MIGRATION,
  CHUNK_TEXT_MIGRATION,
];

/** The FTS5 table of the tenant with this id (before segments: store/segments.ts replaced it). */
export function tenantFtsTable(tenantId: number): string {
  return `chunks_fts_${tenantId}`;
}

/** Creates a tenant's FTS5 table (migration 4; migration 8 splits it into segments). */
export function createTenantFts(db: Database, tenantId: number): string {
  const table = tenantFtsTable(tenantId);
  createChunkFts(db, table);
  return table;
}

/**
 * Applies, in version order, every migration not yet recorded in `schema_migrations`, each in its
 * own transaction with its record, so a crash between two resumes at the right one. A ledger
 * rather than one version number: stages contribute migrations, and a store opened once without
 * one of them must still get it later.
 */
export function migrate(db: Database, migrations: Migration[]): number[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const seen = new Set<number>();
  for (const m of sorted) {
    if (seen.has(m.version)) throw new Error(`duplicate migration version ${m.version}`);
    seen.add(m.version);
  }
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL)');
  // Stores from before the ledger recorded only PRAGMA user_version (the highest applied).
  const legacy = db.pragma('user_version', { simple: true }) as number;
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)');
  const pending = sorted.filter((m) => !applied.has(m.version));
  for (const [i, m] of pending.entries()) {
    db.transaction(() => {
      if (m.version > legacy) m.up(db, pending.slice(i + 1));
      record.run(m.version, m.name, Date.now());
    })();
    applied.add(m.version);
  }
  return [...applied].sort((a, b) => a - b);
}
