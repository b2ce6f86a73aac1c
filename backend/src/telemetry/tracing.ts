import { context, createContextKey, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, BatchSpanProcessor, TracerProvider as SdkTracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

/** Instrumentation scope of every span the sidecar makes. */
export const TRACER_NAME = '@loglens/backend';

/** A tracer provider and how to stop it; built once by the composition root. */
export interface Tracing {
  provider: TracerProvider;
  /** Flushes pending spans and undoes any global registration this Tracing made. */
  shutdown(): Promise<void>;
}

/** Spans are created (so code paths are the same) but never sampled, exported or made global. */
export function disabledTracing(): Tracing {
  const provider = new SdkTracerProvider({ sampler: new AlwaysOffSampler() });
  return { provider, shutdown: () => provider.shutdown() };
}

/** Wraps a provider the caller owns (tests pass one with an in-memory exporter). */
export function externalTracing(provider: TracerProvider): Tracing {
  return { provider, shutdown: async () => {} };
}

export interface OtlpTracingOptions {
  /** OTLP/HTTP base URL as in OTEL_EXPORTER_OTLP_ENDPOINT; spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  serviceName: string;
  serviceVersion?: string;
  /** Export timeout; a collector that hangs must not hold the sidecar's shutdown for the 30 s default. */
  exportTimeoutMs?: number;
}

/**
 * Exports spans over OTLP/HTTP (JSON) in batches. Also installs the AsyncLocalStorage context
 * manager as the process-wide one (the only global this makes, so log lines get trace ids and
 * child spans find their parent across awaits); shutdown() removes it again.
 */
export function otlpTracing(opts: OtlpTracingOptions): Tracing {
  const url = `${opts.endpoint.replace(/\/+$/, '')}/v1/traces`;
  const exportTimeoutMillis = opts.exportTimeoutMs ?? 10_000;
  const provider = new SdkTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: opts.serviceName,
      ...(opts.serviceVersion ? { [ATTR_SERVICE_VERSION]: opts.serviceVersion } : {}),
    }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url, timeoutMillis: exportTimeoutMillis }), exportTimeoutMillis })],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const registered = context.setGlobalContextManager(contextManager);
  return {
    provider,
    async shutdown() {
      try {
        await provider.shutdown();
      } finally {
        if (registered) context.disable();
        contextManager.disable();
      }
    },
  };
}

/** The tracer of the sidecar's own spans from a provider handed in by the composition root. */
export function loglensTracer(provider: TracerProvider, version?: string): Tracer {
  return provider.getTracer(TRACER_NAME, version);
}

/**
 * One trace's timeline: the wall clock read once when the trace starts, then the monotonic clock.
 * The SDK reads Date.now() at every span's start and measures its duration monotonically, so a
 * wall-clock step in the middle of a trace (NTP, a VM paused and resumed: ~180 s was seen on the
 * test machine) put a child's start past its parent's end. Every span of a trace reads this instead.
 */
export interface TraceClock {
  /** Milliseconds since the epoch on this trace's timeline. */
  now(): number;
}

function anchoredClock(): TraceClock {
  const wall = Date.now();
  const mono = performance.now();
  return { now: () => wall + (performance.now() - mono) };
}

const CLOCK_KEY = createContextKey('loglens.trace_clock');

/** The clock of the trace parent belongs to; a new one when parent starts a trace. */
function clockOf(parent: Context): TraceClock {
  return (parent.getValue(CLOCK_KEY) as TraceClock | undefined) ?? anchoredClock();
}

export interface ChildSpan {
  span: Span;
  /** The parent for this span's children: carries the span and its trace's clock. */
  ctx: Context;
  clock: TraceClock;
  /** Ends the span on its trace's clock (span.end() would read the SDK's own). */
  end(): void;
}

/** A span started under an explicit parent (works without any global context manager), timed on the parent trace's clock. */
export function startChild(tracer: Tracer, name: string, parent: Context, attributes?: Attributes): ChildSpan {
  const clock = clockOf(parent);
  const span = tracer.startSpan(name, { attributes, startTime: clock.now() }, parent);
  return { span, ctx: trace.setSpan(parent, span).setValue(CLOCK_KEY, clock), clock, end: () => span.end(clock.now()) };
}

/**
 * Marks a span failed. Only the error's class goes on the span: messages can quote a log line
 * or a question (which may hold secrets), so the message text is left to the (redacting) logs.
 */
export function recordFailure(span: Span, err: unknown): void {
  const type = err instanceof Error ? err.name : typeof err;
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/** A tracer that records nothing, for library code built without one (tests, benchmarks). */
export function noopTracer(): Tracer {
  return loglensTracer(disabledTracing().provider);
}

/**
 * Runs synchronous fn inside a child span of parent, active for fn's duration; ends it either way.
 * fn gets the span's context to parent its own children explicitly.
 */
export function inSpan<T>(tracer: Tracer, name: string, parent: Context, fn: (span: Span, ctx: Context) => T, attributes?: Attributes): T {
  const child = startChild(tracer, name, parent, attributes);
  try {
    return context.with(child.ctx, () => fn(child.span, child.ctx));
  } catch (err) {
    recordFailure(child.span, err);
    throw err;
  } finally {
    child.end();
  }
}

/** Span names of ingest: loglens.ingest > {insert_entries, chunk}; chunk is a root when called alone. */
export const INGEST_SPANS = {
  ingest: 'loglens.ingest',
  insert: 'loglens.ingest.insert_entries',
  chunk: 'loglens.ingest.chunk',
} as const;
