// Embedding caches keyed by a content hash. The in-memory LRU absorbs repeats within a process;
// the optional SQLite store (table from migration.ts) keeps vectors across restarts so a
// re-ingest of the same chunks costs no model time.
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';

/** sha256 of the exact text (hex). The model id is not mixed in: stores are scoped by model id instead. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Least-recently-used map bounded by entry count (a Map iterates in insertion order). */
export class LruCache<V> {
  private readonly map = new Map<string, V>();

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new Error(`maxEntries must be an integer >= 0, got ${maxEntries}`);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    if (this.maxEntries === 0) return;
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
  }

  clear(): void {
    this.map.clear();
  }
}

/** A persistent vector store the embedder consults after its LRU and before the model. */
export interface EmbeddingStore {
  /** Stored vectors by content hash, for the hashes present under this model id. */
  getMany(modelId: string, hashes: string[]): Map<string, Float32Array>;
  /** All or nothing (one transaction). Throws when the write fails (SQLITE_FULL): callers treat it as best effort. */
  putMany(modelId: string, entries: Array<{ hash: string; vector: Float32Array }>): void;
}

/** Rows in `embedding_cache` (migration 200), scoped by model id so a model swap never serves stale vectors. */
export class SqliteEmbeddingStore implements EmbeddingStore {
  private readonly selectStmt;
  private readonly insertStmt;
  private readonly insertMany;

  constructor(
    db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.selectStmt = db.prepare<[string, string], { content_hash: Buffer; dim: number; vector: Buffer }>(
      `SELECT content_hash, dim, vector FROM embedding_cache
        WHERE model_id = ? AND content_hash IN (SELECT unhex(value) FROM json_each(?))`,
    );
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO embedding_cache (model_id, content_hash, dim, vector, created_at_ms) VALUES (?, ?, ?, ?, ?)`,
    );
    this.insertMany = db.transaction((modelId: string, entries: Array<{ hash: string; vector: Float32Array }>) => {
      const ts = this.now();
      for (const e of entries) {
        this.insertStmt.run(modelId, Buffer.from(e.hash, 'hex'), e.vector.length, vectorToBlob(e.vector), ts);
      }
    });
  }

  getMany(modelId: string, hashes: string[]): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    if (hashes.length === 0) return out;
    for (const row of this.selectStmt.all(modelId, JSON.stringify(hashes))) {
      const v = blobToVector(row.vector);
      if (v.length === row.dim) out.set(row.content_hash.toString('hex'), v);
    }
    return out;
  }

  putMany(modelId: string, entries: Array<{ hash: string; vector: Float32Array }>): void {
    if (entries.length > 0) this.insertMany(modelId, entries);
  }
}

/** Little-endian float32 bytes, the layout every x86/ARM host reads back directly. */
export function vectorToBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function blobToVector(b: Buffer): Float32Array {
  // Copy: a Buffer from SQLite may sit at an offset that is not 4-byte aligned.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
