import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IngestPipeline } from '../ingest/pipeline.js';
import type { Migration } from '../store/migrations.js';
import { Store } from '../store/store.js';
import { TemplateRepo, templatesMigration } from '../templates/index.js';
import { deleteValuesOf, ValueRows } from './layout.js';
import { valuesDictionaryMigration, valuesKeysMigration, valuesMigration } from './migration.js';
import { ValueWriter } from './store.js';

const SEC = 1_000_000_000n;
const T0 = BigInt(Date.UTC(2026, 10, 24, 14, 0, 0)) * 1_000_000n;
const LINES = [
  'login user=Admin src=10.0.0.7 took 12 ms',
  'login user=admin src=10.0.0.8 took 1.5 s',
  'login user=ROOT src=10.0.0.7 took 3 ms',
  'dumped 128 core files on node Node-7',
  'dumped 3 core files on node node-8',
];
/** The former one-table layout (values/migration.ts version 6 before the dictionary layout). */
const FORMER = `
  CREATE TABLE entry_values (
    entry_id INTEGER NOT NULL, pos INTEGER NOT NULL, stream_id INTEGER NOT NULL, template_id INTEGER, ts_ns INTEGER NOT NULL,
    key TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, num REAL, unit TEXT, after TEXT,
    PRIMARY KEY (entry_id, pos)) WITHOUT ROWID;
  CREATE INDEX entry_values_text ON entry_values (lower(text), stream_id);
  CREATE INDEX entry_values_template ON entry_values (template_id, key);`;
const COLUMNS = 'entry_id, pos, stream_id, template_id, ts_ns, key, kind, text, num, unit, after';

function written(migrations: Migration[]) {
  const file = join(mkdtempSync(join(tmpdir(), 'loglens-values-layout-')), 'x.db');
  const store = Store.open(file, { migrations });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger }).ingest(
    'test',
    LINES.map((line, i) => ({ tenant: 't', labels: { job: 'x' }, tsNs: T0 + BigInt(i) * SEC, line })),
  );
  return { store, file };
}

const rowsOf = (s: Store) => s.db.prepare(`SELECT ${COLUMNS} FROM entry_values ORDER BY entry_id, pos`).raw(true).safeIntegers(true).all();
const orphanTexts = (s: Store) => s.db.prepare('SELECT count(*) FROM value_texts t WHERE NOT EXISTS (SELECT 1 FROM value_rows r WHERE r.text_id = t.id)').pluck().get();

/** Rewrites a store's values in the former layout, as a store written before the dictionary held them. */
function toFormerLayout(s: Store): void {
  const rows = rowsOf(s);
  s.db.exec('DROP VIEW entry_values; DROP TABLE value_rows; DROP TABLE value_texts; DROP TABLE value_slots;' + FORMER);
  const ins = s.db.prepare(`INSERT INTO entry_values (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?').join(', ')})`);
  for (const r of rows) ins.run(...(r as unknown[]));
}

test('the view gives back every value as written: case, unit, the word after; each lower-cased text stored once', () => {
  const { store } = written([templatesMigration, valuesMigration]);
  const rows = store.db.prepare('SELECT key, kind, text, unit, after FROM entry_values ORDER BY entry_id, pos').all() as { key: string; kind: string; text: string; unit: string | null; after: string | null }[];
  const texts = rows.map((r) => r.text);
  for (const t of ['Admin', 'admin', 'ROOT', 'Node-7']) assert.ok(texts.includes(t), texts.join(' '));
  assert.ok(rows.some((r) => r.unit === 'ms') && rows.some((r) => r.unit === 's'), JSON.stringify(rows));
  assert.ok(rows.some((r) => r.after === 'core'), JSON.stringify(rows));
  const distinct = new Set(texts.map((t) => t.toLowerCase())).size;
  assert.equal(store.db.prepare('SELECT count(*) FROM value_texts').pluck().get(), distinct);
  assert.ok(distinct < texts.length);
  store.close();
});

for (const [name, first] of [
  ['a store at the keys migration is converted by the dictionary migration', [templatesMigration, valuesMigration, valuesKeysMigration]],
  ['a store before the keys migration is converted first thing by it', [templatesMigration, valuesMigration]],
] as const) {
  test(`${name}, every value kept`, () => {
    const { store, file } = written([...first]);
    const before = rowsOf(store);
    assert.ok(before.length > LINES.length);
    toFormerLayout(store);
    assert.deepEqual(rowsOf(store), before);
    store.close();
    const again = Store.open(file, { migrations: [templatesMigration, valuesMigration, valuesKeysMigration, valuesDictionaryMigration] });
    assert.equal(again.db.prepare("SELECT type FROM sqlite_master WHERE name = 'entry_values'").pluck().get(), 'view');
    assert.deepEqual(rowsOf(again), before);
    assert.equal(orphanTexts(again), 0);
    // and the converted store is written as a new one is
    const uses = (again.db.prepare("EXPLAIN QUERY PLAN SELECT entry_id FROM entry_values WHERE norm = 'admin' AND stream_id = 1").all() as { detail: string }[]).map((r) => r.detail);
    assert.ok(uses.some((d) => d.includes('value_rows_text')), uses.join('; '));
    again.close();
  });
}

test('deleting entries’ values deletes the texts only they held, and a re-read the texts it no longer holds', () => {
  const { store } = written([templatesMigration, valuesMigration]);
  const db = store.db;
  const norms = () => new Set(db.prepare('SELECT norm FROM value_texts').pluck().all() as string[]);
  const first = db.prepare('SELECT min(id) FROM entries').pluck().get() as number;
  assert.ok(norms().has('10.0.0.7') && norms().has('admin') && norms().has('12 ms'));
  deleteValuesOf(db)(JSON.stringify([first]));
  // "12 ms" went with its line; 10.0.0.7 is still held by the ROOT line, "admin" by the second line
  assert.equal(orphanTexts(store), 0);
  assert.ok(norms().has('10.0.0.7') && norms().has('admin') && !norms().has('12 ms'), [...norms()].join(' '));
  deleteValuesOf(db)(JSON.stringify([first + 1]));
  assert.ok(!norms().has('admin') && !norms().has('10.0.0.8'), [...norms()].join(' '));
  assert.equal(orphanTexts(store), 0);
  // a re-read that finds other values (here: none) leaves no text behind either
  const rows = new ValueRows(db);
  const held = db.prepare('SELECT count(*) FROM value_texts').pluck().get() as number;
  rows.clear(first + 2);
  rows.end();
  assert.equal(orphanTexts(store), 0);
  assert.ok((db.prepare('SELECT count(*) FROM value_texts').pluck().get() as number) < held);
  store.close();
});
