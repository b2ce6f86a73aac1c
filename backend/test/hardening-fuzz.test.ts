// Property-based fuzzing of every HTTP endpoint with malformed requests: arbitrary JSON, a wrong
// value in one field of a valid body, sizes just past each limit, bad timestamps and selectors,
// invalid UTF-8, wrong content types and encodings, odd headers and tenant ids, odd methods and
// paths. Properties: never a 5xx (nor an error event inside a 200 event stream); every 4xx carries
// the error envelope naming a `field`; the server keeps answering; and nothing stored changes (every
// ingest body here is invalid by construction; valid asks only read). Fixed seed, bounded runs.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { GROUND_TRUTH } from '../src/demo/scenario.js';
import { createLogger } from '../src/telemetry/logger.js';
import { rawRequest, scenarioEntries, sseEvents, type RawResponse } from './hardening-lib.js';

const SEED = 20261125;
/** Runs per family: 10,400 requests in all, 25-75 s on a busy 2-core machine. */
const RUNS = {
  json: 1000,
  field: 3000,
  times: 800,
  bytes: 500,
  contentType: 600,
  headers: 1500,
  limits: 300,
  routes: 600,
  selectorEscapes: 400,
  matchers: 200,
  timePhrases: 800,
  baselines: 300,
  futureStarts: 200,
  multibyte: 200,
};
const KEY = 'fuzz-key-0123456789abcdef';
const KEY_T1 = 'fuzz-key-t1-0123456789abcd';
const METRICS_KEY = 'fuzz-metrics-key-0123456789';
const BODY_LIMIT = 64 * 1024;
const ENDPOINTS = ['/api/v1/ask', '/api/v1/explain-alert', '/api/v1/patterns', '/api/v1/ingest'] as const;
type Endpoint = (typeof ENDPOINTS)[number];

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

let app: App;
let base: string;
let dir: string;
let hashBefore: string;
const statuses = new Map<number, number>();
const ingestAccepted: string[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loglens-fuzz-'));
  app = createApp(
    loadConfig({}, {
      dataDir: dir,
      server: { port: 0, bodyLimitBytes: BODY_LIMIT },
      auth: { apiKeys: [KEY, { key: KEY_T1, tenants: ['t1'] }], metricsKey: METRICS_KEY },
      // High enough that a 429 never stands in for the answer being tested.
      limits: { askPerMinute: 1_000_000, ingestPerMinute: 1_000_000 },
    }),
    { logger: createLogger('silent'), processMetrics: false },
  );
  base = (await app.listen()).url;
  // The incident's quarter hour is enough for asks to find, rank and cite real lines.
  const lo = BigInt(Date.parse('2026-11-24T13:58:00Z')) * 1_000_000n;
  const hi = BigInt(Date.parse('2026-11-24T14:10:00Z')) * 1_000_000n;
  const entries = (await scenarioEntries()).filter((e) => e.tsNs >= lo && e.tsNs < hi);
  for (const tenant of ['default', 't1']) app.pipeline.ingest('file', entries.map((e) => ({ ...e, tenant })), { final: true });
  hashBefore = app.store.contentHash();
});

after(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const headersJson = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...extra });

/** The invariants every response must keep, whatever was sent. */
async function check(req: Req): Promise<void> {
  let r: RawResponse;
  try {
    r = await rawRequest(base, req.method, req.path, req.headers, req.body);
  } catch (err) {
    throw new Error(`no response to ${describe(req)}: ${(err as Error).message}`);
  }
  statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  assert.ok(r.status >= 200 && r.status < 500, `${r.status} for ${describe(req)}: ${r.body.slice(0, 300)}`);
  if (r.status >= 400) {
    let e: { code?: unknown; message?: unknown; field?: unknown } | undefined;
    try {
      e = JSON.parse(r.body).error;
    } catch {
      assert.fail(`${r.status} without a JSON envelope for ${describe(req)}: ${r.body.slice(0, 200)}`);
    }
    assert.ok(e && typeof e.code === 'string' && typeof e.message === 'string', `${r.status} envelope for ${describe(req)}: ${r.body.slice(0, 200)}`);
    assert.ok(typeof e.field === 'string' && e.field.length > 0, `${r.status} without a field for ${describe(req)}: ${r.body.slice(0, 200)}`);
  } else if (String(r.headers['content-type'] ?? '').includes('event-stream')) {
    const events = sseEvents(r.body).map((x) => x.event);
    assert.ok(!events.includes('error') && events.at(-1) === 'answer', `stream ${events.join(',')} for ${describe(req)}`);
  }
  if (req.path.startsWith('/api/v1/ingest') && r.status === 200 && JSON.parse(r.body).inserted > 0) ingestAccepted.push(describe(req));
}

