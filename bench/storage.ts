// Bytes per stored line by part, and what retention gives back, for the layout before this change
// (the (stream, ts) index the unique key already covers, no incremental vacuum) and after, side by
// side in one run on the same lines: LogHub's 16 samples, replicated with each copy a day later.
//   npm run bench -- storage [-- --copies 4]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp, type App } from '../backend/src/app.js';
import { loadConfig } from '../backend/src/config/load.js';
import { readLogFile } from '../backend/src/ingest/file.js';
import { createLogger } from '../backend/src/telemetry/logger.js';
import type { LogEntry } from '../backend/src/types.js';
import { LOGHUB_DATASETS, LOGHUB_DIR, sharedMissing } from '../backend/test/paths.js';
import { machine, table, writeResult } from './lib.js';

const { values: a } = parseArgs({ options: { copies: { type: 'string', default: '4' } } });
const copies = Number(a.copies);
const missing = sharedMissing();
if (missing) {
  console.error(missing);
  process.exit(2);
}

const DAY_NS = 86_400_000_000_000n;
/** Every sample is moved to end here (LogHub's samples are from different years). */
const newest = BigInt(Date.parse('2026-11-01T00:00:00Z')) * 1_000_000n;
const entries: LogEntry[] = [];
for (const name of LOGHUB_DATASETS) {
  const own: LogEntry[] = [];
  await readLogFile(join(LOGHUB_DIR, name, `${name}_2k.log`), { tenant: 'bench', labels: { job: name } }, (batch) => {
    own.push(...batch);
  });
  const last = own.reduce((m, e) => (e.tsNs > m ? e.tsNs : m), own[0].tsNs);
  for (const e of own) entries.push({ ...e, tsNs: e.tsNs - last + newest });
}

interface Layout {
  name: string;
  /** Turns a fresh store into the layout being measured. */
  prepare(app: App): void;
}
const layouts: Layout[] = [
  {
    name: 'before (extra index, no incremental vacuum)',
    prepare(app) {
      app.store.db.exec('CREATE INDEX IF NOT EXISTS entries_stream_ts ON entries (stream_id, ts_ns)');
      app.store.db.pragma('auto_vacuum = NONE');
      app.store.db.exec('VACUUM');
    },
  },
  { name: 'after', prepare() {} },
];

const rows: (string | number)[][] = [];
const results: Record<string, unknown>[] = [];
for (const layout of layouts) {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-bench-storage-'));
  // "Now" is a day after the newest line; the age limit keeps the newest half of the copies.
  const nowMs = Number((newest + DAY_NS) / 1_000_000n);
  const app = createApp(
    loadConfig({}, { dataDir: dir, embedding: { enabled: false }, log: { level: 'silent' }, retention: { maxAgeHours: 24 * (1 + copies / 2) } }),
    { logger: createLogger('silent'), processMetrics: false, now: () => nowMs },
  );
  layout.prepare(app);
  let lines = 0;
  let lineBytes = 0;
  const t0 = performance.now();
  for (let c = copies - 1; c >= 0; c--) {
    const shifted = entries.map((e) => ({ ...e, tsNs: e.tsNs - BigInt(c) * DAY_NS, line: c === 0 ? e.line : `${e.line} c${c}` }));
    for (let i = 0; i < shifted.length; i += 2000) {
      const part = shifted.slice(i, i + 2000);
      app.pipeline.ingest('file', part, { final: false });
      lines += part.length;
      for (const e of part) lineBytes += Buffer.byteLength(e.line);
    }
  }
  app.pipeline.chunkPending(true);
  const ingestS = (performance.now() - t0) / 1000;
  const db = app.store.db;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const parts = db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
  const group = (n: string) =>
    n.startsWith('chunks_fts') ? 'fts' : n === 'entries' ? 'entries' : n.startsWith('entries') || n.startsWith('sqlite_autoindex_entries') ? 'entry indexes' : n.startsWith('entry_values') || n.startsWith('value_') ? 'values' : n.startsWith('chunks') ? 'chunks' : 'other';
  const byGroup = new Map<string, number>();
  for (const p of parts) byGroup.set(group(p.name), (byGroup.get(group(p.name)) ?? 0) + p.bytes);
  const fileBefore = statSync(app.store.path).size;
  const r = await app.retention.runOnce();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const fileAfter = statSync(app.store.path).size;
  const kept = app.store.tenantCounts('bench').entries;
  const per = (k: string) => ((byGroup.get(k) ?? 0) / lines).toFixed(0);
  rows.push([
    layout.name,
    lines,
    (lineBytes / lines).toFixed(0),
    (fileBefore / lines).toFixed(0),
    per('entries'),
    per('entry indexes'),
    per('values'),
    per('chunks'),
    per('fts'),
    per('other'),
    (lines / ingestS).toFixed(0),
    `${r.deleted.reduce((n, d) => n + d.entries, 0)} (${kept} kept)`,
    `${(fileBefore / 1048576).toFixed(1)} -> ${(fileAfter / 1048576).toFixed(1)}`,
  ]);
  results.push({ layout: layout.name, lines, lineBytes, fileBefore, fileAfter, parts: Object.fromEntries(byGroup), deleted: r.deleted, retentionMs: r.ms });
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nstorage per stored line, ${copies} copies of LogHub's 16 samples (embedding off: the vector index is separate) on ${machine()}`);
console.log(
  table(
    ['layout', 'lines', 'raw B/line', 'file B/line', 'entries', 'entry idx', 'values', 'chunks', 'fts', 'other', 'ingest lines/s', 'retention deleted', 'file MiB after retention'],
    rows,
  ),
);
console.log(`(results in ${writeResult('storage', results)})`);
