// Whether a position's values make it a variable without the sibling rule's count: the shape of
// its words (value-like tokens, a one-segment root path) and their context (`key=`, a quoted string,
// a labelled value in brackets, the word after an entity noun, a record's field, a request line's
// method and target, a call site). variables.ts asks these while building a group's families.

import { WILDCARD as WILDCARD_, isMasked as isMasked_, type Group, type Sub } from './group.js';
import { isHostName, SOURCE_FILE } from './mask.js';
import { CALL_SITE_MARK } from './structured.js';

// module-local copies: imported bindings are read through a getter in hot loops
const isMasked = isMasked_;
const WILDCARD: string = WILDCARD_;

/** HTTP request methods (quoted request lines). */
export const HTTP_METHOD = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE)$/;

/** A token as a known value: a sentence's final stop is not part of the word ("of user deploy."). */
export function valueWord(v: string): string {
  return v.replace(TRAILING_STOP, '');
}
const TRAILING_STOP = /[.!?]+$/;

/**
 * For a field of a record (flankedByValues), minConstantShare is a share of the positions the
 * line does not mask: a timestamp, an address or a counter is a value by its shape, not a word the
 * template could lose, so a record of many values (`<*> haproxy[<*>]: <*>:<*> [<*>] fe_pg <*> <*>
 * -- <*> <*>`, CoreDNS's query line) may still turn its fields into variables. Other positions
 * keep the share of all positions: a long masked header (ZooKeeper's `[QuorumPeer[myid=1]/0:0:0:
 * 0:0:0:0:0:2181:...]`) must not let one statement's words go. Evidence (ablation, GA): HAProxy
 * 0.11 -> 0.92, CoreDNS 0.04 -> 0.94 (tuned in round 3); LogHub and the other formats unchanged.
 * Applied to every position, it cost nothing on the content-only sets but lost a word of
 * ZooKeeper's whole lines (`Notification time <*>`) and two exact answers (dev 0.908 -> 0.895).
 */
export const SHARE_OF_UNMASKED = true;
/**
 * A position where the template already shows a value (a masked one: `message-id=<<*>>`) loses
 * no constant when a value-like word there (`<name@host.example>`, no digit to mask it) joins it,
 * so minConstantShare does not hold it back: a masked value and value-like words make it a
 * variable. Evidence (ablation, GA): postfix (tuned in round 4); LogHub and the other formats
 * unchanged.
 */
export const MASKED_SLOT = true;
/**
 * A structured line's template is its message template plus its key set (structured.ts), so the
 * key set is a constant of the template that minConstantShare must count: a short message whose
 * first word is a parameter (`<class> JID-<*>: start`, GitLab's Sidekiq; `<action> completed`)
 * keeps the statement's identity in its keys, and its words may become variables. Set to 0 to
 * ablate. Evidence: README.md, round 6 (1 then). Round 10: counted as three words, since a named
 * key set (and a syslog line's app, message id and SD names) says as much of the statement as a
 * few of its words: a Juniper `session denied ... <policy> <zone> <zone>` message kept its last
 * zone constant at 1 and 2 (syslog-rfc5424, tuned from round 10: 0.811 -> 0.905); 1 -> 3 changed
 * no other tuned format and no LogHub set (they score the same at 1, 2 and 3).
 */
export const KEY_SET_CONSTANTS = 3;
/** ... but it never lets a template keep fewer than two constants (`risBoot (command <*>)`). */
export const MIN_KEPT_CONSTANTS = 2;

// lower-case dotted names (hosts, packages, Python dotted names with underscores: a Celery task
// `shop.tasks.sync_inventory`; evidence, ablation GA: celery-worker (tuned in round 4) 0.73 -> 0.96,
// LogHub and the other formats unchanged), host names (`name.local`), paths, user@host, masked values
const VALUE_LIKE = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)+$|^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,6}$|\S[/@\\]\S|<\*>/;

