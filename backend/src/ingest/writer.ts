// Ingest on a writer thread (ingest/writer-worker.ts). On one thread every push held the event
// loop for all of its synchronous work: at 5,000-line pushes ingest was 73% of the sidecar's CPU
// (template tagging 52%, of it value extraction and value rows 33%; chunks 6%, entries 4%, commits
// 8%; `bench/push.ts --cpu-prof`, load ~1), so /healthz, asks and other tenants' requests waited
// behind each 256-line slice (p99 150 ms while pushing), and the second core stayed idle.
//
// The whole ingest stage moves, not only its SQL: tagging reads the entries its slice just wrote,
// value extraction reads the templates tagging just changed, chunking reads both; split finer, a
// transaction would cross threads. What stays here: HTTP, JSON, validation, and everything the
// pipeline's hooks feed (metrics, the storage observer, the vector index), replayed from each reply.
//
// Invariants kept: a request resolves only after the writer's transactions committed (a push is
// acknowledged when durable, as before); the writer runs requests one at a time in arrival order,
// each with the pipeline's own transactions (exactly-once, a cursor with its lines, rollback on
// failure). Reads on this thread use their own connection (WAL): they see a push once it returns.
// The event loop's other writers share the file: the embedding cache's writes come here too
// (embeddingStore), retention's stay on the event loop (BEGIN IMMEDIATE, store.ts) and tell the
// writer what they deleted (forget).
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { context, type Tracer } from '@opentelemetry/api';
import { INGEST_SPANS, noopTracer, recordFailure, startChild } from '../telemetry/tracing.js';
import type { LogEntry } from '../types.js';
import type { CursorUpdate, InsertResult } from '../store/store.js';
import type { MinerCacheStats } from '../templates/repo.js';
import type { EmbeddingStore } from '../embed/cache.js';
import type { IngestHooks } from './pipeline.js';
import type { StorageWriteObserver } from './storage-health.js';
import type { WriterInit, WriterReply, WriterRequest } from './writer-protocol.js';

type Result = InsertResult & { chunks: number };
type Request = WriterRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface WriterOptions {
  path: string;
  chunking: { maxTokens: number; maxGapNs: bigint };
  segmentChunks?: number;
  minerCacheBytes?: number;
}

