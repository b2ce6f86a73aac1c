import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STORAGE_LOG_PERIOD_MS, StorageHealth, storageProblem } from './storage-health.js';
import { storageApiError } from '../api/errors.js';

const sqlite = (code: string) => Object.assign(new Error(code === 'SQLITE_FULL' ? 'database or disk is full' : 'disk I/O error'), { code });

test('storageProblem: full for SQLITE_FULL, ENOSPC, EDQUOT and faiss write errors; io for SQLite I/O errors; nothing else', () => {
  assert.equal(storageProblem(sqlite('SQLITE_FULL')), 'full');
  assert.equal(storageProblem(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })), 'full');
  assert.equal(storageProblem(Object.assign(new Error('EDQUOT'), { code: 'EDQUOT' })), 'full');
  assert.equal(
    storageProblem(new Error("Error in void faiss::write_index(const Index*, IOWriter*) at index_write.cpp:401: write error in /d/ix.faiss: 4051 != 3072000 (No space left on device)")),
    'full',
  );
  for (const code of ['SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_SHMSIZE', 'EIO', 'EROFS']) assert.equal(storageProblem(sqlite(code)), 'io', code);
  for (const err of [sqlite('SQLITE_IOERR_NOMEM'), sqlite('SQLITE_CONSTRAINT_UNIQUE'), sqlite('SQLITE_BUSY'), new Error('no space left in the queue'), null, 'SQLITE_FULL', undefined]) {
    assert.equal(storageProblem(err), undefined, String(err));
  }
});

test('storageApiError: 507 storage_full and 503 storage_unavailable, both with Retry-After; others pass', () => {
  const full = storageApiError(sqlite('SQLITE_FULL'))!;
  assert.equal(full.status, 507);
  assert.equal(full.code, 'storage_full');
  assert.ok(Number(full.headers['Retry-After']) > 0);
  const io = storageApiError(sqlite('SQLITE_IOERR_WRITE'))!;
  assert.equal(io.status, 503);
  assert.equal(io.code, 'storage_unavailable');
  assert.ok(Number(io.headers['Retry-After']) > 0);
  assert.equal(storageApiError(new Error('boom')), undefined);
});

test('StorageHealth: full until an ingest write succeeds; a cache write that fits clears only what cache writes failed', () => {
  const states: string[] = [];
  const failures: string[] = [];
  const h = new StorageHealth({ onState: (s) => states.push(s), onFailure: (c, r) => failures.push(`${c}:${r}`), nowMs: () => 1_000 });
  assert.deepEqual(h.status(), { state: 'ok' });
  h.failed('ingest', sqlite('SQLITE_FULL'));
  h.failed('embedding_cache', sqlite('SQLITE_FULL'));
  assert.equal(h.status().state, 'full');
  assert.equal(h.status().failures, 2);
  assert.equal(h.status().code, 'SQLITE_FULL');
  // A few KiB went through where a push cannot: still full for ingest.
  h.succeeded('embedding_cache');
  assert.equal(h.status().state, 'full');
  h.succeeded('ingest');
  assert.deepEqual(h.status(), { state: 'ok' });
  // Only cache writes failed: a cache write that goes through clears it.
  h.failed('embedding_cache', sqlite('SQLITE_FULL'));
  h.succeeded('embedding_cache');
  assert.equal(h.status().state, 'ok');
  // An I/O error is "failing"; one that is not about storage changes nothing but is counted.
  h.failed('ingest', sqlite('SQLITE_IOERR_WRITE'));
  assert.equal(h.status().state, 'failing');
  h.succeeded('ingest');
  assert.equal(h.failed('ingest', new Error('a bug')), 'other');
  assert.equal(h.status().state, 'ok');
  assert.deepEqual(states, ['full', 'ok', 'full', 'ok', 'failing', 'ok']);
  assert.deepEqual(failures, ['ingest:full', 'embedding_cache:full', 'embedding_cache:full', 'ingest:io', 'ingest:other']);
});

test('StorageHealth logs a failure once per period per writer and reason, with the count it did not log', () => {
  let now = 0;
  const logged: { msg: string; fields?: Record<string, unknown> }[] = [];
  const h = new StorageHealth({ log: (_l, msg, fields) => logged.push({ msg, fields }), nowMs: () => now });
  for (let i = 0; i < 100; i++) h.failed('ingest', sqlite('SQLITE_FULL'));
  h.failed('embedding_cache', sqlite('SQLITE_FULL'));
  assert.equal(logged.length, 2);
  now += STORAGE_LOG_PERIOD_MS;
  h.failed('ingest', sqlite('SQLITE_FULL'));
  assert.equal(logged.length, 3);
  assert.equal(logged[2].fields?.notLoggedSinceLast, 99);
  h.succeeded('ingest');
  assert.equal(logged.at(-1)?.msg, 'storage writable again');
});
