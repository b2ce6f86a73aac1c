export type { Embedder, EmbedStats, OnnxEmbedderOptions } from './embedder.js';
export {
  OnnxEmbedder,
  DEFAULT_CACHE_ENTRIES,
  DEFAULT_INTRA_OP_THREADS,
  DEFAULT_RUN_BATCH_SIZE,
  DEFAULT_TASK_BATCH_SIZE,
  DEFAULT_WORKERS,
  MINILM_Q_MODEL_ID,
} from './embedder.js';
export { MaskingEmbedder } from './masking-embedder.js';
export { maskVariables } from './mask.js';
export { contentHash, LruCache, SqliteEmbeddingStore, type EmbeddingStore } from './cache.js';
export { embeddingCacheMigration, type Migration } from './migration.js';
export { dot } from './pooling.js';
export { BertTokenizer } from './tokenizer.js';
export { DEFAULT_MAX_TOKENS, MAX_WINDOWS, MINILM_DIM, OnnxEmbeddingModel, type ExecutionProvider, type OverflowPolicy } from './onnx-model.js';
