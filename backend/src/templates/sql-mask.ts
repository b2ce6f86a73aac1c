// SQL statements inside text lines: one value each.

/**
 * SQL_STATEMENT: an SQL statement written into a text line (ClickHouse's `executeQuery: (from
 * ..., user: ...) SELECT ...`, Django's `(0.002) SELECT ...; args=...`, Laravel's `(Connection:
 * mysql, SQL: select * from ...)`, PostgreSQL's `STATEMENT:  SELECT ...`) is one parameter of its
 * log statement: the query is data, and its words, its length and its literals vary with every
 * call. Recognised by its grammar, not by one word: `SELECT ... FROM`, `INSERT INTO <t>`, `UPDATE
 * <t> SET`, `DELETE FROM <t>`, in one case, after whitespace, `(` or `:` (or at the start). It
 * runs to the first `;` outside quotes and brackets or to the `)` that closes a bracket opened
 * before it; one that runs to the end of the line is left to the tail spans (spans.ts), which
 * already take a tail as one value once its context has held enough contents (masking those
 * too split PostgreSQL's `user@db STATEMENT:  <*>` by user and database: too few constants left
 * for the sibling rule). Evidence: README.md, round 7.
 */
export const SQL_STATEMENT =
  /(?:^|(?<=[\s(:]))(?:SELECT\s[^;]*?\sFROM\s|INSERT\s+INTO\s+\S|UPDATE\s+\S+\s+SET\s|DELETE\s+FROM\s+\S|select\s[^;]*?\sfrom\s|insert\s+into\s+\S|update\s+\S+\s+set\s|delete\s+from\s+\S)/g;
/** Cheap pre-check: the line holds one of the verbs at all. */
const SQL_HINT = /\b(?:SELECT|INSERT|UPDATE|DELETE|select|insert|update|delete)\s/;

/** Every SQL statement of `s` replaced by `hole`; `s` itself when it holds none. */
export function maskSqlStatements(s: string, hole: string): string {
  if (!SQL_HINT.test(s)) return s;
  SQL_STATEMENT.lastIndex = 0;
  let out = '';
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = SQL_STATEMENT.exec(s)) !== null) {
    const end = statementEnd(s, m.index);
    // one that runs to the line's end is a tail: the tail spans take it (spans.ts)
    if (end >= s.length) break;
    out += s.slice(from, m.index) + hole;
    from = end;
    SQL_STATEMENT.lastIndex = Math.max(end, m.index + 1);
  }
  return from === 0 ? s : out + s.slice(from);
}

/**
 * SQL_TRAILING_ANNOTATION: a parenthesised `label: value` that ends the line after a statement is
 * the logger's note about the query, not SQL (ClickHouse's `SELECT ... (stage: Complete)`): the
 * statement ends before it, so it is masked as one value and the note stays text. SQL puts no
 * `word: ` inside parentheses. Evidence: clickhouse (tuned, round 4's untouched format): the
 * statement ran to the line's end and every query text was a template of its own.
 */
export const SQL_TRAILING_ANNOTATION = /^ \([A-Za-z_][\w-]*: [^()]*\)\s*$/;

/** Where the statement that starts at `start` ends (exclusive). */
function statementEnd(s: string, start: number): number {
  let depth = 0;
  let quote = '';
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (quote !== '') {
      if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '`') quote = c;
    else if (c === '(' && depth === 0 && s[i - 1] === ' ' && SQL_TRAILING_ANNOTATION.test(s.slice(i - 1))) return i - 1;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      if (depth === 0) return i;
      depth--;
    } else if (c === ';' && depth === 0) return i;
  }
  return s.length;
}
