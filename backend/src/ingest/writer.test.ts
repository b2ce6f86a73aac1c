import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { INGEST_SPANS, loglensTracer } from '../telemetry/tracing.js';
import { SqliteEmbeddingStore } from '../embed/cache.js';
import { embeddingCacheMigration } from '../embed/migration.js';
import { Store, type InsertResult } from '../store/store.js';
import { TemplateRepo, templatesMigration } from '../templates/index.js';
import type { LogEntry } from '../types.js';
import { valuesDictionaryMigration, valuesKeysMigration, valuesMigration, valuesReadAgainMigration } from '../values/migration.js';
import { ValueWriter } from '../values/store.js';
import { ChunkDeleter } from '../retention/deleter.js';
import { IngestPipeline } from './pipeline.js';
import { IngestWriter } from './writer.js';
import { WRITER_SLICE_LINES } from './writer-protocol.js';

const T0 = BigInt(Date.UTC(2026, 11, 4, 12, 0, 0)) * 1_000_000n;
const CHUNKING = { maxTokens: 60, maxGapNs: 10n ** 12n };

/** A store as the sidecar opens it (its migrations run on this thread before the writer starts). */
function open(): Store {
  const file = join(mkdtempSync(join(tmpdir(), 'loglens-writer-')), 'x.db');
  return Store.open(file, { migrations: [templatesMigration, embeddingCacheMigration, valuesMigration, valuesKeysMigration, valuesDictionaryMigration, valuesReadAgainMigration] });
}

/** Two tenants, three streams, lines with values (users, addresses, durations) and kinds that generalise. */
function batch(from: number, n: number): LogEntry[] {
  const api = { job: 'api' };
  const db = { job: 'db' };
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const tsNs = T0 + BigInt(i) * 1_000_000_000n;
    if (i % 3 === 0) return { tenant: 'a', labels: api, tsNs, line: `user u${i % 7} logged in from 10.0.${i % 5}.${i % 250} in ${i % 90} ms` };
    if (i % 3 === 1) return { tenant: 'a', labels: db, tsNs, line: `query ${i % 4 === 1 ? 'select' : 'update'} on table t${i % 3} took ${(i * 7) % 1000} ms rows=${i % 13}` };
    return { tenant: 'b', labels: api, tsNs, line: `GET /api/v1/items/${i} status=${i % 11 === 0 ? 500 : 200} bytes=${i * 31}` };
  });
}

/** What every read path reads: entries, chunks and cursors (contentHash), tags, templates, value rows. */
function readable(store: Store): unknown {
  const all = (sql: string) => store.db.prepare(sql).raw(true).safeIntegers(true).all().map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  return {
    content: store.contentHash(),
    tags: all('SELECT id, template_id FROM entries ORDER BY id'),
    templates: all('SELECT id, stream_id, template, count, merged_into FROM templates ORDER BY id'),
    values: all('SELECT entry_id, pos, key, kind, text, num FROM entry_values ORDER BY entry_id, pos'),
    chunkTemplates: all('SELECT id, template_ids FROM chunks ORDER BY id'),
  };
}

test('a push through the writer thread is committed when it resolves, and stores what the pipeline on this thread stores', async () => {
  const mine = open();
  const writer = new IngestWriter({ path: mine.path, chunking: CHUNKING });
  const ref = open();
  const pipeline = new IngestPipeline(ref, CHUNKING, { tagger: new TemplateRepo(ref.db, { listener: new ValueWriter(ref.db) }) });
  // the migrations' own rows, written on this connection when it opened
  const changesAtOpen = mine.db.prepare('SELECT total_changes()').pluck().get();
  try {
    for (let p = 0; p < 3; p++) {
      const entries = batch(p * 700, 700);
      const a = await writer.ingestSliced('push', entries, { final: true });
      // the writer's slices are larger (values are read with their family's text as each slice leaves it)
      const b = await pipeline.ingestSliced('push', entries, { final: true, sliceLines: WRITER_SLICE_LINES });
      assert.deepEqual(a, b);
      // read on this thread's own connection, right after the push resolved: all of it is there
      assert.deepEqual(readable(mine), readable(ref), `push ${p}`);
    }
    // a replay stores nothing twice
    const again = await writer.ingestSliced('push', batch(0, 700), { final: true });
    assert.equal(again.inserted, 0);
    assert.equal(again.duplicates, 700);
    assert.ok((mine.db.prepare('SELECT count(*) FROM entry_values').pluck().get() as number) > 2000);
    // this thread's connection wrote nothing: the whole stage ran on the writer's
    assert.equal(mine.db.prepare('SELECT total_changes()').pluck().get(), changesAtOpen);
    assert.ok((ref.db.prepare('SELECT total_changes()').pluck().get() as number) > 10_000);
  } finally {
    await writer.close();
    mine.close();
    ref.close();
  }
});

