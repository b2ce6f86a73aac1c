import type { Database } from 'better-sqlite3';

/** A schema step. Versions only grow; a migration never rewrites one that shipped. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
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
];

/**
 * Applies pending migrations in order, each in its own transaction, tracking the version in
 * PRAGMA user_version so a crash between two migrations resumes at the right one.
 */
export function migrate(db: Database, migrations: Migration[]): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const seen = new Set<number>();
  for (const m of sorted) {
    if (seen.has(m.version)) throw new Error(`duplicate migration version ${m.version}`);
    seen.add(m.version);
  }
  let current = db.pragma('user_version', { simple: true }) as number;
  for (const m of sorted) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    current = m.version;
  }
  return current;
}