function describe(req: Req): string {
  const body = req.body === undefined ? '' : Buffer.isBuffer(req.body) ? `<${req.body.length} bytes> ${req.body.subarray(0, 120).toString('latin1')}` : req.body.slice(0, 160);
  return `${req.method} ${req.path} ${JSON.stringify(req.headers).slice(0, 200)} ${body}`;
}

// ---- value generators ----

const headerChar = fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c));
const headerValue = fc.string({ unit: headerChar, maxLength: 80 });
const nonString = fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }));
/** Strings no reading of time accepts (neither epoch digits nor RFC 3339). */
const badTimestampStrict = fc.oneof(
  fc.constantFrom('', ' ', 'yesterday', 'now', '2026-13-01T00:00:00Z', '2026-11-24T25:00:00Z', '2026-11-24T14:61:00Z', '99999999999999999999', '9223372036854775808', '-1', '1e18', '0x10', '2026-11-24', '2026-11-24T14:00:00', '2026-11-24 14:00:00Z', '2026-11-24T14:00:00.1234567890Z', ' 1764000000000000000', '1764000000000000000 ', '１７６４', 'NaN', 'Infinity', '2026-11-24T14:00:00+25:00x', '0000-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '9999-12-31T23:59:59.999999999Z', '2262-04-11T23:47:16.854775808Z', '2026-02-30T00:00:00Z', '2026-04-31T12:00:00Z', '2025-02-29T00:00:00Z'),
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => /[^0-9]/.test(s) && !/^\d{4}-\d\d-\d\dT/.test(s)),
);
/** Any time-ish value: some valid, most not. Only for bodies that do not write. */
const anyTimestamp = fc.oneof(
  badTimestampStrict,
  // The ends of int64 nanoseconds, where window arithmetic overflows.
  fc.constantFrom('0', '1', '9223372036854775807', '9223372036854775806', '2262-04-11T23:47:16.854775807Z', '1970-01-01T00:00:00Z', '0001-01-01T00:00:00Z'),
  fc.bigInt({ min: -10n, max: 10n ** 20n }).map(String),
  fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  nonString,
);
const selectorLike = fc.oneof(
  fc.constantFrom('{', '}', '{}', '{job}', '{job=}', '{job="a"', '{job=~"("}', '{job=~"[a-"}', '{job=~"(?=x)"}', '{job=~"(?<n>x)"}', '{job="a",}', '{,}', '{job="a" job="b"}', `{job=~"${'a'.repeat(600)}"}`, '{job=`x`}', '{job="\\u0000"}', '{__proto__="x"}', '{job=~"(a+)+"}', '{job!~".*"}', '{job=~"\\\\"}', '{job="\\"}', '{job=~"a{1000}"}', '{job=~"a{2,1}"}', '{job=~"\\\\p{Greek}"}', '  {job="checkout"}  ', '{job="checkout"} |= "error"', '{job="x"}{job="y"}'),
  fc.string({ maxLength: 40 }).map((s) => `{job=~${JSON.stringify(s)}}`),
  fc.string({ maxLength: 40 }).map((s) => `{${s}}`),
  fc.string({ maxLength: 40 }),
);
const sizes = (limit: number) => fc.constantFrom(limit - 1, limit, limit + 1, limit * 2);
const longString = (limit: number) => sizes(limit).map((n) => 'q'.repeat(n));
const wrongValue = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 2, arbitrary: nonString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1e308, 1.5, '', ' ', [], {}, '0', 'NaN', '__proto__') },
  { weight: 2, arbitrary: anyTimestamp },
  { weight: 1, arbitrary: longString(2000) },
  { weight: 2, arbitrary: selectorLike },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);
const DELETE = Symbol('delete');

// ---- valid bases and the fields to break ----

