import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KEY_BYTES, VectorGroups, vectorKey } from './groups.js';

function chunksOf(g: VectorGroups, p: number, allow?: (id: number) => boolean, limit = Infinity): number[] {
  const out: number[] = [];
  g.chunksOf(p, allow, out, limit);
  return out;
}

/** 3 positions; chunk id i sits on position i % 3. */
function sample(n: number): VectorGroups {
  const g = new VectorGroups();
  for (const k of ['a', 'b', 'c']) g.newPosition(vectorKey(Float32Array.from(k, (c) => c.charCodeAt(0))));
  for (let id = 0; id < n; id++) g.attach(id, id % 3);
  return g;
}

describe('VectorGroups', () => {
  it('keys equal vectors alike and different ones apart', () => {
    const a = Float32Array.from([0.6, 0.8, 0]);
    assert.equal(vectorKey(a), vectorKey(Float32Array.from([0.6, 0.8, 0])));
    assert.notEqual(vectorKey(a), vectorKey(Float32Array.from([0.6, 0.8, 1e-7])));
    assert.equal(Buffer.from(vectorKey(a), 'base64').length, KEY_BYTES);
    // A view into a larger buffer hashes its own bytes only.
    const big = new Float32Array([9, 0.6, 0.8, 0, 9]);
    assert.equal(vectorKey(big.subarray(1, 4)), vectorKey(a));
  });

  it('lists a position\'s chunks newest first, filtered, up to a limit', () => {
    const g = sample(30);
    assert.equal(g.size, 30);
    assert.equal(g.positions, 3);
    assert.equal(g.vectors, 3);
    assert.deepEqual(chunksOf(g, 1), [28, 25, 22, 19, 16, 13, 10, 7, 4, 1]);
    assert.deepEqual(chunksOf(g, 1, (id) => id < 20), [19, 16, 13, 10, 7, 4, 1]);
    assert.deepEqual(chunksOf(g, 1, undefined, 3), [28, 25, 22]);
    // The limit counts what the output already holds (hits from earlier positions).
    const out = [100, 101];
    assert.equal(g.chunksOf(2, undefined, out, 4), 2);
    assert.deepEqual(out, [100, 101, 29, 26]);
  });

  it('removes by id (bisection when ids ascend), and a vector dies with its last chunk', () => {
    const g = sample(30);
    assert.equal(g.remove([0, 3, 6, 999, 3]), 3);
    assert.equal(g.size, 27);
    assert.deepEqual(chunksOf(g, 0), [27, 24, 21, 18, 15, 12, 9]);
    assert.equal(g.remove([9, 12, 15, 18, 21, 24, 27]), 7);
    assert.equal(g.liveOn(0), 0);
    assert.equal(g.vectors, 2);
    assert.equal(g.deadVectors, 1);
    assert.deepEqual(chunksOf(g, 0), []);
    assert.deepEqual([...g.liveIds()], Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 !== 0));
    // A dead position revives when a chunk with its vector arrives again.
    g.attach(30, 0);
    assert.equal(g.vectors, 3);
    assert.deepEqual(chunksOf(g, 0), [30]);
  });

  it('removes ids added out of order too (no bisection then)', () => {
    const g = new VectorGroups();
    g.newPosition('');
    for (const id of [50, 10, 40, 20, 30]) g.attach(id, 0);
    assert.equal(g.remove([10, 30, 60]), 2);
    assert.deepEqual(chunksOf(g, 0), [20, 40, 50]);
    assert.equal(g.maxId, 50);
  });

  it('compacts dead entries without losing or moving a live one', () => {
    const n = 20_000;
    const g = sample(n);
    // Retention removes the oldest: 8,000 dead past a third of 12,000 live compacts.
    const old = Array.from({ length: 8_000 }, (_, i) => i);
    assert.equal(g.remove(old), 8_000);
    assert.equal(g.size, 12_000);
    for (let p = 0; p < 3; p++) {
      const want = Array.from({ length: n }, (_, i) => n - 1 - i).filter((id) => id % 3 === p && id >= 8_000);
      assert.deepEqual(chunksOf(g, p), want);
    }
    // Bisection still finds ids after compaction.
    assert.equal(g.remove([8_000, 19_999]), 2);
    assert.equal(g.remove([8_000]), 0);
    assert.equal(g.size, 11_998);
  });

  it('round-trips through its persisted form, keys, dead positions and covered max id included', () => {
    const g = sample(30);
    g.newPosition(''); // a position without a key (loaded from version 1) ...
    g.attach(30, 3);
    g.remove([0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 29]); // ... position 0 dead, 29 gone from the end
    const { keys, ids, positions } = g.serialize();
    assert.equal(keys.length, 4 * KEY_BYTES);
    assert.equal(ids.length, g.size);
    const back = VectorGroups.deserialize(keys, ids, positions, 30);
    assert.equal(back.size, g.size);
    assert.equal(back.positions, 4);
    assert.equal(back.vectors, 3);
    assert.equal(back.maxId, 30);
    for (let p = 0; p < 4; p++) assert.deepEqual(chunksOf(back, p), chunksOf(g, p));
    const keyB = vectorKey(Float32Array.from('b', (c) => c.charCodeAt(0)));
    assert.equal(back.positionOf(keyB), 1);
    assert.equal(back.positionOf(''), undefined, 'an unknown key is never matched');
    assert.throws(() => VectorGroups.deserialize(keys.subarray(1), ids, positions, 30), /multiple/);
    assert.throws(() => VectorGroups.deserialize(keys, ids, positions.subarray(1), 30), /positions/);
    assert.throws(() => VectorGroups.deserialize(keys, Float64Array.from(ids, (x, i) => (i === 0 ? -5 : x)), positions, 30), /non-negative/);
    assert.throws(() => VectorGroups.deserialize(keys, ids, Int32Array.from(positions, (x, i) => (i === 0 ? 9 : x)), 30), /no vector position 9/);
  });

  it('reads the version-1 layout: one position per slot, -1 slots deleted', () => {
    const g = VectorGroups.fromSlots(Float64Array.from([5, -1, 7, 9]), 12);
    assert.equal(g.positions, 4);
    assert.equal(g.size, 3);
    assert.equal(g.vectors, 3);
    assert.equal(g.deadVectors, 1);
    assert.equal(g.maxId, 12);
    assert.deepEqual(chunksOf(g, 2), [7]);
  });
});
