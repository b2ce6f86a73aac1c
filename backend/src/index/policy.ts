// Which faiss layout to use for how many vectors. Every number here comes from bench/ann.ts on the
// 2-core dev box (OMP_NUM_THREADS=1, clustered synthetic 384-d data; bench/results/ann.json).
import type { IndexSpec } from './vector-index.js';

/**
 * Exact search up to here. Flat p50 was 3.6 ms at 20k, 44 ms at 100k and 458 ms at 1M (memory
 * bound, ~0.45 us per vector once past the caches); 20k keeps it below the cost of embedding the
 * query, with perfect recall, no training and cheap incremental adds. Past it IVF answers in
 * 0.3-0.5 ms at 100k with recall@10 0.999-1.000 (IVF1024, nprobe 8-16).
 */
export const FLAT_MAX_VECTORS = 20_000;

/** faiss warns below 39 training points per centroid (clustering.cpp); fewer gives poor centroids. */
export const IVF_TRAIN_PER_LIST = 39;

/** Fewest lists worth an IVF: just past the flat threshold 4*sqrt(20k) = 565 and 20k/39 = 512 lists. */
const IVF_MIN_LISTS = 256;

/**
 * nprobe as a fraction of nlist. Bench: recall@10 reached 0.999 (IVF1024, 100k) and 1.000 (IVF2048,
 * 1M) at nprobe 8, and 1.000 everywhere at 16; faiss's default nprobe=1 gave 0.75-0.96. nlist/64
 * keeps 2-4x margin for real embeddings, which overlap more than the synthetic clusters, at p50
 * 0.5 ms (IVF1024 nprobe 16, 100k) and 4.6 ms (IVF2048 nprobe 32, 1M).
 */
const IVF_PROBE_FRACTION = 1 / 64;
const IVF_MIN_NPROBE = 8;

/**
 * HNSW is kept as an option but not chosen: on this box it built 3.5-6x slower than IVF1024 at 100k
 * (21.7 s M=16, 35.6 s M=32 vs 6.1 s; >10 min per M at 1M), plateaued lower on clustered data
 * (M=32 efSearch=128: recall@10 0.966 vs IVF1024 nprobe=8: 0.999) and cannot delete. Its only edge
 * is latency (0.1 ms vs 0.3-0.5 ms), irrelevant next to query embedding. efConstruction 200 fixes
 * the recall (1.0 at 50k) for another ~3x build time.
 */
export const HNSW_SPEC: IndexSpec = { kind: 'hnsw', m: 32, efConstruction: 40, efSearch: 64 };

function pow2Floor(x: number): number {
  return 2 ** Math.floor(Math.log2(Math.max(1, x)));
}

/** nlist ~ 4 sqrt(n) (faiss's guideline), a power of two, never more than n/39 can train. */
export function ivfListsFor(count: number): number {
  const byGuideline = pow2Floor(4 * Math.sqrt(count));
  const byTraining = pow2Floor(count / IVF_TRAIN_PER_LIST);
  return Math.max(IVF_MIN_LISTS, Math.min(byGuideline, byTraining));
}

export function chooseSpec(count: number): IndexSpec {
  if (count <= FLAT_MAX_VECTORS) return { kind: 'flat' };
  const nlist = ivfListsFor(count);
  return { kind: 'ivf', nlist, nprobe: Math.max(IVF_MIN_NPROBE, Math.round(nlist * IVF_PROBE_FRACTION)) };
}
