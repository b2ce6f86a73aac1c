import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/telemetry/logger.js';
import type { LogEntry } from '../src/types.js';
import { scenario } from '../eval/incidents/cache-ttl.js';

// /api/v1/patterns and /api/v1/explain-alert carry the value-level changes and onsets (additive
// fields), on a tuned incident scenario (eval/incidents/cache-ttl.ts): catalog's config reload
// sets cache_ttl 300s -> 0s at 14:02:10, the gateway answers 504 from ~14:05.
const KEY = 'incidents-api-key-0123456789';

test('patterns and explain-alert return value changes, onsets and the story', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-incidents-api-'));
  const app = createApp(loadConfig({}, { dataDir: dir, server: { port: 0 }, auth: { apiKeys: [KEY] }, embedding: { enabled: false } }), { logger: createLogger('silent'), processMetrics: false });
  try {
    for (const [job, lines] of Object.entries(scenario.generate())) {
      const batch: LogEntry[] = lines.map((l) => ({ tenant: 'default', labels: { job }, tsNs: BigInt(l.t) * 1_000_000n, line: l.text }));
      app.pipeline.ingest('push', batch, { final: false });
    }
    app.pipeline.chunkPending(true);
    const { url } = await app.listen();
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(res.status, 200, path);
      return res.json();
    };
    const p = await post('/api/v1/patterns', { start: '2026-10-06T13:40:00Z', end: '2026-10-06T14:40:00Z' });
    assert.ok(Array.isArray(p.changes), 'the template changes are still there');
    const ttl = p.valueChanges.find((v: { key: string; kind: string }) => v.kind === 'new-value' && v.key === 'cache_ttl');
    assert.ok(ttl, JSON.stringify(p.valueChanges.map((v: { kind: string; key: string }) => `${v.kind}:${v.key}`)));
    assert.deepEqual([ttl.stream.job, ttl.values, ttl.before, ttl.firstSeen.slice(0, 19)], ['catalog', ['0s'], ['300s'], '2026-10-06T14:02:10']);
    assert.match(ttl.example.line, /"cache_ttl":"0s"/);
    const g504 = p.onsets.find((o: { stream: { job: string }; value?: string }) => o.stream.job === 'gateway' && o.value === '504');
    assert.ok(g504 && g504.onset >= '2026-10-06T14:05' && g504.errorLike, 'the gateway 504 onset');
    assert.equal(p.story.change.service, 'catalog');
    assert.deepEqual(p.story.path, ['catalog', 'mysql', 'gateway']);

    const alert = await post('/api/v1/explain-alert', {
      labels: { alertname: 'GatewayErrorRate', job: 'gateway', severity: 'critical' },
      annotations: { summary: 'gateway 5xx ratio above 5%' },
      startsAt: '2026-10-06T14:07:00Z',
      endsAt: '0001-01-01T00:00:00Z',
    });
    assert.equal(alert.whatChanged.story.change.service, 'catalog');
    assert.equal(alert.whatChanged.story.symptom.service, 'gateway');
    assert.ok(alert.whatChanged.valueChanges.some((v: { key: string }) => v.key === 'cache_ttl'));
    assert.ok(alert.whatChanged.onsets.length > 0);
    const first = alert.citations.find((c: { n: number }) => c.n === 1);
    assert.match(first.line, /"cache_ttl":"0s"/);
    assert.match(alert.answer.text, /^Earliest change: catalog .*cache_ttl 300s -> 0s/);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
