// The vector side of retrieval for the sidecar: one faiss index per tenant, opened and checked
// against SQLite at start, kept up to date as chunks arrive, rebuilt in the background when
// missing, stale beyond repair or corrupt. Until a tenant's index can serve, search() says so
// (null) and retrieval answers from BM25 alone.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Embedder } from '../embed/index.js';
import type { Store } from '../store/store.js';
import type { IndexState } from './persistence.js';
import { catchUp, tenantCoverage } from './source.js';
import { chunkVectorsFromTemplates } from './template-vectors.js';
import type { TenantIndexes } from './tenants.js';
import type { IdFilter, SearchHit } from './vector-index.js';

/** New chunks are indexed after this quiet period, so a burst of pushes is one catch-up. */
const CATCH_UP_DEBOUNCE_MS = 250;
/** Index ids checked against SQLite per statement when reconciling (a JSON list; one yield each). */
const RECONCILE_PAGE = 4096;

export interface VectorServiceHooks {
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  /** Overall state changes (metric). */
  onState?: (state: ServiceState) => void;
  /** Vectors now indexed across tenants (metric). */
  onVectors?: (count: number) => void;
  /** One embed() call's duration in seconds (metric). */
  onEmbedBatch?: (seconds: number) => void;
}

export type ServiceState = 'ready' | 'rebuilding' | 'missing' | 'stale' | 'corrupt';

export interface TenantIndexStatus {
  tenant: string;
  state: IndexState;
  reason: string;
  /** Chunks the index covers (one vector each, shared or not). */
  vectors: number;
  /** Distinct vectors behind them (chunks of the same template set share one). */
  distinctVectors: number;
}

