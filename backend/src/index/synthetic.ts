// Deterministic synthetic embeddings for the index tests and bench/ann.ts.
//
// Clustered rather than uniform: real sentence embeddings of logs crowd around templates, and ANN
// recall on uniform random high-dimensional vectors is unrepresentatively bad (every point is
// nearly equidistant). Gaussian blobs around random unit centres are the usual stand-in.

/** mulberry32: tiny seeded PRNG, enough for reproducible test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  /** Per-coordinate noise relative to a unit centre; 0.05-0.1 at 384 dims gives cosine ~0.4-0.8 within a cluster. */
  spread: number;
  seed: number;
}

/** A generator of unit vectors drawn around fixed random cluster centres. */
export function clusteredSource(opts: ClusteredOptions): () => Float32Array {
  const rand = seededRandom(opts.seed);
  const centres: Float32Array[] = [];
  for (let c = 0; c < opts.clusters; c++) {
    const v = new Float32Array(opts.dim);
    for (let i = 0; i < opts.dim; i++) v[i] = gaussian(rand);
    centres.push(normalize(v));
  }
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
