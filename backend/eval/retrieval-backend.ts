// The LogHub retrieval eval through a LogBackend (issue #20): LogHub-2k written into OpenSearch as a
// follower writes it (backend/derive.ts FollowDeriver: templates, values, chunks and template-mean
// vectors; LogBackend.write), every question asked through ask-backend/retriever.ts, scored as
// retrieval.ts scores the embedded path (a chunk is relevant when it holds a line of the question's
// dataset whose EventId is listed; hit@1, hit@5, MRR@10 over the first 10).
//
// The cluster: --opensearch-url, or a single node started here from the installed OpenSearch
// (LOGLENS_OPENSEARCH_HOME, as the tests start theirs; stopped at the end).
import { join } from 'node:path';
import { buildEmbedder } from '../src/app.js';
import { BackendRetriever } from '../src/ask-backend/retriever.js';
import { FollowDeriver } from '../src/backend/derive.js';
import { EmbeddedBackend, embeddedBackendMigration } from '../src/backend/embedded.js';
import { BACKEND_WRITE_SLICE } from '../src/backend/ingest.js';
import type { LogBackend } from '../src/backend/types.js';
import { loadConfig } from '../src/config/load.js';
import { MINILM_DIM } from '../src/embed/index.js';
import { loadFaiss } from '../src/index/faiss.js';
import { readLogFile } from '../src/ingest/file.js';
import { OpenSearchBackend } from '../src/opensearch/backend.js';
import type { RetrievalMethod } from '../src/retrieve/retriever.js';
import { Store } from '../src/store/store.js';
import { templatesMigration } from '../src/templates/index.js';
import { valuesKeysMigration, valuesMigration } from '../src/values/migration.js';
import type { LogEntry } from '../src/types.js';
import { startOpenSearch, type OpenSearchCluster } from '../testkit/opensearch.js';
import { methodResult, type MethodResult, type Question } from './retrieval.js';
import { defaultLoghubDir, LOGHUB_DATASETS, loadDataset } from './templates-data.js';

const DEPTH = 10;
const TENANT = 'default';


export interface BackendEvalOptions {
  /** An existing cluster; else a single node is started from LOGLENS_OPENSEARCH_HOME. */
  url?: string;
  repeats: number;
}

export interface BackendEvalResult {
  results: MethodResult[];
  /**
   * The same writes (derive.ts's batches) into the embedded backend (EmbeddedBackend, in memory),
   * asked the same way: what separates the engines (BM25 scoring, k-NN) from what separates the
   * ingest paths (derive.ts's templates and vectors against the embedded pipeline's).
   */
  sameWritesEmbedded: MethodResult[];
  summary: Record<string, unknown>;
}

/** Retrieval through the OpenSearch backend over LogHub-2k: per method, as evaluate() reports the embedded path. */
export async function evaluateOpenSearch(questions: Question[], o: BackendEvalOptions): Promise<BackendEvalResult> {
  let cluster: OpenSearchCluster | undefined;
  if (!o.url) cluster = await startOpenSearch({ nodes: 1 });
  const url = o.url ?? cluster!.url;
  const prefix = `loglens_eval_${process.pid}`;
  const config = loadConfig({}, { auth: { disabled: true } });
  const embedder = buildEmbedder(config);
  let backend: OpenSearchBackend | undefined;
  const store = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration, valuesKeysMigration, embeddedBackendMigration] });
  const local = new EmbeddedBackend(store, { dim: MINILM_DIM, faiss: loadFaiss() });
  try {
    backend = await OpenSearchBackend.open({ nodes: [url], dim: MINILM_DIM, prefix, replicas: 0, requestTimeoutMs: 120_000 });
    const deriver = new FollowDeriver({
      chunking: { maxTokens: config.chunking.maxTokens, maxGapNs: BigInt(Math.round(config.chunking.maxGapSeconds * 1e9)) },
      embedder,
    });
    // Ground truth by (dataset, line): identical lines of a dataset carry one EventId.
    const truthOf = new Map<string, Set<string>>();
    const tIngest = performance.now();
    let lines = 0;
    for (const name of LOGHUB_DATASETS) {
      const entries: LogEntry[] = [];
      await readLogFile(join(defaultLoghubDir(), name, `${name}_2k.log`), { tenant: TENANT, labels: { job: name } }, (b) => void entries.push(...b));
      const truth = loadDataset(name);
      if (entries.length !== truth.length) throw new Error(`${name}: ${entries.length} entries read, ${truth.length} labelled lines`);
      entries.forEach((e, i) => {
        const key = `${name}\0${e.line}`;
        if (!truthOf.has(key)) truthOf.set(key, new Set());
        truthOf.get(key)!.add(truth[i]!.eventId);
      });
      // One file is one page, as a follower catching up reads it: chunks are final per page.
      for (const batch of await deriver.batches(entries, BACKEND_WRITE_SLICE)) {
        await backend.write(batch);
        await local.write(batch);
      }
      lines += entries.length;
    }
    await backend.flush();
    const ingestMs = performance.now() - tIngest;
    const results = await score(backend, questions, truthOf, embedder, config, o.repeats);
    const sameWritesEmbedded = await score(local, questions, truthOf, embedder, config, o.repeats);
    const chunks = deriver.stats().chunks;
    return { results, sameWritesEmbedded, summary: { url: cluster ? `single node started here (${Math.round(cluster.startMs)} ms to green)` : url, corpus: { lines, chunks }, ingestMs } };
  } finally {
    await backend?.close();
    await local.close();
    store.close();
    await embedder?.close();
    await cluster?.stop();
  }
}

