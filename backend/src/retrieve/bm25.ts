import { COORD_POOL, searchTerms } from '../lib/search-terms.js';
import type { Database } from 'better-sqlite3';
import type { TimeWindow } from '../types.js';
import { segmentsFor, type Segment } from '../store/segments.js';

export interface Candidate {
  chunkId: number;
  score: number;
}

export interface SearchScope {
  tenant: string;
  /** Restrict to these streams (already scoped to the tenant). Undefined: all of the tenant's. */
  streamIds?: readonly number[];
  /**
   * The same restriction put the other way, when it is the shorter list: the tenant's streams with
   * ids up to `upTo` but these. The same rows in the same order (the FTS scan leads either way),
   * while an IN list of 40k ids costs ~15 ms to set up and a NOT IN list of a dozen nothing.
   */
  allBut?: { streamIds: readonly number[]; upTo: number };
  window?: TimeWindow;
}

/**
 * bm25() column weights (labels, text): a service named in the question ("checkout") should lift
 * that service's chunks, but one label hit must not outrank lines that match several words.
 */
const LABEL_WEIGHT = 1.5;
const TEXT_WEIGHT = 1.0;

/**
 * Newest-first search without a window stops, once past its budget, when this many of its
 * candidates hold at least COORD_GOOD of the question's terms: enough evidence for the answer's
 * citations (8 by default) with room to spare. Fewer, and it goes on to older segments.
 */
const MIN_GOOD = 10;
/** Share of the question's terms a candidate holds to count as good evidence for the stop above. */
const COORD_GOOD = 0.5;
/**
 * Without a window, never more than this many budgets, good evidence or not: a question whose
 * words rarely meet would otherwise read every segment (at 1M lines 8 of 26 questions did, at
 * ~8 ms a segment). The answer says which period it read; a time range reaches the rest.
 */
const MAX_BUDGETS = 4;

/**
 * Builds an FTS5 MATCH expression that can never be a syntax error: every term becomes a quoted
 * string (inner quotes doubled), so operators in user text (OR, NEAR(, *, ^, :) are plain words.
 */
export function ftsQuery(terms: readonly string[]): string | undefined {
  const quoted = quotedTerms(terms);
  return quoted.length ? quoted.join(' OR ') : undefined;
}

function quotedTerms(terms: readonly string[]): string[] {
  return searchTerms(terms).map((t) => `"${t.replace(/"/g, '""')}"`);
}

/** Words of free text, for callers that have a raw string rather than parsed terms. */
export function textTerms(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** Where a tenant's chunks are indexed for BM25 (the store: an FTS5 table per segment of a tenant's chunks). */
export interface FtsTables {
  readonly db: Database;
  /** The tenant's segments, newest first (store/segments.ts); none before its first chunk. */
  segmentsOf(tenant: string): Segment[];
}

export interface Bm25Options {
  /**
   * Chunks a search without a window reads, newest segments first, before it may stop (see
   * MIN_GOOD); 0 reads every segment.
   */
  budgetChunks?: number;
}

/** The period a search read when it did not read the whole store (a question without a time). */
export interface SearchedPeriod {
  startNs: bigint;
  endNs: bigint;
  /** The lowest chunk id read: every chunk from it on was searched. */
  fromChunkId: number;
  /** Chunks the store holds for the tenant that were not searched (older ones). */
  olderChunks: number;
}

export interface Bm25Result {
  candidates: Candidate[];
  /** Set when older data exists that was not searched. */
  searched?: SearchedPeriod;
}

/**
 * BM25 within one tenant's segments: each segment's FTS5 table scores with its own statistics
 * (document frequencies, average length), so another tenant's data never changes this tenant's ranking.
 */
export class Bm25Retriever {
  private readonly db: Database;

  constructor(
    private readonly fts: FtsTables,
    private readonly opts: Bm25Options = {},
  ) {
    this.db = fts.db;
  }

  search(terms: readonly string[], scope: SearchScope, limit: number): Candidate[] {
    return this.searchScoped(terms, scope, limit).candidates;
  }

