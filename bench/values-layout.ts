// The value store's layout: the former one table against the product's dictionary layout
// (backend/src/values/layout.ts), side by side in one run on the same rows: bytes per stored line
// (tables and indexes), write cost in the ingest's transaction size (the product's own writer,
// values/layout.ts ValueRows), and three query shapes the planner runs (an identifier looked up in
// a tenant's streams; one slot of one template aggregated over a window; the keys of a few kinds
// of line), with the answers checked equal.
//   npm run bench -- values-layout [-- --lines 200000]
//
// Why: at 1M lines (issue #16's scale bench) the former layout was the largest part of the bytes
// (449 of 1,016 B/line) and, with its two indexes, a fifth of the push CPU and most of the commit
// cost. Each row repeated what its entry holds (stream, template, time) and its key and kind as text.
//
// The rows are the product's own: LogHub replicas with fresh values (bench/scale-data.ts) pushed
// through the sidecar's pipeline (templates, value extraction), read back through the entry_values
// view, then written into both layouts. Not covered here: the what-changed sampler and the
// planner's per-key profile sample (plan/slot-sample.ts), whose answers the dev QA set checks.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../backend/src/app.js';
import { loadConfig } from '../backend/src/config/load.js';
import { seededRandom } from '../backend/src/lib/random.js';
import { TEMPLATE_KEYS_SQL } from '../backend/src/plan/sql.js';
import { ValueRows, VALUE_TABLES } from '../backend/src/values/layout.js';
import type { ValueKind } from '../backend/src/values/types.js';
import { createLogger } from '../backend/src/telemetry/logger.js';
import { LOGHUB_DIR, sharedMissing } from '../backend/test/paths.js';
import { machine, stats, table, writeResult } from './lib.js';
import { batches, loadSources } from './scale-data.js';

const { values: a } = parseArgs({ options: { lines: { type: 'string', default: '200000' } } });
const LINES = Number(a.lines);
const missing = sharedMissing();
if (missing) {
  console.error(missing);
  process.exit(2);
}
/** Lines per write transaction: the push path's slice (backend/src/ingest/pipeline.ts INGEST_SLICE_LINES). */
const SLICE_LINES = 256;

interface Row {
  entry_id: number;
  pos: number;
  stream_id: number;
  template_id: number | null;
  ts_ns: bigint;
  key: string;
  kind: string;
  text: string;
  num: number | null;
  unit: string | null;
  after: string | null;
}

// ---- the rows, as the product writes them ---------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'loglens-bench-values-'));
const app = createApp(loadConfig({}, { dataDir: join(dir, 'app'), embedding: { enabled: false }, log: { level: 'silent' } }), {
  logger: createLogger('silent'),
  processMetrics: false,
});
const sources = await loadSources(LOGHUB_DIR);
let pushed = 0;
for (const batch of batches(sources, 7, 5000)) {
  app.pipeline.ingest('bench', batch.map((l) => ({ tenant: 'bench', labels: { job: l.job }, tsNs: l.tsNs, line: l.line })), { final: false });
  pushed += batch.length;
  if (pushed >= LINES) break;
}
app.pipeline.chunkPending(true);
const rows = app.store.db
  .prepare('SELECT entry_id, pos, stream_id, template_id, ts_ns, key, kind, text, num, unit, after FROM entry_values ORDER BY entry_id, pos')
  .safeIntegers(false)
  .all() as Row[];
for (const r of rows) r.ts_ns = BigInt(r.ts_ns as unknown as number);
// The entries' columns the queries join on (both layouts get the same entries table).
const entries = app.store.db.prepare('SELECT id, stream_id, ts_ns, template_id FROM entries ORDER BY id').safeIntegers(true).all() as {
  id: bigint;
  stream_id: bigint;
  ts_ns: bigint;
  template_id: bigint | null;
}[];
await app.close();
console.log(`${pushed} lines pushed through the pipeline: ${rows.length} value rows (${(rows.length / pushed).toFixed(2)} per line), ${entries.length} entries`);

// ---- the two layouts ------------------------------------------------------------------------------
interface Layout {
  name: string;
  schema: string;
  /** A writer for one transaction's rows; keeps what it caches between transactions. */
  writer(db: Database.Database): (rows: readonly Row[]) => void;
  lookup: string;
  aggregate: string;
  /** The planner's key listing of some templates (plan/planner.ts profile). */
  keys: string;
}

const ENTRIES = `
  CREATE TABLE entries (id INTEGER PRIMARY KEY, stream_id INTEGER NOT NULL, ts_ns INTEGER NOT NULL, template_id INTEGER);
  CREATE INDEX entries_template ON entries (template_id) WHERE template_id IS NOT NULL;`;