/**
 * Two different values of this shape at one position are already a variable: a host name or a
 * path names an instance, not a kind of message.
 */
export function looksLikeValue(tok: string): boolean {
  return VALUE_LIKE.test(tok) || (ROOT_PATH_VALUE && ROOT_PATH.test(tok));
}
/**
 * ROOT_PATH_VALUE: a one-segment absolute path (`/scriptText`, `/healthz`, `/login`) is a value like
 * a longer one (which MASK_PATH masks): a route or a file, never a word of the statement. Evidence:
 * jenkins (tuned, round 5's untouched format): `request for /scriptText by <*>` stayed apart from
 * the masked `/job/...` paths (0.857 -> 0.884); elasticsearch-json 23 -> 21 templates; LogHub
 * unchanged.
 */
export const ROOT_PATH_VALUE = true;
const ROOT_PATH = /^\/[\w.-]+\/?$/;

const HAS_DIGIT = /\d/;

/**
 * Nouns that name an entity: the word after one is its name ("for user cyrus", "granted role
 * admin", "container web"), a value however few names a log holds. `into` is SQL's (`INSERT INTO
 * <table>`; evidence, ablation GA: PostgreSQL (tuned) 0.88 -> 0.92, LogHub unchanged).
 */
export const SLOT_NOUNS = new Set([
  'user',
  'host',
  'database',
  'db',
  'table',
  'pool',
  'queue',
  'topic',
  'bucket',
  'container',
  'pod',
  'node',
  'namespace',
  'service',
  'file',
  'process',
  'job',
  'task',
  'channel',
  'zone',
  'region',
  'volume',
  'device',
  'interface',
  'client',
  'server',
  'peer',
  'group',
  'role',
  'account',
  'domain',
  'index',
  'image',
  'relation',
  'constraint',
  'key',
  'target',
  'replica',
  'signal',
  'module',
  'plugin',
  'endpoint',
  'provider',
  'cluster',
  'tenant',
  'project',
  'repository',
  'branch',
  'unit',
  'into',
]);
const WS_ONLY = /^\s+$/;
const WS_END = /\s$/;
/**
 * ROUTE_SLOT: the word right after `via` or `from` names the route or the source of what the
 * statement reports (`signed in via password|oauth|sso`, `authorized ... via stripe|adyen`,
 * `loading from database|catalog-service`): a parameter at two values, as a word after an entity
 * noun is (SLOT_NOUNS; there three, since `user root` / `user guest` are as often two kinds of
 * line). Evidence (ablation, GA): node-pino-json 0.947 -> 1.000, spring-boot 0.875 -> 0.966,
 * log4j2-json with CODE_AFTER_AMOUNT 0.869 -> 0.971 (tuned); LogHub unchanged. README.md, round 7.
 */
export const ROUTE_SLOT = true;
const ROUTE_WORDS: ReadonlySet<string> = new Set(['via', 'from']);

export function routeContext(s: Sub, p: number): boolean {
  return p > 0 && WS_ONLY.test(s.pres[p]) && ROUTE_WORDS.has(s.values[p - 1].toLowerCase());
}

/**
 * CODE_AFTER_AMOUNT: an upper-case three-letter code right after a number and ending its clause
 * (`total 11.89 CHF)`, `refunded: 177.92 USD`: ISO 4217 currencies) is the amount's unit, part of
 * its value: two codes make a variable. Evidence (ablation, GA): django-gunicorn 0.889 -> 0.947,
 * python-structlog-json 0.982 -> 1.000, log4j2-json (with ROUTE_SLOT) 0.869 -> 0.971 (tuned);
 * LogHub Thunderbird 0.982 -> 0.981 (`port at <*>,<*> irq <*>`), the rest unchanged.
 */
