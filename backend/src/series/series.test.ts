import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config/load.js';
import { GROUND_TRUTH, writeScenario } from '../demo/scenario.js';
import { readLogFile } from '../ingest/file.js';
import { createLogger } from '../telemetry/logger.js';
import type { Evidence } from '../answer/types.js';
import type { AnswerSeriesItem } from './types.js';
import { assignRoles, MAX_BUCKETS, SeriesBuilder } from './index.js';

const EXPLORE = { grafanaUrl: 'http://grafana.test/', datasourceUid: 'loki-uid', orgId: 1 };
const METRIC = /^sum by \(job\) \(count_over_time\(\{[^}]+\}( \|= "(?:[^"\\]|\\.)+")+ \[\$__interval\]\)\)$/;
const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;

let app: App;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loglens-series-'));
  const { files } = writeScenario(join(dir, 'scenario'));
  app = createApp(loadConfig({}, { dataDir: dir, auth: { disabled: true }, embedding: { enabled: false } }), { logger: createLogger('silent'), processMetrics: false });
  for (const f of Object.values(files)) {
    await readLogFile(f, { tenant: 'default', labels: { job: basename(f, '.log'), env: 'demo' } }, (b) => {
      app.pipeline.ingest('file', b, { final: false });
    });
  }
  app.pipeline.chunkPending(true);
});

after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Lines of one stream and template in a window, counted directly. */
function direct(job: string, template: string, start: string, end: string): { n: number; first?: bigint } {
  const row = app.store.db
    .prepare(
      `SELECT count(*) AS n, min(e.ts_ns) AS first FROM entries e JOIN streams s ON s.id = e.stream_id JOIN templates t ON t.id = e.template_id
        WHERE s.labels_json LIKE ? AND COALESCE(t.merged_into, t.id) IN (SELECT id FROM templates WHERE template = ?) AND e.ts_ns >= ? AND e.ts_ns < ?`,
    )
    .safeIntegers(true)
    .get(`%"job":"${job}"%`, template, ns(start), ns(end)) as { n: bigint; first: bigint | null };
  return { n: Number(row.n), ...(row.first !== null ? { first: row.first } : {}) };
}

test('demo: a series per cited kind of line, the cause candidate starting before the symptom', async () => {
  const r = await app.ask.ask({ tenant: 'default', question: GROUND_TRUTH.question, limit: 8 });
  const s = r.series;
  assert.deepEqual(s.window, { start: '2026-11-24T13:50:00.000000000Z', end: '2026-11-24T14:20:00.000000000Z' });
  assert.equal(s.stepMs, 15_000, '30 minutes in 15 s buckets');
  assert.ok(s.items.length >= 3, `${s.items.length} series`);
  assert.equal(s.partial, undefined);
  assert.ok(r.timings.seriesMs >= 0);
  // Every cited block is drawn by some series, and a series cites only real blocks.
  const blocks = new Set(r.citations.map((c) => c.n));
  assert.deepEqual(new Set(s.items.flatMap((i) => i.citations)), blocks);
  for (const i of s.items) {
    assert.equal(i.counts.length, 120);
    assert.equal(i.total, i.counts.reduce((a, b) => a + b, 0));
    // Counts agree with the store, whatever the bucketing.
    assert.equal(i.total, direct(i.labels.job, i.template, s.window!.start, s.window!.end).n, i.name);
    assert.match(i.logql, METRIC, i.logql);
    const url = new URL(i.exploreUrl);
    assert.equal(url.pathname, '/explore');
    const pane = Object.values(JSON.parse(url.searchParams.get('panes')!) as Record<string, { queries: { expr: string; queryType: string }[]; range: { from: string; to: string } }>)[0];
    assert.equal(pane.queries[0].expr, i.logql);
    assert.equal(pane.queries[0].queryType, 'range');
    assert.equal(Number(pane.range.from), Date.parse(s.window!.start));
  }
  // The root cause (the lock wait in payment-db) is a cause candidate; the checkout errors are the symptom.
  const isGround = (set: typeof GROUND_TRUTH.rootCause, i: AnswerSeriesItem) =>
    set.some((g) => g.job === i.labels.job && r.citations.some((c) => i.citations.includes(c.n) && c.labels.job === g.job && new RegExp(g.pattern).test(c.line)));
  const cause = s.items.find((i) => i.role === 'cause' && i.labels.job === 'payment-db' && /ShareLock/.test(i.template));
  const symptom = s.items.find((i) => i.role === 'symptom' && isGround(GROUND_TRUTH.symptoms, i));
  assert.ok(cause && isGround(GROUND_TRUTH.rootCause, cause), `cause series: ${s.items.map((i) => `${i.role} ${i.name}`).join('; ')}`);
  assert.ok(symptom, 'the checkout symptom has a series');
  assert.ok(cause.onset && symptom.onset && cause.onset < symptom.onset, `${cause.onset} before ${symptom.onset}`);
  // A new kind starts at its first line in the window.
  const first = direct('payment-db', cause.template, s.window!.start, s.window!.end).first!;
  assert.equal(Date.parse(cause.onset), Number(first / 1_000_000n));
  // Ordered by onset, the ones without an onset after them.
  const onsets = s.items.map((i) => i.onset ?? '~');
  assert.deepEqual(onsets, [...onsets].sort());
  // No cause candidate in the symptom's own stream, and none starting after it.
  for (const i of s.items.filter((x) => x.role === 'cause')) {
    assert.notEqual(i.labels.job, 'checkout');
    assert.ok(i.onset! < symptom.onset!);
  }
  // Where the series start on the bucket grid: the cause's first non-empty bucket precedes the symptom's.
  const firstBucket = (i: AnswerSeriesItem) => i.counts.findIndex((n) => n > 0);
  assert.ok(firstBucket(cause) < firstBucket(symptom));
});

