import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IngestPipeline } from '../ingest/pipeline.js';
import { ChunkDeleter } from '../retention/deleter.js';
import { Bm25Retriever } from '../retrieve/bm25.js';
import { seededRandom } from '../lib/random.js';
import type { LogEntry } from '../types.js';
import { SEGMENT_MIGRATION, segmentsFor } from './segments.js';
import { createTenantFts } from './migrations.js';
import { labelsText } from './fts.js';
import { coreMigrations, migrate } from './migrations.js';
import { Store } from './store.js';
import { chunkTextSql } from './chunk-text.js';

const MIN = 60_000_000_000n;
const T0 = BigInt(Date.UTC(2026, 5, 2, 10, 0, 0)) * 1_000_000n;

/** A store cutting segments every `per` chunks, with one line per chunk (maxGapNs 1 ns, lines a minute apart). */
function fixture(per: number) {
  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-seg-')), 'x.db'), { segmentChunks: per });
  const pipeline = new IngestPipeline(store, { maxTokens: 64, maxGapNs: 1n });
  const push = (tenant: string, lines: { at: bigint; line: string; job?: string }[]) =>
    pipeline.ingest(
      'test',
      lines.map((l): LogEntry => ({ tenant, labels: { job: l.job ?? 'api' }, tsNs: l.at, line: l.line })),
    );
  return { store, push };
}

/** The tenant's chunks as the catalogue should see them: [id, start, end] in id order. */
function chunksOf(store: Store, tenant: string): { id: number; start: bigint; end: bigint }[] {
  return (
    store.db
      .prepare('SELECT c.id, c.start_ns, c.end_ns FROM chunks c JOIN streams s ON s.id = c.stream_id WHERE s.tenant = ? ORDER BY c.id')
      .safeIntegers(true)
      .all(tenant) as { id: bigint; start_ns: bigint; end_ns: bigint }[]
  ).map((r) => ({ id: Number(r.id), start: r.start_ns, end: r.end_ns }));
}

/** Asserts the catalogue covers exactly the tenant's chunks, each segment with its chunks' span (a wider one after deletes). */
function assertCovers(store: Store, tenant: string, per: number, afterDeletes = false): void {
  const chunks = chunksOf(store, tenant);
  const segs = store.segmentsOf(tenant);
  const seen = new Set<number>();
  for (const s of segs) {
    const mine = chunks.filter((c) => c.id >= s.firstChunkId && c.id <= s.lastChunkId);
    assert.equal(mine.length, s.chunks, `segment ${s.firstChunkId} count`);
    assert.ok(s.chunks <= per, 'segment over its size');
    if (mine.length > 0) {
      const lo = mine.reduce((m, c) => (c.start < m ? c.start : m), mine[0].start);
      const hi = mine.reduce((m, c) => (c.end > m ? c.end : m), mine[0].end);
      if (afterDeletes) assert.ok(s.startNs <= lo && s.endNs >= hi, `segment ${s.firstChunkId}: span narrower than its chunks`);
      else assert.deepEqual([s.startNs, s.endNs], [lo, hi], `segment ${s.firstChunkId} span`);
    }
    for (const c of mine) seen.add(c.id);
    const rows = store.db.prepare(`SELECT rowid FROM ${s.table} ORDER BY rowid`).pluck().all() as number[];
    assert.deepEqual(rows, mine.map((c) => c.id), `segment ${s.firstChunkId}: FTS rows are not its chunks`);
  }
  assert.equal(seen.size, chunks.length, 'a chunk outside every segment');
  for (let i = 1; i < segs.length; i++) assert.ok(segs[i].lastChunkId < segs[i - 1].firstChunkId, 'segments overlap or are not newest first');
}

test('segments cut each tenant\'s chunks in id order, with their time spans, across interleaved pushes', () => {
  const { store, push } = fixture(5);
  const rnd = seededRandom(8);
  for (let b = 0; b < 12; b++) {
    for (const tenant of ['a', 'b']) {
      const n = 1 + Math.floor(rnd() * 4);
      // Out-of-order times inside a push: a segment's span is its chunks' min and max, not first and last.
      push(tenant, Array.from({ length: n }, (_, i) => ({ at: T0 + BigInt(b * 10 + Math.floor(rnd() * 9)) * MIN + BigInt(i), line: `${tenant} line ${b} ${i}`, job: `j${i % 2}` })));
    }
  }
  for (const tenant of ['a', 'b']) {
    assert.ok(store.segmentsOf(tenant).length >= 3, 'too few segments to test anything');
    assertCovers(store, tenant, 5);
  }
});

