import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createApp } from '../app.js';
import { loadConfig } from '../config/load.js';
import { contentHash } from '../embed/cache.js';
import { createLogger } from '../telemetry/logger.js';

// A question's vector is not written to the store's embedding cache: that write is a commit, and
// every commit drops the change analyses kept for the store (whatchanged/analysis.ts), so each new
// question made the next "why" analyse its window again with no log line changed.
test('a vector search for a new question commits nothing to the store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-query-vectors-'));
  const app = createApp(loadConfig({}, { dataDir: dir, auth: { disabled: true }, retention: { maxAgeHours: 0 } }), { logger: createLogger('silent'), processMetrics: false });
  const watcher = new Database(app.store.path, { readonly: true, fileMustExist: true });
  try {
    const t0 = Date.parse('2026-03-02T09:00:00Z');
    const lines = Array.from({ length: 40 }, (_, i) => ({
      tenant: 'default',
      labels: { job: 'api' },
      tsNs: BigInt(t0 + i * 1000) * 1_000_000n,
      line: i % 2 ? `level=error msg="query failed" upstream=postgres:5432 req=r${i}` : `level=info msg="query served" duration=${i}ms req=r${i}`,
    }));
    app.pipeline.ingest('push', lines, { final: true });
    app.pipeline.chunkPending(true);
    await app.vectors!.idle();
    assert.equal(app.vectors!.canServe('default'), true);
    const version = watcher.pragma('data_version', { simple: true });
    const rows = () => watcher.prepare('SELECT count(*) FROM embedding_cache').pluck().get() as number;
    const before = rows();
    const question = 'why did the queries to postgres fail?';
    const hits = await app.vectors!.search('default', question, 5);
    assert.ok(hits && hits.length > 0, 'the index answers');
    assert.equal(watcher.pragma('data_version', { simple: true }), version, 'no commit');
    assert.equal(rows(), before);
    assert.equal(watcher.prepare('SELECT count(*) FROM embedding_cache WHERE content_hash = unhex(?)').pluck().get(contentHash(question)), 0);
    // Asked again: the same hits (its vector kept in memory).
    assert.deepEqual(await app.vectors!.search('default', question, 5), hits);
  } finally {
    watcher.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
