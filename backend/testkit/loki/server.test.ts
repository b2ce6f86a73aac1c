// Checks the stand-in's answers against the shapes and texts in
// ../shared/reference/loki-http-api.md (sections 1-8), over real HTTP and WebSocket.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { startLokiServer, type LokiServerHandle } from './server.js';

const NOW_MS = Date.now();
const ns = (ms: number, extra = 0) => (BigInt(ms) * 1_000_000n + BigInt(extra)).toString();

let srv: LokiServerHandle;
before(async () => {
  srv = await startLokiServer({ port: 0 });
});
after(async () => {
  await srv.close();
});

const push = (tenant: string | null, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}/loki/api/v1/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(tenant ? { 'X-Scope-OrgID': tenant } : {}), ...headers },
    body: typeof body === 'string' ? body : body instanceof Uint8Array ? new Blob([new Uint8Array(body)]) : JSON.stringify(body),
  });

const qr = (tenant: string | null, params: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}/loki/api/v1/query_range?${new URLSearchParams(params)}`, { headers: { ...(tenant ? { 'X-Scope-OrgID': tenant } : {}), ...headers } });

async function expectText(res: Response, status: number, body: string | RegExp) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const text = await res.text();
  if (typeof body === 'string') assert.equal(text, body);
  else assert.match(text, body);
}

describe('push', () => {
  test('204 empty body, service_name added, exact duplicates dropped, equal timestamps keep push order', async () => {
    const t = ns(NOW_MS - 60_000);
    const res = await push('p1', {
      streams: [{ stream: { app: 'api', env: 'dev' }, values: [[t, 'b first'], [t, 'a second'], [t, 'b first'], [t, 'c third']] }],
    });
    assert.equal(res.status, 204);
    assert.equal(await res.text(), '');
    const q = await qr('p1', { query: '{app="api"}', start: ns(NOW_MS - 120_000), end: ns(NOW_MS), direction: 'forward' });
    assert.equal(q.status, 200);
    assert.equal(q.headers.get('content-type'), 'application/json; charset=UTF-8');
    const body = await q.json();
    assert.equal(body.status, 'success');
    assert.equal(body.data.resultType, 'streams');
    assert.deepEqual(body.data.result, [
      { stream: { app: 'api', env: 'dev', service_name: 'api' }, values: [[t, 'b first'], [t, 'a second'], [t, 'c third']] },
    ]);
    assert.equal(typeof body.data.stats.summary, 'object');
    assert.equal(body.data.stats.summary.totalEntriesReturned, 3);
  });

  test('401 no org id with trailing newline when auth is on', async () => {
    await expectText(await push(null, { streams: [] }), 401, 'no org id\n');
  });

  test('422 for zero streams, 400 for bad label names and bad timestamps, 415 for protobuf', async () => {
    await expectText(await push('p1', { streams: [] }), 422, 'error at least one valid stream is required for ingestion\n');
    await expectText(await push('p1', {}), 422, /at least one valid stream/);
    await expectText(
      await push('p1', { streams: [{ stream: { 'app-name': 'x' }, values: [[ns(NOW_MS), 'l']] }] }),
      400,
      "couldn't parse labels: 1:5: parse error: unexpected character inside braces: '-'\n",
    );
    await expectText(await push('p1', { streams: [{ stream: { app: 'x' }, values: [[123, 'l']] }] }), 400, /\n$/);
    await expectText(await push('p1', 'xx', { 'Content-Type': 'application/x-protobuf' }), 415, /protobuf/);
    const noType = await fetch(`${srv.url}/loki/api/v1/push`, { method: 'POST', headers: { 'X-Scope-OrgID': 'p1' }, body: new Uint8Array([1]) });
    await expectText(noType, 400, 'mime: no media type\n');
    await expectText(await push('p1', '{}', { 'Content-Encoding': 'br' }), 400, 'Content-Encoding "br" not supported\n');
  });

  test('gzip bodies are accepted', async () => {
    const body = gzipSync(JSON.stringify({ streams: [{ stream: { app: 'gz' }, values: [[ns(NOW_MS - 1000), 'zipped']] }] }));
    const res = await push('p1', body, { 'Content-Encoding': 'gzip' });
    assert.equal(res.status, 204);
  });

  test('too old entries are rejected with 400 while valid ones in the same push are stored', async () => {
    const old = ns(NOW_MS - 8 * 24 * 3600_000);
    const res = await push('p2', { streams: [{ stream: { app: 'old' }, values: [[old, 'ancient'], [ns(NOW_MS - 1000), 'fresh']] }] });
    await expectText(res, 400, /^entry for stream '\{app="old", service_name="old"\}' has timestamp too old: .*, oldest acceptable timestamp is: .*\n$/);
    const q = await (await qr('p2', { query: '{app="old"}', start: ns(NOW_MS - 3600_000), end: ns(NOW_MS) })).json();
    assert.deepEqual(q.data.result[0].values.map((v: string[]) => v[1]), ['fresh']);
  });
});

describe('query_range', () => {
  const T = NOW_MS - 30_000;
  before(() => {
    srv.push('q', [
      { stream: { app: 'a', level: 'info' }, values: [[ns(T, 1), 'a one'], [ns(T, 3), 'a three ERROR'], [ns(T, 5), 'a five']] },
      { stream: { app: 'b', level: 'error' }, values: [[ns(T, 2), 'b two ERROR'], [ns(T, 3), 'b three'], [ns(T, 4), 'b four']] },
    ]);
    srv.push('other', [{ stream: { app: 'a', level: 'info' }, values: [[ns(T, 1), 'other tenant']] }]);
  });
  const range = { start: ns(T), end: ns(T, 100) };
  const lines = async (params: Record<string, string>, tenant = 'q') => {
    const res = await qr(tenant, { ...range, ...params });
    assert.equal(res.status, 200, await res.clone().text());
    const b = await res.json();
    const all: Array<[string, string]> = [];
    for (const r of b.data.result) for (const v of r.values) all.push(v);
    return { body: b, all };
  };

  test('limit is global across streams; backward is the default and returns the newest', async () => {
    const { body, all } = await lines({ query: '{app=~"a|b"}', limit: '2' });
    assert.equal(all.length, 2);
    assert.deepEqual(all.map((v) => v[1]).sort(), ['a five', 'b four']);
    assert.deepEqual(body.data.result.map((r: { stream: { app: string } }) => r.stream.app), ['a', 'b']);
  });

  test('forward order, inclusive start, exclusive end', async () => {
    const { all } = await lines({ query: '{app=~"a|b"}', direction: 'FORWARD', start: ns(T, 2), end: ns(T, 4) });
    assert.deepEqual(all.map((v) => v[0]).sort(), [ns(T, 2), ns(T, 3), ns(T, 3)]);
    const { body } = await lines({ query: '{app="a"}', direction: 'forward' });
    assert.deepEqual(body.data.result[0].values.map((v: string[]) => v[0]), [ns(T, 1), ns(T, 3), ns(T, 5)]);
    const back = await lines({ query: '{app="a"}' });
    assert.deepEqual(back.body.data.result[0].values.map((v: string[]) => v[0]), [ns(T, 5), ns(T, 3), ns(T, 1)]);
  });

  test('matchers = != =~ !~ with anchored regexes; missing labels compare as ""', async () => {
    assert.deepEqual((await lines({ query: '{level!="info", app=~".+"}' })).all.map((v) => v[1]).sort(), ['b four', 'b three', 'b two ERROR']);
    assert.equal((await lines({ query: '{app=~"a"}' })).all.length, 3);
    assert.equal((await lines({ query: '{level=~"inf"}' })).all.length, 0, 'regex matchers are anchored');
    assert.equal((await lines({ query: '{app=~"(?i)A"}' })).all.length, 3);
    assert.equal((await lines({ query: '{app!~"a", app=~".+"}' })).all.length, 3);
    assert.equal((await lines({ query: '{app="a", team=""}' })).all.length, 3);
  });

  test('line filters |= != |~ !~ chain left to right', async () => {
    assert.deepEqual((await lines({ query: '{app=~".+"} |= "ERROR"' })).all.map((v) => v[1]).sort(), ['a three ERROR', 'b two ERROR']);
    assert.deepEqual((await lines({ query: '{app=~".+"} |= "ERROR" != "two"' })).all.map((v) => v[1]), ['a three ERROR']);
    assert.deepEqual((await lines({ query: '{app=~".+"} |~ "t(wo|hree)" !~ "ERROR"' })).all.map((v) => v[1]), ['b three']);
    assert.deepEqual((await lines({ query: '{app="a"} |~ `(?i)error`' })).all.map((v) => v[1]), ['a three ERROR']);
  });

  test('tenants are kept apart', async () => {
    assert.deepEqual((await lines({ query: '{app="a"}' }, 'other')).all.map((v) => v[1]), ['other tenant']);
    assert.equal((await lines({ query: '{app="b"}' }, 'other')).body.data.result.length, 0);
  });

  test('RFC3339 and seconds timestamps', async () => {
    const startIso = new Date(T).toISOString();
    const endS = String(Math.ceil(NOW_MS / 1000) + 1);
    assert.equal((await lines({ query: '{app="a"}', start: startIso, end: endS })).all.length, 3);
    const plus2 = new Date(T - 1000 + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    assert.equal((await lines({ query: '{app="a"}', start: plus2, end: endS })).all.length, 3);
    assert.equal((await lines({ query: '{app="a"}', start: new Date(T).toISOString().replace(/Z$/, '000003Z'), end: endS })).all.length, 2, 'RFC3339Nano keeps ns precision');
    await expectText(await qr('q', { query: '{app="a"}', start: '2024-05-01T10:00:00.5+02:00', end: endS }), 400, /^the query time range exceeds the limit \(query length: .*, limit: 721h0m0s\)$/);
  });

  test('categorize-labels puts structured metadata in a third element', async () => {
    srv.push('meta', [{ stream: { app: 'm' }, values: [[ns(T, 1), 'with meta', { trace_id: 'abc' }], [ns(T, 2), 'plain']] }]);
    const classic = await (await qr('meta', { query: '{app="m"}', ...range, direction: 'forward' })).json();
    assert.equal(classic.data.result.length, 2, 'metadata splits streams in the classic shape');
    const cat = await (await qr('meta', { query: '{app="m"}', ...range, direction: 'forward' }, { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' })).json();
    assert.deepEqual(cat.data.encodingFlags, ['categorize-labels']);
    assert.deepEqual(cat.data.result, [
      { stream: { app: 'm', service_name: 'm' }, values: [[ns(T, 1), 'with meta', { structuredMetadata: { trace_id: 'abc' } }], [ns(T, 2), 'plain', {}]] },
    ]);
  });

  test('errors: plain text without trailing newline, Loki texts', async () => {
    await expectText(await qr('q', { query: '{foo="bar"' }), 400, 'parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,');
    await expectText(await qr('q', { query: '{foo="bar}' }), 400, 'parse error at line 1, col 6: literal not terminated');
    await expectText(await qr('q', { query: '{foo="bar"} |~' }), 400, 'parse error at line 1, col 15: syntax error: unexpected $end, expecting STRING or ip');
    await expectText(await qr('q', { query: '{foo="bar"} "foo"' }), 400, 'parse error at line 1, col 13: syntax error: unexpected STRING');
    await expectText(await qr('q', { query: '{a=~".*"}' }), 400, /^parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value/);
    await expectText(await qr('q', { query: '{app="a"} | json' }), 400, /not supported/);
    await expectText(await qr('q', { query: '{app="a"}', limit: '0' }), 400, 'limit must be a positive value');
    await expectText(await qr('q', { query: '{app="a"}', limit: 'x' }), 400, 'strconv.Atoi: parsing "x": invalid syntax');
    await expectText(await qr('q', { query: '{app="a"}', limit: '6000' }), 400, 'max entries limit per query exceeded, limit > max_entries_limit_per_query (6000 > 5000)');
    await expectText(await qr('q', { query: '{app="a"}', direction: 'up' }), 400, "invalid direction 'up'");
    await expectText(await qr('q', { query: '{app="a"}', start: 'x' }), 400, 'could not parse \'start\' parameter: strconv.ParseInt: parsing "x": invalid syntax');
    await expectText(await qr('q', { query: '{app="a"}', start: ns(T, 10), end: ns(T, 5) }), 400, 'end timestamp must not be before or equal to start time');
    await expectText(await qr(null, { query: '{app="a"}' }), 401, 'no org id\n');
  });

  test('instant query rejects log queries; POST form bodies work', async () => {
    const res = await fetch(`${srv.url}/loki/api/v1/query?query=${encodeURIComponent('{app="a"}')}`, { headers: { 'X-Scope-OrgID': 'q' } });
    await expectText(res, 400, 'log queries are not supported as an instant query type, please change your query to a range query type');
    const post = await fetch(`${srv.url}/loki/api/v1/query_range`, {
      method: 'POST',
      headers: { 'X-Scope-OrgID': 'q', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: '{app="a"}', ...range }).toString(),
    });
    assert.equal(post.status, 200);
    assert.equal((await post.json()).data.result[0].values.length, 3);
  });
});

describe('metadata endpoints', () => {
  test('labels and label values; empty answers omit data', async () => {
    srv.push('md', [{ stream: { job: 'x', env: 'prod' }, values: [[ns(NOW_MS - 1000), 'l']] }, { stream: { job: 'y' }, values: [[ns(NOW_MS - 1000), 'l']] }]);
    const h = { headers: { 'X-Scope-OrgID': 'md' } };
    assert.deepEqual(await (await fetch(`${srv.url}/loki/api/v1/labels`, h)).json(), { status: 'success', data: ['env', 'job', 'service_name'] });
    assert.deepEqual(await (await fetch(`${srv.url}/loki/api/v1/label/job/values`, h)).json(), { status: 'success', data: ['x', 'y'] });
    assert.deepEqual(await (await fetch(`${srv.url}/loki/api/v1/label/job/values?query=${encodeURIComponent('{env="prod"}')}`, h)).json(), { status: 'success', data: ['x'] });
    assert.deepEqual(await (await fetch(`${srv.url}/loki/api/v1/label/nope/values`, h)).json(), { status: 'success' });
    const series = await (await fetch(`${srv.url}/loki/api/v1/series?match[]=${encodeURIComponent('{job="y"}')}`, h)).json();
    assert.deepEqual(series, { status: 'success', data: [{ job: 'y', service_name: 'y' }] });
  });

  test('/ready, /metrics, buildinfo, 404', async () => {
    const r = await fetch(`${srv.url}/ready`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), 'ready\n');
    assert.match(await (await fetch(`${srv.url}/metrics`)).text(), /loki_distributor_lines_received_total\{tenant="md"\} 2/);
    assert.equal(typeof (await (await fetch(`${srv.url}/loki/api/v1/status/buildinfo`)).json()).version, 'string');
    await expectText(await fetch(`${srv.url}/nope`), 404, '404 page not found\n');
  });
});

describe('tail', () => {
  const open = (tenant: string | null, params: Record<string, string>) =>
    new WebSocket(`${srv.url.replace('http', 'ws')}/loki/api/v1/tail?${new URLSearchParams(params)}`, { headers: tenant ? { 'X-Scope-OrgID': tenant } : {} });

  test('initial back-fill then live entries, one entry per streams[] element, oldest first', async () => {
    srv.push('tl', [{ stream: { app: 't' }, values: [[ns(NOW_MS - 5000, 1), 'old 1'], [ns(NOW_MS - 5000, 2), 'old 2'], [ns(NOW_MS - 5000, 3), 'old 3']] }]);
    const ws = open('tl', { query: '{app="t"} != "skip"', start: ns(NOW_MS - 10_000), limit: '2' });
    const got: Array<{ labels: Record<string, string>; v: string[] }> = [];
    ws.on('message', (m) => {
      const msg = JSON.parse(m.toString());
      for (const s of msg.streams) {
        assert.equal(s.values.length, 1);
        got.push({ labels: s.stream, v: s.values[0] });
      }
    });
    await new Promise((r) => ws.once('open', r));
    await waitFor(() => got.length === 2);
    assert.deepEqual(got.map((g) => g.v[1]), ['old 2', 'old 3']);
    srv.push('tl', [{ stream: { app: 't' }, values: [[ns(Date.now()), 'live'], [ns(Date.now(), 1), 'skip me']] }]);
    srv.push('other', [{ stream: { app: 't' }, values: [[ns(Date.now()), 'other tenant']] }]);
    await waitFor(() => got.length === 3);
    assert.deepEqual(got[2].labels, { app: 't', service_name: 't' });
    assert.equal(got[2].v[1], 'live');
    ws.close(1000);
  });

  test('pre-upgrade errors are HTTP answers: 401, 400 parse error, delay_for > 5', async () => {
    const status = (ws: WebSocket) =>
      new Promise<{ code: number; body: string }>((resolve) => {
        ws.on('unexpected-response', (_q, res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c));
          res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
        });
        ws.on('error', () => undefined);
      });
    assert.deepEqual(await status(open(null, { query: '{app="t"}' })), { code: 401, body: 'no org id\n' });
    assert.equal((await status(open('tl', { query: '{app=' }))).code, 400);
    assert.deepEqual(await status(open('tl', { query: '{app="t"}', delay_for: '6' })), { code: 400, body: "delay_for can't be greater than 5\n" });
  });

  test('restart() drops open tails and the server comes back on the same port with its data', async () => {
    const ws = open('tl', { query: '{app="t"}', start: ns(Date.now()) });
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    await srv.restart({ downMs: 50 });
    assert.equal(await closed, 1006);
    const q = await qr('tl', { query: '{app="t"}', start: ns(NOW_MS - 10_000), end: ns(Date.now() + 1000) });
    assert.equal(q.status, 200);
    assert.ok((await q.json()).data.result[0].values.length >= 4);
  });
});

describe('faults', () => {
  test('429 with Retry-After, 5xx, truncated bodies and resets are injected on query routes only', async () => {
    srv.setFaults({ rateLimitRate: 1, retryAfterSeconds: 2 });
    const r429 = await qr('q', { query: '{app="a"}' });
    assert.equal(r429.status, 429);
    assert.equal(r429.headers.get('retry-after'), '2');
    await r429.text();
    assert.equal((await push('q', { streams: [{ stream: { app: 'z' }, values: [[ns(Date.now()), 'x']] }] })).status, 204, 'push is not a fault route by default');
    srv.setFaults({ rateLimitRate: 0, errorRate: 1, errorStatus: 503 });
    const r503 = await qr('q', { query: '{app="a"}' });
    assert.equal(r503.status, 503);
    await r503.text();
    srv.setFaults({ errorRate: 0, truncateRate: 1 });
    const tr = await qr('q', { query: '{app="a"}', start: ns(NOW_MS - 60_000) });
    assert.equal(tr.status, 200);
    await assert.rejects(tr.text());
    srv.setFaults({ truncateRate: 0, resetRate: 1 });
    await assert.rejects(qr('q', { query: '{app="a"}' }));
    srv.clearFaults();
    assert.equal((await qr('q', { query: '{app="a"}' })).status, 200);
    assert.ok(srv.faultCounters.truncated >= 1 && srv.faultCounters.resets >= 1 && srv.faultCounters.rateLimited >= 1);
  });

  test('a client that resets its tail upgrade while the server waits out latency raises nothing in the server process', async () => {
    srv.setFaults({ routes: ['tail'], latencyMs: 60_000 });
    const delayedBefore = srv.faultCounters.delayed;
    const sock = connect(srv.port, '127.0.0.1');
    await once(sock, 'connect');
    sock.write(
      'GET /loki/api/v1/tail?query=%7Bapp%3D%22a%22%7D HTTP/1.1\r\nHost: loki\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX-Scope-OrgID: q\r\n\r\n',
    );
    // The server holds the upgrade, waiting out the injected latency: now the client resets.
    await waitFor(() => srv.faultCounters.delayed > delayedBefore);
    sock.resetAndDestroy();
    // Without an error listener on the upgrading socket the RST was an uncaught ECONNRESET here,
    // raised before this round trip completes (the RST reaches the server first).
    srv.clearFaults();
    assert.equal((await qr('q', { query: '{app="a"}' })).status, 200);
  });

  test('auth disabled: every request is tenant "fake"', async () => {
    const s2 = await startLokiServer({ authEnabled: false });
    try {
      const r = await fetch(`${s2.url}/loki/api/v1/push`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ streams: [{ stream: { app: 'f' }, values: [[ns(Date.now()), 'x']] }] }),
      });
      assert.equal(r.status, 204);
      assert.equal(s2.data.lineCount('fake'), 1);
    } finally {
      await s2.close();
    }
  });
});

/** Polls a condition; the deadline only bounds a failure, so it is generous for a loaded machine. */
async function waitFor(cond: () => boolean, ms = 30_000) {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
