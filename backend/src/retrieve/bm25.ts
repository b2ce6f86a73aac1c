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

/**
 * Narrows the FTS5 match to one tenant's rows. Tenant names tokenize (so "a-b" and "a b" match
 * alike): this only prunes work; the join on streams.tenant is what enforces isolation.
 */
function tenantFilter(tenant: string): string {
  return `tenant : "${tenant.replace(/"/g, '""')}"`;
}

/** Words of free text, for callers that have a raw string rather than parsed terms. */
export function textTerms(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

export class Bm25Retriever {
  constructor(private readonly db: Database) {}

  search(terms: readonly string[], scope: SearchScope, limit: number): Candidate[] {
    const quoted = quotedTerms(terms);
    if (quoted.length === 0) return [];
    const pool = this.rawSearch(`${tenantFilter(scope.tenant)} AND {labels text} : (${quoted.join(' OR ')})`, scope, Math.max(limit, COORD_POOL));
    if (quoted.length === 1 || pool.length === 0) return pool.slice(0, limit);
    // Per term, the ids of every chunk holding it (a doclist scan, no scoring), intersected with
    // the pool in JS: FTS5 cannot use an IN list on rowid, and filtering inside SQL is 50x slower.
    const inPool = new Set(pool.map((c) => c.chunkId));
    const matched = new Map<number, number>();
    const ids = this.db.prepare('SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?').pluck();
    for (const q of quoted) {
      for (const id of ids.iterate(`{labels text} : ${q}`) as Iterable<number>) {
        if (inPool.has(id)) matched.set(id, (matched.get(id) ?? 0) + 1);
      }
    }
    return pool
      .map((c) => ({ chunkId: c.chunkId, score: (c.score * (matched.get(c.chunkId) ?? 1)) / quoted.length }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  private rawSearch(match: string, scope: SearchScope, limit: number): Candidate[] {
    const where: string[] = ['chunks_fts MATCH @match', 's.tenant = @tenant'];
    const params: Record<string, unknown> = { match, tenant: scope.tenant, limit };
    if (scope.streamIds) {
      where.push('c.stream_id IN (SELECT value FROM json_each(@streams))');
      params.streams = JSON.stringify(scope.streamIds);
    }
    if (scope.window) {
      where.push('c.end_ns >= @start AND c.start_ns < @end');
      params.start = scope.window.startNs;
      params.end = scope.window.endNs;
    }
    const sql = `
      SELECT chunks_fts.rowid AS id, bm25(chunks_fts, 0, ${LABEL_WEIGHT}, ${TEXT_WEIGHT}) AS score
      FROM chunks_fts
      JOIN chunks c ON c.id = chunks_fts.rowid
      JOIN streams s ON s.id = c.stream_id
      WHERE ${where.join(' AND ')}
      ORDER BY score
      LIMIT @limit`;
    const rows = this.db.prepare(sql).all(params) as { id: number; score: number }[];
    // FTS5's bm25 is negative (more negative = better); flip it so higher is better everywhere.
    return rows.map((r) => ({ chunkId: r.id, score: -r.score }));
  }
}
