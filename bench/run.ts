// One command for the benchmarks: runs each in its own process (so one's memory and threads do not
// skew the next), one after another, each printing its table with the machine noted.
//   npm run bench                 every benchmark (ANN at 100k and 1M vectors takes ~10 min)
//   npm run bench -- ingest ask   just those
//   npm run bench -- storage -- --copies 4    arguments after a second `--` go to the bench(es)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const BENCHES: Record<string, { file: string; args?: string[]; env?: Record<string, string>; what: string }> = {
  ingest: { file: 'ingest-bm25.ts', what: 'file ingest into SQLite + FTS5, BM25 latency (issue: foundation)' },
  loki: { file: 'loki-ingest.ts', what: 'Loki stand-in -> store lines/s, peak RSS (issue: Loki ingestion)' },
  templates: { file: 'templates.ts', what: 'template mining lines/s on one core (issue: templates)' },
  storage: { file: 'storage.ts', what: 'bytes per stored line by part, and the file size retention gives back, before/after (issue: sidecar for months)' },
  'miner-memory': { file: 'miner-memory.ts', what: 'template miner RSS/heap per 10k streams with and without the LRU byte budget (issue: sidecar for months)' },
  'templates-peers': { file: 'templates-peers.ts', what: 'GA and lines/s against Drain3, Drain and Brain on LogHub and the generality set (issue: templates generalise)' },
  embed: { file: 'embed.ts', what: 'embedding chunks/s: naive vs batched vs deduplicated (issue: semantic retrieval)' },
  // faiss runs one OpenMP thread per query best on 2 shared cores (see backend/src/index/README.md).
  ann: { file: 'ann.ts', env: { OMP_NUM_THREADS: '1' }, what: 'FAISS recall@10, latency, build time, memory at 100k and 1M (issue: semantic retrieval)' },
  ask: { file: 'ask.ts', what: 'ask latency by stage with the Ollama stand-in (issue: grounded answers)' },
  'llm-real': { file: 'llm-real.ts', what: 'answer stage on a real Ollama with two small CPU models vs the stand-in (issue: real Ollama)' },
  load: { file: 'load.ts', what: 'concurrent asks + ingest under load (issue: hardening)' },
  push: { file: 'push.ts', what: 'push over HTTP (Loki push API), A/B vs --baseline checkout: lines/s, /healthz p99 while pushing (issue #16)' },
  'push-slices': { file: 'push-slices.ts', what: 'push ingest in one transaction vs in slices: CPU lines/s and the longest event-loop stretch per push (issue: scale)' },
  'values-layout': { file: 'values-layout.ts', what: 'value store: the former one-table rows against the dictionary layout the product writes, bytes/line, write CPU, look-up, aggregate and key-listing latency, same answers (issue: scale)' },
  // 100k + 1M + 3M lines take ~25-30 min on 2 shared cores; SCALE_STAGES=100k,1M npm run bench -- scale for less.
  scale: { file: 'scale.ts', what: 'push lines/s, bytes/line, RSS, time to ready, ask p50/p95, evidence hit at 100k/1M/3M lines, /healthz under trickle (issue: scale)' },
};
const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const passed = sep < 0 ? [] : argv.slice(sep + 1);
const wanted = (sep < 0 ? argv : argv.slice(0, sep)).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in BENCHES));
if (unknown.length) {
  console.error(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  const b = BENCHES[name];
  console.log(`\n##### ${name}: ${b.what}`);
  const r = spawnSync('npx', ['tsx', join(here, b.file), ...(b.args ?? []), ...passed], {
    cwd: join(here, '..', 'backend'),
    stdio: 'inherit',
    env: { ...process.env, ...b.env },
  });
  if (r.status !== 0) {
    failed++;
    console.error(`bench ${name} exited with ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
