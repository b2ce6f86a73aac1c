import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseSpec, FLAT_MAX_VECTORS, IVF_TRAIN_PER_LIST, ivfListsFor } from './policy.js';

describe('index layout policy', () => {
  it('is exact up to the threshold and IVF past it', () => {
    assert.deepEqual(chooseSpec(0), { kind: 'flat' });
    assert.deepEqual(chooseSpec(FLAT_MAX_VECTORS), { kind: 'flat' });
    assert.equal(chooseSpec(FLAT_MAX_VECTORS + 1).kind, 'ivf');
  });

  it('always picks an IVF that the data can train, with nprobe within nlist, growing with size', () => {
    let prevLists = 0;
    for (const n of [FLAT_MAX_VECTORS + 1, 50_000, 100_000, 250_000, 1_000_000, 4_000_000, 20_000_000]) {
      const spec = chooseSpec(n);
      assert.equal(spec.kind, 'ivf');
      if (spec.kind !== 'ivf') continue;
      assert.ok(spec.nlist * IVF_TRAIN_PER_LIST <= n, `${n}: nlist ${spec.nlist} cannot be trained`);
      assert.ok(spec.nprobe >= 1 && spec.nprobe <= spec.nlist);
      assert.ok(Number.isInteger(Math.log2(spec.nlist)), 'power of two');
      assert.ok(spec.nlist >= prevLists);
      prevLists = spec.nlist;
    }
    assert.equal(ivfListsFor(100_000), 1024);
    assert.equal(ivfListsFor(1_000_000), 2048);
  });
});
