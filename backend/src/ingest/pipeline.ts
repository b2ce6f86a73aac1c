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
/**
 * Lines per transaction when a batch is stored in slices (ingestSliced for pushes, the Loki sink
 * for pages). A 5,000-line push in one transaction held the event loop (and every request) 0.8 s
 * at p50 and 1.2-1.6 s at p99. Each commit has a fixed cost (FTS5 flushes a segment, index pages
 * are written again), so smaller slices cost CPU: bench/push-slices.ts, side by side, CPU per line
 * vs one transaction and the longest stretch per push p50 / p99: 128 lines 1.64x, 71 / 256 ms;
 * 256 lines 1.44x, 112 / 193 ms; 512 lines 1.25x, 153 / 226 ms. 256 halves the stretch of 512 for
 * a sixth more CPU; below it the CPU grows faster than the stretch shrinks. On the sidecar's writer
 * thread (writer.ts) a slice no longer holds the event loop, only the write lock (which retention
 * and the embedding cache on the event loop wait for); 1,024 there measured +3% lines/s over 256
 * (3,163 -> 3,265, 20 pushes each, load 9-11: noise), so the size stayed.
 */
export const INGEST_SLICE_LINES = 256;

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

  /**
   * Stores a pushed batch in transactions of INGEST_SLICE_LINES lines, yielding to the event loop
   * between them, so a large push does not stall other requests. Resolves once every slice is
   * committed (acknowledge after that). A failure rejects with the slices before it committed: a
   * retry of the whole batch stores each of their lines once (the unique key makes them duplicates)
   * and the rest as new. Chunks close (final) only in the last slice, for every stream of the batch,
   * so the chunking is the one the batch would get in one piece, whether or not a retry intervened.
   * A cursor commits with the last slice: a crash before it reads the page again (a Loki page).
   */
  async ingestSliced(
    source: string,
    entries: readonly LogEntry[],
    opts: { final?: boolean; /** bench/push-slices.ts compares sizes */ sliceLines?: number; cursor?: CursorUpdate } = {},
  ): Promise<InsertResult & { chunks: number }> {
    const size = opts.sliceLines ?? INGEST_SLICE_LINES;
    const total = { inserted: 0, duplicates: 0, chunks: 0 };
    for (let i = 0; i < entries.length || i === 0; i += size) {
      if (i > 0) await yieldToLoop();
      const last = i + size >= entries.length;
      const r = this.ingest(source, entries.slice(i, i + size), {
        cursor: last ? opts.cursor : undefined,
        final: last ? opts.final : false,
        closeStreamsOf: last && opts.final !== false && i > 0 ? entries : undefined,
      });
      total.inserted += r.inserted;
      total.duplicates += r.duplicates;
      total.chunks += r.chunks;
    }
    return total;
  }

  /** As ingest (the sidecar's Loki sink takes either this or the writer thread's). */
  async ingestAsync(source: string, entries: readonly LogEntry[], opts: { cursor?: CursorUpdate; final?: boolean } = {}): Promise<InsertResult & { chunks: number }> {
    return this.ingest(source, entries, opts);
  }

  ingest(
    source: string,
    entries: readonly LogEntry[],
    opts: { cursor?: CursorUpdate; final?: boolean; closeStreamsOf?: readonly LogEntry[] } = {},
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
            result.inserted > 0 || opts.closeStreamsOf
              ? this.chunkRound(opts.final ?? true, ctx, this.touchedStreams(opts.closeStreamsOf ?? entries))
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
    const run = this.flushRun();
    while (run.step()) await yieldToLoop();
    return run.made;
  }

  /**
   * flushPending's work a transaction at a time: each step() closes the waiting chunks of the next
   * FLUSH_SLICE_STREAMS streams (those waiting when the first step ran) and says whether any are
   * left. The writer thread (writer-worker.ts) serves the requests that came meanwhile between steps.
   */
  flushRun(): { step(): boolean; readonly made: number } {
    let streams: number[] | undefined;
    let next = 0;
    const run = {
      made: 0,
      step: (): boolean => {
        streams ??= this.store.streamsWithUnchunked();
        if (next < streams.length) {
          const slice = streams.slice(next, next + FLUSH_SLICE_STREAMS);
          next += slice.length;
          try {
            run.made += this.store.atomically(() => this.chunkRound(true, context.active(), slice));
          } catch (err) {
            throw this.failed(err);
          }
        }
        if (next < streams.length) return true;
        if (run.made > 0) this.hooks.storage?.succeeded();
        return false;
      },
    };
    return run;
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
    let last: LogEntry | undefined;
    for (const e of entries) {
      // Runs of one stream (a push's shape) are looked up once.
      if (last && e.labels === last.labels && e.tenant === last.tenant) continue;
      ids.add(this.store.streamId(e.tenant, e.labels));
      last = e;
    }
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