  /**
   * BM25 over the tenant's segments that matter: with a window, those overlapping it; without one,
   * newest first until the budget is spent and enough good evidence is found (then `searched` says
   * which period was read). Each segment scores with its own statistics; results merge by score.
   */
  searchScoped(terms: readonly string[], scope: SearchScope, limit: number): Bm25Result {
    const quoted = quotedTerms(terms);
    const segments = segmentsFor(this.fts.segmentsOf(scope.tenant), scope.window);
    if (quoted.length === 0 || segments.length === 0) return { candidates: [] };
    const match = quoted.join(' OR ');
    const poolSize = Math.max(limit, COORD_POOL);
    const budget = scope.window ? 0 : (this.opts.budgetChunks ?? 0);
    let pool: Candidate[] = [];
    const held = new Map<number, number>();
    let read = 0;
    let i = 0;
    for (; i < segments.length; i++) {
      const seg = segments[i];
      const found = this.rawSearch(seg.table, match, scope, poolSize);
      for (const [id, n] of this.termsHeld(seg.table, quoted, found)) held.set(id, n);
      pool = mergeTop(pool, found, poolSize);
      read += seg.chunks;
      if (budget > 0 && read >= budget && i + 1 < segments.length) {
        if (read >= budget * MAX_BUDGETS) break;
        const good = pool.filter((c) => (held.get(c.chunkId) ?? 1) >= COORD_GOOD * quoted.length).length;
        if (good >= MIN_GOOD) break;
      }
    }
    const candidates = this.scale(pool, held, quoted.length, limit);
    if (i >= segments.length - 1) return { candidates };
    const searched = segments.slice(0, i + 1);
    return {
      candidates,
      searched: {
        startNs: searched.reduce((m, r) => (r.startNs < m ? r.startNs : m), searched[0].startNs),
        endNs: searched.reduce((m, r) => (r.endNs > m ? r.endNs : m), searched[0].endNs),
        fromChunkId: searched[searched.length - 1].firstChunkId,
        olderChunks: segments.slice(i + 1).reduce((n, r) => n + r.chunks, 0),
      },
    };
  }

  private scale(pool: Candidate[], held: ReadonlyMap<number, number>, terms: number, limit: number): Candidate[] {
    if (terms === 1) return pool.slice(0, limit);
    return pool
      .map((c) => ({ chunkId: c.chunkId, score: (c.score * (held.get(c.chunkId) ?? 1)) / terms }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  /**
   * How many of the question's terms each pooled chunk of a segment holds. Per term, the ids of
   * the segment's chunks holding it (a postings scan, no scoring), intersected with the pool in JS:
   * FTS5 cannot use an IN list on rowid, and filtering inside SQL is 50x slower.
   */
  private termsHeld(table: string, quoted: string[], pool: readonly Candidate[]): Map<number, number> {
    const matched = new Map<number, number>();
    if (quoted.length === 1 || pool.length === 0) return matched;
    const inPool = new Set(pool.map((c) => c.chunkId));
    const ids = this.db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`).pluck();
    for (const q of quoted) {
      for (const id of ids.iterate(q) as Iterable<number>) {
        if (inPool.has(id)) matched.set(id, (matched.get(id) ?? 0) + 1);
      }
    }
    return matched;
  }

  private rawSearch(table: string, match: string, scope: SearchScope, limit: number): Candidate[] {
    const params: Record<string, unknown> = { match, tenant: scope.tenant, limit };
    const rank = `bm25(${table}, ${LABEL_WEIGHT}, ${TEXT_WEIGHT})`;
    if (!scope.allBut && !scope.streamIds && !scope.window) {
      // Nothing to filter: bm25() over the FTS table alone, the join only on its best `limit` (the
      // join around every match cost as much as the scoring). The tenant test stays though the
      // table is the tenant's: isolation does not rest on one check.
      const rows = this.db
        .prepare(
          `SELECT p.id, p.score FROM (SELECT rowid AS id, ${rank} AS score FROM ${table} WHERE ${table} MATCH @match ORDER BY score LIMIT @limit) p
             JOIN chunks c ON c.id = p.id JOIN streams s ON s.id = c.stream_id
            WHERE s.tenant = @tenant ORDER BY p.score`,
        )
        .all(params) as { id: number; score: number }[];
      return rows.map((r) => ({ chunkId: r.id, score: -r.score }));
    }
    const where: string[] = [`${table} MATCH @match`, 's.tenant = @tenant'];
    if (scope.allBut) {
      // `+`: a filter on each row the FTS scan yields, not a range of the (stream, time) index to drive from.
      where.push('+c.stream_id <= @upTo AND c.stream_id NOT IN (SELECT value FROM json_each(@streams))');
      params.streams = JSON.stringify(scope.allBut.streamIds);
      params.upTo = scope.allBut.upTo;
    } else if (scope.streamIds) {
      where.push('c.stream_id IN (SELECT value FROM json_each(@streams))');
      params.streams = JSON.stringify(scope.streamIds);
    }
    if (scope.window) {
      where.push('c.end_ns >= @start AND c.start_ns < @end');
      params.start = scope.window.startNs;
      params.end = scope.window.endNs;
    }
    const sql = `
      SELECT ${table}.rowid AS id, ${rank} AS score
      FROM ${table}
      JOIN chunks c ON c.id = ${table}.rowid
      JOIN streams s ON s.id = c.stream_id
      WHERE ${where.join(' AND ')}
      ORDER BY score
      LIMIT @limit`;
    const rows = this.db.prepare(sql).all(params) as { id: number; score: number }[];
    // FTS5's bm25 is negative (more negative = better); flip it so higher is better everywhere.
    return rows.map((r) => ({ chunkId: r.id, score: -r.score }));
  }
}

/** The best `n` of two lists by score (each chunk is in one range, so in one list). */
function mergeTop(a: readonly Candidate[], b: readonly Candidate[], n: number): Candidate[] {
  return [...a, ...b].sort((x, y) => y.score - x.score).slice(0, n);
}
