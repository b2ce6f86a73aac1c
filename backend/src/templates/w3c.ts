// W3C extended log records (IIS, and anything else written to the W3C working draft's layout).
//
// The format is documented (W3C WD-logfile, Microsoft's IIS W3C logging): a `#Fields:` directive
// names the fields; each record is those fields separated by single spaces; no field holds a space
// (IIS writes `+` for one in the user agent); `-` is an empty field; `date` is `YYYY-MM-DD` and
// `time` `HH:MM:SS[.fff]`, the fields every default layout starts with. A record is read by field,
// like the other access records (structured.ts): its statement is its method and its layout.
//
// Stateless on purpose: the `#Fields:` directive appears once per log file, so a follower that
// starts mid-file (or after a restart) never sees it; the layout a record shows (how many fields,
// where the method sits) is what the directive would have told, so records of one declaration
// stay one template per method with or without it.

/**
 * W3C_RECORD: a line that starts with a W3C `date time`, has at least W3C_MIN_FIELDS single-space
 * separated bare fields (no quotes), and holds a method field followed by its request target (`/`
 * or a scheme) is an access record. Evidence: iis-w3c (round 8's untouched format) 0.052: as text,
 * each user-agent shape (`+`-joined, split at `(`, `;` and `,`) and every `-` against a value made
 * its own template. Quoted request lines are FIELD_RECORD_ACCESS's; LogHub has no such line.
 */
export const W3C_RECORD = true;
/** The fewest fields that make a record rather than a sentence: date, time, method, target + 4. */
export const W3C_MIN_FIELDS = 8;
const W3C_START = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,7})? /;
const METHOD = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE|PROPFIND|MKCOL|COPY|MOVE)$/;
const TARGET = /^(?:\/|https?:\/\/)\S*$/;
/** `status:` and the like label the next value: a sentence of its statement, not a record. */
const LABEL = /^[A-Za-z_][\w.-]*:$/;
/**
 * Two plain words side by side (`took 12 ms for`) are prose: a record's fields are values (addresses,
 * numbers, paths, `-`, `+`-joined agents, user names), and W3C never puts two bare words in a row
 * unless they are values that happen to be words, which no default field layout does.
 */
const WORD = /^[A-Za-z]{2,}$/;

export interface W3cRecord {
  method: string;
  /** Index of the method among the fields. */
  at: number;
  fields: string[];
}

/** A W3C extended record, or undefined (cheap first: the date's shape by character). */
export function parseW3cRecord(line: string): W3cRecord | undefined {
  if (!W3C_RECORD || line.length < 20) return undefined;
  if (line.charCodeAt(4) !== 45 /* - */ || line.charCodeAt(10) !== 32 || line.charCodeAt(13) !== 58 /* : */) return undefined;
  if (!W3C_START.test(line) || line.includes('"') || line.includes('  ')) return undefined;
  const fields = line.split(' ');
  if (fields.length < W3C_MIN_FIELDS) return undefined;
  let at = -1;
  for (let i = 2; i < fields.length - 1; i++) {
    if (METHOD.test(fields[i]) && TARGET.test(fields[i + 1])) {
      at = i;
      break;
    }
  }
  if (at < 0 || fields.some((f) => LABEL.test(f))) return undefined;
  for (let i = 1; i < fields.length; i++) if (WORD.test(fields[i]) && WORD.test(fields[i - 1])) return undefined;
  return { method: fields[at], at, fields };
}
