// Retention: on a timer, off the request path, each tenant loses what is past its age or size limit
// in small transactions that yield to the event loop between them; then freed pages go back to
// the file system by incremental vacuum, also in small steps. Deleted chunks leave the vector index
// through the caller's hook. Cursors are never touched: a follower resumes where it was.
import { readFileSync } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Store } from '../store/store.js';
import { ChunkDeleter, type DeletedBatch, type OldestCursor } from './deleter.js';
import { ageCutoffNs, limitsFor, sizeTarget, type RetentionPolicyConfig } from './policy.js';

/**
 * A deletion transaction (or vacuum step) aims to hold the single writer, and the event loop, this
 * long by its own work and disk waits (sliceCost: not a busy machine's CPU waits): the /healthz goal
 * is 100 ms at p99, and pushes wait behind a transaction.
 */
export const SLICE_TARGET_MS = 20;
/** First batch size in chunks (~20 lines each); it then doubles or halves toward the target. */
const FIRST_BATCH_CHUNKS = 32;
/** Bounds of the adaptive batch: one chunk when the machine crawls, 4096 (~80k lines) at most. */
const MIN_BATCH_CHUNKS = 1;
const MAX_BATCH_CHUNKS = 4096;
/** Pages per incremental_vacuum step to start with (4 MiB at 4 KiB pages); adapts like batches. */
const FIRST_VACUUM_PAGES = 1024;
/** Empty streams deleted per transaction (each: a few index probes and its templates' rows). */
const STREAM_BATCH = 256;
/** Embedding-cache rows deleted per statement (the table has no time index: each is one scan). */
const CACHE_PRUNE_ROWS = 5000;

export type RetentionReason = 'age' | 'size';

