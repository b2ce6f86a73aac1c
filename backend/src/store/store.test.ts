import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Store } from './store.js';
import type { LogEntry } from '../types.js';

function tmpStore(): Store {
  return Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-store-')), 'x.db'));
}

const e = (line: string, ts: bigint, labels = { job: 'a' }, tenant = 't1'): LogEntry => ({ tenant, labels, tsNs: ts, line });

test('opens in WAL mode with the schema at the latest version', () => {
  const s = tmpStore();
  assert.equal(s.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.deepEqual(s.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(), [1, 4, 5, 7, 8, 11]);
  // A new store frees pages incrementally (retention), so deleted space can leave the file.
  assert.equal(s.db.pragma('auto_vacuum', { simple: true }), 2);
  assert.equal(s.integrityCheck(), 'ok');
  s.close();
});

test('re-inserting the same entries stores nothing new; distinct seq keeps true repeats', () => {
  const s = tmpStore();
  const batch = [e('x', 1n), e('y', 1n), e('x', 2n), { ...e('x', 2n), seq: 1 }];
  assert.deepEqual(s.insertEntries(batch), { inserted: 4, duplicates: 0 });
  assert.deepEqual(s.insertEntries(batch), { inserted: 0, duplicates: 4 });
  assert.equal(s.counts().entries, 4);
  s.close();
});

test('streams are per tenant and label set, whatever the label order', () => {
  const s = tmpStore();
  const a = s.streamId('t1', { job: 'a', env: 'p' });
  assert.equal(s.streamId('t1', { env: 'p', job: 'a' }), a);
  assert.notEqual(s.streamId('t2', { job: 'a', env: 'p' }), a);
  s.close();
});

test('the cursor commits with its entries or not at all', () => {
  const s = tmpStore();
  s.insertEntries([e('a', 1n)], { cursor: { sourceId: 'src', cursor: 'c1' } });
  assert.equal(s.getCursor('src'), 'c1');
  // A line that violates NOT NULL aborts the whole transaction: no entry and no cursor move.
  const bad = [e('b', 2n), { ...e('c', 3n), line: null as unknown as string }];
  assert.throws(() => s.insertEntries(bad, { cursor: { sourceId: 'src', cursor: 'c2' } }));
  assert.equal(s.getCursor('src'), 'c1');
  assert.equal(s.counts().entries, 1);
  // The stream id cache was dropped with the rollback, so new streams still work afterwards.
  s.insertEntries([e('d', 4n, { job: 'new' })]);
  assert.equal(s.counts().entries, 2);
  s.close();
});

test('timestamps keep full nanosecond precision', () => {
  const s = tmpStore();
  const ts = 1764000000123456789n;
  s.insertEntries([e('p', ts)]);
  const sid = s.streamId('t1', { job: 'a' });
  assert.equal(s.unchunkedEntries(sid, 10)[0].tsNs, ts);
  s.close();
});

test('chunks claim their entries once and are searchable through FTS5', () => {
  const s = tmpStore();
  s.insertEntries([e('connection refused', 1n), e('all good', 2n)]);
  const sid = s.streamId('t1', { job: 'a' });
  const entries = s.unchunkedEntries(sid, 10);
  const [id] = s.insertChunks([
    { streamId: sid, startNs: 1n, endNs: 2n, text: 'connection refused\nall good', entryIds: entries.map((x) => x.id), tokenCount: 4, templateIds: [] },
  ]);
  assert.equal(s.counts().unchunked, 0);
  const [fts] = s.ftsTables('t1');
  const hits = s.db.prepare(`SELECT rowid AS id FROM ${fts} WHERE ${fts} MATCH 'refused'`).all() as { id: number }[];
  assert.deepEqual(hits.map((h) => h.id), [id]);
  assert.throws(() =>
    s.insertChunks([{ streamId: sid, startNs: 1n, endNs: 1n, text: 'x', entryIds: [entries[0].id], tokenCount: 1, templateIds: [] }]),
  );
  assert.equal(s.counts().chunks, 1, 'the failed claim rolled its chunk back');
  s.close();
});

test('contentHash changes with content and only with content', () => {
  const s = tmpStore();
  s.insertEntries([e('a', 1n)]);
  const h1 = s.contentHash();
  assert.equal(s.contentHash(), h1);
  s.insertEntries([e('a', 1n)]);
  assert.equal(s.contentHash(), h1);
  s.insertEntries([e('b', 1n)]);
  assert.notEqual(s.contentHash(), h1);
  s.close();
});

test('a second connection reads while the writer holds a transaction (WAL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-wal-'));
  const w = Store.open(join(dir, 'x.db'));
  w.insertEntries([e('a', 1n)]);
  const r = Store.open(join(dir, 'x.db'), { readonly: true });
  w.db.exec('BEGIN IMMEDIATE');
  w.db.prepare("INSERT INTO cursors VALUES ('s', 'c', 0)").run();
  assert.equal((r.db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n, 1);
  w.db.exec('COMMIT');
  r.close();
  w.close();
});

