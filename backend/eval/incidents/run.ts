// The incidents evaluation: each scenario of eval/incidents/ in its own tenant of one sidecar
// (lines pushed with the times an agent would stamp, labels job=<service>, env=incident), its three
// questions asked through the same ask path as POST /api/v1/ask with the dashboard window, and per
// question:
//   rank            the citation number of the first citation showing the cause (a cause line of
//                   the ground truth); "-" when none is cited
//   first sentence  the answer's first sentence names the cause's service and the changed value
//   herring first   citation [1] is a planted red herring (presented as the cause)
//   latency         the ask's wall time
// Tuned and held-out scenarios are reported apart (eval/incidents/README.md).
//
//   npm run eval -- --incidents [--group tuned|held-out|all] [--verbose] [--out FILE]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../../src/app.js';
import type { AskResponse } from '../../src/answer/ask.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/telemetry/logger.js';
import type { LogEntry } from '../../src/types.js';
import { machine, stats, table } from '../../../bench/lib.js';
import { firstSentence } from '../qa.js';
import { groupOf, HELD_OUT, INCIDENTS, TUNED, type IncidentScenario, type IncidentTruth, type LineMatch } from './index.js';

/** Lines pushed per ingest call: the size of a busy agent's batch. */
const PUSH_BATCH = 5000;
/** The goal: a cause citation within the first this many citation numbers. */
export const GOAL_RANK = 3;

export interface IncidentRow {
  scenario: string;
  group: 'tuned' | 'held-out';
  question: string;
  phrasing: string;
  /** Citation number of the first cause citation; null when none. */
  rank: number | null;
  firstSentenceNamesCause: boolean;
  /** Citation [1] is a planted red herring. */
  herringFirst: boolean;
  answerFirstSentence: string;
  latencyMs: number;
  cited: { n: number; job: string | undefined; line: string; cause: boolean }[];
  answer: string;
}

const matches = (m: LineMatch, job: string | undefined, line: string) => m.job === job && new RegExp(m.pattern).test(line);

/** Whether a sentence names one of the cause's services and its changed value. */
export function namesCause(sentence: string, t: IncidentTruth): boolean {
  const s = sentence.toLowerCase();
  const service = t.cause.services.some((name) => new RegExp(`(?<![\\w-])${name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`).test(s));
  return service && new RegExp(t.cause.value, 'i').test(sentence);
}

export function scoreAnswer(t: IncidentTruth, r: Pick<AskResponse, 'answer' | 'citations'>): Pick<IncidentRow, 'rank' | 'firstSentenceNamesCause' | 'herringFirst' | 'answerFirstSentence' | 'cited'> {
  const cited = r.citations.map((c) => ({ n: c.n, job: c.labels.job, line: c.line, cause: t.cause.lines.some((m) => matches(m, c.labels.job, c.line)) }));
  const ranks = cited.filter((c) => c.cause).map((c) => c.n);
  const first = r.citations.filter((c) => c.n === 1);
  const sentence = firstSentence(r.answer.text);
  return {
    rank: ranks.length ? Math.min(...ranks) : null,
    firstSentenceNamesCause: namesCause(sentence, t),
    herringFirst: first.length > 0 && first.every((c) => t.redHerrings.some((h) => matches(h, c.labels.job, c.line))),
    answerFirstSentence: sentence,
    cited,
  };
}

function ns(iso: string): bigint {
  return BigInt(Date.parse(iso)) * 1_000_000n;
}

export interface IncidentReport {
  machine: string;
  ingestMs: number;
  rows: IncidentRow[];
}

