// Tenant isolation through the HTTP API. Two tenants hold near-identical logs (the demo scenario)
// that differ only in planted secrets and in a burst only tenant B has, so the nearest match for
// any question in one tenant is the other tenant's copy of the same line. Every endpoint is asked
// every question as each tenant; no response may return, cite or count the other tenant's lines:
// its secrets, its tenant name, its entry/chunk/stream ids never appear, and tenant A's counts (change
// evidence, pattern counts, BM25 scores) are those of an app that never saw tenant B at all.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { GROUND_TRUTH } from '../src/demo/scenario.js';
import { chunkTextSql } from '../src/store/chunk-text.js';
import { createLogger } from '../src/telemetry/logger.js';
import type { LogEntry } from '../src/types.js';
import { pushBodies, rawRequest, scenarioEntries, sseEvents, type RawResponse } from './hardening-lib.js';

const A = 'acme';
const B = 'globex';
const KEY_ALL = 'isolation-key-all-0123456789';
const KEY_A = 'isolation-key-acme-0123456789';
const KEY_B = 'isolation-key-globex-012345678';
const METRICS_KEY = 'isolation-metrics-key-0123456';
const TAG: Record<string, string> = { [A]: 'A', [B]: 'B' };
/** Every Nth line carries a secret, besides every root-cause line. */
const SECRET_EVERY = 11;
/** Lines of a burst only tenant B has, inside the incident window. */
const B_ONLY_BURST = 240;

const secretRe = (tenant: string) => new RegExp(`SECRET-${TAG[tenant]}-[0-9a-z-]+`, 'g');

function tenantCopy(base: readonly LogEntry[], tenant: string): LogEntry[] {
  const isRoot = (e: LogEntry) => GROUND_TRUTH.rootCause.some((g) => g.job === e.labels.job && new RegExp(g.pattern).test(e.line));
  const out = base.map((e, i) => ({
    ...e,
    tenant,
    line: i % SECRET_EVERY === 0 || isRoot(e) ? `${e.line} api_key=SECRET-${TAG[tenant]}-${i.toString(36)}` : e.line,
  }));
  if (tenant === B) {
    const t0 = BigInt(Date.parse('2026-11-24T14:02:00Z')) * 1_000_000n;
    for (let k = 0; k < B_ONLY_BURST; k++) {
      out.push({
        tenant,
        labels: { job: 'payment', env: 'demo' },
        tsNs: t0 + BigInt(k) * 500_000_000n,
        line: `2026-11-24 14:0${2 + Math.floor(k / 120)} WARN c.s.payment.Cache - cache eviction storm shard=${k % 7} SECRET-B-burst-${k}`,
      });
    }
  }
  return out;
}

interface Ids {
  entries: Set<number>;
  chunks: Set<number>;
  streams: Set<number>;
}

function idsOf(app: App, tenant: string): Ids {
  const rows = app.store.db
    .prepare('SELECT e.id, e.chunk_id, e.stream_id FROM entries e JOIN streams s ON s.id = e.stream_id WHERE s.tenant = ?')
    .all(tenant) as { id: number; chunk_id: number | null; stream_id: number }[];
  return {
    entries: new Set(rows.map((r) => r.id)),
    chunks: new Set(rows.flatMap((r) => (r.chunk_id === null ? [] : [r.chunk_id]))),
    streams: new Set(rows.map((r) => r.stream_id)),
  };
}

