// Memory held by per-stream template miners (templates/repo.ts) with and without the byte budget
// of the miner LRU: RSS and JS heap per 10k streams at 20k and 100k streams, a few lines each, and
// what the budget costs (miners reloaded, lines/s). Then how close the repo's byte estimate is to
// the heap the miners really take. Each configuration runs in its own process so one's heap does
// not skew the next.
//
// Lines: stream i logs consecutive lines of LogHub log i mod 16 from its own offset (LogHub-2k at
// ../shared/data/loghub-2k), or numbered synthetic lines where that is absent. Streams are fed
// round-robin (every stream one line per round, batches of 2,000 entries), the worst case for an
// LRU: with a budget smaller than all miners, nearly every batch reloads what it touches.
//
// Run: npm run bench -- miner-memory   (or cd backend && npx tsx ../bench/miner-memory.ts
//        [--streams 20000,100000] [--lines 3] [--budget-mib 64])
// Writes bench/results/miner-memory.json.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEFAULT_MINER_CACHE_BYTES, TemplateRepo, type EntryToTag } from '../backend/src/templates/repo.js';
import { TemplateMiner } from '../backend/src/templates/miner.js';
import { createTestDb } from '../backend/src/templates/test-db.js';
import { LOGHUB_DATASETS, loadDataset, loghubAvailable } from '../backend/eval/templates-data.js';
import { machine, table, writeResult } from './lib.js';

const { values: args } = parseArgs({
  options: {
    streams: { type: 'string', default: '20000,100000' },
    lines: { type: 'string', default: '3' },
    'budget-mib': { type: 'string', default: String(DEFAULT_MINER_CACHE_BYTES / 2 ** 20) },
    child: { type: 'string' },
  },
});

