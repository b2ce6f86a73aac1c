// Shared parts of the incident scenarios (eval/incidents/*.ts): time formats of the servers they
// imitate, the ground-truth shape and a writer. Every scenario is deterministic (seeded PRNG,
// fixed date) like the shop demo (src/demo/scenario.ts), so the eval and its test can assert on it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../src/lib/random.js';

/** A generated line with the time an agent stamped it (ms since the epoch). */
export interface Line {
  t: number;
  text: string;
}

/** A line pattern of one stream (`job` label): a citation matches when both do. */
export interface LineMatch {
  job: string;
  pattern: string;
}

export interface IncidentQuestion {
  id: string;
  /** which of the three phrasings this is */
  phrasing: 'why' | 'changed' | 'first';
  question: string;
  /** The dashboard's time range sent with the question (RFC 3339). */
  window: { start: string; end: string };
}

export interface IncidentTruth {
  id: string;
  title: string;
  /** What the cause is, in words: for the report and for a reader of the scenario. */
  story: string;
  kind: 'version' | 'config' | 'saturation' | 'moved';
  incidentStart: string;
  /** The value-level cause (or the change that is it): lines showing it, the service to name, the changed value. */
  cause: {
    /** Lines that show the change: a citation matching one is a cause citation. */
    lines: LineMatch[];
    /** The service the answer's first sentence must name (any of these). */
    services: string[];
    /** The changed value the first sentence must name: a regular expression (case-insensitive). */
    value: string;
  };
  /** The first component to fail (for the report; the goal is scored on the cause). */
  firstFailure: LineMatch;
  /** What the user saw. */
  symptom: LineMatch;
  /** Services from the first failure to the symptom. */
  path: string[];
  /** Planted distractors: none may be presented as the cause. */
  redHerrings: (LineMatch & { kind: 'unrelated-burst' | 'unrelated-deploy' | 'recurring-error' | 'one-off-error' })[];
  questions: IncidentQuestion[];
}

export interface IncidentScenario {
  truth: IncidentTruth;
  /** Streams (job label) and their lines, time ordered. Deterministic for a seed. */
  generate(seed?: number): Record<string, Line[]>;
}

export function rng(seed: number) {
  const r = seededRandom(seed);
  return {
    r,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)],
    int: (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1)),
    hex: (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join(''),
    alnum: (n: number) => Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(r() * 36)]).join(''),
  };
}

export const at = (date: string, hms: string) => Date.parse(`${date}T${hms}Z`);

const p2 = (n: number) => String(n).padStart(2, '0');
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function iso(t: number): string {
  return new Date(t).toISOString();
}
/** ISO to the second, as Kubernetes prints event times. */
export function isoSeconds(t: number): string {
  return `${new Date(t).toISOString().slice(0, 19)}Z`;
}
/** log4j / logback: "2026-10-06 14:02:11,123" */
export function log4j(t: number): string {
  return iso(t).replace('T', ' ').replace('.', ',').slice(0, 23);
}
/** Spring Boot's default: "2026-09-15 14:10:31.123" */
export function springTime(t: number): string {
  return iso(t).replace('T', ' ').slice(0, 23);
}
/** PostgreSQL log_line_prefix '%m': "2026-08-20 14:13:02.123 UTC" */
export function pgTime(t: number): string {
  return `${iso(t).replace('T', ' ').slice(0, 23)} UTC`;
}
/** MySQL 8 error log: "2026-10-06T14:06:12.345678Z" */
export function mysqlTime(t: number): string {
  return `${iso(t).slice(0, 23)}${p2(t % 97).padStart(3, '0')}Z`;
}
/** Redis: "06 Oct 2026 14:02:11.123" */
export function redisTime(t: number): string {
  const d = new Date(t);
  return `${p2(d.getUTCDate())} ${MON[d.getUTCMonth()]} ${d.getUTCFullYear()} ${iso(t).slice(11, 23)}`;
}
/** nginx combined log time: "06/Oct/2026:14:05:01 +0000" */
export function clf(t: number): string {
  const d = new Date(t);
  return `${p2(d.getUTCDate())}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** Lines of each stream in time order (a stack trace's lines stay behind their head line). */
export function sorted(out: Record<string, Line[]>): Record<string, Line[]> {
  const res: Record<string, Line[]> = {};
  for (const [s, lines] of Object.entries(out)) {
    res[s] = lines
      .map((l, i) => ({ l, i }))
      .sort((a, b) => a.l.t - b.l.t || a.i - b.i)
      .map((x) => x.l);
  }
  return res;
}

/** Writes `<dir>/<job>.log` per stream and `<dir>/ground-truth.json`; returns the paths. */
export function writeIncident(dir: string, s: IncidentScenario, seed?: number): { files: Record<string, string>; groundTruth: string } {
  mkdirSync(dir, { recursive: true });
  const logs = s.generate(seed);
  const files: Record<string, string> = {};
  for (const [job, lines] of Object.entries(logs)) {
    files[job] = join(dir, `${job}.log`);
    writeFileSync(files[job], lines.map((l) => l.text).join('\n') + '\n');
  }
  const groundTruth = join(dir, 'ground-truth.json');
  writeFileSync(groundTruth, JSON.stringify(s.truth, null, 2) + '\n');
  return { files, groundTruth };
}