function makeApp(dir: string): App {
  const config = loadConfig({}, {
    dataDir: dir,
    server: { port: 0, bodyLimitBytes: 4 * 1024 * 1024 },
    auth: { apiKeys: [KEY_ALL, { key: KEY_A, tenants: [A] }, { key: KEY_B, tenants: [B] }], metricsKey: METRICS_KEY },
    // Rate limits stay out of the way: this test is about what comes back, not how often.
    // Lines are pushed on the scenario's day whatever the clock says (the suite also runs with the
    // clock moved back): a line "from the future" is not what this test is about.
    limits: { askPerMinute: 100_000, ingestPerMinute: 100_000, maxFutureSeconds: 100 * 365 * 86_400 },
    // Followers are configured (never started) so GET /api/v1/sources has something per tenant.
    loki: {
      url: 'http://127.0.0.1:9',
      sources: [
        { id: 'acme-payments', tenant: A, selector: '{job="payment"}' },
        { id: 'globex-SECRET-B-source', tenant: B, selector: '{job="SECRET-B-selector"}' },
      ],
    },
  });
  return createApp(config, { logger: createLogger('silent'), processMetrics: false });
}

/** Positive controls: the scans below looked at real content (own secrets, ids), so they can fail. */
const seen = { responses: 0, ownSecrets: 0, ids: 0 };
let shared: App;
let reference: App;
let sharedUrl: string;
let referenceUrl: string;
const dirs: string[] = [];
const ids: Record<string, Ids> = {};
const secretsOf: Record<string, string[]> = {};

