import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IngestPipeline } from '../ingest/pipeline.js';
import { Store } from '../store/store.js';
import { TemplateRepo, templatesMigration } from '../templates/index.js';
import { valuesDictionaryMigration, valuesKeysMigration, valuesMigration, valuesNegativeKeyedMigration, valuesOwnedKeyMigration, valuesReadAgainMigration } from './migration.js';
import { ValueWriter } from './store.js';

const SEC = 1_000_000_000n;
const T0 = BigInt(Date.UTC(2026, 10, 24, 14, 0, 0)) * 1_000_000n;
const LINES = [
  '03-17 16:13:38.819  1702  8671 D PowerManagerService: release:lock=189667585, flg=0x0',
  '03-17 16:13:39.001  1702  8671 D PowerManagerService: release:lock=189667600, flg=0x0',
  '03-17 16:13:40.120  2113  2113 D PowerManagerService: release:lock=3318, flg=0x1',
];
const BEFORE = [templatesMigration, valuesMigration, valuesKeysMigration, valuesDictionaryMigration];

const pidsOf = (s: Store) =>
  s.db.prepare("SELECT text FROM entry_values WHERE key = 'pid' ORDER BY entry_id").pluck().all() as string[];

test('a store whose values an older extractor read (no pid values) holds every line’s pid after the read-again migration', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'loglens-values-again-')), 'x.db');
  const store = Store.open(file, { migrations: BEFORE });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger }).ingest(
    'test',
    LINES.map((line, i) => ({ tenant: 't', labels: { job: 'android' }, tsNs: T0 + BigInt(i) * SEC, line })),
  );
  const written = store.db.prepare('SELECT count(*) FROM value_rows').pluck().get() as number;
  assert.deepEqual(pidsOf(store), ['1702', '1702', '2113']);
  // As an older extractor left it: the pid and tid were no values of their own.
  store.db.exec(`DELETE FROM value_rows WHERE slot_id IN (SELECT id FROM value_slots WHERE key IN ('pid', 'tid'))`);
  assert.deepEqual(pidsOf(store), []);
  store.close();

  const again = Store.open(file, { migrations: [...BEFORE, valuesReadAgainMigration] });
  assert.deepEqual(pidsOf(again), ['1702', '1702', '2113']);
  assert.equal(again.db.prepare('SELECT count(*) FROM value_rows').pluck().get(), written);
  again.close();
});

test('the read-again migration passes over a store with no value tables', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'loglens-values-again-')), 'x.db');
  const store = Store.open(file, { migrations: [templatesMigration, valuesReadAgainMigration] });
  assert.equal(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'value_rows'").pluck().get(), 0);
  store.close();
});

test('a store whose values an older extractor read ("vCores:-17" an id) holds the negative numbers after migration 13', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'loglens-values-again-')), 'x.db');
  const upTo12 = [...BEFORE, valuesReadAgainMigration];
  const store = Store.open(file, { migrations: upTo12 });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const headroom = ['<memory:0, vCores:-17>', '<memory:10240, vCores:-27>', '<memory:2048, vCores:-5>', '<memory:0, vCores:-17>'];
  new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger }).ingest(
    'test',
    headroom.map((h, i) => ({ tenant: 't', labels: { job: 'hadoop' }, tsNs: T0 + BigInt(i) * SEC, line: `2015-10-18 18:01:5${i},${100 + i} INFO [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: Recalculating schedule, headroom=${h}` })),
  );
  const vcores = (s: Store) => s.db.prepare("SELECT num FROM entry_values WHERE key = 'vcores' ORDER BY entry_id").pluck().all() as number[];
  assert.deepEqual(vcores(store), [-17, -27, -5, -17]);
  // As the extractor before version 13 left it: no vcores number (it was read as an id).
  store.db.exec(`DELETE FROM value_rows WHERE slot_id IN (SELECT id FROM value_slots WHERE key = 'vcores')`);
  store.close();

  const same = Store.open(file, { migrations: upTo12 });
  assert.deepEqual(vcores(same), [], 'no migration past 12: the old rows stay');
  same.close();
  const again = Store.open(file, { migrations: [...upTo12, valuesNegativeKeyedMigration] });
  assert.deepEqual(vcores(again), [-17, -27, -5, -17]);
  again.close();
});

test('a store from before 12 reads its values once on the way to 13, and the values are those both fixes give', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-values-again-'));
  const file = join(dir, 'x.db');
  const store = Store.open(file, { migrations: BEFORE });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const lines = [...LINES, '2015-10-18 18:01:50,100 INFO [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: Recalculating schedule, headroom=<memory:0, vCores:-17>'];
  new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger }).ingest(
    'test',
    lines.map((line, i) => ({ tenant: 't', labels: { job: 'mixed' }, tsNs: T0 + BigInt(i) * SEC, line })),
  );
  // As the extractor before 12 left it: neither the pids nor the headroom.
  store.db.exec(`DELETE FROM value_rows WHERE slot_id IN (SELECT id FROM value_slots WHERE key IN ('pid', 'tid', 'vcores'))`);
  store.close();
  copyFileSync(file, join(dir, 'y.db'));

  // total_changes() counts the rows this connection wrote: the migrations' reads.
  const changes = (s: Store) => s.db.prepare('SELECT total_changes()').pluck().get() as number;
  const both = Store.open(file, { migrations: [...BEFORE, valuesReadAgainMigration, valuesNegativeKeyedMigration] });
  assert.deepEqual(pidsOf(both), ['1702', '1702', '2113']);
  assert.deepEqual(both.db.prepare("SELECT num FROM entry_values WHERE key = 'vcores'").pluck().all(), [-17]);
  const once = Store.open(join(dir, 'y.db'), { migrations: [...BEFORE, valuesNegativeKeyedMigration] });
  assert.ok(changes(once) > 0);
  // One more row: the ledger's record of 12.
  assert.equal(changes(both), changes(once) + 1, 'migrations 12 and 13 together write what one read writes');
  both.close();
  once.close();
});

test('a store whose values an older extractor read ("my id = 3" keyed id) holds my_id after migration 14', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'loglens-values-again-')), 'x.db');
  const upTo13 = [...BEFORE, valuesReadAgainMigration, valuesNegativeKeyedMigration];
  const store = Store.open(file, { migrations: upTo13 });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const mine = [1, 3, 3, 2];
  new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger }).ingest(
    'test',
    mine.map((me, i) => ({ tenant: 't', labels: { job: 'zookeeper' }, tsNs: T0 + BigInt(i) * SEC, line: `2015-07-29 19:13:2${i},282 - WARN  [RecvWorker:188978561024:QuorumCnxManager$RecvWorker@762] - Connection broken for id 188978561024, my id = ${me}, error = ` })),
  );
  const myIds = (s: Store) => s.db.prepare("SELECT num FROM entry_values WHERE key = 'my_id' ORDER BY entry_id").pluck().all() as number[];
  assert.deepEqual(myIds(store), mine);
  // As the extractor before version 14 left it: the own id keyed `id` beside the peer's.
  store.db.exec(`UPDATE value_rows SET slot_id = (SELECT min(id) FROM value_slots WHERE key = 'id') WHERE slot_id IN (SELECT id FROM value_slots WHERE key = 'my_id')`);
  assert.deepEqual(myIds(store), []);
  store.close();

  const again = Store.open(file, { migrations: [...upTo13, valuesOwnedKeyMigration] });
  assert.deepEqual(myIds(again), mine);
  again.close();
});