test("the writer's hooks are replayed on this thread, and a failed write rejects with its SQLite code", async () => {
  const store = open();
  const exporter = new InMemorySpanExporter();
  const tracer = loglensTracer(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
  const seen = { chunks: [] as number[], inserted: [] as InsertResult[], succeeded: 0, failed: [] as unknown[] };
  const writer = new IngestWriter(
    { path: store.path, chunking: CHUNKING },
    {
      onChunks: (ids) => seen.chunks.push(...ids),
      onInserted: (_source, r) => seen.inserted.push(r),
      storage: {
        succeeded: () => void seen.succeeded++,
        failed: (err) => {
          seen.failed.push(err);
          return 'other';
        },
      },
    },
    tracer,
  );
  try {
    const r = await writer.ingest('loki', batch(0, 300), { cursor: { sourceId: 's', cursor: 'c1' }, final: true });
    assert.equal(r.inserted, 300);
    assert.deepEqual(seen.inserted, [{ inserted: 300, duplicates: 0 }]);
    assert.deepEqual(seen.chunks, store.db.prepare('SELECT id FROM chunks ORDER BY id').pluck().all());
    assert.equal(seen.succeeded, 1);
    assert.equal(store.getCursor('s'), 'c1');
    // A write the writer's transaction cannot make: a trigger on this connection's file refuses chunks.
    store.db.exec("CREATE TRIGGER refuse_chunks BEFORE INSERT ON chunks BEGIN SELECT RAISE(ABORT, 'refused'); END");
    const before = store.contentHash();
    await assert.rejects(writer.ingest('loki', batch(300, 300), { cursor: { sourceId: 's', cursor: 'c2' }, final: true }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'SQLITE_CONSTRAINT_TRIGGER');
      assert.match(err.message, /refused/);
      return true;
    });
    assert.equal((seen.failed[0] as { code?: string }).code, 'SQLITE_CONSTRAINT_TRIGGER');
    // rolled back whole: no line of it, and the cursor where it was
    assert.equal(store.contentHash(), before);
    store.db.exec('DROP TRIGGER refuse_chunks');
    // one ingest span per request, made on this thread: the first with its counts, the failed one marked
    const spans = exporter.getFinishedSpans().filter((x) => x.name === INGEST_SPANS.ingest);
    assert.equal(spans.length, 2);
    assert.equal(spans[0].attributes['loglens.ingest.inserted'], 300);
    assert.equal(spans[1].attributes['error.type'], 'SqliteError');
    assert.equal((await writer.ingest('loki', batch(300, 300), { cursor: { sourceId: 's', cursor: 'c2' }, final: true })).inserted, 300);
    assert.equal(store.getCursor('s'), 'c2');
    assert.equal(store.db.prepare('SELECT count(*) FROM entries WHERE template_id IS NULL').pluck().get(), 0);
  } finally {
    await writer.close();
    store.close();
  }
});

