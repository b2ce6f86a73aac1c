import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createApp } from '../app.js';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../telemetry/logger.js';

const MIN = 60_000_000_000n;
const T0 = BigInt(Date.UTC(2026, 5, 2, 8, 0, 0)) * 1_000_000n;

test('a question without a time searches the newest segments and says which period; with a window it says nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-searched-'));
  // Segments of 8 chunks, a budget of 8: lines 10 minutes apart are a chunk each (maxGapSeconds 30).
  const app = createApp(
    loadConfig({}, { dataDir: dir, auth: { disabled: true }, embedding: { enabled: false }, retrieval: { searchBudgetChunks: 8 } }),
    { logger: createLogger('silent'), processMetrics: false, segmentChunks: 8 },
  );
  t.after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const lines = Array.from({ length: 120 }, (_, i) => ({
    tenant: 'default',
    labels: { job: 'payments' },
    tsNs: T0 + BigInt(i) * 10n * MIN,
    line: `payment gateway timeout for order ord-${1000 + i} after retry`,
  }));
  app.pipeline.ingest('test', lines);
  assert.ok(app.store.segmentsOf('default').length >= 10);
  const r = await app.ask.ask({ tenant: 'default', question: 'payment gateway timeout after retry', nowNs: T0 + 2000n * MIN });
  assert.ok(r.retrieval.searched, 'no period said');
  assert.ok(r.retrieval.searched.olderChunks > 0);
  const start = Date.parse(r.retrieval.searched.start);
  assert.ok(start > Number((T0 + 600n * MIN) / 1_000_000n), `searched from ${r.retrieval.searched.start}: not the newest data`);
  assert.ok(r.citations.length > 0);
  for (const c of r.citations) assert.ok(Date.parse(c.ts) >= start, `cited ${c.ts}, before the period searched`);
  assert.match(r.answer.text, /Searched the newest data, 2026-06-\d\d \d\d:\d\d to 2026-06-\d\d \d\d:\d\d UTC; older lines were not searched/);
  // A dashboard window: only its segments, and nothing to say about older data.
  const w = await app.ask.ask({ tenant: 'default', question: 'payment gateway timeout after retry', window: { startNs: T0, endNs: T0 + 60n * MIN } });
  assert.equal(w.retrieval.searched, undefined);
  assert.ok(w.citations.length > 0 && w.citations.every((c) => BigInt(c.tsNs) < T0 + 60n * MIN));
  assert.doesNotMatch(w.answer.text, /Searched the newest data/);
});
