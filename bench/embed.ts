// Embedding throughput over LogHub lines grouped into small chunks, side by side in one run:
//   naive    - one text per embed() call, model on the main thread, ORT defaults
//   batched  - OnnxEmbedder defaults: worker threads, tasks of several texts
//   dedup    - batched + MaskingEmbedder: variables masked, each distinct masked chunk once
// plus sweeps that justify the defaults (rows per session.run, workers x intra-op threads).
//
// Run: cd backend && npx tsx ../bench/embed.ts [--lines-per-dataset 128] [--chunk-lines 4] [--sweep-chunks 96] [--repeats 3]
// Needs the model (backend/scripts/provision-models.sh) and ../shared/data/loghub-2k.
import { cpus, loadavg } from 'node:os';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Embedder, OnnxEmbedder, OnnxEmbedderOptions } from '../backend/src/embed/index.js';

const { values: args } = parseArgs({
  options: {
    'lines-per-dataset': { type: 'string', default: '128' },
    'chunk-lines': { type: 'string', default: '4' },
    // The sweeps re-embed a subset; enough chunks for stable rates without hogging shared cores.
    'sweep-chunks': { type: 'string', default: '96' },
    // Other processes share the cores: several interleaved passes, median reported.
    repeats: { type: 'string', default: '3' },
  },
});
const linesPerDataset = Number(args['lines-per-dataset']);
const chunkLines = Number(args['chunk-lines']);
const sweepChunks = Number(args['sweep-chunks']);
const repeats = Number(args.repeats);

// Neither __dirname nor import.meta and no top-level await: the file then runs the same whether
// bench/ is loaded as CommonJS or as ESM. tsx puts this script's absolute path in argv[1].
const benchDir = dirname(resolve(process.argv[1]));
const dataRoot = join(benchDir, '..', '..', 'shared', 'data', 'loghub-2k');
if (!existsSync(dataRoot)) {
  console.log(`SKIP: LogHub data not found at ${dataRoot} (team material ../shared/data/loghub-2k)`);
  process.exit(0);
}

const datasets = readdirSync(dataRoot).filter((d) => existsSync(join(dataRoot, d, `${d}_2k.log`))).sort();
const chunks: string[] = [];
let lineCount = 0;
const allLines: string[] = [];
for (const d of datasets) {
  const lines = readFileSync(join(dataRoot, d, `${d}_2k.log`), 'utf8').split('\n').filter((l) => l.trim() !== '').slice(0, linesPerDataset);
  lineCount += lines.length;
  allLines.push(...lines);
  for (let i = 0; i < lines.length; i += chunkLines) chunks.push(lines.slice(i, i + chunkLines).join('\n'));
}

interface Row {
  mode: string;
  config: string;
  chunks: number;
  modelRuns: number;
  /** Of the texts the model ran on, those longer than one 256-token window. */
  windowed: number;
  seconds: number;
  chunksPerSec: number;
  bestChunksPerSec?: number;
  /** Longest event-loop stall during the pass: what an HTTP request arriving meanwhile would wait. */
  eventLoopMaxMs: number;
}
const rows: Row[] = [];

type Counts = () => { computed: number; windowed: number };

interface Case {
  mode: string;
  config: string;
  texts: string[];
  embedder: Embedder;
  counts: Counts;
  /** One embed() call per text instead of one call for all. */
  perCall: boolean;
  passes: Row[];
}

async function pass(c: Case): Promise<void> {
  const before = c.counts();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t0 = performance.now();
  if (c.perCall) for (const t of c.texts) await c.embedder.embed([t]);
  else await c.embedder.embed(c.texts);
  const seconds = (performance.now() - t0) / 1000;
  loop.disable();
  const after = c.counts();
  c.passes.push({
    mode: c.mode,
    config: c.config,
    chunks: c.texts.length,
    modelRuns: after.computed - before.computed,
    windowed: after.windowed - before.windowed,
    seconds,
    chunksPerSec: c.texts.length / seconds,
    eventLoopMaxMs: loop.max / 1e6,
  });
}

