import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Store } from '../store/store.js';
import { TemplateRepo, templatesMigration } from '../templates/index.js';
import type { LogEntry } from '../types.js';
import { IngestPipeline, INGEST_SLICE_LINES } from './pipeline.js';
import { chunkTextSql } from '../store/chunk-text.js';

const e = (i: number, line: string): LogEntry => ({ tenant: 't', labels: { job: 'api' }, tsNs: BigInt(1_000_000_000 + i), line });

test('a batch that fails leaves nothing behind: no entries, chunks, tags, or miner state learned from it', () => {
  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-pipe-')), 'x.db'), { migrations: [templatesMigration] });
  const pipeline = new IngestPipeline(store, { maxTokens: 50, maxGapNs: 10n ** 12n }, { tagger: new TemplateRepo(store.db) });
  pipeline.ingest('test', [e(0, 'user alice logged in'), e(1, 'user bob logged in')], { final: true });
  const before = store.contentHash();
  const bad = [e(2, 'disk /dev/sda1 full'), e(3, 'disk /dev/sdb1 full')];
  // SQLite itself fails the chunk insert (a trigger raising, as a full disk would) after the lines
  // were stored and tagged inside the batch's transaction: the miners have learned from them.
  store.db.exec("CREATE TEMP TRIGGER fail_chunk BEFORE INSERT ON chunks BEGIN SELECT RAISE(ABORT, 'simulated I/O error'); END");
  assert.throws(() => pipeline.ingest('test', bad, { final: true }), /simulated I\/O error/);
  store.db.exec('DROP TRIGGER fail_chunk');
  assert.equal(store.contentHash(), before, 'the failed batch changed the store');
  // The same lines, stored properly now: every entry tagged, template counts match the entries.
  pipeline.ingest('test', bad, { final: true });
  const untagged = store.db.prepare('SELECT count(*) FROM entries WHERE template_id IS NULL').pluck().get();
  assert.equal(untagged, 0);
  const counts = store.db
    .prepare(
      `SELECT COALESCE(t.merged_into, t.id) AS tid, sum(t.count) AS counted,
              (SELECT count(*) FROM entries e JOIN templates x ON x.id = e.template_id WHERE COALESCE(x.merged_into, x.id) = COALESCE(t.merged_into, t.id)) AS stored
         FROM templates t GROUP BY tid`,
    )
    .all() as { counted: number; stored: number }[];
  for (const c of counts) assert.equal(c.counted, c.stored, JSON.stringify(counts));
  assert.equal(store.counts().unchunked, 0);
  store.close();
});

test('a push stored in slices: the event loop turns between them, the chunks are those of one piece, a failed slice is retried without duplicates', async () => {
  const open = () => {
    const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-pipe-slices-')), 'x.db'), { migrations: [templatesMigration] });
    return { store, pipeline: new IngestPipeline(store, { maxTokens: 50, maxGapNs: 10n ** 12n }, { tagger: new TemplateRepo(store.db) }) };
  };
  // Two streams interleaved, each ending in a partial chunk that only the final round closes.
  const batch: LogEntry[] = Array.from({ length: 3 * INGEST_SLICE_LINES + 17 }, (_, i) => ({
    tenant: 't',
    labels: { job: i % 3 === 0 ? 'db' : 'api' },
    tsNs: BigInt(1_000_000_000 + i),
    line: `request ${i} served by worker ${i % 7} in ${i % 50} ms`,
  }));
  const chunkTexts = (s: Store) => s.db.prepare(`SELECT c.stream_id, c.start_ns, c.end_ns, ${chunkTextSql('c')} AS text FROM chunks c ORDER BY c.stream_id, c.start_ns`).all();

  const whole = open();
  whole.pipeline.ingest('push', batch, { final: true });

  const sliced = open();
  const pending = sliced.pipeline.ingestSliced('push', batch, { final: true });
  // Only the first slice is stored before the event loop gets a turn.
  assert.equal(sliced.store.counts().entries, INGEST_SLICE_LINES);
  assert.deepEqual(await pending, { inserted: batch.length, duplicates: 0, chunks: (chunkTexts(whole.store) as unknown[]).length });
  assert.deepEqual(chunkTexts(sliced.store), chunkTexts(whole.store));
  assert.equal(sliced.store.counts().unchunked, 0, 'the last slice closed the streams of earlier slices too');

  const failing = open();
  failing.store.db.exec(
    `CREATE TEMP TRIGGER fail_entry BEFORE INSERT ON entries WHEN NEW.line = '${batch[2 * INGEST_SLICE_LINES + 5].line}' BEGIN SELECT RAISE(ABORT, 'simulated I/O error'); END`,
  );
  await assert.rejects(failing.pipeline.ingestSliced('push', batch, { final: true }), /simulated I\/O error/);
  assert.equal(failing.store.counts().entries, 2 * INGEST_SLICE_LINES, 'the slices before the failure committed, the failed one not at all');
  failing.store.db.exec('DROP TRIGGER fail_entry');
  const retried = await failing.pipeline.ingestSliced('push', batch, { final: true });
  assert.equal(retried.inserted, batch.length - 2 * INGEST_SLICE_LINES);
  assert.equal(retried.duplicates, 2 * INGEST_SLICE_LINES);
  assert.deepEqual(chunkTexts(failing.store), chunkTexts(whole.store), 'a retried push chunks as one that never failed');
  for (const s of [whole, sliced, failing]) s.store.close();
});