test('an exact count: the series adds up to the answer, over the matching lines span', async () => {
  const r = await app.ask.ask({ tenant: 'default', question: 'how many payment authorizations failed in checkout?' });
  assert.equal(r.retrieval.mode, 'exact');
  assert.equal(r.result?.intent, 'count');
  assert.equal(r.series.items.length, 1);
  const [i] = r.series.items;
  assert.equal(i.role, 'match');
  assert.equal(i.total, r.result?.value);
  assert.deepEqual(i.citations, [...new Set(r.citations.map((c) => c.n))]);
  assert.match(i.logql, /^sum by \(job\) \(count_over_time\(\{env="demo", job="checkout"\} \|= "payment authorization failed" \[\$__interval\]\)\)$/);
  assert.ok(i.counts.length <= MAX_BUCKETS + 1);
  assert.ok(Date.parse(r.series.window!.start) <= Date.parse(r.citations[0].ts));
});

test('an exact count with an identifier filter counts only the filtered lines', async () => {
  const r = await app.ask.ask({ tenant: 'default', question: 'how many 502s did the frontend return?' });
  assert.equal(r.retrieval.mode, 'exact');
  const total = r.series.items.reduce((a, i) => a + i.total, 0);
  assert.equal(total, r.result?.value);
  for (const i of r.series.items) assert.match(i.logql, /\|= "502" \[\$__interval\]\)\)$/);
});

function evidenceFor(job: string, template: string, reason: Evidence['reason'], n: number, limit = 1): Evidence[] {
  const rows = app.store.db
    .prepare(
      `SELECT e.id, e.ts_ns AS ts, e.line, s.labels_json FROM entries e JOIN streams s ON s.id = e.stream_id JOIN templates t ON t.id = e.template_id
        WHERE s.labels_json LIKE ? AND t.template LIKE ? AND t.merged_into IS NULL ORDER BY e.ts_ns LIMIT ?`,
    )
    .safeIntegers(true)
    .all(`%"job":"${job}"%`, template, limit) as { id: bigint; ts: bigint; line: string; labels_json: string }[];
  return rows.map((row, k) => ({
    n: n + k,
    chunkId: 0,
    tenant: 'default',
    labels: JSON.parse(row.labels_json),
    startNs: row.ts,
    endNs: row.ts,
    reason,
    lines: [{ entryId: Number(row.id), tsNs: row.ts, line: row.line }],
  }));
}

// Kinds of line by their constant text (the miner's exact template text may change).
const LOCK = '%still waiting for ShareLock%';
const ORDER = '%"msg":"order placed"%';

/** The surviving template text of a kind of line. */
function templateOf(job: string, like: string): string {
  return app.store.db
    .prepare('SELECT t.template FROM templates t JOIN streams s ON s.id = t.stream_id WHERE s.labels_json LIKE ? AND t.template LIKE ? AND t.merged_into IS NULL ORDER BY t.count DESC')
    .pluck()
    .get(`%"job":"${job}"%`, like) as string;
}

test('bounds: the row cap stops counting and says so; long windows stay within the bucket limit', async () => {
  const evidence = [...evidenceFor('payment-db', LOCK, 'new', 1), ...evidenceFor('checkout', ORDER, 'match', 2)];
  const window = { startNs: ns('2026-11-24T13:00:00Z'), endNs: ns('2026-11-24T14:30:00Z') };
  const capped = await new SeriesBuilder(app.store, { explore: EXPLORE, rowCap: 100 }).build({ evidence, window });
  assert.equal(capped.partial, true);
  assert.ok(capped.items.reduce((a, i) => a + i.total, 0) <= 100);
  const full = await new SeriesBuilder(app.store, { explore: EXPLORE }).build({ evidence, window });
  assert.equal(full.items.length, 2);
  assert.equal(full.partial, undefined);
  assert.equal(full.items.find((i) => i.labels.job === 'checkout')!.total, direct('checkout', templateOf('checkout', ORDER), '2026-11-24T13:00:00Z', '2026-11-24T14:30:00Z').n);
  // A year: still at most MAX_BUCKETS (+1 for the aligned start).
  const year = await new SeriesBuilder(app.store, { explore: EXPLORE }).build({ evidence, window: { startNs: ns('2026-01-01T00:00:00Z'), endNs: ns('2027-01-01T00:00:00Z') } });
  assert.ok(year.items.every((i) => i.counts.length <= MAX_BUCKETS + 1));
  assert.ok(year.stepMs >= 86_400_000);
  // Only the window is counted.
  const outside = await new SeriesBuilder(app.store, { explore: EXPLORE }).build({ evidence, window: { startNs: ns('2026-11-25T00:00:00Z'), endNs: ns('2026-11-25T01:00:00Z') } });
  assert.ok(outside.items.every((i) => i.total === 0 && i.onset === undefined));
  // Fewer series than kinds when asked: the earliest onset first.
  const one = await new SeriesBuilder(app.store, { explore: EXPLORE, maxSeries: 1 }).build({ evidence, window });
  assert.deepEqual(one.items.map((i) => i.labels.job), ['payment-db']);
});

