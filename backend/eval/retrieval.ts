// Retrieval evaluation over LogHub-2k (definitions in ../shared/README.md): all 16 logs in one
// store, one stream each (job=<Name>), every question asked without a label filter, scored per
// method: BM25 only, vector only, hybrid (RRF), hybrid + cross-encoder re-rank. A chunk is
// relevant when it holds a line of the question's dataset whose ground-truth EventId is listed.
//
//   npm run eval -- --questions ../shared/eval/loghub-questions.jsonl [--out FILE]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { readLogFile } from '../src/ingest/file.js';
import type { RetrievalMethod } from '../src/retrieve/retriever.js';
import { createLogger } from '../src/telemetry/logger.js';
import { machine, stats, table, writeResult } from '../../bench/lib.js';
import { defaultLoghubDir, LOGHUB_DATASETS, loadDataset, loghubAvailable } from './templates-data.js';

export const DEFAULT_QUESTIONS = resolve(defaultLoghubDir(), '..', '..', 'eval', 'loghub-questions.jsonl');

export interface Question {
  id: string;
  dataset: string;
  question: string;
  relevant_event_ids: string[];
}

/** Ranks scored: MRR@10 looks at the first 10. */
const DEPTH = 10;

export interface MethodResult {
  method: string;
  available: boolean;
  reason?: string;
  hit1?: number;
  hit5?: number;
  mrr10?: number;
  p50Ms?: number;
  p95Ms?: number;
  perQuestion?: { id: string; rank: number | null }[];
}

/** Hit@1, Hit@5 and MRR@10 of a method from each question's first relevant rank (1-based; null: none in the first DEPTH), with its latencies. */
export function methodResult(method: string, perQuestion: { id: string; rank: number | null }[], latencies: number[]): MethodResult {
  const n = perQuestion.length;
  const share = (f: (rank: number) => number) => perQuestion.reduce((a, q) => a + (q.rank === null ? 0 : f(q.rank)), 0) / n;
  const s = stats(latencies);
  return { method, available: true, hit1: share((r) => (r === 1 ? 1 : 0)), hit5: share((r) => (r <= 5 ? 1 : 0)), mrr10: share((r) => 1 / r), p50Ms: s.p50, p95Ms: s.p95, perQuestion };
}

/** Runs every method over the questions file; the caller prints or asserts. */
export function readQuestions(path: string): Question[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const q = JSON.parse(l) as Question;
      if (!q.dataset || !q.question || !Array.isArray(q.relevant_event_ids)) throw new Error(`${path}:${i + 1}: not a question`);
      return q;
    });
}

export async function evaluate(questionsPath: string, repeats: number): Promise<{ results: MethodResult[]; summary: Record<string, unknown> }> {
  const args = { questions: questionsPath };
  const questions = readQuestions(args.questions);
  const dir = mkdtempSync(join(tmpdir(), 'loglens-eval-'));
  const app = createApp(loadConfig({}, { dataDir: dir, auth: { disabled: true } }), { logger: createLogger('warn'), processMetrics: false });
  const tIngest = performance.now();
  // Ground truth per stored entry: entries of a file are stored in line order, so the i-th entry
  // id of a dataset's stream is line i+1 of the structured CSV.
  const eventOf = new Map<number, { dataset: string; eventId: string }>();
  for (const name of LOGHUB_DATASETS) {
    await readLogFile(join(defaultLoghubDir(), name, `${name}_2k.log`), { tenant: 'default', labels: { job: name } }, (b) => {
      app.pipeline.ingest('file', b, { final: false });
    });
    app.pipeline.chunkPending(true);
    const truth = loadDataset(name);
    const ids = app.store.db
      .prepare('SELECT e.id FROM entries e JOIN streams s ON s.id = e.stream_id WHERE s.labels_key = ? ORDER BY e.id')
      .pluck()
      .all(`{job=${JSON.stringify(name)}}`) as number[];
    if (ids.length !== truth.length) throw new Error(`${name}: ${ids.length} entries stored, ${truth.length} labelled lines`);
    ids.forEach((id, i) => eventOf.set(id, { dataset: name, eventId: truth[i].eventId }));
  }
  const ingestMs = performance.now() - tIngest;
  const tIndex = performance.now();
  await app.vectors?.idle();
  const indexMs = performance.now() - tIndex;
  const chunkEntries = app.store.db.prepare('SELECT id FROM entries WHERE chunk_id = ?').pluck();
  const relevantCache = new Map<string, boolean>();
  const isRelevant = (q: Question, chunkId: number): boolean => {
    const key = `${q.id}|${chunkId}`;
    let r = relevantCache.get(key);
    if (r === undefined) {
      r = (chunkEntries.all(chunkId) as number[]).some((id) => {
        const e = eventOf.get(id);
        return e !== undefined && e.dataset === q.dataset && q.relevant_event_ids.includes(e.eventId);
      });
      relevantCache.set(key, r);
    }
    return r;
  };

  const methods: { name: string; method: RetrievalMethod; rerank: boolean }[] = [
    { name: 'BM25 only', method: 'bm25', rerank: false },
    { name: 'vector only', method: 'vector', rerank: false },
    { name: 'hybrid (RRF)', method: 'hybrid', rerank: false },
    { name: 'hybrid + re-rank', method: 'hybrid', rerank: true },
  ];
  const results: MethodResult[] = [];
  for (const m of methods) {
    const probe = await app.retriever.retrieve({ tenant: 'default', question: 'probe', limit: DEPTH, method: m.method, rerank: m.rerank });
    if (m.method !== 'bm25' && probe.mode !== m.method) {
      results.push({ method: m.name, available: false, reason: `vector index not serving (mode ${probe.mode})` });
      continue;
    }
    if (m.rerank && !probe.reranked) {
      results.push({ method: m.name, available: false, reason: 'no cross-encoder model configured (rerank.enabled=false)' });
      continue;
    }
    const latencies: number[] = [];
    const perQuestion: { id: string; rank: number | null }[] = [];
    for (const q of questions) {
      const req = { tenant: 'default', question: q.question, limit: DEPTH, method: m.method, rerank: m.rerank };
      let r = await app.retriever.retrieve(req);
      for (let i = 0; i < repeats; i++) {
        const t = performance.now();
        r = await app.retriever.retrieve(req);
        latencies.push(performance.now() - t);
      }
      const ranked = r.candidates.slice(0, DEPTH).map((c) => c.chunkId);
      const idx = ranked.findIndex((id) => isRelevant(q, id));
      perQuestion.push({ id: q.id, rank: idx < 0 ? null : idx + 1 });
    }
    results.push(methodResult(m.name, perQuestion, latencies));
  }
  const counts = app.store.counts();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    results,
    summary: {
      questions: args.questions,
      questionCount: questions.length,
      corpus: { lines: counts.entries, chunks: counts.chunks, streams: counts.streams },
      ingestMs,
      indexWaitMs: indexMs,
    },
  };
}

