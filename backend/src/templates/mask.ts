// Tokenisation and variable masking applied to a line before it is matched against templates.
// Every rule here is generic (formats that mean "value", not "message"): nothing is written for
// one dataset's lines, and each rule's evidence is an ablation on data beyond LogHub.

import { maskSqlStatements } from './sql-mask.js';
import { maskKeyJson } from './key-json.js';
import { maskStatusReasons } from './http-status.js';
import { maskRestatedName } from './restated-name.js';
import { maskColonIds } from './colon-id.js';

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

// Whole-span masks, applied in order before splitting. Each names a format that identifies a value
// whatever the log. The evidence is an ablation on both sets (LogHub-2k GA, and the tuned formats of
// the generality set, backend/eval/generality/): "GA-neutral" masks are caught by the digit rule
// anyway and are kept so a template shows one <*> per value (PA) rather than `<*>-<*>-<*>`.
// IPv4 ports are left to the digit rule so `10.0.0.1:80` becomes `<*>:<*>` (the separator is kept,
// as LogPAI ground truths do).

/**
 * The target of a quoted HTTP request line (`"GET /api/v1/orders/12 HTTP/1.1"`): whatever its
 * shape (`/`, `/healthz`, a query) it is a value and the method names the request. Evidence:
 * OpenStack's request lines; nginx error lines (`request: "GET ..."`).
 */
export const MASK_HTTP_TARGET =
  /(?<="(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE) )[^\s"]+(?= HTTP\/\d(?:\.\d)?")/g;
/**
 * The target of an unquoted request line (`GET /healthz 200 1.2ms`, a middleware's printf line):
 * a method word, a space and a path are a request whatever the path's shape, as in a quoted one.
 * Evidence (ablation, GA): go-stdlib-log (tuned in round 5) 0.541 -> 0.978 (`/healthz`, no digit,
 * stayed a constant); the only set with unquoted request lines, so its reason is the convention
 * MASK_HTTP_TARGET carries (README, access logs), not a second set.
 */
export const MASK_BARE_REQUEST_TARGET = /(?<=(?:^|\s)(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) )\/[^\s"]*(?=\s|$)/g;
const BARE_REQUEST = /(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \//;
/**
 * URLs, scheme to the next space, quote or backslash (a URL inside an escaped quoted string,
 * `\"http://...\"`, ends before the escape). GA-neutral.
 */
export const MASK_URL = /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"'<>()\]\\]+/g;
/** UUIDs. GA-neutral (k8s uids, request ids). */
export const MASK_UUID = /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g;
/** MAC addresses. GA-neutral. */
export const MASK_MAC = /\b[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}\b/g;
/**
 * ISO-8601 dates and date-times (`T` or a space, optional fraction and zone). GA-neutral; the
 * former `[T _]` and `,`-separated clock (`2017-07-03_13,48,39`) existed for one Mac process and
 * changed nothing on either set when dropped.
 */
export const MASK_ISO_TIME =
  /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\w-])/g;
/**
 * Dates with a month name: ctime / syslog ("Fri Jun 17 07:07:00 2005", "Jun 17 07:07:00", "Sun,
 * Jul 3, 2005") and day-month-year ("12 Jun 2024 10:15:32.123": RFC 2822, Redis, log4j's DATE;
 * one regex, one pass over the line). A month name is a word, so without this a date is constants:
 * LogHub Linux 0.93 -> 0.48 GA.
 */
export const MASK_SYSLOG_TIME =
  /\b(?:\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}(?: \d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)?(?![\w:])|(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)?(?:\s+[A-Z]{3,4})?(?:\s+\d{4})?(?![\w:]))/g;
/**
 * MASK_SYSLOG_HOST: in a BSD syslog header (RFC 3164: `<PRI>`, `Mmm dd hh:mm:ss`, the host, then
 * the tag `prog[pid]:`), the word after the clock is the machine that logged the line: a header
 * value (README: host is a variable), however few hosts a log has. Evidence: pfsense, cisco-asa,
 * dovecot (round 10's untouched formats, tuned from round 11): every statement split by its two
 * hosts.
 */