const BATCH = 2000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function settled(): { rss: number; heap: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

function peakRss(): number {
  const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kb ? Number(kb) * 1024 : NaN;
}

const sources: string[][] = loghubAvailable() ? LOGHUB_DATASETS.map((n) => loadDataset(n).map((l) => l.content)) : [];

function lineOf(stream: number, round: number): string {
  if (sources.length === 0) return `job ${stream} step ${round} took ${(stream * 31 + round * 7) % 997} ms`;
  const src = sources[stream % sources.length];
  return src[((stream * 37) % (src.length - 64)) + round];
}

interface Measured {
  streams: number;
  lines: number;
  budgetMiB: number | null;
  seconds: number;
  linesPerSec: number;
  rssDeltaMiB: number;
  heapDeltaMiB: number;
  baseRssMiB: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  estimateMiB: number;
  minersHeld: number;
  loads: number;
  evictions: number;
  reloadUs: number;
}

function child(spec: { streams: number; lines: number; budget: number | null }): Measured {
  const tdb = createTestDb();
  tdb.db.pragma('synchronous = NORMAL'); // as the store runs
  const addStream = tdb.db.prepare("INSERT INTO streams (tenant, labels_key, labels_json) VALUES ('t', ?, '{}')");
  const streamIds: number[] = [];
  tdb.db.transaction(() => {
    for (let i = 0; i < spec.streams; i++) streamIds.push(Number(addStream.run(`{job="s${i}"}`).lastInsertRowid));
  })();
  const insert = tdb.db.prepare('INSERT INTO entries (stream_id, ts_ns, line, line_hash) VALUES (?, ?, ?, ?)');
  const before = settled();
  const repo = new TemplateRepo(tdb.db, { minerCacheBytes: spec.budget ?? Infinity });
  let ts = 1_700_000_000_000_000_000n;
  let peakHeap = 0;
  const t0 = process.hrtime.bigint();
  for (let round = 0; round < spec.lines; round++) {
    for (let from = 0; from < spec.streams; from += BATCH) {
      const batch: EntryToTag[] = [];
      tdb.db.transaction(() => {
        for (let i = from; i < Math.min(spec.streams, from + BATCH); i++) {
          const line = lineOf(i, round);
          const tsNs = ts++;
          const id = Number(
            insert.run(streamIds[i], tsNs, line, createHash('sha256').update(line).digest()).lastInsertRowid
          );
          batch.push({ id, streamId: streamIds[i], tsNs, line });
        }
        repo.tagEntries(batch);
      })();
      // sampled, not settled: what the heap reached between collections
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const after = settled();
  const st = repo.cacheStats();
  // what a miss costs: read back 2,000 miners into a repo that keeps none
  const cold = new TemplateRepo(tdb.db, { minerCacheBytes: 0 });
  const r0 = process.hrtime.bigint();
  for (let i = 0; i < 2000; i++) cold.miner(streamIds[(i * 7919) % spec.streams]);
  const reloadUs = Number(process.hrtime.bigint() - r0) / 1e3 / 2000;
  tdb.cleanup();
  const mib = (b: number) => b / 2 ** 20;
  return {
    streams: spec.streams,
    lines: spec.lines,
    budgetMiB: spec.budget === null ? null : mib(spec.budget),
    seconds,
    linesPerSec: (spec.streams * spec.lines) / seconds,
    rssDeltaMiB: mib(after.rss - before.rss),
    heapDeltaMiB: mib(after.heap - before.heap),
    baseRssMiB: mib(before.rss),
    peakRssMiB: mib(peakRss()),
    peakHeapMiB: mib(peakHeap),
    estimateMiB: mib(st.bytes),
    minersHeld: st.miners,
    loads: st.loads,
    evictions: st.evictions,
    reloadUs,
  };
}

/** Heap per copy and the repo's estimate for one miner in one condition. */
interface Fit {
  heap: number;
  estimate: number;
}

/**
 * The estimate against the heap, for one stream's miner in the three conditions the LRU holds
 * them in: live (mined every line in this process), restored (just reloaded) and reloaded then
 * used (restored from the state before its last 4 lines, then fed them). Heap is per copy of N
 * identical miners, after GC; the estimate is the repo's for exactly that miner.
 */
function estimateAccuracy(): Array<{ what: string; stateChars: number; live: Fit; restored: Fit; reloadedUsed: Fit }> {
  const cases: Array<[string, string[]]> = [];
  for (const [k, src] of sources.entries()) {
    const name = LOGHUB_DATASETS[k];
    cases.push([`${name} 8 lines`, src.slice(100, 108)], [`${name} 40 lines`, src.slice(200, 240)]);
    if (k % 4 === 0) cases.push([`${name} 2k lines`, src]);
  }
  if (cases.length === 0) cases.push(['synthetic 8 lines', [0, 1, 2, 3, 4, 5, 6, 7].map((r) => lineOf(1, r))]);
  const mine = (m: TemplateMiner, lines: readonly string[]) => {
    for (const l of lines) {
      m.add(l);
      m.drainMerges();
    }
    return m;
  };
  const heapPerCopy = (copies: number, make: () => TemplateMiner) => {
    const keep: TemplateMiner[] = [];
    const h = settled().heap;
    for (let i = 0; i < copies; i++) keep.push(make());
    const per = (settled().heap - h) / copies;
    keep.length = 0;
    return per;
  };
  const out = [];
  for (const [what, lines] of cases) {
    const copies = lines.length > 100 ? 20 : 400;
    const head = lines.slice(0, -4);
    const tail = lines.slice(-4);
    const tdb = createTestDb();
    const sid = tdb.streamId('t', 'x');
    let n = 0;
    const tag = (repo: TemplateRepo, ls: readonly string[]) =>
      repo.tagEntries(
        ls.map((line) => ({ id: tdb.insert(sid, BigInt(n), line), streamId: sid, tsNs: BigInt(n++), line }))
      );
    const whole = new TemplateRepo(tdb.db, { minerCacheBytes: Infinity });
    tag(whole, head);
    const headState = JSON.stringify(whole.miner(sid).toJSON());
    const reloaded = new TemplateRepo(tdb.db, { minerCacheBytes: Infinity });
    tag(reloaded, tail);
    const reloadedEstimate = reloaded.cacheStats().bytes;
    tdb.cleanup();
    // the live estimate: a repo that mined every line itself
    const tdb2 = createTestDb();
    const sid2 = tdb2.streamId('t', 'x');
    const liveRepo = new TemplateRepo(tdb2.db, { minerCacheBytes: Infinity });
    liveRepo.tagEntries(
      lines.map((line, i) => ({ id: tdb2.insert(sid2, BigInt(i), line), streamId: sid2, tsNs: BigInt(i), line }))
    );
    const liveEstimate = liveRepo.cacheStats().bytes;
    const state = JSON.stringify(liveRepo.miner(sid2).toJSON());
    const restoredRepo = new TemplateRepo(tdb2.db, { minerCacheBytes: Infinity });
    restoredRepo.miner(sid2);
    const restoredEstimate = restoredRepo.cacheStats().bytes;
    tdb2.cleanup();
    out.push({
      what,
      stateChars: state.length,
      live: { heap: heapPerCopy(copies, () => mine(new TemplateMiner(), lines)), estimate: liveEstimate },
      restored: {
        heap: heapPerCopy(copies, () => TemplateMiner.fromJSON(JSON.parse(state))),
        estimate: restoredEstimate,
      },
      reloadedUsed: {
        heap: heapPerCopy(copies, () => mine(TemplateMiner.fromJSON(JSON.parse(headState)), tail)),
        estimate: reloadedEstimate,
      },
    });
  }
  return out;
}

if (args.child) {
  const spec = JSON.parse(args.child) as
    { mode: 'run'; streams: number; lines: number; budget: number | null } | { mode: 'accuracy' };
  const result = spec.mode === 'accuracy' ? estimateAccuracy() : child(spec);
  process.stdout.write('\nRESULT ' + JSON.stringify(result) + '\n');
  process.exit(0);
}

function inChild<T>(spec: object): T {
  const r = spawnSync('npx', ['tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify(spec)], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || !line) throw new Error(`child ${JSON.stringify(spec)} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(line.slice('RESULT '.length)) as T;
}

const budget = Number(args['budget-mib']) * 2 ** 20;
const lines = Number(args.lines);
const rows: Measured[] = [];
for (const streams of args.streams.split(',').map(Number)) {
  for (const b of [null, budget]) {
    const m = inChild<Measured>({ mode: 'run', streams, lines, budget: b });
    rows.push(m);
    console.error(
      `  ${streams} streams, ${b === null ? 'unbounded' : `${b / 2 ** 20} MiB budget`}: ${m.seconds.toFixed(1)} s`
    );
  }
}
const per10k = (r: Measured, v: number) => (v * 10_000) / r.streams;
console.log(
  `\nMiner memory: ${lines} lines per stream, fed round-robin in batches of ${BATCH}; ${sources.length ? 'LogHub-2k lines' : 'synthetic lines (LogHub-2k absent)'}`
);
console.log(`machine: ${machine()}\n`);
console.log(
  table(
    [
      'streams',
      'budget',
      'RSS growth MiB',
      'RSS per 10k streams MiB',
      'heap growth MiB',
      'heap per 10k MiB',
      'RSS before MiB',
      'peak RSS MiB',
      'peak heap MiB',
      'estimate held MiB',
      'miners held',
      'reloads',
      'lines/s',
      'reload µs',
    ],
    rows.map((r) => [
      r.streams,
      r.budgetMiB === null ? 'none' : `${r.budgetMiB} MiB`,
      r.rssDeltaMiB,
      per10k(r, r.rssDeltaMiB),
      r.heapDeltaMiB,
      per10k(r, r.heapDeltaMiB),
      r.baseRssMiB,
      r.peakRssMiB,
      r.peakHeapMiB,
      r.estimateMiB,
      r.minersHeld.toLocaleString('en-US'),
      r.loads.toLocaleString('en-US'),
      Math.round(r.linesPerSec).toLocaleString('en-US'),
      Math.round(r.reloadUs),
    ])
  )
);
const unb = rows.filter((r) => r.budgetMiB === null);
console.log(
  `\nEstimate vs heap, whole repo unbounded: ${unb.map((r) => `${r.streams} streams: heap growth / estimate = ${(r.heapDeltaMiB / r.estimateMiB).toFixed(2)}`).join('; ')}`
);

const acc = inChild<ReturnType<typeof estimateAccuracy>>({ mode: 'accuracy' });
console.log('\nOne miner: heap per copy (V8, after GC) against the repo estimate for it, in bytes');
const fit = (f: Fit) => [Math.round(f.heap).toLocaleString('en-US'), (f.heap / f.estimate).toFixed(2)];
console.log(
  table(
    [
      'stream',
      'state chars',
      'live heap',
      'live heap/est',
      'restored heap',
      'restored heap/est',
      'reloaded+4 heap',
      'reloaded+4 heap/est',
    ],
    acc.map((a) => [a.what, String(a.stateChars), ...fit(a.live), ...fit(a.restored), ...fit(a.reloadedUsed)])
  )
);
for (const k of ['live', 'restored', 'reloadedUsed'] as const) {
  const r = acc.map((a) => a[k].heap / a[k].estimate).sort((a, b) => a - b);
  console.log(
    `${k}: heap/estimate min ${r[0].toFixed(2)}, median ${r[Math.floor(r.length / 2)].toFixed(2)}, max ${r[r.length - 1].toFixed(2)}`
  );
}
const path = writeResult('miner-memory', { machine: machine(), lines, batch: BATCH, rows, accuracy: acc });
console.log(`\nwrote ${path}`);
