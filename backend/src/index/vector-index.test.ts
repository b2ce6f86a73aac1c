import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readSearchParams } from './search-params.js';
import { bruteForceTopK, clusteredMatrix, clusteredVectors, rows } from './synthetic.js';
import { FaissVectorIndex, toNormalizedArray, type IndexManifest, type IndexSpec } from './vector-index.js';

import type { FaissModule } from './faiss.js';
import { faiss, skip } from './test-faiss.js';

const DIM = 32;
const noSave = (): Promise<IndexManifest> => Promise.reject(new Error('not persisted in this test'));

function build(spec: IndexSpec, data: Float32Array[], ids: number[]): FaissVectorIndex {
  const ix = FaissVectorIndex.create(faiss!, DIM, spec, noSave);
  if (ix.needsTraining) ix.train(data);
  ix.add(ids, data);
  return ix;
}

function recallAt(k: number, got: { id: number }[], want: { id: number }[]): number {
  const w = new Set(want.slice(0, k).map((h) => h.id));
  return got.slice(0, k).filter((h) => w.has(h.id)).length / k;
}

describe('FaissVectorIndex', { skip }, () => {
  // One stream: the first 2000 draws are indexed, the next 25 (same clusters, unseen) are queries.
  const all = clusteredVectors(2025, { dim: DIM, clusters: 20, spread: 0.15, seed: 1 });
  const data = all.slice(0, 2000);
  const queries = all.slice(2000);
  // Non-contiguous ids, as chunk ids are after deletes: proves slot -> id mapping is used.
  const ids = data.map((_, i) => 10_000 + i * 7);

  it('flat search equals brute-force cosine (ids and scores)', () => {
    const ix = build({ kind: 'flat' }, data, ids);
    assert.equal(ix.size, 2000);
    assert.equal(ix.maxId, 10_000 + 1999 * 7);
    for (const q of queries) {
      const got = ix.search(q, 10);
      const want = bruteForceTopK(data, ids, q, 10);
      assert.deepEqual(
        got.map((h) => h.id),
        want.map((h) => h.id),
      );
      got.forEach((h, i) => assert.ok(Math.abs(h.score - want[i].score) < 1e-5, `score ${h.score} vs ${want[i].score}`));
    }
  });

  it('the Float32Array and number[] addon paths give identical results', () => {
    assert.equal(faiss!.loglensFloat32Input, true, 'build-faiss-node.sh adds the Float32Array path');
    const viaArrays: FaissModule = { ...faiss!, loglensFloat32Input: false };
    for (const spec of [{ kind: 'flat' }, { kind: 'ivf', nlist: 16, nprobe: 4 }] satisfies IndexSpec[]) {
      const fast = build(spec, data, ids);
      const slow = FaissVectorIndex.create(viaArrays, DIM, spec, noSave);
      if (slow.needsTraining) slow.train(data);
      slow.add(ids, data);
      for (const q of queries) assert.deepEqual(fast.search(q, 10), slow.search(q, 10));
    }
  });

  it('writes and trains on a pool thread: the index refuses changes until the call settles, searches go on, the results match the blocking calls', async () => {
    const spec: IndexSpec = { kind: 'ivf', nlist: 16, nprobe: 4 };
    const blocking = build(spec, data, ids);
    const background = FaissVectorIndex.create(faiss!, DIM, spec, noSave);
    const training = background.trainInBackground(data);
    // Still pending when the call returns: the sync fallback would have trained already and
    // accept the add.
    assert.throws(() => background.add(ids, data), /while a background write or training runs/);
    await assert.rejects(background.trainInBackground(data), /train while a background write or training runs/);
    await assert.rejects(background.writeTo(join(tmpdir(), 'never-written.faiss')), /write while a training runs/);
    await training;
    background.add(ids, data);
    for (const q of queries) assert.deepEqual(background.search(q, 10), blocking.search(q, 10));

    const dir = mkdtempSync(join(tmpdir(), 'loglens-vi-async-'));
    try {
      const writing = background.writeTo(join(dir, 'a.faiss'));
      assert.throws(() => background.add([1], [data[0]]), /while a background write or training runs/);
      assert.deepEqual(background.search(queries[0], 10), blocking.search(queries[0], 10), 'searches run during a write');
      // Disposed mid-write (a rebuild replacing it): the native memory goes once the write settles.
      background.dispose();
      await writing;
      const back = FaissVectorIndex.fromParts(faiss!, faiss!.Index.read(join(dir, 'a.faiss')), spec, Float64Array.from(ids), Math.max(...ids), noSave);
      for (const q of queries) assert.deepEqual(back.search(q, 10), blocking.search(q, 10));
      assert.equal(background.native.ntotal(), 0, 'freed after the write settled');
      back.dispose();
      await assert.rejects(blocking.writeTo(join(dir, 'missing', 'b.faiss')), /b\.faiss|could not open|No such file/i, 'a failed write rejects, not aborts');
    } finally {
      blocking.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('normalises inputs so scores are cosine whatever the vector length', () => {
    const scaled = data.map((v) => v.map((x) => x * 37.5));
    const ix = build({ kind: 'flat' }, scaled, ids);
    const q = queries[0].map((x) => x * 0.01);
    const got = ix.search(q, 5);
    const want = bruteForceTopK(data, ids, queries[0], 5);
    assert.deepEqual(
      got.map((h) => h.id),
      want.map((h) => h.id),
    );
    assert.ok(got[0].score <= 1 + 1e-5 && got[0].score > 0.5);
  });

  for (const spec of [
    { kind: 'hnsw', m: 16, efConstruction: 80, efSearch: 64 },
    { kind: 'ivf', nlist: 16, nprobe: 8 },
  ] satisfies IndexSpec[]) {
    it(`${spec.kind} carries its search parameters and reaches high recall`, () => {
      const ix = build(spec, data, ids);
      const params = readSearchParams(ix.native.toBuffer());
      if (spec.kind === 'hnsw') assert.deepEqual(params, { efConstruction: 80, efSearch: 64 });
      else assert.deepEqual(params, { nprobe: 8 });
      let recall = 0;
      for (const q of queries) recall += recallAt(10, ix.search(q, 10), bruteForceTopK(data, ids, q, 10));
      recall /= queries.length;
      assert.ok(recall >= 0.9, `recall@10 ${recall}`);
    });
  }

  it('IVF refuses add before training with a JS error instead of aborting the process', () => {
    const ix = FaissVectorIndex.create(faiss!, DIM, { kind: 'ivf', nlist: 16, nprobe: 4 }, noSave);
    assert.throws(() => ix.add([1], [data[0]]), /trained/);
    assert.throws(() => ix.native.add(toNormalizedArray([data[0]], DIM)), /is_trained/);
  });

  it('removed ids never come back and k results are still returned', () => {
    const ix = build({ kind: 'flat' }, data, ids);
    const q = queries[3];
    const first = ix.search(q, 10).map((h) => h.id);
    assert.equal(ix.remove(first.slice(0, 5)), 5);
    assert.equal(ix.remove(first.slice(0, 5)), 0, 'removing twice removes nothing');
    assert.equal(ix.size, 1995);
    const after = ix.search(q, 10).map((h) => h.id);
    assert.equal(after.length, 10);
    for (const id of first.slice(0, 5)) assert.ok(!after.includes(id));
    assert.deepEqual(after.slice(0, 5), first.slice(5, 10));
  });

  it('a filter returns the exact top-k among allowed ids even when they rank far down', () => {
    const ix = build({ kind: 'flat' }, data, ids);
    const q = queries[4];
    const ranking = bruteForceTopK(data, ids, q, data.length);
    // Allow only ids ranked 500th and below: a filtered top-10 would come back empty.
    const allowed = new Set(ranking.slice(500).map((h) => h.id));
    const got = ix.search(q, 10, allowed).map((h) => h.id);
    assert.deepEqual(
      got,
      ranking.slice(500, 510).map((h) => h.id),
    );
    const viaFn = ix.search(q, 10, (id) => allowed.has(id)).map((h) => h.id);
    assert.deepEqual(viaFn, got);
  });

  it('dispose() frees the native memory at once and makes the index unusable', () => {
    // 24k x 384 floats = 35 MiB, above glibc's largest dynamic mmap threshold (32 MiB on 64-bit),
    // so faiss's block is always its own mapping and free() returns it to the OS at once. At 20k
    // (29 MiB) the block landed on the heap whenever a freed buffer of that size (a garbage-collected
    // copy) had raised the threshold first, and RSS did not drop: CI failed on that.
    const big = rows(clusteredMatrix(24_000, { dim: 384, clusters: 50, spread: 0.05, seed: 2 }), 384);
    const ix = FaissVectorIndex.create(faiss!, 384, { kind: 'flat' }, noSave);
    ix.add(
      big.map((_, i) => i),
      big,
    );
    const before = process.memoryUsage().rss;
    ix.dispose();
    const freedMB = (before - process.memoryUsage().rss) / 2 ** 20;
    // No GC ran between the two readings, so only dispose() can have released it.
    assert.ok(freedMB > 30, `freed ${freedMB.toFixed(1)} MiB`);
    assert.equal(ix.native.ntotal(), 0);
    assert.throws(() => ix.search(big[0], 1), /disposed/);
    assert.throws(() => ix.add([1], [big[0]]), /disposed/);
    ix.dispose();
  });

  it('k larger than the index returns everything; empty index returns nothing', () => {
    const ix = build({ kind: 'flat' }, data.slice(0, 3), ids.slice(0, 3));
    assert.equal(ix.search(queries[0], 50).length, 3);
    const empty = FaissVectorIndex.create(faiss!, DIM, { kind: 'flat' }, noSave);
    assert.deepEqual(empty.search(queries[0], 5), []);
    assert.throws(() => ix.search(queries[0], 0), /positive integer/);
    assert.throws(() => ix.add([1], [new Float32Array(DIM + 1)]), /dims/);
    assert.throws(() => ix.add([-4], [data[0]]), /non-negative/);
  });
});

describe('FaissVectorIndex: chunks that share a vector', { skip }, () => {
  // 40 distinct vectors; chunk i carries vector i % 40, half of them as the same array object (as
  // the template source hands them out), half as equal copies (as a second catch-up would).
  const distinct = clusteredVectors(41, { dim: DIM, clusters: 5, spread: 0.3, seed: 9 });
  const q = distinct[40];
  const vecs = distinct.slice(0, 40);
  const n = 2000;
  const chunkIds = Array.from({ length: n }, (_, i) => 5 + i * 3);
  const vectorOf = (i: number) => (i % 2 === 0 ? vecs[i % 40] : Float32Array.from(vecs[i % 40]));
  // What a search must return: chunks ranked by their vector's cosine, newest first among equals.
  const expected = (k: number, allow: (id: number) => boolean = () => true) =>
    bruteForceTopK(vecs, vecs.map((_, v) => v), q, 40).flatMap((h) =>
      chunkIds.filter((id, i) => i % 40 === h.id && allow(id)).reverse().map((id) => ({ id, score: h.score })),
    ).slice(0, k);

  for (const spec of [{ kind: 'flat' }, { kind: 'ivf', nlist: 4, nprobe: 4 }] satisfies IndexSpec[]) {
    it(`${spec.kind}: stores each distinct vector once and returns every chunk of the nearest, newest first`, () => {
      const ix = FaissVectorIndex.create(faiss!, DIM, spec, noSave);
      if (ix.needsTraining) ix.train(vecs);
      // In batches, so later batches meet vectors the index already holds.
      for (let i = 0; i < n; i += 300) ix.add(chunkIds.slice(i, i + 300), chunkIds.slice(i, i + 300).map((_, j) => vectorOf(i + j)));
      assert.equal(ix.native.ntotal(), 40);
      assert.equal(ix.vectorCount, 40);
      assert.equal(ix.liveVectors, 40);
      assert.equal(ix.size, n);
      assert.equal(ix.maxId, chunkIds[n - 1]);
      const got = ix.search(q, 120);
      const want = expected(120);
      assert.deepEqual(got.map((h) => h.id), want.map((h) => h.id));
      got.forEach((h, i) => assert.ok(Math.abs(h.score - want[i].score) < 1e-5));
      // A filter applies to chunks, inside a vector's group.
      const allow = (id: number) => id % 2 === 1 && id < 3000;
      assert.deepEqual(ix.search(q, 30, allow).map((h) => h.id), expected(30, allow).map((h) => h.id));
      // Removing every chunk of the nearest vector kills it; the next vector's chunks lead.
      const top = want[0];
      const onTop = chunkIds.filter((_, i) => i % 40 === chunkIds.indexOf(top.id) % 40);
      assert.equal(ix.remove(onTop), onTop.length);
      assert.equal(ix.liveVectors, 39);
      assert.equal(ix.deletedCount, 1);
      const after = ix.search(q, 10);
      assert.ok(after.every((h) => !onTop.includes(h.id)));
      assert.deepEqual(after.map((h) => h.id), expected(10, (id) => !onTop.includes(id)).map((h) => h.id));
      // The same vector arriving again revives its position instead of adding one.
      ix.add([10_000], [Float32Array.from(vecs[chunkIds.indexOf(top.id) % 40])]);
      assert.equal(ix.vectorCount, 40);
      assert.deepEqual(ix.search(q, 1).map((h) => h.id), [10_000]);
      ix.dispose();
    });
  }

  it('a vector equal only after normalisation is the same vector; a duplicate inside one batch is added once', () => {
    const ix = FaissVectorIndex.create(faiss!, DIM, { kind: 'flat' }, noSave);
    const v = vecs[3];
    ix.add([1, 2, 3], [v, Float32Array.from(v, (x) => x * 4), Float32Array.from(v)]);
    assert.equal(ix.vectorCount, 1);
    assert.equal(ix.size, 3);
    assert.deepEqual(ix.search(v, 5).map((h) => h.id), [3, 2, 1]);
  });
});
