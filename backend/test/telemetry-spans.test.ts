import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { ASK_SPANS } from '../src/telemetry/ask-trace.js';
import { createLogger } from '../src/telemetry/logger.js';
import { INGEST_SPANS } from '../src/telemetry/tracing.js';
import { askOverHttp, DEMO_KEY, pushOverHttp, startDemoApp, type DemoApp } from './telemetry-demo-app.js';

// Spans of the real app, recorded by the SDK's in-memory exporter from a provider handed to
// createApp. No context manager is installed: the tree must hold through explicit parents.

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
let demo: DemoApp;

/** A question holding something secret-looking: only its length may reach a span. */
const QUESTION = 'why did checkout start failing at 14:05? token=sk-live-QUESTION-SECRET-7731';
/** A pushed line with a marker that must never reach a span. */
const PUSHED_LINE = 'level=error msg="db password rejected" password=LINE-SECRET-4242 user=checkout';

before(async () => {
  demo = await startDemoApp({ tracerProvider: provider });
}, { timeout: 60_000 });
after(async () => {
  await demo?.close();
  await provider.shutdown();
}, { timeout: 15_000 });

const id = (s: ReadableSpan) => s.spanContext().spanId;
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

function childrenOf(spans: ReadableSpan[], parent: ReadableSpan): ReadableSpan[] {
  return spans.filter((s) => parentOf(s) === id(parent));
}

/** Every string a span carries: attribute values, event names and attributes, status message. */
function spanStrings(s: ReadableSpan): string[] {
  const out: string[] = [s.name, s.status.message ?? ''];
  const add = (attrs: Record<string, unknown> | undefined) => {
    for (const v of Object.values(attrs ?? {})) out.push(...(Array.isArray(v) ? v : [v]).map(String));
  };
  add(s.attributes);
  for (const e of s.events) {
    out.push(e.name);
    add(e.attributes);
  }
  return out;
}

test('one ask over HTTP is one trace: ask > retrieve, evidence, llm > prompt_build, first_token', { timeout: 30_000 }, async () => {
  exporter.reset();
  const body = await askOverHttp(demo.url, QUESTION);
  assert.equal(body.answer.mode, 'llm', JSON.stringify(body.answer));
  const spans = exporter.getFinishedSpans();
  const roots = spans.filter((s) => s.name === ASK_SPANS.root);
  assert.equal(roots.length, 1);
  const root = roots[0];
  assert.equal(root.parentSpanContext, undefined, 'the ask span is a root');
  assert.ok(spans.every((s) => s.spanContext().traceId === root.spanContext().traceId), 'one trace');

  assert.deepEqual(childrenOf(spans, root).map((s) => s.name).sort(), [ASK_SPANS.evidence, ASK_SPANS.llm, ASK_SPANS.retrieve].sort());
  const llm = spans.find((s) => s.name === ASK_SPANS.llm)!;
  assert.deepEqual(childrenOf(spans, llm).map((s) => s.name).sort(), [ASK_SPANS.firstToken, ASK_SPANS.promptBuild].sort());
  assert.equal(spans.length, 6);

  assert.equal(root.attributes['loglens.question.length'], QUESTION.length);
  assert.equal(root.attributes['loglens.answer.mode'], 'llm');
  assert.equal(root.attributes['loglens.answer.fallback_reason'], 'none');
  assert.equal(root.attributes['loglens.answer.citations'], body.citations.length);
  const retrieve = spans.find((s) => s.name === ASK_SPANS.retrieve)!;
  assert.equal(retrieve.attributes['loglens.retrieval.mode'], body.retrieval.mode);
  assert.equal(retrieve.attributes['loglens.retrieval.candidates'], body.retrieval.candidates);
  assert.ok((retrieve.attributes['loglens.retrieval.candidates'] as number) > 0);
  const evidence = spans.find((s) => s.name === ASK_SPANS.evidence)!;
  assert.ok((evidence.attributes['loglens.evidence.chunks'] as number) > 0);
  assert.ok((evidence.attributes['loglens.evidence.lines'] as number) >= body.citations.length);
  assert.equal(llm.attributes['gen_ai.request.model'], 'llama3.2:3b');
  assert.equal(llm.attributes['loglens.answer.mode'], 'llm');
  assert.ok((llm.attributes['gen_ai.usage.input_tokens'] as number) > 0);
  assert.ok((llm.attributes['gen_ai.usage.output_tokens'] as number) > 0);

  // Children sit inside their parents in time: prompt build first, then the wait for the first token.
  const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
  const prompt = spans.find((s) => s.name === ASK_SPANS.promptBuild)!;
  const first = spans.find((s) => s.name === ASK_SPANS.firstToken)!;
  // Start times are whole milliseconds on the SDK's clock, end times are not: allow 1 ms.
  const before = (a: [number, number], b: [number, number]) => ms(a) <= ms(b) + 1;
  assert.ok(before(root.startTime, retrieve.startTime) && before(llm.endTime, root.endTime));
  assert.ok(before(retrieve.endTime, evidence.startTime) && before(evidence.endTime, llm.startTime));
  assert.ok(before(llm.startTime, prompt.startTime) && before(prompt.endTime, first.startTime));
  assert.ok(before(first.endTime, llm.endTime));
});

