// Deterministic synthetic embeddings for the index tests and bench/ann.ts.
//
// Clustered rather than uniform: real sentence embeddings of logs crowd around templates, and ANN
// recall on uniform random high-dimensional vectors is unrepresentatively bad (every point is
// nearly equidistant). Gaussian blobs around random unit centres are the usual stand-in.
import { seededRandom } from '../lib/random.js';

export { seededRandom };

function gaussian(rand: () => number): number {
  // Box-Muller; 1 - u keeps log away from 0.
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
}

export interface ClusteredOptions {
  dim: number;
  clusters: number;
  /** Per-coordinate noise added to a unit centre before normalising (noise norm = spread * sqrt(dim)). */
  spread: number;
  seed: number;
  /**
   * Optional second level: cluster centres are themselves drawn around this many "topic" centres
   * (per-coordinate noise `topicSpread`), so neighbouring clusters overlap the way embeddings of
   * related log templates do. Without it, random centres in high dimensions are near-orthogonal and
   * every cluster is trivially separable, which flatters IVF.
   */
  topics?: number;
  topicSpread?: number;
}

function clusterCentres(opts: ClusteredOptions, rand: () => number): Float32Array {
  const { dim } = opts;
  const draw = (): Float32Array => {
    const v = new Float32Array(dim);
    for (let i = 0; i < dim; i++) v[i] = gaussian(rand);
    return normalize(v);
  };
  const topics = opts.topics ? Array.from({ length: opts.topics }, draw) : [];
  const centres = new Float32Array(opts.clusters * dim);
  for (let c = 0; c < opts.clusters; c++) {
    const v = centres.subarray(c * dim, (c + 1) * dim);
    if (topics.length === 0) {
      v.set(draw());
      continue;
    }
    const topic = topics[Math.floor(rand() * topics.length)];
    const s = opts.topicSpread ?? 0.05;
    for (let i = 0; i < dim; i++) v[i] = topic[i] + s * gaussian(rand);
    normalize(v);
  }
  return centres;
}

/** A generator of unit vectors drawn around fixed random cluster centres. */
export function clusteredSource(opts: ClusteredOptions): () => Float32Array {
  const rand = seededRandom(opts.seed);
  const flat = clusterCentres(opts, rand);
  const centres = Array.from({ length: opts.clusters }, (_, c) => flat.subarray(c * opts.dim, (c + 1) * opts.dim));
  return () => {
    const centre = centres[Math.floor(rand() * centres.length)];
    const v = new Float32Array(opts.dim);
    for (let i = 0; i < opts.dim; i++) v[i] = centre[i] + opts.spread * gaussian(rand);
    return normalize(v);
  };
}

export function clusteredVectors(n: number, opts: ClusteredOptions): Float32Array[] {
  const next = clusteredSource(opts);
  return Array.from({ length: n }, next);
}

/** Exact top-k by cosine (inputs assumed unit-length), for checking the indexes. */
export function bruteForceTopK(
  data: readonly Float32Array[],
  ids: readonly number[],
  query: Float32Array,
  k: number,
): { id: number; score: number }[] {
  const scored = data.map((v, i) => {
    let s = 0;
    for (let j = 0; j < v.length; j++) s += v[j] * query[j];
    return { id: ids[i], score: s };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, k);
}

/**
 * The same distribution as clusteredSource (not the same draws), written row-major into one Float32Array (n x dim):
 * at a million vectors, one allocation instead of a million small ones.
 */
export function clusteredMatrix(n: number, opts: ClusteredOptions): Float32Array {
  const { dim, spread } = opts;
  const rand = seededRandom(opts.seed);
  const centres = clusterCentres(opts, rand);
  const out = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    const c = Math.floor(rand() * opts.clusters) * dim;
    const base = r * dim;
    // Both Box-Muller outputs per pair of uniforms: this loop dominates at a million rows.
    for (let i = 0; i < dim; i += 2) {
      const rad = Math.sqrt(-2 * Math.log(1 - rand()));
      const ang = 2 * Math.PI * rand();
      out[base + i] = centres[c + i] + spread * rad * Math.cos(ang);
      if (i + 1 < dim) out[base + i + 1] = centres[c + i + 1] + spread * rad * Math.sin(ang);
    }
    normalize(out.subarray(base, base + dim));
  }
  return out;
}

/** Row views into a row-major matrix (no copies). */
export function rows(matrix: Float32Array, dim: number, from = 0, to = matrix.length / dim): Float32Array[] {
  const out: Float32Array[] = [];
  for (let i = from; i < to; i++) out.push(matrix.subarray(i * dim, (i + 1) * dim));
  return out;
}
