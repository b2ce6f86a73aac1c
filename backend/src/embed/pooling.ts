// Sentence-transformers' "mean pooling": average the token vectors the attention mask keeps
// (padding must not dilute short texts in a padded batch), then L2-normalise so that cosine
// similarity is a plain dot product downstream.

/**
 * hidden: row-major [rows, seqLen, dim]; mask: [rows, seqLen] of 0/1.
 * Returns one unit-length Float32Array(dim) per row.
 */
export function meanPoolNormalize(
  hidden: Float32Array,
  mask: BigInt64Array,
  rows: number,
  seqLen: number,
  dim: number,
): Float32Array[] {
  if (hidden.length !== rows * seqLen * dim) {
    throw new Error(`hidden state has ${hidden.length} values, expected ${rows}x${seqLen}x${dim}`);
  }
  const out: Float32Array[] = [];
  for (let r = 0; r < rows; r++) {
    // Accumulate in float64: 256 tokens of float32 sums lose digits we then normalise away.
    const acc = new Float64Array(dim);
    let kept = 0;
    for (let t = 0; t < seqLen; t++) {
      if (mask[r * seqLen + t] === 0n) continue;
      kept++;
      const base = (r * seqLen + t) * dim;
      for (let d = 0; d < dim; d++) acc[d] += hidden[base + d];
    }
    const v = new Float32Array(dim);
    if (kept > 0) {
      let norm = 0;
      for (let d = 0; d < dim; d++) {
        acc[d] /= kept;
        norm += acc[d] * acc[d];
      }
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dim; d++) v[d] = acc[d] / norm;
    }
    out.push(v);
  }
  return out;
}

/** Dot product; equals cosine similarity for the unit vectors this module produces. */
export function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`dimension mismatch ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