async function main(): Promise<void> {
  // `npm run eval -- --qa FILE` runs the exact-answers set instead (eval/qa.ts).
  if (process.argv.includes('--qa')) return (await import('./qa.js')).main(process.argv.slice(2));
  // `npm run eval -- --incidents` runs the "what changed" incident scenarios (eval/incidents/run.ts).
  if (process.argv.includes('--incidents')) return (await import('./incidents/run.js')).main(process.argv.slice(2));
  const { values: args } = parseArgs({
    options: {
      questions: { type: 'string', default: DEFAULT_QUESTIONS },
      out: { type: 'string' },
      // Each question is timed this many times per method (after one warm-up) for stable latencies.
      repeats: { type: 'string', default: '5' },
      // `--backend opensearch`: the same questions also through the OpenSearch backend
      // (ask-backend/retriever.ts), its table after the embedded one (eval/retrieval-backend.ts).
      backend: { type: 'string', default: 'embedded' },
      // An existing cluster for --backend opensearch; else a single node from LOGLENS_OPENSEARCH_HOME.
      'opensearch-url': { type: 'string' },
    },
  });
  if (args.backend !== 'embedded' && args.backend !== 'opensearch') {
    console.error(`--backend: embedded or opensearch, not ${args.backend}`);
    process.exit(2);
  }
  if (!loghubAvailable()) {
    console.error(`LogHub-2k not found at ${defaultLoghubDir()}: nothing to evaluate`);
    process.exit(2);
  }
  // npm runs workspace scripts in backend/: a relative path means the caller's directory (INIT_CWD).
  const questions = resolve(process.env.INIT_CWD ?? process.cwd(), args.questions!);
  const { results, summary } = await evaluate(questions, Math.max(1, Number(args.repeats)));
  const corpus = summary.corpus as { lines: number; chunks: number };
  const out: Record<string, unknown> = { machine: machine(), ...summary, results };
  console.log(`\nRetrieval on LogHub-2k (${corpus.lines} lines, ${corpus.chunks} chunks, ${summary.questionCount} questions, no label filter) on ${out.machine}\n`);
  console.log(resultTable(results));
  if (args.backend === 'opensearch') {
    const { evaluateOpenSearch, rankDifferences } = await import('./retrieval-backend.js');
    const os = await evaluateOpenSearch(readQuestions(questions), { url: args['opensearch-url'], repeats: Math.max(1, Number(args.repeats)) });
    const c = os.summary.corpus as { lines: number; chunks: number };
    console.log(`\nThe same through the OpenSearch backend (${os.summary.url}; ${c.lines} lines, ${c.chunks} chunks written by derive.ts, ingest ${Math.round(os.summary.ingestMs as number)} ms)\n`);
    console.log(resultTable(os.results));
    console.log(`\nThe same writes (derive.ts) into the embedded backend (EmbeddedBackend: FTS5 BM25, exact faiss), asked the same way:\n`);
    console.log(resultTable(os.sameWritesEmbedded));
    const diff = rankDifferences(results, os.results);
    const print = (d: ReturnType<typeof rankDifferences>) => d.map((x) => `  ${x.method}: ${x.id} ${x.embedded ?? '-'} -> ${x.opensearch ?? '-'}`).join('\n') || '  none';
    console.log(`\nQuestions ranked differently (embedded path -> opensearch, first relevant rank, - = none in 10):\n${print(diff)}`);
    const engines = rankDifferences(os.sameWritesEmbedded, os.results);
    console.log(`\nThe same writes, embedded backend -> opensearch:\n${print(engines)}`);
    out.opensearch = { ...os.summary, results: os.results, differences: diff, sameWritesEmbedded: os.sameWritesEmbedded, engineDifferences: engines };
  }
  let path: string;
  if (args.out) {
    path = resolve(args.out);
    writeFileSync(path, JSON.stringify(out, null, 2) + '\n');
  } else path = writeResult('eval-retrieval', out);
  console.log(`\nJSON: ${path}`);
}

function resultTable(results: MethodResult[]): string {
  return table(
    ['method', 'Hit@1', 'Hit@5', 'MRR@10', 'p50 ms', 'p95 ms'],
    results.map((r) =>
      r.available
        ? [r.method as string, r.hit1 as number, r.hit5 as number, r.mrr10 as number, r.p50Ms as number, r.p95Ms as number]
        : [r.method as string, 'n/a', 'n/a', 'n/a', `(${r.reason})`, ''],
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
