// Test helper: a real SQLite file with the store's streams/entries tables (as in the store schema)
// plus the templates migration, and a way to insert entries.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { templatesMigration } from './migration.js';

export interface TestDb {
  path: string;
  db: Database.Database;
  streamId(tenant: string, labelsKey: string): number;
  insert(streamId: number, tsNs: bigint, line: string): number;
  reopen(): Database.Database;
  cleanup(): void;
}

export function createTestDb(): TestDb {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-templates-'));
  const path = join(dir, 'store.db');
  let db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE streams (
      id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, labels_key TEXT NOT NULL, labels_json TEXT NOT NULL,
      UNIQUE (tenant, labels_key)
    );
    CREATE TABLE entries (
      id INTEGER PRIMARY KEY, stream_id INTEGER NOT NULL REFERENCES streams(id), ts_ns INTEGER NOT NULL,
      line TEXT NOT NULL, line_hash BLOB NOT NULL, seq INTEGER NOT NULL DEFAULT 0, template_id INTEGER,
      chunk_id INTEGER, UNIQUE (stream_id, ts_ns, line_hash, seq)
    );
  `);
  templatesMigration.up(db);
  const t: TestDb = {
    path,
    db,
    streamId(tenant, labelsKey) {
      t.db
        .prepare('INSERT OR IGNORE INTO streams (tenant, labels_key, labels_json) VALUES (?, ?, ?)')
        .run(tenant, labelsKey, '{}');
      return (
        t.db.prepare('SELECT id FROM streams WHERE tenant = ? AND labels_key = ?').get(tenant, labelsKey) as {
          id: number;
        }
      ).id;
    },
    insert(streamId, tsNs, line) {
      const hash = createHash('sha256').update(line).digest();
      const r = t.db
        .prepare('INSERT INTO entries (stream_id, ts_ns, line, line_hash) VALUES (?, ?, ?, ?)')
        .run(streamId, tsNs, line, hash);
      return Number(r.lastInsertRowid);
    },
    reopen() {
      t.db.close();
      db = new Database(path);
      t.db = db;
      return db;
    },
    cleanup() {
      if (t.db.open) t.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}
