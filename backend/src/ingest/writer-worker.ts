// The writer thread of ingest/writer.ts: owns the sidecar's ingest stage (its own write connection,
// the template miners, the value writer, chunking) so that a push's synchronous work (miner, value
// extraction, value rows, chunks, commits: 73% of the sidecar's CPU while pushing) runs beside the
// event loop instead of on it. Requests come in order on one port and are answered in order; each
// answer carries what the pipeline's hooks saw, for the calling thread to replay (metrics, the
// storage observer, the vector index's catch-up).
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { LogEntry } from '../types.js';
import { SqliteEmbeddingStore } from '../embed/cache.js';
import { backstopOnly } from '../store/checkpointer.js';
import { Store, type CursorUpdate } from '../store/store.js';
import { TemplateRepo } from '../templates/repo.js';
import { ValueWriter } from '../values/store.js';
import { IngestPipeline } from './pipeline.js';
import type { StorageFailureReason } from './storage-health.js';
import { WRITER_SLICE_LINES, type WriterEvent, type WriterFailure, type WriterInit, type WriterReply, type WriterRequest } from './writer-protocol.js';

const init = workerData as WriterInit;
// The calling thread opened the store first: migrations ran there, and its checkpointer thread
// copies this connection's WAL frames too, so this connection's own checkpoint is a backstop only.
const store = Store.open(init.path, { segmentChunks: init.segmentChunks });
backstopOnly(store.db);
const templates = new TemplateRepo(store.db, { listener: new ValueWriter(store.db), minerCacheBytes: init.minerCacheBytes });

/** The embedding cache's writes (the calling thread reads it on its own connection). */
let embeddings: SqliteEmbeddingStore | undefined;

/** What the hooks saw during the request being served (replayed by the calling thread in order). */
let events: WriterEvent[] = [];
const pipeline = new IngestPipeline(store, { maxTokens: init.chunking.maxTokens, maxGapNs: BigInt(init.chunking.maxGapNs) }, {
  tagger: templates,
  onChunks: (ids) => events.push({ t: 'chunks', ids }),
  onInserted: (source, result, bytes, newestTsNs) => events.push({ t: 'inserted', source, result, bytes, newestTsNs }),
  storage: {
    succeeded: () => events.push({ t: 'succeeded' }),
    // The calling thread's observer hears the failure from the rejected reply (with its code).
    failed: (): StorageFailureReason => 'other',
  },
});

/**
 * Failures of a write that named a row another connection deleted after this one cached its id:
 * retention on the event loop removed an emptied stream (FOREIGN KEY) or dropped a segment's FTS
 * table (no such table) before its forget message arrived here.
 */
const STALE_CACHE = /FOREIGN KEY constraint failed|no such table: chunks_fts_/;

/**
 * Runs a write; when it failed on an id cached before another connection deleted its row, once
 * more with the caches dropped. Safe: the failed transaction rolled back whole, and a batch stored
 * again stores each line once (its slices committed before are duplicates by the unique key).
 */
async function withFreshCaches<T>(write: () => T | Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!STALE_CACHE.test(String((err as Error)?.message))) throw err;
    store.forgetCached();
    return write();
  }
}

async function serve(req: WriterRequest): Promise<unknown> {
  switch (req.op) {
    case 'ingestSliced':
      return withFreshCaches(() => pipeline.ingestSliced(req.source, req.entries as LogEntry[], { final: req.final, sliceLines: req.sliceLines ?? WRITER_SLICE_LINES, cursor: req.cursor as CursorUpdate | undefined }));
    case 'ingest':
      return withFreshCaches(() => pipeline.ingest(req.source, req.entries as LogEntry[], { cursor: req.cursor as CursorUpdate | undefined, final: req.final }));
    case 'chunkPending':
      return pipeline.chunkPending(req.final);
    case 'flushPending':
      // served a step at a time by pump()
      return pipeline.flushPending();
    case 'forget':
      // Retention on the calling thread deleted streams, chunks or segments: ids this thread
      // cached may be gone, and the miners of deleted streams go with them.
      store.forgetCached();
      templates.forgetStreams(req.streamIds);
      return undefined;
    case 'putEmbeddings':
      (embeddings ??= new SqliteEmbeddingStore(store.db)).putMany(req.modelId, req.entries);
      return undefined;
    case 'close':
      store.close();
      return undefined;
  }
}

function failure(err: unknown): WriterFailure {
  const e = err as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown } | undefined;
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(err),
    code: typeof e?.code === 'string' ? e.code : undefined,
    stack: typeof e?.stack === 'string' ? e.stack : undefined,
  };
}

/**
 * A flushPending being served: a transaction of streams per step, with the requests that came
 * meanwhile served between steps. Served whole, a flush held every request behind it: at 20k
 * streams with open chunks (the soak test: 2,000 lines/s over 20k streams, a flush every 2 s) it
 * is seconds of work, and a Loki page (whose follower reads nothing more until it is stored)
 * waited for all of it. On the event loop the slices always let other requests in between.
 */
interface FlushJob {
  id: number;
  run: ReturnType<IngestPipeline['flushRun']>;
  events: WriterEvent[];
}

// Requests are served one at a time, in arrival order (the slices of a push never interleave with
// another push's); a flush is the exception above, as on one thread.
const waiting: WriterRequest[] = [];
const flushes: FlushJob[] = [];
let pumping = false;

async function answer(req: WriterRequest): Promise<void> {
  events = [];
  let reply: WriterReply;
  try {
    const value = await serve(req);
    reply = { id: req.id, ok: true, value, events, miner: templates.cacheStats() };
  } catch (err) {
    reply = { id: req.id, ok: false, error: failure(err), events, miner: templates.cacheStats() };
  }
  events = [];
  parentPort!.postMessage(reply);
  if (req.op === 'close') parentPort!.close();
}

/** One transaction of the oldest flush; answers it when it is done (or failed). */
function flushStep(): void {
  const job = flushes[0];
  events = job.events;
  let reply: WriterReply | undefined;
  try {
    if (!job.run.step()) reply = { id: job.id, ok: true, value: job.run.made, events, miner: templates.cacheStats() };
  } catch (err) {
    reply = { id: job.id, ok: false, error: failure(err), events, miner: templates.cacheStats() };
  }
  events = [];
  if (!reply) return;
  flushes.shift();
  parentPort!.postMessage(reply);
}

async function pump(): Promise<void> {
  pumping = true;
  try {
    for (;;) {
      const req = waiting.shift();
      if (req?.op === 'flushPending') flushes.push({ id: req.id, run: pipeline.flushRun(), events: [] });
      else if (req) {
        // nothing is left half done when the connection closes
        if (req.op === 'close') while (flushes.length > 0) flushStep();
        await answer(req);
      } else if (flushes.length > 0) {
        flushStep();
        // messages that came during the step are queued before the next one
        await yieldToLoop();
      } else return;
    }
  } finally {
    pumping = false;
  }
}

parentPort!.on('message', (req: WriterRequest) => {
  waiting.push(req);
  if (!pumping) void pump();
});