const layouts: Layout[] = [
  {
    name: 'former: a row with stream, template, time, key, kind and text',
    schema: `
      CREATE TABLE entry_values (
        entry_id INTEGER NOT NULL, pos INTEGER NOT NULL, stream_id INTEGER NOT NULL, template_id INTEGER, ts_ns INTEGER NOT NULL,
        key TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, num REAL, unit TEXT, after TEXT,
        PRIMARY KEY (entry_id, pos)) WITHOUT ROWID;
      CREATE INDEX entry_values_text ON entry_values (lower(text), stream_id);
      CREATE INDEX entry_values_template ON entry_values (template_id, key);`,
    writer(db) {
      const ins = db.prepare(
        'INSERT OR REPLACE INTO entry_values (entry_id, pos, stream_id, template_id, ts_ns, key, kind, text, num, unit, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      return (rs) => {
        for (const r of rs) ins.run(r.entry_id, r.pos, r.stream_id, r.template_id, r.ts_ns, r.key, r.kind, r.text, r.num, r.unit, r.after);
      };
    },
    lookup: `SELECT entry_id FROM entry_values WHERE lower(text) = lower(?) AND stream_id IN (SELECT value FROM json_each(?)) ORDER BY entry_id`,
    aggregate: `SELECT count(*) AS n, sum(v.num) AS s, max(v.num) AS mx FROM entries e JOIN entry_values v ON v.entry_id = e.id
                 WHERE v.template_id = ? AND v.key = ? AND v.kind = ? AND e.ts_ns >= ? AND e.ts_ns < ?`,
    // the skip-scan of (template_id, key) the planner ran before the slot dictionary
    keys: `WITH RECURSIVE k(t, key) AS (
             SELECT value, (SELECT min(key) FROM entry_values WHERE template_id = value) FROM json_each(?)
             UNION ALL
             SELECT t, (SELECT min(key) FROM entry_values WHERE template_id = k.t AND key > k.key) FROM k WHERE k.key IS NOT NULL)
           SELECT DISTINCT key FROM k WHERE key IS NOT NULL LIMIT ?`,
  },
  {
    name: "product: values/layout.ts (slots per template, texts once, rows by (entry, pos))",
    schema: VALUE_TABLES,
    writer(db) {
      const rows = new ValueRows(db);
      return (rs) => {
        for (const r of rs) rows.insert(r.entry_id, r.stream_id, r.template_id, { pos: r.pos, key: r.key, kind: r.kind as ValueKind, text: r.text, num: r.num ?? undefined, unit: r.unit ?? undefined, after: r.after ?? undefined });
        rows.end();
      };
    },
    lookup: `SELECT entry_id FROM entry_values WHERE norm = lower(?) AND stream_id IN (SELECT value FROM json_each(?)) ORDER BY entry_id`,
    aggregate: `SELECT count(*) AS n, sum(v.num) AS s, max(v.num) AS mx FROM entries e JOIN entry_values v ON v.entry_id = e.id
                 WHERE v.template_id = ? AND v.key = ? AND v.kind = ? AND e.ts_ns >= ? AND e.ts_ns < ?`,
    keys: TEMPLATE_KEYS_SQL,
  },
];

// ---- the queries: identifiers and slots drawn from the rows ------------------------------------------
const rand = seededRandom(11);
const streams = [...new Set(rows.map((r) => r.stream_id))];
const idRows = rows.filter((r) => ['ip', 'ipport', 'host', 'id', 'uuid', 'path', 'word'].includes(r.kind));
const lookups = Array.from({ length: 300 }, () => {
  const r = idRows[Math.floor(rand() * idRows.length)];
  // Half the asks name the value's stream among a few; half name all streams.
  const ss = rand() < 0.5 ? [r.stream_id, ...streams.filter((s) => s !== r.stream_id).slice(0, 3)] : streams;
  return { text: r.text.toUpperCase() === r.text ? r.text.toLowerCase() : r.text, streams: JSON.stringify(ss) };
});
const numRows = rows.filter((r) => r.num !== null && r.template_id !== null);
const minTs = entries[0].ts_ns;
const maxTs = entries[entries.length - 1].ts_ns;
const aggregates = Array.from({ length: 200 }, () => {
  const r = numRows[Math.floor(rand() * numRows.length)];
  const span = maxTs - minTs;
  const from = minTs + BigInt(Math.floor(rand() * 0.7 * Number(span)));
  return { template: r.template_id, key: r.key, kind: r.kind, from, to: from + span / 4n };
});
const templateIds = [...new Set(rows.map((r) => r.template_id).filter((t): t is number => t !== null))];
/** Key listings of a few kinds of line at once, as the planner profiles a plan's targets. */
const listings = Array.from({ length: 200 }, () => JSON.stringify(Array.from({ length: 1 + Math.floor(rand() * 8) }, () => templateIds[Math.floor(rand() * templateIds.length)])));
/** Keys listed per plan at most (plan/planner.ts MAX_PROFILED_KEYS). */
const KEYS_LIMIT = 64;

