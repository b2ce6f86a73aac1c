// The real client against the real Loki stand-in over loopback.

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { BrokenCircuitError } from 'cockatiel';
import { startLokiServer, type LokiServerHandle, type PushInput } from '../../../testkit/loki/server.js';
import { LokiClient, LokiHttpError } from './client.js';
import { decodeCursor, encodeCursor, forwardPages, type FollowCursor, type PageEntry } from './paginate.js';
import { LokiTailClosedError } from './tail.js';

const BASE_MS = Date.now() - 10 * 60_000;
const ts = (offsetNs: number) => BigInt(BASE_MS) * 1_000_000n + BigInt(offsetNs);

let srv: LokiServerHandle;
before(async () => {
  srv = await startLokiServer({ port: 0, seed: 7 });
});
after(async () => {
  await srv.close();
});
beforeEach(() => srv.clearFaults());

const fastRetry = { maxAttempts: 6, initialDelayMs: 5, maxDelayMs: 50 };

function key(e: { labels: Record<string, string>; tsNs: bigint; line: string }) {
  return `${JSON.stringify(Object.entries(e.labels).sort())}|${e.tsNs}|${e.line}`;
}

async function collect(client: LokiClient, query: string, from: FollowCursor, limit: number, maxLimit = 5000, endNs = ts(1e9)) {
  const entries: PageEntry[] = [];
  let cursor = from;
  const skipped: bigint[] = [];
  let pages = 0;
  for await (const p of forwardPages(client, { query, from, endNs, limit, maxLimit })) {
    entries.push(...p.entries);
    cursor = p.cursor;
    if (p.skippedAtTs !== undefined) skipped.push(p.skippedAtTs);
    pages++;
  }
  return { entries, cursor, skipped, pages };
}

describe('forward pagination', () => {
  // Three streams; many entries share timestamps, inside one stream and across streams.
  const pushed: PushInput[] = [
    { stream: { app: 'p', s: '1' }, values: [[ts(1), 'a'], [ts(2), 'b'], [ts(2), 'c'], [ts(2), 'd'], [ts(2), 'e'], [ts(3), 'f'], [ts(5), 'g']] },
    { stream: { app: 'p', s: '2' }, values: [[ts(2), 'h'], [ts(2), 'i'], [ts(2), 'j'], [ts(4), 'k'], [ts(5), 'l'], [ts(5), 'm']] },
    { stream: { app: 'p', s: '3' }, values: [[ts(0), 'n'], [ts(2), 'o'], [ts(5), 'p'], [ts(5), 'q'], [ts(5), 'r'], [ts(5), 's'], [ts(6), 't']] },
  ];
  const expected = pushed.flatMap((p) => p.values.map((v) => key({ labels: { ...p.stream, service_name: 'p' }, tsNs: BigInt(v[0]), line: v[1] }))).sort();
  before(() => srv.push('pg', pushed));

  for (const limit of [1, 2, 3, 4, 5, 7, 100]) {
    test(`limit ${limit}: every entry exactly once across page boundaries with shared timestamps`, async () => {
      const c = new LokiClient({ baseUrl: srv.url, tenant: 'pg', retry: fastRetry });
      const { entries } = await collect(c, '{app="p"}', { tsNs: ts(0), seen: {} }, limit);
      assert.deepEqual(entries.map(key).sort(), expected);
    });
  }

  test('a page that is entirely one timestamp raises the limit instead of looping', async () => {
    const same = Array.from({ length: 12 }, (_, i) => [ts(100), `same ${i}`] as [bigint, string]);
    srv.push('pg1', [{ stream: { app: 'one' }, values: [...same, [ts(101), 'after']] }]);
    const c = new LokiClient({ baseUrl: srv.url, tenant: 'pg1', retry: fastRetry });
    const r = await collect(c, '{app="one"}', { tsNs: ts(0), seen: {} }, 4, 16);
    assert.equal(r.entries.length, 13);
    assert.equal(new Set(r.entries.map(key)).size, 13);
    assert.deepEqual(r.skipped, []);
    // With the limit capped below the pile, the follower steps past and reports it.
    const capped = await collect(c, '{app="one"}', { tsNs: ts(0), seen: {} }, 4, 8);
    assert.deepEqual(capped.skipped, [ts(100)]);
    assert.ok(capped.entries.some((e) => e.line === 'after'));
    assert.equal(new Set(capped.entries.map(key)).size, capped.entries.length, 'no duplicates even when skipping');
  });

  test('resuming from any intermediate cursor (round-tripped through its string form) yields exactly the rest', async () => {
    const c = new LokiClient({ baseUrl: srv.url, tenant: 'pg', retry: fastRetry });
    const cursors: FollowCursor[] = [];
    const seenSoFar: string[][] = [];
    const acc: string[] = [];
    for await (const p of forwardPages(c, { query: '{app="p"}', from: { tsNs: ts(0), seen: {} }, endNs: ts(1e9), limit: 3, maxLimit: 5000 })) {
      acc.push(...p.entries.map(key));
      cursors.push(decodeCursor(encodeCursor(p.cursor))!);
      seenSoFar.push([...acc]);
    }
    assert.ok(cursors.length >= 5);
    for (let i = 0; i < cursors.length; i++) {
      const rest = await collect(c, '{app="p"}', cursors[i], 2);
      assert.deepEqual([...seenSoFar[i], ...rest.entries.map(key)].sort(), expected, `resume from cursor ${i}`);
    }
  });

  test('entries pushed later at the cursor timestamp are still picked up', async () => {
    srv.push('late', [{ stream: { app: 'l' }, values: [[ts(10), 'x1'], [ts(10), 'x2']] }]);
    const c = new LokiClient({ baseUrl: srv.url, tenant: 'late', retry: fastRetry });
    const first = await collect(c, '{app="l"}', { tsNs: ts(0), seen: {} }, 10);
    assert.equal(first.entries.length, 2);
    srv.push('late', [{ stream: { app: 'l' }, values: [[ts(10), 'x3'], [ts(11), 'x4']] }]);
    const second = await collect(c, '{app="l"}', first.cursor, 10);
    assert.deepEqual(second.entries.map((e) => e.line), ['x3', 'x4']);
  });
});