export const CODE_AFTER_AMOUNT = true;
const AMOUNT_CODE = /^[A-Z]{3}$/;
const CLAUSE_END = /^(?:[)\].,;]|\s*$)/;
/**
 * CLAUSE_NOT_SPACE: inside a line, a code ends its clause only at punctuation; a space before
 * the next word is the sentence going on (zerolog's console level after its time: `<time> WRN
 * Failed to serve tunnel connection` read `WRN` as the time's currency and merged the WRN and ERR
 * lines of one message). Evidence (GA): cloudflared (round 15's, tuned from round 16) 0.822 ->
 * 0.928, openldap-slapd 0.733 -> 0.906 (`<time> <hex> conn=<*> op=<*> SRCH ...`: SRCH/MOD/BIND
 * after a value), LogHub Thunderbird 0.979 -> 0.980 (the cost noted above, gone); the rest unchanged.
 */
export const CLAUSE_NOT_SPACE = true;
const CLAUSE_PUNCT = /^[)\].,;]/;

export function amountCode(g: Group, s: Sub, p: number): boolean {
  if (p === 0 || !WS_ONLY.test(s.pres[p]) || !AMOUNT_CODE.test(s.values[p])) return false;
  if (!(g.isVar[p - 1] || isMasked(s.values[p - 1]))) return false;
  // a space before the next word does not end a clause (CLAUSE_NOT_SPACE)
  if (CLAUSE_NOT_SPACE && p + 1 < s.values.length) return CLAUSE_PUNCT.test(s.pres[p + 1]);
  return CLAUSE_END.test(p + 1 < s.values.length ? s.pres[p + 1] : s.post);
}

/**
 * The method of a quoted HTTP request line (`"GET <*> HTTP/1.1"`): it names the kind of request,
 * however many methods a log holds (GET, POST, PUT, DELETE, HEAD, OPTIONS are six).
 */
export function isRequestMethod(s: Sub, p: number): boolean {
  if (!HTTP_METHOD.test(s.values[p])) return false;
  if (s.pres[p].endsWith('"')) return true;
  return REQUEST_TARGET_AFTER_METHOD && requestTargetFollows(s, p);
}

/**
 * REQUEST_LINE_RECORD: a line that holds a request line (isRequestMethod: a method before its
 * target) is an access record, and its method names the statement (README, access logs: one
 * template per method, every other field a value). So minConstantShare does not hold back its
 * other positions: a record of many masked fields (time, elapsed, client, status, bytes, URL,
 * peer) keeps its method, and a field there with `variableAfter` values, or two value-like ones,
 * is a value (Squid's mime type at the record's end: `... GET <*> - HIER_DIRECT/<*> text/html`).
 * Evidence: README.md, round 7.
 */
export const REQUEST_LINE_RECORD = true;

export function holdsRequestLine(g: Group, s: Sub): boolean {
  for (let i = 0; i < g.length; i++) if (!g.isVar[i] && isRequestMethod(s, i)) return true;
  return false;
}

/**
 * ... and so does the method of an unquoted request line (README, access logs): a method word
 * after whitespace (or at the start), followed after one space (or ` "`) by a request target
 * (a path, a URL, or a value the line masked): Rails' `Started GET "/cart"`, Squid's `... GET
 * http://...`. Not after `key=` (methodSlot). Evidence: README.md, round 6.
 */
export const REQUEST_TARGET_AFTER_METHOD = true;
const TARGET_PRE = /^ "?$/;
const TARGET_START = /^(?:\/|[a-z][a-z0-9+.-]*:\/\/|<\*>)/;

function requestTargetFollows(s: Sub, p: number): boolean {
  if (p + 1 >= s.values.length || (s.pres[p] !== '' && !WS_END.test(s.pres[p]))) return false;
  return TARGET_PRE.test(s.pres[p + 1]) && TARGET_START.test(s.values[p + 1]);
}

/**
 * Whether another position of the group, in a value context, holds two values (or was made a
 * variable). One named slot with two or three values is as often two kinds of line (LogHub Linux
 * keeps `user=root` and `user=guest` apart, Windows `client WindowsUpdateAgent` and `client SPP`);
 * a line with two named slots that both vary is a record of parameters (PostgreSQL's `user=...
 * database=...`, logfmt's `user ... granted role ...`), and its slots are variables at two values.
 */
