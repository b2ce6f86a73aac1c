// A process the crash-loop test SIGKILLs at random points. It opens the app exactly as production
// does (createApp: store, templates, chunking, vector index when available), then ingests a fixed
// input in numbered batches through app.pipeline.ingest, each batch committed together with its
// cursor (the batch number) so a restart resumes after the last committed batch. At the end it
// closes every chunk, waits for the vector index to catch up and prints the index status.
//
//   node --import tsx test/crash-worker.ts --dir DATA_DIR [--batch 200] [--die-in BATCH:N]
// --die-in makes the process SIGKILL itself inside batch BATCH, just before the Nth chunk write of
// that batch's ingest: a point between the entry insert and the chunk commit that an outside kill
// rarely hits.
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
  options: { dir: { type: 'string' }, batch: { type: 'string', default: '200' }, 'die-in': { type: 'string' } },
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
app.pipeline.chunkPending(true);
await app.vectors?.idle();
say({ done: true, index: app.vectors?.status() ?? null });
await app.close();
