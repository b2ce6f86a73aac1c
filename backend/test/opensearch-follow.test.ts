// The sidecar on backend.kind opensearch (issue #20), on a real 1-node OpenSearch 2.19.1 cluster:
// createApp (the composition root) builds the OpenSearch backend and the lease-keeping follower,
// which follows the Loki stand-in into the cluster with templates, chunks and vectors made by the
// chunking, template and embedding stages (backend/derive.ts, the real all-MiniLM-L6-v2 model), so
// BM25 (searchText) and k-NN (searchVector) find followed lines, within their tenant only. close()
// stops the follower and releases its leases. The password given is never logged.
//
// Skipped, with the reason, when LOGLENS_OPENSEARCH_HOME does not name an installed OpenSearch
// (fails instead under LOGLENS_REQUIRE_OPENSEARCH=1), like test/opensearch-backend.test.ts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { MINILM_DIM, OnnxEmbedder } from '../src/embed/index.js';
import { provisionedMiniLmDir } from '../src/embed/test-model-dir.js';
import { OpenSearchBackend } from '../src/opensearch/backend.js';
import { createLogger } from '../src/telemetry/logger.js';
import { findOpenSearch, startOpenSearch, type OpenSearchCluster } from '../testkit/opensearch.js';
import { startLokiServer, type LokiServerHandle } from '../testkit/loki/server.js';
import { freePort } from '../testkit/ports.js';

const install = findOpenSearch();
if ('missing' in install && process.env.LOGLENS_REQUIRE_OPENSEARCH === '1') {
  test('OpenSearch is installed (LOGLENS_REQUIRE_OPENSEARCH=1)', () => {
    throw new Error(install.missing);
  });
}
const skip = 'missing' in install ? `OpenSearch not installed, skipping: ${install.missing}` : false;

const TENANT = 'acme';
/** A tenant whose name starts with the other's and '-': its lines must never be found from acme. */
const OTHER = 'acme-eu';
const PREFIX = 'follow';
/** Never printed: the test cluster has no security plugin and ignores it. */
const SECRET = 'never-print-me-77ab';
/** A wait fails only after this long without the awaited progress (a stall, not a slow machine). */
const STALL_MS = 180_000;
const FOLLOW_MAIN = join(import.meta.dirname, '../src/backend/follow-main.ts');
/** The age limit of the retention test: 3 days, between the two old lines (2 and 10 days old). */
const RETAIN_HOURS = 72;
const NS_PER_DAY = 86_400_000_000_000n;

