import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../telemetry/logger.js';
import { startOllamaServer } from '../../testkit/ollama/server.js';

const KEY = 'test-key-0123456789abcdef';
const OLD_KEY = 'rotated-key-abcdef0123456789';
let app: App;
let base: string;

before(async () => {
  const config = loadConfig({}, {
    dataDir: mkdtempSync(join(tmpdir(), 'loglens-api-')),
    server: { port: 0, bodyLimitBytes: 64 * 1024 },
    auth: { apiKeys: [KEY, OLD_KEY] },
    // Pushed on the scenario's day whatever the clock says (the suite also runs with a moved clock).
    limits: { maxFutureSeconds: 100 * 365 * 86_400 },
  });
  app = createApp(config, { logger: createLogger('silent'), processMetrics: false });
  base = (await app.listen()).url;
  const ns = BigInt(Date.UTC(2026, 10, 24, 14, 0, 0)) * 1_000_000n;
  const r = await post('/api/v1/ingest', {
    streams: [{ stream: { job: 'api' }, values: [[String(ns), 'connection refused to db'], [String(ns + 1n), 'GET / 200']] }],
  });
  assert.equal(r.status, 200);
});
after(() => app.close());

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(base + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Raw HTTP for bodies fetch would re-encode (invalid UTF-8). */
function rawPost(path: string, bytes: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(base + path);
    const req = httpRequest(
      { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'content-length': bytes.length } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

test('healthz is open; everything else needs a valid key (either of the rotated keys)', async () => {
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  for (const path of ['/readyz', '/metrics']) {
    assert.equal((await fetch(base + path)).status, 401, path);
    assert.equal((await fetch(base + path, { headers: { authorization: 'Bearer wrong-key-000000000000' } })).status, 401);
    assert.equal((await fetch(base + path, { headers: { authorization: `Bearer ${KEY}` } })).status, 200, path);
    assert.equal((await fetch(base + path, { headers: { authorization: `Bearer ${OLD_KEY}` } })).status, 200, path);
  }
  const r = await post('/api/v1/ask', { question: 'x' }, { authorization: '' });
  assert.equal(r.status, 401);
  const body = await r.json();
  assert.equal(body.error.code, 'unauthorized');
});

test('unknown routes: 404 in the error envelope', async () => {
  const r = await fetch(`${base}/api/v1/nope`, { headers: { authorization: `Bearer ${KEY}` } });
  assert.equal(r.status, 404);
  assert.equal((await r.json()).error.code, 'not_found');
});

test('malformed requests to every endpoint get a 4xx naming the field, and nothing stored changes', async () => {
  const before = app.store.contentHash();
  const huge = 'x'.repeat(70 * 1024);
  const cases: { path: string; body: unknown; field: string; status?: number; headers?: Record<string, string> }[] = [
    // ask
    { path: '/api/v1/ask', body: {}, field: 'question' },
    { path: '/api/v1/ask', body: { question: 42 }, field: 'question' },
    { path: '/api/v1/ask', body: { question: '   ' }, field: 'question' },
    { path: '/api/v1/ask', body: { question: 'q'.repeat(2001) }, field: 'question' },
    { path: '/api/v1/ask', body: { question: 'q', start: 'yesterday' }, field: 'start' },
    { path: '/api/v1/ask', body: { question: 'q', end: '2026-13-45T99:00:00Z' }, field: 'end' },
    { path: '/api/v1/ask', body: { question: 'q', start: '2026-11-24T15:00:00Z', end: '2026-11-24T14:00:00Z' }, field: 'end' },
    { path: '/api/v1/ask', body: { question: 'q', end: '99999999999999999999' }, field: 'end' },
    { path: '/api/v1/ask', body: { question: 'q', limit: 0 }, field: 'limit' },
    { path: '/api/v1/ask', body: { question: 'q', limit: '5' }, field: 'limit' },
    { path: '/api/v1/ask', body: { question: 'q', labels: { 'bad-name': 'x' } }, field: 'labels.bad-name' },
    { path: '/api/v1/ask', body: { question: 'q', labels: { job: 5 } }, field: 'labels.job' },
    { path: '/api/v1/ask', body: { question: 'q', selector: 'job=api' }, field: 'selector' },
    { path: '/api/v1/ask', body: { question: 'q', selector: '{job=~"("}' }, field: 'selector' },
    { path: '/api/v1/ask', body: { question: 'q', surprise: true }, field: 'body' },
    { path: '/api/v1/ask', body: [1, 2], field: 'body' },
    { path: '/api/v1/ask', body: '{"question": ', field: 'body' },
    { path: '/api/v1/ask', body: { question: huge }, field: 'body', status: 413 },
    { path: '/api/v1/ask', body: 'question=x', field: 'content-type', status: 415, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { path: '/api/v1/ask', body: { question: 'q' }, field: 'X-Scope-OrgID', headers: { 'x-scope-orgid': 'a/b' } },
    // explain-alert
    { path: '/api/v1/explain-alert', body: {}, field: 'labels' },
    { path: '/api/v1/explain-alert', body: { labels: { alertname: 'X' } }, field: 'startsAt' },
    { path: '/api/v1/explain-alert', body: { labels: 'x', startsAt: '2026-11-24T14:00:00Z' }, field: 'labels' },
    { path: '/api/v1/explain-alert', body: { labels: {}, startsAt: 'soon' }, field: 'startsAt' },
    { path: '/api/v1/explain-alert', body: { labels: {}, startsAt: '2026-11-24T14:00:00Z', endsAt: '2026-11-24T13:00:00Z' }, field: 'endsAt' },
    { path: '/api/v1/explain-alert', body: { labels: {}, startsAt: '2026-11-24T14:00:00Z', annotations: { summary: 5 } }, field: 'annotations.summary' },
    { path: '/api/v1/explain-alert', body: { labels: {}, startsAt: '2026-11-24T14:00:00Z', fingerprint: 'x' }, field: 'body' },
    // patterns
    { path: '/api/v1/patterns', body: {}, field: 'start' },
    { path: '/api/v1/patterns', body: { start: '2026-11-24T14:00:00Z' }, field: 'end' },
    { path: '/api/v1/patterns', body: { start: 'noon', end: '2026-11-24T14:00:00Z' }, field: 'start' },
    { path: '/api/v1/patterns', body: { start: '2026-11-24T15:00:00Z', end: '2026-11-24T14:00:00Z' }, field: 'end' },
    { path: '/api/v1/patterns', body: { start: '1', end: '2', baselineStart: '9', baselineEnd: '3' }, field: 'baselineEnd' },
    { path: '/api/v1/patterns', body: { start: '1', end: '2', selector: '{job=' }, field: 'selector' },
    { path: '/api/v1/patterns', body: { start: '1', end: '2', limit: 1e9 }, field: 'limit' },
    { path: '/api/v1/patterns', body: { start: '1', end: '2', extra: 1 }, field: 'body' },
    // ingest (Loki push shape)
    { path: '/api/v1/ingest', body: {}, field: 'streams' },
    { path: '/api/v1/ingest', body: { streams: 'x' }, field: 'streams' },
    { path: '/api/v1/ingest', body: { streams: [{ stream: {}, values: [] }] }, field: 'streams[0].stream' },
    { path: '/api/v1/ingest', body: { streams: [{ stream: { job: 'a' } }] }, field: 'streams[0].values' },
    { path: '/api/v1/ingest', body: { streams: [{ stream: { job: 'a' }, values: [['notatime', 'x']] }] }, field: 'streams[0].values[0]' },
    { path: '/api/v1/ingest', body: { streams: [{ stream: { job: 'a' }, values: [[1764000000000000000, 'x']] }] }, field: 'streams[0].values[0]' },
    { path: '/api/v1/ingest', body: { streams: [{ stream: { job: 'a' }, values: [['1764000000000000000']] }] }, field: 'streams[0].values[0]' },
    { path: '/api/v1/ingest', body: { streams: [{ stream: { job: 'a' }, values: [['1764000000000000000', 7]] }] }, field: 'streams[0].values[0]' },
    { path: '/api/v1/ingest', body: { streams: [{ stream: { '0job': 'a' }, values: [] }] }, field: 'streams[0].stream.0job' },
    { path: '/api/v1/ingest', body: { streams: [{ stream: { job: 'a' }, values: [['1', huge]] }] }, field: 'body', status: 413 },
    { path: '/api/v1/ingest', body: { streams: [{ stream: { job: 'a' }, values: [['1', 'ok']] }] }, field: 'X-Scope-OrgID', headers: { 'x-scope-orgid': 'x'.repeat(300) } },
  ];
  for (const c of cases) {
    const r = await post(c.path, c.body, c.headers);
    const text = await r.text();
    assert.equal(r.status, c.status ?? 400, `${c.path} ${JSON.stringify(c.body).slice(0, 80)} -> ${r.status} ${text.slice(0, 200)}`);
    const body = JSON.parse(text);
    assert.ok(String(body.error.field).startsWith(c.field), `${c.path} ${JSON.stringify(c.body).slice(0, 80)}: ${text.slice(0, 200)}`);
    assert.equal(typeof body.error.message, 'string');
  }
  // Invalid UTF-8 inside an otherwise well-formed JSON body.
  for (const path of ['/api/v1/ask', '/api/v1/ingest']) {
    const bytes = Buffer.concat([Buffer.from('{"question":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    const r = await rawPost(path, bytes);
    assert.equal(r.status, 400, r.body);
    assert.equal(JSON.parse(r.body).error.field, 'body');
  }
  // GET-only endpoints refuse other methods with a 404 envelope rather than a crash.
  for (const path of ['/healthz', '/readyz', '/metrics', '/api/v1/sources']) {
    const r = await post(path, { any: 'thing' });
    assert.equal(r.status, 404, path);
  }
  assert.equal(app.store.contentHash(), before, 'a rejected request changed the store');
});

test('ask answers in JSON with cited lines and Explore links', async () => {
  const r = await post('/api/v1/ask', { question: 'why was the connection refused?' });
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.answer.mode, 'extractive');
  assert.ok(body.citations.length >= 1);
  const c = body.citations[0];
  assert.match(c.line, /connection refused/);
  assert.equal(c.labels.job, 'api');
  const u = new URL(c.exploreUrl);
  assert.equal(u.pathname, '/explore');
  const pane = Object.values(JSON.parse(u.searchParams.get('panes')!))[0] as { queries: { expr: string }[]; range: { from: string; to: string } };
  assert.equal(pane.queries[0].expr, '{job="api"}');
  const ms = Number(BigInt(c.tsNs) / 1_000_000n);
  assert.ok(Number(pane.range.from) < ms && ms < Number(pane.range.to));
});

test('citation numbering: one number per evidence block; its lines share it, numbers run 1..K, the prose cites only those', async () => {
  const r = await post('/api/v1/ask', { question: 'show me the connection refused lines and the GET requests' });
  const body = (await r.json()) as { answer: { text: string }; citations: { n: number; line: string }[] };
  const ns = body.citations.map((c) => c.n);
  const blocks = [...new Set(ns)];
  assert.deepEqual(blocks, blocks.map((_, i) => i + 1), `numbers ${ns}`);
  // lines of one block are adjacent: the number never comes back after another
  for (let i = 1; i < ns.length; i++) assert.ok(ns[i] === ns[i - 1] || ns[i] === ns[i - 1] + 1, `numbers ${ns}`);
  assert.ok(ns.length > blocks.length, 'this store has a block quoting two lines');
  for (const m of body.answer.text.matchAll(/\[(\d+)\]/g)) assert.ok(blocks.includes(Number(m[1])), `[${m[1]}] cited but not listed`);
});

test('an exact question: the result first, the plan, and LogQL with an Explore link that opens it', async () => {
  const r = await post('/api/v1/ask', { question: 'how many times was the connection refused?' });
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.retrieval.mode, 'exact');
  assert.deepEqual({ intent: body.result.intent, value: body.result.value }, { intent: 'count', value: 1 });
  assert.match(body.answer.text, /^1 /);
  assert.equal(body.citations.length, 1);
  assert.match(body.plan.logql.expr, /^sum\(count_over_time\(\{job="api"\} \|= "connection refused to db" \[\d+s\]\)\)$/);
  const pane = Object.values(JSON.parse(new URL(body.plan.logql.exploreUrl).searchParams.get('panes')!))[0] as { queries: { expr: string; queryType: string }[] };
  assert.equal(pane.queries[0].expr, body.plan.logql.expr);
  assert.equal(pane.queries[0].queryType, 'instant');
});

test('ask streams server-sent events in order when asked for text/event-stream', async () => {
  const r = await post('/api/v1/ask', { question: 'connection refused' }, { accept: 'text/event-stream' });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type')!, /text\/event-stream/);
  const text = await r.text();
  const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
  assert.deepEqual(events.filter((e) => e !== 'token'), ['retrieval', 'evidence', 'answer']);
});

test('ingest is idempotent: the same push twice stores the lines once', async () => {
  const push = { streams: [{ stream: { job: 'idem' }, values: [['1764000000000000001', 'a'], ['1764000000000000001', 'b']] }] };
  const a = await (await post('/api/v1/ingest', push)).json();
  const b = await (await post('/api/v1/ingest', push)).json();
  assert.deepEqual([a.inserted, b.inserted, b.duplicates], [2, 0, 2]);
});

test('tenants are kept apart by X-Scope-OrgID', async () => {
  await post('/api/v1/ingest', { streams: [{ stream: { job: 'api' }, values: [['1764000000000000005', 'tenant-b secret refused']] }] }, { 'x-scope-orgid': 'b' });
  const a = await (await post('/api/v1/ask', { question: 'refused' })).json();
  assert.ok(!JSON.stringify(a).includes('tenant-b secret'));
  const b = await (await post('/api/v1/ask', { question: 'refused' }, { 'x-scope-orgid': 'b' })).json();
  assert.ok(b.citations.every((c: { tenant: string }) => c.tenant === 'b'));
  assert.ok(b.citations.some((c: { line: string }) => c.line.includes('tenant-b secret')));
});

test('5xx bodies hide internals', async () => {
  // Closing the database under the app makes the next ask fail inside the handler.
  const dir = mkdtempSync(join(tmpdir(), 'loglens-api5-'));
  const other = createApp(loadConfig({}, { dataDir: dir, server: { port: 0 }, auth: { apiKeys: [KEY] } }), {
    logger: createLogger('silent'),
    processMetrics: false,
  });
  const { url } = await other.listen();
  other.store.db.close();
  const r = await fetch(`${url}/api/v1/ask`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: '{"question":"x"}' });
  assert.equal(r.status, 500);
  const body = await r.json();
  assert.equal(body.error.code, 'internal');
  assert.doesNotMatch(JSON.stringify(body), /database|sqlite|stack|at /i);
  await other.close();
});

test('a key limited to some tenants gets 403 for the others', async () => {
  const limitedKey = 'limited-key-0123456789abc';
  const other = createApp(
    loadConfig({}, { dataDir: mkdtempSync(join(tmpdir(), 'loglens-api-t-')), server: { port: 0 }, auth: { apiKeys: [{ key: limitedKey, tenants: ['team-a'] }] } }),
    { logger: createLogger('silent'), processMetrics: false },
  );
  const { url } = await other.listen();
  const ask = (tenant?: string) =>
    fetch(`${url}/api/v1/ask`, {
      method: 'POST',
      headers: { authorization: `Bearer ${limitedKey}`, 'content-type': 'application/json', ...(tenant ? { 'x-scope-orgid': tenant } : {}) },
      body: '{"question":"x"}',
    });
  assert.equal((await ask('team-a')).status, 200);
  const denied = await ask('team-b');
  assert.equal(denied.status, 403);
  assert.equal((await denied.json()).error.field, 'X-Scope-OrgID');
  assert.equal((await ask()).status, 403, 'the default tenant is not team-a');
  await other.close();
});

test('rate limits and the ask queue answer 429 with Retry-After', async () => {
  const ollama = await startOllamaServer({ script: { behaviour: 'grounded', models: ['m:latest'] } });
  const other = createApp(
    loadConfig({}, {
      dataDir: mkdtempSync(join(tmpdir(), 'loglens-api-rl-')),
      server: { port: 0 },
      auth: { apiKeys: [KEY] },
      limits: { askPerMinute: 3, maxConcurrentAsks: 1, askQueue: 0 },
      // Long enough that only the held LLM call's release ends the burst's admitted ask.
      ollama: { url: ollama.url, model: 'm:latest', firstTokenTimeoutMs: 120_000, totalTimeoutMs: 180_000 },
    }),
    { logger: createLogger('silent'), processMetrics: false },
  );
  const { url } = await other.listen();
  for (const t of ['rl', 'another-tenant', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6']) {
    other.pipeline.ingest('test', [{ tenant: t, labels: { job: 'api' }, tsNs: 1764000000000000000n, line: 'connection refused' }]);
  }
  const ask = (tenant: string) =>
    fetch(`${url}/api/v1/ask`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'x-scope-orgid': tenant },
      body: '{"question":"connection refused"}',
    });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await ask('rl')).status);
  assert.deepEqual(statuses, [200, 200, 200, 429]);
  const limited = await ask('rl');
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.equal((await limited.json()).error.code, 'rate_limited');
  assert.equal((await ask('another-tenant')).status, 200, 'buckets are per tenant');
  // With one slot and no queue, concurrent asks beyond the first are turned away, not queued forever.
  // The admitted ask's LLM call is held until the other five have their answers, so it is still in
  // flight when each of them arrives, however slowly this machine sends them.
  const release = ollama.hold();
  let answered = 0;
  const pending = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((t) => ask(t).finally(() => answered++));
  const deadline = performance.now() + 60_000;
  while (answered < 5 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(answered, 5, 'all but the admitted ask were answered while it was held');
  release();
  const burst = await Promise.all(pending);
  const codes = burst.map((r) => r.status);
  assert.equal(codes.filter((c) => c === 200).length, 1, codes.join(','));
  assert.equal(codes.filter((c) => c === 429).length, 5, codes.join(','));
  for (const r of burst.filter((x) => x.status === 429)) {
    assert.equal(r.headers.get('retry-after'), '2');
    assert.equal((await r.json()).error.code, 'busy');
  }
  await other.close();
  await ollama.close();
});

test('the metrics key reads /metrics only', async () => {
  const metricsKey = 'metrics-only-key-0123456789';
  const other = createApp(
    loadConfig({}, { dataDir: mkdtempSync(join(tmpdir(), 'loglens-api-m-')), server: { port: 0 }, auth: { apiKeys: [KEY], metricsKey } }),
    { logger: createLogger('silent'), processMetrics: false },
  );
  const { url } = await other.listen();
  const h = { authorization: `Bearer ${metricsKey}` };
  assert.equal((await fetch(`${url}/metrics`, { headers: h })).status, 200);
  assert.equal((await fetch(`${url}/readyz`, { headers: h })).status, 401);
  assert.equal((await fetch(`${url}/api/v1/ask`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: '{"question":"x"}' })).status, 401);
  await other.close();
});
