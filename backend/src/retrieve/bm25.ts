import type { Database } from 'better-sqlite3';
import type { TimeWindow } from '../types.js';

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
 * BM25 over OR-ed terms lets one rare word outrank a chunk holding most of the question ("start"
 * in "checkpoint starting" beats "checkout ... failed"). Like Lucene's classic coord(), the score
 * is scaled by the share of question terms a chunk holds, over this many top BM25 candidates.
 */
const COORD_POOL = 200;

/** Longest term kept: nothing useful in a log search is longer, and it caps query cost. */
const MAX_TERM_CHARS = 64;
/** Most terms per query: FTS5 cost grows with OR branches. */
const MAX_TERMS = 32;

/**
 * Builds an FTS5 MATCH expression that can never be a syntax error: every term becomes a quoted
 * string (inner quotes doubled), so operators in user text (OR, NEAR(, *, ^, :) are plain words.
 */
export function ftsQuery(terms: readonly string[]): string | undefined {
  const quoted = quotedTerms(terms);
  return quoted.length ? quoted.join(' OR ') : undefined;
}

function quotedTerms(terms: readonly string[]): string[] {
  const out = terms
    .map((t) => t.slice(0, MAX_TERM_CHARS).replace(/[\u0000-\u001f]/g, ' ').trim())
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .slice(0, MAX_TERMS)
    .map((t) => `"${t.replace(/"/g, '""')}"`);
  return [...new Set(out)];
}

/** Words of free text, for callers that have a raw string rather than parsed terms. */
export function textTerms(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** Where a tenant's chunks are indexed for BM25 (the store: one FTS5 table per tenant). */
export interface FtsTables {
  readonly db: Database;
  /** The tenant's FTS5 table, undefined when the tenant has no chunk yet. */
  ftsTable(tenant: string): string | undefined;
}

/**
 * BM25 within one tenant's FTS5 table: the table's own statistics (document frequencies, average
 * length) score it, so another tenant's data never changes this tenant's ranking.
 */
export class Bm25Retriever {
  private readonly db: Database;

  constructor(private readonly fts: FtsTables) {
    this.db = fts.db;
  }

  search(terms: readonly string[], scope: SearchScope, limit: number): Candidate[] {
    const quoted = quotedTerms(terms);
    const table = this.fts.ftsTable(scope.tenant);
    if (quoted.length === 0 || !table) return [];
    const pool = this.rawSearch(table, quoted.join(' OR '), scope, Math.max(limit, COORD_POOL));
    if (quoted.length === 1 || pool.length === 0) return pool.slice(0, limit);
    // Per term, the ids of every chunk holding it (a doclist scan, no scoring), intersected with
    // the pool in JS: FTS5 cannot use an IN list on rowid, and filtering inside SQL is 50x slower.
    const inPool = new Set(pool.map((c) => c.chunkId));
    const matched = new Map<number, number>();
    const ids = this.db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`).pluck();
    for (const q of quoted) {
      for (const id of ids.iterate(q) as Iterable<number>) {
        if (inPool.has(id)) matched.set(id, (matched.get(id) ?? 0) + 1);
      }
    }
    return pool
      .map((c) => ({ chunkId: c.chunkId, score: (c.score * (matched.get(c.chunkId) ?? 1)) / quoted.length }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  private rawSearch(table: string, match: string, scope: SearchScope, limit: number): Candidate[] {
    // The tenant test stays though the table is the tenant's: isolation does not rest on one check.
    const where: string[] = [`${table} MATCH @match`, 's.tenant = @tenant'];
    const params: Record<string, unknown> = { match, tenant: scope.tenant, limit };
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
      SELECT ${table}.rowid AS id, bm25(${table}, ${LABEL_WEIGHT}, ${TEXT_WEIGHT}) AS score
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