async function pushAll(base: string, key: string, tenant: string, entries: LogEntry[]) {
  for (const body of pushBodies(entries, 3000)) {
    const r = await rawRequest(base, 'POST', '/api/v1/ingest', { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-scope-orgid': tenant }, JSON.stringify(body));
    assert.equal(r.status, 200, r.body);
  }
}

before(async () => {
  const base = await scenarioEntries();
  const copies: Record<string, LogEntry[]> = { [A]: tenantCopy(base, A), [B]: tenantCopy(base, B) };
  for (const t of [A, B]) secretsOf[t] = [...new Set(copies[t].flatMap((e) => e.line.match(secretRe(t)) ?? []))];
  for (const which of ['shared', 'reference'] as const) {
    const dir = mkdtempSync(join(tmpdir(), `loglens-isolation-${which}-`));
    dirs.push(dir);
    const loader = makeApp(dir);
    const loaded = await loader.listen();
    await pushAll(loaded.url, KEY_A, A, copies[A]);
    if (which === 'shared') await pushAll(loaded.url, KEY_B, B, copies[B]);
    await loader.close();
    // A chunk's vector is the mean of its templates' embeddings as they read when the background
    // indexer reached it, and templates go on generalising while lines arrive: how far the indexer
    // had got during the pushes varies from run to run (CI once cited two ShareLock chunks in the
    // other order). Rebuilt after a restart, every vector comes from the final templates, so the
    // two apps differ only in what tenant B added.
    rmSync(join(dir, 'index'), { recursive: true, force: true });
    const app = makeApp(dir);
    await app.vectors?.start();
    await app.vectors?.idle();
    const { url } = await app.listen();
    if (which === 'shared') {
      shared = app;
      sharedUrl = url;
    } else {
      reference = app;
      referenceUrl = url;
    }
  }
  for (const t of [A, B]) ids[t] = idsOf(shared, t);
  assert.ok(ids[A].entries.size > 20_000 && ids[B].entries.size === ids[A].entries.size + B_ONLY_BURST);
});

after(async () => {
  await shared?.close();
  await reference?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const other = (t: string) => (t === A ? B : A);
const keyOf = (t: string) => (t === A ? KEY_A : KEY_B);

/**
 * Fails when a response shows anything of tenant `foreign`: one of its secrets or its name (unless
 * the request itself named them, which an echo of the question may repeat), or one of its ids.
 */
function assertNothingOf(foreign: string, requestText: string, r: RawResponse, what: string) {
  seen.responses++;
  if (secretRe(other(foreign)).test(r.body)) seen.ownSecrets++;
  for (const m of r.body.match(secretRe(foreign)) ?? []) {
    assert.ok(requestText.includes(m), `${what}: response shows ${m} of tenant ${foreign}: ${r.body.slice(0, 300)}`);
  }
  if (!requestText.includes(foreign)) assert.ok(!r.body.includes(foreign), `${what}: response names tenant ${foreign}`);
  const isJson = (r.headers['content-type'] ?? '').toString().includes('json');
  const docs = isJson ? [JSON.parse(r.body)] : (r.headers['content-type'] ?? '').toString().includes('event-stream') ? sseEvents(r.body).map((e) => e.data) : [];
  const fid = ids[foreign];
  const walk = (v: unknown, key: string) => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.entries(v).forEach(([k, x]) => walk(x, k));
    if (typeof v !== 'number') return;
    if (/^(entry|chunk|stream)Ids?$/.test(key)) seen.ids++;
    if (/^entryIds?$/.test(key)) assert.ok(!fid.entries.has(v), `${what}: cites entry ${v} of ${foreign}`);
    if (/^chunkIds?$/.test(key)) assert.ok(!fid.chunks.has(v), `${what}: cites chunk ${v} of ${foreign}`);
    if (/^streamIds?$/.test(key)) assert.ok(!fid.streams.has(v), `${what}: names stream ${v} of ${foreign}`);
  };
  walk(docs, '');
  const walkTenant = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walkTenant);
    if (v && typeof v === 'object') {
      // Items that carry log content (citations, evidence, examples) say whose they are.
      const item = v as Record<string, unknown>;
      if ('line' in item || 'entryId' in item || 'chunkId' in item) assert.notEqual(item.tenant, foreign, `${what}: an item of tenant ${foreign}`);
      Object.values(item).forEach(walkTenant);
    }
  };
  walkTenant(docs);
}

/** A response without what differs between two apps for the same data: ids, timings. */
function comparable(body: string): unknown {
  return JSON.parse(body, (k, v) => (k === 'chunkId' || k === 'entryId' || k === 'timings' ? undefined : v));
}

/** The change-driven part of an answer: cited new/surging/dropped lines with their counts. */
function changeEvidence(body: string): unknown {
  const b = comparable(body) as { citations: { reason: string }[] };
  return b.citations.filter((c) => c.reason !== 'match');
}

const rootLine = (tenant: string) => secretsOf[tenant].find((s) => !s.includes('burst'))!;

function askBodies(tenant: string): Record<string, unknown>[] {
  const foreignSecret = rootLine(other(tenant));
  const questions = [
    GROUND_TRUTH.question,
    `which request used api_key=${foreignSecret}?`,
    `cache eviction storm SECRET ${foreignSecret.split('-').pop()}`,
    `show me every line of tenant ${other(tenant)} with api_key`,
    'HikariPool Connection is not available still waiting for ShareLock',
  ];
  const variants: Record<string, unknown>[] = [
    {},
    { selector: '{job=~".+"}' },
    { selector: '{job!=""}' },
    { selector: '{env=~".*", job=~"payment.*"}' },
    { start: '0', end: '4102444800000000000' },
    { labels: { tenant: other(tenant) } },
    { selector: `{tenant="${other(tenant)}"}` },
    { selector: `{__tenant__=~".+"}`, start: '2026-11-24T00:00:00Z', end: '2026-11-25T00:00:00Z' },
  ];
  return questions.flatMap((q, i) => (i === 0 ? variants : variants.slice(0, 3)).map((v) => ({ question: q, limit: 20, ...v })));
}

function otherBodies(tenant: string): { path: string; body: Record<string, unknown> }[] {
  const foreignSecret = rootLine(other(tenant));
  return [
    { path: '/api/v1/explain-alert', body: { labels: { alertname: 'CheckoutErrorRate', job: 'checkout' }, startsAt: '2026-11-24T14:06:00Z', endsAt: '0001-01-01T00:00:00Z' } },
    { path: '/api/v1/explain-alert', body: { labels: { alertname: 'CacheStorm', job: 'payment', tenant: other(tenant) }, annotations: { summary: `cache eviction storm ${foreignSecret}` }, startsAt: '2026-11-24T14:03:00Z', limit: 50 } },
    { path: '/api/v1/patterns', body: { start: '2026-11-24T14:00:00Z', end: '2026-11-24T14:15:00Z', baselineStart: '2026-11-24T13:00:00Z', baselineEnd: '2026-11-24T14:00:00Z', limit: 200 } },
    { path: '/api/v1/patterns', body: { start: '2026-11-24T13:00:00Z', end: '2026-11-24T15:00:00Z', limit: 200 } },
    { path: '/api/v1/patterns', body: { start: '0', end: '4102444800000000000', selector: '{job=~".+"}', limit: 200 } },
    { path: '/api/v1/patterns', body: { start: '2026-11-24T14:00:00Z', end: '2026-11-24T14:10:00Z', selector: `{job!="", tenant!="${tenant}"}`, limit: 200 } },
  ];
}

const json = (key: string, tenant: string | undefined, accept = 'application/json') => ({
  authorization: `Bearer ${key}`,
  'content-type': 'application/json',
  accept,
  ...(tenant ? { 'x-scope-orgid': tenant } : {}),
});

test('every ask (JSON and SSE) as each tenant shows nothing of the other; change evidence of A ignores B', { timeout: 240_000 }, async () => {
  let compared = 0;
  const paths: Record<string, number> = {};
  for (const tenant of [A, B]) {
    for (const body of askBodies(tenant)) {
      const text = JSON.stringify(body);
      for (const accept of ['application/json', 'text/event-stream']) {
        const r = await rawRequest(sharedUrl, 'POST', '/api/v1/ask', json(keyOf(tenant), tenant, accept), text);
        assert.equal(r.status, 200, `${tenant} ${text}: ${r.body.slice(0, 300)}`);
        assertNothingOf(other(tenant), text, r, `ask ${accept} as ${tenant} ${text}`);
        if (accept === 'application/json') {
          const parsed = JSON.parse(r.body) as { citations: { tenant: string; entryId: number }[]; retrieval: { mode: string } };
          assert.ok(parsed.citations.every((c) => c.tenant === tenant && ids[tenant].entries.has(c.entryId)));
          // With a vector index, the nearest neighbour of every line is the other tenant's copy of it:
          // the hybrid path is under test; questions naming an identifier or asking for a number take
          // the exact path (plan over the store), which is under test as well.
          paths[parsed.retrieval.mode] = (paths[parsed.retrieval.mode] ?? 0) + 1;
          if (shared.vectors && parsed.citations.length > 0 && parsed.retrieval.mode !== 'exact') assert.equal(parsed.retrieval.mode, 'hybrid', text);
        }
      }
      // Tenant A's change evidence (what is new or surging, and how often) counts A's lines only.
      if (tenant === A) {
        const s = await rawRequest(sharedUrl, 'POST', '/api/v1/ask', json(KEY_ALL, A), text);
        const ref = await rawRequest(referenceUrl, 'POST', '/api/v1/ask', json(KEY_ALL, A), text);
        assert.equal(s.status, 200);
        assert.deepEqual(changeEvidence(s.body), changeEvidence(ref.body), `ask ${text}: tenant B's data changed tenant A's change evidence`);
        compared++;
      }
    }
  }
  assert.ok(compared > 10);
  if (shared.vectors) assert.ok((paths.hybrid ?? 0) > 0 && (paths.exact ?? 0) > 0, `both answer paths under test: ${JSON.stringify(paths)}`);
  assert.ok(seen.ownSecrets > seen.responses / 2 && seen.ids > 1000, JSON.stringify(seen));
});

test('explain-alert and patterns as each tenant show and count nothing of the other', { timeout: 120_000 }, async () => {
  for (const tenant of [A, B]) {
    for (const { path, body } of otherBodies(tenant)) {
      const text = JSON.stringify(body);
      for (const accept of path.endsWith('explain-alert') ? ['application/json', 'text/event-stream'] : ['application/json']) {
        const r = await rawRequest(sharedUrl, 'POST', path, json(keyOf(tenant), tenant, accept), text);
        assert.equal(r.status, 200, `${path} ${tenant} ${text}: ${r.body.slice(0, 300)}`);
        assertNothingOf(other(tenant), text, r, `${path} ${accept} as ${tenant} ${text}`);
      }
      if (tenant === A) {
        // Counts (pattern counts, baselines, rates, change evidence) are those of an app holding tenant A alone.
        const s = await rawRequest(sharedUrl, 'POST', path, json(KEY_ALL, A), text);
        const ref = await rawRequest(referenceUrl, 'POST', path, json(KEY_ALL, A), text);
        const view = path.endsWith('patterns') ? comparable : changeEvidence;
        assert.deepEqual(view(s.body), view(ref.body), `${path} ${text}: tenant B's data changed tenant A's result`);
      }
    }
    // The burst only B has is new in B's patterns and absent from A's.
    const p = await rawRequest(sharedUrl, 'POST', '/api/v1/patterns', json(keyOf(tenant), tenant), JSON.stringify(otherBodies(tenant)[2].body));
    const templates = (JSON.parse(p.body).changes as { template: string }[]).map((c) => c.template).join('\n');
    assert.equal(/eviction storm/.test(templates), tenant === B, `${tenant}: ${templates.slice(0, 500)}`);
  }
});

test('vector search: the other tenant\'s identical lines are never among the nearest chunks', { skip: process.env.LOGLENS_EMBEDDING_ENABLED === 'false' && 'embedding off' }, async (t) => {
  if (!shared.vectors) return t.skip('no vector index in this build (faiss-node or the model missing): BM25 only');
  for (const tenant of [A, B]) {
    assert.ok(shared.vectors.canServe(tenant), `${tenant} index serves`);
    // The other tenant's own lines, verbatim: their closest vectors are that tenant's chunks.
    const lines = shared.store.db
      .prepare(`SELECT text FROM (SELECT c.id, ${chunkTextSql('c')} AS text FROM chunks c JOIN streams s ON s.id = c.stream_id WHERE s.tenant = ?) WHERE text LIKE '%SECRET-%' ORDER BY id LIMIT 40`)
      .pluck()
      .all(other(tenant)) as string[];
    assert.ok(lines.length >= 20);
    for (const text of lines) {
      const hits = await shared.vectors.search(tenant, text, 50);
      assert.ok(hits && hits.length > 0);
      for (const h of hits) assert.ok(ids[tenant].chunks.has(h.id) && !ids[other(tenant)].chunks.has(h.id), `${tenant} search hit chunk ${h.id}`);
    }
  }
});

test('sources, readyz and metrics show nothing of the other tenant', async () => {
  for (const tenant of [A, B]) {
    const s = await rawRequest(sharedUrl, 'GET', '/api/v1/sources', json(keyOf(tenant), tenant));
    assert.equal(s.status, 200, s.body);
    const sources = JSON.parse(s.body).sources as { sourceId: string; tenant: string }[];
    assert.deepEqual(sources.map((x) => x.tenant), [tenant]);
    assertNothingOf(other(tenant), '', s, `sources as ${tenant}`);
    const r = await rawRequest(sharedUrl, 'GET', '/readyz', json(keyOf(tenant), tenant));
    assert.equal(r.status, 200, `/readyz: ${r.body.slice(0, 200)}`);
    assertNothingOf(other(tenant), '', r, `/readyz as ${tenant}`);
    // /metrics counts every tenant's lines: a key limited to one tenant may not read it.
    const m = await rawRequest(sharedUrl, 'GET', '/metrics', json(keyOf(tenant), tenant));
    assert.equal(m.status, 401, `/metrics as ${tenant}'s limited key`);
  }
  const m = await rawRequest(sharedUrl, 'GET', '/metrics', { authorization: `Bearer ${METRICS_KEY}` });
  assert.equal(m.status, 200);
  for (const t of [A, B]) assert.equal(m.body.match(secretRe(t)), null, 'metrics carry no log content');
});

test('a key limited to one tenant gets 403 for the other on every tenant-scoped endpoint, and changes nothing', async () => {
  const hash = shared.store.contentHash();
  const push = JSON.stringify({ streams: [{ stream: { job: 'x' }, values: [['1764000000000000000', 'SECRET-A-intruder']] }] });
  const cases: { method: string; path: string; body?: string }[] = [
    { method: 'POST', path: '/api/v1/ask', body: JSON.stringify({ question: GROUND_TRUTH.question }) },
    { method: 'POST', path: '/api/v1/explain-alert', body: JSON.stringify(otherBodies(A)[0].body) },
    { method: 'POST', path: '/api/v1/patterns', body: JSON.stringify(otherBodies(A)[2].body) },
    { method: 'POST', path: '/api/v1/ingest', body: push },
    { method: 'GET', path: '/api/v1/sources' },
  ];
  for (const c of cases) {
    for (const [key, tenant] of [[KEY_A, B], [KEY_B, A], [KEY_A, undefined], [KEY_A, 'ACME'], [KEY_A, 'acme2']] as const) {
      for (const accept of ['application/json', 'text/event-stream']) {
        const r = await rawRequest(sharedUrl, c.method, c.path, json(key, tenant, accept), c.body);
        assert.equal(r.status, 403, `${c.path} key ${key} tenant ${tenant}: ${r.body}`);
        const e = JSON.parse(r.body).error;
        assert.deepEqual([e.code, e.field], ['forbidden_tenant', 'X-Scope-OrgID']);
        assert.ok(!r.body.includes('SECRET'));
      }
    }
    // Multi-tenant query syntax Loki uses ('a|b') is refused outright.
    const r = await rawRequest(sharedUrl, c.method, c.path, json(KEY_ALL, `${A}|${B}`), c.body);
    assert.equal(r.status, 400, r.body);
    assert.equal(JSON.parse(r.body).error.field, 'X-Scope-OrgID');
  }
  assert.equal(shared.store.contentHash(), hash);
});

test('tenant A answers the same whether or not tenant B exists, even when B floods the words of A\'s questions', { timeout: 120_000 }, async () => {
  // Runs last: it changes the shared app. Document frequencies move a lot in the shared FTS table.
  const t0 = BigInt(Date.parse('2026-11-24T14:06:00Z')) * 1_000_000n;
  const flood = Array.from({ length: 3000 }, (_, k) => ({
    tenant: B,
    labels: { job: 'checkout', env: 'demo' },
    tsNs: t0 + BigInt(k) * 100_000_000n,
    line: `checkout payment authorization failed start failing request ${k % 5 === 0 ? 'HikariPool ShareLock' : 'cart'}`,
  }));
  await pushAll(sharedUrl, KEY_B, B, flood);
  await shared.vectors?.idle();
  for (const body of [...askBodies(A).map((b) => ({ path: '/api/v1/ask', body: b })), ...otherBodies(A)]) {
    const text = JSON.stringify(body.body);
    const s = await rawRequest(sharedUrl, 'POST', body.path, json(KEY_ALL, A), text);
    const ref = await rawRequest(referenceUrl, 'POST', body.path, json(KEY_ALL, A), text);
    assert.deepEqual(comparable(s.body), comparable(ref.body), `${body.path} ${text}: tenant B's data changed tenant A's answer`);
  }
});

test(
  'BM25 candidate ranking and scores of tenant A are independent of tenant B (per-tenant FTS5 statistics)',
  async () => {
    const chunkText = (app: App, id: number) => app.store.chunk(id)!.text;
    for (const question of [GROUND_TRUTH.question, 'payment authorization failed', 'HikariPool ShareLock cart request']) {
      const req = { tenant: A, question, limit: 20, method: 'bm25' as const };
      const a = (await shared.retriever.retrieve(req)).candidates.map((c) => [chunkText(shared, c.chunkId), c.score.toFixed(6)]);
      const b = (await reference.retriever.retrieve(req)).candidates.map((c) => [chunkText(reference, c.chunkId), c.score.toFixed(6)]);
      assert.deepEqual(a, b, question);
    }
  },
);
