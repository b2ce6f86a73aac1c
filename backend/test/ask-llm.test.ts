import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { GROUND_TRUTH, writeScenario } from '../src/demo/scenario.js';
import { readLogFile } from '../src/ingest/file.js';
import { createLogger } from '../src/telemetry/logger.js';
import { startOllamaServer, type OllamaServerHandle } from '../testkit/ollama/server.js';

// The whole ask path over loopback against the Ollama stand-in: the sidecar's production code
// talks to it exactly as it would to Ollama.

let ollama: OllamaServerHandle;
let app: App;
let base: string;
const KEY = 'llm-test-key-0123456789';

before(async () => {
  ollama = await startOllamaServer({ script: { behaviour: 'grounded', models: ['llama3.2:3b'] } });
  const dir = mkdtempSync(join(tmpdir(), 'loglens-askllm-'));
  const { files } = writeScenario(join(dir, 'scenario'));
  app = createApp(
    loadConfig({}, { dataDir: dir, server: { port: 0 }, auth: { apiKeys: [KEY] }, ollama: { url: ollama.url, model: 'llama3.2:3b', firstTokenTimeoutMs: 1500, totalTimeoutMs: 5000 } }),
    { logger: createLogger('silent'), processMetrics: false },
  );
  for (const f of Object.values(files)) {
    await readLogFile(f, { tenant: 'default', labels: { job: basename(f, '.log') } }, (b) => {
      app.pipeline.ingest('file', b, { final: false });
    });
  }
  app.pipeline.chunkPending(true);
  base = (await app.listen()).url;
});
after(async () => {
  await app.close();
  await ollama.close();
});

/** Polls a condition; the deadline only bounds a failure, so it is generous for a loaded machine. */
async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) assert.fail(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function ask(accept = 'application/json') {
  const r = await fetch(`${base}/api/v1/ask`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', accept },
    body: JSON.stringify({ question: GROUND_TRUTH.question }),
  });
  assert.equal(r.status, 200);
  return r;
}

test('grounded LLM answer: mode llm, every [n] it cites is a given citation, readyz ready', async () => {
  ollama.setScript({ behaviour: 'grounded', models: ['llama3.2:3b'] });
  const body = await (await ask()).json();
  assert.equal(body.answer.mode, 'llm', JSON.stringify(body.answer));
  const given = new Set(body.citations.map((c: { n: number }) => c.n));
  const cited = [...body.answer.text.replace(/`[^`]*`/g, '').matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  assert.ok(cited.length > 0);
  assert.ok(cited.every((n) => given.has(n)));
  const ready = await (await fetch(`${base}/readyz`, { headers: { authorization: `Bearer ${KEY}` } })).json();
  assert.equal(ready.checks.llm.status, 'ok');
  assert.equal(ready.checks.llm.state, 'ready');
});

test('model missing: the extractive answer, labelled with the reason, in the same request', async () => {
  ollama.setScript({ behaviour: 'model-missing' });
  const body = await (await ask()).json();
  assert.equal(body.answer.mode, 'extractive');
  assert.equal(body.answer.fallbackReason, 'model_missing');
  assert.match(body.answer.text, /Earliest change/);
  const ready = await (await fetch(`${base}/readyz`, { headers: { authorization: `Bearer ${KEY}` } })).json();
  assert.equal(ready.status, 'degraded');
  assert.equal(ready.checks.llm.state, 'model_missing');
});

test('slow first token: falls back within the first-token timeout', async () => {
  // The token would come after a minute: answering at all means the 1.5 s first-token timeout cut
  // the request, which the stand-in saw cancelled before any token (no elapsed-time bound).
  ollama.setScript({ behaviour: 'slow-first-token', models: ['llama3.2:3b'], firstTokenDelayMs: 60_000 });
  const from = ollama.requests.length;
  const body = await (await ask()).json();
  assert.equal(body.answer.fallbackReason, 'timeout_first_token');
  const chat = ollama.requests.slice(from).find((q) => q.path === '/api/chat');
  assert.ok(chat, 'the sidecar asked the model');
  await until(() => chat.clientAborted, 'the sidecar closed its Ollama request');
  assert.equal(chat.tokensSent, 0);
});

test('citations of evidence never given: the answer is replaced by the extractive one', async () => {
  ollama.setScript({ behaviour: 'bad-citations', models: ['llama3.2:3b'] });
  const body = await (await ask()).json();
  assert.equal(body.answer.mode, 'extractive');
  assert.equal(body.answer.fallbackReason, 'no_valid_citation');
});

test('SSE: retrieval, evidence, the extractive answer at once, tokens, then the final answer', async () => {
  ollama.setScript({ behaviour: 'grounded', models: ['llama3.2:3b'] });
  const text = await (await ask('text/event-stream')).text();
  const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
  assert.equal(events[0], 'retrieval');
  assert.equal(events[1], 'evidence');
  assert.equal(events[2], 'extractive');
  const draft = JSON.parse(/^event: extractive\ndata: (.*)$/m.exec(text)![1]);
  assert.equal(draft.answer.mode, 'extractive');
  assert.match(draft.answer.text, /Earliest change/);
  assert.ok(events.slice(3, -1).length > 0 && events.slice(3, -1).every((e) => e === 'token'));
  assert.equal(events.at(-1), 'answer');
});

test('a client that hangs up mid-stream cancels the Ollama request (no work left running)', async () => {
  ollama.setScript({ behaviour: 'grounded', models: ['llama3.2:3b'], tokensPerSecond: 4 });
  const abort = new AbortController();
  const r = await fetch(`${base}/api/v1/ask`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ question: GROUND_TRUTH.question }),
    signal: abort.signal,
  });
  const reader = r.body!.getReader();
  let seen = '';
  while (!seen.includes('event: token')) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += new TextDecoder().decode(value);
  }
  assert.ok(seen.includes('event: token'), 'tokens were streaming');
  abort.abort();
  const chat = ollama.requests.filter((q) => q.path === '/api/chat').at(-1)!;
  await until(() => chat.clientAborted, 'the sidecar closed its Ollama request');
  assert.equal(chat.finished, false);
});