test('a store from before the usage counters gets them backfilled, and loses the redundant index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-store-v6-'));
  try {
    const path = join(dir, 'old.db');
    let s = Store.open(path);
    s.insertEntries([e('x', 1n), e('y€', 2n), { ...e('z', 3n), tenant: 'other' }]);
    // Back to the version-6 shape: no counters, the old (stream, ts) index.
    s.db.exec(`DROP TABLE tenant_usage; DELETE FROM schema_migrations WHERE version = 7;
               CREATE INDEX entries_stream_ts ON entries (stream_id, ts_ns);`);
    s.close();
    s = Store.open(path);
    assert.deepEqual(s.tenantCounts('t1'), { entries: 2, chunks: 0, lineBytes: 1 + 4 });
    assert.deepEqual(s.tenantCounts('other'), { entries: 1, chunks: 0, lineBytes: 1 });
    assert.equal(s.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'entries_stream_ts'").pluck().get(), 0);
    // Range reads by stream and time still walk an index (the unique key's), not the table.
    const plan = s.db
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM entries WHERE stream_id IN (SELECT value FROM json_each('[1]')) AND ts_ns >= 0 AND ts_ns < 5 ORDER BY ts_ns")
      .all() as { detail: string }[];
    assert.ok(plan.some((p) => /USING (COVERING )?INDEX sqlite_autoindex_entries_1 \(stream_id=\? AND ts_ns>/.test(p.detail)), JSON.stringify(plan));
    s.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the stream caches stay within their byte bound and still resolve every stream to its one id', () => {
  const s = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-store-')), 'x.db'), { streamCacheBytes: 4096 });
  const labels = (i: number) => ({ job: `pod-${i}`, namespace: 'shop', container: 'app' });
  const ids = new Map<number, number>();
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 500; i++) {
      s.insertEntries([e(`line ${round}`, BigInt(round * 1000 + i), labels(i))]);
      const id = s.streamId('t1', labels(i));
      if (round === 0) ids.set(i, id);
      else assert.equal(id, ids.get(i), `stream ${i} keeps its id after the cache started over`);
      assert.deepEqual(s.stream(id)?.labels, labels(i));
      assert.ok(s.streamCacheSize().bytes <= 4096, `${s.streamCacheSize().bytes} bytes cached`);
    }
  }
  assert.equal(new Set(ids.values()).size, 500);
  assert.ok(s.streamCacheSize().ids < 500, 'the cache did not keep every stream');
  assert.equal(s.counts().streams, 500);
  s.close();
});

test('a transaction that reads before it writes holds the write lock from its start: another connection\'s commit cannot make it fail', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'loglens-store-')), 'x.db');
  const store = Store.open(file);
  const other = Store.open(file);
  other.db.pragma('busy_timeout = 0');
  const entry = (i: number) => ({ tenant: 't', labels: { job: 'x' }, tsNs: BigInt(i), line: `line ${i}` });
  store.insertEntries([entry(0)]);
  try {
    store.atomically(() => {
      store.streamsWithUnchunked();
      // the other writer (retention beside the ingest writer thread) waits for this one to finish
      assert.throws(() => other.insertEntries([entry(1)]), /database is locked/);
      // a deferred transaction would now fail here with SQLITE_BUSY_SNAPSHOT had the other committed
      store.insertEntries([entry(2)]);
    });
    assert.equal(store.counts().entries, 2);
    other.insertEntries([entry(1)]);
    assert.equal(store.counts().entries, 3);
  } finally {
    other.close();
    store.close();
  }
});
