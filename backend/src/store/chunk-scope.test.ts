import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkScope, WINDOW_SQL } from './chunk-scope.js';
import { Store } from './store.js';

const S = 1_000_000_000n;

/** A chunk of one line on stream `job` from `start` to `end` seconds. */
function chunk(s: Store, job: string, start: number, end: number): number {
  const streamId = s.streamId('t', { job });
  s.insertEntries([{ tenant: 't', labels: { job }, tsNs: BigInt(start) * S, line: `${job} ${start}-${end}` }]);
  const [e] = s.unchunkedEntries(streamId, 1);
  return s.insertChunks([{ streamId, startNs: BigInt(start) * S, endNs: BigInt(end) * S, text: e.line, entryIds: [e.id], tokenCount: 3, templateIds: [] }])[0];
}

test('chunks in a window: what Store.chunkIdsInScope gives, read off the index range from the longest span before it', () => {
  const s = Store.open(':memory:');
  try {
    const scope = new ChunkScope(s.db);
    for (let i = 0; i < 60; i++) chunk(s, i % 2 ? 'a' : 'b', i * 10, i * 10 + 5);
    const streams = s.streams('t').map((x) => x.id);
    const a = s.streams('t').find((x) => x.labels.job === 'a')!.id;
    const same = () => {
      for (const ids of [streams, [a]]) {
        for (let from = -20; from < 640; from += 7) {
          const w = { startNs: BigInt(from) * S, endNs: BigInt(from + 13) * S };
          assert.deepEqual([...scope.idsInScope(ids, w)].sort(), [...s.chunkIdsInScope(ids, w)].sort(), `window from ${from}`);
        }
        assert.deepEqual(scope.idsInScope(ids), s.chunkIdsInScope(ids));
      }
    };
    same();
    assert.equal(scope.longestSpan(), 5n * S);
    // A longer chunk added later (a sparse stream's), starting long before most windows.
    chunk(s, 'a', 100, 400);
    same();
    assert.equal(scope.longestSpan(), 300n * S);
    // The newest chunk deleted and its id given again to another chunk: the spans are read again.
    const top = chunk(s, 'b', 0, 900);
    assert.equal(scope.longestSpan(), 900n * S);
    s.db.prepare('DELETE FROM chunks WHERE id = ?').run(top);
    assert.equal(chunk(s, 'b', 100, 950), top, 'SQLite gave the id again');
    same();
    assert.equal(scope.longestSpan(), 850n * S);
    s.db.prepare('DELETE FROM chunks WHERE id = ?').run(top);
    assert.equal(chunk(s, 'b', 1, 2), top);
    assert.equal(scope.longestSpan(), 300n * S);
    chunk(s, 'a', 50, 650);
    same();
    // The read is bounded below by the longest span, not every chunk before the window's end.
    const plan = (s.db.prepare(`EXPLAIN QUERY PLAN ${WINDOW_SQL}`).all('[1]', 0, 1, 0) as { detail: string }[]).map((r) => r.detail).join(' | ');
    assert.match(plan, /start_ns>\? AND start_ns<\?/);
  } finally {
    s.close();
  }
});