async function score(
  backend: LogBackend,
  questions: Question[],
  truthOf: Map<string, Set<string>>,
  embedder: Awaited<ReturnType<typeof buildEmbedder>>,
  config: ReturnType<typeof loadConfig>,
  repeats: number,
): Promise<MethodResult[]> {
  const retriever = new BackendRetriever(backend, { candidates: config.retrieval.candidates, clockWindowMinutes: config.retrieval.clockWindowMinutes }, embedder);
  const relevantCache = new Map<string, boolean>();
  const methods: { name: string; method: RetrievalMethod }[] = [
    { name: 'BM25 only', method: 'bm25' },
    { name: 'vector only', method: 'vector' },
    { name: 'hybrid (RRF)', method: 'hybrid' },
  ];
  const results: MethodResult[] = [];
  for (const m of methods) {
    const latencies: number[] = [];
    const perQuestion: { id: string; rank: number | null }[] = [];
    for (const q of questions) {
      const req = { tenant: TENANT, question: q.question, method: m.method };
      let r = await retriever.retrieve(req);
      for (let i = 0; i < repeats; i++) {
        const t = performance.now();
        r = await retriever.retrieve(req);
        latencies.push(performance.now() - t);
      }
      if (m.method !== 'bm25' && r.mode !== m.method) throw new Error(`${m.name}: the vector side did not serve (mode ${r.mode})`);
      const ranked = r.hits.slice(0, DEPTH);
      const unknown = ranked.filter((h) => !relevantCache.has(`${q.id}|${h.id}`));
      const linesOf = await backend.chunkEntries(TENANT, unknown.map((h) => h.id));
      for (const h of unknown) {
        const job = h.labels.job ?? '';
        const rel = job === q.dataset && (linesOf.get(h.id) ?? []).some((e) => [...(truthOf.get(`${job}\0${e.line}`) ?? [])].some((id) => q.relevant_event_ids.includes(id)));
        relevantCache.set(`${q.id}|${h.id}`, rel);
      }
      const idx = ranked.findIndex((h) => relevantCache.get(`${q.id}|${h.id}`));
      perQuestion.push({ id: q.id, rank: idx < 0 ? null : idx + 1 });
    }
    results.push(methodResult(m.name, perQuestion, latencies));
  }
  results.push({ method: 'hybrid + re-rank', available: false, reason: 'not built through LogBackend' });
  return results;
}

/** Per method and question, where the first relevant rank differs between two runs. */
export function rankDifferences(a: MethodResult[], b: MethodResult[]): { method: string; id: string; embedded: number | null; opensearch: number | null }[] {
  const out: { method: string; id: string; embedded: number | null; opensearch: number | null }[] = [];
  for (const ra of a) {
    const rb = b.find((x) => x.method === ra.method);
    if (!ra.perQuestion || !rb?.perQuestion) continue;
    const rankB = new Map(rb.perQuestion.map((p) => [p.id, p.rank]));
    for (const p of ra.perQuestion) if (rankB.has(p.id) && rankB.get(p.id) !== p.rank) out.push({ method: ra.method, id: p.id, embedded: p.rank, opensearch: rankB.get(p.id)! });
  }
  return out;
}