async function main(): Promise<void> {
  const { MaskingEmbedder, maskVariables, OnnxEmbedder } = await import('../backend/src/embed/index.js');
  const { provisionedMiniLmDir } = await import('../backend/src/embed/test-model-dir.js');
  const modelDir = provisionedMiniLmDir();

  // No LRU (cacheEntries 0): every pass must run the model; in-call dedup still applies.
  const open: OnnxEmbedder[] = [];
  async function embedder(opts: Partial<OnnxEmbedderOptions>): Promise<OnnxEmbedder> {
    const e = await OnnxEmbedder.create({ modelDir, cacheEntries: 0, ...opts });
    open.push(e);
    await e.embed(['warm-up text that is not in the data set']);
    return e;
  }
  function makeCase(mode: string, config: string, texts: string[], e: OnnxEmbedder, perCall = false, wrap?: (e: OnnxEmbedder) => Embedder): Case {
    return { mode, config, texts, embedder: wrap ? wrap(e) : e, counts: () => e.stats(), perCall, passes: [] };
  }

  const loadBefore = loadavg()[0];
  const subset = chunks.filter((_, i) => i % Math.max(1, Math.floor(chunks.length / sweepChunks)) === 0).slice(0, sweepChunks);
  const defaults = await embedder({});
  const cases: Case[] = [
    // 1. The three modes over the whole chunk set.
    makeCase('naive', 'main thread, 1 text/call, ORT default threads', chunks, await embedder({ workers: 0, intraOpThreads: 0, taskBatchSize: 1 }), true),
    makeCase('batched', 'defaults (2 workers x 1 thread, 16 texts/task)', chunks, defaults),
    makeCase('dedup', 'defaults + maskVariables, distinct only', chunks, defaults, false, (e) => new MaskingEmbedder(e)),
  ];
  // 2. Sweeps on a subset to justify the defaults.
  for (const runBatchSize of [1, 8, 32]) {
    cases.push(makeCase('sweep', `rows/session.run=${runBatchSize} (2 workers x 1 thread)`, subset, await embedder({ workers: 2, intraOpThreads: 1, runBatchSize })));
  }
  for (const [workers, intra] of [[0, 2], [1, 1], [1, 2]] as const) {
    const where = workers === 0 ? 'main thread' : `${workers} worker`;
    cases.push(makeCase('sweep', `${where} x ${intra} ORT thread(s)`, subset, await embedder({ workers, intraOpThreads: intra })));
  }
  // Round-robin passes: load from other processes drifts, and interleaving spreads it over all cases alike.
  for (let r = 0; r < repeats; r++) {
    for (const c of cases) {
      await pass(c);
      const last = c.passes[c.passes.length - 1];
      console.error(`pass ${r + 1} ${c.mode.padEnd(8)} ${c.config.padEnd(48)} ${last.chunksPerSec.toFixed(1)} chunks/s, loop stall ${last.eventLoopMaxMs.toFixed(0)} ms`);
    }
  }
  for (const e of open) await e.close();
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const c of cases) {
    const rates = c.passes.map((p) => p.chunksPerSec);
    const med = median(rates);
    const p = c.passes.find((x) => x.chunksPerSec === med) as Row;
    rows.push({ ...p, bestChunksPerSec: Math.max(...rates) });
  }
  const dedupRow = rows[2];

  const distinctMaskedLines = new Set(allLines.map(maskVariables)).size;
  const distinctRawLines = new Set(allLines).size;
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    loadAvg1mBefore: Number(loadBefore.toFixed(2)),
    loadAvg1mAfter: Number(loadavg()[0].toFixed(2)),
  };
  const summary = {
    repeats,
    datasets: datasets.length,
    lines: lineCount,
    chunkLines,
    chunks: chunks.length,
    distinctMaskedChunks: dedupRow.modelRuns,
    distinctRawLines,
    distinctMaskedLines,
    modelRunsSavedByMasking: 1 - dedupRow.modelRuns / chunks.length,
  };

  console.log(`\n### Embedding throughput (all-MiniLM-L6-v2 int8 ONNX, CPU)\n`);
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; 1-min load ${machine.loadAvg1mBefore} before, ${machine.loadAvg1mAfter} after (cores are shared); median (and best) of ${repeats} interleaved passes per row.`);
  console.log(`Data: ${lineCount} LogHub lines from ${datasets.length} datasets (first ${linesPerDataset} of each), ${chunks.length} chunks of ${chunkLines} lines; masking leaves ${summary.distinctMaskedChunks} distinct chunks (${(100 * summary.modelRunsSavedByMasking).toFixed(0)}% fewer model runs); lines: ${distinctRawLines} distinct raw, ${distinctMaskedLines} distinct masked.\n`);
  console.log('| mode | config | chunks | texts embedded | of which > 256 tokens | seconds (median pass) | chunks/s median | chunks/s best | event-loop stall max, ms |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.mode} | ${r.config} | ${r.chunks} | ${r.modelRuns} | ${r.windowed} | ${r.seconds.toFixed(2)} | ${r.chunksPerSec.toFixed(1)} | ${(r.bestChunksPerSec ?? r.chunksPerSec).toFixed(1)} | ${r.eventLoopMaxMs.toFixed(0)} |`);
  }

  const outDir = join(benchDir, 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'embed.json'), JSON.stringify({ when: new Date().toISOString(), machine, summary, rows }, null, 2) + '\n');
  console.log(`\nwrote ${join(outDir, 'embed.json')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
