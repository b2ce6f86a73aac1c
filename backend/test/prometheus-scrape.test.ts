import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../testkit/ports.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { askOverHttp, binary, dashboardQueries, DEMO_KEY, pushOverHttp, startDemoApp, type DemoApp } from './telemetry-demo-app.js';

// A real Prometheus scrapes the sidecar (bearer key, 1 s interval) while it ingests and answers;
// then the provisioned dashboards' own PromQL runs against it.

const prometheus = binary('prometheus');
const SKIP = 'skip' in prometheus ? prometheus.skip : false;
/** Scrape often so the test needs seconds, not minutes, to see two samples around each event. */
const SCRAPE_INTERVAL_S = 1;
/** Every wait is on a condition; the deadline only bounds a failure (Prometheus startup on a loaded machine). */
const WAIT_MS = 60_000;
const ASKS = 3;
/** Monotonic start of the run, before Prometheus starts: the rate window reaches back to it. */
let startedAt = 0;
/** The slowest ask as the client saw it, in seconds: no stage of any ask took longer. */
let slowestAskS = 0;

let demo: DemoApp;
let prom: ChildProcess | undefined;
let promUrl: string;
let promDir: string;
let promLog = '';


interface Sample {
  metric: Record<string, string>;
  value: number;
}

async function query(promql: string): Promise<Sample[]> {
  const r = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`, { signal: AbortSignal.timeout(5000) });
  const body = (await r.json()) as any;
  if (body.status !== 'success') throw new Error(`${promql}: ${body.errorType}: ${body.error}`);
  if (body.data.resultType !== 'vector') throw new Error(`${promql}: result type ${body.data.resultType}`);
  return body.data.result.map((s: any) => ({ metric: s.metric, value: Number(s.value[1]) }));
}

async function waitFor(what: string, cond: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + WAIT_MS;
  let last: unknown;
  while (performance.now() < deadline) {
    try {
      if (await cond()) return;
    } catch (err) {
      last = err;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what} (${String(last ?? 'condition false')}); prometheus log:\n${promLog.slice(-2000)}`);
}

/** The sum of a counter as Prometheus last scraped it. */
async function scraped(promql: string): Promise<number> {
  const r = await query(promql);
  return r.reduce((a, s) => a + s.value, 0);
}

