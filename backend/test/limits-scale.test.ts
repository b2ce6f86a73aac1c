// A tenant with 40,000 streams, served from its own process. Two things used to break there:
// - every patterns, "why" and explain-alert request answered 500: the change analysis bound one SQL
//   variable per stream, and SQLite refuses more than 32,766 ("too many SQL variables");
// - a selector of 255 regex matchers (2 KB, within the size limit) blocked the event loop for 330 s,
//   every tenant's requests and /healthz with it: each regex was compiled again per stream per check.
// Now the streams are one JSON parameter (or none: the tenant's own), selectors compile once and run
// per distinct label value, and a selector whose regex work over the tenant's streams exceeds the
// budget is a 400 before any of it runs. The change analyses (100-400 ms of SQL here) run in worker
// threads, and what stays on the event loop (reading the catalogue, matching, reading the question,
// planning, search) runs in stretches of a few to ~20 ms with turns between. /healthz is probed
// from here throughout, and the server reports its own event-loop delay.

import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/telemetry/logger.js';
import { EVENT_LOOP_PROBE, loopDelay as probeRead, rawRequest, scenarioEntries, spawnServeApp } from './hardening-lib.js';

const KEY = 'scale-key-0123456789abcdef';
const STREAMS = 40_000;
/** Label values: `p` distinct per stream (a pod), `j` one of 50 (a job). */
const JOBS = 50;
/**
 * The issue's goal, /healthz within 100 ms while the heaviest allowed asks run, asserted where the
 * machine's load cannot move it: the longest stretch of main-thread CPU between two turns of the
 * event loop (24-31 ms measured at load 7-11). Round trips also hold the OS's scheduling of three
 * processes on 2 shared cores: 37-97 ms p99 at load 6-10, 153 ms once at 11.
 */
const MAIN_THREAD_STRETCH_BOUND_MS = 100;
/** Round-trip /healthz p99: a stall (330 s before) fails it, a busy CI machine does not. */
const HEALTHZ_P99_BOUND_MS = 1000;
/**
 * An allowed heavy ask answers within this, a refused one too. The goal is 2 s: 0.23-1.8 s measured
 * at load 7-10, 2.1-2.2 s with two busy loops on top; the diagnostic prints each.
 */
const ANSWER_BOUND_MS = 10_000;
/** A request that takes this long means the server is stalled (old code: 330 s). */
const STALL_MS = 30_000;
let dir: string;
let child: ChildProcess | undefined;
let url: string;

const CONFIG = (d: string) => ({
  dataDir: d,
  server: { port: 0 },
  auth: { apiKeys: [KEY] },
  embedding: { enabled: false },
  limits: { askPerMinute: 100_000 },
  // Scenario lines are stamped 2026-11-24 whatever the clock says (tests run under a moved clock).
  log: { level: 'silent' },
});

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loglens-scale-'));
  // The store is filled here, then served by a child process: its stalls are visible from here.
  const app = createApp(loadConfig({}, CONFIG(dir)), { logger: createLogger('silent'), processMetrics: false });
  const lo = BigInt(Date.parse('2026-11-24T13:30:00Z')) * 1_000_000n;
  const hi = BigInt(Date.parse('2026-11-24T14:10:00Z')) * 1_000_000n;
  const entries = (await scenarioEntries()).filter((e) => e.tsNs >= lo && e.tsNs < hi).map((e) => ({ ...e, tenant: 'default' }));
  app.pipeline.ingest('file', entries, { final: true });
  app.store.atomically(() => {
    for (let i = 0; i < STREAMS; i++) app.store.streamId('default', { p: `pod-${i}`, j: `svc-${i % JOBS}` });
  });
  assert.ok(app.store.streams('default').length > STREAMS);
  await app.close();
  ({ url, child } = await spawnServeApp(CONFIG(dir), { nodeArgs: ['--import', EVENT_LOOP_PROBE], ipc: true }));
});

