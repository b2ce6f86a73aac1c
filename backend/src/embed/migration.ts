// Schema the embedding stage contributes to the store; the lead registers it with the store's
// migration list (the lead registers it as version 3).
import type { Database } from 'better-sqlite3';

/** Same shape as the store's migrations: applied once, in version order, inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const embeddingCacheMigration: Migration = {
  version: 3,
  name: 'embed: embedding_cache',
  up(db) {
    // WITHOUT ROWID: the (model, hash) key is the only access path, so the table is the index.
    db.exec(`
      CREATE TABLE IF NOT EXISTS embedding_cache (
        model_id      TEXT    NOT NULL,
        content_hash  BLOB    NOT NULL,   -- sha256 of the embedded text, 32 bytes
        dim           INTEGER NOT NULL,
        vector        BLOB    NOT NULL,   -- dim little-endian float32s, L2-normalised
        created_at_ms INTEGER NOT NULL,
        PRIMARY KEY (model_id, content_hash)
      ) WITHOUT ROWID;
    `);
  },
};
