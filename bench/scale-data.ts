// Data for bench/scale.ts: LogHub-2k's 16 logs replicated into one tenant's 16 streams (job=<Name>),
// each replica an hour later than the one before (new hours) and, from the second replica on, with
// fresh values (numbers, hex ids, IPs redrawn by a seeded PRNG), so the store grows with distractors
// that look like the real thing. Deterministic: the same seed gives the same lines, byte for byte.
//
// Every line's timestamp carries its source line in the nanoseconds below the millisecond
// (tsNs % 1e6 = line index in the 2k file), so a cited line is traced back to its LogHub EventId
// without keeping millions of lines in memory; it also makes every (stream, ts) unique, so the push
// API's dedupe never drops a line.
import { join } from 'node:path';
import { readLogFile } from '../backend/src/ingest/file.js';
import { LOGHUB_DATASETS, loadDataset } from '../backend/eval/templates-data.js';
import { seededRandom } from '../backend/src/lib/random.js';

/** One replica covers an hour of every stream. */
export const REPLICA_MS = 3_600_000;
/** Replica 0 starts here (fixed, so runs are comparable; in the past, so no push is "too new"). */
export const ANCHOR_MS = Date.parse('2026-06-01T00:00:00Z');

export interface Source {
  name: string;
  /** Raw line text; the header (time, host, level...) is kept, values are redrawn in `content`. */
  header: string[];
  content: string[];
  /** Offset of each line inside its replica hour (ms), order of the original timestamps kept. */
  offsetMs: number[];
  eventId: string[];
}

export interface GenLine {
  job: string;
  tsNs: bigint;
  line: string;
}

/** The 16 logs, parsed as the file source parses them, with their ground truth. */
export async function loadSources(dir: string): Promise<Source[]> {
  const out: Source[] = [];
  for (const name of LOGHUB_DATASETS) {
    const lines: { tsNs: bigint; line: string }[] = [];
    await readLogFile(join(dir, name, `${name}_2k.log`), { tenant: 'scale', labels: { job: name } }, (b) => {
      for (const e of b) lines.push({ tsNs: e.tsNs, line: e.line });
    });
    const truth = loadDataset(name, dir);
    if (truth.length !== lines.length) throw new Error(`${name}: ${lines.length} lines, ${truth.length} labelled`);
    // Times: kept as they are when the log spans under an hour; otherwise spread by rank over the
    // hour (HPC and Mac span years with outliers: a linear squeeze would pile them up in one second).
    const ts = lines.map((l) => Number(l.tsNs / 1_000_000n));
    const min = Math.min(...ts);
    const span = Math.max(...ts) - min;
    const usable = REPLICA_MS - 1000;
    let offsetMs: number[];
    if (span <= usable) offsetMs = ts.map((t) => t - min);
    else {
      const distinct = [...new Set(ts)].sort((a, b) => a - b);
      const rank = new Map(distinct.map((t, i) => [t, i] as const));
      offsetMs = ts.map((t) => Math.floor((rank.get(t)! / distinct.length) * usable));
    }
    const header: string[] = [];
    const content: string[] = [];
    lines.forEach((l, i) => {
      const c = truth[i].content;
      const at = c ? l.line.lastIndexOf(c) : -1;
      header.push(at >= 0 ? l.line.slice(0, at) : '');
      content.push(at >= 0 ? l.line.slice(at) : l.line);
    });
    out.push({ name, header, content, offsetMs, eventId: truth.map((t) => t.eventId) });
  }
  return out;
}

