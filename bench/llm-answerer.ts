// Overhead of the LLM answer stage against the stand-in (no model time): prompt build, first
// token, streaming at a fixed token rate, and how fast each fallback returns.
//   cd backend && npx tsx ../bench/llm-answerer.ts
import { startOllamaServer } from '../backend/testkit/ollama/server.js';
import { LlmAnswerer } from '../backend/src/answer/llm/answerer.js';
import { OllamaLlmClient } from '../backend/src/answer/llm/client.js';
import { ev } from '../backend/src/answer/llm/test-fixtures.js';

const evidence = Array.from({ length: 12 }, (_, k) =>
  ev(k + 1, Array.from({ length: 20 }, (_, i) => `ERROR svc=orders req=${k}-${i} upstream connect error or disconnect/reset before headers, retries=${i % 4}`)),
);
const extractive = () => ({ text: 'extractive', citations: [1] });
const srv = await startOllamaServer({ port: 0 });
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function series(label: string, n: number, make: () => LlmAnswerer) {
  const first: number[] = [];
  const total: number[] = [];
  const build: number[] = [];
  let reason = '';
  let completion = 0;
  for (let i = 0; i < n; i++) {
    const a = await make().answerWithLlm({ question: 'why do orders fail?', evidence, extractive });
    build.push(a.timings.promptBuildMs);
    total.push(a.timings.totalMs);
    if (a.timings.firstTokenMs !== null) first.push(a.timings.firstTokenMs);
    reason = a.fallbackReason ?? a.mode;
    completion = a.tokens.completion;
  }
  const f = (xs: number[]) => (xs.length ? `p50 ${pct(xs, 0.5).toFixed(1)} p95 ${pct(xs, 0.95).toFixed(1)}` : '-');
  console.log(`${label.padEnd(34)} -> ${reason.padEnd(20)} build ${f(build)} | first ${f(first)} | total ${f(total)} ms | completion ${completion} tok`);
}

const client = (o: ConstructorParameters<typeof OllamaLlmClient>[0] = {}) => new LlmAnswerer({ client: new OllamaLlmClient({ url: srv.url, ...o }) });

srv.setScript({ behaviour: 'grounded' });
await series('grounded, unthrottled (overhead)', 30, () => client());
srv.setScript({ behaviour: 'grounded', tokensPerSecond: 50 });
await series('grounded, 50 tok/s', 5, () => client());
srv.setScript({ behaviour: 'slow-first-token', firstTokenDelayMs: 5000 });
await series('load stall, firstTokenTimeout 500', 3, () => client({ firstTokenTimeoutMs: 500 }));
srv.setScript({ behaviour: 'grounded', tokensPerSecond: 10 });
await series('10 tok/s, totalTimeout 1000', 3, () => client({ totalTimeoutMs: 1000 }));
srv.setScript({ behaviour: 'model-missing' });
await series('model missing', 10, () => client());
srv.setScript({ behaviour: 'busy' });
const shared = client({ breakerFailures: 3 });
await series('busy x10 on one client (breaker)', 10, () => shared);
await srv.close();
