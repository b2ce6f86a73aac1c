import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../store/store.js';
import { chunkPages, ID_RANGE_MAX, pageSql } from './chunk-pages.js';

/** Chunks of tenants a and b, interleaved in id order (b's between a's), one line each. */
function store(n: number): Store {
  const s = Store.open(':memory:');
  for (let i = 0; i < n; i++) {
    for (const tenant of ['a', 'b']) {
      const streamId = s.streamId(tenant, { job: `j${i % 3}` });
      s.insertEntries([{ tenant, labels: { job: `j${i % 3}` }, tsNs: BigInt(n - i), line: `${tenant} line ${i}` }]);
      const [e] = s.unchunkedEntries(streamId, 1);
      s.insertChunks([{ streamId, startNs: BigInt(n - i), endNs: BigInt(n - i + 1), text: e.line, entryIds: [e.id], tokenCount: 3, templateIds: [] }]);
    }
  }
  return s;
}

test('a catch-up page past few new chunks reads the id range; the same rows as the per-stream read', () => {
  const s = store(40);
  try {
    const max = s.db.prepare('SELECT max(id) FROM chunks').pluck().get() as number;
    const pages = chunkPages<{ id: number; stream_id: number }>(s.db, 'c.id, c.stream_id', 10);
    const reference = s.db.prepare(pageSql('per stream', 'c.id, c.stream_id'));
    for (const tenant of ['a', 'b', 'nobody']) {
      for (let after = -1; after <= max; after += 3) {
        for (const limit of [1, 4, 100]) assert.deepEqual(pages.page(tenant, after, limit), reference.all({ tenant, after, limit }), `${tenant} after ${after} limit ${limit}`);
      }
    }
    assert.equal(pages.plan(max - 10), 'id range');
    assert.equal(pages.plan(max - 11), 'per stream');
    assert.equal(chunkPages(s.db, 'c.id').plan(max - ID_RANGE_MAX), 'id range');
    // The id range is read off the primary key, not every chunk of the tenant's streams.
    const plan = (sql: string) => (s.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ tenant: 'a', after: max - 5, limit: 10 }) as { detail: string }[]).map((r) => r.detail).join(' | ');
    assert.match(plan(pageSql('id range', 'c.id')), /SEARCH c USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    assert.doesNotMatch(plan(pageSql('id range', 'c.id')), /chunks_stream_time/);
  } finally {
    s.close();
  }
});
