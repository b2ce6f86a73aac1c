// Tokenisation and variable masking applied to a line before it is matched against templates.
// Every rule here is generic (formats that mean "value", not "message"): nothing is written for
// one dataset's lines.

/** Placeholder used in templates for a variable part, the LogPAI/Drain convention. */
export const WILDCARD = '<*>';

/** One token of a line: its text, whether it is a variable, and the separator text before it. */
export interface Token {
  /** Masked text: constants as written, variables as their display form (e.g. `<*>`, `blk_<*>`). */
  text: string;
  /** True when the token is a variable: the matcher treats all variables as equal. */
  isVar: boolean;
  /** Exact separator characters (spaces, `=`, `:`, `,` ...) that preceded it in the line. */
  pre: string;
}

export interface TokenizedLine {
  tokens: Token[];
  /** Separator characters after the last token. */
  post: string;
}

// A private-use character stands for a masked span while the line is split; it cannot be
// confused with text from the line (lines containing it have it stripped first).
const HOLE = '\uE000';

/**
 * Whole-span masks, applied in order before splitting. Each is a format that identifies a value
 * whatever the log: URLs, UUIDs, MAC/IPv6/IPv4 addresses, timestamps, file paths, hex ids.
 * IPv4 ports are left to the digit rule so `10.0.0.1:80` becomes `<*>:<*>` (the separator is
 * kept, as LogPAI ground truths do).
 */
const SPAN_MASKS: readonly RegExp[] = [
  // URLs: scheme://rest-up-to-space-or-quote
  /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"'<>()\]]+/g,
  // UUIDs
  /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g,
  // MAC addresses
  /\b[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}\b/g,
  // ISO-8601-ish dates and date-times (also `2017-07-03_13,48,39.308`), optional fraction, zone
  /\b\d{4}-\d{2}-\d{2}(?:[T _]\d{2}([:,.])\d{2}\1\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\w-])/g,
  // ctime / syslog dates: "Fri Jun 17 07:07:00 2005", "Jun 17 07:07:00", "Sun, Jul 3, 2005"
  /\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)?(?:\s+[A-Z]{3,4})?(?:\s+\d{4})?(?![\w:])/g,
  // IPv6, `::` compression allowed (three or more groups, and a digit so `a:b:c` words survive)
  /(?<!\w)(?=[0-9a-fA-F:]*\d)[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?<=[0-9a-fA-F])(?![\w:])/g,
  // IPv4
  /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])/g,
  // clock times 12:03, 12:03:45.123
  /(?<![\w:])\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?![\w:])/g,
  // absolute or relative file paths with at least two segments: /a/b, ./a/b, ~/a, C:\a\b
  /(?<![\w/.~-])(?:~|\.{1,2})?(?:\/(?:[\w.@%+~$[\]\uE000-]|[,:=](?=[^\s/]))+){2,}\/*(?:\?[^\s"'<>]*)?/g,
  /\b[A-Za-z]:\\(?:[^\\\s]+\\)*[^\\\s]*/g,
  // quantities with a unit: a size or duration is one value whether printed "1.98 KB", "<1 sec"
  // or "12ms" (the unit belongs to the value, and it varies with magnitude)
  /(?<![\w.])[<>~]?\d+(?:\.\d+)?\s?(?:[KMGTP]i?B|B|sec|secs)\b/g,
  /(?<![\w.])\d+(?:\.\d+)?(?:ms|us|µs|ns|s|m|h|d|[kKMGTP]i?[bB]?|B)\b/g,
  // 0x-prefixed hex, and bare hex runs of 8+ (ids, masks like ffffffff); no English word is 8+
  // letters of a-f alone
  /\b0[xX][0-9a-fA-F]+\b/g,
  /\b(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b/g,
];

// Empty brackets standing alone (not a call like `f()`) hold an absent value, e.g.
// "connection from 1.2.3.4 () at": treating them as holding a variable keeps the token count of
// such lines equal to those where the value is present.
const EMPTY_BRACKETS = /(?<=\s)(?:\(\)|\[\])(?=\s|$)/g;

/**
 * Characters that separate tokens besides whitespace. Splitting on `=` `:` `,` and brackets turns
 * `key=value`, `key:value` and `(value)` into a constant key and a maskable value (Brain/Drain
 * preprocessing practice), as do dot leaders (`enable......0`). A single `.` `/` `_` `-` is not a
 * separator: they live inside names, hosts, paths.
 */
