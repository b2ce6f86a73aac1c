// Messages between ingest/writer.ts (the calling thread) and ingest/writer-worker.ts (the writer).
import type { LogEntry } from '../types.js';
import type { CursorUpdate, InsertResult } from '../store/store.js';
import type { MinerCacheStats } from '../templates/repo.js';

/**
 * Lines per transaction of a push on the writer thread (INGEST_SLICE_LINES on the event loop). A
 * slice there held the event loop; here it holds only the write lock, which retention on the event
 * loop waits for (at most one slice). Each commit has a fixed cost (FTS5 flushes a segment, the
 * open chunks are read again, dirty index pages are written again): bench/push-slices.ts, 16
 * pushes of 5,000 lines, CPU per line against one transaction per push: 256 lines 1.38x, 1,024
 * lines 1.08x (load 10-13). 2,048 keeps most of the gain while a slice stays a fraction of a second.
 */
export const WRITER_SLICE_LINES = 2048;

export interface WriterInit {
  path: string;
  chunking: { maxTokens: number; /** ns as a string: bigint does not go through workerData in every Node */ maxGapNs: string };
  segmentChunks?: number;
  minerCacheBytes?: number;
}

export type WriterRequest = { id: number } & (
  | { op: 'ingestSliced'; source: string; entries: readonly LogEntry[]; final?: boolean; sliceLines?: number; cursor?: CursorUpdate }
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
