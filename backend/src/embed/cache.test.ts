import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { blobToVector, contentHash, LruCache, SqliteEmbeddingStore, vectorToBlob } from './cache.js';
import { embeddingCacheMigration } from './migration.js';

test('LRU evicts the least recently used entry', () => {
  const lru = new LruCache<number>(2);
  lru.set('a', 1);
  lru.set('b', 2);
  assert.equal(lru.get('a'), 1); // a is now most recent
  lru.set('c', 3);
  assert.equal(lru.get('b'), undefined);
  assert.equal(lru.get('a'), 1);
  assert.equal(lru.get('c'), 3);
  assert.equal(lru.size, 2);
});

test('LRU of size 0 stores nothing', () => {
  const lru = new LruCache<number>(0);
  lru.set('a', 1);
  assert.equal(lru.get('a'), undefined);
});

test('content hash is sha256 hex of the exact text', () => {
  assert.equal(contentHash('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.notEqual(contentHash('abc'), contentHash('abc '));
});

test('vector blobs round-trip, also from an unaligned buffer', () => {
  const v = new Float32Array([0.5, -1.25, 3e-7]);
  const blob = vectorToBlob(v);
  const unaligned = Buffer.concat([Buffer.from([9]), blob]).subarray(1);
  assert.deepEqual(blobToVector(unaligned), v);
});

test('SQLite store: migration 3 creates the table; vectors round-trip scoped by model id', () => {
  const db = new Database(':memory:');
  try {
    assert.equal(embeddingCacheMigration.version, 3);
    embeddingCacheMigration.up(db);
    embeddingCacheMigration.up(db); // idempotent
    const store = new SqliteEmbeddingStore(db, () => 42);
    const h1 = contentHash('one');
    const h2 = contentHash('two');
    store.putMany('m1', [{ hash: h1, vector: new Float32Array([1, 0, 0]) }]);
    store.putMany('m1', [{ hash: h1, vector: new Float32Array([0, 1, 0]) }]); // first write wins
    const got = store.getMany('m1', [h1, h2]);
    assert.deepEqual([...got.keys()], [h1]);
    assert.deepEqual(Array.from(got.get(h1) as Float32Array), [1, 0, 0]);
    assert.equal(store.getMany('m2', [h1]).size, 0);
    const row = db.prepare('SELECT dim, created_at_ms FROM embedding_cache').get() as { dim: number; created_at_ms: number };
    assert.deepEqual(row, { dim: 3, created_at_ms: 42 });
  } finally {
    db.close();
  }
});
