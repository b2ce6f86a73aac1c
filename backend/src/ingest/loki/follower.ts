// Follows one Loki source: backfills from the stored cursor (or now - backfill window) to now,
// then tails over WebSocket (falling back to polling query_range). Every page goes to the sink
// together with the cursor that covers it, so the store can commit both in one transaction.
//
// The cursor only advances through range reads (exact pagination). Tail entries are handed to
// the sink for freshness with the unchanged cursor; a periodic range catch-up then re-reads that
// span and advances the cursor exactly. Re-delivered entries are exact duplicates, which the
// store drops (UNIQUE(stream_id, ts_ns, line_hash, seq)), so a replay after a crash is harmless.

import type { LogEntry } from '../../types.js';
import { LokiHttpError, type LokiClient } from './client.js';
import { decodeCursor, encodeCursor, forwardPages, type FollowCursor, type PageEntry } from './paginate.js';
import type { TailSession } from './tail.js';

export interface LokiSourceConfig {
  /** Stable id; also the cursor key in the store. */
  id: string;
  /** X-Scope-OrgID; empty/undefined for a single-tenant Loki. */
  tenant: string;
  /** LogQL stream selector, optionally with line filters: {app="api"} |= "error". */
  selector: string;
  /** How far back to start when there is no stored cursor. */
  backfillSeconds: number;
}

/** Writes entries and the cursor in one transaction; may report how many rows were new. */
export type LokiSink = (entries: LogEntry[], cursor: string) => Promise<void | { inserted: number }> | void | { inserted: number };

export type FollowerState = 'idle' | 'backfilling' | 'tailing' | 'polling' | 'backing_off' | 'stopped';

export interface FollowerStatus {
  sourceId: string;
  tenant: string;
  state: FollowerState;
  cursor: string | null;
  /** Seconds between now and the newest point known to be fully read. */
  lagSeconds: number | null;
  /** Entries the sink accepted as new (or received, when the sink reports no count). */
  lines: number;
  errors: number;
  lastError: string | null;
  tailReconnects: number;
  /** Timestamps with more entries than maxPageLimit in one nanosecond, stepped over. */
  skippedTimestamps: number;
}

export interface LokiFollowerOptions {
  source: LokiSourceConfig;
  /** A client for the Loki endpoint; the follower derives its tenant client from it. */
  client: LokiClient;
  sink: LokiSink;
  /** The stored cursor for source.id, or null. */
  getCursor: () => string | null | undefined | Promise<string | null | undefined>;
  pageLimit?: number;
  maxPageLimit?: number;
  /** Entries younger than this are left to the next round: Loki may still be receiving them. */
  settleMs?: number;
  pollIntervalMs?: number;
  /** While tailing, how often a range catch-up advances the exact cursor. */
  catchUpIntervalMs?: number;
  /**
   * A cursor older than this behind the scanned end moves up to it after a complete scan, so a
   * quiet source does not re-scan an ever longer range. Entries arriving later than this behind
   * the newest scan can be missed (Loki itself rejects entries over 1 h behind a stream's newest).
   */
  lateArrivalHorizonMs?: number;
  /** Tail entries are coalesced for this long into one sink call. */
  tailFlushMs?: number;
  /** Most tail entries held before a sink call, whatever the time. */
  tailMaxBatch?: number;
  useTail?: boolean;
  /** After tail failures, poll this long before trying the WebSocket again. */
  tailRetryMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  nowMs?: () => number;
  log?: (level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>) => void;
}

const NS_PER_MS = 1_000_000n;
/** Consecutive tail failures before switching to polling for tailRetryMs. */
const TAIL_FAILURES_BEFORE_POLLING = 3;
/** A quiet source's cursor moves in steps of at least this, not one store write per poll. */
const CURSOR_IDLE_STEP_NS = 60_000n * NS_PER_MS;

export class LokiFollower {
  private readonly o: Required<Omit<LokiFollowerOptions, 'log'>> & Pick<LokiFollowerOptions, 'log'>;
  private readonly client: LokiClient;
  private cursor: FollowCursor | null = null;
  private st: FollowerStatus;
  private syncedThroughNs: bigint | null = null;
  private abort = new AbortController();
  private running: Promise<void> | null = null;
  private session: TailSession | null = null;
  private backoffMs: number;

  constructor(opts: LokiFollowerOptions) {
    this.o = {
      pageLimit: 1000,
      maxPageLimit: 5000,
      settleMs: 2000,
      pollIntervalMs: 2000,
      catchUpIntervalMs: 10_000,
      lateArrivalHorizonMs: 3_600_000,
      tailFlushMs: 200,
      tailMaxBatch: 2000,
      useTail: true,
      tailRetryMs: 30_000,
      backoffInitialMs: 250,
      backoffMaxMs: 30_000,
      nowMs: Date.now,
      ...opts,
    };
    this.client = opts.client.forTenant(opts.source.tenant || undefined);
    this.backoffMs = this.o.backoffInitialMs;
    this.st = {
      sourceId: opts.source.id,
      tenant: opts.source.tenant,
      state: 'idle',
      cursor: null,
      lagSeconds: null,
      lines: 0,
      errors: 0,
      lastError: null,
      tailReconnects: 0,
      skippedTimestamps: 0,
    };
  }