const results: Record<string, unknown>[] = [];
const out: (string | number)[][] = [];
const answers: string[] = [];
for (const layout of layouts) {
  const file = join(dir, `${results.length}.db`);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(ENTRIES + layout.schema);
  const insE = db.prepare('INSERT INTO entries (id, stream_id, ts_ns, template_id) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const e of entries) insE.run(e.id, e.stream_id, e.ts_ns, e.template_id);
  })();
  const write = layout.writer(db);
  // Transactions of SLICE_LINES entries' rows, in entry order, as the push path writes them.
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0, entryCount = 0, start = 0; i <= rows.length; i++) {
    if (i === rows.length || (i > start && rows[i].entry_id !== rows[i - 1].entry_id && ++entryCount % SLICE_LINES === 0)) {
      const part = rows.slice(start, i);
      db.transaction(() => write(part))();
      start = i;
    }
  }
  const c = process.cpuUsage(c0);
  const writeS = (performance.now() - t0) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const parts = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name NOT LIKE 'entries%' AND name NOT LIKE 'sqlite_%' GROUP BY name").all() as {
    name: string;
    bytes: number;
  }[];
  const auto = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'sqlite_autoindex_value%' GROUP BY name").all() as { name: string; bytes: number }[];
  const all = [...parts, ...auto];
  const bytes = all.reduce((n, p) => n + p.bytes, 0);
  const lookup = db.prepare(layout.lookup).pluck().safeIntegers(false);
  const aggregate = db.prepare(layout.aggregate).safeIntegers(false);
  const lt: number[] = [];
  const at: number[] = [];
  const got: unknown[] = [];
  for (const q of lookups) {
    const s = performance.now();
    got.push(lookup.all(q.text, q.streams));
    lt.push(performance.now() - s);
  }
  for (const q of aggregates) {
    const s = performance.now();
    got.push(aggregate.get(q.template, q.key, q.kind, q.from, q.to));
    at.push(performance.now() - s);
  }
  const keys = db.prepare(layout.keys).pluck();
  const kt: number[] = [];
  for (const q of listings) {
    const s = performance.now();
    got.push(keys.all(q, KEYS_LIMIT));
    kt.push(performance.now() - s);
  }
  answers.push(JSON.stringify(got));
  const l = stats(lt);
  const ag = stats(at);
  const kl = stats(kt);
  out.push([
    layout.name,
    (bytes / pushed).toFixed(0),
    all.map((p) => `${p.name.replace('sqlite_autoindex_', 'auto:')} ${(p.bytes / pushed).toFixed(0)}`).join(', '),
    (pushed / writeS).toFixed(0),
    (pushed / ((c.user + c.system) / 1e6)).toFixed(0),
    `${l.p50.toFixed(2)} / ${l.p95.toFixed(2)}`,
    `${ag.p50.toFixed(2)} / ${ag.p95.toFixed(2)}`,
    `${kl.p50.toFixed(2)} / ${kl.p95.toFixed(2)}`,
  ]);
  results.push({ layout: layout.name, bytes, parts: all, writeS, cpuS: (c.user + c.system) / 1e6, lookup: l, aggregate: ag, keys: kl });
  db.close();
}
const same = answers.every((x) => x === answers[0]);
console.log(`\nValue store layouts, side by side on the same ${rows.length} rows of ${pushed} lines (${machine()})`);
console.log(
  table(['layout', 'B/line', 'by part (B/line)', 'write lines/s (256-line txns)', 'lines per CPU s', 'look-up p50 / p95 ms', 'slot aggregate p50 / p95 ms', 'key listing p50 / p95 ms'], out),
);
console.log(`answers of the ${lookups.length} look-ups, ${aggregates.length} aggregates and ${listings.length} key listings: ${same ? 'equal in both layouts' : 'DIFFER'}`);
writeResult('values-layout', { lines: pushed, rows: rows.length, machine: machine(), results, same });
rmSync(dir, { recursive: true, force: true });
if (!same) process.exit(1);
