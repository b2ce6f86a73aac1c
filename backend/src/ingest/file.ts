import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Labels, LogEntry } from '../types.js';
import { parseLeadingTimestamp, parseTimestampValue } from './timestamps.js';

export type FileFormat = 'auto' | 'text' | 'json' | 'logfmt';

export interface FileSourceOptions {
  tenant: string;
  labels: Labels;
  format?: FileFormat;
  /** Year for formats that omit it (syslog, logcat). Defaults to the file's modification year. */
  defaultYear?: number;
  /** Entries handed to the sink per call; bounds memory for files of any size. */
  batchSize?: number;
}

/** 5,000 lines is ~1 MB of text: large enough to amortise a SQLite transaction, small to hold. */
const DEFAULT_BATCH = 5000;

/**
 * Bound on remembered (ts, line) keys: a repeat further back than this many distinct lines at the
 * same timestamp would reuse seq 0; no real file has 200k distinct lines sharing one instant.
 */
const SEEN_LIMIT = 200_000;

const JSON_TIME_KEYS = ['ts', 'time', 'timestamp', '@timestamp', 'date', 't'];

/** key=value and key="quoted value" pairs of a logfmt line. */
export function parseLogfmt(line: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const re = /([\w.@/-]+)=("(?:[^"\\]|\\.)*"|[^\s"]*)/g;
  let m: RegExpExecArray | null;
  let pairs = 0;
  while ((m = re.exec(line))) {
    const raw = m[2];
    out[m[1]] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    pairs++;
  }
  return pairs >= 2 ? out : undefined;
}

function structuredTime(line: string, format: FileFormat): bigint | undefined {
  if ((format === 'auto' || format === 'json') && line.startsWith('{')) {
    try {
      const obj = JSON.parse(line) as Record<string, unknown>;
      for (const k of JSON_TIME_KEYS) {
        const t = parseTimestampValue(obj[k]);
        if (t !== undefined) return t;
      }
    } catch {
      /* not JSON after all: fall through to text rules */
    }
  }
  if (format === 'auto' || format === 'logfmt') {
    const kv = /^\w+=/.test(line) ? parseLogfmt(line) : undefined;
    if (kv) {
      for (const k of JSON_TIME_KEYS) {
        const t = parseTimestampValue(kv[k]);
        if (t !== undefined) return t;
      }
    }
  }
  return undefined;
}

/**
 * Reads a log file as Loki would receive it from an agent: one entry per line, the raw line kept
 * as written. The timestamp comes from the line (text, JSON or logfmt); a line with none (a stack
 * trace frame) takes the previous entry's. Identical (ts, line) pairs get increasing `seq` so a
 * file that repeats a line keeps both, and a re-ingest of the same file maps onto the same keys.
 */
export async function readLogFile(
  path: string,
  opts: FileSourceOptions,
  sink: (batch: LogEntry[]) => void | Promise<void>,
): Promise<{ lines: number }> {
  const format = opts.format ?? 'auto';
  const mtime = statSync(path).mtime;
  const year = opts.defaultYear ?? mtime.getUTCFullYear();
  const fallbackNs = BigInt(mtime.getTime()) * 1_000_000n;
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const seen = new Map<string, number>();
  let lastTs: bigint | undefined;
  let batch: LogEntry[] = [];
  let lines = 0;
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const raw of rl) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    lines++;
    const ts = structuredTime(line, format) ?? parseLeadingTimestamp(line, year)?.tsNs ?? lastTs ?? fallbackNs;
    lastTs = ts;
    const key = `${ts}\u0000${line}`;
    const seq = seen.get(key) ?? 0;
    if (seen.size >= SEEN_LIMIT) seen.clear();
    seen.set(key, seq + 1);
    batch.push({ tenant: opts.tenant, labels: opts.labels, tsNs: ts, line, seq });
    if (batch.length >= batchSize) {
      await sink(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await sink(batch);
  return { lines };
}