export function otherValueVaries(g: Group, p: number): boolean {
  const seen = new Map<number, string>();
  for (const s of g.subs.values()) {
    for (let i = 0; i < g.length; i++) {
      if (i === p || isMasked(s.values[i]) || !valueContext(s, i)) continue;
      if (g.isVar[i]) return true;
      const prev = seen.get(i);
      if (prev === undefined) seen.set(i, s.values[i]);
      else if (prev !== s.values[i]) return true;
    }
  }
  return false;
}

/**
 * Whether a position of a sub-template is where a statement puts a value: right after `key=`, a
 * whole quoted string (escaped quotes too: `\"name\"`), a labelled value inside brackets
 * (BRACKETED_LABEL), or the word after an entity noun (SLOT_NOUNS).
 */
export function valueContext(s: Sub, p: number): boolean {
  const pre = s.pres[p];
  const next = p + 1 < s.values.length ? s.pres[p + 1] : s.post;
  if (pre.endsWith('=')) return true;
  const q = pre[pre.length - 1];
  if ((q === '"' || q === "'") && next.startsWith(pre.endsWith('\\' + q) ? '\\' + q : q)) return true;
  if (ANGLED_KEY_VALUE && pre.endsWith('=<') && next.startsWith('>')) return true;
  if (BRACKETED_LABEL.test(pre) && p > 0 && HAS_LETTER.test(s.values[p - 1]) && bracketDepth(s, p) > 0) return true;
  return nounContext(s, p);
}

/**
 * ANGLED_KEY_VALUE: `key=<value>` (Dovecot's `user=<alice@example.com>`, `session=<...>`; Postfix's
 * `from=<...>`) is a value after its key, as `key=value` and `key="value"` are. Evidence: dovecot
 * (round 10's untouched format, tuned from round 11): the login line's `method=PLAIN|LOGIN` became
 * a value once `user=<...>` counted as a value beside it (33 -> 31 templates; GA 0.460 either way,
 * the line still splits by its `TLS` / `secured` flag); no other format or LogHub set moves.
 */
export const ANGLED_KEY_VALUE = true;
/**
 * A `label: value` inside brackets is a named parameter, as `key=value` is ("(using password:
 * YES)", "[instance: <id>]", "(UID: <id>)"): a colon inside brackets labels a value (spans.ts
 * starts no tail there either). Evidence (ablation, GA): MySQL error log (tuned) 0.88 -> 1.00;
 * LogHub and the other formats unchanged.
 */
export const BRACKETED_LABEL = /^:\s+$/;
export const HAS_LETTER = /[A-Za-z]/;

/** Brackets open before a position (from the separators up to and including its own). */
function bracketDepth(s: Sub, p: number): number {
  let depth = 0;
  for (let i = 0; i <= p; i++) {
    for (const ch of s.pres[i]) {
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
    }
  }
  return depth;
}

/**
 * Distinct words after an entity noun that make the position a variable on their own: three. "of
 * user root / deploy / ubuntu", "job cleanup-carts / send-digest / reindex-products" name
 * instances; two are as often two kinds of line (LogHub Windows keeps `client WindowsUpdateAgent`
 * and `client SPP` apart), and `key=` slots are left to otherValueVaries (LogHub Linux keeps
 * `user=root`, `user=guest`, `user=test` apart). Evidence (ablation, GA): systemd journal (tuned)
 * 0.77 -> 0.92, pino 0.90 -> 0.95; LogHub HPC 0.998 -> 0.953, whose truth keeps `via interface
 * ee0` / `alt0` / `scip0` apart (a cost accepted: average 0.987 -> 0.984).
 */
export const NOUN_SLOT_VALUES = 3;