test('without a window the cited lines span is drawn; nothing cited is an empty picture', async () => {
  const evidence = evidenceFor('payment-db', LOCK, 'new', 1, 3);
  const s = await new SeriesBuilder(app.store, { explore: EXPLORE }).build({ evidence });
  assert.ok(s.window && Date.parse(s.window.start) < Date.parse('2026-11-24T14:04:41Z') && Date.parse(s.window.end) > Date.parse('2026-11-24T14:04:41Z'));
  assert.deepEqual(await new SeriesBuilder(app.store, { explore: EXPLORE }).build({ evidence: [] }), { window: null, stepMs: 0, items: [] });
});

test('a surging kind starts where it rises above its baseline, not at its first routine line', async () => {
  // A routine line every 5 minutes for two hours; from 10:40 twenty a minute.
  const T = ns('2026-03-02T09:00:00Z');
  const MIN = 60_000_000_000n;
  const labels = { job: 'queue' };
  const entries: { tenant: string; labels: Record<string, string>; tsNs: bigint; line: string }[] = [];
  for (let m = 0n; m < 120n; m += 5n) entries.push({ tenant: 'surge', labels, tsNs: T + m * MIN, line: `retrying delivery of message ${m} to consumer-a` });
  for (let k = 0n; k < 200n; k++) entries.push({ tenant: 'surge', labels, tsNs: T + 100n * MIN + k * 3_000_000_000n + 1n, line: `retrying delivery of message ${1000n + k} to consumer-a` });
  app.pipeline.ingest('test', entries, { final: true });
  const row = app.store.db
    .prepare("SELECT e.id, e.ts_ns AS ts, e.line FROM entries e JOIN streams s ON s.id = e.stream_id WHERE s.tenant = 'surge' AND e.ts_ns >= ? ORDER BY e.ts_ns LIMIT 1")
    .safeIntegers(true)
    .get(T + 60n * MIN) as { id: bigint; ts: bigint; line: string };
  const evidence: Evidence[] = [
    { n: 1, chunkId: 0, tenant: 'surge', labels, startNs: row.ts, endNs: row.ts, reason: 'surging', lines: [{ entryId: Number(row.id), tsNs: row.ts, line: row.line }] },
  ];
  // The window 10:00-11:00 against 09:00-10:00: one line per 5 minutes, then the burst at 10:40.
  const s = await new SeriesBuilder(app.store, { explore: EXPLORE }).build({ evidence, window: { startNs: T + 60n * MIN, endNs: T + 120n * MIN } });
  assert.equal(s.items.length, 1);
  const [i] = s.items;
  assert.equal(i.change, 'surging');
  assert.equal(i.total, 12 + 200);
  assert.equal(i.onset, '2026-03-02T10:40:00.000000000Z', 'the burst, not the first routine line at 10:00');
  assert.match(i.logql, /\{job="queue"\} \|= "retrying delivery of message" \[\$__interval\]/);
});

test('roles: symptom in the named streams, earlier changes elsewhere are cause candidates', async () => {
  const item = (name: string, job: string, onset: string | undefined, change?: AnswerSeriesItem['change']): AnswerSeriesItem => ({
    id: name,
    name,
    role: 'match',
    ...(change ? { change } : {}),
    stream: `{job="${job}"}`,
    labels: { job },
    template: name,
    ...(onset ? { onset } : {}),
    counts: [],
    total: 0,
    citations: [],
    logql: '',
    exploreUrl: '',
  });
  const checkout = (l: { job?: string }) => l.job === 'checkout';
  const items = [
    item('lock', 'db', '2026-11-24T14:04:41Z', 'new'),
    item('pool', 'payment', '2026-11-24T14:04:51Z', 'surging'),
    item('fail', 'checkout', '2026-11-24T14:05:03Z', 'new'),
    item('later', 'inventory', '2026-11-24T14:10:00Z', 'new'),
    item('gone', 'db', undefined, 'dropped'),
    item('words', 'checkout', undefined),
  ];
  assignRoles(items, checkout);
  assert.deepEqual(
    items.map((i) => i.role),
    ['cause', 'cause', 'symptom', 'change', 'change', 'match'],
  );
  // No named stream: the earliest change is the cause candidate, the rest are changes.
  assignRoles(items, () => false);
  assert.deepEqual(
    items.map((i) => i.role),
    ['cause', 'change', 'change', 'change', 'change', 'match'],
  );
});
