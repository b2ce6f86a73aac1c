// The follower's sink and cursor over a LogBackend (the embedded one, in memory), and the follow
// client options of the validated config.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Store } from '../store/store.js';
import { templatesMigration } from '../templates/index.js';
import type { LogEntry } from '../types.js';
import { valuesKeysMigration, valuesMigration } from '../values/migration.js';
import { EmbeddedBackend, embeddedBackendMigration } from './embedded.js';
import { loadConfig } from '../config/load.js';
import { lokiAuthOf, openSearchOptions, splitCredentials } from './follow.js';
import { backendCursor, backendSink, LeaseLostError } from './ingest.js';
import type { WriteBatch } from './types.js';

const labels = { app: 'api' };
const entry = (i: number, tenant = 'acme'): LogEntry => ({ tenant, labels, tsNs: 1_700_000_000_000_000_000n + BigInt(i), line: `GET /orders/${i} took ${i + 10} ms from 10.0.0.${i % 3}` });

describe('backend sink', () => {
  let store: Store;
  let backend: EmbeddedBackend;
  beforeEach(() => {
    store = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration, valuesKeysMigration, embeddedBackendMigration] });
    backend = new EmbeddedBackend(store, { dim: 4 });
  });
  afterEach(() => store.close());

  test('a page is written with its typed values and no template; the cursor with it; a replay adds nothing', async () => {
    const sink = backendSink({ backend, sourceId: 'src' });
    const page = [0, 1, 2, 3, 4].map((i) => entry(i));
    assert.deepEqual(await sink(page, 'c1'), { inserted: 5, duplicates: 0 });
    assert.equal(await backendCursor(backend, 'src')(), 'c1');
    const got = await backend.lookup({ scope: { tenant: 'acme' }, values: [{ text: '10.0.0.1' }] }, 10);
    assert.deepEqual(got.entries.map((e) => [e.line, e.templateId]), [entry(1), entry(4)].map((e) => [e.line, null]));
    const took = await backend.aggregate({ scope: { tenant: 'acme' } }, { op: 'stats', slot: { keys: ['took'], kinds: ['duration'] } });
    assert.deepEqual(took, { op: 'stats', byUnit: [{ unit: 'ms', values: 5, sum: 60, min: 10, max: 14 }] });
    assert.deepEqual(await sink(page, 'c1'), { inserted: 0, duplicates: 5 });
    assert.equal((await backend.lookup({ scope: { tenant: 'acme' } }, 100)).total, 5);
  });

  test('slices: only the last write of a page carries the cursor, so a failure in between leaves it behind', async () => {
    const batches: WriteBatch[] = [];
    let failAt = -1;
    const recording = {
      write: (b: WriteBatch) => {
        batches.push(b);
        if (batches.length - 1 === failAt) return Promise.reject(new Error('bulk rejected'));
        return backend.write(b);
      },
    };
    const sink = backendSink({ backend: recording, sourceId: 'src', sliceLines: 2 });
    await sink([0, 1, 2, 3, 4].map((i) => entry(i)), 'c1');
    assert.deepEqual(batches.map((b) => [b.entries.length, b.cursor?.cursor]), [[2, undefined], [2, undefined], [1, 'c1']]);
    batches.length = 0;
    failAt = 1;
    await assert.rejects(sink([5, 6, 7, 8].map((i) => entry(i)), 'c2'), /bulk rejected/);
    assert.equal(await backend.cursor('src'), 'c1');
    // An empty page still moves the cursor (a quiet source's step).
    assert.deepEqual(await sink([], 'c3'), { inserted: 0, duplicates: 0 });
    assert.equal(await backend.cursor('src'), 'c3');
  });

  test('a write without the lease is refused before it reaches the backend', async () => {
    let held = true;
    const sink = backendSink({ backend, sourceId: 'src', isHeld: () => held });
    await sink([entry(0)], 'c1');
    held = false;
    await assert.rejects(sink([entry(1)], 'c2'), LeaseLostError);
    assert.equal(await backend.cursor('src'), 'c1');
    assert.equal((await backend.lookup({ scope: { tenant: 'acme' } }, 10)).total, 1);
  });
});

test('the embedded backend refuses a store opened without its migration, naming it', () => {
  const bare = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration, valuesKeysMigration] });
  try {
    assert.throws(() => new EmbeddedBackend(bare, { dim: 4 }), /embeddedBackendMigration/);
  } finally {
    bare.close();
  }
});

describe('follow configuration (config/schema.ts backend.opensearch)', () => {
  const cfg = (env: NodeJS.ProcessEnv) => loadConfig({ LOGLENS_BACKEND: 'opensearch', ...env });

  test('client options: nodes without credentials, auth from username/password or out of a URL', () => {
    const c = cfg({ LOGLENS_OPENSEARCH_URL: 'https://os1:9200, https://os2:9200/', LOGLENS_OPENSEARCH_USERNAME: 'll', LOGLENS_OPENSEARCH_PASSWORD: 's3cret-pw', LOGLENS_OPENSEARCH_INDEX_PREFIX: 'team_a' });
    assert.deepEqual(openSearchOptions(c.backend.opensearch, 384), {
      nodes: ['https://os1:9200', 'https://os2:9200'],
      auth: { username: 'll', password: 's3cret-pw' },
      prefix: 'team_a',
      dim: 384,
      shards: 1,
      replicas: 1,
      requestTimeoutMs: 10_000,
    });
    const u = openSearchOptions(cfg({ LOGLENS_OPENSEARCH_URL: 'https://ll:p%40ss@os1:9200' }).backend.opensearch, 384);
    assert.deepEqual([u.nodes, u.auth], [['https://os1:9200'], { username: 'll', password: 'p@ss' }]);
    assert.equal(openSearchOptions(cfg({ LOGLENS_OPENSEARCH_URL: 'http://127.0.0.1:9200' }).backend.opensearch, 384).auth, undefined);
    assert.deepEqual(splitCredentials('http://127.0.0.1:9200'), { url: 'http://127.0.0.1:9200' });
  });

  test('Loki auth: a bearer token, else basic, else none', () => {
    assert.deepEqual(lokiAuthOf(loadConfig({ LOGLENS_LOKI_BEARER_TOKEN: 'tok', LOGLENS_LOKI_USERNAME: 'u' }).loki), { kind: 'bearer', token: 'tok' });
    assert.deepEqual(lokiAuthOf(loadConfig({ LOGLENS_LOKI_USERNAME: 'u', LOGLENS_LOKI_PASSWORD: 'p' }).loki), { kind: 'basic', username: 'u', password: 'p' });
    assert.equal(lokiAuthOf(loadConfig({}).loki), undefined);
  });
});
