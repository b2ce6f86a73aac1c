import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ASK_STAGES, FALLBACK_REASONS, LLM_ERROR_REASONS, Metrics } from '../src/telemetry/metrics.js';

async function sample(m: Metrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = m.registry.getSingleMetric(name);
  assert.ok(metric, `no metric ${name}`);
  const { values } = await metric.get();
  const same = (l: Record<string, unknown>) => Object.keys(l).length === Object.keys(labels).length && Object.entries(labels).every(([k, x]) => String(l[k]) === x);
  return values.find((v) => same(v.labels))?.value;
}

test('known label values are exported at 0 before anything happens', async () => {
  const m = new Metrics({ processMetrics: false });
  const text = await m.registry.metrics();
  for (const stage of ASK_STAGES) assert.match(text, new RegExp(`^loglens_ask_duration_seconds_count\\{stage="${stage}",outcome="ok"\\} 0$`, 'm'));
  for (const r of FALLBACK_REASONS) assert.match(text, new RegExp(`^loglens_answers_total\\{mode="extractive",fallback_reason="${r}"\\} 0$`, 'm'));
  for (const source of ['file', 'push', 'loki']) assert.match(text, new RegExp(`^loglens_ingest_lines_total\\{source="${source}"\\} 0$`, 'm'));
  assert.match(text, /^loglens_index_state\{state="disabled"\} 0$/m);
  // A gauge that only means something once a line arrived is absent until then, not a fake 0.
  assert.doesNotMatch(text, /^loglens_ingest_lag_seconds\{/m);
});

test('ingest lag is now minus the newest line seen per source, computed at scrape time', async () => {
  let now = 1_700_000_100_000;
  const m = new Metrics({ processMetrics: false, nowMs: () => now });
  m.noteNewestLine('push', 1_700_000_090_000n * 1_000_000n);
  m.noteNewestLine('push', 1_700_000_050_000n * 1_000_000n); // older: ignored
  m.noteNewestLine('file', 1_700_000_000_000n * 1_000_000n);
  assert.equal(await sample(m, 'loglens_ingest_lag_seconds', { source: 'push' }), 10);
  assert.equal(await sample(m, 'loglens_ingest_lag_seconds', { source: 'file' }), 100);
  now += 5_000;
  assert.equal(await sample(m, 'loglens_ingest_lag_seconds', { source: 'push' }), 15);
  // A line from the future (clock skew) is lag 0, never negative.
  m.noteNewestLine('push', BigInt(now + 60_000) * 1_000_000n);
  assert.equal(await sample(m, 'loglens_ingest_lag_seconds', { source: 'push' }), 0);
});

test('observeAsk: stage durations from the response timings, tokens, LLM errors only for failed calls', async () => {
  const m = new Metrics({ processMetrics: false });
  m.observeAsk(
    { retrieveMs: 3, evidenceMs: 2, llmPromptBuildMs: 4, llmFirstTokenMs: 800, llmTotalMs: 2500, llmPromptTokens: 900, llmCompletionTokens: 120 },
    { mode: 'llm' },
  );
  m.observeAsk({ retrieveMs: 3, evidenceMs: 1, llmPromptBuildMs: 4, llmTotalMs: 30_000, llmPromptTokens: 900 }, { mode: 'extractive', fallbackReason: 'timeout_first_token' });
  m.observeAsk({ retrieveMs: 3, evidenceMs: 1, llmPromptBuildMs: 4, llmFirstTokenMs: 700, llmTotalMs: 2000 }, { mode: 'extractive', fallbackReason: 'no_valid_citation' });
  m.observeAsk({ retrieveMs: 3, evidenceMs: 1 }, { mode: 'extractive', fallbackReason: 'llm_not_configured' });
  const text = await m.registry.metrics();
  const count = (stage: string) => Number(new RegExp(`^loglens_ask_duration_seconds_count\\{stage="${stage}",outcome="ok"\\} (\\d+)$`, 'm').exec(text)?.[1]);
  assert.equal(count('evidence'), 4);
  assert.equal(count('prompt'), 3);
  assert.equal(count('first_token'), 2);
  assert.equal(count('llm'), 3);
  // retrieve and total are observed by AskService itself, as they happen.
  assert.equal(count('retrieve'), 0);
  // 800 ms lands in the 1 s bucket, not the 0.5 s one: the value went in as seconds.
  assert.match(text, /^loglens_ask_duration_seconds_bucket\{le="0.5",stage="first_token",outcome="ok"\} 0$/m);
  assert.match(text, /^loglens_ask_duration_seconds_bucket\{le="1",stage="first_token",outcome="ok"\} 2$/m);
  assert.match(text, /^loglens_llm_tokens_total\{kind="prompt"\} 1800$/m);
  assert.match(text, /^loglens_llm_tokens_total\{kind="completion"\} 120$/m);
  assert.match(text, /^loglens_llm_errors_total\{reason="timeout_first_token"\} 1$/m);
  assert.ok(!(LLM_ERROR_REASONS as readonly string[]).includes('no_valid_citation'));
  assert.doesNotMatch(text, /^loglens_llm_errors_total\{reason="(no_valid_citation|llm_not_configured)"\}/m);
  assert.match(text, /^loglens_answers_total\{mode="llm",fallback_reason="none"\} 1$/m);
  assert.match(text, /^loglens_answers_total\{mode="extractive",fallback_reason="llm_not_configured"\} 1$/m);
});

test('process metrics keep their standard names and drop the gauges named like counters', async () => {
  const m = new Metrics();
  const text = await m.registry.metrics();
  assert.match(text, /^# TYPE process_cpu_seconds_total counter$/m);
  assert.match(text, /^# TYPE nodejs_active_handles gauge$/m);
  assert.doesNotMatch(text, /^# TYPE \S+_total gauge$/m);
  assert.doesNotMatch(text, /^loglens_process_/m);
});