after(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown) =>
  rawRequest(url, 'POST', path, { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, JSON.stringify(body), STALL_MS);

test(`${STREAMS} streams in one tenant: patterns, "why" and explain-alert answer 200`, { timeout: 180_000 }, async () => {
  const patterns = await post('/api/v1/patterns', { start: '2026-11-24T14:00:00Z', end: '2026-11-24T14:10:00Z' });
  assert.equal(patterns.status, 200, patterns.body.slice(0, 300));
  assert.ok(JSON.parse(patterns.body).changes.length > 0);
  const why = await post('/api/v1/ask', { question: 'why did checkout start failing at 14:05?' });
  assert.equal(why.status, 200, why.body.slice(0, 300));
  const w = JSON.parse(why.body);
  assert.ok(w.citations.some((c: { reason: string }) => c.reason !== 'match'), 'the answer leads with what changed');
  const alert = await post('/api/v1/explain-alert', {
    labels: { alertname: 'CheckoutErrorRate', job: 'checkout' },
    annotations: { summary: 'checkout 5xx' },
    startsAt: '2026-11-24T14:06:00Z',
  });
  assert.equal(alert.status, 200, alert.body.slice(0, 300));
  assert.ok(JSON.parse(alert.body).citations.length > 0);
  // A selector matching every one of the 40k streams sends them to SQL as one parameter too.
  const all = await post('/api/v1/patterns', { start: '2026-11-24T14:00:00Z', end: '2026-11-24T14:10:00Z', selector: '{p=~"pod-.*|.*"}' });
  assert.equal(all.status, 200, all.body.slice(0, 300));
});

/** 255 distinct regex matchers on one label, 2,041 characters: `{L!~"aa",L!~"ab",...}` (variant v shifts them). */
function selector255(label: string, v = 0): string {
  const alnum = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const ms: string[] = [];
  for (let i = v; ms.length < 255; i++) ms.push(`${label}!~"${alnum[Math.floor(i / 36) % 36]}${alnum[i % 36]}"`);
  const s = `{${ms.join(',')}}`;
  assert.ok(s.length <= 2048, `selector of ${s.length} chars`);
  return s;
}

/** The heaviest kind the budget allows: a dozen regexes over the 40k distinct pods, each excluding one. */
function heavySelector(v: number): string {
  return `{${Array.from({ length: 12 }, (_, k) => `p!~"pod-${v * 100 + k}"`).join(',')}}`;
}

test('a 255-matcher selector over 40k streams: 400 or an answer (goal 2 s, printed), the main thread never 100 ms without a turn, /healthz answering throughout', { timeout: 180_000 }, async (t) => {
  // Warm: the tenant's streams are read once (~0.6 s of CPU for 40k, in slices) before the measurement.
  assert.equal((await post('/api/v1/ask', { question: 'connection refused' })).status, 200);
  await probeRead(child!, 'eld:reset');
  const latencies: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const t0 = performance.now();
      const r = await rawRequest(url, 'GET', '/healthz', {}, undefined, STALL_MS);
      latencies.push(performance.now() - t0);
      assert.equal(r.status, 200);
      await new Promise((res) => setTimeout(res, 2));
    }
  })();
  const timed = async (body: Record<string, unknown>, path = '/api/v1/ask') => {
    const t0 = performance.now();
    const r = await post(path, body);
    return { ...r, ms: performance.now() - t0 };
  };
  const why = 'why did checkout start failing at 14:05?';
  try {
    for (let v = 0; v < 3; v++) {
      // Regexes on a label with 40k distinct values: far over the budget, refused before any runs.
      const r = await timed({ question: why, selector: selector255('p', v) });
      assert.equal(r.status, 400, r.body.slice(0, 300));
      const e = JSON.parse(r.body).error;
      assert.equal(e.code, 'selector_too_costly');
      assert.equal(e.field, 'selector');
      assert.ok(r.ms < ANSWER_BOUND_MS, `refused after ${r.ms.toFixed(0)} ms`);
      const p = await timed({ start: '2026-11-24T14:00:00Z', end: '2026-11-24T14:10:00Z', selector: selector255('p', v) }, '/api/v1/patterns');
      assert.equal(p.status, 400);
      assert.equal(JSON.parse(p.body).error.code, 'selector_too_costly');
      // The same on a label with 50 values is within the budget (each matches every stream): answered.
      const j = await timed({ question: why, selector: selector255('j', v) });
      assert.equal(j.status, 200, j.body.slice(0, 300));
      assert.ok(j.ms < ANSWER_BOUND_MS, `answered after ${j.ms.toFixed(0)} ms`);
      // A dozen regexes over the 40k pods, each narrowing: ~0.3 s of regex work, run in slices.
      const h = await timed({ question: why, selector: heavySelector(v) });
      assert.equal(h.status, 200, h.body.slice(0, 300));
      assert.ok(h.ms < ANSWER_BOUND_MS, `answered after ${h.ms.toFixed(0)} ms`);
      t.diagnostic(`255 regexes on 50 values: ${j.ms.toFixed(0)} ms; 12 regexes on 40k values: ${h.ms.toFixed(0)} ms; refused: ${r.ms.toFixed(0)} ms`);
    }
  } finally {
    probing = false;
    await probe;
  }
  const loop = await probeRead(child!, 'eld:read');
  latencies.sort((a, b) => a - b);
  const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))];
  t.diagnostic(`/healthz: ${latencies.length} probes, p50 ${latencies[latencies.length >> 1].toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
  t.diagnostic(
    `server event loop (5 ms samples): p50 ${loop.p50.toFixed(1)} ms, p99 ${loop.p99.toFixed(1)} ms, max ${loop.max.toFixed(1)} ms; ` +
      `longest main-thread CPU between turns ${loop.maxCpu === null ? 'n/a' : `${loop.maxCpu.toFixed(1)} ms`}`,
  );
  assert.ok(latencies.length >= 20);
  assert.ok(p99 < HEALTHZ_P99_BOUND_MS, `/healthz p99 ${p99.toFixed(1)} ms while the asks ran`);
  if (loop.maxCpu !== null && Number.isFinite(loop.maxCpu)) {
    assert.ok(loop.maxCpu < MAIN_THREAD_STRETCH_BOUND_MS, `the main thread worked ${loop.maxCpu.toFixed(1)} ms without a turn`);
  }
});
