import { context, type Context, type Tracer } from '@opentelemetry/api';
import type { LogEntry } from '../types.js';
import { planChunks, type ChunkerOptions } from '../chunking/chunker.js';
import type { CursorUpdate, InsertResult, Store } from '../store/store.js';
import { INGEST_SPANS, inSpan, noopTracer } from '../telemetry/tracing.js';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { StorageWriteObserver } from './storage-health.js';

/** Entries read per stream per chunking round; bounds memory when a backfill lands at once. */
const CHUNK_READ_BATCH = 20_000;
/**
 * Streams per transaction when closing every waiting chunk: ~0.1 ms each measured at 20k streams,
 * so a slice holds the writer and the event loop ~25 ms (the /healthz goal is 100 ms at p99).
 */
const FLUSH_SLICE_STREAMS = 256;

/** Tags stored entries with their mined template (templates/TemplateRepo). */
export interface EntryTagger {
  tagUntagged(): number;
  /** Drop in-memory state learned inside a transaction that rolled back. */
  reset(): void;
}

export interface IngestHooks {
  /** Called with ids of chunks just stored (embedding/indexing hangs off this). */
  onChunks?: (chunkIds: number[]) => void;
  /** Called with the inserted entries' count per source and the batch's newest timestamp (metrics). */
  onInserted?: (source: string, result: InsertResult, bytes: number, newestTsNs: bigint | undefined) => void;
  /** Tags new entries with templates before they are chunked, so chunks carry template ids. */
  tagger?: EntryTagger;
  /**
   * Told of every write that committed something and every one that failed (a full disk: the
   * push API answers 507 and /readyz says storage full until a write goes through again).
   */
  storage?: StorageWriteObserver;
}

/**
 * Store + chunking for every source (files, push API, Loki): entries are stored with their
 * cursor and packed into chunks in one transaction. Chunking only reads entries no chunk has
 * claimed, so a round that did not happen (chunkPending called on its own) is made up by the next.
 */
export class IngestPipeline {
  constructor(
    private readonly store: Store,
    private readonly chunking: ChunkerOptions,
    private readonly hooks: IngestHooks = {},
    private readonly tracer: Tracer = noopTracer(),
  ) {}

  ingest(
    source: string,
    entries: readonly LogEntry[],
    opts: { cursor?: CursorUpdate; final?: boolean } = {},
  ): InsertResult & { chunks: number } {
    const attrs = { 'loglens.ingest.source': source, 'loglens.ingest.entries': entries.length };
    return inSpan(this.tracer, INGEST_SPANS.ingest, context.active(), (span, ctx) => {
      // Entries, cursor, template tags and chunks commit together. Chunk boundaries depend on which
      // entries are present when a round runs (a stream's late, out-of-order lines land in whatever
      // chunk is still open), so a crash between the insert and its round used to leave a different
      // chunking than a run that never crashed (found by test/hardening-crash.test.ts).
      let done: { result: InsertResult; chunks: number };
      try {
        done = this.store.atomically(() => {
          const result = inSpan(this.tracer, INGEST_SPANS.insert, ctx, () => this.store.insertEntries(entries, { cursor: opts.cursor }), attrs);
          // Only the streams this batch wrote to can have new chunks (a stream's open chunk changes
          // only when lines join it); walking every stream with an open chunk cost O(streams) per
          // batch: 1-4 s per 1,000 lines at 20k streams. A final round with nothing new closes all.
          const chunks =
            result.inserted > 0
              ? this.chunkRound(opts.final ?? true, ctx, this.touchedStreams(entries))
              : opts.final
                ? this.chunkRound(true, ctx)
                : 0;
          return { result, chunks };
        });
      } catch (err) {
        // Nothing of the batch (nor its cursor) was stored: the whole transaction rolled back, so
        // a retry after a 507 (or a Loki page fetched again) stores each line once.
        throw this.failed(err);
      }
      const { result, chunks } = done;
      if (result.inserted > 0 || chunks > 0 || opts.cursor) this.hooks.storage?.succeeded();
      let bytes = 0;
      let newest: bigint | undefined;
      for (const e of entries) {
        bytes += Buffer.byteLength(e.line);
        if (newest === undefined || e.tsNs > newest) newest = e.tsNs;
      }
      this.hooks.onInserted?.(source, result, bytes, newest);
      span.setAttributes({
        'loglens.ingest.inserted': result.inserted,
        'loglens.ingest.duplicates': result.duplicates,
        'loglens.ingest.bytes': bytes,
        'loglens.ingest.chunks': chunks,
      });
      return { ...result, chunks };
    }, attrs);
  }

  /**
   * Packs unclaimed entries into chunks; with final=false a stream's trailing partial chunk waits.
   * A round that fails (a full disk) stored nothing of itself; the next one does its work.
   */
  chunkPending(final: boolean, parent: Context = context.active()): number {
    let made: number;
    try {
      made = this.chunkRound(final, parent);
    } catch (err) {
      throw this.failed(err);
    }
    if (made > 0) this.hooks.storage?.succeeded();
    return made;
  }

  /**
   * Closes every stream's waiting chunk (final round) in transactions of FLUSH_SLICE_STREAMS
   * streams, yielding between them: at 20k streams with open chunks one round is seconds of work,
   * which would otherwise hold the event loop (and every request) in one piece.
   */
  async flushPending(): Promise<number> {
    const streams = this.store.streamsWithUnchunked();
    let made = 0;
    for (let i = 0; i < streams.length; i += FLUSH_SLICE_STREAMS) {
      const slice = streams.slice(i, i + FLUSH_SLICE_STREAMS);
      try {
        made += this.store.atomically(() => this.chunkRound(true, context.active(), slice));
      } catch (err) {
        throw this.failed(err);
      }
      await yieldToLoop();
    }
    if (made > 0) this.hooks.storage?.succeeded();
    return made;
  }

  /**
   * After a write that rolled back: the miners learned from lines that were not stored, so they
   * forget; the storage observer hears why. Returns the error to rethrow.
   */
  private failed(err: unknown): unknown {
    this.hooks.tagger?.reset();
    this.hooks.storage?.failed(err);
    return err;
  }

  private touchedStreams(entries: readonly LogEntry[]): number[] {
    const ids = new Set<number>();
    for (const e of entries) ids.add(this.store.streamId(e.tenant, e.labels));
    return [...ids];
  }

  private chunkRound(final: boolean, parent: Context, streams?: readonly number[]): number {
    return inSpan(this.tracer, INGEST_SPANS.chunk, parent, (span) => {
      const made = this.packChunks(final, streams);
      span.setAttribute('loglens.ingest.chunks', made);
      return made;
    }, { 'loglens.ingest.final': final });
  }

  private packChunks(final: boolean, streams?: readonly number[]): number {
    // Tag first: after a crash between insert and tag, this round tags what the last one missed.
    this.hooks.tagger?.tagUntagged();
    let made = 0;
    for (const streamId of streams ?? this.store.streamsWithUnchunked()) {
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