/** One sidecar, one tenant per scenario; every question of every scenario asked with its window. */
export async function runIncidents(scenarios: readonly IncidentScenario[], opts: { vectors?: boolean } = {}): Promise<IncidentReport> {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-incidents-'));
  const app = createApp(loadConfig({}, { dataDir: dir, auth: { disabled: true }, ...(opts.vectors === false ? { embedding: { enabled: false } } : {}) }), {
    logger: createLogger('warn'),
    processMetrics: false,
  });
  try {
    const t0 = performance.now();
    for (const s of scenarios) {
      for (const [job, lines] of Object.entries(s.generate())) {
        const labels = { job, env: 'incident' };
        for (let i = 0; i < lines.length; i += PUSH_BATCH) {
          const batch: LogEntry[] = lines.slice(i, i + PUSH_BATCH).map((l) => ({ tenant: s.truth.id, labels, tsNs: BigInt(l.t) * 1_000_000n, line: l.text }));
          app.pipeline.ingest('push', batch, { final: false });
        }
      }
      app.pipeline.chunkPending(true);
    }
    await app.vectors?.idle();
    const ingestMs = performance.now() - t0;
    const rows: IncidentRow[] = [];
    for (const s of scenarios) {
      for (const q of s.truth.questions) {
        const t = performance.now();
        const r = await app.ask.ask({ tenant: s.truth.id, question: q.question, window: { startNs: ns(q.window.start), endNs: ns(q.window.end) }, limit: 8 });
        const latencyMs = performance.now() - t;
        rows.push({ scenario: s.truth.id, group: groupOf(s.truth.id), question: q.question, phrasing: q.phrasing, latencyMs, answer: r.answer.text, ...scoreAnswer(s.truth, r) });
      }
    }
    return { machine: machine(), ingestMs, rows };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function incidentsTable(rows: readonly IncidentRow[]): string {
  const body = rows.map((r) => [
    r.scenario,
    r.question,
    r.rank === null ? '-' : String(r.rank),
    r.rank !== null && r.rank <= GOAL_RANK ? 'yes' : 'no',
    r.firstSentenceNamesCause ? 'yes' : 'no',
    r.herringFirst ? 'YES' : 'no',
    Math.round(r.latencyMs),
  ]);
  const s = stats(rows.map((r) => r.latencyMs));
  const top = rows.filter((r) => r.rank !== null && r.rank <= GOAL_RANK).length;
  const named = rows.filter((r) => r.firstSentenceNamesCause).length;
  body.push(['**all**', `${rows.length} questions`, '', `${top}/${rows.length}`, `${named}/${rows.length}`, `${rows.filter((r) => r.herringFirst).length}`, `p50 ${Math.round(s.p50)} / p95 ${Math.round(s.p95)}`]);
  return table(['scenario', 'question', 'rank of cause', `top ${GOAL_RANK}`, 'first sentence names it', 'herring at [1]', 'latency ms'], body);
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { values: args } = parseArgs({
    args: argv,
    options: { incidents: { type: 'boolean' }, group: { type: 'string', default: 'all' }, verbose: { type: 'boolean' }, out: { type: 'string' }, 'no-vectors': { type: 'boolean' } },
    strict: true,
  });
  const scenarios = args.group === 'tuned' ? TUNED : args.group === 'held-out' ? HELD_OUT : args.group === 'all' ? INCIDENTS : undefined;
  if (!scenarios) {
    console.error('usage: npm run eval -- --incidents [--group tuned|held-out|all] [--verbose] [--no-vectors] [--out FILE]');
    process.exit(2);
  }
  const report = await runIncidents(scenarios, { vectors: !args['no-vectors'] });
  console.log(`\n"What changed" on ${scenarios.length} incident scenarios (${report.rows.length} questions, dashboard windows) on ${report.machine}; ingest ${(report.ingestMs / 1000).toFixed(1)} s`);
  for (const group of ['tuned', 'held-out'] as const) {
    const rows = report.rows.filter((r) => r.group === group);
    if (!rows.length) continue;
    console.log(group === 'tuned' ? '\n-------------------- tuned scenarios --------------------\n' : '\n==================== held-out scenarios (never tuned on) ====================\n');
    console.log(incidentsTable(rows));
  }
  if (args.verbose) {
    for (const r of report.rows) {
      console.log(`\n### ${r.scenario}: ${r.question}\n${r.answer}\n${r.cited.map((c) => `  [${c.n}]${c.cause ? '*' : ' '} ${c.job}: ${c.line.slice(0, 160)}`).join('\n')}`);
    }
  }
  if (args.out) {
    const path = resolve(process.env.INIT_CWD ?? process.cwd(), args.out);
    writeFileSync(path, JSON.stringify(report, null, 2) + '\n');
    console.log(`\nper-question JSON: ${path}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
