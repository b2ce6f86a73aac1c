import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig, redactConfig } from './load.js';

test('defaults are complete and valid', () => {
  const c = loadConfig({});
  assert.equal(c.server.port, 8787);
  assert.equal(c.server.host, '127.0.0.1');
  assert.deepEqual(c.auth.apiKeys, []);
  assert.equal(c.auth.disabled, false);
  assert.equal(c.chunking.maxTokens, 200);
});

test('env overrides file, file overrides defaults', () => {
  const f = join(mkdtempSync(join(tmpdir(), 'loglens-cfg-')), 'c.json');
  writeFileSync(f, JSON.stringify({ server: { port: 9000, host: '0.0.0.0' }, ollama: { model: 'qwen2.5:7b' } }));
  const c = loadConfig({ LOGLENS_CONFIG_FILE: f, LOGLENS_PORT: '9100', LOGLENS_API_KEYS: 'k'.repeat(16) + ', ' + 'j'.repeat(20) });
  assert.equal(c.server.port, 9100);
  assert.equal(c.server.host, '0.0.0.0');
  assert.equal(c.ollama.model, 'qwen2.5:7b');
  assert.equal(c.auth.apiKeys.length, 2);
});

test('bad values fail fast naming the field', () => {
  assert.throws(() => loadConfig({ LOGLENS_PORT: 'eighty' }), /LOGLENS_PORT/);
  assert.throws(() => loadConfig({ LOGLENS_PORT: '70000' }), (e: unknown) => e instanceof ConfigError && /server\.port/.test(e.message));
  assert.throws(() => loadConfig({ LOGLENS_API_KEYS: 'short' }), /auth\.apiKeys\.0: API keys must be at least 16/);
  assert.throws(() => loadConfig({ LOGLENS_GRAFANA_URL: 'not a url' }), /grafana\.url/);
  assert.throws(() => loadConfig({ LOGLENS_CONFIG_FILE: '/nonexistent/x.json' }), /LOGLENS_CONFIG_FILE/);
});

test('redaction hides every secret', () => {
  const secret = 'super-secret-key-123456';
  const c = loadConfig({ LOGLENS_API_KEYS: secret, LOGLENS_LOKI_PASSWORD: 'pw-abc', LOGLENS_LOKI_BEARER_TOKEN: 'tok-xyz' });
  const text = JSON.stringify(redactConfig(c));
  for (const s of [secret, 'pw-abc', 'tok-xyz']) assert.ok(!text.includes(s), s);
  assert.ok(text.includes('[redacted]'));
});

test('limits: the ask queue timeout and the future-stamp tolerance have documented defaults and env names', () => {
  const c = loadConfig({});
  assert.equal(c.limits.askQueueTimeoutMs, 15_000);
  assert.equal(c.limits.maxFutureSeconds, 600);
  const e = loadConfig({ LOGLENS_ASK_QUEUE_TIMEOUT_MS: '2500', LOGLENS_MAX_FUTURE_SECONDS: '60' });
  assert.equal(e.limits.askQueueTimeoutMs, 2500);
  assert.equal(e.limits.maxFutureSeconds, 60);
  assert.throws(() => loadConfig({ LOGLENS_MAX_FUTURE_SECONDS: '-1' }), /limits\.maxFutureSeconds/);
  assert.equal(loadConfig({}).retrieval.searchBudgetChunks, 65_536);
  assert.equal(loadConfig({ LOGLENS_SEARCH_BUDGET_CHUNKS: '0' }).retrieval.searchBudgetChunks, 0);
  assert.throws(() => loadConfig({ LOGLENS_SEARCH_BUDGET_CHUNKS: '-5' }), /retrieval\.searchBudgetChunks/);
});

