import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { bucketGrid, MAX_BUCKETS, STEPS_NS } from './buckets.js';

const S = 1_000_000_000n;
const T = 1_795_900_000n * S; // 2026-11-28T...: any instant will do; the grid depends on the window alone

test('a window picks the smallest round step that fits MAX_BUCKETS, aligned to it', () => {
  const hour = bucketGrid({ startNs: T, endNs: T + 3600n * S });
  assert.equal(hour.stepNs, 30n * S);
  assert.equal(hour.startNs % hour.stepNs, 0n);
  // T is not on a 30 s edge: aligning adds the one bucket allowed.
  assert.equal(hour.buckets, MAX_BUCKETS + 1);
  assert.equal(bucketGrid({ startNs: T - (T % (30n * S)), endNs: T - (T % (30n * S)) + 3600n * S }).buckets, MAX_BUCKETS);
  // 13:50..14:20 (the demo's "at 14:05" window): 15 s buckets, exactly 120 of them.
  const start = BigInt(Date.parse('2026-11-24T13:50:00Z')) * 1_000_000n;
  const half = bucketGrid({ startNs: start, endNs: start + 1800n * S });
  assert.deepEqual([half.stepNs, half.buckets, half.startNs], [15n * S, 120, start]);
  assert.equal(bucketGrid({ startNs: T, endNs: T + 90n * S }).stepNs, S);
  assert.equal(bucketGrid({ startNs: T, endNs: T + 7n * 86400n * S }).stepNs, 7200n * S);
  assert.throws(() => bucketGrid({ startNs: T, endNs: T }));
});

test('any window: at most MAX_BUCKETS (+1 for alignment) buckets covering it from an aligned start', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 4_000_000_000n * S }), fc.bigInt({ min: 1n, max: 400n * 86400n * S }), fc.integer({ min: 10, max: 200 }), (start, len, max) => {
      const g = bucketGrid({ startNs: start, endNs: start + len }, max);
      assert.ok(g.buckets >= 1 && g.buckets <= max + 1, `buckets ${g.buckets} > ${max} + 1`);
      assert.ok((len + g.stepNs - 1n) / g.stepNs <= BigInt(max), 'the window length fits in max steps');
      assert.ok(g.startNs <= start && start - g.startNs < g.stepNs);
      assert.equal(g.startNs % g.stepNs, 0n);
      assert.ok(g.startNs + BigInt(g.buckets) * g.stepNs >= start + len);
      // Smallest round step that fits: the next smaller one would not.
      const i = STEPS_NS.indexOf(g.stepNs);
      if (i > 0) {
        const smaller = STEPS_NS[i - 1];
        assert.ok((len + smaller - 1n) / smaller > BigInt(max));
      }
    }),
  );
});
