import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/telemetry/logger.js';
import { startLokiServer } from '../testkit/loki/server.js';

const KEY = 'loki-app-key-0123456789';

async function waitFor(cond: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the sidecar follows Loki per tenant: lines land chunked and searchable, /api/v1/sources reports each source to its own tenant', async () => {
  const loki = await startLokiServer({ port: 0 });
  const now = BigInt(Date.now()) * 1_000_000n;
  const values = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => [String(now - BigInt(n - i) * 1_000_000_000n), `${prefix} line ${i}`] as [string, string]);
  loki.push('team-a', [{ stream: { job: 'api' }, values: values('alpha connection refused', 50) }]);
  loki.push('team-b', [{ stream: { job: 'api' }, values: values('bravo secret', 30) }]);
  const app = createApp(
    loadConfig({}, {
      dataDir: mkdtempSync(join(tmpdir(), 'loglens-lokiapp-')),
      server: { port: 0 },
      auth: { apiKeys: [KEY] },
      loki: {
        url: loki.url,
        sources: [
          { id: 'a', tenant: 'team-a', selector: '{job="api"}', backfillSeconds: 3600 },
          { id: 'b', tenant: 'team-b', selector: '{job="api"}', backfillSeconds: 3600 },
        ],
      },
    }),
    { logger: createLogger('silent'), processMetrics: false },
  );
  const { url } = await app.listen();
  await app.start();
  await waitFor(() => app.store.counts().entries === 80, 20_000);
  // Lines pushed after the backfill arrive through the tail.
  loki.push('team-a', [{ stream: { job: 'api' }, values: [[String(BigInt(Date.now()) * 1_000_000n), 'alpha late arrival']] }]);
  await waitFor(() => app.store.counts().entries === 81, 20_000);
  app.pipeline.chunkPending(true);
  const h = (tenant: string) => ({ authorization: `Bearer ${KEY}`, 'x-scope-orgid': tenant, 'content-type': 'application/json' });
  const srcA = await (await fetch(`${url}/api/v1/sources`, { headers: h('team-a') })).json();
  assert.deepEqual(srcA.sources.map((s: { sourceId: string }) => s.sourceId), ['a']);
  assert.ok(['backfilling', 'tailing', 'polling'].includes(srcA.sources[0].state));
  assert.ok(srcA.sources[0].lines >= 51);
  const ans = await (await fetch(`${url}/api/v1/ask`, { method: 'POST', headers: h('team-a'), body: '{"question":"late arrival"}' })).json();
  assert.ok(ans.citations.some((c: { line: string }) => c.line === 'alpha late arrival'));
  assert.ok(!JSON.stringify(ans).includes('bravo'));
  const metrics = await (await fetch(`${url}/metrics`, { headers: h('team-a') })).text();
  assert.match(metrics, /loglens_loki_requests_total\{endpoint="query_range",outcome="ok"\} [1-9]/);
  assert.match(metrics, /loglens_ingest_lines_total\{source="loki"\} 81/);
  await app.close();
  await loki.close();
});
