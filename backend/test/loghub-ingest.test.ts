import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readLogFile } from '../src/ingest/file.js';
import { IngestPipeline } from '../src/ingest/pipeline.js';
import { Store } from '../src/store/store.js';
import { LOGHUB_DATASETS, LOGHUB_DIR, sharedMissing } from './paths.js';

function physicalLines(path: string): number {
  const text = readFileSync(path, 'utf8');
  const parts = text.split('\n');
  return text.endsWith('\n') ? parts.length - 1 : parts.length;
}

test('all 16 LogHub logs: one stream each, every line stored once, re-ingest adds zero', { skip: sharedMissing() }, async () => {
  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-loghub-')), 'x.db'));
  const pipeline = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 30_000_000_000n });
  const ingestAll = async () => {
    let inserted = 0;
    for (const name of LOGHUB_DATASETS) {
      await readLogFile(join(LOGHUB_DIR, name, `${name}_2k.log`), { tenant: 'default', labels: { job: name } }, (batch) => {
        inserted += pipeline.ingest('file', batch, { final: false }).inserted;
      });
    }
    pipeline.chunkPending(true);
    return inserted;
  };
  const expected = LOGHUB_DATASETS.reduce((n, name) => n + physicalLines(join(LOGHUB_DIR, name, `${name}_2k.log`)), 0);
  assert.equal(await ingestAll(), expected);
  const counts = store.counts();
  assert.equal(counts.entries, expected);
  assert.equal(counts.streams, 16);
  assert.equal(counts.unchunked, 0, 'every entry belongs to a chunk');
  for (const name of LOGHUB_DATASETS) {
    const sid = store.streamId('default', { job: name });
    const n = (store.db.prepare('SELECT count(*) AS n FROM entries WHERE stream_id = ?').get(sid) as { n: number }).n;
    assert.equal(n, physicalLines(join(LOGHUB_DIR, name, `${name}_2k.log`)), name);
  }
  const hash = store.contentHash();
  assert.equal(await ingestAll(), 0, 're-ingest stored new lines');
  assert.equal(store.contentHash(), hash);
  assert.equal(store.integrityCheck(), 'ok');
  store.close();
});