/** Whether a position is the word after an entity noun (SLOT_NOUNS), whitespace apart. */
export function nounContext(s: Sub, p: number): boolean {
  return p > 0 && WS_ONLY.test(s.pres[p]) && SLOT_NOUNS.has(s.values[p - 1].toLowerCase());
}

/** Whether every value of a set is masked or a word known as a value (MAX_KNOWN_VALUES). */
export function allKnown(vals: Iterable<string>, known: ReadonlySet<string>): boolean {
  if (known.size === 0) return false;
  for (const v of vals) if (v !== WILDCARD && !known.has(valueWord(v))) return false;
  return true;
}

/**
 * A lower-case dotted name right before `: ` that is not a host name is a component's label, the
 * logger that wrote the line (hclog's `agent.server.raft:` and `storage.raft:`, Python's
 * `shop.tasks:`): it names the source of a statement, so it is left to the sibling rule like a
 * word. Evidence (ablation, GA): hclog (tuned in round 3) 0.96 -> 1.00; LogHub and the other
 * formats unchanged.
 */
export const COMPONENT_LABEL_BEFORE = /^:\s/;

export function componentLabel(s: Sub, p: number, vals: ReadonlySet<string>): boolean {
  const next = p + 1 < s.values.length ? s.pres[p + 1] : s.post;
  if (!COMPONENT_LABEL_BEFORE.test(next)) return false;
  for (const v of vals) if (v === WILDCARD || isHostName(v) || !DOTTED_NAME.test(v)) return false;
  return true;
}
const DOTTED_NAME = /^[a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)+$/;

/**
 * An HTTP method after `key=` (`method=GET`, `method=PUT`) is a request's parameter: two of them
 * make a variable. Only a quoted request line's method names the kind of request (isRequestMethod).
 * Evidence (ablation, GA): hclog (tuned in round 3) 0.81 -> 1.00; LogHub and the other formats
 * unchanged.
 */
export function methodSlot(s: Sub, p: number, vals: ReadonlySet<string>): boolean {
  if (!s.pres[p].endsWith('=')) return false;
  for (const v of vals) if (!HTTP_METHOD.test(v)) return false;
  return true;
}

