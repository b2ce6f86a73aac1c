// The answer stage against a real Ollama (built by scripts/provision-ollama.sh) with two small CPU
// models, next to the stand-in, through the same AskService path the API uses, on the demo store.
// Per model: cold load, measured prefill rate, first-token latency (cold and warm), generation
// rate, whole-ask latency and what the answer became (LLM or which fallback).
//   npm run bench -- llm-real        (builds Ollama once, ~3-10 min, if it is not cached)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createApp, type App } from '../backend/src/app.js';
import { loadConfig } from '../backend/src/config/load.js';
import { GROUND_TRUTH, writeScenario } from '../backend/src/demo/scenario.js';
import { readLogFile } from '../backend/src/ingest/file.js';
import { createLogger } from '../backend/src/telemetry/logger.js';
import { startOllamaServer } from '../backend/testkit/ollama/server.js';
import { findRealOllama, RealOllama } from '../backend/testkit/ollama/real.js';
import { BENCH_DIR, machine, stats, table, writeResult } from './lib.js';

const ASKS = Number(process.env.LLM_REAL_ASKS ?? 3);
const QUESTIONS = [GROUND_TRUTH.question, 'what went wrong in payment before checkout failed?', 'why were there 502s in frontend?'];
// The shipped defaults: what a user meets.
const CONTEXT_TOKENS = 4096;
// num_predict from the measured writing rate below this (the default too).
const MAX_ANSWER_TOKENS = 512;
const FIRST_TOKEN_TIMEOUT_MS = 30_000;