test('after retention deleted a stream on another connection, the writer stores it again (before forget() by one retry, and after it)', async () => {
  const store = open();
  const writer = new IngestWriter({ path: store.path, chunking: CHUNKING });
  try {
    await writer.ingestSliced('push', batch(0, 89), { final: true });
    // Retention keeps the newest stream, chunk, template and entry (ids are never handed out twice): a later stream holds them.
    await writer.ingestSliced('push', [{ tenant: 'a', labels: { job: 'late' }, tsNs: T0, line: 'started' }], { final: true });
    // Retention on this thread's connection: every chunk of tenant b, then its emptied stream.
    const sid = store.db.prepare("SELECT id FROM streams WHERE tenant = 'b'").pluck().get() as number;
    const deleter = new ChunkDeleter(store);
    deleter.delete('b', store.db.prepare('SELECT id FROM chunks WHERE stream_id = ?').pluck().all(sid) as number[]);
    assert.deepEqual(deleter.deleteEmptyStreams('b', 10), [sid]);
    // The writer cached b's stream id and knows nothing yet: its first try names a deleted stream
    // (a FOREIGN KEY failure, rolled back whole) and the second, with the caches dropped, stores it.
    assert.equal((await writer.ingestSliced('push', batch(89, 3), { final: true })).inserted, 3);
    await writer.forget([sid]);
    const r = await writer.ingestSliced('push', batch(89, 90), { final: true });
    assert.equal(r.inserted, 87);
    assert.equal(r.duplicates, 3);
    const b = store.db.prepare("SELECT count(*) FROM entries e JOIN streams s ON s.id = e.stream_id WHERE s.tenant = 'b'").pluck().get();
    assert.equal(b, 30);
  } finally {
    await writer.close();
    store.close();
  }
});

test('a writer thread that died is started again by the next request, which stores what the dead one had not', async () => {
  const store = open();
  const writer = new IngestWriter({ path: store.path, chunking: CHUNKING });
  try {
    assert.equal((await writer.ingestSliced('push', batch(0, 300), { final: true })).inserted, 300);
    // the thread ends as a crash would end it (no close message, its connection closed under it)
    await (writer as unknown as { worker: Worker }).worker.terminate();
    const r = await writer.ingestSliced('push', batch(0, 600), { final: true });
    assert.deepEqual([r.inserted, r.duplicates], [300, 300]);
    assert.equal(writer.restarts, 1);
    assert.equal(store.db.prepare('SELECT count(*) FROM entries WHERE template_id IS NULL').pluck().get(), 0);
    assert.equal(store.counts().unchunked, 0);
  } finally {
    await writer.close();
    store.close();
  }
});

test("the embedding cache's writes go to the writer's connection, in order with ingest; a failed one is told to the cache's observer only", async () => {
  const store = open();
  const ingestFailures: unknown[] = [];
  const cacheFailures: unknown[] = [];
  const writer = new IngestWriter({ path: store.path, chunking: CHUNKING }, { storage: { succeeded: () => {}, failed: (err) => (ingestFailures.push(err), 'other') } });
  const changesAtOpen = store.db.prepare('SELECT total_changes()').pluck().get();
  const cache = writer.embeddingStore(new SqliteEmbeddingStore(store.db), { succeeded: () => {}, failed: (err) => (cacheFailures.push(err), 'other') });
  const v = new Float32Array([0.25, -1, 3]);
  try {
    cache.putMany('m', [{ hash: 'ab01', vector: v }]);
    // requests are served in order: once a later one is answered, the vectors are committed
    await writer.flushPending();
    assert.deepEqual([...cache.getMany('m', ['ab01']).get('ab01')!], [...v]);
    assert.equal(store.db.prepare('SELECT total_changes()').pluck().get(), changesAtOpen);
    store.db.exec("CREATE TRIGGER refuse_vectors BEFORE INSERT ON embedding_cache BEGIN SELECT RAISE(ABORT, 'refused'); END");
    cache.putMany('m', [{ hash: 'cd02', vector: v }]);
    await writer.flushPending();
    assert.equal((cacheFailures[0] as { code?: string } | undefined)?.code, 'SQLITE_CONSTRAINT_TRIGGER');
    assert.equal(ingestFailures.length, 0);
    assert.equal(cache.getMany('m', ['cd02']).size, 0);
  } finally {
    await writer.close();
    store.close();
  }
});

