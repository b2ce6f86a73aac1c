import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mad, median, quantile, rankZ, robustThreshold, trend } from './stats.js';
import { sustainedOnset } from './rates.js';

test('order statistics and the MAD', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95), 10);
  assert.equal(mad([1, 1, 1, 1]), 0);
  assert.ok(Math.abs(mad([1, 2, 3, 4, 100]) - 1.4826) < 1e-9, 'one outlier does not move the MAD');
});

test('the rate threshold holds for sparse kinds (Poisson floor) and steady ones (MAD)', () => {
  // A kind logged every other minute: 4 lines in a minute is a departure, 2 are not.
  const sparse = Array.from({ length: 60 }, (_, i) => (i % 2 ? 1 : 0));
  const t = robustThreshold(sparse);
  assert.ok(t >= 2 && t < 4, String(t));
  // A busy steady kind: ~100 a minute with small noise.
  const busy = Array.from({ length: 60 }, (_, i) => 100 + (i % 5) - 2);
  const b = robustThreshold(busy);
  assert.ok(b > 102 && b < 150, String(b));
  assert.equal(robustThreshold([]), 0);
});

test('an onset must be sustained', () => {
  assert.equal(sustainedOnset([0, 5, 0, 0, 6, 7, 0], 1), 4);
  assert.equal(sustainedOnset([0, 0, 0, 0, 0, 9], 1), 5, 'a burst in the last bucket counts');
  assert.equal(sustainedOnset([0, 0, 0], 1), -1);
});

test('rank test and trend', () => {
  const a = Array.from({ length: 50 }, (_, i) => 10 + (i % 7));
  const b = Array.from({ length: 50 }, (_, i) => 40 + (i % 7));
  assert.ok(rankZ(a, b) > 6);
  assert.ok(rankZ(b, a) < -6);
  assert.ok(Math.abs(rankZ(a, a)) < 1e-9);
  assert.equal(trend([1, 2, 3, 4, 5]), 1);
  assert.equal(trend([5, 4, 3, 2, 1]), -1);
  assert.ok(Math.abs(trend([3, 1, 4, 1, 5, 9, 2, 6])) < 0.8);
});
