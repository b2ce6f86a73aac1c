// The time grid a series is counted on: a step from a short list of round durations, the smallest
// that covers the window's length in at most MAX_BUCKETS buckets, the first bucket aligned to the
// step (so bucket edges fall on round clock times, as Grafana's own graphs put them). Aligning can
// add one bucket: a grid has at most MAX_BUCKETS + 1.
import type { TimeWindow } from '../types.js';

/** Most buckets per series: enough to show a burst's shape, few enough to read on a small panel. */
export const MAX_BUCKETS = 120;

const S = 1_000_000_000n;
/** Round steps, in nanoseconds. Past the last one, whole multiples of it. */
export const STEPS_NS: readonly bigint[] = [1n, 2n, 5n, 10n, 15n, 30n, 60n, 120n, 300n, 600n, 900n, 1800n, 3600n, 7200n, 10800n, 21600n, 43200n, 86400n].map((s) => s * S);

export interface BucketGrid {
  /** Start of the first bucket: the window's start rounded down to the step. */
  startNs: bigint;
  /** End of the window (the last bucket may extend past it). */
  endNs: bigint;
  stepNs: bigint;
  buckets: number;
}

function count(startNs: bigint, endNs: bigint, stepNs: bigint): number {
  return Number((endNs - startNs + stepNs - 1n) / stepNs);
}

export function bucketGrid(window: TimeWindow, maxBuckets = MAX_BUCKETS): BucketGrid {
  if (window.endNs <= window.startNs) throw new Error('time window must have endNs > startNs');
  const align = (step: bigint) => window.startNs - (((window.startNs % step) + step) % step);
  const fits = (stepNs: bigint) => count(window.startNs, window.endNs, stepNs) <= maxBuckets;
  // Longer than a day per bucket: whole days.
  const day = STEPS_NS[STEPS_NS.length - 1];
  const stepNs = STEPS_NS.find(fits) ?? day * ((window.endNs - window.startNs + day * BigInt(maxBuckets) - 1n) / (day * BigInt(maxBuckets)));
  const startNs = align(stepNs);
  return { startNs, endNs: window.endNs, stepNs, buckets: count(startNs, window.endNs, stepNs) };
}
