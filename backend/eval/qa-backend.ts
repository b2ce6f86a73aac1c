// The exact-answers eval through a LogBackend (issue #20): `eval/qa.ts --backend opensearch`.
// LogHub-2k (16 logs, job=<Name>) and the demo incident (job=<service>, env=demo) written into
// OpenSearch as a follower writes them (backend/derive.ts FollowDeriver: templates, values, chunks,
// template-mean vectors; LogBackend.write), every question asked through ask-backend/ask.ts
// BackendAskService (exact questions planned over the planning copy and run on the cluster, the
// rest by hybrid retrieval), scored by eval/qa.ts scoreAnswer, next to the embedded numbers of the
// same run. The same writes also go into the embedded backend (EmbeddedBackend, in memory) and are
// asked the same way: what separates the engines from what separates the ingest paths (derive.ts's
// in-memory miners against the embedded pipeline's).
//
// The cluster: --opensearch-url, or a single node started here from the installed OpenSearch
// (LOGLENS_OPENSEARCH_HOME, as the tests start theirs; stopped at the end).
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { AskResponse } from '../src/answer/ask.js';
import { buildEmbedder } from '../src/app.js';
import { BackendAskService, NotBuiltError } from '../src/ask-backend/ask.js';
import { FollowDeriver } from '../src/backend/derive.js';
import { EmbeddedBackend, embeddedBackendMigration } from '../src/backend/embedded.js';
import { BACKEND_WRITE_SLICE } from '../src/backend/ingest.js';
import type { LogBackend } from '../src/backend/types.js';
import { loadConfig } from '../src/config/load.js';
import { SERVICES, writeScenario } from '../src/demo/scenario.js';
import { MINILM_DIM } from '../src/embed/index.js';
import { loadFaiss } from '../src/index/faiss.js';
import { readLogFile } from '../src/ingest/file.js';
import { OpenSearchBackend } from '../src/opensearch/backend.js';
import { Store } from '../src/store/store.js';
import { templatesMigration } from '../src/templates/index.js';
import type { LogEntry } from '../src/types.js';
import { valuesKeysMigration, valuesMigration } from '../src/values/migration.js';
import { startOpenSearch, type OpenSearchCluster } from '../testkit/opensearch.js';
import { scoreAnswer, summaryTable, type PerQuestion, type QaQuestion } from './qa.js';
import { defaultLoghubDir, LOGHUB_DATASETS } from './templates-data.js';

const TENANT = 'default';

interface Asked extends PerQuestion {
  /** The 501 message when the backend refused the question. */
  refused?: string;
}

export interface BackendQaResult {
  url: string;
  corpus: { lines: number; chunks: number };
  ingestMs: number;
  opensearch: Asked[];
  sameWritesEmbedded: Asked[];
  /** Questions whose exactness or hit differs between the embedded product path and OpenSearch. */
  differences: { id: string; kind: string; question: string; embedded: string; opensearch: string }[];
}

async function askAll(backend: LogBackend, questions: QaQuestion[], rawLines: Map<string, string[]>, config: ReturnType<typeof loadConfig>, embedder: Awaited<ReturnType<typeof buildEmbedder>>): Promise<Asked[]> {
  const ask = new BackendAskService(
    async () => backend,
    {
      evidenceChunks: config.retrieval.evidenceChunks,
      candidates: config.retrieval.candidates,
      clockWindowMinutes: config.retrieval.clockWindowMinutes,
      explore: { grafanaUrl: config.grafana.url, datasourceUid: config.grafana.lokiDatasourceUid, orgId: config.grafana.orgId },
      kind: `backend.kind ${backend.kind}`,
    },
    embedder,
  );
  const out: Asked[] = [];
  for (const q of questions) {
    const stream = q.file ?? q.dataset;
    const lines = rawLines.get(stream);
    if (!lines) throw new Error(`${q.id}: no stream job=${stream} was written`);
    const expectedText = new Set(q.expected_lines.map((n) => lines[n - 1]!));
    const window = q.window ? { startNs: BigInt(Date.parse(q.window.start)) * 1_000_000n, endNs: BigInt(Date.parse(q.window.end)) * 1_000_000n } : undefined;
    const t = performance.now();
    let r: AskResponse;
    let refused: string | undefined;
    try {
      r = await ask.ask({ tenant: TENANT, question: q.question, ...(window ? { window } : {}) });
    } catch (err) {
      if (!(err instanceof NotBuiltError)) throw err;
      refused = err.message;
      r = { answer: { mode: 'extractive', text: `501: ${err.message}` }, citations: [], series: { window: null, stepMs: 0, items: [] }, query: { window: null, selectorHints: {}, terms: [] }, retrieval: { mode: 'bm25', degraded: false, candidates: 0 }, timings: {} } as AskResponse;
    }
    out.push({ ...scoreAnswer(q, r, expectedText, performance.now() - t), ...(refused ? { refused } : {}) });
  }
  return out;
}

const verdict = (p: PerQuestion & { refused?: string }) =>
  p.refused ? `501 (${p.refused.replace(/^backend\.kind \w+: /, '').slice(0, 90)})` : `${p.exact ? 'exact' : 'not exact'}, ${p.hit ? 'hit' : 'no hit'}: ${JSON.stringify(p.got?.value ?? null)}`;

