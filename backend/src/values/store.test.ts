import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IngestPipeline } from '../ingest/pipeline.js';
import { Store } from '../store/store.js';
import { TemplateRepo, templatesMigration } from '../templates/index.js';
import { valuesMigration } from './migration.js';
import { ValueWriter } from './store.js';

const SEC = 1_000_000_000n;
const T0 = BigInt(Date.UTC(2026, 10, 24, 14, 0, 0)) * 1_000_000n;
const ROOT_TEXT = '<*> LabSZ sshd[<*>]: Failed password for root from <*> port <*> ssh2';
const GENERAL = '<*> LabSZ sshd[<*>]: Failed password for <*> from <*> port <*> ssh2';

/**
 * The state a merge leaves (templates/repo.ts foldMerges): the surviving row's text generalised,
 * the absorbed row pointing at it, and the listener told of the absorbed row only. Rows are
 * written as the repo writes them so the writer is tested on the tables it reads in production.
 */
function merged() {
  const store = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration] });
  const p = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC });
  const users = ['root', 'root', 'uucp', 'root', 'ftp'];
  p.ingest(
    'test',
    users.map((u, i) => ({ tenant: 't', labels: { job: 'sshd' }, tsNs: T0 + BigInt(i) * SEC, line: `Dec 10 07:13:${10 + i} LabSZ sshd[${24200 + i}]: Failed password for ${u} from 10.0.${i}.7 port ${40000 + i} ssh2` })),
  );
  const db = store.db;
  const entries = db.prepare('SELECT id, stream_id, ts_ns, line FROM entries ORDER BY id').safeIntegers(true).all() as { id: bigint; stream_id: bigint; ts_ns: bigint; line: string }[];
  const stream = Number(entries[0].stream_id);
  const row = db.prepare('INSERT INTO templates (stream_id, local_id, template, count, first_seen_ns, last_seen_ns) VALUES (?, ?, ?, 1, 0, 0) RETURNING id').pluck();
  const survivor = Number(row.get(stream, 1, ROOT_TEXT));
  const uucp = Number(row.get(stream, 2, ROOT_TEXT.replace('root', 'uucp')));
  const ftp = Number(row.get(stream, 3, ROOT_TEXT.replace('root', 'ftp')));
  const ids = [survivor, survivor, uucp, survivor, ftp];
  const writer = new ValueWriter(db);
  const tag = db.prepare('UPDATE entries SET template_id = ? WHERE id = ?');
  // each line tagged with its row's text while "root" was still constant
  entries.forEach((e, i) => tag.run(ids[i], e.id));
  writer.tagged(entries.map((e, i) => ({ id: Number(e.id), streamId: stream, tsNs: e.ts_ns, line: e.line, templateId: ids[i], template: db.prepare('SELECT template FROM templates WHERE id = ?').pluck().get(ids[i]) as string })));
  return { store, db, writer, survivor, uucp, ftp, stream, users };
}

const usersOf = (db: Store['db']) =>
  (db.prepare(`SELECT (SELECT text FROM entry_values v WHERE v.entry_id = e.id AND v.key = 'for') FROM entries e ORDER BY e.id`).pluck().all() as (string | null)[]).map((u) => u ?? '-');

test('a merge re-reads the whole family: the survivor generalised, its own entries and rows merged earlier get the new slot', () => {
  const { store, db, writer, survivor, uucp, ftp, users } = merged();
  assert.deepEqual(usersOf(db), ['-', '-', '-', '-', '-'], 'read with "root" constant: no user slot yet');
  // "ftp" was merged into the survivor in an earlier batch (its entries re-read then, as the repo does)
  db.prepare('UPDATE templates SET merged_into = ? WHERE id = ?').run(survivor, ftp);
  // this batch: "uucp" is absorbed and the survivor's text generalised; the repo tells of the absorbed row
  db.prepare('UPDATE templates SET template = ? WHERE id = ?').run(GENERAL, survivor);
  db.prepare('UPDATE templates SET merged_into = ? WHERE id = ?').run(survivor, uucp);
  writer.tagged([]);
  writer.templateChanged(uucp, GENERAL);
  assert.deepEqual(usersOf(db), users);
  store.close();
});

test('a family is read once per batch, however many of its rows the batch changed', () => {
  const { store, db, writer, survivor, uucp, ftp } = merged();
  db.prepare('UPDATE templates SET template = ?, merged_into = NULL WHERE id = ?').run(GENERAL, survivor);
  db.prepare('UPDATE templates SET merged_into = ? WHERE id IN (?, ?)').run(survivor, uucp, ftp);
  writer.tagged([]);
  writer.templateChanged(uucp, GENERAL);
  // a row changed again in the same batch is not read again: its values stand as read
  db.prepare(`DELETE FROM value_rows WHERE slot_id IN (SELECT id FROM value_slots WHERE key = 'for')`).run();
  writer.templateChanged(ftp, GENERAL);
  writer.templateChanged(survivor, GENERAL);
  assert.deepEqual(usersOf(db), ['-', '-', '-', '-', '-']);
  // the next batch reads it again
  writer.tagged([]);
  writer.templateChanged(survivor, GENERAL);
  assert.deepEqual(usersOf(db), ['root', 'root', 'uucp', 'root', 'ftp']);
  store.close();
});

