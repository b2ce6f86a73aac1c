import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createApp } from '../app.js';
import { loadConfig } from '../config/load.js';
import { Store } from '../store/store.js';
import { createLogger } from '../telemetry/logger.js';
import { analyzeChanges, templatesMigration } from '../templates/index.js';
import type { LogEntry } from '../types.js';
import { analyzeWhatChanged } from './analyze.js';
import { createChangeAnalysis, InProcessChangeAnalysis, WorkerChangeAnalysis } from './analysis.js';
import type { WhatChanged } from './types.js';

// A config change (ttl 300s -> 0s) at 10:10, then api's queries time out and web answers 502:
// enough for value changes, onsets, links and a story. Times fixed; baseline 09:00-10:00.
const T0 = Date.parse('2026-03-02T09:00:00Z');
const MIN = 60_000;
const ns = (t: number) => BigInt(t) * 1_000_000n;
const WINDOW = { startNs: ns(T0 + 60 * MIN), endNs: ns(T0 + 120 * MIN) };
const BASELINE = { startNs: ns(T0), endNs: ns(T0 + 60 * MIN) };

function entries(): LogEntry[] {
  const out: LogEntry[] = [];
  const push = (job: string, t: number, line: string) => out.push({ tenant: 't', labels: { job }, tsNs: ns(t), line });
  for (let m = 0; m < 120; m += 10) push('api', T0 + m * MIN + 7000, `level=info msg="config loaded" ttl=${m >= 70 ? '0s' : '300s'} version=${m >= 70 ? '2.3.1' : '2.3.0'}`);
  for (let i = 0; i < 720; i++) {
    const t = T0 + i * 10_000 + 1234;
    const failing = t - T0 >= 72 * MIN;
    push('api', t, `level=${failing && i % 2 ? 'error' : 'info'} msg="${failing && i % 2 ? 'query failed' : 'query served'}" upstream=postgres:5432 duration=${failing ? 400 + (i % 50) : 10 + (i % 7)}ms req=r${i}`);
    push('web', t + 5, `"GET /api/items/${i % 40} HTTP/1.1" ${t - T0 >= 73 * MIN && i % 2 ? 502 : 200} 512 upstream=api:8080`);
  }
  return out.sort((a, b) => (a.tsNs < b.tsNs ? -1 : 1));
}

const withoutTimings = ({ timings: _, ...wc }: WhatChanged) => wc;

test('in worker threads, the change analyses give what they give on the event loop', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-analysis-'));
  const app = createApp(loadConfig({}, { dataDir: dir, auth: { disabled: true }, embedding: { enabled: false } }), { logger: createLogger('silent'), processMetrics: false });
  const workers = new WorkerChangeAnalysis(app.store.path);
  try {
    app.pipeline.ingest('push', entries(), { final: true });
    const api = app.store.streams('t').find((s) => s.labels.job === 'api')!.id;
    const full = analyzeWhatChanged(app.store.db, { tenant: 't', window: WINDOW });
    assert.ok(full.valueChanges.length > 0 && full.onsets.length > 0 && full.story.change && full.story.failure && full.links.length > 0, 'the fixture tells a story');
    for (const q of [
      { tenant: 't', window: WINDOW },
      { tenant: 't', window: WINDOW, streamIds: [api], symptomStreamIds: [api] },
      { tenant: 't', window: { startNs: WINDOW.startNs, endNs: WINDOW.startNs + 1n } },
      { tenant: 'nobody', window: WINDOW },
    ]) {
      const here = analyzeWhatChanged(app.store.db, q);
      const there = await workers.whatChanged(q);
      assert.deepEqual(withoutTimings(there), withoutTimings(here));
      const c = { tenant: q.tenant, streamIds: q.streamIds, window: q.window, baseline: BASELINE };
      assert.deepEqual(await workers.templateChanges(c), analyzeChanges(app.store.db, c));
    }
    // Both threads at once, as an ask's two analyses run.
    const [a, b] = await Promise.all([workers.whatChanged({ tenant: 't', window: WINDOW }), workers.whatChanged({ tenant: 't', window: WINDOW })]);
    assert.deepEqual(withoutTimings(a), withoutTimings(b));
    // Lines written after the threads opened their connections are read (WAL: each analysis reads the latest commit).
    app.pipeline.ingest('push', [{ tenant: 't', labels: { job: 'cron' }, tsNs: WINDOW.startNs + 5n, line: 'level=info msg="nightly job started" id=42' }], { final: true });
    const later = await workers.templateChanges({ tenant: 't', window: WINDOW, baseline: BASELINE });
    assert.ok(later.some((c) => c.template.includes('nightly')));
    assert.deepEqual(later, analyzeChanges(app.store.db, { tenant: 't', window: WINDOW, baseline: BASELINE }));
  } finally {
    await workers.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
  await assert.rejects(workers.whatChanged({ tenant: 't', window: WINDOW }), /closed/);
});