const prov = spawnSync('bash', [join(BENCH_DIR, '../scripts/provision-ollama.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
if (prov.status !== 0) throw new Error('provisioning the real Ollama failed');
const install = findRealOllama();
if ('missing' in install) throw new Error(install.missing);

async function demoApp(url: string, model: string): Promise<{ app: App; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-bench-llm-'));
  const { files } = writeScenario(join(dir, 'scenario'));
  const app = createApp(
    loadConfig(
      {},
      {
        dataDir: dir,
        server: { port: 0 },
        auth: { disabled: true },
        ollama: { url, model, contextTokens: CONTEXT_TOKENS, maxAnswerTokens: MAX_ANSWER_TOKENS, firstTokenTimeoutMs: FIRST_TOKEN_TIMEOUT_MS },
      },
    ),
    { logger: createLogger('silent'), processMetrics: false },
  );
  for (const f of Object.values(files)) {
    await readLogFile(f, { tenant: 'default', labels: { job: basename(f, '.log') } }, (b) => {
      app.pipeline.ingest('file', b, { final: false });
    });
  }
  app.pipeline.chunkPending(true);
  return { app, dir };
}

interface Row {
  target: string;
  coldFirstTokenMs?: number;
  coldOutcome?: string;
  loadMs?: number;
  warmUpTokensPerS?: number;
  prefill: number[];
  firstToken: number[];
  genRate: number[];
  total: number[];
  promptTokens: number[];
  outcomes: Record<string, number>;
  demoWarmFirstTokenMs?: number;
}

async function measure(target: string, url: string, model: string, unload?: () => Promise<void>): Promise<Row> {
  const row: Row = { target, prefill: [], firstToken: [], genRate: [], total: [], promptTokens: [], outcomes: {} };
  const { app, dir } = await demoApp(url, model);
  try {
    // Cold: the model not loaded and not measured, as right after a restart without warm-up.
    await unload?.();
    const cold = await app.ask.ask({ tenant: 'default', question: GROUND_TRUTH.question });
    row.coldFirstTokenMs = cold.timings.llmFirstTokenMs;
    row.loadMs = cold.timings.llmLoadMs;
    row.coldOutcome = cold.answer.mode === 'llm' ? 'llm' : (cold.answer.fallbackReason ?? 'extractive');
    const w = await app.llm!.warmUp();
    if (w.ok) row.warmUpTokensPerS = w.tokensPerS;
    for (let i = 0; i < ASKS; i++) {
      for (const q of QUESTIONS) {
        const r = await app.ask.ask({ tenant: 'default', question: q });
        const t = r.timings;
        if (q === GROUND_TRUTH.question && row.demoWarmFirstTokenMs === undefined) row.demoWarmFirstTokenMs = t.llmFirstTokenMs;
        if (t.llmPromptTokens && t.llmPromptEvalMs) row.prefill.push((t.llmPromptTokens / t.llmPromptEvalMs) * 1000);
        if (t.llmFirstTokenMs) row.firstToken.push(t.llmFirstTokenMs);
        if (t.llmCompletionTokens && t.llmEvalMs) row.genRate.push((t.llmCompletionTokens / t.llmEvalMs) * 1000);
        if (t.llmPromptTokens) row.promptTokens.push(t.llmPromptTokens);
        row.total.push(t.totalMs);
        const outcome = r.answer.mode === 'llm' ? 'llm' : (r.answer.fallbackReason ?? 'extractive');
        row.outcomes[outcome] = (row.outcomes[outcome] ?? 0) + 1;
      }
    }
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return row;
}

const rows: Row[] = [];
const standIn = await startOllamaServer({ port: 0, script: { behaviour: 'grounded', models: ['llama3.2:3b'] } });
rows.push(await measure('stand-in (grounded, unthrottled)', standIn.url, 'llama3.2:3b'));
await standIn.close();

const ollama = await RealOllama.start(install, { models: ['smollm2-135m', 'gemma3-270m'] });
const unloader = (model: string) => async () => {
  await fetch(`${ollama.url}/api/generate`, { method: 'POST', body: JSON.stringify({ model, keep_alive: 0 }) });
  for (let i = 0; i < 100; i++) {
    const ps = await (await fetch(`${ollama.url}/api/ps`)).json();
    if (!ps.models.length) return;
    await new Promise((r) => setTimeout(r, 100));
  }
};
try {
  for (const model of ['smollm2-135m', 'gemma3-270m'] as const) rows.push(await measure(`real ${model}`, ollama.url, model, unloader(model)));
} finally {
  await ollama.close();
}

const p50 = (xs: number[]) => (xs.length ? stats(xs).p50 : NaN);
const p95 = (xs: number[]) => (xs.length ? stats(xs).p95 : NaN);
console.log(`\nLLM answer stage, real Ollama ${'v0.17.4'} vs stand-in: ${machine()}; load average at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`demo store, ${QUESTIONS.length} questions x ${ASKS}; contextTokens ${CONTEXT_TOKENS}, maxAnswerTokens ${MAX_ANSWER_TOKENS}, firstTokenTimeout ${FIRST_TOKEN_TIMEOUT_MS} ms\n`);
console.log(
  table(
    ['target', 'cold (no warm-up): outcome', 'load ms', 'first token ms', 'warm-up prefill tok/s', 'prefill tok/s p50', 'prompt tok p50', 'first token ms p50 / p95', 'demo q. first token (warm) ms', 'gen tok/s p50', 'ask total ms p50 / p95', 'outcomes'],
    rows.map((r) => [
      r.target,
      r.coldOutcome ?? '-',
      r.loadMs ?? NaN,
      r.coldFirstTokenMs ?? NaN,
      r.warmUpTokensPerS ?? NaN,
      p50(r.prefill),
      p50(r.promptTokens),
      `${p50(r.firstToken).toFixed(0)} / ${p95(r.firstToken).toFixed(0)}`,
      r.demoWarmFirstTokenMs ?? NaN,
      p50(r.genRate),
      `${p50(r.total).toFixed(0)} / ${p95(r.total).toFixed(0)}`,
      Object.entries(r.outcomes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ]),
  ),
);
const real = rows.filter((r) => r.target.startsWith('real'));
console.log('\nSeconds to read a full 4k-token prompt at the measured rate (the first-token timeout is 30 s):');
for (const r of real) console.log(`  ${r.target}: ${(4096 / p50(r.prefill)).toFixed(1)} s`);
console.log(`\nJSON: ${writeResult('llm-real', { machine: machine(), loadavg: loadavg(), rows })}`);
