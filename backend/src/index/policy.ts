// Which faiss layout to use for how many vectors. Every number here comes from bench/ann.ts on the
// 2-core dev box (OMP_NUM_THREADS=1, clustered synthetic 384-d data; bench/results/ann.json).
import type { IndexSpec } from './vector-index.js';

/**
 * Exact search up to here. Flat p50 was 4.2 ms at 20k, 42 ms at 100k and 484 ms at 1M (memory
 * bound, ~0.45 us per vector); 20k keeps it about the cost of embedding the query, with perfect
 * recall, no training and cheap incremental adds. Just past it IVF512 nprobe 16 answers in 0.21 ms
 * at recall@10 0.999, and IVF1024 nprobe 16 in 0.54 ms at 1.000 at 100k.
 */
export const FLAT_MAX_VECTORS = 20_000;

/** faiss warns below 39 training points per centroid (clustering.cpp); fewer gives poor centroids. */
export const IVF_TRAIN_PER_LIST = 39;

/** Fewest lists worth an IVF; just past the flat threshold the rule below gives 512 (20k/39 = 512). */
const IVF_MIN_LISTS = 256;

/**
 * nprobe as a fraction of nlist, at least 16. Bench recall@10 at nprobe 8 / 16: IVF512 at 20k
 * 0.989 / 0.999, IVF1024 at 100k 0.999 / 1.000, IVF2048 at 1M 1.000 / 1.000; faiss's default
 * nprobe=1 gave 0.75-0.96. nlist/64 (32 at 1M) keeps a margin for real embeddings, which overlap
 * more than the synthetic clusters, at p50 0.21 ms (20k), 0.54 ms (100k), 7.1 ms (1M).
 */
const IVF_PROBE_FRACTION = 1 / 64;
const IVF_MIN_NPROBE = 16;

/**
 * HNSW is kept as an option but not chosen: on this box it built 4.5-6x slower than IVF1024 at 100k
 * (33 s M=16, 44 s M=32 vs 7.4 s; >10 min per M expected at 1M), plateaued lower on clustered data
 * (M=32 efSearch=128: recall@10 0.966 vs IVF1024 nprobe=8: 0.999) and cannot delete. Its only edge
 * is latency (0.1 ms vs 0.3-0.5 ms), irrelevant next to query embedding. efConstruction 200 fixed
 * the recall in a one-off probe (M=32, 50k: 0.987 -> 1.0) for ~3x the build time.
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
