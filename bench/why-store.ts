// Builds a what-changed bench store in-process: LogHub-2k replicas (bench/scale-data.ts, the scale
// bench's lines: 16 streams, fresh values, new hours) ingested through the pipeline of createApp,
// embeddings off (the what-changed analysis reads no vectors). The analysis cost follows the lines
// of its window and baseline (32,000 per replica hour), not the store's size, so a store of a few
// hours measures what a 1M-line one does; --lines 1M builds one of that size too.
//   cd backend && npx tsx ../bench/why-store.ts --lines 100k --dir /tmp/why-100k
// --demo: the demo incident instead (tenant default, as bench/ask.ts ingests it; its change
// analysis there reads 13:30-14:30 on 2026-11-24).
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeScenario } from '../backend/src/demo/scenario.js';
import { readLogFile } from '../backend/src/ingest/file.js';
import { parseArgs } from 'node:util';
import { createApp } from '../backend/src/app.js';
import { loadConfig } from '../backend/src/config/load.js';
import { createLogger } from '../backend/src/telemetry/logger.js';
import { defaultLoghubDir } from '../backend/eval/templates-data.js';
import { batches, loadSources, parseStages } from './scale-data.js';

const { values: a } = parseArgs({ options: { lines: { type: 'string', default: '100k' }, dir: { type: 'string' }, seed: { type: 'string', default: '16' }, demo: { type: 'boolean', default: false } } });
const [target] = parseStages(a.lines!);
const dir = a.dir ?? `/tmp/loglens-why-${a.lines}`;
mkdirSync(dir, { recursive: true });
const app = createApp(loadConfig({}, { dataDir: dir, auth: { disabled: true }, embedding: { enabled: false }, retention: { maxAgeHours: 0 } }), { logger: createLogger('silent'), processMetrics: false });
const t0 = performance.now();
let n = 0;
if (a.demo) {
  const { files } = writeScenario(join(dir, 'scenario'));
  for (const f of Object.values(files)) {
    await readLogFile(f, { tenant: 'default', labels: { job: basename(f, '.log') } }, (b) => {
      app.pipeline.ingest('file', b, { final: false });
      n += b.length;
    });
  }
}
for (const b of a.demo ? [] : batches(await loadSources(defaultLoghubDir()), Number(a.seed), 5000)) {
  app.pipeline.ingest('push', b.map((l) => ({ tenant: 'scale', labels: { job: l.job }, tsNs: l.tsNs, line: l.line })), { final: false });
  n += b.length;
  if (n % 100_000 === 0) console.log(`${n} lines, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (n >= target) break;
}
app.pipeline.chunkPending(true);
console.log(`${n} lines in ${((performance.now() - t0) / 1000).toFixed(0)} s -> ${dir}`);
await app.close();