export class VectorService {
  private queue: Promise<void> = Promise.resolve();
  private pendingCatchUp = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly store: Pick<Store, 'db' | 'tenantCounts'>,
    private readonly indexes: TenantIndexes,
    private readonly embedder: Embedder,
    private readonly hooks: VectorServiceHooks = {},
  ) {}

  private get db() {
    return this.store.db;
  }

  private tenantsInStore(): string[] {
    return (this.db.prepare('SELECT DISTINCT tenant FROM streams ORDER BY tenant').all() as { tenant: string }[]).map((r) => r.tenant);
  }

  private embed = async (texts: string[]): Promise<Float32Array[]> => {
    if (texts.length === 0) return [];
    const t0 = process.hrtime.bigint();
    const out = await this.embedder.embed(texts);
    this.hooks.onEmbedBatch?.(Number(process.hrtime.bigint() - t0) / 1e9);
    return out;
  };

  private embedQuery = async (texts: string[]): Promise<Float32Array[]> => {
    const t0 = process.hrtime.bigint();
    const out = await (this.embedder.embedQuery ? this.embedder.embedQuery(texts) : this.embedder.embed(texts));
    this.hooks.onEmbedBatch?.(Number(process.hrtime.bigint() - t0) / 1e9);
    return out;
  };

  /** Serialises background work: one faiss build or catch-up at a time, never two on one index. */
  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await job();
      } catch (err) {
        this.hooks.log?.('error', 'vector index job failed; serving BM25 for the affected tenant', { err: String(err) });
      } finally {
        this.report();
      }
    });
    this.queue = run;
    return run;
  }

  /** Opens every tenant's index and schedules repair where the check found one needed. */
  async start(): Promise<void> {
    for (const tenant of this.tenantsInStore()) {
      const ix = this.indexes.get(tenant);
      const expected = tenantCoverage(this.db, tenant);
      const state = await ix.open(expected);
      if (state !== 'ready') this.hooks.log?.(state === 'stale' ? 'info' : 'warn', `vector index ${state}`, { tenant, reason: ix.reason });
      if (state === 'missing' || state === 'corrupt') void this.enqueue(() => this.rebuild(tenant));
      else if (state === 'stale') void this.enqueue(() => this.catchUp(tenant));
      // Saved before vectors were shared: it serves meanwhile; the rebuild stores each vector once.
      else if (ix.current?.legacyLayout) void this.enqueue(() => this.rebuild(tenant));
    }
    this.report();
  }

  /** Called with new chunk ids: index them soon, per tenant, in the background. */
  notifyChunks(): void {
    if (this.closed) return;
    for (const t of this.tenantsInStore()) this.pendingCatchUp.add(t);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const tenants = [...this.pendingCatchUp];
      this.pendingCatchUp.clear();
      for (const t of tenants) void this.enqueue(() => this.catchUp(t));
    }, CATCH_UP_DEBOUNCE_MS);
    this.timer.unref();
  }

  private async rebuild(tenant: string): Promise<void> {
    const ix = this.indexes.get(tenant);
    const expected = tenantCoverage(this.db, tenant);
    if (expected.count === 0) return;
    this.report();
    await ix.rebuild(chunkVectorsFromTemplates(this.db, tenant, this.embed, this.embedder.dim), expected.count);
    this.hooks.log?.('info', 'vector index rebuilt', { tenant, vectors: expected.count });
    // Chunks that arrived during the rebuild.
    await this.catchUp(tenant);
  }

  private async catchUp(tenant: string): Promise<void> {
    const ix = this.indexes.get(tenant);
    // Nothing loadable to extend (a new tenant, or a missing/corrupt file): build with the layout
    // its size calls for.
    if (!ix.current) return this.rebuild(tenant);
    await catchUp(ix, chunkVectorsFromTemplates(this.db, tenant, this.embed, this.embedder.dim, { afterId: ix.current.maxId }));
    await this.reconcile(tenant);
    ix.markCaughtUp();
    // Grown past its layout (Flat -> HNSW/IVF) or full of tombstones: rebuild with the right one.
    if (ix.current && ix.shouldRebuild()) await this.rebuild(tenant);
    else await this.checkpoint(tenant);
  }

  /** Saves the tenant's index when enough changed since its last save (a rebuild saves by itself). */
  private async checkpoint(tenant: string, force = false): Promise<void> {
    const ix = this.indexes.get(tenant);
    if (!ix.current || ix.state === 'rebuilding' || ix.unsaved === 0) return;
    if (force || ix.checkpointDue()) await ix.save();
  }

  /**
   * Chunks retention deleted: tombstoned in the tenant's index in the background (after any build
   * queued before), saved at the next checkpoint; past a third deleted, a rebuild compacts.
   */
  forget(tenant: string, chunkIds: readonly number[]): Promise<void> {
    if (this.closed || chunkIds.length === 0) return Promise.resolve();
    return this.enqueue(async () => {
      const ix = this.indexes.get(tenant);
      if (!ix.current || ix.state === 'rebuilding') return;
      ix.remove(chunkIds);
      if (ix.shouldRebuild()) await this.rebuild(tenant);
      else await this.checkpoint(tenant);
    });
  }

  /**
   * After a crash between a retention commit and the index save, the index still holds vectors of
   * chunks SQLite no longer has (open() calls it stale): drop every id that is gone.
   */
  private async reconcile(tenant: string): Promise<void> {
    const ix = this.indexes.get(tenant);
    const cur = ix.current;
    // The store's counter, not a count over the tenant's chunks (a scan on every catch-up).
    if (!cur || this.store.tenantCounts(tenant).chunks >= cur.size) return;
    const live = cur.liveChunkIds();
    const exists = this.db.prepare('SELECT id FROM chunks WHERE id IN (SELECT value FROM json_each(?))').pluck();
    const gone: number[] = [];
    for (let i = 0; i < live.length; i += RECONCILE_PAGE) {
      const page = Array.from(live.subarray(i, i + RECONCILE_PAGE));
      const found = new Set(exists.all(JSON.stringify(page)) as number[]);
      for (const id of page) if (!found.has(id)) gone.push(id);
      await yieldToLoop();
    }
    if (ix.remove(gone) > 0) {
      this.hooks.log?.('info', 'vector index: dropped vectors of deleted chunks', { tenant, vectors: gone.length });
    }
  }

  /**
   * Nearest chunks of the tenant for a text, or null when the tenant's index cannot serve (missing,
   * corrupt, first build running): the caller answers from BM25 then.
   */
  async search(tenant: string, text: string, k: number, filter?: IdFilter): Promise<SearchHit[] | null> {
    const ix = this.indexes.get(tenant);
    if (!ix.current) return null;
    // Not kept in the store: a question's vector written there commits, and a commit drops the
    // change analyses kept for the store (whatchanged/analysis.ts) though no log line changed.
    const [q] = await this.embedQuery([text]);
    return ix.search(q, k, filter);
  }

  /** True when the tenant's searches use vectors now (a stale index serves; a rebuild keeps the old one serving). */
  canServe(tenant: string): boolean {
    return this.indexes.get(tenant).current !== null;
  }

  status(): TenantIndexStatus[] {
    return this.tenantsInStore().map((tenant) => {
      const ix = this.indexes.get(tenant);
      return { tenant, state: ix.state, reason: ix.reason, vectors: ix.current?.size ?? 0, distinctVectors: ix.current?.liveVectors ?? 0 };
    });
  }

  /** The worst state across tenants. */
  state(): ServiceState {
    const states = this.status().map((s) => s.state);
    for (const s of ['corrupt', 'missing', 'rebuilding', 'stale'] as const) if (states.includes(s)) return s;
    return 'ready';
  }

  private report(): void {
    this.hooks.onState?.(this.state());
    this.hooks.onVectors?.(this.status().reduce((n, s) => n + s.vectors, 0));
  }

  /** Resolves when queued background work is done (tests, the demo, shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const q = this.queue;
      await q;
      if (q === this.queue && !this.timer) return;
      if (this.timer) await new Promise((r) => setTimeout(r, CATCH_UP_DEBOUNCE_MS + 10));
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.closed = true;
    await this.queue;
    // What the checkpoints left unsaved: a clean stop restarts 'ready', with no catch-up to do.
    // (The indexes in memory, not the store's tenants: the database may be closed already.)
    for (const tenant of this.indexes.tenants()) {
      try {
        await this.checkpoint(tenant, true);
      } catch (err) {
        this.hooks.log?.('error', 'vector index: final save failed; the next start catches up from SQLite', { tenant, err: String(err) });
      }
    }
    await this.embedder.close();
  }
}