test('a store made before segments gets them: its chunks indexed again per segment, its one FTS table dropped', () => {
  const { store, push } = fixture(4);
  for (let b = 0; b < 5; b++) push('a', [{ at: T0 + BigInt(b) * MIN, line: `refused line ${b}` }]);
  // Back to the layout before: one FTS table for the tenant, no catalogue.
  const tenantId = store.tenantId('a')!;
  for (const t of store.ftsTables('a')) store.db.exec(`DROP TABLE ${t}`);
  store.db.exec(`DROP TABLE chunk_segments; DELETE FROM schema_migrations WHERE version = ${SEGMENT_MIGRATION.version}`);
  const old = createTenantFts(store.db, tenantId);
  for (const c of chunksOf(store, 'a')) store.db.prepare(`INSERT INTO ${old} (rowid, labels, text) VALUES (?, ?, ?)`).run(c.id, labelsText({ job: 'api' }), (store.chunk(c.id)!).text);
  migrate(store.db, coreMigrations);
  // The migration cuts at SEGMENT_CHUNKS (16,384): five chunks are one segment.
  const after = store.segmentsOf('a');
  assert.equal(after.length, 1);
  assert.equal(after[0].chunks, 5);
  assert.equal(after[0].startNs, T0);
  assert.equal(after[0].endNs, T0 + 4n * MIN);
  assertCovers(store, 'a', 16_384);
  assert.equal(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = ?").pluck().get(old), 0, 'the old table is still there');
  assert.equal(new Bm25Retriever(store, { budgetChunks: 65_536 }).search(['refused'], { tenant: 'a' }, 10).length, 5);
});

test('retention counts down the segments it deletes from and drops the ones it empties, table and all; the newest stays', () => {
  const { store, push } = fixture(3);
  for (let b = 0; b < 10; b++) push('a', [{ at: T0 + BigInt(b) * MIN, line: `line ${b}` }]);
  const ids = chunksOf(store, 'a').map((c) => c.id);
  const deleter = new ChunkDeleter(store);
  // The first segment whole, and one chunk of the second.
  deleter.delete('a', ids.slice(0, 4));
  assertCovers(store, 'a', 3, true);
  const oldest = store.segmentsOf('a').at(-1)!;
  assert.equal(oldest.chunks, 2);
  assert.equal(oldest.firstChunkId, ids[3], 'the emptied segment is still catalogued');
  assert.equal(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'chunks_fts_%' AND sql LIKE 'CREATE VIRTUAL TABLE%'").pluck().get(), 3, 'the emptied segment\'s table was not dropped');
  // Everything but the newest chunk (the high-water chunk is never deleted).
  deleter.delete('a', ids.slice(4));
  assertCovers(store, 'a', 3, true);
  assert.equal(store.segmentsOf('a').filter((s) => s.chunks > 0).length, 1);
  push('a', [{ at: T0 + 60n * MIN, line: 'line after' }]);
  assertCovers(store, 'a', 3, true);
});

test('segmentsFor: a window picks the segments overlapping it (late chunks widen a span); none empty', () => {
  const seg = (first: number, last: number, startMin: number, endMin: number, chunks = last - first + 1) => ({ table: `t${first}`, firstChunkId: first, lastChunkId: last, startNs: T0 + BigInt(startMin) * MIN, endNs: T0 + BigInt(endMin) * MIN, chunks });
  const segs = [seg(40, 49, 40, 50, 0), seg(30, 39, 30, 40), seg(20, 29, 20, 31), seg(10, 19, 10, 20), seg(0, 9, 0, 10)];
  assert.deepEqual(segmentsFor(segs).map((r) => r.firstChunkId), [30, 20, 10, 0]);
  assert.deepEqual(segmentsFor(segs, { startNs: T0 + 12n * MIN, endNs: T0 + 25n * MIN }).map((r) => r.firstChunkId), [20, 10]);
  assert.deepEqual(segmentsFor(segs, { startNs: T0 + 30n * MIN, endNs: T0 + 35n * MIN }).map((r) => r.firstChunkId), [30, 20]);
  assert.deepEqual(segmentsFor(segs, { startNs: T0 + 100n * MIN, endNs: T0 + 200n * MIN }), []);
});

/** A tenant with `n` one-line chunks over words drawn from a small vocabulary, one a minute. */
function wordsStore(per: number, n: number, oldest: string[] = []) {
  const { store, push } = fixture(per);
  push('t', oldest.map((line, i) => ({ at: T0 - BigInt(oldest.length - i) * MIN, line, job: 'old' })));
  const rnd = seededRandom(21);
  const vocab = ['error', 'timeout', 'refused', 'payment', 'checkout', 'db', 'cache', 'retry', 'slow', 'ok', 'started', 'stopped'];
  for (let i = 0; i < n; i += 20) {
    push(
      't',
      Array.from({ length: Math.min(20, n - i) }, (_, k) => ({
        at: T0 + BigInt(i + k) * MIN,
        job: `j${(i + k) % 3}`,
        line: Array.from({ length: 2 + Math.floor(rnd() * 5) }, () => vocab[Math.floor(rnd() * vocab.length)]).join(' '),
      })),
    );
  }
  return store;
}

/** Chunks of the tenant in the window whose text holds one of the words (the vocabulary has no stems to fold). */
function truth(store: Store, words: string[], window?: { startNs: bigint; endNs: bigint }, streamIds?: number[]): number[] {
  const rows = store.db
    .prepare(`SELECT c.id, ${chunkTextSql('c')} AS text, c.stream_id, c.start_ns, c.end_ns FROM chunks c JOIN streams s ON s.id = c.stream_id WHERE s.tenant = ?`)
    .safeIntegers(true)
    .all('t') as { id: bigint; text: string; stream_id: bigint; start_ns: bigint; end_ns: bigint }[];
  return rows
    .filter((r) => !window || (r.end_ns >= window.startNs && r.start_ns < window.endNs))
    .filter((r) => !streamIds || streamIds.includes(Number(r.stream_id)))
    .filter((r) => r.text.split(/\s+/).some((w) => words.includes(w)))
    .map((r) => Number(r.id))
    .sort((a, b) => a - b);
}

test('a window search finds every matching chunk in the window, from the segments overlapping it', () => {
  const store = wordsStore(16, 400);
  const bm25 = new Bm25Retriever(store, { budgetChunks: 32 });
  const rnd = seededRandom(5);
  let checked = 0;
  for (let i = 0; i < 40; i++) {
    const a = Math.floor(rnd() * 400);
    const window = { startNs: T0 + BigInt(a) * MIN, endNs: T0 + BigInt(a + 1 + Math.floor(rnd() * 60)) * MIN };
    const terms = ['error', 'payment', 'slow', 'retry'].filter(() => rnd() < 0.5);
    if (terms.length === 0) continue;
    const streamIds = i % 3 === 0 ? [store.streamId('t', { job: 'j1' })] : undefined;
    const got = bm25.searchScoped(terms, { tenant: 't', window, ...(streamIds ? { streamIds } : {}) }, 1000);
    assert.equal(got.searched, undefined, 'a window search says nothing about older data');
    assert.deepEqual(got.candidates.map((c) => c.chunkId).sort((x, y) => x - y), truth(store, terms, window, streamIds), `${terms.join(' ')} in [${a}, +)`);
    checked++;
  }
  assert.ok(checked > 20);
});

test('without a time the newest segments are searched first; older ones only while good matches are too few, never past four budgets', () => {
  // Two lines only the oldest segment holds, under 400 lines of common words.
  const store = wordsStore(16, 400, ['zebra crossing closed', 'zebra crossing open']);
  const segmented = new Bm25Retriever(store, { budgetChunks: 32 });
  const whole = new Bm25Retriever(store);
  const segs = store.segmentsOf('t');
  // Common words: the budget's newest segments hold plenty of good matches, so the search stops there.
  const common = segmented.searchScoped(['error', 'timeout'], { tenant: 't' }, 20);
  assert.ok(common.searched, 'the whole store was read for common words');
  assert.ok(common.searched.olderChunks > 0);
  assert.ok(common.candidates.length >= 10, "fewer good matches than the stop asks for");
  assert.ok(common.candidates.every((c) => c.chunkId >= common.searched!.fromChunkId), 'a candidate older than the period it says it searched');
  assert.equal(common.searched.endNs, segs.reduce((m, s) => (s.endNs > m ? s.endNs : m), 0n), "the newest data is not in the period searched");
  assert.ok(common.searched.fromChunkId > segs[segs.length - 1].firstChunkId);
  assert.ok(common.searched.startNs > T0, 'the period searched reaches the oldest data');
  // Words held only in old data: no good match within the budget, so the search goes on, but never
  // past four budgets (128 chunks of 400 here): the answer says which period it read.
  const capped = segmented.searchScoped(['zebra', 'crossing'], { tenant: 't' }, 20);
  assert.ok(capped.searched, 'the search went past four budgets');
  assert.ok(capped.searched.olderChunks >= 400 - 4 * 32 - 16);
  assert.deepEqual(capped.candidates, []);
  // With a budget whose cap covers the store, it goes on past the budget until it finds them.
  const rare = new Bm25Retriever(store, { budgetChunks: 128 }).searchScoped(['zebra', 'crossing'], { tenant: 't' }, 20);
  assert.equal(rare.searched, undefined);
  assert.equal(rare.candidates.length, 2);
  assert.deepEqual(rare.candidates.map((c) => c.chunkId).sort((x, y) => x - y), truth(store, ['zebra', 'crossing']));
  assert.deepEqual(rare.candidates, whole.search(['zebra', 'crossing'], { tenant: 't' }, 20));
  // Budget 0: the search before segments, one query over the whole store.
  assert.equal(new Bm25Retriever(store, { budgetChunks: 0 }).searchScoped(['error', 'timeout'], { tenant: 't' }, 20).searched, undefined);
});

test('retention that leaves old segments sparse merges neighbours into one (within a move budget); searches find the same chunks', () => {
  const store = wordsStore(10, 100);
  const ftsTables = () => store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'chunks_fts_%' AND sql LIKE 'CREATE VIRTUAL TABLE%'").pluck().get() as number;
  const before = store.segmentsOf('t');
  assert.equal(before.length, 10);
  const ids = chunksOf(store, 't').map((c) => c.id);
  // Per-stream retention: of the 80 oldest chunks, only one stream's (every third) stays.
  const doomed = ids.slice(0, 80).filter((_, i) => i % 3 !== 0);
  const deleter = new ChunkDeleter(store);
  deleter.delete('t', doomed.slice(0, 10));
  assertCovers(store, 't', 10, true);
  deleter.delete('t', doomed.slice(10));
  assertCovers(store, 't', 10, true);
  const after = store.segmentsOf('t').filter((s) => s.chunks > 0);
  // 27 chunks left in the 8 old segments fit in 3 full ones; the 2 newest were untouched.
  assert.ok(after.length <= 5, `${after.length} segments after retention: sparse ones were not merged`);
  assert.equal(ftsTables(), store.segmentsOf('t').length, 'a merged segment left its FTS table behind');
  assert.ok(after.every((s) => s.chunks <= 10));
  const bm25 = new Bm25Retriever(store, { budgetChunks: 0 });
  const rnd = seededRandom(17);
  for (let i = 0; i < 20; i++) {
    const terms = ['error', 'payment', 'slow', 'retry', 'cache'].filter(() => rnd() < 0.5);
    if (terms.length === 0) continue;
    const a = Math.floor(rnd() * 100);
    const window = i % 2 ? { startNs: T0 + BigInt(a) * MIN, endNs: T0 + BigInt(a + 30) * MIN } : undefined;
    const got = bm25.searchScoped(terms, { tenant: 't', ...(window ? { window } : {}) }, 1000).candidates.map((c) => c.chunkId).sort((x, y) => x - y);
    assert.deepEqual(got, truth(store, terms, window), `${terms.join(' ')} ${window ? `from ${a}` : 'no window'}`);
  }
  // New lines still go to the newest segment, and the catalogue still covers every chunk.
  new IngestPipeline(store, { maxTokens: 64, maxGapNs: 1n }).ingest('test', [{ tenant: 't', labels: { job: 'j0' }, tsNs: T0 + 500n * MIN, line: 'error after compaction' }]);
  assertCovers(store, 't', 10, true);
  assert.equal(bm25.searchScoped(['compaction'], { tenant: 't' }, 10).candidates.length, 1);
});

test('compaction moves at most its budget of rows per call, and what it leaves is consistent after each call', () => {
  const store = wordsStore(10, 100);
  const tenantId = store.tenantId('t')!;
  const ids = chunksOf(store, 't').map((c) => c.id);
  // Delete without compaction (budget 0 through the catalogue directly), then compact step by step.
  const doomed = ids.slice(0, 80).filter((_, i) => i % 4 !== 0);
  store.atomically(() => {
    store.db.prepare('DELETE FROM chunks WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(doomed));
    store.db.prepare('DELETE FROM entries WHERE chunk_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(doomed));
  });
  const catalog = store.segments;
  const sparse = () => store.segmentsOf('t').filter((s) => s.chunks > 0).length;
  // Their FTS rows removed with compaction off (a budget of 0), so every old segment is sparse first.
  store.atomically(() => catalog.deleteChunks(tenantId, doomed, 0));
  assert.equal(sparse(), 10);
  assertCovers(store, 't', 10, true);
  let steps = 0;
  for (let moved = -1; moved !== 0; steps++) {
    moved = store.atomically(() => catalog.compact(tenantId, 3));
    assert.ok(moved <= 3, `moved ${moved} rows on a budget of 3`);
    assertCovers(store, 't', 10, true);
  }
  assert.ok(steps > 2, 'one call did it all');
  // 20 chunks left in the 8 old segments: two full segments.
  assert.equal(sparse(), 4);
});
