import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

/** Header and config paths pino must never print. */
const REDACT = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'apiKey',
  'apiKeys',
  'password',
  'bearerToken',
  '*.apiKeys',
  '*.password',
  '*.bearerToken',
];

/**
 * Ids of the span active where a line is logged, so a log line leads to its trace. Reads the
 * active context only; there is none unless the composition root installed a context manager
 * (it does when spans are exported), and then lines carry no ids.
 */
export function traceFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const sc = span.spanContext();
  if (!isSpanContextValid(sc)) return {};
  return { trace_id: sc.traceId, span_id: sc.spanId, trace_flags: `0${sc.traceFlags.toString(16)}`.slice(-2) };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'loglens' }, mixin: traceFields },
    destination,
  );
}

export type { Logger };