const HEX_LOWER = '0123456789abcdef';
const HEX_UPPER = '0123456789ABCDEF';
// IPv4; hex-ish ids of 6+ chars with a digit (block ids, hashes, 0x addresses); numbers not glued
// to a letter on their left ("amd64", "sshd2" stay; "[19939]", "uid=0", "blk_-69..." change).
const VALUE = /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])|(?<![A-Za-z0-9])(?:0x)?(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{6,}(?![A-Za-z0-9])|(?<![A-Za-z0-9])\d+/g;

/** The same text with every value redrawn: same shape (length, digit/hex class), new value. */
export function freshValues(text: string, rand: () => number): string {
  return text.replace(VALUE, (m) => {
    if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(m)) return Array.from({ length: 4 }, () => 1 + Math.floor(rand() * 254)).join('.');
    let out = '';
    for (let i = 0; i < m.length; i++) {
      const c = m[i];
      if ((m[1] === 'x' || m[1] === 'X') && i < 2) out += c;
      else if (c >= '0' && c <= '9') out += String(i === 0 && c !== '0' && m.length > 1 ? 1 + Math.floor(rand() * 9) : Math.floor(rand() * 10));
      else if (c >= 'a' && c <= 'f') out += HEX_LOWER[Math.floor(rand() * 16)];
      else if (c >= 'A' && c <= 'F') out += HEX_UPPER[Math.floor(rand() * 16)];
      else out += c;
    }
    return out;
  });
}

/** Replica r of all 16 logs, merged in time order (as a shipper would send them). */
export function replica(sources: readonly Source[], r: number, seed: number): GenLine[] {
  const rand = seededRandom((seed * 1_000_003 + r) >>> 0);
  const base = BigInt(ANCHOR_MS + r * REPLICA_MS) * 1_000_000n;
  const out: GenLine[] = [];
  for (const s of sources) {
    for (let i = 0; i < s.content.length; i++) {
      const line = r === 0 ? s.header[i] + s.content[i] : s.header[i] + freshValues(s.content[i], rand);
      out.push({ job: s.name, tsNs: base + BigInt(s.offsetMs[i]) * 1_000_000n + BigInt(i), line });
    }
  }
  return out.sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : a.job < b.job ? -1 : 1));
}

/** Endless lines, replica after replica, in batches of `size`. */
export function* batches(sources: readonly Source[], seed: number, size: number): Generator<GenLine[]> {
  let pending: GenLine[] = [];
  for (let r = 0; ; r++) {
    pending = pending.concat(replica(sources, r, seed));
    while (pending.length >= size) {
      yield pending.slice(0, size);
      pending = pending.slice(size);
    }
  }
}

/** A Loki push body (JSON): one stream per job, values in time order. */
export function pushBody(lines: readonly GenLine[]): string {
  const byJob = new Map<string, [string, string][]>();
  for (const l of lines) {
    let v = byJob.get(l.job);
    if (!v) byJob.set(l.job, (v = []));
    v.push([l.tsNs.toString(), l.line]);
  }
  return JSON.stringify({ streams: [...byJob].map(([job, values]) => ({ stream: { job }, values })) });
}

/** The LogHub line a stored timestamp came from (see the header comment). */
export function sourceLine(tsNs: bigint | string): number {
  return Number(BigInt(tsNs) % 1_000_000n);
}

/** "100k,1M,3M" -> [100000, 1000000, 3000000] (cumulative line counts, ascending). */
export function parseStages(s: string): number[] {
  const out = s.split(',').map((p) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(p);
    if (!m) throw new Error(`--stages: "${p}" is not a line count like 100k or 1M`);
    return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1));
  });
  if (out.some((n, i) => n <= 0 || (i > 0 && n <= out[i - 1]))) throw new Error('--stages: counts must be positive and ascending (they are cumulative)');
  return out;
}

// Questions for the latency variants: one per system, worded as a user would (hybrid, not counts).
export const ASK_QUESTIONS: { q: string; job: string }[] = [
  { q: 'why did the datanode fail to receive a block?', job: 'HDFS' },
  { q: 'failed password attempts for invalid users', job: 'OpenSSH' },
  { q: 'why did sshd report authentication failures for root?', job: 'Linux' },
  { q: 'why could the task attempt not connect to the server?', job: 'Hadoop' },
  { q: 'connection broken to the quorum peer', job: 'Zookeeper' },
  { q: 'errors while fetching shuffle blocks', job: 'Spark' },
  { q: 'instance failed to spawn or was terminated', job: 'OpenStack' },
  { q: 'kernel errors detected on the compute nodes', job: 'BGL' },
];
