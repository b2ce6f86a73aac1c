// Templates, values and chunks of followed lines (derive.ts), written through the sink into the
// embedded backend (in memory): what OpenSearch is given, without a cluster. Vectors on the real
// cluster: test/opensearch-follow.test.ts.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { OnnxEmbedder } from '../embed/index.js';
import { LazyEmbedder } from '../embed/lazy.js';
import { labelsKey } from '../store/labels.js';
import { Store } from '../store/store.js';
import { templatesMigration } from '../templates/index.js';
import type { LogEntry } from '../types.js';
import { valuesKeysMigration, valuesMigration } from '../values/migration.js';
import { FollowDeriver, templateIdOf } from './derive.js';
import { EmbeddedBackend, embeddedBackendMigration } from './embedded.js';
import { backendSink } from './ingest.js';

const NS_PER_DAY = 86_400_000_000_000n;
/** 2026-11-02 00:00 UTC: the page below crosses it. */
const MIDNIGHT = BigInt(Date.UTC(2026, 10, 2)) * 1_000_000n;
const chunking = { maxTokens: 60, maxGapNs: 30_000_000_000n };

const api = { app: 'api' };
const db = { app: 'db' };
/** 40 api lines a second apart, 20 before midnight; 10 db lines interleaved. */
function page(): LogEntry[] {
  const out: LogEntry[] = [];
  for (let i = 0; i < 40; i++) {
    out.push({ tenant: 'acme', labels: api, tsNs: MIDNIGHT + BigInt(i - 20) * 1_000_000_000n, line: `GET /orders/${i} took ${i + 10} ms from 10.0.0.${i % 3}` });
    if (i % 4 === 0) out.push({ tenant: 'acme', labels: db, tsNs: MIDNIGHT + BigInt(i - 20) * 1_000_000_000n, line: `slow query on table orders_${i % 2} rows=${i * 7}` });
  }
  return out;
}

describe('followed lines: templates, values, chunks', () => {
  let store: Store;
  let backend: EmbeddedBackend;
  beforeEach(() => {
    store = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration, valuesKeysMigration, embeddedBackendMigration] });
    backend = new EmbeddedBackend(store, { dim: 4 });
  });
  afterEach(() => store.close());

  test('every line in exactly one chunk of its own stream; no chunk spans midnight UTC; slices are whole chunks', async () => {
    const d = new FollowDeriver({ chunking });
    const entries = page();
    const batches = await d.batches(entries, 16);
    const lines = batches.flatMap((b) => b.entries.map((e) => e.line));
    assert.deepEqual([...lines].sort(), entries.map((e) => e.line).sort());
    for (const b of batches) {
      assert.ok(b.entries.length <= 16 || b.chunks!.length === 1, `slice of ${b.entries.length} lines holds ${b.chunks!.length} chunks`);
      const claimed = b.chunks!.flatMap((c) => c.entries).sort((x, y) => x - y);
      assert.deepEqual(claimed, b.entries.map((_, i) => i), 'each entry of a slice in one of its chunks');
      for (const c of b.chunks!) {
        const es = c.entries.map((i) => b.entries[i]!);
        assert.ok(es.every((e) => labelsKey(e.labels) === labelsKey(c.labels)), 'one stream per chunk');
        assert.equal(c.startNs / NS_PER_DAY, c.endNs / NS_PER_DAY, 'a chunk within one UTC day');
        assert.equal(c.text, es.map((e) => e.line).join('\n'));
        assert.deepEqual([...c.templateIds].sort(), [...new Set(es.map((e) => e.templateId!))].sort());
        assert.equal(c.vector, undefined, 'no embedder, no vector');
      }
    }
    assert.ok(batches.length > 2);
  });

  test('template ids: one per kind of line, a hash of (tenant, stream, text), the same in a new deriver; values read with the template', async () => {
    const a = (await new FollowDeriver({ chunking }).batches(page(), 1000)).flatMap((b) => b.entries);
    const api40 = a.filter((e) => e.labels.app === 'api');
    // The miner generalises as it sees lines: once it has, the api lines share one template.
    const last = api40[api40.length - 1]!;
    assert.ok(api40.slice(-30).every((e) => e.templateId === last.templateId), 'api lines share a template once mined');
    assert.notEqual(a.find((e) => e.labels.app === 'db')!.templateId, last.templateId);
    const again = (await new FollowDeriver({ chunking }).batches(page(), 1000)).flatMap((b) => b.entries);
    assert.deepEqual(again.map((e) => e.templateId), a.map((e) => e.templateId), 'a restarted sidecar names templates alike');
    assert.equal(templateIdOf('acme', labelsKey(api), 'x'), templateIdOf('acme', labelsKey(api), 'x'));
    assert.notEqual(templateIdOf('acme', labelsKey(api), 'x'), templateIdOf('acme-eu', labelsKey(api), 'x'));
    assert.ok(Number.isSafeInteger(last.templateId) && last.templateId! > 0);
    assert.deepEqual(
      last.values.filter((v) => v.key === 'took').map((v) => [v.text, v.num, v.unit]),
      [['49 ms', 49, 'ms']],
    );
  });

  test('through the sink: BM25 finds a followed line, lines per template are counted, a replayed page adds nothing', async () => {
    const derive = new FollowDeriver({ chunking });
    const sink = backendSink({ backend, sourceId: 'src', derive, sliceLines: 16 });
    assert.deepEqual(await sink(page(), 'c1'), { inserted: 50, duplicates: 0 });
    assert.equal(await backend.cursor('src'), 'c1');
    const hits = await backend.searchText({ tenant: 'acme', selector: [{ name: 'app', op: '=', value: 'db' }] }, ['slow', 'query'], 5);
    assert.ok(hits.length > 0 && hits.every((h) => h.labels.app === 'db' && h.text.includes('slow query on table')), hits.map((h) => h.text).join(' | '));
    const per = await backend.aggregate({ scope: { tenant: 'acme' } }, { op: 'templates' });
    assert.equal(per.op === 'templates' ? per.counts.reduce((n, c) => n + c.lines, 0) : -1, 50, 'every line has a template');
    assert.deepEqual(await sink(page(), 'c1'), { inserted: 0, duplicates: 50 });
    assert.equal(derive.stats().chunksWithoutVector, 0);
  });

  test('an embedder that cannot load (model not provisioned): chunks go without vectors, the write goes on and says so', async () => {
    const failures: unknown[] = [];
    const embedder = new LazyEmbedder(4, 'missing', () => OnnxEmbedder.create({ modelDir: '/nonexistent/model-dir', workers: 0 }));
    const derive = new FollowDeriver({ chunking, embedder, onEmbedFailure: (e) => failures.push(e) });
    const sink = backendSink({ backend, sourceId: 'src', derive });
    assert.equal((await sink(page(), 'c1')).inserted, 50);
    assert.equal(failures.length, 1);
    assert.ok(derive.stats().chunksWithoutVector > 0);
    assert.equal(derive.stats().chunksWithoutVector, derive.stats().chunks);
    assert.equal(await backend.cursor('src'), 'c1');
    await embedder.close();
  });
});
