// The writer thread of ingest/writer.ts: owns the sidecar's ingest stage (its own write connection,
// the template miners, the value writer, chunking) so that a push's synchronous work (miner, value
// extraction, value rows, chunks, commits: 73% of the sidecar's CPU while pushing) runs beside the
// event loop instead of on it. Requests come in order on one port and are answered in order; each
// answer carries what the pipeline's hooks saw, for the calling thread to replay (metrics, the
// storage observer, the vector index's catch-up).
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
      return withFreshCaches(() => pipeline.ingestSliced(req.source, req.entries as LogEntry[], { final: req.final, sliceLines: req.sliceLines ?? WRITER_SLICE_LINES }));
    case 'ingest':
      return withFreshCaches(() => pipeline.ingest(req.source, req.entries as LogEntry[], { cursor: req.cursor as CursorUpdate | undefined, final: req.final }));
    case 'chunkPending':
      return pipeline.chunkPending(req.final);
    case 'flushPending':
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

// One request at a time, in arrival order: the slices of a push never interleave with another
// push's (as on one thread, where a push's slices yielded only to requests that were not writes).
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (req: WriterRequest) => {
  queue = queue.then(async () => {
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
  });
});
