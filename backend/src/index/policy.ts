// Which faiss layout to use for how many vectors. Numbers come from bench/ann.ts on the 2-core
// dev box (results in bench/results/ann.json); see the constants' comments.
import type { IndexSpec } from './vector-index.js';

/** PLACEHOLDER until measured. */
export const FLAT_MAX_VECTORS = 100_000;

/** faiss warns below 39 training points per centroid (clustering.cpp); fewer gives poor centroids. */
export const IVF_TRAIN_PER_LIST = 39;

export const HNSW_SPEC: IndexSpec = { kind: 'hnsw', m: 32, efConstruction: 40, efSearch: 64 };

export function chooseSpec(count: number): IndexSpec {
  if (count <= FLAT_MAX_VECTORS) return { kind: 'flat' };
  return HNSW_SPEC;
}
