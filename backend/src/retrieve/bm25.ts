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

/** Longest term kept: nothing useful in a log search is longer, and it caps query cost. */
const MAX_TERM_CHARS = 64;
/** Most terms per query: FTS5 cost grows with OR branches. */
const MAX_TERMS = 32;

/**
 * Builds an FTS5 MATCH expression that can never be a syntax error: every term becomes a quoted
 * string (inner quotes doubled), so operators in user text (OR, NEAR(, *, ^, :) are plain words.
 */
export function ftsQuery(terms: readonly string[]): string | undefined {
  const quoted = terms
    .map((t) => t.slice(0, MAX_TERM_CHARS).replace(/[\u0000-\u001f]/g, ' ').trim())
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .slice(0, MAX_TERMS)
    .map((t) => `"${t.replace(/"/g, '""')}"`);
  return quoted.length ? quoted.join(' OR ') : undefined;
}

/** Words of free text, for callers that have a raw string rather than parsed terms. */
export function textTerms(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

export class Bm25Retriever {
  constructor(private readonly db: Database) {}

  search(terms: readonly string[], scope: SearchScope, limit: number): Candidate[] {
    const match = ftsQuery(terms);
    if (!match) return [];
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
      SELECT chunks_fts.rowid AS id, bm25(chunks_fts, ${LABEL_WEIGHT}, ${TEXT_WEIGHT}) AS score
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