test('entries of a batch are read with the text their kind of line has when the batch ends', () => {
  // a whole file is one batch: its first "root" lines are tagged before a later line of the batch
  // generalises their kind; the listener is told with the text each line was tagged with
  const { store, db, writer, survivor, uucp, ftp } = merged();
  db.prepare(`DELETE FROM value_rows`).run();
  db.prepare('UPDATE templates SET template = ? WHERE id = ?').run(GENERAL, survivor);
  db.prepare('UPDATE templates SET merged_into = ? WHERE id IN (?, ?)').run(survivor, uucp, ftp);
  const entries = db.prepare('SELECT id, stream_id, ts_ns, line, template_id FROM entries ORDER BY id').safeIntegers(true).all() as { id: bigint; stream_id: bigint; ts_ns: bigint; line: string; template_id: bigint }[];
  writer.tagged(entries.map((e) => ({ id: Number(e.id), streamId: Number(e.stream_id), tsNs: e.ts_ns, line: e.line, templateId: Number(e.template_id), template: ROOT_TEXT })));
  assert.deepEqual(usersOf(db), ['root', 'root', 'uucp', 'root', 'ftp']);
  store.close();
});

test('a family larger than the re-read cap is read in full by later batches, a bounded number each; a rolled-back batch read nothing', () => {
  const { store, db, survivor, uucp, ftp } = merged();
  const writer = new ValueWriter(db, { reextract: 2, backlogPerBatch: 2 });
  db.prepare('UPDATE templates SET template = ? WHERE id = ?').run(GENERAL, survivor);
  db.prepare('UPDATE templates SET merged_into = ? WHERE id IN (?, ?)').run(survivor, uucp, ftp);
  writer.tagged([]);
  writer.templateChanged(uucp, GENERAL);
  // the survivor's two newest entries at once
  assert.deepEqual(usersOf(db), ['-', 'root', '-', 'root', '-']);
  assert.equal(writer.backlogSize(), 3);
  // the next batch: the survivor's last one, then the newest merged row's
  writer.tagged([]);
  assert.deepEqual(usersOf(db), ['root', 'root', '-', 'root', 'ftp']);
  // a batch that rolls back: what it read is undone with it, and the backlog is as it found it
  const before = usersOf(db);
  const rollback = db.transaction(() => {
    writer.tagged([]);
    throw new Error('rolled back');
  });
  assert.throws(() => rollback(), /rolled back/);
  writer.reset();
  assert.deepEqual(usersOf(db), before);
  writer.tagged([]);
  assert.deepEqual(usersOf(db), ['root', 'root', 'uucp', 'root', 'ftp']);
  writer.tagged([]);
  assert.equal(writer.backlogSize(), 0);
  store.close();
});

test('the re-read after a batch generalised a family writes no row again for lines of that batch (tagged() read them with the same text); older lines are read again', () => {
  const store = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration] });
  const p = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger: new TemplateRepo(store.db, { listener: new ValueWriter(store.db) }) });
  store.db.exec(`CREATE TEMP TABLE deleted (n INTEGER); INSERT INTO deleted VALUES (0);
    CREATE TEMP TRIGGER count_deletes AFTER DELETE ON value_rows BEGIN UPDATE deleted SET n = n + 1; END`);
  const deletes = () => store.db.prepare('SELECT n FROM deleted').pluck().get() as number;
  const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
  const line = (u: string, i: number) => `session opened for user ${u} by uid ${1000 + i} in ${i + 3} ms`;
  const entries = (from: number, names: string[]) => names.map((u, k) => ({ tenant: 't', labels: { job: 'login' }, tsNs: T0 + BigInt(from + k) * SEC, line: line(u, from + k) }));
  const userValues = () => store.db.prepare("SELECT text FROM entry_values WHERE key = 'user' ORDER BY entry_id").pluck().all() as string[];
  p.ingest('test', entries(0, users));
  // "user alice" was constant when the first lines were tagged: every line of the batch has its user, none written twice
  assert.deepEqual(userValues(), users);
  assert.equal(deletes(), 0);
  // a later batch that generalises the family (a word after the user turns variable) reads the older lines again
  p.ingest('test', entries(10, ['gina', 'hank', 'ivan']).map((e, k) => ({ ...e, line: e.line.replace(' by uid ', ` by ${['gid', 'pid', 'tid'][k]} `) })));
  assert.ok(deletes() > 0, 'older lines were read again with the new text');
  assert.deepEqual(userValues(), [...users, 'gina', 'hank', 'ivan']);
  store.close();
});