/** Writes LogHub-2k + demo into OpenSearch (and the embedded backend), asks every question on both, prints the tables beside the embedded run's. */
export async function compareOnOpenSearch(questions: QaQuestion[], embedded: PerQuestion[], o: { url?: string }): Promise<BackendQaResult> {
  let cluster: OpenSearchCluster | undefined;
  // 1 GiB: LogHub-2k's lines span 568 day indices on one node (the tests' 512 MiB holds a few).
  if (!o.url) cluster = await startOpenSearch({ nodes: 1, heap: '1g' });
  const url = o.url ?? cluster!.url;
  const config = loadConfig({}, { auth: { disabled: true } });
  const embedder = buildEmbedder(config);
  const store = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration, valuesKeysMigration, embeddedBackendMigration] });
  const local = new EmbeddedBackend(store, { dim: MINILM_DIM, faiss: loadFaiss() });
  const dir = mkdtempSync(join(tmpdir(), 'loglens-qa-backend-'));
  let backend: OpenSearchBackend | undefined;
  try {
    backend = await OpenSearchBackend.open({ nodes: [url], dim: MINILM_DIM, prefix: `loglens_qa_${process.pid}`, replicas: 0, requestTimeoutMs: 120_000 });
    const deriver = new FollowDeriver({ chunking: { maxTokens: config.chunking.maxTokens, maxGapNs: BigInt(Math.round(config.chunking.maxGapSeconds * 1e9)) }, embedder });
    const rawLines = new Map<string, string[]>();
    let lines = 0;
    const tIngest = performance.now();
    const write = async (path: string, labels: Record<string, string>) => {
      const entries: LogEntry[] = [];
      await readLogFile(path, { tenant: TENANT, labels }, (b) => void entries.push(...b));
      // One file is one page, as a follower catching up reads it: chunks are final per page.
      for (const batch of await deriver.batches(entries, BACKEND_WRITE_SLICE)) {
        await backend!.write(batch);
        await local.write(batch);
      }
      const raw = readFileSync(path, 'utf8').split(/\r?\n/);
      if (raw[raw.length - 1] === '') raw.pop();
      rawLines.set(labels.job!, raw);
      lines += entries.length;
    };
    for (const name of LOGHUB_DATASETS) await write(join(defaultLoghubDir(), name, `${name}_2k.log`), { job: name });
    // Labelled as the demo CLI labels them (src/cli/main.ts `demo`), as eval/qa.ts ingests them.
    const { files } = writeScenario(join(dir, 'demo-scenario'));
    for (const s of SERVICES) await write(files[s], { job: basename(files[s], '.log'), env: 'demo' });
    await backend.flush();
    const ingestMs = performance.now() - tIngest;
    console.log(`written to OpenSearch: ${lines} lines in ${(ingestMs / 1000).toFixed(1)} s; asking ${questions.length} questions`);
    const opensearch = await askAll(backend, questions, rawLines, config, embedder);
    const sameWritesEmbedded = await askAll(local, questions, rawLines, config, embedder);

    const byId = new Map(opensearch.map((p) => [p.id, p]));
    const differences = embedded.flatMap((e) => {
      const b = byId.get(e.id);
      if (!b || (b.exact === e.exact && b.hit === e.hit && !b.refused)) return [];
      return [{ id: e.id, kind: e.kind, question: e.question, embedded: verdict(e), opensearch: verdict(b) }];
    });
    const where = cluster ? `single node started here (${Math.round(cluster.startMs)} ms to green)` : url;
    console.log(`\nOn OpenSearch (${where}): ${lines} lines written by derive.ts + LogBackend.write in ${(ingestMs / 1000).toFixed(1)} s, ${deriver.stats().chunks} chunks`);
    for (const [name, rows] of [
      ['embedded (the product path, above)', embedded],
      ['OpenSearch (BackendAskService)', opensearch],
      ['embedded backend, same writes as OpenSearch (BackendAskService)', sameWritesEmbedded],
    ] as const) {
      console.log(`\n-------------------- ${name}: ${rows.length} questions --------------------\n`);
      console.log(summaryTable(rows as PerQuestion[]));
    }
    const refused = opensearch.filter((p) => p.refused);
    console.log(`\nOpenSearch refused (501) ${refused.length} of ${opensearch.length}:`);
    const reasons = new Map<string, number>();
    for (const p of refused) {
      const reason = p.refused!.replace(/^backend\.kind \w+: /, '').replace(/blk_[-\d]+|\d+/g, 'N');
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${n}  ${r}`);
    console.log(`\n${differences.length} questions differ between the embedded product path and OpenSearch (exact or hit):`);
    for (const d of differences) console.log(`  ${d.id} [${d.kind}] ${d.question}\n      embedded:   ${d.embedded}\n      opensearch: ${d.opensearch}`);
    return { url: where, corpus: { lines, chunks: deriver.stats().chunks }, ingestMs, opensearch, sameWritesEmbedded, differences };
  } finally {
    await backend?.close();
    await local.close();
    store.close();
    await embedder?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
