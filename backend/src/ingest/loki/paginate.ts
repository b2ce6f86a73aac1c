// Forward pagination over query_range that neither skips nor repeats entries sharing a timestamp
// at a page boundary. Loki's `start` is inclusive, so the next page starts at the last timestamp
// seen, and the entries already delivered at exactly that timestamp are dropped by count per
// stream: within one stream Loki returns equal timestamps in push order, so "the first n" is
// well defined, and it cannot hold two identical (ts, line) pairs (it dedups them).

import type { Labels } from '../../types.js';
import type { LokiClient, LokiEntry } from './client.js';

export interface FollowCursor {
  /** Everything before tsNs is delivered, plus the first seen[stream] entries at tsNs. */
  tsNs: bigint;
  seen: Record<string, number>;
}

export interface PageEntry extends LokiEntry {
  labels: Labels;
}

export interface Page {
  entries: PageEntry[];
  cursor: FollowCursor;
  /** Entries at one timestamp beyond maxLimit could not be paged and were skipped. */
  skippedAtTs?: bigint;
}

const CURSOR_VERSION = 1;

/** Canonical, order-independent stream key (the labels as Loki returned them). */
export function streamKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

export function encodeCursor(c: FollowCursor): string {
  return JSON.stringify({ v: CURSOR_VERSION, ts: c.tsNs.toString(), seen: c.seen });
}

/** Null for absent or unreadable cursors (the follower then starts from its backfill window). */
export function decodeCursor(s: string | null | undefined): FollowCursor | null {
  if (!s) return null;
  try {
    const o = JSON.parse(s) as { v?: number; ts?: string; seen?: Record<string, number> };
    if (o.v !== CURSOR_VERSION || typeof o.ts !== 'string' || !/^\d+$/.test(o.ts)) return null;
    const seen: Record<string, number> = {};
    for (const [k, n] of Object.entries(o.seen ?? {})) if (Number.isInteger(n) && n > 0) seen[k] = n;
    return { tsNs: BigInt(o.ts), seen };
  } catch {
    return null;
  }
}

export interface PaginateOptions {
  query: string;
  from: FollowCursor;
  /** Exclusive. */
  endNs: bigint;
  /** Entries per page. */
  limit: number;
  /** Largest limit tried when a full page holds a single timestamp (Loki's default max is 5000). */
  maxLimit: number;
  /** Longest range per request (Loki's max_query_length is 721h). */
  maxRangeNs?: bigint;
  signal?: AbortSignal;
}

/**
 * Yields pages of new entries in forward order, each with the cursor that covers it. Pages are
 * fetched one at a time: the next request starts only after the consumer asked for it, so a
 * slow sink holds at most one page in memory.
 */
export async function* forwardPages(client: LokiClient, o: PaginateOptions): AsyncGenerator<Page> {
  let cur: FollowCursor = { tsNs: o.from.tsNs, seen: { ...o.from.seen } };
  let limit = o.limit;
  const maxRange = o.maxRangeNs ?? 720n * 3600n * 1_000_000_000n;
  let scanFrom = cur.tsNs;
  while (scanFrom < o.endNs) {
    o.signal?.throwIfAborted();
    const start = scanFrom > cur.tsNs ? scanFrom : cur.tsNs;
    const windowEnd = o.endNs - start > maxRange ? start + maxRange : o.endNs;
    const res = await client.queryRange({ query: o.query, startNs: start, endNs: windowEnd, limit, direction: 'forward' }, o.signal);
    if (res.entryCount === 0) {
      if (windowEnd >= o.endNs) return;
      // An empty old window: everything before windowEnd is known, nothing was seen at it.
      cur = { tsNs: windowEnd, seen: {} };
      scanFrom = windowEnd;
      yield { entries: [], cursor: cur };
      continue;
    }
    let maxTs = 0n;
    for (const s of res.streams) for (const e of s.entries) if (e.tsNs > maxTs) maxTs = e.tsNs;
    const nextSeen: Record<string, number> = maxTs === cur.tsNs ? { ...cur.seen } : {};
    const fresh: PageEntry[] = [];
    for (const s of res.streams) {
      const key = streamKey(s.labels);
      let skip = cur.seen[key] ?? 0;
      for (const e of s.entries) {
        if (e.tsNs < cur.tsNs) continue;
        if (e.tsNs === cur.tsNs && skip > 0) {
          skip--;
          continue;
        }
        fresh.push({ ...e, labels: s.labels });
        if (e.tsNs === maxTs) nextSeen[key] = (nextSeen[key] ?? 0) + 1;
      }
    }
    const next: FollowCursor = { tsNs: maxTs, seen: nextSeen };
    const pageFull = res.entryCount >= limit;
    if (pageFull && maxTs === start) {
      // The whole page is one timestamp: paging from it again would return the same page.
      if (limit < o.maxLimit) {
        if (fresh.length > 0) yield { entries: fresh, cursor: next };
        cur = next;
        limit = Math.min(o.maxLimit, limit * 2);
        continue;
      }
      // More than maxLimit entries at one nanosecond: step past it and say so.
      if (fresh.length > 0) yield { entries: fresh, cursor: next };
      cur = { tsNs: maxTs + 1n, seen: {} };
      scanFrom = cur.tsNs;
      yield { entries: [], cursor: cur, skippedAtTs: maxTs };
      limit = o.limit;
      continue;
    }
    limit = o.limit;
    cur = next;
    scanFrom = cur.tsNs;
    if (fresh.length > 0) yield { entries: fresh, cursor: next };
    if (!pageFull) {
      if (windowEnd >= o.endNs) return;
      cur = { tsNs: windowEnd, seen: {} };
      scanFrom = windowEnd;
      yield { entries: [], cursor: cur };
    }
  }
}