before(async () => {
  if (SKIP) return;
  startedAt = performance.now();
  demo = await startDemoApp();
  promDir = mkdtempSync(join(tmpdir(), 'loglens-prom-'));
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  const config = {
    global: { scrape_interval: `${SCRAPE_INTERVAL_S}s`, evaluation_interval: `${SCRAPE_INTERVAL_S}s` },
    scrape_configs: [
      {
        job_name: 'loglens',
        metrics_path: '/metrics',
        scrape_timeout: `${SCRAPE_INTERVAL_S}s`,
        authorization: { type: 'Bearer', credentials: DEMO_KEY },
        static_configs: [{ targets: [demo.hostPort] }],
      },
    ],
  };
  // JSON is YAML, so the config needs no YAML writer.
  writeFileSync(join(promDir, 'prometheus.yml'), JSON.stringify(config, null, 2));
  prom = spawn(
    (prometheus as { path: string }).path,
    [
      `--config.file=${join(promDir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(promDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prom.stdout!.on('data', (d) => (promLog += d));
  prom.stderr!.on('data', (d) => (promLog += d));
  await waitFor('prometheus ready', async () => (await fetch(`${promUrl}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok);
  await waitFor('the sidecar target up', async () => (await scraped('up{job="loglens"}')) === 1);
  // The demo's file ingest happened before the first scrape; this is what rate() can see. The
  // pushed lines are stamped on the scenario's day (pushOverHttp), so the asks are about its 14:05.
  for (let i = 0; i < ASKS; i++) {
    await pushOverHttp(demo.url, { job: 'prom-check', env: 'demo' }, [`level=error msg="upstream timeout" attempt=${i}`, `level=info msg="retrying" attempt=${i}`]);
    const t0 = performance.now();
    const answer = await askOverHttp(demo.url);
    slowestAskS = Math.max(slowestAskS, (performance.now() - t0) / 1000);
    assert.equal(answer.answer.mode, 'llm', `ask ${i}: ${JSON.stringify(answer.answer)}`);
  }
  await waitFor('the asks and pushes scraped', async () => {
    const asks = await scraped('loglens_ask_duration_seconds_count{stage="total",outcome="ok"}');
    const pushed = await scraped('loglens_ingest_lines_total{source="push"}');
    return asks === ASKS && pushed === 2 * ASKS;
  });
}, { timeout: 180_000 });

after(async () => {
  if (prom && prom.exitCode === null) {
    const exited = new Promise((resolve) => prom!.once('exit', resolve));
    prom.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (prom.exitCode === null) prom.kill('SIGKILL');
  }
  await demo?.close();
  if (promDir) rmSync(promDir, { recursive: true, force: true });
}, { timeout: 15_000 });

/**
 * The window for $__rate_interval and friends: everything since before Prometheus started (so the
 * zero samples before the asks are in it, however slowly this run went), and at least 4 scrape
 * intervals as Grafana's $__rate_interval is.
 */
function rateWindow(): string {
  const elapsedS = Math.ceil((performance.now() - startedAt) / 1000);
  return `${Math.max(4 * SCRAPE_INTERVAL_S, elapsedS + 2 * SCRAPE_INTERVAL_S)}s`;
}

/** A dashboard query with Grafana's macros replaced for a direct API call. */
function promql(expr: string): string {
  const window = rateWindow();
  return expr.replace(/\$__rate_interval\b|\$__interval\b|\$__range\b/g, window);
}

/** The histogram's finite bucket bounds, as Prometheus scraped them. */
async function bucketBounds(): Promise<number[]> {
  const r = await query('count by (le) (loglens_ask_duration_seconds_bucket)');
  return r.map((s) => Number(s.metric.le)).filter(Number.isFinite).sort((a, b) => a - b);
}

function panel(title: string): string {
  const q = dashboardQueries().find((p) => p.panel === title);
  assert.ok(q, `no dashboard panel titled ${title}`);
  return promql(q.expr);
}

test('ask latency p50/p95 by stage, with the dashboard panel\'s PromQL', { skip: SKIP, timeout: 30_000 }, async (t) => {
  const p95Expr = panel('Ask latency p95 by stage');
  assert.match(p95Expr, /histogram_quantile\(0\.95,/);
  const p95 = await query(p95Expr);
  const p50 = await query(p95Expr.replace('histogram_quantile(0.95,', 'histogram_quantile(0.5,'));
  const byStage = (r: Sample[]) => new Map(r.filter((s) => Number.isFinite(s.value)).map((s) => [s.metric.stage, s.value]));
  const s95 = byStage(p95);
  const s50 = byStage(p50);
  const bounds = await bucketBounds();
  assert.ok(bounds.length >= 5, `bucket bounds ${bounds}`);
  const ceiling = bounds.find((b) => b >= slowestAskS) ?? bounds.at(-1)!;
  t.diagnostic(`p50/p95 seconds by stage: ${[...s95.keys()].sort().map((k) => `${k} ${s50.get(k)?.toFixed(4)}/${s95.get(k)?.toFixed(4)}`).join(', ')}`);
  for (const stage of ['retrieve', 'evidence', 'prompt', 'first_token', 'llm', 'total']) {
    const hi = s95.get(stage);
    const lo = s50.get(stage);
    assert.ok(hi !== undefined && lo !== undefined, `stage ${stage}: p50 ${lo}, p95 ${hi} (${JSON.stringify(p95)})`);
    assert.ok(lo > 0 && lo <= hi, `stage ${stage}: p50 ${lo} <= p95 ${hi}`);
    // Bucket interpolation never goes past the bucket holding the slowest ask, which the client
    // timed: this holds values in seconds (not ms) without assuming how fast this machine is.
    assert.ok(hi <= ceiling, `stage ${stage}: p95 ${hi}s, above the bucket ${ceiling}s of the slowest ask (${slowestAskS.toFixed(3)}s)`);
  }
  // The whole ask takes at least as long as its retrieval (same buckets, so compare at p95).
  assert.ok(s95.get('total')! >= s95.get('retrieve')!);
});

test('lines ingested per second, with the dashboard panel\'s PromQL', { skip: SKIP, timeout: 30_000 }, async () => {
  const r = await query(panel('Lines ingested per second'));
  const push = r.find((s) => s.metric.source === 'push');
  assert.ok(push, JSON.stringify(r));
  // 2 * ASKS lines over a window of at least 4 s: above zero, and at most all of them in 4 s.
  assert.ok(push.value > 0 && push.value <= (2 * ASKS) / (4 * SCRAPE_INTERVAL_S), `push rate ${push.value}`);
});

test('every Prometheus panel of the provisioned dashboards returns data', { skip: SKIP, timeout: 30_000 }, async () => {
  const queries = dashboardQueries();
  assert.ok(queries.length >= 10);
  const empty: string[] = [];
  for (const q of queries) {
    const r = await query(promql(q.expr));
    if (r.length === 0) empty.push(`${q.dashboard} / ${q.panel}: ${q.expr}`);
  }
  assert.deepEqual(empty, [], `panels without data:\n${empty.join('\n')}`);
  const answers = await query(panel('Answers by mode'));
  assert.ok((answers.find((s) => s.metric.mode === 'llm')?.value ?? 0) > 0, JSON.stringify(answers));
  const state = await query(panel('Index state'));
  // Exactly one state is current; the demo app has a vector index, so it is not 'disabled'.
  assert.equal(state.length, 1, JSON.stringify(state));
  assert.ok(['ready', 'rebuilding', 'stale'].includes(state[0].metric.state), state[0].metric.state);
});