describe('resilience', () => {
  before(() => srv.push('r', [{ stream: { app: 'r' }, values: [[ts(1), 'one'], [ts(2), 'two']] }]));
  const q = { query: '{app="r"}', startNs: ts(0), endNs: ts(1e9), limit: 100, direction: 'forward' as const };

  test('429 with Retry-After is retried after the server-given delay', async () => {
    srv.setFaults({ rateLimitRate: 1, retryAfterSeconds: 1 });
    const delays: number[] = [];
    // The fault is cleared once the client has seen a 429 (not on a timer, which a slow start can outrun).
    const c = new LokiClient({ baseUrl: srv.url, tenant: 'r', retry: fastRetry, onRetry: (i) => {
        delays.push(i.delayMs);
        srv.clearFaults();
      } });
    const t0 = performance.now();
    const r = await c.queryRange(q);
    assert.equal(r.entryCount, 2);
    assert.ok(delays.length >= 1 && delays.every((d) => d >= 1000), `delays ${delays}`);
    // A lower bound only (a slow machine waits longer); timers may fire a millisecond early.
    assert.ok(performance.now() - t0 >= 990, `retried after ${performance.now() - t0} ms`);
  });

  test('5xx, resets and truncated bodies are retried until success', async () => {
    for (const f of [{ errorRate: 1, errorStatus: 502 }, { resetRate: 1 }, { truncateRate: 1 }]) {
      srv.clearFaults();
      srv.setFaults(f);
      const reasons: string[] = [];
      // Cleared after the third failed attempt, whatever the machine's speed.
      const c = new LokiClient({
        baseUrl: srv.url,
        tenant: 'r',
        retry: { ...fastRetry, maxAttempts: 20 },
        onRetry: (i) => {
          if (reasons.push(i.reason) >= 3) srv.clearFaults();
        },
      });
      const r = await c.queryRange(q);
      assert.equal(r.entryCount, 2);
      assert.ok(reasons.length >= 3, `retried on ${JSON.stringify(f)}: ${reasons}`);
    }
    srv.setFaults({ errorRate: 0.5, truncateRate: 0.2, resetRate: 0.1 });
    const c = new LokiClient({ baseUrl: srv.url, tenant: 'r', retry: { ...fastRetry, maxAttempts: 30 } });
    for (let i = 0; i < 20; i++) assert.equal((await c.queryRange(q)).entryCount, 2);
  });

  test('400 is not retried and carries Loki\'s text', async () => {
    const reasons: string[] = [];
    const c = new LokiClient({ baseUrl: srv.url, tenant: 'r', retry: fastRetry, onRetry: (i) => reasons.push(i.reason) });
    await assert.rejects(c.queryRange({ ...q, query: '{app="r"' }), (e: unknown) => e instanceof LokiHttpError && e.status === 400 && /expecting } or ,/.test(e.body));
    assert.deepEqual(reasons, []);
  });

  test('the circuit breaker opens after consecutive failures and stops hitting the server', async () => {
    srv.setFaults({ errorRate: 1, errorStatus: 500 });
    const c = new LokiClient({ baseUrl: srv.url, tenant: 'r', retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 }, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 60_000 } });
    await assert.rejects(c.queryRange(q));
    const hits = srv.faultCounters.errors;
    await assert.rejects(c.queryRange(q), (e: unknown) => e instanceof BrokenCircuitError);
    assert.equal(srv.faultCounters.errors, hits, 'no request reached the server while open');
  });

  test('a per-attempt timeout aborts a slow answer and retries', async () => {
    // The server answers after 3 s; each attempt must end on its own 100 ms timeout, which the
    // client reports per attempt (no wall-clock bound that a loaded machine could miss).
    srv.setFaults({ latencyMs: 3000 });
    const outcomes: string[] = [];
    const c = new LokiClient({ baseUrl: srv.url, tenant: 'r', timeoutMs: 100, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 }, onAttempt: (_e, o) => outcomes.push(o) });
    await assert.rejects(c.queryRange(q));
    // maxAttempts counts retries: the first try and two retries, each cut by its own timeout.
    assert.deepEqual(outcomes, ['timeout', 'timeout', 'timeout'], 'every attempt gave up before the server answered');
  });
});

