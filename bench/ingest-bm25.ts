// File ingest into SQLite + FTS5 (store, chunking, BM25 index) and BM25 query latency over the
// LogHub-2k corpus. Run: npm run bench -- ingest   (or: cd backend && npx tsx ../bench/ingest-bm25.ts)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readLogFile } from '../backend/src/ingest/file.js';
import { IngestPipeline } from '../backend/src/ingest/pipeline.js';
import { Bm25Retriever } from '../backend/src/retrieve/bm25.js';
import { parseQuestion } from '../backend/src/retrieve/query.js';
import { Store } from '../backend/src/store/store.js';
import { createApp } from '../backend/src/app.js';
import { loadConfig } from '../backend/src/config/load.js';
import { createLogger } from '../backend/src/telemetry/logger.js';
import { LOGHUB_DATASETS, LOGHUB_DIR, SHARED_DIR, sharedMissing } from '../backend/test/paths.js';
import { machine, stats, table, writeResult } from './lib.js';

const { values: args } = parseArgs({
  options: {
    // 5 copies (one tenant each) = 160,000 lines: enough for steady-state rates, done in ~10 s.
    copies: { type: 'string', default: '5' },
    // Each question is timed this many times after a warm-up run.
    repeats: { type: 'string', default: '20' },
  },
});
const copies = Math.max(1, Number(args.copies));
const repeats = Math.max(1, Number(args.repeats));
const missing = sharedMissing();
if (missing) {
  console.error(missing);
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'loglens-bench-ingest-'));
const store = Store.open(join(dir, 'bench.db'));
const pipeline = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 30_000_000_000n });

let lines = 0;
let bytes = 0;
let insertMs = 0;
let chunkMs = 0;
const t0 = performance.now();
for (let c = 0; c < copies; c++) {
  for (const name of LOGHUB_DATASETS) {
    await readLogFile(join(LOGHUB_DIR, name, `${name}_2k.log`), { tenant: `t${c}`, labels: { job: name } }, (batch) => {
      const a = performance.now();
      store.insertEntries(batch);
      const b = performance.now();
      pipeline.chunkPending(false);
      chunkMs += performance.now() - b;
      insertMs += b - a;
      lines += batch.length;
      for (const e of batch) bytes += Buffer.byteLength(e.line);
    });
  }
}
const b = performance.now();
pipeline.chunkPending(true);
chunkMs += performance.now() - b;
const totalMs = performance.now() - t0;
const counts = store.counts();

// BM25: the evaluation questions, asked without label filter over one tenant's 32,000 lines and
// over all copies' tenants in turn (same corpus size per tenant, more rows in the FTS index).
const questions = readFileSync(join(SHARED_DIR, 'eval/loghub-questions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).question as string);
const bm25 = new Bm25Retriever(store);
const ctx = { nowNs: 0n, referenceNs: 0n, clockWindowMinutes: 15, labelValues: new Map() };
const samples: number[] = [];
for (const q of questions) {
  const terms = parseQuestion(q, ctx).terms;
  bm25.search(terms, { tenant: 't0' }, 50);
  for (let i = 0; i < repeats; i++) {
    const s = performance.now();
    bm25.search(terms, { tenant: `t${i % copies}` }, 50);
    samples.push(performance.now() - s);
  }
}
const q = stats(samples);

// The production pipeline on one copy: template tagging, chunking, FTS5, then chunk vectors
// (template-mean embeddings into FAISS) in the background, timed until the index is ready.
const fullDir = mkdtempSync(join(tmpdir(), 'loglens-bench-full-'));
const app = createApp(loadConfig({}, { dataDir: fullDir, auth: { disabled: true } }), { logger: createLogger('warn'), processMetrics: false });
let fullLines = 0;
const f0 = performance.now();
for (const name of LOGHUB_DATASETS) {
  await readLogFile(join(LOGHUB_DIR, name, `${name}_2k.log`), { tenant: 'default', labels: { job: name } }, (batch) => {
    app.pipeline.ingest('file', batch, { final: false });
    fullLines += batch.length;
  });
}
app.pipeline.chunkPending(true);
const fullIngestMs = performance.now() - f0;
const v0 = performance.now();
await app.vectors?.idle();
const vectorsMs = performance.now() - v0;
const vectorCount = app.vectors?.status().reduce((n, s) => n + s.vectors, 0) ?? 0;
const templatesCount = (app.store.db.prepare('SELECT count(*) AS n FROM templates WHERE merged_into IS NULL').get() as { n: number }).n;
await app.close();
rmSync(fullDir, { recursive: true, force: true });
const result = {
  machine: machine(),
  copies,
  lines,
  bytes,
  chunks: counts.chunks,
  ingest: { totalMs, insertMs, chunkMs, linesPerSec: (lines / totalMs) * 1000, mbPerSec: bytes / 1e6 / (totalMs / 1000) },
  bm25: { queries: samples.length, p50Ms: q.p50, p95Ms: q.p95, p99Ms: q.p99, meanMs: q.mean },
  fullPipeline: { lines: fullLines, ingestMs: fullIngestMs, linesPerSec: (fullLines / fullIngestMs) * 1000, vectorsMs, vectors: vectorCount, templates: templatesCount },
  dbBytes: store.db.prepare('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()').get(),
};
console.log(`\nFile ingest and BM25 (LogHub-2k x${copies} tenants = ${lines.toLocaleString()} lines) on ${result.machine}\n`);
console.log(
  table(
    ['measure', 'value'],
    [
      ['ingest lines/s (read + store + chunk + FTS5)', result.ingest.linesPerSec],
      ['ingest MB/s', result.ingest.mbPerSec],
      ['  of which insert entries (ms)', insertMs],
      ['  of which chunk + FTS5 (ms)', chunkMs],
      ['chunks', counts.chunks],
      [`BM25 p50 ms (${samples.length} queries, top 50, 32k lines/tenant)`, q.p50],
      ['BM25 p95 ms', q.p95],
      ['BM25 p99 ms', q.p99],
      [`full pipeline lines/s (+ template tagging), ${fullLines.toLocaleString()} lines`, result.fullPipeline.linesPerSec],
      [`  then chunk vectors ready after (ms): ${vectorCount} vectors from ${templatesCount} templates`, vectorsMs],
    ],
  ),
);
console.log(`\nJSON: ${writeResult('ingest-bm25', result)}`);
store.close();
rmSync(dir, { recursive: true, force: true });
