// How a question's terms become a text search, shared by the embedded FTS5 query (retrieve/bm25.ts)
// and the OpenSearch query (opensearch/dsl.ts), so both engines search the same words and coord
// divides by the same count.

/** Longest term kept: nothing useful in a log search is longer, and it caps query cost. */
export const MAX_TERM_CHARS = 64;
/** Most terms per query: FTS5 cost grows with OR branches (and a bool query's with its clauses). */
export const MAX_TERMS = 32;

/**
 * BM25 over OR-ed terms lets one rare word outrank a chunk holding most of the question ("start"
 * in "checkpoint starting" beats "checkout ... failed"). Like Lucene's classic coord(), the score
 * is scaled by the share of question terms a chunk holds, over this many top BM25 candidates.
 */
export const COORD_POOL = 200;

/** The terms searched: cut at MAX_TERM_CHARS, control characters blanked, only those holding a letter or digit, at most MAX_TERMS, each once. */
export function searchTerms(terms: readonly string[]): string[] {
  const out = terms
    .map((t) => t.slice(0, MAX_TERM_CHARS).replace(/[\u0000-\u001f]/g, ' ').trim())
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .slice(0, MAX_TERMS);
  return [...new Set(out)];
}