const SPLIT_RE_G = /(?:[\s=:,;()[\]{}"'|<>]|\.{2,})+/g;
const LEADING_SEP = /^(?:[\s=:,;()[\]{}"'|<>]|\.{2,})+/;

const HAS_DIGIT = /\d/;
const LIST_SEP = /^[\s,]+$/;
const WS_ONLY = /^\s+$/;

// a name with one small index: en0, awdl0, wl0, ssh2, IPv4, u0, jk2_init, flush2DB
const INDEXED_NAME = /^[A-Za-z][A-Za-z_]*\d{1,2}(?:[A-Za-z_]+)?$/;

/**
 * A token with digits is a value, except a short name with a small index (`en0`, `ssh2`, `IPv4`):
 * those name things, and when they do vary the sibling rule in the miner makes them variables.
 */
function isNumericToken(tok: string): boolean {
  return HAS_DIGIT.test(tok) && !INDEXED_NAME.test(tok);
}

const DIGIT_RUN = /[-+]?[A-Za-z0-9]*\d[A-Za-z0-9]*(?:\.[A-Za-z0-9]*\d[A-Za-z0-9]*)*/g;
const HOLE_G = new RegExp('[-+]?' + HOLE, 'g');
const WILD_RUN = /(?:<\*>)+/g;
const ID_PREFIX = /^([A-Za-z]+[_-])[-+]?(?:\d|<\*>)[\w.<*>-]*$/;

/**
 * Display form of a variable token: masked spans and digit-bearing runs become `<*>`, the rest of
 * the token is kept (`blk_-42` -> `blk_<*>`, `/10.0.0.1` -> `/<*>`). Purely cosmetic: the
 * matcher treats every variable as the same token.
 */
function variableDisplay(tok: string): string {
  const t = tok.replace(HOLE_G, WILDCARD);
  // an id with a word prefix: attempt_1445_0020_m_000000_0 -> attempt_<*>
  const m = ID_PREFIX.exec(t);
  if (m) return m[1] + WILDCARD;
  return t.replace(DIGIT_RUN, WILDCARD).replace(WILD_RUN, WILDCARD);
}

// three or more indexed names in a list ("an14 an15 an16", "node1,node2,node3") are a value list
const MIN_NAME_LIST = 3;

/** Fold runs of list-separated tokens that all carry digits, if long enough, into one variable. */
function foldNameLists(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length;) {
    let j = i;
    while (j < tokens.length && HAS_DIGIT.test(tokens[j].text) && (j === i || LIST_SEP.test(tokens[j].pre))) j++;
    if (j - i >= MIN_NAME_LIST && tokens.slice(i, j).some((t) => !t.isVar)) {
      out.push({ text: WILDCARD, isVar: true, pre: tokens[i].pre });
      i = j;
    } else {
      out.push(tokens[i]);
      i++;
    }
  }
  return out;
}

/** Split and mask one line. Deterministic and free of state. */
export function tokenize(line: string): TokenizedLine {
  let s = line.includes(HOLE) ? line.split(HOLE).join('') : line;
  for (const re of SPAN_MASKS) s = s.replace(re, HOLE);
  s = s.replace(EMPTY_BRACKETS, (m) => m[0] + HOLE + m[1]);
  const tokens: Token[] = [];
  let pos = 0;
  SPLIT_RE_G.lastIndex = 0;
  let pre = '';
  const lead = LEADING_SEP.exec(s);
  if (lead) {
    pre = lead[0];
    pos = lead[0].length;
  }
  while (pos < s.length) {
    SPLIT_RE_G.lastIndex = pos;
    const m = SPLIT_RE_G.exec(s);
    const end = m ? m.index : s.length;
    const raw = s.slice(pos, end);
    if (raw.length > 0) {
      const isVar = raw.includes(HOLE) || isNumericToken(raw);
      const prev = tokens.length > 0 ? tokens[tokens.length - 1] : undefined;
      // adjacent variables in a list (space or comma separated) fold into one: lists of numbers
      // or "ip,ip" vary in length between lines of one event
      if (isVar && prev?.isVar && LIST_SEP.test(pre))
        prev.text = WS_ONLY.test(pre) ? WILDCARD : prev.text + pre + variableDisplay(raw);
      else tokens.push({ text: isVar ? variableDisplay(raw) : raw, isVar, pre });
    }
    if (!m) {
      pre = '';
      break;
    }
    pre = m[0];
    pos = end + m[0].length;
  }
  return { tokens: foldNameLists(tokens), post: pos >= s.length ? pre : '' };
}

// fully qualified host names (a known top-level domain last)
const HOST_NAME =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:com|net|org|edu|gov|mil|io|info|biz|local|lan|internal|localdomain|cn|hk|uk|us|de|jp|fr|ru|br|au|ca|nl|kr|tw|eu|pl)$/;

/**
 * Whether a constant token is a host name. Host names stay constants for matching (the miner
 * makes them variables as soon as two differ) but templates show them as <*>: a host is a value.
 */
export function isHostName(tok: string): boolean {
  return HOST_NAME.test(tok);
}

/** Render tokens back into a template string. */
export function render(tokens: readonly Token[], post: string): string {
  let out = '';
  for (const t of tokens) out += t.pre + t.text;
  return (out + post).trim();
}