  status(): FollowerStatus {
    const lag = this.syncedThroughNs === null ? null : Math.max(0, this.o.nowMs() - Number(this.syncedThroughNs / NS_PER_MS)) / 1000;
    return { ...this.st, lagSeconds: lag };
  }

  start(): void {
    if (this.running) return;
    this.abort = new AbortController();
    this.running = this.run().catch((e) => {
      if (!this.abort.signal.aborted) this.fail(e);
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.session?.close();
    await this.running;
    this.running = null;
    this.st.state = 'stopped';
  }

  private get stopped() {
    return this.abort.signal.aborted;
  }

  private nowNs(): bigint {
    return BigInt(this.o.nowMs()) * NS_PER_MS;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const t = setTimeout(done, ms);
      const sig = this.abort.signal;
      function done() {
        clearTimeout(t);
        sig.removeEventListener('abort', done);
        resolve();
      }
      sig.addEventListener('abort', done, { once: true });
    });
  }

  private fail(e: unknown) {
    this.st.errors++;
    this.st.lastError = e instanceof Error ? e.message.slice(0, 500) : String(e);
    this.o.log?.('warn', 'loki follower error', { source: this.st.sourceId, error: this.st.lastError });
  }

  /** Runs fn until it succeeds (or the follower stops), backing off between failures. */
  private async withBackoff(state: FollowerState, fn: () => Promise<void>): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      this.st.state = state;
      try {
        await fn();
        this.backoffMs = this.o.backoffInitialMs;
        return;
      } catch (e) {
        if (this.stopped) return;
        this.fail(e);
        this.st.state = 'backing_off';
        await this.sleep(this.nextBackoff(e));
      }
    }
  }

  private nextBackoff(e: unknown): number {
    // Config errors (bad selector, auth) will not heal quickly: wait the longest.
    if (e instanceof LokiHttpError && !e.retryable) return this.o.backoffMaxMs;
    const retryAfter = e instanceof LokiHttpError ? e.retryAfterMs : undefined;
    const d = Math.min(this.o.backoffMaxMs, this.backoffMs);
    this.backoffMs = Math.min(this.o.backoffMaxMs, this.backoffMs * 2);
    const jittered = d / 2 + Math.random() * (d / 2);
    return Math.max(jittered, retryAfter ?? 0);
  }

  private async deliver(entries: PageEntry[], cursor: FollowCursor) {
    const logEntries: LogEntry[] = entries.map((e) => ({ tenant: this.o.source.tenant, labels: e.labels, tsNs: e.tsNs, line: e.line }));
    const enc = encodeCursor(cursor);
    const r = await this.o.sink(logEntries, enc);
    this.st.lines += r && typeof r === 'object' && typeof r.inserted === 'number' ? r.inserted : logEntries.length;
    this.st.cursor = enc;
  }

  /** Range-reads from the cursor to now - settle, committing page by page. */
  private async catchUp(): Promise<void> {
    const endNs = this.nowNs() - BigInt(this.o.settleMs) * NS_PER_MS;
    const from = this.cursor ?? { tsNs: endNs, seen: {} };
    if (from.tsNs >= endNs) {
      this.markSynced(endNs);
      return;
    }
    for await (const page of forwardPages(this.client, {
      query: this.o.source.selector,
      from,
      endNs,
      limit: this.o.pageLimit,
      maxLimit: this.o.maxPageLimit,
      signal: this.abort.signal,
    })) {
      if (page.skippedAtTs !== undefined) {
        this.st.skippedTimestamps++;
        this.fail(new Error(`more than ${this.o.maxPageLimit} entries at ${page.skippedAtTs} ns; skipped past them`));
      }
      await this.deliver(page.entries, page.cursor);
      this.cursor = page.cursor;
      if (page.cursor.tsNs > (this.syncedThroughNs ?? 0n)) this.syncedThroughNs = page.cursor.tsNs;
    }
    // The scan reached endNs, so nothing lies between the cursor and endNs. A quiet source would
    // otherwise keep re-scanning an ever longer range; move the cursor up to the late-arrival
    // horizon (entries older than that are not expected to show up any more) and persist it.
    const horizon = endNs - BigInt(this.o.lateArrivalHorizonMs) * NS_PER_MS;
    if (this.cursor && this.cursor.tsNs < horizon - CURSOR_IDLE_STEP_NS) {
      const moved: FollowCursor = { tsNs: horizon, seen: {} };
      await this.deliver([], moved);
      this.cursor = moved;
    }
    this.markSynced(endNs);
  }

  /**
   * Re-reads [fromNs, toNs) and hands it to the sink with the unchanged cursor: for entries a
   * tail dropped behind the cursor, which a catch-up (starting at the cursor) would not see.
   */
  private async repair(fromNs: bigint, toNs: bigint): Promise<void> {
    for await (const page of forwardPages(this.client, {
      query: this.o.source.selector,
      from: { tsNs: fromNs, seen: {} },
      endNs: toNs,
      limit: this.o.pageLimit,
      maxLimit: this.o.maxPageLimit,
      signal: this.abort.signal,
    })) {
      if (page.entries.length > 0) await this.deliver(page.entries, this.cursor!);
    }
  }

  private markSynced(ns: bigint) {
    if (this.syncedThroughNs === null || ns > this.syncedThroughNs) this.syncedThroughNs = ns;
  }

  private async run(): Promise<void> {
    await this.withBackoff('backfilling', async () => {
      const stored = decodeCursor(await this.o.getCursor());
      this.cursor = stored ?? { tsNs: this.nowNs() - BigInt(Math.round(this.o.source.backfillSeconds * 1000)) * NS_PER_MS, seen: {} };
      this.st.cursor = stored ? encodeCursor(stored) : null;
    });
    await this.withBackoff('backfilling', () => this.catchUp());
    let tailFailures = 0;
    let tailAgainAt = 0;
    while (!this.stopped) {
      if (this.o.useTail && this.o.nowMs() >= tailAgainAt) {
        try {
          await this.tailLoop(() => {
            tailFailures = 0;
          });
        } catch (e) {
          if (this.stopped) break;
          this.fail(e);
          this.st.tailReconnects++;
          tailFailures++;
          const unsupported = e instanceof LokiHttpError && !e.retryable;
          if (unsupported || tailFailures >= TAIL_FAILURES_BEFORE_POLLING) {
            tailAgainAt = this.o.nowMs() + this.o.tailRetryMs;
            tailFailures = 0;
          } else {
            this.st.state = 'backing_off';
            await this.sleep(this.nextBackoff(e));
            continue;
          }
        }
      }
      if (this.stopped) break;
      await this.withBackoff('polling', () => this.catchUp());
      await this.sleep(this.o.pollIntervalMs);
    }
  }

  /** Tails until the socket fails (throws) or the follower stops. */
  private async tailLoop(onOpen: () => void): Promise<void> {
    const session = await this.client.tail({ query: this.o.source.selector, startNs: this.nowNs(), limit: 1 });
    this.session = session;
    try {
      onOpen();
      this.st.state = 'tailing';
      // Close the gap between the last range read and the tail's start.
      let nextCatchUp = 0;
      let buf: PageEntry[] = [];
      let firstBufferedAt = 0;
      let repairFrom: bigint | null = null;
      const flush = async () => {
        if (buf.length === 0) return;
        const b = buf;
        buf = [];
        await this.deliver(b, this.cursor!);
      };
      while (!this.stopped) {
        const now = this.o.nowMs();
        if (now >= nextCatchUp) {
          await flush();
          try {
            if (repairFrom !== null) {
              if (repairFrom <= this.cursor!.tsNs) await this.repair(repairFrom, this.cursor!.tsNs + 1n);
              repairFrom = null;
            }
            await this.catchUp();
            this.backoffMs = this.o.backoffInitialMs;
            nextCatchUp = this.o.nowMs() + this.o.catchUpIntervalMs;
          } catch (e) {
            if (this.stopped) return;
            this.fail(e);
            nextCatchUp = this.o.nowMs() + this.nextBackoff(e);
          }
          this.st.state = 'tailing';
          continue;
        }
        const wait = Math.max(1, Math.min(nextCatchUp - now, buf.length > 0 ? firstBufferedAt + this.o.tailFlushMs - now : this.o.tailFlushMs));
        const batch = await session.read(wait);
        if (batch) {
          if (buf.length === 0) firstBufferedAt = this.o.nowMs();
          for (const e of batch.entries) {
            buf.push(e);
            if (e.tsNs > (this.syncedThroughNs ?? 0n)) this.syncedThroughNs = e.tsNs;
          }
          // Loki dropped entries for us: read them again by range, now.
          if (batch.dropped.length > 0) {
            nextCatchUp = 0;
            for (const d of batch.dropped) if (repairFrom === null || d.tsNs < repairFrom) repairFrom = d.tsNs;
          }
        }
        if (buf.length >= this.o.tailMaxBatch || (buf.length > 0 && this.o.nowMs() - firstBufferedAt >= this.o.tailFlushMs)) await flush();
      }
      await flush();
    } finally {
      session.close();
      this.session = null;
    }
  }
}

