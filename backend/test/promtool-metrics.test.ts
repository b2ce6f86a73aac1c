import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { askOverHttp, binary, dashboardQueries, pushOverHttp, REPO_ROOT, scrape, startDemoApp, type DemoApp } from './telemetry-demo-app.js';

const promtool = binary('promtool');
let demo: DemoApp;
let exposition: string;

before(async () => {
  demo = await startDemoApp({ processMetrics: true });
  await askOverHttp(demo.url);
  await askOverHttp(demo.url, 'what happened to payment-db?', 'text/event-stream');
  await pushOverHttp(demo.url, { job: 'push-check' }, ['level=info msg="pushed for the metrics test"']);
  exposition = await scrape(demo.url);
}, { timeout: 60_000 });
after(() => demo?.close(), { timeout: 15_000 });

/** Sample names on the page (histograms as _bucket/_sum/_count), without labels. */
function sampleNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{|\s)/.exec(line);
    if (m) names.add(m[1]);
  }
  return names;
}

test('promtool check metrics passes on /metrics after a demo run', { skip: 'skip' in promtool ? promtool.skip : false }, () => {
  const r = spawnSync((promtool as { path: string }).path, ['check', 'metrics'], { input: exposition, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.error, undefined);
  // promtool prints one line per lint problem and exits 3 when there are any.
  assert.equal(`${r.stdout}${r.stderr}`.trim(), '', 'promtool lint findings');
  assert.equal(r.status, 0);
});

test('every metric the provisioned dashboards query is on /metrics after a demo run', () => {
  const r = spawnSync(process.execPath, ['scripts/dashboard-metrics.mjs'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, r.stderr);
  const wanted = r.stdout.split('\n').filter(Boolean);
  assert.ok(wanted.length >= 10, `dashboard metric names: ${wanted.join(', ')}`);
  // The script reads the same files the Prometheus test queries.
  assert.ok(dashboardQueries().length >= wanted.length - 2);
  const have = sampleNames(exposition);
  const missing = wanted.filter((n) => !have.has(n));
  assert.deepEqual(missing, [], `missing from /metrics: ${missing.join(', ')}`);
});

test('the demo run shows up in the counters: file and push lines, asks by stage, LLM tokens', () => {
  const value = (re: RegExp) => {
    const m = exposition.split('\n').find((l) => re.test(l));
    assert.ok(m, `no sample matching ${re}`);
    return Number(m.split(' ').pop());
  };
  assert.ok(value(/^loglens_ingest_lines_total\{source="file"\}/) > 10_000);
  assert.equal(value(/^loglens_ingest_lines_total\{source="push"\}/), 1);
  assert.ok(value(/^loglens_ingest_bytes_total\{source="file"\}/) > 1_000_000);
  for (const stage of ['retrieve', 'evidence', 'prompt', 'first_token', 'llm', 'total']) {
    assert.equal(value(new RegExp(`^loglens_ask_duration_seconds_count\\{stage="${stage}",outcome="ok"\\}`)), 2, stage);
  }
  assert.equal(value(/^loglens_answers_total\{mode="llm",fallback_reason="none"\}/), 2);
  assert.ok(value(/^loglens_llm_tokens_total\{kind="prompt"\}/) > 100);
  assert.ok(value(/^loglens_llm_tokens_total\{kind="completion"\}/) > 0);
  assert.ok(value(/^loglens_chunks_indexed_total /) > 100);
  // Process metrics carry their standard names, unprefixed.
  assert.ok(value(/^process_resident_memory_bytes /) > 0);
  assert.ok(!/^loglens_process_/m.test(exposition));
});
