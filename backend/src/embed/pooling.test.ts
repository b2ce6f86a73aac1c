import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dot, meanPoolNormalize } from './pooling.js';

test('mean pooling ignores masked positions and L2-normalises', () => {
  // 2 rows x 3 tokens x 2 dims; row 0 keeps tokens 0,1; row 1 keeps token 0 only.
  const hidden = new Float32Array([3, 0, 1, 4, 100, 100, 0, 2, 50, 50, 50, 50]);
  const mask = new BigInt64Array([1n, 1n, 0n, 1n, 0n, 0n]);
  const [a, b] = meanPoolNormalize(hidden, mask, 2, 3, 2);
  // row 0 mean (2, 2) -> (1/sqrt2, 1/sqrt2); row 1 mean (0, 2) -> (0, 1)
  assert.ok(Math.abs(a[0] - Math.SQRT1_2) < 1e-6 && Math.abs(a[1] - Math.SQRT1_2) < 1e-6);
  assert.deepEqual(Array.from(b), [0, 1]);
  assert.ok(Math.abs(dot(a, a) - 1) < 1e-6);
});

test('shape mismatch is an error, not garbage', () => {
  assert.throws(() => meanPoolNormalize(new Float32Array(5), new BigInt64Array(2), 1, 2, 3), /expected 1x2x3/);
});