test('backend: embedded by default; opensearch settings have documented defaults and env names', () => {
  const c = loadConfig({});
  assert.equal(c.backend.kind, 'embedded');
  assert.deepEqual(c.backend.opensearch.urls, []);
  assert.equal(c.backend.opensearch.indexPrefix, 'loglens');
  assert.deepEqual([c.backend.opensearch.shards, c.backend.opensearch.replicas], [1, 1]);
  assert.equal(c.backend.opensearch.leaseTtlMs, 15_000);
  assert.equal(c.backend.opensearch.requestTimeoutMs, 10_000);
  assert.deepEqual(c.loki.tuning, {});

  const o = loadConfig({
    LOGLENS_BACKEND: 'opensearch',
    LOGLENS_OPENSEARCH_URL: 'https://os1:9200, https://os2:9200',
    LOGLENS_OPENSEARCH_USERNAME: 'loglens',
    LOGLENS_OPENSEARCH_PASSWORD: 'pw',
    LOGLENS_OPENSEARCH_INDEX_PREFIX: 'team_a',
    LOGLENS_OPENSEARCH_REPLICAS: '0',
    LOGLENS_LEASE_TTL_MS: '4000',
    LOGLENS_SIDECAR_ID: 'side-1',
    LOGLENS_LOKI_TUNING: '{"pageLimit":100,"settleMs":0}',
  });
  assert.equal(o.backend.kind, 'opensearch');
  assert.deepEqual(o.backend.opensearch.urls, ['https://os1:9200', 'https://os2:9200']);
  assert.deepEqual([o.backend.opensearch.username, o.backend.opensearch.indexPrefix, o.backend.opensearch.replicas], ['loglens', 'team_a', 0]);
  assert.deepEqual([o.backend.opensearch.leaseTtlMs, o.backend.opensearch.sidecarId], [4000, 'side-1']);
  assert.deepEqual(o.loki.tuning, { pageLimit: 100, settleMs: 0 });
});

test('backend: opensearch without a URL, a bad kind, prefix or tuning key fails at load naming the field', () => {
  assert.throws(() => loadConfig({ LOGLENS_BACKEND: 'opensearch' }), (e: unknown) => e instanceof ConfigError && /backend\.opensearch\.urls: required when backend\.kind is opensearch/.test(e.message));
  // A URL alone (no kind) is not an error: the embedded backend ignores it.
  assert.equal(loadConfig({ LOGLENS_OPENSEARCH_URL: 'http://os:9200' }).backend.kind, 'embedded');
  assert.throws(() => loadConfig({ LOGLENS_BACKEND: 'elastic' }), /backend\.kind/);
  assert.throws(() => loadConfig({ LOGLENS_BACKEND: 'opensearch', LOGLENS_OPENSEARCH_URL: 'os1:9200' }), /backend\.opensearch\.urls\.0: an http/);
  assert.throws(() => loadConfig({ LOGLENS_BACKEND: 'opensearch', LOGLENS_OPENSEARCH_URL: 'http://os:9200', LOGLENS_OPENSEARCH_INDEX_PREFIX: 'Team-A' }), /backend\.opensearch\.indexPrefix/);
  assert.throws(() => loadConfig({ LOGLENS_LOKI_TUNING: '{"pageLimt":100}' }), /loki\.tuning/);
});

test('redaction: the OpenSearch password and credentials written into a node URL are never printed', () => {
  const c = loadConfig({
    LOGLENS_BACKEND: 'opensearch',
    LOGLENS_OPENSEARCH_URL: 'https://admin:url-pw-77@os1:9200,https://os2:9200',
    LOGLENS_OPENSEARCH_USERNAME: 'loglens',
    LOGLENS_OPENSEARCH_PASSWORD: 'os-pw-4411',
  });
  const r = redactConfig(c) as { backend: { opensearch: { urls: string[]; username: string; password: string } } };
  const text = JSON.stringify(r);
  for (const s of ['url-pw-77', 'os-pw-4411']) assert.ok(!text.includes(s), s);
  assert.equal(r.backend.opensearch.password, '[redacted]');
  assert.deepEqual(r.backend.opensearch.urls, ['https://[redacted]@os1:9200', 'https://os2:9200']);
  // The username is not a secret: it says which account the sidecar uses.
  assert.equal(r.backend.opensearch.username, 'loglens');
  // The config itself keeps them (redaction works on a copy).
  assert.equal(c.backend.opensearch.password, 'os-pw-4411');
});