export const MASK_SYSLOG_HOST =
  /^((?:<\d{1,3}>)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d )[^\s:[\]]+(?= [^\s:]+(?:\[\d+\])?:(?:\s|$))/;
/** IPv6, `::` compression allowed (three or more groups, and a digit so `a:b:c` words survive). GA-neutral. */
export const MASK_IPV6 =
  /(?<!\w)(?=[0-9a-fA-F:]*\d)[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?<=[0-9a-fA-F])(?![\w:])/g;
/**
 * MASK_NAMED_ADDRESS: an interface or zone name glued to an IPv4 address by a colon
 * (`outside:141.185.148.143/443`, Cisco ASA's `interface:address/port`) is one value, as the
 * address is: the name says where the address sits, a parameter of the statement with the address
 * (README: one value). Evidence: cisco-asa (round 10's untouched format, tuned from round 11):
 * connection lines split by their interface pair.
 */
export const MASK_NAMED_ADDRESS = /(?<![\w.:/-])[A-Za-z][\w-]*:\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,5})?(?![\w.])/g;
const MONTH_START = /^[A-S][a-u][b-y] /;
/** IPv4. GA-neutral (one <*> instead of four). */
export const MASK_IPV4 = /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])/g;
/** Clock times 12:03, 12:03:45.123. GA-neutral. */
export const MASK_CLOCK = /(?<![\w:])\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?![\w:])/g;
/**
 * Absolute or relative file paths with at least two segments (/a/b, ./a/b, ~/a): a path has a
 * varying number of segments. LogHub average 0.9831 -> 0.9825 without it (Mac, HDFS).
 */
export const MASK_PATH =
  /(?<![\w/.~-])(?:~|\.{1,2})?(?:\/(?:[\w.@%+~$[\]\uE000-]|[,:=](?=[^\s/]))+){2,}\/*(?:\?[^\s"'<>]*)?/g;
/**
 * PATH_LEAVES_CLOSER: a `]` that ends a path but closes no `[` of it closes a bracket around the
 * path (Zabbix's item key `vfs.file.cksum[/etc/passwd]`): it stays in the line, so the bracket is
 * balanced for what reads depth (a tail after `: ` opens only outside brackets, spans.ts).
 * Evidence (PA, the template text): kafka-broker 0.420 -> 0.529, LogHub Thunderbird 0.508 ->
 * 0.516; GA unchanged everywhere. (Zabbix's `became not supported: <reason>` now gets its tail
 * rule, but the lines placed before it stay apart: zabbix-server GA 0.705 either way.)
 */
export const PATH_LEAVES_CLOSER = true;
function pathHole(m: string): string {
  let open = 0;
  for (let i = 0; i < m.length; i++) if (m[i] === '[') open++;
  let k = m.length;
  let close = 0;
  for (let i = 0; i < m.length; i++) if (m[i] === ']') close++;
  while (k > 1 && m[k - 1] === ']' && close > open) {
    k--;
    close--;
  }
  return k === m.length ? HOLE : HOLE + m.slice(k);
}
/** Windows paths C:\a\b. GA-neutral. */
export const MASK_WINDOWS_PATH = /\b[A-Za-z]:\\(?:[^\\\s]+\\)*[^\\\s]*/g;
/**
 * A size or duration printed with its unit after a space ("1.98 KB", "1 sec"): the unit changes
 * with magnitude (KB, MB), so it belongs to the value. LogHub Proxifier 1.00 -> 0.53 without it.
 * The former `[<>~]?` prefix (Proxifier's `<1 sec`) is gone: `<` is a separator anyway.
 */