const VALID: Record<Exclude<Endpoint, '/api/v1/ingest'>, Record<string, unknown>> = {
  '/api/v1/ask': { question: GROUND_TRUTH.question, selector: '{env="demo"}', labels: { job: 'checkout' }, start: '2026-11-24T13:58:00Z', end: '2026-11-24T14:10:00Z', limit: 5 },
  '/api/v1/explain-alert': { labels: { alertname: 'CheckoutErrorRate', job: 'checkout' }, annotations: { summary: 'checkout 5xx' }, startsAt: '2026-11-24T14:06:00Z', endsAt: '0001-01-01T00:00:00Z', limit: 5 },
  '/api/v1/patterns': { start: '2026-11-24T14:00:00Z', end: '2026-11-24T14:10:00Z', baselineStart: '2026-11-24T13:58:00Z', baselineEnd: '2026-11-24T14:00:00Z', selector: '{job=~".+"}', limit: 10 },
};
const FIELDS: Record<Exclude<Endpoint, '/api/v1/ingest'>, (string | number)[][]> = {
  '/api/v1/ask': [['question'], ['selector'], ['labels'], ['labels', 'job'], ['labels', 'bad-name'], ['start'], ['end'], ['limit'], ['extra'], ['__proto__']],
  '/api/v1/explain-alert': [['labels'], ['labels', 'job'], ['labels', '0x'], ['annotations'], ['annotations', 'summary'], ['startsAt'], ['endsAt'], ['limit'], ['fingerprint']],
  '/api/v1/patterns': [['start'], ['end'], ['baselineStart'], ['baselineEnd'], ['selector'], ['limit'], ['extra']],
};
const validPush = () => ({ streams: [{ stream: { job: 'fuzz', env: 'x' }, values: [['1764000000000000000', 'fuzz line', { trace_id: 'abc' }]] as unknown[] }] });

/** One field of a valid push made invalid: every result is a push the API must refuse. */
const brokenPush = fc.oneof(
  fc.record({ path: fc.constant(['streams']), v: fc.oneof(nonString.filter((x) => !Array.isArray(x)), fc.string()) }),
  fc.record({ path: fc.constant(['streams', 0]), v: fc.oneof(fc.constantFrom(null, 'x', 1, true, [] as unknown[])) }),
  fc.record({
    path: fc.constant(['streams', 0, 'stream']),
    v: fc.oneof(
      fc.constantFrom({}, null, 'job=x', 1, [], { 'bad-name': 'x' }, { '0job': 'x' }, { job: 1 }, { job: null }, { '': 'x' }, { job: 'x'.repeat(1025) }),
      fc.constant(Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`l${i}`, 'v']))),
    ),
  }),
  fc.record({ path: fc.constant(['streams', 0, 'stream', 'job']), v: fc.oneof(nonString, longString(1024).filter((s) => s.length > 1024)) }),
  fc.record({ path: fc.constant(['streams', 0, 'values']), v: nonString.filter((x) => !Array.isArray(x)) }),
  fc.record({ path: fc.constant(['streams', 0, 'values', 0]), v: fc.constantFrom(null, 'x', 1, [], ['1764000000000000000'], ['1764000000000000000', 'a', {}, 'extra'], { 0: '1', 1: 'a' }) }),
  fc.record({ path: fc.constant(['streams', 0, 'values', 0, 0]), v: fc.oneof(badTimestampStrict, nonString) }),
  fc.record({ path: fc.constant(['streams', 0, 'values', 0, 1]), v: nonString }),
  fc.record({ path: fc.constant(['streams', 0, 'values', 0, 2]), v: fc.oneof(fc.constantFrom(null, 'x', 1, [1], { k: 1 }, { k: null }, { k: {} })) }),
  fc.record({ path: fc.constant(['extra']), v: fc.jsonValue({ maxDepth: 1 }) }),
).map(({ path, v }) => setAt(validPush(), [...path], v));

function setAt<T>(obj: T, path: readonly (string | number)[], v: unknown): T {
  let cur = obj as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (v === DELETE) delete cur[last];
  else if (last === '__proto__') Object.defineProperty(cur, last, { value: v, enumerable: true, configurable: true, writable: true });
  else cur[last] = v;
  return obj;
}

const readEndpoint = fc.constantFrom('/api/v1/ask', '/api/v1/explain-alert', '/api/v1/patterns') as fc.Arbitrary<Exclude<Endpoint, '/api/v1/ingest'>>;
/** A body for an endpoint: any for the reading ones, an invalid one for ingest. */
const bodyFor = (ep: Endpoint): fc.Arbitrary<unknown> =>
  ep === '/api/v1/ingest'
    ? brokenPush
    : fc.oneof(fc.constant(structuredClone(VALID[ep])), fc.jsonValue({ maxDepth: 3 }));

