// Which faiss layout to use for how many vectors. Every number here comes from bench/ann.ts on the
// 2-core dev box (OMP_NUM_THREADS=1, clustered synthetic 384-d data; bench/results/ann.json).
import type { IndexSpec } from './vector-index.js';

/**
 * Exact search up to here. Flat costs ~0.1-0.2 us per vector per query (p50 FLAT_P50_100K_MS at
 * 100k), so 32k vectors keep it near 5 ms, about the cost of embedding the query, with perfect
 * recall, no training and cheap incremental adds; past it IVF answers in under 1 ms at recall >= 0.99.
 */
export const FLAT_MAX_VECTORS = 32_768;

/** faiss warns below 39 training points per centroid (clustering.cpp); fewer gives poor centroids. */
export const IVF_TRAIN_PER_LIST = 39;

/** Fewest lists worth an IVF: at the flat threshold, 32k/39 allows 840, and 4*sqrt(32k) = 724. */
const IVF_MIN_LISTS = 256;

/**
 * nprobe as a fraction of nlist. Bench: IVF1024 at 100k and 1M reached recall@10 0.999-1.000 at
 * nprobe 8 (1/128) and 1.000 at 16; nlist/64 keeps a 2x margin for real embeddings, which overlap
 * more than the synthetic clusters, at p50 0.6 ms (100k) / 6 ms (1M).
 */
const IVF_PROBE_FRACTION = 1 / 64;
const IVF_MIN_NPROBE = 8;

/**
 * HNSW is kept as an option but not chosen: on 2 cores it built 2-3x slower than IVF1024 at 100k
 * (51-75 s vs 23 s; >10 min at 1M) and plateaued lower (M=32: 0.966 recall@10 at efSearch=128 vs
 * IVF1024 nprobe=8: 0.999), and it cannot delete. efConstruction 200 fixes the recall (1.0 at 50k)
 * at another 3x build time.
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
