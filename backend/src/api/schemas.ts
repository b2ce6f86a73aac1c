import { z } from 'zod';
import { LABEL_NAME_RE } from '../config/schema.js';

/** Longest question: a pasted stack trace fits; a pasted log file does not. */
export const MAX_QUESTION_CHARS = 2000;
/** Loki's default max_line_size is 256 KiB; we refuse what Loki would refuse. */
export const MAX_LINE_BYTES = 256 * 1024;
/** Per push: Loki's own limits are per tenant rate, this only bounds one request's work. */
const MAX_STREAMS_PER_PUSH = 1000;
const MAX_VALUES_PER_STREAM = 100_000;
const MAX_LABELS = 32;
const MAX_LABEL_VALUE_CHARS = 1024;
export const INT64_MAX = 9223372036854775807n;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses a Loki-style time: unix epoch nanoseconds (digits) or RFC 3339. */
export function parseTime(v: string): bigint | undefined {
  if (/^\d{1,19}$/.test(v)) {
    const n = BigInt(v);
    return n <= INT64_MAX ? n : undefined;
  }
  const m = RFC3339.exec(v);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[9]}`);
  if (Number.isNaN(ms) || +m[2] > 12 || +m[3] > 31 || +m[4] > 23 || +m[5] > 59 || +m[6] > 60) return undefined;
  // Date.parse rolls 2026-02-30 over to March 2nd: refuse a day the month does not have instead.
  if (+m[3] > new Date(Date.UTC(+m[1], +m[2], 0)).getUTCDate()) return undefined;
  const frac = ((m[8] ?? '') + '000000000').slice(0, 9);
  // Stored as SQLite INTEGER: a time before 1970 or after 2262 (say year 0000 or 9999) would fail
  // deep inside a query as a 500, so it is refused here like out-of-range epoch digits.
  const ns = BigInt(ms) * 1_000_000n + BigInt(frac);
  return ns >= 0n && ns <= INT64_MAX ? ns : undefined;
}

const timeString = z
  .string()
  .max(40)
  .refine((v) => parseTime(v) !== undefined, 'must be unix epoch nanoseconds or RFC 3339');

const labelSet = z
  .record(
    z.string().regex(LABEL_NAME_RE, 'label names match [a-zA-Z_][a-zA-Z0-9_]*'),
    z.string().max(MAX_LABEL_VALUE_CHARS),
  )
  .refine((l) => Object.keys(l).length <= MAX_LABELS, `at most ${MAX_LABELS} labels`);

export const askSchema = z
  .object({
    question: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(MAX_QUESTION_CHARS, `at most ${MAX_QUESTION_CHARS} characters`),
    selector: z.string().max(2048).optional(),
    labels: labelSet.optional(),
    start: timeString.optional(),
    end: timeString.optional(),
    limit: z.number().int().min(1).max(50).optional(),
  })
  .strict()
  .refine((b) => !(b.start && b.end) || parseTime(b.start)! < parseTime(b.end)!, {
    message: 'end must be after start',
    path: ['end'],
  });
export type AskBody = z.infer<typeof askSchema>;

/**
 * A log line within MAX_LINE_BYTES of UTF-8, as Loki counts it: 262,144 x "€" is 786 KB, three
 * times the limit, though only 262,144 UTF-16 units (what .max() counts).
 */
const lineString = z
  .string()
  // Cheap first: more UTF-16 units than bytes allowed cannot fit; 3 bytes per unit at most can.
  .max(MAX_LINE_BYTES, `at most ${MAX_LINE_BYTES} bytes (UTF-8)`)
  .refine((v) => v.length * 3 <= MAX_LINE_BYTES || Buffer.byteLength(v, 'utf8') <= MAX_LINE_BYTES, `at most ${MAX_LINE_BYTES} bytes (UTF-8)`);

const pushValue = z.union([
  z.tuple([timeString, lineString]),
  z.tuple([timeString, lineString, z.record(z.string(), z.string())]),
]);

/** Loki's push API JSON body (POST /loki/api/v1/push). */
export const pushSchema = z
  .object({
    streams: z
      .array(
        z.object({
          stream: labelSet.refine((l) => Object.keys(l).length > 0, 'at least one label'),
          values: z.array(pushValue).max(MAX_VALUES_PER_STREAM),
        }),
      )
      .max(MAX_STREAMS_PER_PUSH),
  })
  .strict();
export type PushBody = z.infer<typeof pushSchema>;

/** POST /api/v1/patterns: what changed in a window against the baseline before it. */
export const patternsSchema = z
  .object({
    start: timeString,
    end: timeString,
    baselineStart: timeString.optional(),
    baselineEnd: timeString.optional(),
    selector: z.string().max(2048).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict()
  .refine((b) => parseTime(b.start)! < parseTime(b.end)!, { message: 'end must be after start', path: ['end'] })
  .refine((b) => !b.baselineStart || !b.baselineEnd || parseTime(b.baselineStart)! < parseTime(b.baselineEnd)!, {
    message: 'baselineEnd must be after baselineStart',
    path: ['baselineEnd'],
  });

/** Grafana's "unresolved" endsAt (Go's zero time) means the alert is still firing. */
export const GO_ZERO_TIME = /^0001-01-01T00:00:00/;

/** POST /api/v1/explain-alert: a Grafana alert or annotation. */
export const explainAlertSchema = z
  .object({
    labels: labelSet,
    annotations: z.record(z.string(), z.string().max(4000)).optional(),
    startsAt: timeString,
    endsAt: z.string().max(40).refine((v) => GO_ZERO_TIME.test(v) || parseTime(v) !== undefined, 'must be unix epoch nanoseconds or RFC 3339').optional(),
    limit: z.number().int().min(1).max(50).optional(),
  })
  .strict()
  .refine((b) => !b.endsAt || GO_ZERO_TIME.test(b.endsAt) || parseTime(b.startsAt)! <= parseTime(b.endsAt)!, {
    message: 'endsAt must not be before startsAt',
    path: ['endsAt'],
  });
export type ExplainAlertBody = z.infer<typeof explainAlertSchema>;
