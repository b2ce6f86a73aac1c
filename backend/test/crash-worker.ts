// A process the crash-loop test SIGKILLs at random points. It opens the app exactly as production
// does (createApp: store, templates, chunking, vector index when available), then ingests a fixed
// input in numbered batches through app.pipeline.ingest, each batch committed together with its
// cursor (the batch number) so a restart resumes after the last committed batch. At the end it
// closes every chunk, waits for the vector index to catch up and prints the index status.
//
//   node --import tsx test/crash-worker.ts --dir DATA_DIR [--batch 200] [--die-in BATCH:N] [--die-final N]
// --die-in makes the process SIGKILL itself inside batch BATCH, just before the Nth chunk write of
// that batch's ingest: a point between the entry insert and the chunk commit that an outside kill
// rarely hits.
// --die-final makes it SIGKILL itself at the Nth step of the final phase (a chunk write of the
// flush, an embedding batch done, vectors added to the index): a point in the flush or the index
// build whatever the machine's speed, where a kill after a delay may find the run already over.
// stdout, one JSON object per line: {ready, resumeAt}, {batch}, {final}, {done, index}

import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { readLogFile } from '../src/ingest/file.js';
import { createLogger } from '../src/telemetry/logger.js';
import type { LogEntry } from '../src/types.js';
import { scenarioEntries } from './hardening-lib.js';
import { LOGHUB_DATASETS, LOGHUB_DIR, sharedMissing } from './paths.js';

export const CRASH_SOURCE = 'crash-loop';

const { values: a } = parseArgs({
  options: { dir: { type: 'string' }, batch: { type: 'string', default: '200' }, 'die-in': { type: 'string' }, 'die-final': { type: 'string' } },
});
if (!a.dir) {
  process.stderr.write('usage: crash-worker --dir DATA_DIR [--batch N]\n');
  process.exit(2);
}
const say = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

/** The 16 LogHub logs when the team material is there, else the demo scenario: the same every run. */
async function input(): Promise<LogEntry[]> {
  if (sharedMissing()) return (await scenarioEntries()).map((e) => ({ ...e, tenant: 'default' }));
  const out: LogEntry[] = [];
  for (const name of LOGHUB_DATASETS) {
    await readLogFile(join(LOGHUB_DIR, name, `${name}_2k.log`), { tenant: 'default', labels: { job: name }, defaultYear: 2026, batchSize: 100_000 }, (b) => {
      out.push(...b);
    });
  }
  return out;
}

const app = createApp(loadConfig({}, { dataDir: a.dir, auth: { disabled: true }, log: { level: 'silent' } }), {
  logger: createLogger('silent'),
  processMetrics: false,
});
await app.start();
const entries = await input();
const size = Number(a.batch);
const batches: LogEntry[][] = [];
for (let i = 0; i < entries.length; i += size) batches.push(entries.slice(i, i + size));
let current = -1;
let final = false;
if (a['die-final']) {
  const nth = Number(a['die-final']);
  let steps = 0;
  const step = () => {
    if (final && ++steps >= nth) process.kill(process.pid, 'SIGKILL');
  };
  const store = app.store;
  const insertChunks = store.insertChunks.bind(store);
  store.insertChunks = (chunks) => {
    step();
    return insertChunks(chunks);
  };
  // The index build reports each embedding batch and each add through these metrics.
  const observe = app.metrics.embedBatchDuration.observe.bind(app.metrics.embedBatchDuration);
  app.metrics.embedBatchDuration.observe = ((...args: Parameters<typeof observe>) => {
    observe(...args);
    step();
  }) as typeof observe;
  const set = app.metrics.vectorsIndexed.set.bind(app.metrics.vectorsIndexed);
  app.metrics.vectorsIndexed.set = ((...args: Parameters<typeof set>) => {
    set(...args);
    step();
  }) as typeof set;
}
if (a['die-in']) {
  const [batch, nth] = a['die-in'].split(':').map(Number);
  const store = app.store;
  const insertChunks = store.insertChunks.bind(store);
  let seen = 0;
  store.insertChunks = (chunks) => {
    if (current >= batch && ++seen >= nth) process.kill(process.pid, 'SIGKILL');
    return insertChunks(chunks);
  };
}
const cursor = app.store.getCursor(CRASH_SOURCE);
const resumeAt = cursor === undefined ? 0 : Number(cursor) + 1;
say({ ready: true, resumeAt, batches: batches.length, input: sharedMissing() ? 'demo' : 'loghub' });
for (let i = resumeAt; i < batches.length; i++) {
  current = i;
  app.pipeline.ingest('file', batches[i], { cursor: { sourceId: CRASH_SOURCE, cursor: String(i) }, final: false });
  say({ batch: i });
  // Yield so the vector index's background catch-up interleaves with ingest, as in the server.
  await new Promise((r) => setImmediate(r));
}
say({ final: true });
final = true;
app.pipeline.chunkPending(true);
await app.vectors?.idle();
// How many steps the final phase has depends on how much of the index the background catch-up
// built during ingest (machine speed): a kill asked for at a later step than there were lands at
// the last one, so a final-phase kill never becomes a clean finish on a fast or a slow machine.
if (a['die-final']) process.kill(process.pid, 'SIGKILL');
say({ done: true, index: app.vectors?.status() ?? null });
await app.close();
