import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Store } from '../store/store.js';
import { TemplateRepo, templatesMigration } from '../templates/index.js';
import type { LogEntry } from '../types.js';
import { IngestPipeline } from './pipeline.js';

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
