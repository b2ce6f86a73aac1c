import { context, type Context, type Tracer } from '@opentelemetry/api';
import type { LogEntry } from '../types.js';
import { planChunks, type ChunkerOptions } from '../chunking/chunker.js';
import type { CursorUpdate, InsertResult, Store } from '../store/store.js';
import { INGEST_SPANS, inSpan, noopTracer } from '../telemetry/tracing.js';

/** Entries read per stream per chunking round; bounds memory when a backfill lands at once. */
const CHUNK_READ_BATCH = 20_000;

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
          const chunks = result.inserted > 0 || opts.final ? this.chunkPending(opts.final ?? true, ctx) : 0;
          return { result, chunks };
        });
      } catch (err) {
        this.hooks.tagger?.reset();
        throw err;
      }
      const { result, chunks } = done;
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

  /** Packs unclaimed entries into chunks; with final=false a stream's trailing partial chunk waits. */
  chunkPending(final: boolean, parent: Context = context.active()): number {
    return inSpan(this.tracer, INGEST_SPANS.chunk, parent, (span) => {
      const made = this.packChunks(final);
      span.setAttribute('loglens.ingest.chunks', made);
      return made;
    }, { 'loglens.ingest.final': final });
  }

  private packChunks(final: boolean): number {
    // Tag first: after a crash between insert and tag, this round tags what the last one missed.
    this.hooks.tagger?.tagUntagged();
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
