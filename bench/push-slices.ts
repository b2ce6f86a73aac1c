// Push ingest in one transaction vs in slices (IngestPipeline.ingestSliced), side by side in one
// process: the same 5,000-line pushes of LogHub-2k replicas (bench/scale-data.ts) go, in rotating
// order, into one store per variant. Per variant: lines/s of CPU, and the longest synchronous
// stretch per push (what a /healthz or an ask arriving meanwhile waits behind), read from the
// event loop's own delay histogram. Vectors are off: this is the write path alone.
//   npm run bench -- push-slices     (or: cd backend && npx tsx ../bench/push-slices.ts [--pushes 40] [--slices 128,256,512])
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createApp, type App } from '../backend/src/app.js';
import { loadConfig } from '../backend/src/config/load.js';
import { createLogger } from '../backend/src/telemetry/logger.js';
import { defaultLoghubDir, loghubAvailable } from '../backend/eval/templates-data.js';
import type { LogEntry } from '../backend/src/types.js';
import { batches, loadSources, type GenLine } from './scale-data.js';
import { machine, stats, table, writeResult } from './lib.js';

const { values: a } = parseArgs({
  options: {
    pushes: { type: 'string', default: '40' },
    batch: { type: 'string', default: '5000' },
    slices: { type: 'string', default: '128,256,512' },
  },
});
if (!loghubAvailable()) {
  console.error(`LogHub-2k not found at ${defaultLoghubDir()}: nothing to measure`);
  process.exit(2);
}
const PUSHES = Number(a.pushes);
const BATCH = Number(a.batch);
const SLICES = a.slices!.split(',').map(Number);

interface Variant {
  name: string;
  slice: number | null;
  app: App;
  dir: string;
  cpuMs: number;
  lines: number;
  stretches: number[];
}
const variants: Variant[] = [null, ...SLICES].map((slice) => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-bench-slices-'));
  const app = createApp(loadConfig({}, { dataDir: dir, server: { port: 0 }, embedding: { enabled: false } }), { logger: createLogger('silent'), processMetrics: false });
  return { name: slice === null ? 'one transaction (before)' : `slices of ${slice}`, slice, app, dir, cpuMs: 0, lines: 0, stretches: [] };
});

const sources = await loadSources(defaultLoghubDir());
const gen = batches(sources, 16, BATCH);
const delay = monitorEventLoopDelay({ resolution: 1 });
const load0 = loadavg()[0];
for (let p = 0; p < PUSHES; p++) {
  const entries: LogEntry[] = gen.next().value!.map((l: GenLine) => ({ tenant: 'bench', labels: { job: l.job }, tsNs: l.tsNs, line: l.line }));
  // Rotate who goes first so warm caches and machine noise spread over every variant alike.
  for (let k = 0; k < variants.length; k++) {
    const v = variants[(p + k) % variants.length];
    await new Promise((r) => setImmediate(r));
    delay.reset();
    delay.enable();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    if (v.slice === null) v.app.pipeline.ingest('push', entries, { final: true });
    else await v.app.pipeline.ingestSliced('push', entries, { final: true, sliceLines: v.slice });
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    delay.disable();
    v.cpuMs += (c.user + c.system) / 1000;
    v.lines += entries.length;
    // One transaction never yields: the whole call is one stretch. Sliced: the loop's worst delay.
    v.stretches.push(v.slice === null ? wall : delay.max / 1e6);
  }
}
const load1 = loadavg()[0];
const base = variants[0];
const rows = variants.map((v) => {
  const s = stats(v.stretches);
  return {
    variant: v.name,
    linesPerCpuS: v.lines / (v.cpuMs / 1000),
    cpuRatio: v.cpuMs / base.cpuMs,
    stretch: { p50: s.p50, p99: s.p99, max: Math.max(...v.stretches) },
    chunks: (v.app.store.db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n,
  };
});
for (const v of variants) {
  await v.app.close();
  rmSync(v.dir, { recursive: true, force: true });
}
const m = machine();
console.log(`\nPush ingest, one transaction vs slices: ${PUSHES} pushes of ${BATCH} lines per variant (LogHub-2k replicas, 16 streams), rotating order, vectors off, on ${m}; load average ${load0.toFixed(1)} -> ${load1.toFixed(1)}\n`);
console.log(
  table(
    ['variant', 'lines per CPU s', 'CPU vs one transaction', 'longest stretch per push p50 / p99 / max ms', 'chunks'],
    rows.map((r) => [r.variant, r.linesPerCpuS.toFixed(0), r.cpuRatio.toFixed(2), `${r.stretch.p50.toFixed(0)} / ${r.stretch.p99.toFixed(0)} / ${r.stretch.max.toFixed(0)}`, String(r.chunks)]),
  ),
);
console.log(`\nJSON: ${writeResult('push-slices', { machine: m, pushes: PUSHES, batch: BATCH, load: [load0, load1], rows })}`);