test('the writer stores a push in transactions of WRITER_SLICE_LINES lines: a failed one rolls back alone, and a retry stores each line once', async () => {
  const mine = open();
  const entries = batch(0, 2 * WRITER_SLICE_LINES + 300);
  // inside the second slice, past the event loop's first 256-line slice after it
  const failAt = WRITER_SLICE_LINES + 300;
  // not TEMP: the writer thread writes on its own connection
  mine.db.exec(`CREATE TRIGGER fail_entry BEFORE INSERT ON entries WHEN NEW.line = '${entries[failAt].line}' BEGIN SELECT RAISE(ABORT, 'simulated I/O error'); END`);
  const writer = new IngestWriter({ path: mine.path, chunking: CHUNKING });
  try {
    await assert.rejects(writer.ingestSliced('push', entries, { final: true }), /simulated I\/O error/);
    // the first slice committed whole; of the second nothing (256-line slices would have left 2,304 lines here)
    assert.equal(mine.counts().entries, WRITER_SLICE_LINES);
    mine.db.exec('DROP TRIGGER fail_entry');
    const retried = await writer.ingestSliced('push', entries, { final: true });
    assert.deepEqual([retried.inserted, retried.duplicates], [entries.length - WRITER_SLICE_LINES, WRITER_SLICE_LINES]);
    assert.equal(mine.counts().entries, entries.length);
    assert.equal(mine.counts().unchunked, 0);
  } finally {
    await writer.close();
    mine.close();
  }
});

test("a flush on the writer serves the requests that came meanwhile between its transactions, as the event loop's slices did", async () => {
  const mine = open();
  const writer = new IngestWriter({ path: mine.path, chunking: CHUNKING });
  try {
    // 600 streams each with a chunk still open: a flush of three transactions (FLUSH_SLICE_STREAMS 256)
    const open600 = Array.from({ length: 600 }, (_, i) => ({ tenant: 'a', labels: { pod: `p${i}` }, tsNs: T0 + BigInt(i), line: `pod p${i} started in ${i % 90} ms` }));
    await writer.ingest('push', open600, { final: false });
    assert.equal(mine.counts().chunks, 0);
    const order: string[] = [];
    const flushed = writer.flushPending().then((n) => order.push(`flush ${n}`));
    const pushed = writer.ingest('push', batch(0, 30), { final: false }).then((r) => order.push(`push ${r.inserted}`));
    await Promise.all([flushed, pushed]);
    // served whole, the flush answered first and the push waited for all of it
    assert.deepEqual(order, ['push 30', 'flush 600']);
    assert.equal(mine.counts().entries, 630);
    // closing waits for a flush in progress
    const last = writer.flushPending();
    await writer.close();
    assert.ok((await last) >= 1);
    assert.equal(mine.counts().unchunked, 0);
  } finally {
    await writer.close();
    mine.close();
  }
});

test("a page with its cursor: the cursor commits with the page's last slice on the writer (a failed slice leaves none)", async () => {
  const mine = open();
  const entries = batch(0, WRITER_SLICE_LINES + 100);
  mine.db.exec(`CREATE TRIGGER fail_entry BEFORE INSERT ON entries WHEN NEW.line = '${entries[WRITER_SLICE_LINES + 50].line}' BEGIN SELECT RAISE(ABORT, 'simulated I/O error'); END`);
  const writer = new IngestWriter({ path: mine.path, chunking: CHUNKING });
  try {
    const cursor = { sourceId: 'loki-a', cursor: 'page-1' };
    await assert.rejects(writer.ingestSliced('loki', entries, { final: false, cursor }), /simulated I\/O error/);
    assert.equal(mine.counts().entries, WRITER_SLICE_LINES);
    assert.equal(mine.getCursor('loki-a'), undefined, 'the page is read again from its old cursor');
    mine.db.exec('DROP TRIGGER fail_entry');
    const r = await writer.ingestSliced('loki', entries, { final: false, cursor });
    assert.deepEqual([r.inserted, r.duplicates], [100, WRITER_SLICE_LINES]);
    assert.equal(mine.getCursor('loki-a'), 'page-1');
  } finally {
    await writer.close();
    mine.close();
  }
});