// whitespace, after the quote or bracket that closes the value before / opens the one after
const RECORD_SEP_BEFORE = /^["')\]}]?\s+$/;
const RECORD_SEP_AFTER = /^\s+["'([{]?$/;

/**
 * A lone `-` in a record is an absent value (the common log format's placeholder). Evidence
 * (ablation, GA): HAProxy (tuned in round 3) 0.15 -> 0.92 (`- - cR-- <*>`); the rest unchanged.
 */
const ABSENT_VALUE = '-';

/**
 * A word between two values, whitespace apart (`<*> -- <*>`, `"<*>" NOERROR <*>`), is a field of a
 * positional record, not a word of a sentence: two of them make a variable. Evidence (ablation,
 * GA): CoreDNS 0.04 -> 0.94, HAProxy 0.895 -> 0.916 (tuned in round 3); LogHub and the other
 * formats unchanged.
 */
export function flankedByValues(g: Group, s: Sub, p: number): boolean {
  if (p === 0 || p + 1 >= g.length) return false;
  if (LISTED_FLAG && listedFlag(g, s, p)) return true;
  if (!RECORD_SEP_BEFORE.test(s.pres[p]) || !RECORD_SEP_AFTER.test(s.pres[p + 1])) return false;
  if (PREPOSITION_NOT_FIELD && PREPOSITIONS.has(s.values[p])) return false;
  if (AFTER_KEY_VALUE_NAMES && afterKeyValue(s, p)) return false;
  return recordValue(g, s, p - 1) && recordValue(g, s, p + 1);
}

/**
 * PREPOSITION_NOT_FIELD: a preposition between two values (`identity '<name>' from [<addr>]` /
 * `to [<addr>]`) joins them in a sentence, which way the connection went: it is no record's field
 * (flankedByValues), and `from` and `to` stay two statements. Evidence (GA): icinga2 (round 15's,
 * tuned from round 16) 0.674 -> 0.772 (ApiListener's inbound and outbound connections, 195 lines);
 * LogHub and the other formats unchanged.
 */
export const PREPOSITION_NOT_FIELD = true;
const PREPOSITIONS: ReadonlySet<string> = new Set(['from', 'to', 'for', 'at', 'on', 'in', 'into', 'by', 'with', 'via', 'of']);

/**
 * AFTER_KEY_VALUE_NAMES: a word after a key's value (`JobId=<*> WEXITSTATUS <*>` / `WTERMSIG <*>`)
 * names what the line reports, as inValueRecord already reads `op=<*> UNBIND`: it is no record's
 * field between two values (flankedByValues). Evidence (GA): slurmctld (round 15's, tuned from
 * round 16) 0.796 -> 0.966 (`JobId=<id> WEXITSTATUS|WTERMSIG <n>`, 340 lines); LogHub and the other
 * formats unchanged.
 */
export const AFTER_KEY_VALUE_NAMES = true;

/** Whether the field before p (its tokens glued together: `123_4(130)`) is a `key=`'s value. */
function afterKeyValue(s: Sub, p: number): boolean {
  let q = p - 1;
  while (q > 0 && !/\s/.test(s.pres[q]) && !s.pres[q].endsWith('=')) q--;
  return s.pres[q].endsWith('=');
}

/**
 * LISTED_FLAG: a bare word between `key=value` items of a comma list (`mpid=<*>, TLS, session=<*>`:
 * Dovecot's login lines, any `k=v, FLAG, k=v` record) is a flag field of that record, as a word
 * between two values is (flankedByValues). Evidence (GA): dovecot (tuned from round 11) 0.460 ->
 * 0.645 (`TLS` / `secured` split every login and disconnect); LogHub (content and whole lines) and
 * the other formats unchanged.
 */
export const LISTED_FLAG = true;
function listedFlag(g: Group, s: Sub, p: number): boolean {
  return (
    p + 2 < g.length &&
    s.pres[p] === ', ' &&
    s.pres[p - 1].endsWith('=') &&
    recordValue(g, s, p - 1) &&
    s.pres[p + 1] === ', ' &&
    s.pres[p + 2].startsWith('=')
  );
}

/** A record's value at position i: a variable, a masked value, or the absent value `-`. */
function recordValue(g: Group, s: Sub, i: number): boolean {
  return g.isVar[i] || isMasked(s.values[i]) || s.values[i] === ABSENT_VALUE;
}

/**
 * VALUE_RECORD_SHARE: a line more than this share of whose positions are values is a record of
 * values (a resolver's `<client> <name> A IN NOERROR 0.000 1 152`, a DHCP or flow log), not a
 * sentence: a word after a value, whitespace apart, is a field of it (a query type, an rcode), and
 * two of them make a variable, as flankedByValues does for a word between two values. More than
 * half: the sentences of LogHub (`Accepted password for <*> from <*> port <*> ssh2`: 3 of 8) keep
 * their words, and so does a line of exactly half (LogHub HPC `<*> gige5 gige temperature <*>
 * warning`, whose last word names the event: at `>=` the dev question "how many warning lines did
 * gige3 log?" lost its answer). Evidence (GA): unbound 0.300 -> 0.610 with MASK_DNS_NAME (round
 * 11's untouched format, tuned in round 12), pfsense (tuned) 0.890 -> 0.921; LogHub and the other
 * tuned formats unchanged.
 */
export const VALUE_RECORD_SHARE = 0.5;
const SPACED = /\s$/;

export function inValueRecord(g: Group, s: Sub, p: number): boolean {
  // The value before is written as one (not a lone `-`: LogHub Windows `PopulateComponentFamiliesKey
  // - Begin` / `End` are two statements) with whitespace before it: a field of the record itself,
  // not a key's value (`op=<*> UNBIND` names the operation of a key=value line) nor a header's
  // bracketed one (`[alice] OK LOGIN`).
  if (!(p > 1 && (g.isVar[p - 1] || isMasked(s.values[p - 1])) && SPACED.test(s.pres[p - 1]))) return false;
  let values = 0;
  for (let i = 0; i < g.length; i++) if (recordValue(g, s, i)) values++;
  return values > VALUE_RECORD_SHARE * g.length;
}

/**
 * Lines that carry one source location in their header (`{taskinstance.py:1206}`,
 * `CompactionTask.java:253 -`, `kubelet.go:2458]`: mask.ts SOURCE_FILE keeps it constant) come from
 * one call site, one log statement: where they differ at one position with everything else equal,
 * that position is a parameter at two values, however word-like (`Marking task as SUCCESS` /
 * `UP_FOR_RETRY`, `Returned value was: None`). The stream's own evidence, not a word list: the
 * location says which lines are one statement. A request line's method is still the kind of
 * request (isRequestMethod, checked before). Evidence: README.md, round 6.
 */
export const SAME_CALL_SITE = true;
const LINE_NO = /^\d{1,6}$/;

export function sameCallSite(g: Group, s: Sub, p: number): boolean {
  // a structured line's caller field (structured.ts STRUCTURED_CALL_SITE) is in its namespace
  if (g.ns.includes(CALL_SITE_MARK)) return true;
  for (let i = 0; i + 1 < g.length; i++) {
    if (i === p || i + 1 === p || g.isVar[i] || g.isVar[i + 1]) continue;
    if (s.pres[i + 1] === ':' && LINE_NO.test(s.values[i + 1]) && SOURCE_FILE.test(s.values[i])) return true;
  }
  return false;
}

/**
 * Whether every value of a set looks like a value; a name with a small index (`bglio91`) counts
 * when the set also holds a masked value (`bglio716` was masked: same kind, longer number).
 */
export function allValueLike(vals: ReadonlySet<string>, labelled = false): boolean {
  const masked = vals.has(WILDCARD);
  const absent = masked && labelled && ABSENT_BESIDE_MASKED;
  for (const v of vals)
    if (!looksLikeValue(v) && !(masked && HAS_DIGIT.test(v)) && !(absent && NO_VALUE_WORDS.has(v)) && !(masked && DASH_BESIDE_MASKED && v === '-')) return false;
  return true;
}

/**
 * ABSENT_BESIDE_MASKED: beside a masked value, the word a printer writes for no value (`null`,
 * `None`, `nil`: `arguments: {...}` / `arguments: null`) is that slot's value too, as a `-` is in a
 * record; only in a labelled slot (after `key=` or `label:`, LABELLED_SLOT): in prose `null` is a
 * word of its own statement (LogHub Android keeps `unregister callback for null` apart from `...
 * for <callback>`, a merge whole lines made without the label test). Evidence (GA): nextcloud-json (round 13's untouched format, tuned from round 14):
 * background jobs split by whether they had arguments, 0.803 -> 0.861; LogHub and the other
 * formats unchanged.
 */
export const ABSENT_BESIDE_MASKED = true;
/**
 * DASH_BESIDE_MASKED: beside a masked value, a lone `-` is that slot's value left empty, in any slot:
 * nginx, Apache and their kin write `-` for a field a request did not fill (ingress-nginx's upstream
 * status of a request the client closed, `499 ... 10.244.2.100:80 17384 0.573 -`).
 */
export const DASH_BESIDE_MASKED = true;
const NO_VALUE_WORDS: ReadonlySet<string> = new Set(['null', 'None', 'nil', 'NULL']);
const LABELLED_SLOT = /(?:=|:\s*)["'{[(]*$/;

/** Whether a separator ends with a label for the value after it (ABSENT_BESIDE_MASKED). */
export function labelledSlot(pre: string): boolean {
  return LABELLED_SLOT.test(pre);
}
