// Wiring of Loki followers to the store: one client per Loki endpoint, one follower per source,
// each page written together with its cursor in one store transaction.

import type { LogEntry } from '../../types.js';
import { INGEST_SLICE_LINES } from '../pipeline.js';
import { LokiClient, type LokiAuth, type LokiClientOptions } from './client.js';
import { LokiFollower, type FollowerStatus, type LokiFollowerOptions, type LokiSourceConfig } from './follower.js';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** The part of the store the followers need (backend/src/store/store.ts implements it). */
export interface CursorStore {
  insertEntries(
    entries: LogEntry[],
    opts: { cursor?: { sourceId: string; cursor: string } },
  ): { inserted: number; duplicates: number } | Promise<{ inserted: number; duplicates: number }>;
  getCursor(sourceId: string): string | undefined | null;
  /**
   * Stores a whole page, in transactions as the store's writer sees fit, the cursor with the last
   * (IngestPipeline.ingestSliced). Without it the page goes to insertEntries in slices from here.
   * On the sidecar's writer thread a page is one message instead of one per 256-line slice, each
   * awaited in turn (a thread hop each, and each its own transaction and chunking round).
   */
  insertPage?(
    entries: LogEntry[],
    opts: { cursor: { sourceId: string; cursor: string } },
  ): Promise<{ inserted: number; duplicates: number }>;
}

/**
 * A page is written in slices of INGEST_SLICE_LINES (a 5,000-line page over 20k young streams was
 * ~2.5 s of synchronous work, during which no request was served). Only the last slice carries the
 * cursor, so a crash in between replays the page, and the unique key drops what was stored.
 */

export type FollowerTuning = Omit<LokiFollowerOptions, 'source' | 'client' | 'sink' | 'getCursor' | 'log'>;

export interface LokiIngestConfig {
  /** Loki base URL (credentials in it are moved to a header). */
  url: string;
  auth?: LokiAuth;
  timeoutMs?: number;
  retry?: LokiClientOptions['retry'];
  breaker?: LokiClientOptions['breaker'];
  onAttempt?: LokiClientOptions['onAttempt'];
  sources: LokiSourceConfig[];
  tuning?: FollowerTuning;
}

export interface LokiIngest {
  start(): void;
  stop(): Promise<void>;
  status(): FollowerStatus[];
}

export function createLokiIngest(
  store: CursorStore,
  cfg: LokiIngestConfig,
  hooks: {
    log?: LokiFollowerOptions['log'];
    /** After each committed page, e.g. to schedule chunking of the new rows. */
    onCommitted?: (sourceId: string, entries: LogEntry[], inserted: number) => void;
  } = {},
): LokiIngest {
  const ids = new Set<string>();
  for (const s of cfg.sources) {
    if (ids.has(s.id)) throw new Error(`duplicate Loki source id ${JSON.stringify(s.id)}`);
    ids.add(s.id);
  }
  const client = new LokiClient({ baseUrl: cfg.url, auth: cfg.auth, timeoutMs: cfg.timeoutMs, retry: cfg.retry, breaker: cfg.breaker, onAttempt: cfg.onAttempt });
  const followers = cfg.sources.map(
    (source) =>
      new LokiFollower({
        ...cfg.tuning,
        source,
        client,
        log: hooks.log,
        getCursor: () => store.getCursor(source.id),
        sink: async (entries, cursor) => {
          if (store.insertPage) {
            const r = await store.insertPage(entries, { cursor: { sourceId: source.id, cursor } });
            hooks.onCommitted?.(source.id, entries, r.inserted);
            return { inserted: r.inserted, duplicates: r.duplicates };
          }
          let inserted = 0;
          let duplicates = 0;
          for (let i = 0; i < entries.length || i === 0; i += INGEST_SLICE_LINES) {
            const last = i + INGEST_SLICE_LINES >= entries.length;
            const r = await store.insertEntries(entries.slice(i, i + INGEST_SLICE_LINES), last ? { cursor: { sourceId: source.id, cursor } } : {});
            inserted += r.inserted;
            duplicates += r.duplicates;
            if (!last) await yieldToLoop();
          }
          hooks.onCommitted?.(source.id, entries, inserted);
          return { inserted, duplicates };
        },
      }),
  );
  return {
    start: () => followers.forEach((f) => f.start()),
    stop: async () => {
      await Promise.all(followers.map((f) => f.stop()));
    },
    status: () => followers.map((f) => f.status()),
  };
}
