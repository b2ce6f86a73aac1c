// Public surface of the vector index stage. See README.md beside this file.
export { loadFaiss, FaissUnavailableError, METRIC_INNER_PRODUCT, type FaissIndex, type FaissModule } from './faiss.js';
export {
  ADD_BATCH,
  ANN_FILTER_MAX_FETCH,
  DELETED,
  FaissVectorIndex,
  descriptorFor,
  toNormalizedArray,
  toNormalizedFloat32,
  type IdFilter,
  type IndexKind,
  type IndexManifest,
  type IndexSaver,
  type IndexSpec,
  type SearchHit,
  type VectorIndex,
} from './vector-index.js';
export {
  MANIFEST_FILE,
  openIndex,
  readManifest,
  saveIndex,
  serialSaver,
  writeFileAtomic,
  type ExpectedCoverage,
  type IndexState,
  type OpenResult,
} from './persistence.js';
export { ManagedVectorIndex, type EmbeddedChunk, type ManagedIndexOptions } from './managed.js';
export { TenantIndexes, tenantDirName, type TenantIndexesOptions } from './tenants.js';
export { chooseSpec, ivfListsFor, FLAT_MAX_VECTORS, HNSW_SPEC, IVF_TRAIN_PER_LIST } from './policy.js';
export { catchUp, tenantChunkVectors, tenantCoverage, SOURCE_PAGE, type EmbedTexts } from './source.js';
export { createIndex, patchSearchParams, patchSearchParamsFile, readSearchParams, type SearchParams } from './search-params.js';