/** Three streams of acme, one of which (payments) alone speaks of the gateway timing out. */
function lines(tenant: string, n: number): { stream: Record<string, string>; line: string }[] {
  const out: { stream: Record<string, string>; line: string }[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ stream: { app: 'web', env: 'prod' }, line: `GET /static/app.${i % 9}.js 200 ${i % 40 + 3} ms` });
    out.push({ stream: { app: 'disk', env: 'prod' }, line: `volume /dev/sd${'abc'[i % 3]} usage ${60 + (i % 30)}% inodes ${i * 11}` });
    if (i % 5 === 0) out.push({ stream: { app: 'payments', env: 'prod' }, line: `${tenant === TENANT ? 'payment gateway timeout' : 'ledger export finished'} after ${30 + i} s for order ${7000 + i}` });
  }
  return out;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('backend.kind opensearch: the sidecar follows Loki into OpenSearch with chunks, templates and vectors', { skip }, () => {
  let cluster: OpenSearchCluster;
  let loki: LokiServerHandle;
  let app: App;
  let reader: OpenSearchBackend;
  let dir: string;
  let logged = '';
  let closed = false;
  const pushed = new Map<string, number>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loglens-osfollow-'));
    cluster = await startOpenSearch({ nodes: 1 });
    loki = await startLokiServer({ port: 0 });
    const now = BigInt(Date.now()) * 1_000_000n;
    for (const tenant of [TENANT, OTHER]) {
      const ls = lines(tenant, 60);
      // A second apart, ending a minute ago (past any settle time).
      const streams = new Map<string, [string, string][]>();
      ls.forEach((l, i) => {
        const key = JSON.stringify(l.stream);
        if (!streams.has(key)) streams.set(key, []);
        streams.get(key)!.push([String(now - 60_000_000_000n - BigInt(ls.length - i) * 1_000_000_000n), l.line]);
      });
      const r = loki.push(tenant, [...streams].map(([k, values]) => ({ stream: JSON.parse(k) as Record<string, string>, values })));
      assert.deepEqual(r.errors, []);
      pushed.set(tenant, ls.length);
    }
    const config = loadConfig(
      {
        LOGLENS_BACKEND: 'opensearch',
        LOGLENS_OPENSEARCH_URL: cluster.urls.join(','),
        LOGLENS_OPENSEARCH_USERNAME: 'loglens',
        LOGLENS_OPENSEARCH_PASSWORD: SECRET,
        LOGLENS_OPENSEARCH_INDEX_PREFIX: PREFIX,
        // One node: a replica could never be placed (yellow), and nothing here is about failover.
        LOGLENS_OPENSEARCH_REPLICAS: '0',
        LOGLENS_LEASE_TTL_MS: '4000',
      },
      {
        dataDir: dir,
        server: { port: 0 },
        auth: { disabled: true },
        embedding: { modelDir: provisionedMiniLmDir(), workers: 1 },
        // Age retention on the cluster, a pass every second: the old lines written below must go.
        retention: { maxAgeHours: RETAIN_HOURS, intervalSeconds: 1 },
        loki: {
          url: loki.url,
          sources: [TENANT, OTHER].map((tenant) => ({ id: `${tenant}.all`, tenant, selector: '{env="prod"}', backfillSeconds: 3600 })),
          tuning: { settleMs: 1000, pollIntervalMs: 500, catchUpIntervalMs: 1500, backoffInitialMs: 100, backoffMaxMs: 1000 },
        },
      },
    );
    const logger = createLogger('info', { write: (s: string) => void (logged += s) });
    app = createApp(config, { logger, processMetrics: false });
    reader = await OpenSearchBackend.open({ nodes: cluster.urls, dim: MINILM_DIM, prefix: PREFIX, replicas: 0, requestTimeoutMs: 60_000 });
    // Lines already in the cluster (another sidecar wrote them): one past the age limit, one within.
    const old = (days: number, line: string) => ({ tenant: TENANT, labels: { app: 'old', env: 'prod' }, tsNs: now - BigInt(days) * NS_PER_DAY, line, seq: 0, templateId: null, values: [] });
    await reader.write({ entries: [old(10, 'ten days old'), old(2, 'two days old')] });
  });
  after(async () => {
    if (!closed) await app?.close();
    await reader?.close();
    await loki?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('app.start() connects and follows: every pushed line stored once, with a template; the embedded store is not written', async (t) => {
    await app.start();
    // Until the followers' writes are acknowledged (a follower counts a page's lines once its bulk
    // came back): a refresh in the middle of a bulk could show its entries without its chunks.
    const total = pushed.get(TENANT)! + pushed.get(OTHER)!;
    let last = -1;
    let progress = performance.now();
    for (;;) {
      const n = (app.openSearch!.status().follow?.followers ?? []).reduce((s, f) => s + f.lines, 0);
      if (n >= total) break;
      if (n > last) [last, progress] = [n, performance.now()];
      assert.ok(performance.now() - progress < STALL_MS, `followers wrote ${n} lines, no progress for ${STALL_MS} ms; ${JSON.stringify(app.openSearch?.status())}`);
      await pause(250);
    }
    await reader.flush();
    for (const tenant of [TENANT, OTHER]) {
      // The followed lines (Loki's app streams), not the old ones written before the app started.
      const followed = { tenant, selector: [{ name: 'app', op: '!=' as const, value: 'old' }] };
      assert.equal((await reader.lookup({ scope: followed }, 1)).total, pushed.get(tenant));
      const per = await reader.aggregate({ scope: followed }, { op: 'templates' });
      assert.equal(per.op === 'templates' ? per.counts.reduce((s, c) => s + c.lines, 0) : -1, pushed.get(tenant), `${tenant}: every line has a template`);
    }
    assert.equal(app.store.counts().entries, 0, 'Loki lines went to OpenSearch, not the embedded store');
    const st = app.openSearch!.status();
    assert.equal(st.state, 'connected');
    assert.deepEqual(st.follow!.keeper.held, [`${OTHER}.all`, `${TENANT}.all`].sort(), 'one sidecar holds both sources');
    assert.equal(st.follow!.derive!.chunksWithoutVector, 0);
    t.diagnostic(`chunks written ${st.follow!.derive!.chunks}, miners ${st.follow!.derive!.miners}`);
  });

  test('/readyz says the backend is OpenSearch and connected; /api/v1/sources lists the caller tenant\'s follower only; ingest metrics count followed lines', async () => {
    const { url } = await app.listen();
    const get = async (path: string, tenant: string) => (await fetch(`${url}${path}`, { headers: { 'x-scope-orgid': tenant } })).json();
    const ready = await get('/readyz', TENANT);
    assert.deepEqual(ready.checks.backend, { status: 'ok', kind: 'opensearch', state: 'connected', held: 2 });
    const src = await get('/api/v1/sources', OTHER);
    assert.deepEqual(src.sources.map((s: { sourceId: string }) => s.sourceId), [`${OTHER}.all`]);
    // Lines followed into OpenSearch count in the same ingest metrics as the embedded path's.
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, new RegExp(`loglens_ingest_lines_total\\{source="loki"\\} ${pushed.get(TENANT)! + pushed.get(OTHER)!}\\b`));
  });

  test('BM25 (searchText) finds a followed line in its own tenant only', async () => {
    const hits = await reader.searchText({ tenant: TENANT }, ['gateway', 'timeout'], 5);
    assert.ok(hits.length > 0, 'no BM25 hit for a followed line');
    assert.equal(hits[0]!.labels.app, 'payments');
    assert.match(hits[0]!.text, /payment gateway timeout after \d+ s for order \d+/);
    const other = await reader.searchText({ tenant: OTHER }, ['gateway', 'timeout'], 5);
    assert.ok(other.every((h) => !h.text.includes('gateway')), 'acme-eu sees an acme line');
  });

  test('k-NN (searchVector) with the question embedded by the same model finds the chunk of the followed line', async () => {
    const model = await OnnxEmbedder.create({ modelDir: provisionedMiniLmDir(), workers: 0 });
    try {
      const [q] = await model.embed(['did the payment gateway time out?']);
      const hits = await reader.searchVector({ tenant: TENANT }, q!, 3);
      assert.ok(hits.length > 0, 'no k-NN hit: chunks have no vectors');
      assert.equal(hits[0]!.labels.app, 'payments', hits.map((h) => `${h.labels.app} ${h.score.toFixed(3)}`).join(', '));
      assert.match(hits[0]!.text, /payment gateway timeout/);
      const other = await reader.searchVector({ tenant: OTHER }, q!, 10);
      assert.ok(other.length > 0 && other.every((h) => !h.text.includes('gateway')), 'acme-eu sees an acme chunk');
    } finally {
      await model.close();
    }
  });

  test('age retention on the cluster: the tenant-day index past the limit is deleted, a newer one and the followed lines stay', async () => {
    const find = async (line: string) => (await reader.lookup({ scope: { tenant: TENANT, selector: [{ name: 'app', op: '=', value: 'old' }] } }, 10)).entries.some((e) => e.line === line);
    const t0 = performance.now();
    while (await find('ten days old')) {
      assert.ok(performance.now() - t0 < STALL_MS, 'the 10-day-old line outlived a 3-day limit');
      await pause(250);
      await reader.flush();
    }
    assert.ok(await find('two days old'), 'a line within the limit was deleted');
    assert.deepEqual(await app.openSearch!.retentionPass(), [], 'nothing more to drop');
    const followed = await reader.aggregate({ scope: { tenant: TENANT, selector: [{ name: 'app', op: '!=', value: 'old' }] } }, { op: 'count' });
    assert.deepEqual(followed, { op: 'count', lines: pushed.get(TENANT) });
  });

  test('follow-main.ts, the follower as a process of its own on the same config, embeds too: k-NN finds its chunks', async () => {
    const prefix = 'followproc';
    const child = spawn(process.execPath, ['--import', 'tsx', FOLLOW_MAIN], {
      cwd: join(import.meta.dirname, '..'),
      env: {
        ...process.env,
        LOGLENS_BACKEND: 'opensearch',
        LOGLENS_OPENSEARCH_URL: cluster.urls.join(','),
        LOGLENS_OPENSEARCH_PASSWORD: SECRET,
        LOGLENS_OPENSEARCH_USERNAME: 'loglens',
        LOGLENS_OPENSEARCH_INDEX_PREFIX: prefix,
        LOGLENS_OPENSEARCH_REPLICAS: '0',
        LOGLENS_LOKI_URL: loki.url,
        LOGLENS_LOKI_SOURCES: JSON.stringify([{ id: 'proc', tenant: TENANT, selector: '{env="prod"}', backfillSeconds: 3600 }]),
        LOGLENS_LOKI_TUNING: JSON.stringify({ settleMs: 1000, pollIntervalMs: 500 }),
        LOGLENS_MODEL_DIR: provisionedMiniLmDir(),
        LOGLENS_EMBEDDING_WORKERS: '1',
        LOGLENS_STATUS_MS: '250',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let buf = '';
    /** Lines its followers wrote, from its last status line. */
    let lines = 0;
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      buf += d.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const status = JSON.parse(buf.slice(0, nl)) as { followers?: { lines: number }[] };
        buf = buf.slice(nl + 1);
        lines = (status.followers ?? []).reduce((n, f) => n + f.lines, 0);
      }
    });
    child.stderr!.on('data', (d: Buffer) => void (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const proc = await OpenSearchBackend.open({ nodes: cluster.urls, dim: MINILM_DIM, prefix, replicas: 0, requestTimeoutMs: 60_000 });
    const model = await OnnxEmbedder.create({ modelDir: provisionedMiniLmDir(), workers: 0 });
    try {
      const t0 = performance.now();
      while (lines < pushed.get(TENANT)!) {
        assert.ok(child.exitCode === null, `follow-main exited: ${out.slice(-2000)}`);
        assert.ok(performance.now() - t0 < STALL_MS, `follow-main wrote ${lines} lines: ${out.slice(-2000)}`);
        await pause(250);
      }
      await proc.flush();
      const [q] = await model.embed(['did the payment gateway time out?']);
      const hits = await proc.searchVector({ tenant: TENANT }, q!, 3);
      assert.equal(hits[0]?.labels.app, 'payments', 'no k-NN hit on the process\'s chunks');
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.deepEqual(await proc.listLeases('source/'), [], 'SIGTERM releases the lease');
      assert.ok(!out.includes(SECRET), 'follow-main printed the OpenSearch password');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await model.close();
      await proc.close();
    }
  });

  test('close() stops the follower and releases its leases; the password was never logged', async () => {
    const owner = app.openSearch!.owner!;
    assert.ok((await reader.listLeases('')).some((l) => l.owner === owner));
    await app.close();
    closed = true;
    assert.deepEqual((await reader.listLeases('')).filter((l) => l.owner === owner), []);
    assert.equal(app.openSearch!.status().state, 'stopped');
    assert.ok(logged.includes('following Loki into OpenSearch'), 'the app logs where it follows to');
    assert.ok(!logged.includes(SECRET), 'the OpenSearch password was logged');
  });
});

describe('backend.kind opensearch with a cluster that does not answer', () => {
  test('the sidecar starts anyway, /readyz says the backend is connecting and why, close() ends the retries', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'loglens-osdown-'));
    const app = createApp(
      loadConfig({ LOGLENS_BACKEND: 'opensearch', LOGLENS_OPENSEARCH_URL: `http://127.0.0.1:${port}`, LOGLENS_OPENSEARCH_PASSWORD: SECRET }, {
        dataDir,
        server: { port: 0 },
        auth: { disabled: true },
        embedding: { enabled: false },
        loki: { url: 'http://127.0.0.1:9', sources: [{ id: 'a', tenant: TENANT, selector: '{env="prod"}' }] },
      }),
      { logger: createLogger('silent'), processMetrics: false },
    );
    try {
      const { url } = await app.listen();
      await app.start();
      for (let i = 0; app.openSearch!.status().lastError === null; i++) {
        assert.ok(i < 2400, 'no connection failure reported');
        await pause(50);
      }
      const ready = await (await fetch(`${url}/readyz`, { headers: { 'x-scope-orgid': TENANT } })).json();
      assert.equal(ready.status, 'degraded');
      assert.equal(ready.checks.backend.status, 'degraded');
      assert.equal(ready.checks.backend.state, 'connecting');
      assert.match(app.openSearch!.status().lastError!, /ECONNREFUSED|connect/i);
      // Pushes are not built on OpenSearch: a clear 501 naming the setting, not an answer from an empty store.
      for (const [path, body] of [['/api/v1/ingest', { streams: [{ stream: { job: 'x' }, values: [[String(Date.now() * 1e6), 'a line']] }] }]] as const) {
        const r = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-scope-orgid': TENANT }, body: JSON.stringify(body) });
        assert.equal(r.status, 501, path);
        const e = (await r.json()).error;
        assert.equal(e.code, 'not_implemented');
        assert.equal(e.field, 'backend.kind');
      }
      // Retrieval and exact questions are asked of the cluster: unreachable, a 503 saying so (not an empty answer).
      for (const question of ['payment gateway timeout', 'how many errors?']) {
        const r = await fetch(`${url}/api/v1/ask`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-scope-orgid': TENANT }, body: JSON.stringify({ question }) });
        assert.equal(r.status, 503, question);
        const e = (await r.json()).error;
        assert.equal(e.code, 'backend_unavailable');
        assert.match(e.message, /not reachable/);
      }
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    assert.equal(app.openSearch!.status().state, 'stopped');
  });
});

test('follow-main.ts fails at boot naming the field when backend.kind is opensearch without a URL', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', FOLLOW_MAIN], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, LOGLENS_BACKEND: 'opensearch', LOGLENS_OPENSEARCH_URL: '', LOGLENS_LOKI_URL: 'http://127.0.0.1:9', LOGLENS_LOKI_SOURCES: '[{"id":"a","selector":"{a=\\"b\\"}"}]' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => void (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  assert.equal(code, 2, err);
  assert.match(err, /backend\.opensearch\.urls: required when backend\.kind is opensearch/);
});