describe('tenants, metadata, auth', () => {
  test('tenant isolation for queries, labels and label values', async () => {
    srv.push('ta', [{ stream: { job: 'alpha' }, values: [[ts(1), 'from a']] }]);
    srv.push('tb', [{ stream: { job: 'beta' }, values: [[ts(1), 'from b']] }]);
    const a = new LokiClient({ baseUrl: srv.url, tenant: 'ta' });
    const b = a.forTenant('tb');
    const rq = { query: '{job=~".+"}', startNs: ts(0), endNs: ts(1e9), limit: 100, direction: 'forward' as const };
    assert.deepEqual((await a.queryRange(rq)).streams.flatMap((s) => s.entries.map((e) => e.line)), ['from a']);
    assert.deepEqual((await b.queryRange(rq)).streams.flatMap((s) => s.entries.map((e) => e.line)), ['from b']);
    const win = { startNs: ts(0), endNs: ts(1e9) };
    assert.deepEqual(await a.labelValues('job', win), ['alpha']);
    assert.deepEqual(await b.labelValues('job', win), ['beta']);
    assert.deepEqual(await a.labels(win), ['job', 'service_name']);
    assert.deepEqual(await a.labelValues('nope', win), []);
    const none = new LokiClient({ baseUrl: srv.url });
    await assert.rejects(none.queryRange(rq), (e: unknown) => e instanceof LokiHttpError && e.status === 401 && e.body === 'no org id\n');
    assert.equal(await none.ready(), true);
  });

  test('basic and bearer credentials go in headers, never in error messages', async () => {
    const seen: string[] = [];
    const echo = http.createServer((req, res) => {
      seen.push(String(req.headers.authorization));
      res.writeHead(403, { 'Content-Type': 'text/plain' });
      res.end('denied');
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const port = (echo.address() as AddressInfo).port;
    try {
      const q = { query: '{a="b"}', startNs: 0n, endNs: 1n, limit: 1, direction: 'forward' as const };
      const basic = new LokiClient({ baseUrl: `http://127.0.0.1:${port}`, auth: { kind: 'basic', username: 'u', password: 's3cret-pw' } });
      const err1 = await basic.queryRange(q).catch((e: Error) => e);
      const bearer = new LokiClient({ baseUrl: `http://127.0.0.1:${port}`, auth: { kind: 'bearer', token: 'tok-s3cret' } });
      const err2 = await bearer.queryRange(q).catch((e: Error) => e);
      const inUrl = new LokiClient({ baseUrl: `http://user:url-s3cret@127.0.0.1:${port}/prefix` });
      const err3 = await inUrl.queryRange(q).catch((e: Error) => e);
      assert.deepEqual(seen, [
        `Basic ${Buffer.from('u:s3cret-pw').toString('base64')}`,
        'Bearer tok-s3cret',
        `Basic ${Buffer.from('user:url-s3cret').toString('base64')}`,
      ]);
      for (const e of [err1, err2, err3]) {
        assert.ok(e instanceof LokiHttpError && e.status === 403);
        assert.doesNotMatch(`${e.message} ${e.stack}`, /s3cret/);
      }
      assert.doesNotMatch(inUrl.safeBaseUrl, /s3cret/);
    } finally {
      echo.close();
    }
  });
});

describe('tail', () => {
  test('live entries arrive; a server restart ends the session with an error', async () => {
    const c = new LokiClient({ baseUrl: srv.url, tenant: 'tail' });
    const s = await c.tail({ query: '{app="t"}', startNs: BigInt(Date.now()) * 1_000_000n });
    srv.push('tail', [{ stream: { app: 't' }, values: [[BigInt(Date.now()) * 1_000_000n, 'hello tail']] }]);
    let b = await s.read(2000);
    while (b && b.entries.length === 0) b = await s.read(2000);
    assert.equal(b?.entries[0].line, 'hello tail');
    assert.deepEqual(b?.entries[0].labels, { app: 't', service_name: 't' });
    await srv.restart();
    await assert.rejects(async () => {
      for (;;) await s.read(2000);
    }, (e: unknown) => e instanceof LokiTailClosedError || (e as Error).name === 'LokiTransportError');
    s.close();
  });

  test('a tail refused before the upgrade surfaces the HTTP status', async () => {
    const c = new LokiClient({ baseUrl: srv.url });
    await assert.rejects(c.tail({ query: '{app="t"}' }), (e: unknown) => e instanceof LokiHttpError && e.status === 401);
  });
});
