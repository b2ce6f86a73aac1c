// Backend-neutral requests (backend/types.ts) compiled to OpenSearch query DSL. Pure functions.
export { searchTerms } from '../lib/search-terms.js';
import { rfc3339Nano } from '../lib/time.js';
import { matchesLabels } from '../retrieve/selector.js';
import type { LabelMatcher } from '../types.js';
import type { EntryQuery, Scope, SlotRef, ValueFilter } from '../backend/types.js';
import { KEY_SEP } from './layout.js';

export type Clause = Record<string, unknown>;
export type DocKind = 'entry' | 'value' | 'chunk' | 'template';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * One label matcher. A missing label reads as "" (Loki), so a matcher the empty string satisfies
 * also takes documents without the label. Regex matchers run as Lucene regexps (anchored like
 * RE2's full match); RE2-only syntax (\d, (?i)) is not translated.
 */
export function matcherClause(m: LabelMatcher): Clause {
  const field = `labels.${m.name}`;
  const emptyOk = matchesLabels({}, [m]);
  const missing: Clause = { bool: { must_not: [{ exists: { field } }] } };
  let positive: Clause;
  switch (m.op) {
    case '=':
      if (m.value === '') return missing;
      positive = { term: { [field]: m.value } };
      break;
    case '!=':
      positive = { bool: { must_not: [{ term: { [field]: m.value } }] } };
      break;
    case '=~':
      positive = { regexp: { [field]: { value: m.value, flags: 'NONE' } } };
      break;
    case '!~':
      positive = { bool: { must_not: [{ regexp: { [field]: { value: m.value, flags: 'NONE' } } }] } };
      break;
  }
  if (m.op === '!=' || m.op === '!~') {
    // must_not alone already takes documents without the label; refuse them when "" fails it.
    return emptyOk ? positive : { bool: { filter: [positive, { exists: { field } }] } };
  }
  return emptyOk ? { bool: { should: [positive, missing], minimum_should_match: 1 } } : positive;
}

/** The filter clauses of a scope for one kind of document: tenant, selector and window. */
export function scopeFilter(scope: Scope, doc: DocKind): Clause[] {
  // The tenant term is a second wall: the index names already hold only this tenant's documents.
  const out: Clause[] = [{ term: { doc } }, { term: { tenant: scope.tenant } }];
  for (const m of scope.selector ?? []) out.push(matcherClause(m));
  if (scope.window) {
    const start = rfc3339Nano(scope.window.startNs);
    const end = rfc3339Nano(scope.window.endNs);
    if (doc === 'chunk') out.push({ range: { end: { gte: start } } }, { range: { start: { lt: end } } });
    else out.push({ range: { ts: { gte: start, lt: end } } });
  }
  return out;
}

/**
 * A value filter on an entry (or value) document: the lower-cased text among `vals` (`kvals` with
 * a key); an IPv4 also matches its `ip:port` values, as a range on the same terms (plan/sql.ts).
 */
export function valueFilterClause(f: ValueFilter): Clause {
  const t = f.text.toLowerCase();
  const field = f.key !== undefined ? 'kvals' : 'vals';
  const head = f.key !== undefined ? `${f.key}${KEY_SEP}` : '';
  const exact: Clause = { term: { [field]: `${head}${t}` } };
  if (!IPV4.test(t)) return exact;
  return { bool: { should: [exact, { range: { [field]: { gt: `${head}${t}:`, lt: `${head}${t};` } } }], minimum_should_match: 1 } };
}

/** A line holding one of the texts (case-sensitive substring) on an entry document's `line_w`. */
export function literalClause(texts: readonly string[]): Clause {
  const wild = (t: string) => ({ wildcard: { line_w: { value: `*${t.replace(/[\\*?]/g, '\\$&')}*` } } });
  return texts.length === 1 ? wild(texts[0]!) : { bool: { should: texts.map(wild), minimum_should_match: 1 } };
}

/**
 * The filter clauses of an entry query over entry documents (or value documents, which carry the
 * same fields but the line: their literal filters are the caller's, as the ids of the entries
 * that hold them).
 */
export function entryQueryFilter(q: EntryQuery, doc: 'entry' | 'value' = 'entry'): Clause[] {
  const out = scopeFilter(q.scope, doc);
  if (q.templateIds) out.push({ terms: { template_id: [...q.templateIds] } });
  for (const f of q.values ?? []) out.push(valueFilterClause(f));
  if (doc === 'entry') for (const texts of q.literals ?? []) out.push(literalClause(texts));
  return out;
}

/** Value documents of a slot. */
export function slotFilter(slot: SlotRef): Clause[] {
  return [{ terms: { key: [...slot.keys] } }, { terms: { kind: [...slot.kinds] } }];
}

/** Column weights as the embedded BM25 (retrieve/bm25.ts): a label hit counts 1.5 of a text hit. */
const LABEL_BOOST = 1.5;


/**
 * BM25 over chunk text and labels: the terms OR-ed, as the embedded FTS5 query. One named clause
 * per term (`t<i>`: text or labels), so a hit says which terms it holds (`matched_queries`) for
 * coord; the score is the same sum of per-term BM25 as one multi-term match.
 */
export function textQuery(scope: Scope, terms: readonly string[]): Clause {
  return {
    bool: {
      filter: scopeFilter(scope, 'chunk'),
      should: terms.map((t, i) => ({
        bool: { should: [{ match: { text: { query: t } } }, { match: { labels_text: { query: t, boost: LABEL_BOOST } } }], _name: `t${i}` },
      })),
      minimum_should_match: 1,
    },
  };
}

/** Lucene k-NN with the scope as an exact pre-filter (narrow filters are searched exactly). */
export function vectorQuery(scope: Scope, vector: Float32Array, k: number): Clause {
  return { knn: { vec: { vector: Array.from(vector), k, filter: { bool: { filter: scopeFilter(scope, 'chunk') } } } } };
}

/** Lucene's cosinesimil score is (1 + cos) / 2; the interface speaks cosine. */
export function cosineOfScore(score: number): number {
  return 2 * score - 1;
}
