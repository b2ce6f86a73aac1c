// Small robust statistics for change detection: order statistics, the median absolute deviation,
// a rate threshold that holds for counts as small as log lines per minute, and a rank test.

/** A quantile of sorted numbers (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export function median(xs: readonly number[]): number {
  return quantile([...xs].sort((a, b) => a - b), 0.5);
}

/** Median absolute deviation, scaled by 1.4826 to estimate a normal standard deviation. */
export function mad(xs: readonly number[]): number {
  const m = median(xs);
  return 1.4826 * median(xs.map((x) => Math.abs(x - m)));
}

/**
 * How far a robust z-score must go before a rate or a value counts as departed. 4: with a few
 * hundred buckets and slots looked at per question, a 3-sigma rule would fire on noise every time.
 */
export const ROBUST_Z = 4;

/**
 * The count per bucket above which a kind of line has departed from its baseline buckets: the
 * larger of a robust bound (median + ROBUST_Z MADs) and a Poisson bound (mean + ROBUST_Z sqrt(mean)).
 * The Poisson bound matters for sparse kinds, whose median and MAD are 0.
 */
export function robustThreshold(baseline: readonly number[]): number {
  if (baseline.length === 0) return 0;
  const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
  return Math.max(median(baseline) + ROBUST_Z * mad(baseline), mean + ROBUST_Z * Math.sqrt(mean));
}

/**
 * Mann-Whitney U as a z-score (normal approximation, ties averaged): positive when `b` tends to be
 * larger than `a`. Robust to outliers and to any distribution's shape, which latencies lack.
 */
export function rankZ(a: readonly number[], b: readonly number[]): number {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return 0;
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  let r2 = 0;
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1].v === all[i].v) j++;
    const rank = (i + j + 2) / 2;
    const t = j - i + 1;
    if (t > 1) tieTerm += t ** 3 - t;
    for (let k = i; k <= j; k++) if (all[k].g === 1) r2 += rank;
    i = j + 1;
  }
  const u2 = r2 - (n2 * (n2 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  return sigma > 0 ? (u2 - mu) / sigma : 0;
}

/** Spearman's rank correlation of values against their order (a monotonic trend: 1 rising, -1 falling). */
export function trend(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 3) return 0;
  const ranks = new Array<number>(n);
  const idx = xs.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && idx[j + 1].v === idx[i].v) j++;
    for (let k = i; k <= j; k++) ranks[idx[k].i] = (i + j) / 2;
    i = j + 1;
  }
  const mean = (n - 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (i - mean) * (ranks[i] - mean);
    da += (i - mean) ** 2;
    db += (ranks[i] - mean) ** 2;
  }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : 0;
}