export interface RetentionHooks {
  /** A committed deletion (metrics). */
  onDeleted?: (tenant: string, reason: RetentionReason, batch: DeletedBatch) => void;
  /** Chunks gone from SQLite: drop their vectors. */
  forgetChunks?: (tenant: string, chunkIds: number[]) => void;
  /** Streams left with no line were deleted (with their templates and miner state): forget their miners. */
  forgetStreams?: (tenant: string, streamIds: number[]) => void;
  onVacuum?: (bytes: number) => void;
  /** A pass finished. */
  onPass?: (result: PassResult) => void;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

export interface TenantPassResult {
  tenant: string;
  reason: RetentionReason;
  chunks: number;
  entries: number;
  lineBytes: number;
}

export interface PassResult {
  deleted: TenantPassResult[];
  /** Streams deleted because no line of theirs is left. */
  streamsDeleted: number;
  vacuumedBytes: number;
  cacheRowsPruned: number;
  ms: number;
}

export interface RetentionOptions {
  policy: RetentionPolicyConfig;
  /** Wall clock in ms (tests pass a compressed one). */
  now?: () => number;
  /** Measures what a slice cost (ms), to size the next one; sliceCost() by default. */
  sliceMeter?: () => () => number;
}

/** This thread's time spent runnable but waiting for a CPU (ns; Linux schedstat), or undefined where unreadable. */
function runqueueWaitNs(): number | undefined {
  try {
    const wait = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
    return Number.isFinite(wait) ? wait : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a deletion slice cost the event loop: its wall time less the time this thread waited for a
 * CPU that other processes held. Wall time alone counts a busy machine's waits: under two busy loops
 * (load ~5) the batch shrank until retention deleted 500-1,500 lines/s beside a follower storing
 * more, while ingest slices, sized in lines, kept their share, and the store grew until the soak's
 * feed stopped. CPU time alone would miss what the loop waits on disk (a cold page, a vacuum step).
 * Where schedstat cannot be read, it is the wall time, as before.
 */
export function sliceCost(clock: () => number = () => performance.now(), runqueue: () => number | undefined = runqueueWaitNs): () => number {
  const w0 = clock();
  const q0 = runqueue();
  return () => {
    const wall = clock() - w0;
    const q1 = q0 === undefined ? undefined : runqueue();
    return q1 === undefined ? wall : Math.max(0, wall - (q1 - q0!) / 1e6);
  };
}

export class RetentionService {
  private readonly deleter: ChunkDeleter;
  private readonly now: () => number;
  private readonly meter: () => () => number;
  private batch = FIRST_BATCH_CHUNKS;
  private vacuumPages = FIRST_VACUUM_PAGES;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PassResult> | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly opts: RetentionOptions,
    private readonly hooks: RetentionHooks = {},
  ) {
    this.deleter = new ChunkDeleter(store);
    this.now = opts.now ?? Date.now;
    this.meter = opts.sliceMeter ?? sliceCost;
  }

  /**
   * Runs a pass every `intervalMs`, the first after one interval (so a process started on old data
   * to look at it, like the demo, is not emptied at once). Passes never overlap.
   */
  start(intervalMs: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.runOnce().catch((err) => this.hooks.log?.('error', 'retention pass failed', { err: String(err) })), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass over every tenant; a pass already running is joined, not doubled. */
  runOnce(): Promise<PassResult> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async pass(): Promise<PassResult> {
    const t0 = performance.now();
    const deleted: TenantPassResult[] = [];
    let streamsDeleted = 0;
    const nowMs = this.now();
    for (const tenant of this.store.tenants()) {
      if (this.stopped) break;
      const limits = limitsFor(this.opts.policy, tenant);
      const cutoff = ageCutoffNs(limits, nowMs);
      if (cutoff !== undefined) {
        const streams = this.deleter.streamsWithOld(tenant, cutoff);
        let s = 0;
        // Fills each batch from as many streams as it takes (most hold one or two old chunks).
        const r = await this.drain(tenant, 'age', (n) => {
          const ids: number[] = [];
          while (s < streams.length && ids.length < n) {
            const want = n - ids.length;
            const got = this.deleter.chunksOlderThan(streams[s], cutoff, want);
            for (const id of got) ids.push(id);
            if (got.length < want) s++; // this stream has no more old chunks
          }
          return ids;
        });
        if (r.chunks > 0) deleted.push(r);
      }
      const target = sizeTarget(limits, this.store.tenantCounts(tenant).lineBytes);
      if (target !== undefined) {
        let cursor: OldestCursor | undefined;
        const r = await this.drain(tenant, 'size', (n) => {
          const c = this.store.tenantCounts(tenant);
          if (c.lineBytes <= target) return [];
          // No more chunks than the excess calls for at the tenant's average chunk size: a full
          // adaptive batch (up to 4096 chunks) would trim far past the mark, by how fast the machine is.
          const need = Math.max(1, Math.ceil((c.lineBytes - target) / Math.max(1, c.lineBytes / Math.max(1, c.chunks))));
          const page = this.deleter.oldestChunks(tenant, Math.min(n, need), cursor);
          cursor = page.next;
          return page.ids;
        });
        if (r.chunks > 0) deleted.push(r);
      }
      streamsDeleted += await this.dropEmptyStreams(tenant);
    }
    const cacheRowsPruned = await this.pruneEmbeddingCache(nowMs);
    const vacuumedBytes = deleted.length > 0 || streamsDeleted > 0 || cacheRowsPruned > 0 ? await this.vacuum() : 0;
    const ms = performance.now() - t0;
    if (deleted.length > 0) {
      this.hooks.log?.('info', 'retention pass', {
        tenants: deleted.length,
        entries: deleted.reduce((n, d) => n + d.entries, 0),
        streams: streamsDeleted,
        vacuumedBytes,
        ms: Math.round(ms),
      });
    }
    const result = { deleted, streamsDeleted, vacuumedBytes, cacheRowsPruned, ms };
    this.hooks.onPass?.(result);
    return result;
  }

  /** Deletes batches picked by `next` until it returns none, adapting the batch to the slice target. */
  private async drain(tenant: string, reason: RetentionReason, next: (limit: number) => number[]): Promise<TenantPassResult> {
    const total: TenantPassResult = { tenant, reason, chunks: 0, entries: 0, lineBytes: 0 };
    const gone: number[] = [];
    while (!this.stopped) {
      const cost = this.meter();
      const ids = next(this.batch);
      if (ids.length === 0) break;
      const b = this.deleter.delete(tenant, ids);
      this.adapt(cost(), ids.length === this.batch);
      total.chunks += b.chunks;
      total.entries += b.entries;
      total.lineBytes += b.lineBytes;
      for (const id of b.chunkIds) gone.push(id);
      this.hooks.onDeleted?.(tenant, reason, b);
      await yieldToLoop();
    }
    if (gone.length > 0) this.hooks.forgetChunks?.(tenant, gone);
    return total;
  }

  /**
   * Streams with no line left (every one aged out or was trimmed): a pod replaced by a rollout
   * leaves its stream, templates and miner state behind, and over months those outnumber the live ones.
   */
  private async dropEmptyStreams(tenant: string): Promise<number> {
    let n = 0;
    while (!this.stopped) {
      const ids = this.deleter.deleteEmptyStreams(tenant, STREAM_BATCH);
      if (ids.length === 0) break;
      n += ids.length;
      this.hooks.forgetStreams?.(tenant, ids);
      await yieldToLoop();
    }
    return n;
  }

  private adapt(ms: number, full: boolean): void {
    if (ms > SLICE_TARGET_MS) this.batch = Math.max(MIN_BATCH_CHUNKS, Math.floor(this.batch / 2));
    else if (full && ms < SLICE_TARGET_MS / 2) this.batch = Math.min(MAX_BATCH_CHUNKS, this.batch * 2);
  }

  /**
   * Embedded texts (templates, questions) not re-embedded within the default age limit: a template
   * still in use is embedded again when next needed. Skipped when age retention is off.
   */
  private async pruneEmbeddingCache(nowMs: number): Promise<number> {
    const hours = this.opts.policy.maxAgeHours;
    if (hours <= 0) return 0;
    const db = this.store.db;
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'embedding_cache'").get() === undefined) return 0;
    const del = db.prepare(
      `DELETE FROM embedding_cache WHERE (model_id, content_hash) IN
         (SELECT model_id, content_hash FROM embedding_cache WHERE created_at_ms < ? LIMIT ?)`,
    );
    const cutoffMs = nowMs - hours * 3_600_000;
    let pruned = 0;
    while (!this.stopped) {
      const n = del.run(cutoffMs, CACHE_PRUNE_ROWS).changes;
      pruned += n;
      if (n < CACHE_PRUNE_ROWS) break;
      await yieldToLoop();
    }
    return pruned;
  }

  /** Returns free pages to the file system in steps sized to the slice target. */
  private async vacuum(): Promise<number> {
    const db = this.store.db;
    if ((db.pragma('auto_vacuum', { simple: true }) as number) !== 2) return 0;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    let freed = 0;
    while (!this.stopped) {
      const free = db.pragma('freelist_count', { simple: true }) as number;
      if (free === 0) break;
      const step = Math.min(free, this.vacuumPages);
      const cost = this.meter();
      db.pragma(`incremental_vacuum(${step})`);
      const ms = cost();
      freed += step * pageSize;
      if (ms > SLICE_TARGET_MS) this.vacuumPages = Math.max(16, Math.floor(this.vacuumPages / 2));
      else if (ms < SLICE_TARGET_MS / 2) this.vacuumPages = Math.min(65_536, this.vacuumPages * 2);
      await yieldToLoop();
    }
    if (freed > 0) this.hooks.onVacuum?.(freed);
    return freed;
  }
}
