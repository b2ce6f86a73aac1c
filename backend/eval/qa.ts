// Exact-answers evaluation: asks every question of a QA file (backend/eval/qa/*.jsonl, made by
// eval/qa/generate.ts from ground truth) through the same ask path as POST /api/v1/ask, over all 16
// LogHub-2k logs (one stream each, job=<Name>) plus the demo incident (job=<service>, env=demo),
// with no label filter, and scores per kind:
//   exact           the structured `result` equals the expected answer (rules in eval/qa/README.md)
//   hit             at least one citation is an expected line (same stream, same raw text)
//   first sentence  the answer text's first sentence states the expected value
// plus latency p50/p95. The test split is held out: read it, never tune on it.
//
//   npm run eval -- --qa backend/eval/qa/dev.jsonl [--out FILE]
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.js';
import type { AskResponse } from '../src/answer/ask.js';
import { loadConfig } from '../src/config/load.js';
import { SERVICES, writeScenario } from '../src/demo/scenario.js';
import { readLogFile } from '../src/ingest/file.js';
import { createLogger } from '../src/telemetry/logger.js';
import { machine, stats, table } from '../../bench/lib.js';
import { defaultLoghubDir, LOGHUB_DATASETS, loghubAvailable } from './templates-data.js';
import { KINDS, type Answer, type Kind, type QaRow } from './qa/generate.js';

const BACKEND_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TENANT = 'default';
/** Relative tolerance of number answers: generous for float sums, far below any real difference. */
const NUMBER_RTOL = 1e-6;
/** Float noise allowed when checking that a displayed number is the answer rounded. */
const ROUNDING_SLACK = 1e-9;

/** A row of the question files: the generator's type, so the runner reads exactly what it writes. */
export type QaQuestion = QaRow;
type Expected = Answer;
const KIND_ORDER: readonly Kind[] = KINDS;

/** The structured result the ask response carries (optional: absent means "not exact"). */
export interface QaResult {
  intent: 'lookup' | 'count' | 'sum' | 'min' | 'max' | 'avg' | 'topk' | 'first' | 'last' | 'rate';
  value: number | string | null;
  unit?: string;
  at?: string;
  top?: { key: string; value: number }[];
  partial?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Answer comparison

/** Factors to a base unit; a pair converts only within one family (time or size). */
const TIME_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, sec: 1, secs: 1, second: 1, seconds: 1, min: 60, m: 60, h: 3600, hr: 3600 };
/** KB/MB/GB as the logs here write them (Spark, Proxifier): powers of 1024. kB is decimal. */
const SIZE_UNITS: Record<string, number> = { b: 1, byte: 1, bytes: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3 };

function unitFactor(unit: string): { family: 'time' | 'size'; f: number } | undefined {
  const u = unit.trim();
  if (u === 'kB') return { family: 'size', f: 1000 };
  if (TIME_UNITS[u] !== undefined) return { family: 'time', f: TIME_UNITS[u] };
  if (SIZE_UNITS[u.toLowerCase()] !== undefined) return { family: 'size', f: SIZE_UNITS[u.toLowerCase()] };
  return undefined;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?[\d,]*\.?\d+(e[+-]?\d+)?\s*$/i.test(v)) return Number(v.replace(/,/g, ''));
  return undefined;
}

export function numbersEqual(got: number, gotUnit: string | undefined, want: number, wantUnit: string | undefined): boolean {
  let g = got;
  if (gotUnit && wantUnit && gotUnit !== wantUnit) {
    const a = unitFactor(gotUnit);
    const b = unitFactor(wantUnit);
    if (!a || !b || a.family !== b.family) return false;
    g = (got * a.f) / b.f;
  }
  return Math.abs(g - want) <= NUMBER_RTOL * Math.max(1, Math.abs(want));
}

