// 20,000 streams that each log the same few kinds of line (a DaemonSet's pods, a service scaled
// wide): every stream has its own copy of each template. An exact question ("how many payment
// declined errors?") is about one kind of line across all of them. The planner read at most
// 20,000 per-stream template rows on the event loop: it counted 4,000 of the 8,000 lines, and held
// the main thread 0.8-1.6 s per ask. Now it reads the templates in slices and ranks each distinct
// text once; the executor and the picture take the targets' template ids as the planner read them,
// and the stages yield between them. Served from its own process; the server reports the longest
// stretch of main-thread CPU between turns of its loop.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/telemetry/logger.js';
import type { LogEntry } from '../src/types.js';
import { EVENT_LOOP_PROBE, loopDelay, rawRequest, spawnServeApp } from './hardening-lib.js';

const KEY = 'templates-key-0123456789abcdef';
const STREAMS = 20_000;
/** Lines per stream: two, of two kinds (s % 5 and (s + 1) % 5): 40k templates, 8k lines of each kind. */
const PER_STREAM = 2;
/**
 * Longest main-thread CPU between turns. The issue's goal is 100 ms (limits-scale.test.ts holds
 * it); here 83-92 ms was measured (107 ms over 8.5k copies of a kind): at the goal, not reliably
 * under it, so the bound catches the old behaviour (608-1,600 ms) without failing on noise.
 */
const MAIN_THREAD_STRETCH_BOUND_MS = 250;
const STALL_MS = 60_000;

let dir: string;
let child: ChildProcess | undefined;
let url: string;
/** Lines per kind, counted as they are made. */
const perKind = new Map<number, number>();

const CONFIG = (d: string) => ({
  dataDir: d,
  server: { port: 0 },
  auth: { apiKeys: [KEY] },
  embedding: { enabled: false },
  limits: { askPerMinute: 100_000 },
  log: { level: 'silent' },
});

/** A line of one of five kinds, with values fresh per line. */
function line(kind: number, n: number): string {
  const id = (n * 2654435761) >>> 0;
  switch (kind) {
    case 0:
      return `level=error msg="payment declined" order=ord-${id.toString(16)} code=${['card_expired', 'insufficient_funds', 'do_not_honor'][n % 3]}`;
    case 1:
      return `level=warn msg="slow query" table=orders rows=${id % 5000} took=${(id % 3000) + 500}ms`;
    case 2:
      return `level=info msg="user login" user=u${id % 977} ip=10.${id % 256}.${(id >> 8) % 256}.${(id >> 16) % 256}`;
    case 3:
      return `POST /api/v1/checkout 502 ${id % 1000}ms upstream=payment-${id % 4}`;
    default:
      return `level=info msg="job finished" job=reindex-${id % 50} items=${id % 100000}`;
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loglens-templates-'));
  const app = createApp(loadConfig({}, CONFIG(dir)), { logger: createLogger('silent'), processMetrics: false });
  // Stamped relative to now: the questions have no time, so "now" is the newest line either way.
  const t0 = BigInt(Date.now() - 3_600_000) * 1_000_000n;
  let n = 0;
  let batch: LogEntry[] = [];
  for (let r = 0; r < PER_STREAM; r++) {
    for (let s = 0; s < STREAMS; s++, n++) {
      const kind = (s + r) % 5;
      perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
      batch.push({ tenant: 'default', labels: { app: 'shop', pod: `shop-${s}` }, tsNs: t0 + BigInt(n) * 50_000_000n, line: line(kind, n) });
      if (batch.length === 5000) {
        app.pipeline.ingest('file', batch, { final: false });
        batch = [];
      }
    }
  }
  app.pipeline.ingest('file', batch, { final: true });
  await app.close();
  ({ url, child } = await spawnServeApp(CONFIG(dir), { nodeArgs: ['--import', EVENT_LOOP_PROBE], ipc: true }));
});

after(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const ask = async (question: string) => {
  const r = await rawRequest(url, 'POST', '/api/v1/ask', { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, JSON.stringify({ question }), STALL_MS);
  assert.equal(r.status, 200, r.body.slice(0, 300));
  return JSON.parse(r.body) as { result?: { intent: string; value: unknown; matched?: number } };
};

test(`exact questions over ${STREAMS} streams with a copy of each template: right answers, no long stretch of the main thread`, { timeout: 300_000 }, async (t) => {
  await ask('connection refused'); // warm: the catalogue is read once, in slices
  await loopDelay(child!, 'eld:reset');
  const count = await ask('how many payment declined errors?');
  assert.equal(count.result?.intent, 'count');
  assert.equal(count.result?.value, perKind.get(0), JSON.stringify(count.result));
  const slow = await ask('what was the slowest query?');
  assert.equal(slow.result?.intent, 'max');
  const top = await ask('which user logged in most?');
  assert.equal(top.result?.intent, 'topk');
  const loop = await loopDelay(child!, 'eld:read');
  t.diagnostic(`server event loop: p99 ${loop.p99.toFixed(1)} ms, max ${loop.max.toFixed(1)} ms; longest main-thread CPU between turns ${loop.maxCpu === null ? 'n/a' : `${loop.maxCpu.toFixed(1)} ms`}`);
  if (loop.maxCpu !== null && Number.isFinite(loop.maxCpu)) {
    assert.ok(loop.maxCpu < MAIN_THREAD_STRETCH_BOUND_MS, `the main thread worked ${loop.maxCpu.toFixed(1)} ms without a turn`);
  }
});