const post = (path: string, body: Buffer | string, headers: Record<string, string> = headersJson()): Req => ({ method: 'POST', path, headers, body });

// ---- families of malformed requests ----

const families: Partial<Record<keyof typeof RUNS, fc.Arbitrary<Req>>> = {
  /** Arbitrary JSON to every endpoint. */
  json: fc.tuple(fc.constantFrom(...ENDPOINTS), fc.jsonValue({ maxDepth: 4 })).map(([ep, v]) =>
    post(ep, ep === '/api/v1/ingest' && isPlausiblePush(v) ? JSON.stringify({ streams: v, extra: 1 }) : JSON.stringify(v)),
  ),
  /** A valid body with one field given a wrong value (or removed). */
  field: fc.oneof(
    fc.tuple(readEndpoint, fc.nat(), fc.oneof(wrongValue, fc.constant(DELETE as unknown)), fc.constantFrom('application/json', 'text/event-stream')).map(([ep, i, v, accept]) => {
      const fields = FIELDS[ep];
      const body = setAt(structuredClone(VALID[ep]), fields[i % fields.length], v);
      return post(ep, JSON.stringify(body), headersJson({ accept }));
    }),
    brokenPush.map((b) => post('/api/v1/ingest', JSON.stringify(b))),
  ),
  /** Every time field of every endpoint, one or two at a time, around the ends of int64 nanoseconds. */
  times: fc.oneof(
    fc.tuple(readEndpoint, fc.nat(), anyTimestamp, fc.option(anyTimestamp)).map(([ep, i, t1, t2]) => {
      const fields = { '/api/v1/ask': ['start', 'end'], '/api/v1/explain-alert': ['startsAt', 'endsAt'], '/api/v1/patterns': ['start', 'end', 'baselineStart', 'baselineEnd'] }[ep];
      const body = structuredClone(VALID[ep]);
      body[fields[i % fields.length]] = t1;
      if (t2 !== null) body[fields[(i + 1) % fields.length]] = t2;
      return post(ep, JSON.stringify(body));
    }),
    fc.oneof(badTimestampStrict, nonString).map((t) => post('/api/v1/ingest', JSON.stringify(setAt(validPush(), ['streams', 0, 'values', 0, 0], t)))),
  ),
  /** Invalid UTF-8, raw or inside a JSON string (0xff is never valid UTF-8). */
  bytes: fc.tuple(fc.constantFrom(...ENDPOINTS), fc.uint8Array({ maxLength: 200 }), fc.boolean()).map(([ep, bytes, wrap]) => {
    const bad = Buffer.concat([Buffer.from(bytes), Buffer.from([0xff])]);
    const field = ep === '/api/v1/ingest' ? null : ep === '/api/v1/patterns' ? 'selector' : ep === '/api/v1/ask' ? 'question' : 'startsAt';
    const body = !wrap
      ? bad
      : field
        ? Buffer.concat([Buffer.from(`{"${field}":"`), bad, Buffer.from('"}')])
        : Buffer.concat([Buffer.from('{"streams":[{"stream":{"job":"x"},"values":[["1764000000000000000","'), bad, Buffer.from('"]]}]}')]);
    return post(ep, body);
  }),
  /** Wrong or odd content types and encodings. */
  contentType: fc
    .tuple(
      fc.constantFrom(...ENDPOINTS).chain((ep) => fc.tuple(fc.constant(ep), bodyFor(ep))),
      fc.oneof(
        fc.constantFrom(undefined, '', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/json; charset=utf-8', 'application/vnd.api+json', 'application/jsonx', 'APPLICATION/JSON', 'application/json, text/plain', '*/*', 'application/json; charset="', ';;;'),
        headerValue,
      ),
      fc.constantFrom(undefined, 'gzip', 'deflate', 'br', 'identity', 'x-custom', 'gzip, gzip', 'gzip-real', 'gzip-bomb'),
    )
    .map(([[ep, v], ct, enc]) => {
      let body: Buffer = Buffer.from(JSON.stringify(v));
      const headers: Record<string, string> = { authorization: `Bearer ${KEY}` };
      if (ct !== undefined) headers['content-type'] = ct;
      if (enc === 'gzip-real') {
        body = gzipSync(body);
        headers['content-encoding'] = 'gzip';
      } else if (enc === 'gzip-bomb') {
        // 1 KiB on the wire, past the body limit once inflated.
        body = gzipSync(Buffer.concat([Buffer.from('{"question":"'), Buffer.alloc(BODY_LIMIT * 4, 0x61), Buffer.from('"}')]));
        headers['content-encoding'] = 'gzip';
      } else if (enc !== undefined) headers['content-encoding'] = enc;
      return post(ep, body, headers);
    }),
  /** Odd auth, tenant and accept headers on valid (reading) or invalid (ingest) bodies. */
  headers: fc
    .tuple(
      fc.constantFrom(...ENDPOINTS, '/api/v1/sources', '/readyz', '/metrics').chain((ep) => fc.tuple(fc.constant(ep), ep.startsWith('/api/v1/') && ep !== '/api/v1/sources' ? bodyFor(ep as Endpoint) : fc.constant(undefined))),
      fc.option(fc.oneof(fc.constantFrom(`Bearer ${KEY}`, `bearer ${KEY}`, `Bearer  ${KEY}`, `Bearer ${KEY} extra`, 'Bearer', `Basic ${Buffer.from(`u:${KEY}`).toString('base64')}`, KEY, `Bearer ${KEY_T1}`, `Bearer ${METRICS_KEY}`, `Bearer ${KEY.slice(0, -1)}`, `Bearer ${KEY}x`), headerValue)),
      fc.option(fc.oneof(fc.constantFrom(KEY, KEY_T1, METRICS_KEY, ''), headerValue)),
      fc.option(fc.oneof(fc.constantFrom('', ' ', '.', '..', 'a|b', 'x'.repeat(151), 'x'.repeat(150), '../etc', 'default', 't1', 't2', '%2e%2e', 'ünï', '*', "a!*'()-_.z", 'default '), headerValue)),
      fc.option(fc.oneof(fc.constantFrom('text/event-stream', '*/*', 'application/json', 'text/event-stream;q=0, application/json'), headerValue)),
    )
    .map(([[ep, v], auth, apiKey, tenant, accept]) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (auth !== null) headers.authorization = auth;
      if (apiKey !== null) headers['x-api-key'] = apiKey;
      if (tenant !== null) headers['x-scope-orgid'] = tenant;
      if (accept !== null) headers.accept = accept;
      return v === undefined ? { method: 'GET', path: ep, headers } : post(ep, JSON.stringify(v), headers);
    }),
  /** Sizes around each limit, deep nesting, many keys, prototype keys, duplicate keys. */
  limits: fc
    .oneof(
      longString(2000).map((q) => post('/api/v1/ask', JSON.stringify({ question: q }))),
      fc.constantFrom(BODY_LIMIT - 20, BODY_LIMIT - 19, BODY_LIMIT - 18, BODY_LIMIT + 1, BODY_LIMIT * 3).chain((n) =>
        fc.constantFrom(...ENDPOINTS).map((ep) => post(ep, `{"question":"${'x'.repeat(Math.max(0, n - 16))}"}`)),
      ),
      fc.integer({ min: 999, max: 1002 }).map((n) => post('/api/v1/ingest', JSON.stringify({ streams: Array.from({ length: n }, () => ({ stream: {}, values: [] })) }))),
      fc.integer({ min: 31, max: 34 }).map((n) => post('/api/v1/ask', JSON.stringify({ question: 'q', labels: Object.fromEntries(Array.from({ length: n }, (_, i) => [`l${i}`, 'v'])) }))),
      fc.integer({ min: 1023, max: 1026 }).map((n) => post('/api/v1/patterns', JSON.stringify({ start: '1', end: '2', selector: `{job="${'v'.repeat(n)}"}` }))),
      fc.tuple(fc.constantFrom(...ENDPOINTS), fc.integer({ min: 1000, max: 30_000 })).map(([ep, d]) => post(ep, '['.repeat(d) + ']'.repeat(d))),
      fc.tuple(fc.constantFrom(...ENDPOINTS), fc.integer({ min: 100, max: 3000 })).map(([ep, n]) => post(ep, JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))))),
      fc.constantFrom(
        post('/api/v1/ask', '{"__proto__":{"question":"polluted"},"question":"q"}'),
        post('/api/v1/ask', '{"constructor":{"prototype":{"limit":1}},"question":"q"}'),
        post('/api/v1/ask', '{"question":"a","question":7}'),
        post('/api/v1/ask', '{"question":"q","labels":{"__proto__":"x"}}'),
        post('/api/v1/ingest', '{"streams":[{"stream":{"__proto__":"x"},"values":[["1","a"]]}]}'),
        post('/api/v1/explain-alert', '{"labels":{"constructor":"x"},"startsAt":"2026-11-24T14:06:00Z","endsAt":"0001-01-01T00:00:00Zjunk"}'),
        post('/api/v1/ask', '{"question":"q"} trailing'),
        post('/api/v1/ask', '"just a string"'),
        post('/api/v1/ask', 'null'),
        post('/api/v1/ask', ''),
        post('/api/v1/ask', '\ufeff{"question":"bom"}'),
        post('/api/v1/ask', '{"question":"\\ud800"}'),
        post('/api/v1/ask', '{"question":"\\u0000"}'),
      ),
    ),
  /** Methods and paths around the real routes. */
  routes: fc
    .tuple(
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      fc.oneof(
        fc.constantFrom('/api/v1/ask', '/api/v1/ingest', '/api/v1/sources', '/api/v1/patterns', '/api/v1/explain-alert', '/readyz', '/metrics', '/healthz', '/API/V1/ASK', '/api/v1/ask/', '/api/v1//ask', '/api/v1/%61sk', '/api/v1/ask%00', '/..%2f..%2fetc/passwd', '/api/v2/ask', '/', '*', '/api/v1/ask;x', '/api/v1/ask#frag'),
        fc.tuple(fc.constantFrom('/api/v1/ask', '/readyz', '/api/v1/sources'), fc.string({ maxLength: 30 })).map(([p, q]) => `${p}?${encodeURIComponent(q)}&a[b]=1&a=2`),
        fc.string({ maxLength: 30 }).map((s) => `/${encodeURI(s)}`),
      ),
    )
    .map(([method, path]) => ({ method, path, headers: headersJson(), body: method === 'GET' || method === 'OPTIONS' ? undefined : JSON.stringify({ question: 'q' }) })),
};