/** Case, surrounding whitespace, quotes, brackets, slashes and punctuation do not count. */
export function normSpan(s: string): string {
  return s
    .trim()
    .replace(/^[\s"'`.,;:!?()[\]{}<>/]+|[\s"'`.,;:!?()[\]{}<>/]+$/g, '')
    .toLowerCase();
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** An RFC3339 time (any fraction length) as MM-DD HH:MM:SS in UTC. */
export function wallClock(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const trimmed = v.trim().replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms);
  return `${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

export function exactMatch(want: Expected, got: QaResult | undefined): boolean {
  if (!got) return false;
  switch (want.type) {
    case 'number': {
      const n = asNumber(got.value);
      return n !== undefined && numbersEqual(n, got.unit, want.value, want.unit);
    }
    case 'span': {
      const w = normSpan(want.value);
      const candidates = [got.value, got.top?.[0]?.key].filter((v): v is string | number => v !== null && v !== undefined);
      return candidates.some((c) => normSpan(String(c)) === w);
    }
    case 'time':
      return wallClock(got.at ?? got.value) === want.value;
  }
}

/** Text up to the first sentence end (a . ! ? followed by a space or the end) or line break. */
export function firstSentence(text: string): string {
  const m = /[.!?](?=\s|$)|\n/.exec(text);
  return m ? text.slice(0, m.index + 1) : text;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function statesValue(sentence: string, want: Expected): boolean {
  switch (want.type) {
    case 'number': {
      const forms = new Set([String(want.value), want.value.toLocaleString('en-US', { maximumFractionDigits: 20 })]);
      // Not part of a longer number: 12 is not stated by "127" or "3.12".
      if ([...forms].some((f) => new RegExp(`(?<![\\d.,])${escapeRe(f)}(?![\\d]|[.,]\\d)`).test(sentence))) return true;
      // A rounded display states it too, to the precision it shows: "0.376" for 0.37551183.
      for (const m of sentence.matchAll(/(?<![\w.,])(-?\d{1,3}(?:,\d{3})+|-?\d+)\.(\d+)(?![\w]|[.,]\d)/g)) {
        const t = Number(`${m[1].replace(/,/g, '')}.${m[2]}`);
        if (Math.abs(t - want.value) <= 0.5 * 10 ** -m[2].length + ROUNDING_SLACK) return true;
      }
      return false;
    }
    case 'span':
      return sentence.toLowerCase().includes(normSpan(want.value));
    case 'time':
      // The clock time is what a sentence states; dates are written too many ways to demand one.
      return sentence.includes(want.value.slice(6));
  }
}

// ---------------------------------------------------------------------------------------------
// Harness

/** A path as typed: relative to the caller's directory (npm sets INIT_CWD), else backend/ or the repo root. */
function resolveInput(p: string): string {
  const bases = [process.env.INIT_CWD, process.cwd(), BACKEND_DIR, resolve(BACKEND_DIR, '..')].filter((b): b is string => !!b);
  for (const b of bases) {
    const full = resolve(b, p);
    if (existsSync(full)) return full;
  }
  throw new Error(`QA file not found: ${p} (looked relative to ${bases.join(', ')})`);
}

export function loadQuestions(path: string): QaQuestion[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const q = JSON.parse(l) as QaQuestion;
      if (!q.id || !q.question || !q.kind || !q.answer || !Array.isArray(q.expected_lines)) throw new Error(`${path}:${i + 1}: not a QA row`);
      return q;
    });
}

export interface PerQuestion {
  id: string;
  split: string;
  kind: Kind;
  dataset: string;
  question: string;
  expected: Expected;
  got: QaResult | null;
  exact: boolean;
  hit: boolean;
  firstSentence: boolean;
  intentMatches: boolean;
  answerFirstSentence: string;
  answerMode: string;
  cited: { job: string | undefined; line: string; expected: boolean }[];
  latencyMs: number;
  plan?: unknown;
}

export interface QaReport {
  machine: string;
  file: string;
  corpus: { lines: number; chunks: number; streams: number };
  ingestMs: number;
  indexWaitMs: number;
  perQuestion: PerQuestion[];
}

/** Builds the store (16 LogHub logs + demo), asks every question, scores it. */
export async function runQa(questions: QaQuestion[], file: string): Promise<QaReport> {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-qa-'));
  const app = createApp(loadConfig({}, { dataDir: dir, auth: { disabled: true } }), { logger: createLogger('warn'), processMetrics: false });
  try {
    // Raw text of every line by stream, to match a citation against the expected LineIds.
    const rawLines = new Map<string, string[]>();
    const ingest = async (path: string, labels: Record<string, string>) => {
      await readLogFile(path, { tenant: TENANT, labels }, (b) => {
        app.pipeline.ingest('file', b, { final: false });
      });
      app.pipeline.chunkPending(true);
      const lines = readFileSync(path, 'utf8').split(/\r?\n/);
      if (lines[lines.length - 1] === '') lines.pop();
      rawLines.set(labels.job, lines);
    };
    const tIngest = performance.now();
    // LOGLENS_QA_ONLY=HPC,Windows: only these logs (and their questions), for a quick debugging loop; never for reported scores.
    const only = process.env.LOGLENS_QA_ONLY?.split(',').filter(Boolean);
    if (only) questions = questions.filter((q) => only.includes(q.file ? 'demo' : q.dataset));
    for (const name of LOGHUB_DATASETS) if (!only || only.includes(name)) await ingest(join(defaultLoghubDir(), name, `${name}_2k.log`), { job: name });
    // Labelled as the demo CLI labels them (src/cli/main.ts `demo`).
    const { files } = writeScenario(join(dir, 'demo-scenario'));
    if (!only || only.includes('demo')) for (const s of SERVICES) await ingest(files[s], { job: basename(files[s], '.log'), env: 'demo' });
    const ingestMs = performance.now() - tIngest;
    const tIndex = performance.now();
    await app.vectors?.idle();
    const indexWaitMs = performance.now() - tIndex;

    const perQuestion: PerQuestion[] = [];
    for (const q of questions) {
      const stream = q.file ?? q.dataset;
      const lines = rawLines.get(stream);
      if (!lines) throw new Error(`${q.id}: no stream job=${stream} was ingested`);
      const expectedText = new Set(q.expected_lines.map((n) => lines[n - 1]));
      const window = q.window ? { startNs: BigInt(Date.parse(q.window.start)) * 1_000_000n, endNs: BigInt(Date.parse(q.window.end)) * 1_000_000n } : undefined;
      const t = performance.now();
      const r = await app.ask.ask({ tenant: TENANT, question: q.question, ...(window ? { window } : {}) });
      const latencyMs = performance.now() - t;
      perQuestion.push(scoreAnswer(q, r, expectedText, latencyMs));
    }
    const counts = app.store.counts();
    return {
      machine: machine(),
      file,
      corpus: { lines: counts.entries, chunks: counts.chunks, streams: counts.streams },
      ingestMs,
      indexWaitMs,
      perQuestion,
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One answer scored against its question (`expectedText`: the raw text of its expected lines). */
export function scoreAnswer(q: QaQuestion, r: AskResponse, expectedText: ReadonlySet<string>, latencyMs: number): PerQuestion {
  const stream = q.file ?? q.dataset;
  // `result` is the planner's structured answer; coded against its contract before it lands.
  const got = (r as AskResponse & { result?: QaResult }).result;
  const cited = r.citations.map((c) => {
    const job = c.labels.job;
    return { job, line: c.line, expected: job === stream && expectedText.has(c.line) };
  });
  const sentence = firstSentence(r.answer.text);
  return {
    id: q.id,
    split: q.split,
    kind: q.kind,
    dataset: stream,
    question: q.question,
    expected: q.answer,
    got: got ?? null,
    exact: exactMatch(q.answer, got),
    hit: cited.some((c) => c.expected),
    firstSentence: statesValue(sentence, q.answer),
    intentMatches: got?.intent === q.kind,
    answerFirstSentence: sentence,
    answerMode: r.answer.mode,
    // the planner's reading, for debugging a miss (route, reason, filters, targets, slot)
    plan: summarizePlan((r as { plan?: unknown }).plan),
    cited,
    latencyMs,
  };
}

export function summaryTable(rows: PerQuestion[]): string {
  const share = (xs: PerQuestion[], f: (p: PerQuestion) => boolean) => (xs.length ? xs.filter(f).length / xs.length : NaN);
  const line = (label: string, xs: PerQuestion[]): (string | number)[] => {
    const s = stats(xs.map((p) => p.latencyMs));
    return [label, String(xs.length), share(xs, (p) => p.exact), share(xs, (p) => p.hit), share(xs, (p) => p.firstSentence), share(xs, (p) => p.intentMatches), s.p50, s.p95];
  };
  const body = KIND_ORDER.filter((k) => rows.some((r) => r.kind === k)).map((k) =>
    line(
      k,
      rows.filter((r) => r.kind === k),
    ),
  );
  body.push(line('**overall**', rows));
  return table(['kind', 'n', 'exact', 'hit', 'first sentence', 'intent', 'p50 ms', 'p95 ms'], body);
}

function summarizePlan(p: unknown): unknown {
  if (!p || typeof p !== 'object') return null;
  const { route, reason, filters, targets, slot } = p as { route?: string; reason?: string; filters?: unknown; targets?: { template: string; score: number }[]; slot?: unknown };
  return { route, reason, filters, slot, targets: (targets ?? []).slice(0, 6).map((t) => `${t.score.toFixed(3)} ${t.template.slice(0, 120)}`) };
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { values: args } = parseArgs({
    args: argv,
    options: { qa: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, 'opensearch-url': { type: 'string' } },
    strict: true,
  });
  if (!args.qa || (args.backend !== undefined && args.backend !== 'embedded' && args.backend !== 'opensearch')) {
    console.error('usage: npm run eval -- --qa backend/eval/qa/test.jsonl [--out FILE] [--backend opensearch [--opensearch-url URL]]');
    process.exit(2);
  }
  if (!loghubAvailable()) {
    console.error(`LogHub-2k not found at ${defaultLoghubDir()} (the team material ../shared beside the repository): nothing to evaluate`);
    process.exit(2);
  }
  const file = resolveInput(args.qa);
  const questions = loadQuestions(file);
  const t0 = performance.now();
  const report = await runQa(questions, file);
  const wallS = (performance.now() - t0) / 1000;
  const pq = report.perQuestion;
  console.log(
    `\nExact answers on LogHub-2k + demo (${report.corpus.lines} lines, ${report.corpus.chunks} chunks, ${pq.length} questions from ${file}, no label filter) on ${report.machine}`,
  );
  console.log(`ingest ${(report.ingestMs / 1000).toFixed(1)} s, index wait ${(report.indexWaitMs / 1000).toFixed(1)} s, total ${wallS.toFixed(1)} s`);
  const missing = pq.filter((p) => p.got === null).length;
  if (missing) console.log(`${missing}/${pq.length} answers carry no structured \`result\`: counted as not exact`);
  // Test first and loudly: it is the number to report, and the split nobody may tune on.
  for (const split of ['test', 'dev'] as const) {
    const rows = pq.filter((p) => p.split === split);
    if (!rows.length) continue;
    console.log(
      split === 'test'
        ? `\n==================== TEST split (${rows.length} questions): held out, report it, never tune on it ====================\n`
        : `\n-------------------- dev split (${rows.length} questions): for development --------------------\n`,
    );
    console.log(summaryTable(rows));
  }
  // --backend opensearch: the same questions asked on OpenSearch after the embedded run (eval/qa-backend.ts).
  const onBackend = args.backend === 'opensearch' ? await (await import('./qa-backend.js')).compareOnOpenSearch(questions, pq, { url: args['opensearch-url'] }) : undefined;
  if (args.out) {
    const path = resolve(process.env.INIT_CWD ?? process.cwd(), args.out);
    writeFileSync(path, JSON.stringify({ ...report, wallS, ...(onBackend ? { backends: onBackend } : {}) }, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
    console.log(`\nper-question JSON: ${path}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
