import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { context } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { ASK_SPANS, AskTrace } from './ask-trace.js';
import { inSpan, loglensTracer } from './tracing.js';

const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;

/** Every span of the tree lies within its parent in time (1 ms slack for the SDK's rounding). */
function assertNested(spans: ReadableSpan[]): void {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  for (const s of spans) {
    const p = s.parentSpanContext && byId.get(s.parentSpanContext.spanId);
    if (!p) continue;
    assert.ok(ms(p.startTime) <= ms(s.startTime) + 1, `${s.name} starts before ${p.name}`);
    assert.ok(ms(s.endTime) <= ms(p.endTime) + 1, `${s.name} ends after ${p.name}: ${ms(s.endTime) - ms(p.endTime)} ms`);
  }
}

/**
 * Moves the wall clock forward while fn runs, as NTP or a paused-and-resumed VM does; the monotonic
 * clock does not move. Date.now is the global the SDK reads, so it is the one stepped.
 */
async function withWallStep<T>(stepMs: number, fn: () => Promise<T> | T): Promise<T> {
  const real = Date.now;
  Date.now = () => real() + stepMs;
  try {
    return await fn();
  } finally {
    Date.now = real;
  }
}

describe('ask spans keep one timeline', () => {
  it('a wall-clock step of 180 s during an ask leaves every child inside its parent, with the measured durations', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const tracer = loglensTracer(provider);
    const ask = new AskTrace(tracer, { tenant: 't', question: 'why?' }, 'm');
    let firstTokenMs = 0;
    await ask.stageAsync('retrieve', async () => ({}), () => ({}));
    // The step lands between retrieval and evidence: the SDK alone would start evidence 180 s
    // after the root's monotonic end.
    await withWallStep(180_000, async () => {
      ask.stage('evidence', () => ({}), () => ({}));
      // Timings as the answerer measures them: parts of the call's own elapsed time.
      await ask.llm(async () => {
        const t0 = performance.now();
        await new Promise((r) => setTimeout(r, 10));
        const elapsed = performance.now() - t0;
        firstTokenMs = elapsed / 2;
        return { body: { mode: 'llm' }, timings: { llmPromptBuildMs: elapsed / 4, llmFirstTokenMs: firstTokenMs } };
      });
      ask.end();
    });
    const spans = exporter.getFinishedSpans();
    assert.deepEqual(spans.map((s) => s.name).sort(), Object.values(ASK_SPANS).sort());
    assertNested(spans);
    const root = spans.find((s) => s.name === ASK_SPANS.root)!;
    assert.ok(ms(root.endTime) - ms(root.startTime) < 60_000, 'the step is not counted as time spent');
    const first = spans.find((s) => s.name === ASK_SPANS.firstToken)!;
    assert.ok(Math.abs(ms(first.endTime) - ms(first.startTime) - firstTokenMs) < 0.01);
  });

  it('ingest spans (inSpan) share their root clock the same way', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const tracer = loglensTracer(provider);
    const real = Date.now;
    inSpan(tracer, 'outer', context.active(), (_span, ctx) => {
      Date.now = () => real() + 180_000;
      try {
        inSpan(tracer, 'inner', ctx, () => undefined);
      } finally {
        Date.now = real;
      }
    });
    assert.equal(exporter.getFinishedSpans().length, 2);
    assertNested(exporter.getFinishedSpans());
  });
});