// ---- families for the inputs of issue 15 (each used to reach a 500, or a 200 with a wrong time) ----

/** Backslash sequences Go's strconv.Unquote takes, refuses, or leaves half-written. */
const escapeBit = fc.oneof(
  fc.constantFrom('\\x', '\\x4', '\\x41', '\\xff', '\\xc3\\xa9', '\\xc3', '\\u12', '\\u0041', '\\ud800', '\\udc00', '\\U', '\\U0001F600', '\\U00110000', '\\101', '\\400', '\\7', '\\q', '\\/', '\\', '\\\\', '\\"', '\\n', "\\'", '\\a', '\\0'),
  fc.string({ maxLength: 4 }).filter((x) => !x.includes('"')),
);
/** Double-quoted selector values made of escape sequences, valid and not. */
const escapedSelector = fc
  .tuple(fc.constantFrom('=', '!=', '=~', '!~'), fc.array(escapeBit, { minLength: 1, maxLength: 6 }), fc.constantFrom('job', 'env', 'x'))
  .map(([op, bits, name]) => `{${name}${op}"${bits.join('')}"}`);

const matcherArb = fc.tuple(
  fc.constantFrom('job', 'env', 'pod', 'x', '_'),
  fc.constantFrom('=', '!=', '=~', '!~'),
  fc.oneof(fc.constantFrom('checkout', '', '.*', '.+', 'a|b', '(a+)+', '[', 'check.*', '\\d+'), fc.string({ maxLength: 6 }).filter((x) => !/["\\]/.test(x))),
);
/** Selectors of 1 to 400 matchers: within and past the 2 KiB limit, duplicates and all. */
const manyMatchers = fc.array(matcherArb, { minLength: 1, maxLength: 400 }).map((ms) => `{${ms.map(([n, op, v]) => `${n}${op}"${v}"`).join(',')}}`);

/** Counts for relative phrases: small, at the 100-year edge, huge, hundreds of digits. */
const phraseCount = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map(String),
  fc.constantFrom('36500', '36501', '876000', '876001', '52560000', '52560001', '100000', '1000000', '9999999', '999999999', '1000000000', '0000000000001', '9'.repeat(400)),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
);
const clockPart = fc.oneof(fc.integer({ min: 0, max: 99 }), fc.constantFrom(0, 12, 13, 23, 24, 25, 59, 60, 61, 99));
const clockText = fc
  .tuple(clockPart, fc.option(clockPart), fc.option(clockPart), fc.option(fc.constantFrom('am', 'pm', 'AM', ' pm')))
  .map(([h, m, sec, ampm]) => `${h}${m !== null ? `:${String(m).padStart(2, '0')}` : ''}${m !== null && sec !== null ? `:${String(sec).padStart(2, '0')}` : ''}${ampm ?? ''}`);
/** Questions with time phrases, their numbers and clock times in and out of range. */
const timePhrase = fc.oneof(
  fc.tuple(phraseCount, fc.constantFrom('minute', 'minutes', 'min', 'hour', 'hours', 'hr', 'day', 'days')).map(([n, u]) => `in the last ${n} ${u}`),
  fc.tuple(fc.constantFrom('since', 'at', 'around', 'before', 'after', ''), clockText).map(([w, c]) => `${w} ${c}`),
  fc.tuple(clockText, clockText).map(([a, b]) => `between ${a} and ${b}`),
);
const phraseQuestion = fc
  .tuple(fc.constantFrom('why did checkout start failing', 'what happened', 'how many errors', 'connection refused', ''), timePhrase, fc.constantFrom('?', '', ' in checkout?'))
  .map(([q, t, end]) => `${q} ${t}${end}`.trim() || 'q');

/** Times around the valid window, for baselines before, inside, after and long before it. */
const baselineTime = fc.constantFrom(
  '2026-11-24T12:00:00Z', '2026-11-24T12:59:59Z', '2026-11-24T13:00:00Z', '2026-11-24T13:00:00.000000001Z', '2026-11-24T13:30:00Z',
  '2026-11-24T13:59:59.999999999Z', '2026-11-24T14:00:00Z', '2026-11-24T14:05:00Z', '2026-11-24T14:10:00Z', '2026-11-24T15:00:00Z',
  '0', '1', '3600000000000', '9223372036854775807',
);

/** Offsets from now for ask windows: in the past, a moment ahead, far ahead. */
const offsetMs = fc.oneof(fc.integer({ min: -86_400_000, max: 86_400_000 }), fc.constantFrom(-1, 0, 1, 60_000, 600_000, 365 * 86_400_000));
const isoAt = (off: number) => new Date(Date.now() + off).toISOString();

const MAX_LINE = 256 * 1024;
/** Lines of multi-byte and non-BMP characters just past the byte limit (all invalid: the store must not change). */
const overLongLine = fc
  .tuple(fc.constantFrom('€', '😀', 'é', 'a', '𝕏'), fc.integer({ min: 1, max: 4 }))
  .map(([ch, extra]) => ch.repeat(Math.floor(MAX_LINE / Buffer.byteLength(ch))) + 'x'.repeat(extra));
/** Questions, labels and selectors of multi-byte and non-BMP characters at their own limits. */
const multibyteField = fc.oneof(
  fc.tuple(fc.constantFrom('😀', '€', 'é', '\u202e', '\u200b'), fc.constantFrom(999, 1000, 1001, 2000, 2001)).map(([ch, n]) => ({ question: ch.repeat(n) })),
  fc.tuple(fc.constantFrom('😀', '€'), fc.constantFrom(511, 512, 513, 1024, 1025)).map(([ch, n]) => ({ question: 'checkout errors', labels: { job: ch.repeat(n) } })),
  fc.tuple(fc.constantFrom('😀', '€', '𝕏'), fc.constantFrom(255, 256, 257, 1023, 1024, 1025)).map(([ch, n]) => ({ question: 'checkout errors', selector: `{job=~"${ch.repeat(n)}"}` })),
  fc.tuple(fc.constantFrom('😀', '€'), fc.constantFrom(255, 256, 1024)).map(([ch, n]) => ({ question: `checkout ${ch.repeat(n)} at 14:05` })),
);

Object.assign(families, {
  /** Selector values with escape sequences LogQL takes and refuses, on every reading endpoint. */
  selectorEscapes: fc.tuple(escapedSelector, fc.constantFrom('/api/v1/ask', '/api/v1/patterns'), fc.constantFrom('application/json', 'text/event-stream')).map(([selector, ep, accept]) =>
    post(ep, JSON.stringify(ep === '/api/v1/ask' ? { question: 'connection refused', selector } : { ...VALID['/api/v1/patterns'], selector }), headersJson({ accept })),
  ),
  /** Selectors of many matchers (up to past the size limit), asked and streamed. */
  matchers: fc.tuple(manyMatchers, fc.constantFrom('/api/v1/ask', '/api/v1/patterns'), fc.constantFrom('application/json', 'text/event-stream')).map(([selector, ep, accept]) =>
    post(ep, JSON.stringify(ep === '/api/v1/ask' ? { question: GROUND_TRUTH.question, selector } : { ...VALID['/api/v1/patterns'], selector }), headersJson({ accept })),
  ),
  /** Time phrases with out-of-range numbers and clock times, with and without a dashboard window. */
  timePhrases: fc.tuple(phraseQuestion, fc.boolean(), fc.constantFrom('application/json', 'text/event-stream')).map(([question, windowed, accept]) =>
    post('/api/v1/ask', JSON.stringify(windowed ? { question, start: '0', end: '9223372036854775807' } : { question }), headersJson({ accept })),
  ),
  /** Pattern baselines before, around, after and an hour or more before the window, one end given or both. */
  baselines: fc.tuple(fc.option(baselineTime), fc.option(baselineTime), fc.constantFrom('2026-11-24T14:00:00Z', '1', '0')).map(([bs, be, start]) => {
    const body: Record<string, unknown> = { start, end: '2026-11-24T14:10:00Z' };
    if (bs !== null) body.baselineStart = bs;
    if (be !== null) body.baselineEnd = be;
    return post('/api/v1/patterns', JSON.stringify(body));
  }),
  /** Ask and explain-alert windows starting in the future, with and without an end, cause questions and others. */
  futureStarts: fc
    .tuple(offsetMs, fc.option(offsetMs), fc.constantFrom('why did checkout start failing?', 'what changed since 14:00?', 'connection refused'), fc.constantFrom('application/json', 'text/event-stream'), fc.boolean())
    .map(([s0, e0, question, accept, alert]) =>
      alert
        ? post('/api/v1/explain-alert', JSON.stringify({ labels: { alertname: 'X' }, startsAt: isoAt(s0), ...(e0 !== null ? { endsAt: isoAt(e0) } : {}) }), headersJson({ accept }))
        : post('/api/v1/ask', JSON.stringify({ question, start: isoAt(s0), ...(e0 !== null ? { end: isoAt(e0) } : {}) }), headersJson({ accept })),
    ),
  /** Multi-byte and non-BMP text at each limit: lines past the byte limit or stamped in the future (refused), questions, labels, selectors. */
  multibyte: fc.oneof(
    overLongLine.map((line) => post('/api/v1/ingest', JSON.stringify({ streams: [{ stream: { job: 'fuzz' }, values: [['1764000000000000000', line]] }] }))),
    fc.constantFrom(900_000, 3_600_000, 86_400_000, 100 * 365 * 86_400_000).map((ahead) =>
      post('/api/v1/ingest', JSON.stringify({ streams: [{ stream: { job: 'fuzz' }, values: [['1764000000000000000', 'ok'], [String(BigInt(Date.now() + ahead) * 1_000_000n), 'from the future 😀']] }] })),
    ),
    multibyteField.map((b) => post('/api/v1/ask', JSON.stringify(b))),
  ),
});

/** An array that might pass as `streams`: wrapping it with an unknown key keeps it invalid. */
function isPlausiblePush(v: unknown): v is unknown[] {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray((v as { streams?: unknown }).streams);
}

for (const [name, arb] of Object.entries(families) as [keyof typeof RUNS, fc.Arbitrary<Req>][]) {
  test(`fuzz ${name}: ${RUNS[name]} requests, no 5xx, 4xx name a field`, { timeout: 120_000 }, async (t) => {
    const t0 = Date.now();
    await fc.assert(fc.asyncProperty(arb, check), { seed: SEED, numRuns: RUNS[name], includeErrorInReport: true });
    t.diagnostic(`${RUNS[name]} runs in ${Date.now() - t0} ms`);
  });
}

test('after fuzzing: the server still answers, and nothing stored changed', async (t) => {
  assert.deepEqual(ingestAccepted, [], 'a generated ingest body was valid (generator bug)');
  assert.equal(app.store.contentHash(), hashBefore, 'a malformed request changed the store');
  assert.equal(app.store.integrityCheck(), 'ok');
  const r = await rawRequest(base, 'POST', '/api/v1/ask', headersJson(), JSON.stringify({ question: GROUND_TRUTH.question }));
  assert.equal(r.status, 200);
  assert.ok(JSON.parse(r.body).citations.length > 0);
  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  t.diagnostic(`${total} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
  assert.ok(total >= Object.values(RUNS).reduce((a, b) => a + b, 0));
  // Both outcomes were exercised: the fuzz reached handlers, not only the validators.
  assert.ok((statuses.get(200) ?? 0) > 100 && (statuses.get(400) ?? 0) > 1000);
});
