// Messages between ingest/writer.ts (the calling thread) and ingest/writer-worker.ts (the writer).
import type { LogEntry } from '../types.js';
import type { CursorUpdate, InsertResult } from '../store/store.js';
import type { MinerCacheStats } from '../templates/repo.js';

export interface WriterInit {
  path: string;
  chunking: { maxTokens: number; /** ns as a string: bigint does not go through workerData in every Node */ maxGapNs: string };
  segmentChunks?: number;
  minerCacheBytes?: number;
}

export type WriterRequest = { id: number } & (
  | { op: 'ingestSliced'; source: string; entries: readonly LogEntry[]; final?: boolean; sliceLines?: number }
  | { op: 'ingest'; source: string; entries: readonly LogEntry[]; cursor?: CursorUpdate; final?: boolean }
  | { op: 'chunkPending'; final: boolean }
  | { op: 'flushPending' }
  | { op: 'forget'; streamIds: number[] }
  | { op: 'putEmbeddings'; modelId: string; entries: Array<{ hash: string; vector: Float32Array }> }
  | { op: 'close' }
);

/** What the pipeline's hooks saw on the writer thread, in order. */
export type WriterEvent =
  | { t: 'chunks'; ids: number[] }
  | { t: 'inserted'; source: string; result: InsertResult; bytes: number; newestTsNs: bigint | undefined }
  | { t: 'succeeded' };

/** An error as it crosses threads: structured clone keeps neither an Error's name nor SQLite's code. */
export interface WriterFailure {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

export type WriterReply = { id: number; events: WriterEvent[]; miner: MinerCacheStats } & (
  | { ok: true; value: unknown }
  | { ok: false; error: WriterFailure }
);