/** The sidecar's ingest, run by a writer thread; the same operations as IngestPipeline, asynchronous. */
export class IngestWriter {
  private worker!: Worker;
  private readonly init: WriterInit;
  private nextId = 1;
  private readonly pending = new Map<number, { op: Request['op']; resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  /** Why the current thread is gone (it died, or close() ended it); a new one starts on the next request unless closing. */
  private exited?: Error;
  private closing = false;
  /** Threads started again after one died (metrics and tests). */
  restarts = 0;
  /** The writer's miner cache as its latest reply left it (metrics). */
  miner: MinerCacheStats = { miners: 0, bytes: 0, budgetBytes: 0, hits: 0, loads: 0, creates: 0, evictions: 0 };

  constructor(
    opts: WriterOptions,
    private readonly hooks: Omit<IngestHooks, 'tagger'> = {},
    /** The ingest span is made here, around the writer's work (its insert and chunk spans are not). */
    private readonly tracer: Tracer = noopTracer(),
  ) {
    this.init = {
      path: opts.path,
      chunking: { maxTokens: opts.chunking.maxTokens, maxGapNs: opts.chunking.maxGapNs.toString() },
      segmentChunks: opts.segmentChunks,
      minerCacheBytes: opts.minerCacheBytes,
    };
    this.spawn();
  }

  private spawn(): void {
    const w = new Worker(bootstrap(), { eval: true, workerData: this.init });
    this.worker = w;
    this.exited = undefined;
    w.on('message', (r: WriterReply) => this.settle(r));
    // A writer that dies takes no request with it silently: each waiting one fails (an open
    // transaction rolls back with its connection; one that committed before the reply is stored,
    // and a retry of it stores each line once). The next request starts a new thread, which reads
    // its miners and ids back from the store: started on demand, a thread that cannot start costs
    // one try per request, never a loop.
    w.on('error', (err) => w === this.worker && this.fail(err instanceof Error ? err : new Error(String(err))));
    w.on('exit', (code) => w === this.worker && this.fail(new Error(`ingest writer thread exited (${code})`)));
    // Idle, it must not keep the process alive (a request in flight refs it).
    w.unref();
  }

  /** As IngestPipeline.ingestSliced: resolves once every slice committed on the writer thread. */
  ingestSliced(source: string, entries: readonly LogEntry[], opts: { final?: boolean; sliceLines?: number; cursor?: CursorUpdate } = {}): Promise<Result> {
    return this.traced(source, entries.length, () =>
      this.call({ op: 'ingestSliced', source, entries, final: opts.final, sliceLines: opts.sliceLines, cursor: opts.cursor }) as Promise<Result>,
    );
  }

  /** As IngestPipeline.ingest (one transaction, with the cursor when given). */
  ingest(source: string, entries: readonly LogEntry[], opts: { cursor?: CursorUpdate; final?: boolean } = {}): Promise<Result> {
    return this.traced(source, entries.length, () => this.call({ op: 'ingest', source, entries, cursor: opts.cursor, final: opts.final }) as Promise<Result>);
  }

  chunkPending(final: boolean): Promise<number> {
    return this.call({ op: 'chunkPending', final }) as Promise<number>;
  }

  flushPending(): Promise<number> {
    return this.call({ op: 'flushPending' }) as Promise<number>;
  }

  /**
   * After retention deleted rows on another connection: the writer drops the ids it cached
   * (streams, tenants, open segments) and the miners of deleted streams.
   */
  forget(streamIds: readonly number[] = []): Promise<void> {
    return this.call({ op: 'forget', streamIds: [...streamIds] }) as Promise<void>;
  }

  /**
   * The embedding cache with its writes on this writer: read on the calling thread's connection
   * (`read`), written here. On the event loop, a cache write (a new question's vector, the index
   * catching up with new chunks) waited in SQLite's busy handler for the writer's lock, slice after
   * slice: 6% of the event loop's time during pushes with embedding on (bench/push.ts --embedding
   * --cpu-prof, load 6-9), /healthz max 3.4 s in the scale bench. Here it queues behind the push
   * and the event loop goes on. Best effort as before: the embedder counted the write as done when
   * it was handed over; a failure is told to `writes` when the writer answers.
   */
  embeddingStore(read: EmbeddingStore, writes?: StorageWriteObserver): EmbeddingStore {
    return {
      getMany: (modelId, hashes) => read.getMany(modelId, hashes),
      putMany: (modelId, entries) => {
        if (entries.length === 0) return;
        this.call({ op: 'putEmbeddings', modelId, entries }).catch((err: unknown) => writes?.failed(err));
      },
    };
  }

  /** Ends the writer after what was asked before; its connection closes. */
  async close(): Promise<void> {
    const wasGone = this.exited !== undefined;
    this.closing = true;
    if (wasGone) return;
    const exit = new Promise((resolve) => this.worker.once('exit', resolve));
    const closed = this.call({ op: 'close' }).catch(() => undefined);
    // kept alive until the thread is gone (its last reply would otherwise let the process end first)
    this.worker.ref();
    await closed;
    await exit;
  }

  private async traced(source: string, entries: number, run: () => Promise<Result>): Promise<Result> {
    const child = startChild(this.tracer, INGEST_SPANS.ingest, context.active(), { 'loglens.ingest.source': source, 'loglens.ingest.entries': entries });
    try {
      const r = await run();
      child.span.setAttributes({ 'loglens.ingest.inserted': r.inserted, 'loglens.ingest.duplicates': r.duplicates, 'loglens.ingest.chunks': r.chunks });
      return r;
    } catch (err) {
      recordFailure(child.span, err);
      throw err;
    } finally {
      child.end();
    }
  }

  private call(req: Request): Promise<unknown> {
    if (this.exited && this.closing) return Promise.reject(this.exited);
    if (this.exited) {
      this.restarts++;
      this.spawn();
    }
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { op: req.op, resolve, reject });
      this.worker.postMessage({ ...req, id } as WriterRequest);
    });
  }

  private settle(r: WriterReply): void {
    const p = this.pending.get(r.id);
    this.pending.delete(r.id);
    if (this.pending.size === 0 && !this.closing) this.worker.unref();
    this.miner = r.miner;
    for (const e of r.events) {
      if (e.t === 'chunks') this.hooks.onChunks?.(e.ids);
      else if (e.t === 'inserted') this.hooks.onInserted?.(e.source, e.result, e.bytes, e.newestTsNs);
      else this.hooks.storage?.succeeded();
    }
    if (!p) return;
    if (r.ok) p.resolve(r.value);
    else {
      const err = Object.assign(new Error(r.error.message), r.error.code !== undefined ? { code: r.error.code } : {});
      err.name = r.error.name;
      if (r.error.stack) err.stack = r.error.stack;
      // the ingest observer hears of ingest's own writes (embedding cache writes have theirs)
      if (p.op !== 'putEmbeddings') this.hooks.storage?.failed(err);
      p.reject(err);
    }
  }

  private fail(err: Error): void {
    this.exited ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

/**
 * The writer thread's first script. Its module has the extension of this one: .ts under tsx, .js
 * once compiled. A worker does not get tsx's module hooks from the --import it inherits (neither a
 * .ts entry nor an import from a .mjs one loads: ERR_UNKNOWN_FILE_EXTENSION), so under tsx the
 * thread registers them itself before importing.
 */
function bootstrap(): string {
  const ext = extname(fileURLToPath(import.meta.url));
  const entry = JSON.stringify(new URL(`./writer-worker${ext}`, import.meta.url).href);
  if (ext !== '.ts') return `import(${entry});`;
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return `import(${tsx}).then((m) => m.register()).then(() => import(${entry}));`;
}

/** What the sidecar's sources need of ingest: the pipeline on this thread, or the writer thread. */
export interface Ingest {
  ingestSliced(source: string, entries: readonly LogEntry[], opts?: { final?: boolean; sliceLines?: number; cursor?: CursorUpdate }): Promise<Result>;
  /** Synchronous, on this thread only: the writer thread answers ingestAsync. */
  ingest(source: string, entries: readonly LogEntry[], opts?: { cursor?: CursorUpdate; final?: boolean }): Result;
  ingestAsync(source: string, entries: readonly LogEntry[], opts?: { cursor?: CursorUpdate; final?: boolean }): Promise<Result>;
  chunkPending(final: boolean): number;
  flushPending(): Promise<number>;
}

/**
 * The writer thread as an Ingest: its synchronous operations throw (a caller that needs a result
 * before it returns, the CLI's file ingest or a test, builds the app without the thread).
 */
export function writerIngest(writer: IngestWriter): Ingest {
  const onThisThread = (): never => {
    throw new Error('ingest runs on the writer thread here: use ingestSliced, ingestAsync or flushPending');
  };
  return {
    ingestSliced: (source, entries, opts) => writer.ingestSliced(source, entries, opts),
    ingest: onThisThread,
    ingestAsync: (source, entries, opts) => writer.ingest(source, entries, opts),
    chunkPending: onThisThread,
    flushPending: () => writer.flushPending(),
  };
}