export const MASK_SPACED_QUANTITY = /(?<![\w.])\d+(?:\.\d+)?\s?(?:[KMGTP]i?B|B|sec|secs)\b/g;
/** A quantity with its unit glued on ("12ms", "1.5s", "64KiB"). GA-neutral (the digit rule). */
export const MASK_QUANTITY = /(?<![\w.])\d+(?:\.\d+)?(?:ms|us|µs|ns|s|m|h|d|[kKMGTP]i?[bB]?|B)\b/g;
/** 0x-prefixed hex. GA-neutral. */
export const MASK_HEX = /\b0[xX][0-9a-fA-F]+\b/g;
/**
 * Bare hex runs of 8+ with a letter (ids, masks like ffffffff; no English word is 8+ letters of
 * a-f alone). LogHub Android 0.95 -> 0.85 without it (hex ids without digits).
 */
export const MASK_BARE_HEX = /\b(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b/g;

/**
 * NAME_PATH_GLYPH: names joined by the typographic path separator ` » ` (Jenkins writes a job's
 * full display name `shop » api » main`, breadcrumbs do the same) are one hierarchical name,
 * a value however many levels it has. Plain `/` or `>` are left alone (paths are masked elsewhere,
 * and `>` compares). Evidence: jenkins (tuned, round 5's untouched format): `<job> #<n> completed:`
 * split by depth and by level names into 6 templates; LogHub has no such glyph.
 */
export const MASK_NAME_PATH_GLYPH = /(?<!\S)[^\s»]+(?: » [^\s»]+)+/g;

/**
 * A host name glued to its address in brackets (`mail.example.net[203.0.113.5]`,
 * `unknown[203.0.113.5]`: Postfix, Sendmail, Exim write a peer so): the name is a value, `unknown`
 * included (the name of a peer without reverse DNS). Evidence (ablation, GA): postfix (tuned in
 * round 4); LogHub has no such span.
 */
export const MASK_HOST_BEFORE_ADDR = /\[(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:]+)\]/g;
/**
 * MASK_KEY_BRACKETED_VALUE: a bracketed value after `key=` (`cid=[no info]`, `cid=[01:00:5e:..]`,
 * Go's `ids=[3 4 5]`, `roles=[admin, ops]`) is one value, however many words it holds: what a
 * printer writes between the brackets is the value of that key. Brackets that hold another `=` or
 * a bracket are left to the other rules (a nested record), and so are braces (`[{parameters}]` in a
 * message template is text). Evidence (GA): kea-dhcp4 (round 11's
 * untouched format, tuned in round 12), where `cid=[no info]` and `cid=[<mac>]` split every event in
 * two; LogHub and the other tuned formats unchanged.
 */
export const MASK_KEY_BRACKETED_VALUE = /(?<==)\[[^\[\]={}\n]{1,200}\](?=[\s,;)}]|$)/g;
/**
 * MASK_DNS_NAME: an absolute DNS name, written with its root dot (`www.example.com.`, as
 * resolvers, zone files and dig print a query name), two labels at least and standing alone: a
 * name a resolver was asked, a value whatever its labels. Without it every query name of a resolver
 * log is a constant and each name its own template. Evidence (GA): unbound (round 11's untouched
 * format, tuned in round 12); envoy-edge (tuned) 0.951 -> 0.966; LogHub and the other tuned formats
 * unchanged.
 */
export const MASK_DNS_NAME = /(?<![^\s"'(\[=,])(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})\.){2,127}(?=[\s"'),\]]|$)/g;
/**
 * MASK_KEY_QUOTED_EXPRESSION: a quoted, parenthesised expression after `key=` (an LDAP search
 * filter `filter="(&(objectClass=posixAccount)(uid=carol))"`, a predicate `where="(a=1)"`) is one
 * value: its inner `=` and brackets would otherwise split it into keys and words, and every filter
 * shape became its own template. Evidence (GA): openldap-slapd (round 11's untouched format, tuned
 * in round 12); LogHub and the other tuned formats unchanged.
 */
export const MASK_KEY_QUOTED_EXPRESSION = /(?<==)"\([^"\n]{0,400}\)"/g;
/**
 * MASK_KEY_QUERY_PARAMS: a braced query string after `key=` (`params={q=name:usb&rows=24&wt=json}`:
 * request parameters as Solr, Spring's and Jetty's request loggers print them), `name=value` pairs
 * joined by `&` with no whitespace, is one value, as a whitespace token is one to Drain: its pairs
 * are the request's, not the statement's, and as words every parameter set was its own template.
 * Evidence (GA): solr (round 13's untouched format, tuned from round 14) 0.400 -> 0.920 (27 -> 18
 * templates); LogHub and the other tuned formats unchanged.
 */
