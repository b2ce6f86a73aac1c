// Sentence-transformers' "mean pooling": average the token vectors the attention mask keeps
// (padding must not dilute short texts in a padded batch), then L2-normalise so that cosine
// similarity is a plain dot product downstream.

/**
 * hidden: row-major [rows, seqLen, dim]; mask: [rows, seqLen] of 0/1.
 * Per row, the sum of the kept token vectors (float64: 256 float32 adds lose digits) and how many
 * tokens were kept. Sums rather than means so that windows of one long text can be pooled together.
 */
export function maskedTokenSums(
  hidden: Float32Array,
  mask: BigInt64Array,
  rows: number,
  seqLen: number,
  dim: number,
): Array<{ sum: Float64Array; count: number }> {
  if (hidden.length !== rows * seqLen * dim) {
    throw new Error(`hidden state has ${hidden.length} values, expected ${rows}x${seqLen}x${dim}`);
  }
  const out: Array<{ sum: Float64Array; count: number }> = [];
  for (let r = 0; r < rows; r++) {
    const sum = new Float64Array(dim);
    let count = 0;
    for (let t = 0; t < seqLen; t++) {
      if (mask[r * seqLen + t] === 0n) continue;
      count++;
      const base = (r * seqLen + t) * dim;
      for (let d = 0; d < dim; d++) sum[d] += hidden[base + d];
    }
    out.push({ sum, count });
  }
  return out;
}

/** Mean (sum / count) scaled to unit length; all zeros for an empty sum. */
export function meanNormalize(sum: Float64Array, count: number): Float32Array {
  const v = new Float32Array(sum.length);
  if (count === 0) return v;
  let norm = 0;
  for (let d = 0; d < sum.length; d++) norm += (sum[d] / count) ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < sum.length; d++) v[d] = sum[d] / count / norm;
  return v;
}

/** Mean pooling over the mask, then L2 normalisation: one unit-length Float32Array(dim) per row. */
export function meanPoolNormalize(
  hidden: Float32Array,
  mask: BigInt64Array,
  rows: number,
  seqLen: number,
  dim: number,
): Float32Array[] {
  return maskedTokenSums(hidden, mask, rows, seqLen, dim).map((r) => meanNormalize(r.sum, r.count));
}

/** Dot product; equals cosine similarity for the unit vectors this module produces. */
export function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`dimension mismatch ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