test('an analysis asked again before the next commit is answered from the results kept, a copy each time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-analysis-'));
  const app = createApp(loadConfig({}, { dataDir: dir, auth: { disabled: true }, embedding: { enabled: false } }), { logger: createLogger('silent'), processMetrics: false });
  const workers = new WorkerChangeAnalysis(app.store.path);
  try {
    app.pipeline.ingest('push', entries(), { final: true });
    const q = { tenant: 't', window: WINDOW };
    const c = { tenant: 't', window: WINDOW, baseline: BASELINE };
    const first = await workers.whatChanged(q);
    const changes = await workers.templateChanges(c);
    assert.equal(workers.runs, 2);
    // The same queries (made anew, as each ask makes them): no thread runs; equal results, not the same objects.
    const again = await workers.whatChanged({ tenant: 't', window: { ...WINDOW } });
    assert.equal(workers.runs, 2);
    assert.deepEqual(withoutTimings(again), withoutTimings(first));
    assert.notEqual(again, first);
    first.onsets.length = 0;
    assert.ok((await workers.whatChanged(q)).onsets.length > 0, "a caller's changes to its copy reach no other caller");
    assert.deepEqual(await workers.templateChanges({ ...c }), changes);
    // Another window, and the same one asked at once: one run each.
    const other = { tenant: 't', window: { startNs: WINDOW.startNs, endNs: WINDOW.endNs - 1n } };
    await Promise.all([workers.whatChanged(other), workers.whatChanged(other)]);
    assert.equal(workers.runs, 3);
    // A commit (a line of a kind new in the window) and the next ask runs the analysis on it.
    app.pipeline.ingest('push', [{ tenant: 't', labels: { job: 'cron' }, tsNs: WINDOW.startNs + 5n, line: 'level=info msg="nightly job started" id=42' }], { final: true });
    const later = await workers.whatChanged(q);
    assert.equal(workers.runs, 4);
    assert.deepEqual(withoutTimings(later), withoutTimings(analyzeWhatChanged(app.store.db, q)));
    assert.ok((await workers.templateChanges(c)).some((x) => x.template.includes('nightly')));
    assert.equal(workers.runs, 5);
  } finally {
    await workers.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a store in a file gets worker threads; an in-memory one the calling thread', async () => {
  const memory = Store.open(':memory:', { migrations: [templatesMigration] });
  assert.ok(createChangeAnalysis(memory) instanceof InProcessChangeAnalysis);
  assert.deepEqual(await createChangeAnalysis(memory).templateChanges({ tenant: 't', window: WINDOW, baseline: BASELINE }), []);
  memory.close();
  const dir = mkdtempSync(join(tmpdir(), 'loglens-analysis-'));
  const file = Store.open(join(dir, 'x.db'), { migrations: [templatesMigration] });
  const analysis = createChangeAnalysis(file);
  assert.ok(analysis instanceof WorkerChangeAnalysis);
  // No thread starts before the first analysis (or a warm-up); closing one that never ran is fine.
  await analysis.close();
  const warm = createChangeAnalysis(file);
  await warm.warmUp();
  assert.deepEqual(await warm.templateChanges({ tenant: 't', window: WINDOW, baseline: BASELINE }), []);
  await warm.close();
  // A failure in a thread arrives as the error it was (a store without the templates table here).
  const bare = Store.open(join(dir, 'bare.db'));
  const failing = createChangeAnalysis(bare);
  await assert.rejects(failing.templateChanges({ tenant: 't', window: WINDOW, baseline: BASELINE }), (err: Error & { code?: string }) => {
    assert.equal(err.name, 'SqliteError');
    assert.match(err.message, /no such table/);
    assert.equal(err.code, 'SQLITE_ERROR');
    return true;
  });
  await failing.close();
  bare.close();
  file.close();
  rmSync(dir, { recursive: true, force: true });
});
