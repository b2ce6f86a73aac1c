import type { LogEntry } from '../types.js';
import { planChunks, type ChunkerOptions } from '../chunking/chunker.js';
import type { CursorUpdate, InsertResult, Store } from '../store/store.js';

/** Entries read per stream per chunking round; bounds memory when a backfill lands at once. */
const CHUNK_READ_BATCH = 20_000;

export interface IngestHooks {
  /** Called with ids of chunks just stored (embedding/indexing hangs off this). */
  onChunks?: (chunkIds: number[]) => void;
  /** Called with the inserted entries' count per source (metrics). */
  onInserted?: (source: string, result: InsertResult, bytes: number) => void;
}

/**
 * Store + chunking for every source (files, push API, Loki): entries are stored with their
 * cursor in one transaction, then packed into chunks. Chunking is idempotent: it only reads
 * entries no chunk has claimed, so a crash between the two steps is repaired by the next round.
 */
export class IngestPipeline {
  constructor(
    private readonly store: Store,
    private readonly chunking: ChunkerOptions,
    private readonly hooks: IngestHooks = {},
  ) {}

  ingest(
    source: string,
    entries: readonly LogEntry[],
    opts: { cursor?: CursorUpdate; final?: boolean } = {},
  ): InsertResult & { chunks: number } {
    const result = this.store.insertEntries(entries, { cursor: opts.cursor });
    let bytes = 0;
    for (const e of entries) bytes += Buffer.byteLength(e.line);
    this.hooks.onInserted?.(source, result, bytes);
    const chunks = result.inserted > 0 || opts.final ? this.chunkPending(opts.final ?? true) : 0;
    return { ...result, chunks };
  }

  /** Packs unclaimed entries into chunks; with final=false a stream's trailing partial chunk waits. */
  chunkPending(final: boolean): number {
    let made = 0;
    for (const streamId of this.store.streamsWithUnchunked()) {
      for (;;) {
        const entries = this.store.unchunkedEntries(streamId, CHUNK_READ_BATCH);
        if (entries.length === 0) break;
        const last = entries.length < CHUNK_READ_BATCH;
        const { chunks } = planChunks(entries, this.chunking, final && last);
        if (chunks.length === 0) break;
        const ids = this.store.insertChunks(
          chunks.map((c) => ({
            streamId,
            startNs: c.startNs,
            endNs: c.endNs,
            text: c.text,
            entryIds: c.entries.map((e) => e.id),
            tokenCount: c.tokenCount,
            templateIds: c.templateIds,
          })),
        );
        made += ids.length;
        this.hooks.onChunks?.(ids);
        if (last) break;
      }
    }
    return made;
  }
}
