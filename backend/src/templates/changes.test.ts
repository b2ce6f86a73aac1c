import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeChanges } from './changes.js';
import { TemplateRepo } from './repo.js';
import { createTestDb, type TestDb } from './test-db.js';

const T0 = 1_700_000_000_000_000_000n;
const SEC = 1_000_000_000n;
const HOUR = 3600n * SEC;

/**
 * Synthetic store. Baseline hour [T0, T0+1h), window hour [T0+1h, T0+2h):
 * - api: steady "GET ... 200" 60/h in both; "cache miss" 10/h baseline -> 60/h window (surge);
 *   "db pool exhausted" new at T0+1h+20min (new); "heartbeat ok" 30/h baseline -> absent (drop).
 * - worker (same tenant): "job done" steady; "disk full on /var/data" new at T0+1h+5min.
 * - another tenant: a new template that must not appear.
 */
function buildStore(): { tdb: TestDb; api: number; worker: number } {
  const tdb = createTestDb();
  const api = tdb.streamId('acme', '{job="api"}');
  const worker = tdb.streamId('acme', '{job="worker"}');
  const other = tdb.streamId('umbrella', '{job="api"}');
  const rows: Array<{ s: number; ts: bigint; line: string }> = [];
  for (let h = 0n; h < 2n; h++) {
    const base = T0 + h * HOUR;
    for (let i = 0n; i < 60n; i++)
      rows.push({ s: api, ts: base + i * 60n * SEC, line: `GET /api/items/${i} 200 in ${i + 3n}ms` });
    for (let i = 0n; i < 20n; i++)
      rows.push({ s: worker, ts: base + i * 180n * SEC + 7n, line: `job ${i} done in ${i}s` });
  }
  for (let i = 0n; i < 10n; i++)
    rows.push({ s: api, ts: T0 + i * 360n * SEC + 11n, line: `cache miss for key user:${i}` });
  for (let i = 0n; i < 60n; i++)
    rows.push({ s: api, ts: T0 + HOUR + i * 60n * SEC + 13n, line: `cache miss for key user:${i}` });
  for (let i = 0n; i < 30n; i++) rows.push({ s: api, ts: T0 + i * 120n * SEC + 17n, line: `heartbeat ok seq=${i}` });
  for (let i = 0n; i < 8n; i++)
    rows.push({ s: api, ts: T0 + HOUR + 1200n * SEC + i * SEC, line: `db pool exhausted: ${i} waiting` });
  for (let i = 0n; i < 2n; i++)
    rows.push({ s: worker, ts: T0 + HOUR + 300n * SEC + i * SEC, line: `disk full on /var/data/${i}` });
  rows.push({ s: other, ts: T0 + HOUR + 5n, line: 'other tenant panic' });
  rows.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  const entries = rows.map((r) => ({ id: tdb.insert(r.s, r.ts, r.line), streamId: r.s, tsNs: r.ts, line: r.line }));
  new TemplateRepo(tdb.db).tagEntries(entries);
  return { tdb, api, worker };
}

test('new, surging and dropped templates, earliest new/surging first', (t) => {
  const { tdb, api, worker } = buildStore();
  t.after(() => tdb.cleanup());
  const changes = analyzeChanges(tdb.db, {
    tenant: 'acme',
    window: { startNs: T0 + HOUR, endNs: T0 + 2n * HOUR },
    baseline: { startNs: T0, endNs: T0 + HOUR },
  });
  const summary = changes.map((c) => [c.kind, c.streamId, c.template]);
  assert.deepEqual(summary, [
    ['surge', api, 'cache miss for key user:<*>'],
    ['new', worker, 'disk full on <*>'],
    ['new', api, 'db pool exhausted: <*> waiting'],
    ['drop', api, 'heartbeat ok seq=<*>'],
  ]);
  const surge = changes[0];
  assert.equal(surge.windowCount, 60);
  assert.equal(surge.baselineCount, 10);
  assert.equal(surge.firstSeenNs, T0 + HOUR + 13n);
  const pool = changes[2];
  assert.equal(pool.windowCount, 8);
  assert.equal(pool.baselineCount, 0);
  assert.equal(pool.firstSeenNs, T0 + HOUR + 1200n * SEC);
  // examples are the earliest entries of that template in the window
  const ex = tdb.db
    .prepare(`SELECT line FROM entries WHERE id IN (${pool.exampleEntryIds.join(',')}) ORDER BY ts_ns`)
    .all() as Array<{ line: string }>;
  assert.deepEqual(
    ex.map((r) => r.line),
    ['db pool exhausted: 0 waiting', 'db pool exhausted: 1 waiting', 'db pool exhausted: 2 waiting']
  );
  assert.equal(changes[3].windowCount, 0);
  assert.equal(changes[3].exampleEntryIds.length, 3);
  // steady templates are not reported
  assert.ok(!changes.some((c) => c.template.startsWith('GET') || c.template.startsWith('job')));
});

test('streamIds narrows the analysis; a too-short baseline does not call a rare template dropped', (t) => {
  const { tdb, api, worker } = buildStore();
  t.after(() => tdb.cleanup());
  const onlyWorker = analyzeChanges(tdb.db, {
    tenant: 'acme',
    streamIds: [worker],
    window: { startNs: T0 + HOUR, endNs: T0 + 2n * HOUR },
    baseline: { startNs: T0, endNs: T0 + HOUR },
  });
  assert.deepEqual(
    onlyWorker.map((c) => [c.kind, c.streamId]),
    [['new', worker]]
  );
  // a 5-minute window expects 30/h * 5/60 = 2.5 heartbeats: too little evidence to call it a drop
  const short = analyzeChanges(tdb.db, {
    tenant: 'acme',
    streamIds: [api],
    window: { startNs: T0 + HOUR, endNs: T0 + HOUR + 300n * SEC },
    baseline: { startNs: T0, endNs: T0 + HOUR },
  });
  assert.ok(!short.some((c) => c.kind === 'drop'));
  assert.throws(() =>
    analyzeChanges(tdb.db, {
      tenant: 'acme',
      window: { startNs: T0, endNs: T0 },
      baseline: { startNs: T0, endNs: T0 + HOUR },
    })
  );
});

test('more streams than SQLite has variables (32,766): the stream list is one parameter', (t) => {
  const { tdb, api, worker } = buildStore();
  t.after(() => tdb.cleanup());
  // 40k ids, two of them real: the old `IN (?,...)` with one variable per stream threw
  // "too many SQL variables" here, and every patterns, "why" and explain-alert request answered 500.
  const streamIds = [api, worker, ...Array.from({ length: 40_000 }, (_, i) => 1_000_000 + i)];
  const changes = analyzeChanges(tdb.db, {
    tenant: 'acme',
    streamIds,
    window: { startNs: T0 + HOUR, endNs: T0 + 2n * HOUR },
    baseline: { startNs: T0, endNs: T0 + HOUR },
  });
  assert.deepEqual(
    changes.map((c) => [c.kind, c.streamId, c.template]),
    [
      ['surge', api, 'cache miss for key user:<*>'],
      ['new', worker, 'disk full on <*>'],
      ['new', api, 'db pool exhausted: <*> waiting'],
      ['drop', api, 'heartbeat ok seq=<*>'],
    ],
  );
  assert.ok(changes.every((c) => c.exampleEntryIds.length > 0));
});