export const MASK_KEY_QUERY_PARAMS = /(?<==)\{[\w.-]+=[^\s{}]{0,2000}\}(?=[\s{]|$)/g;
const NAME_CHAR = /[\w.-]/;
const NAME_START = /[A-Za-z0-9]/;

/** MASK_HOST_BEFORE_ADDR: found from the address back (linear), the name replaced by a hole. */
function maskHostBeforeAddr(s: string): string {
  let out = '';
  let from = 0;
  MASK_HOST_BEFORE_ADDR.lastIndex = 0;
  for (let m = MASK_HOST_BEFORE_ADDR.exec(s); m; m = MASK_HOST_BEFORE_ADDR.exec(s)) {
    let b = m.index;
    while (b > from && NAME_CHAR.test(s[b - 1])) b--;
    while (b < m.index && !NAME_START.test(s[b])) b++;
    if (b < m.index) {
      out += s.slice(from, b) + HOLE;
      from = m.index;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/**
 * The masks every line goes through (MASK_HTTP_TARGET first, where the line holds ` HTTP/`), each
 * with the text it cannot match without: a line that lacks it skips the regex (a cheap `includes`
 * instead of a scan; the result is the same).
 */
/**
 * MASK_NAME_LIST: a whitespace-free word that is a comma list of three or more names, each ended
 * by a comma (`syslog,sshd,invalid_login,authentication_failed,gdpr_IV_35.7.d,`: a rule's groups,
 * tags, roles), is one value whose length varies with it, as FLAG_LIST_ITEM's flags are. Evidence:
 * wazuh-alerts (round 16's, tuned from round 17) 0.622 -> 0.744, the `** Alert <id>: - <groups>` lines;
 * LogHub and the other formats' GA unchanged.
 */
export const MASK_NAME_LIST = /(?<!\S)(?:[A-Za-z][\w.-]*,){3,}(?:[A-Za-z][\w.-]*)?(?!\S)/g;

const SPAN_MASKS: ReadonlyArray<readonly [RegExp, string | undefined]> = [
  [MASK_NAME_LIST, ','],
  [MASK_NAME_PATH_GLYPH, ' » '],
  [MASK_URL, '://'],
  [MASK_UUID, '-'],
  [MASK_MAC, ':'],
  [MASK_ISO_TIME, '-'],
  [MASK_SYSLOG_TIME, undefined],
  [MASK_DNS_NAME, '.'],
  [MASK_IPV6, ':'],
  [MASK_NAMED_ADDRESS, ':'],
  [MASK_IPV4, '.'],
  [MASK_CLOCK, ':'],
  [MASK_PATH, '/'],
  [MASK_WINDOWS_PATH, ':\\'],
  [MASK_SPACED_QUANTITY, undefined],
  [MASK_QUANTITY, undefined],
  [MASK_HEX, '0'],
  [MASK_BARE_HEX, undefined],
];

// Empty brackets standing alone (not a call like `f()`) hold an absent value, e.g.
// "connection from 1.2.3.4 () at": treating them as holding a variable keeps the token count of
// such lines equal to those where the value is present.
const EMPTY_BRACKETS = /(?<=\s)(?:\(\)|\[\])(?=\s|$)/g;
/**
 * An empty quoted value after `key=` (`status=""`) holds an absent value, as empty brackets do:
 * without a token there, `status=""` and `status="ready"` are lines of different lengths.
 * Evidence (ablation, GA): kubelet (tuned) 0.84 -> 0.93; LogHub and the other formats unchanged.
 */
export const EMPTY_QUOTED_VALUE = /(?<==)(["'])\1(?=[\s,;)\]}]|$)/g;

/**
 * An escaped quote (`\"`, as Go's %q, klog and JSON-in-text write a quote inside a quoted value)
 * separates tokens like the quote itself, its backslash included, so `err="failed to
 * \"StartContainer\" for \"web\""` splits into words and spans.ts can tell an inner quote from
 * the one that ends the value. Evidence (ablation, GA): kubelet (tuned) 0.74 -> 0.93; LogHub and the
 * other formats unchanged.
 */
export const ESCAPED_QUOTE = /\\(?=["'])/;

/**
 * `::` between two word characters joins a qualified name (Ruby's `Ci::BuildFinishedWorker`,
 * Rust's `std::io::Error`, C++, Perl), which is one name as Java's dotted `org.acme.Cls` is: split
 * at `::`, a namespaced class is two or three tokens and a statement that names a class splits by
 * how deep its namespace is. Evidence: README.md, round 6.
 */
export const QUALIFIED_NAME_COLON = true;

/**
 * Characters that separate tokens besides whitespace. Splitting on `=` `:` `,` and brackets turns
 * `key=value`, `key:value` and `(value)` into a constant key and a maskable value (Brain/Drain
 * preprocessing practice), as do dot leaders (`enable......0`) and escaped quotes (ESCAPED_QUOTE).
 * A single `.` `/` `_` `-` is not a separator: they live inside names, hosts, paths.
 */
const SEPARATOR = `(?:[\\s=,;()[\\]{}"'|<>]|${QUALIFIED_NAME_COLON ? '(?!(?<=\\w)::\\w|(?<=\\w:):\\w):' : ':'}|\\.{2,}|${ESCAPED_QUOTE.source})+`;
const SPLIT_RE_G = new RegExp(SEPARATOR, 'g');
const LEADING_SEP = new RegExp(`^${SEPARATOR}`);

/**
 * A source location a logger writes (`middleware.go:41`, logback's `%F:%L` `CompactionTask.java:253`,
 * klog's `kubelet.go:2458]`, Airflow's `{taskinstance.py:2306}`): the line number names the call
 * site, one log statement, so it stays a constant beside its file name. Without it every statement
 * of a file is one template (`CompactionTask.java:<*> - <*>`). Evidence (ablation, GA): cassandra
 * (tuned in round 5) 0.156 -> 0.898; PA go-stdlib-log 0.00 -> 0.91, kubelet, Thunderbird 0.42 ->
 * 0.51; LogHub GA and the other formats unchanged.
 */
export const SOURCE_FILE =
  /^[\w$-]+\.(?:java|kt|scala|groovy|go|py|rb|js|mjs|cjs|ts|c|cc|cpp|cxx|h|hpp|rs|cs|php|ex|exs|erl|swift|m|lua|pl)$/;
const LINE_NUMBER = /^\d{1,6}$/;
/**
 * ... where the header ends after it (`: `, ` - `, `] `, `} `): a location inside a message
 * (`call from main.writeJSON (handlers.go:77)`) is a parameter of that message.
 */
const LOCATION_END = /^(?::\s|\]|\}|\s-\s)/;

/** Whether `raw`, after `:`, is the line number of a source location (SOURCE_FILE) ending a header. */
function isSourceLine(tokens: readonly Token[], raw: string, s: string, end: number): boolean {
  const prev = tokens.length > 0 ? tokens[tokens.length - 1] : undefined;
  return (
    prev !== undefined &&
    !prev.isVar &&
    LINE_NUMBER.test(raw) &&
    SOURCE_FILE.test(prev.text) &&
    LOCATION_END.test(s.slice(end, end + 3))
  );
}

const HAS_DIGIT = /\d/;
const LIST_SEP = /^[\s,]+$/;
const WS_ONLY = /^\s+$/;

// a name with one small index: en0, awdl0, wl0, ssh2, IPv4, u0, jk2_init, flush2DB; or with a
// three-digit number inside a word (NUMBER_INSIDE_NAME: sha256sum, sha512sum), while `dn228`
// (a host) ends with its number. Evidence: wazuh-alerts (tuned from round 17) 0.744 -> 0.825 (syscheck
// `Old md5sum was` / `sha1sum` / `sha256sum`: three statements); LogHub and the other formats unchanged
const INDEXED_NAME = /^[A-Za-z][A-Za-z_]*(?:\d{1,2}(?:[A-Za-z_]+)?|\d{3}[A-Za-z_]+)$/;

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

/**
 * A whitespace-delimited word that is a comma list of lower-case words (`qr,aa,rd`, `rw,relatime`,
 * `tcp,udp`) is one value: a set of flags or options, whose members come and go together.
 * Evidence (ablation, GA): CoreDNS (tuned in round 3) 0.04 -> 0.94 (with flankedByValues); LogHub
 * and the other formats unchanged.
 */
export const FLAG_LIST_ITEM = /^[a-z]{1,12}$/;

/** Fold FLAG_LIST_ITEM runs joined by bare commas into one variable. */
function foldFlagLists(tokens: Token[], post: string): Token[] {
  let out: Token[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    let j = i + 1;
    while (j < tokens.length && tokens[j].pre === ',' && !tokens[j].isVar && FLAG_LIST_ITEM.test(tokens[j].text)) j++;
    const after = j < tokens.length ? tokens[j].pre : post;
    if (
      j - i >= 2 &&
      !tokens[i].isVar &&
      FLAG_LIST_ITEM.test(tokens[i].text) &&
      (i === 0 ? tokens[i].pre === '' || WS_END.test(tokens[i].pre) : WS_END.test(tokens[i].pre)) &&
      (after === '' || WS_START.test(after))
    ) {
      out ??= tokens.slice(0, i);
      out.push({ text: WILDCARD, isVar: true, pre: tokens[i].pre });
      i = j - 1;
    } else out?.push(tokens[i]);
  }
  return out ?? tokens;
}
const WS_END = /\s$/;
const WS_START = /^\s/;

// Lines a runtime prints for an exception, one per physical line (Loki without a multiline stage):
// a stack frame and a traceback's source line are each one statement of their printer, whatever
// the frame or the code (README, round 3 conventions). Evidence (ablation, GA): spring-boot and
// celery-worker (tuned in round 4). The exception line itself (`<class>: <message>`) is mined as
// text: its message is what tells one failure from another (masked whole, every exception of a
// stream was one template and the demo's root cause was lost among them; README, round 4).
/** A JVM stack frame line (`\tat pkg.Cls.m(Cls.java:12) ~[app.jar:1.0]`): the frame is one value. */
export const JAVA_FRAME_LINE =
  /^(\s*at )[\w$.\/<>-]+\((?:[\w$.-]*\.(?:java|kt|scala|groovy|clj):\d+|Native Method|Unknown Source)\)(?: ~?\[[^\]]*\])?\s*$/;
/**
 * A traceback's source line: Python prints the statement of each frame indented by four spaces,
 * any code: one value. (No LogHub content starts with four spaces.)
 */
export const INDENTED_SOURCE_LINE = /^( {4})(?! )\S.*$/;

/**
 * PHP's stack trace printer (Exception::getTraceAsString, which Monolog, Laravel, Symfony and
 * PHP's own uncaught-exception message print): `#3 /var/www/app/Cart.php(58): Cart->total(Array,
 * 'EUR')`, one line each: the frame number, file, line and call are its values (the call is any
 * code, as a Java frame's method is). `#4 [internal function]: ...` and `#5 {main}` keep their
 * words. Evidence: laravel (tuned in round 7); LogHub has no such line.
 */
export const PHP_FRAME_LINE = /^#\d{1,4} [^\s(]+\(\d{1,6}\): \S/;

/**
 * CALL_AT_LOCATION: a whole line that is a call and the source location it runs at, after an
 * optional bracketed frame address (PHP-FPM's slow log: `[0x00007f3a2c01b2a8] curl_exec()
 * /var/www/vendor/guzzle/src/Handler/CurlHandler.php:44`; the same shape as a Java frame's `m(Cls
 * .java:12)`, written the other way round): a frame of a trace printer, one statement whatever the
 * function (README, round 3 conventions). The file must be a source file (SOURCE_FILE's
 * extensions). Evidence: php-fpm (round 7's untouched format): the slow log's frames were a
 * template per function.
 */
export const CALL_AT_LOCATION =
  /^((?:\[[^\]\s]{1,40}\] )?)[\w$.:\\/<>~*-]{1,200}\([^()]{0,400}\) (?:[^\s:]*\/)?[\w$-]+\.(?:java|kt|scala|groovy|go|py|rb|js|mjs|cjs|ts|c|cc|cpp|cxx|h|hpp|rs|cs|php|ex|exs|erl|swift|m|lua|pl):\d{1,6}$/;

/**
 * RUBY_FRAME_LINE: a Ruby backtrace line on its own (`app/models/cart.rb:27:in \`cached_total'`,
 * Ruby 3.4's `in 'Cart#total'`; Rails, Sidekiq and Puma print them one per line) is one frame
 * statement of the printer, like a Java frame: the file, line and method are its values (README,
 * round 5). Evidence: rails (tuned, round 5's untouched format): a template per method.
 */
export const RUBY_FRAME_LINE = /^(\s*)(?:[\w.@~-]*\/)*[\w.-]+\.(?:rb|erb|rake|ru):\d{1,6}:in [`'][^`']+'$/;

/** The whole-line printer shapes above, masked; undefined when the line is none of them. */
function maskPrinterLine(s: string): string | undefined {
  const c = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  if (last === 39 /* ' */ && s.includes(':in ')) {
    const rb = RUBY_FRAME_LINE.exec(s);
    if (rb) return rb[1] + HOLE + ':in ' + HOLE;
  }
  if (last >= 48 && last <= 57 && s.includes('(')) {
    const call = CALL_AT_LOCATION.exec(s);
    if (call) return call[1] + HOLE;
  }
  if (c === 35 /* # */) return PHP_FRAME_LINE.test(s) ? `#${HOLE} ${HOLE}(${HOLE}): ${HOLE}` : undefined;
  if (c !== 32 && c !== 9) return undefined;
  const f = JAVA_FRAME_LINE.exec(s);
  if (f) return f[1] + HOLE;
  const src = INDENTED_SOURCE_LINE.exec(s);
  return src ? src[1] + HOLE : undefined;
}

/** Split and mask one line. Deterministic and free of state. */
export function tokenize(line: string): TokenizedLine {
  let s = line.includes(HOLE) ? line.split(HOLE).join('') : line;
  s = maskPrinterLine(s) ?? s;
  // the request-line mask looks behind at every position: only lines with a request line pay for it
  if (s.includes(' HTTP/')) s = s.replace(MASK_HTTP_TARGET, HOLE);
  if (BARE_REQUEST.test(s)) s = s.replace(MASK_BARE_REQUEST_TARGET, HOLE);
  if (s.includes('[')) s = maskRestatedName(maskHostBeforeAddr(s), HOLE);
  if (s.includes('=[')) s = s.replace(MASK_KEY_BRACKETED_VALUE, '[' + HOLE + ']');
  if (s.includes('="(')) s = s.replace(MASK_KEY_QUOTED_EXPRESSION, '"' + HOLE + '"');
  if (s.includes('={')) s = s.replace(MASK_KEY_QUERY_PARAMS, '{' + HOLE + '}');
  if (s.includes('{"') || s.includes("{'")) s = maskKeyJson(s, HOLE);
  // anchored at the line start: one match attempt, not one per position
  if (s.charCodeAt(0) === 60 /* < */ || MONTH_START.test(s)) s = s.replace(MASK_SYSLOG_HOST, (_, head: string) => head + HOLE);
  for (const [re, needs] of SPAN_MASKS)
    if (needs === undefined || s.includes(needs))
      s = re === MASK_PATH && PATH_LEAVES_CLOSER ? s.replace(re, pathHole) : s.replace(re, HOLE);
  s = maskSqlStatements(s, HOLE);
  if (s.includes(':')) s = maskColonIds(s, HOLE);
  s = maskStatusReasons(s, HOLE);
  if (s.includes('()') || s.includes('[]')) s = s.replace(EMPTY_BRACKETS, (m) => m[0] + HOLE + m[1]);
  if (s.includes('=""') || s.includes("=''")) s = s.replace(EMPTY_QUOTED_VALUE, (m) => m[0] + HOLE + m[1]);
  const tokens: Token[] = [];
  let commaGlued = false;
  // the token count when the last token absorbed a whitespace-separated value (DASH_AFTER_RUN)
  let runEnd = -1;
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
      const prev = tokens.length > 0 ? tokens[tokens.length - 1] : undefined;
      const isVar =
        raw.includes(HOLE) ||
        (isNumericToken(raw) && !(pre === ':' && isSourceLine(tokens, raw, s, end))) ||
        (DASH_IN_VALUE_RUN && raw === '-' && prev?.text === WILDCARD && (!DASH_AFTER_RUN || runEnd === tokens.length) && m !== null && dashBeforeValue(s, pre, m[0], end + m[0].length));
      // adjacent variables in a list (space or comma separated) fold into one: lists of numbers
      // or "ip,ip" vary in length between lines of one event
      if (isVar && prev?.isVar && LIST_SEP.test(pre)) {
        prev.text = WS_ONLY.test(pre) ? WILDCARD : prev.text + pre + variableDisplay(raw);
        if (WS_ONLY.test(pre)) runEnd = tokens.length;
      }
      else {
        tokens.push({ text: isVar ? variableDisplay(raw) : raw, isVar, pre });
        // a constant glued to the one before by a bare comma may be part of a flag list
        if (!isVar && pre === ',') commaGlued = true;
      }
    }
    if (!m) {
      pre = '';
      break;
    }
    pre = m[0];
    pos = end + m[0].length;
  }
  const tail = pos >= s.length ? pre : '';
  return { tokens: foldNameLists(commaGlued ? foldFlagLists(tokens, tail) : tokens), post: tail };
}

/**
 * DASH_IN_VALUE_RUN: a lone `-` one space from a whole variable on each side is a field of the run
 * left empty (nginx's `$upstream_status` of a request the client closed: `10.244.2.100:80 17384
 * 0.573 - <id>`), folded into the run with them; a run of dashes (`- - - -`: no upstream at all)
 * and a padded `-  ` (php-fpm's empty user) stay the layout they are. Evidence (GA): ingress-nginx
 * (round 15's, tuned from round 16) 0.352 -> 1.000; LogHub and the other formats unchanged.
 */
export const DASH_IN_VALUE_RUN = true;
/**
 * DASH_AFTER_RUN: ... only inside a run: the dash follows two or more values written whitespace
 * apart (nginx's `<addr> <length> <time> - <id>`). After one value (CoreDNS' `<ip>:<port> - <id>
 * "<query>"`) the dash is the layout between two fields, kept in the template. Evidence (PA):
 * coredns 0.02 -> 0.92 (as before round 16); GA unchanged everywhere.
 */
export const DASH_AFTER_RUN = true;

function dashBeforeValue(s: string, pre: string, sep: string, at: number): boolean {
  if (pre !== ' ' || sep !== ' ') return false;
  SPLIT_RE_G.lastIndex = at;
  const n = SPLIT_RE_G.exec(s);
  const next = s.slice(at, n ? n.index : s.length);
  return next === HOLE || isNumericToken(next);
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