test('an LLM fallback is on the llm span as a reason, and the ask still succeeds', { timeout: 30_000 }, async () => {
  demo.ollama.setScript({ behaviour: 'model-missing', models: [] });
  try {
    exporter.reset();
    const body = await askOverHttp(demo.url);
    assert.equal(body.answer.mode, 'extractive');
    const spans = exporter.getFinishedSpans();
    const llm = spans.find((s) => s.name === ASK_SPANS.llm)!;
    assert.equal(llm.attributes['loglens.llm.fallback_reason'], 'model_missing');
    assert.equal(llm.status.code, 2 /* ERROR */);
    const root = spans.find((s) => s.name === ASK_SPANS.root)!;
    assert.equal(root.attributes['loglens.answer.fallback_reason'], 'model_missing');
    assert.equal(root.status.code, 0 /* UNSET */);
  } finally {
    demo.ollama.setScript({ behaviour: 'grounded', models: ['llama3.2:3b'] });
  }
});

test('one push is one trace: ingest > insert_entries, chunk, with counts', { timeout: 30_000 }, async () => {
  exporter.reset();
  const r = await pushOverHttp(demo.url, { job: 'span-check' }, [PUSHED_LINE, 'level=info msg="retry ok"']);
  assert.equal(r.inserted, 2);
  const spans = exporter.getFinishedSpans();
  const root = spans.find((s) => s.name === INGEST_SPANS.ingest)!;
  assert.ok(root);
  assert.equal(root.parentSpanContext, undefined);
  assert.deepEqual(childrenOf(spans, root).map((s) => s.name).sort(), [INGEST_SPANS.chunk, INGEST_SPANS.insert].sort());
  assert.equal(root.attributes['loglens.ingest.source'], 'push');
  assert.equal(root.attributes['loglens.ingest.entries'], 2);
  assert.equal(root.attributes['loglens.ingest.inserted'], 2);
  assert.equal(root.attributes['loglens.ingest.duplicates'], 0);
  assert.equal(root.attributes['loglens.ingest.chunks'], r.chunks);
  assert.equal(root.attributes['loglens.ingest.bytes'], Buffer.byteLength(PUSHED_LINE) + Buffer.byteLength('level=info msg="retry ok"'));
  assert.ok((root.attributes['loglens.ingest.chunks'] as number) >= 1);
});

test('no span carries a log line, the question or the API key', { timeout: 30_000 }, async () => {
  // Everything this process recorded since the last reset, plus a fresh ask and push.
  await askOverHttp(demo.url, QUESTION, 'text/event-stream');
  await askOverHttp(demo.url, `${PUSHED_LINE} what happened?`);
  const strings = exporter.getFinishedSpans().flatMap(spanStrings);
  assert.ok(strings.length > 50);
  const secrets = ['QUESTION-SECRET', 'LINE-SECRET', DEMO_KEY, QUESTION, PUSHED_LINE, 'checkout start failing'];
  for (const s of strings) {
    for (const secret of secrets) assert.ok(!s.includes(secret), `a span carries "${secret}": ${s}`);
  }
  // Stored lines are long; no span string contains one. (Short strings such as "llm" are in lines, not the reverse.)
  const long = demo.lines.filter((l) => l.length >= 20);
  assert.ok(long.length > 1000);
  const joined = strings.join('\n');
  for (const l of long) assert.ok(!joined.includes(l), `a span carries a stored line: ${l}`);
});

test('log lines written inside a span carry its trace and span ids (with a context manager)', () => {
  const cm = new AsyncLocalStorageContextManager().enable();
  assert.ok(context.setGlobalContextManager(cm));
  try {
    const out: string[] = [];
    const log = createLogger('info', new Writable({ write: (c, _e, cb) => (out.push(String(c)), cb()) }));
    const span = provider.getTracer('test').startSpan('outer');
    context.with(trace.setSpan(context.active(), span), () => log.info('inside'));
    log.info('outside');
    span.end();
    const [inside, outside] = out.map((l) => JSON.parse(l));
    assert.equal(inside.trace_id, span.spanContext().traceId);
    assert.equal(inside.span_id, span.spanContext().spanId);
    assert.equal(inside.trace_flags, '01');
    assert.equal(outside.trace_id, undefined);
  } finally {
    context.disable();
  }
});

test('with telemetry.otlpEndpoint set, the app exports its spans over OTLP/HTTP to <endpoint>/v1/traces', { timeout: 30_000 }, async () => {
  const received: { path: string; type: string; body: string }[] = [];
  const collector = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const port = (collector.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'loglens-otlp-'));
  try {
    const app = createApp(
      loadConfig({}, { dataDir: dir, auth: { disabled: true }, telemetry: { otlpEndpoint: `http://127.0.0.1:${port}/`, serviceName: 'loglens-test' } }),
      { logger: createLogger('silent'), processMetrics: false },
    );
    app.pipeline.ingest('push', [{ tenant: 'default', labels: { job: 'otlp' }, tsNs: 1_700_000_000_000_000_000n, line: PUSHED_LINE }]);
    await app.ask.ask({ tenant: 'default', question: QUESTION, limit: 4 });
    await app.close(); // flushes the batch
    const traces = received.filter((r) => r.path === '/v1/traces');
    assert.ok(traces.length >= 1, `requests: ${JSON.stringify(received.map((r) => r.path))}`);
    const all = traces.map((t) => t.body).join('\n');
    for (const name of [ASK_SPANS.root, ASK_SPANS.retrieve, INGEST_SPANS.ingest, INGEST_SPANS.insert]) assert.ok(all.includes(name), name);
    assert.ok(all.includes('loglens-test'), 'service.name');
    assert.ok(!all.includes('LINE-SECRET') && !all.includes('QUESTION-SECRET'));
    // shutdown() gave the process-wide context manager back.
    assert.ok(context.setGlobalContextManager(new AsyncLocalStorageContextManager()));
    context.disable();
  } finally {
    collector.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
