// Where a line may hold a span: a stretch that is one value however many tokens it has. Four
// kinds: a quoted string (`"..."`, `'...'`, escaped `\"...\"` inside one), a tail after `: ` or
// after the line's last `key=`, a bracketed text that ends the line, and a description after
// ` - ` that follows a value. Whether a span of a context is a value is decided in spans.ts.

import type { Token } from './mask.js';
import { looksLikeValue as looksLikeValue_, HTTP_METHOD } from './value-context.js';

// module-local copies: imported bindings are read through a getter in hot loops
const looksLikeValue = looksLikeValue_;

/**
 * A span of a line that may be one value however many tokens it has: the content of a quoted
 * string (`"..."`, `'...'`), or a tail after `: ` (an error text, a statement). Once a context
 * (everything outside the span) has been seen with SPAN_QUOTED_VALUES / SPAN_TAIL_VALUES distinct
 * contents, the span is one variable in that context.
 */
export type SpanKind = 'q' | 't' | 'd' | 'b' | 'p';

/** Tails (t, d) run to the end of the line; a quoted span closes with its quote. */
export function isTail(kind: SpanKind): boolean {
  return kind === 't' || kind === 'd';
}

export interface SpanCandidate {
  /**
   * q: a quoted string; t: a tail after `: ` or the last `key=`; d: a description after ` - `
   * that follows a value; b: a text in square brackets or braces, p: one in parentheses
   * (BRACKETED_SPAN).
   */
  kind: SpanKind;
  start: number;
  /** Exclusive. */
  end: number;
  /**
   * Quoted spans closed after BEFORE_CLOSING_QUOTE: where the quote sits in the separator after
   * the span (`)"` closes at 1); bracketed spans: where their closing bracket sits. Contexts read
   * that separator from there on.
   */
  close?: number;
  /**
   * A tail after the last `key=` that is one word here (ONE_WORD_KEY_TAIL): its content counts in
   * its context, but only a context that has also held a tail of several words becomes a rule.
   */
  oneWord?: true;
}

/**
 * ONE_WORD_KEY_TAIL: the value after a line's last `key=` is a tail whatever its length, so a
 * context whose value is sometimes several words (`CN=Acme VPN CA`) and sometimes one (`CN=alice`)
 * holds one value: the one-word contents count towards SPAN_TAIL_VALUES once a several-word one was
 * seen. A context only ever seen with one word is left to the sibling rule (LogHub Linux keeps
 * `user=root` apart from `user=guest`: 0.993 -> 0.807 when one-word tails alone made rules).
 * Evidence: openvpn-server (tuned from round 10): `VERIFY OK: depth=<*>, CN=<*>` split in two.
 */
export const ONE_WORD_KEY_TAIL = true;

/**
 * Words the text right before a tail's colon must hold (since the previous `: `): a detail follows
 * a phrase ("TLS handshake error from <*>: EOF", "ms statement: SELECT ..."), while a module or
 * program name glued in one word ("pam_unix(sshd:auth): authentication failure; ...") introduces
 * the message itself.
 */
const MIN_TAIL_LEAD_WORDS = 2;
const WS_IN = /\s/;
const TAIL_SEP = /:\s/;
/**
 * A tail may open with a bracket (`succeeded in <*>: {'updated': 3}`, `: [1, 2]`): the colon's own
 * depth decides, not the depth after the separator. Evidence (ablation, GA): celery-worker (tuned
 * in round 4); LogHub and the other formats unchanged.
 */
export const TAIL_OPENS_BRACKET = true;
const OPENS_QUOTE_AFTER = /[\s=:([{,]/;

/**
 * Lower-case words that must end right before a plain line's first `: ` for a tail to start there:
 * a header ends with a tag ("sshd[42]:", "LOG:", BGL's "RAS KERNEL INFO ciod:", journal's "host
 * systemd[1]:"), so what follows is the message, while a phrase ("IP address <*> could not be
 * resolved: <reason>") puts the colon inside the message. Evidence (ablation, GA): MySQL error
 * log (tuned) 0.79 -> 1.00; LogHub Mac 0.951 -> 0.948, the rest unchanged; whole BGL lines (the
 * exact-answers corpus) keep "ciod:" as their header, which a count of words before the colon
 * did not.
 */
export const MIN_PHRASE_BEFORE_FIRST_COLON = 2;
const LOWER_WORD = /^[a-z][a-z-]*$/;

/**
 * The phrase may end with one value, whitespace apart ("succeeded in <*>: <result>", "failed after
 * <*>: <error>"): a header's tag never does (`systemd[1]:` glues its pid in brackets). Evidence
 * (ablation, GA): celery-worker (tuned in round 4); LogHub and the other formats unchanged.
 */
export const PHRASE_MAY_END_WITH_VALUE = true;

/**
 * VALUE_INSIDE_PHRASE: the phrase may hold one value between its words, whitespace apart ("failed
 * after <*> attempts: <error>", "closed since <*>s ago: <error>"), as it may end with one; a
 * header's tag never has a spaced value before its last word. Evidence: tomcat-catalina and
 * envoy-edge (tuned, round 8's untouched formats).
 */
export const VALUE_INSIDE_PHRASE = true;

/** Whether the tokens right before position i end with a phrase of lower-case words. */
function phraseBefore(tokens: readonly Token[], i: number): boolean {
  let words = 0;
  let j0 = i - 1;
  let values = 0;
  if (PHRASE_MAY_END_WITH_VALUE && j0 > 0 && tokens[j0].isVar && WS_ONLY.test(tokens[j0].pre)) {
    j0--;
    values++;
  }
  for (let j = j0; j >= 0 && words < MIN_PHRASE_BEFORE_FIRST_COLON; j--) {
    const t = tokens[j];
    if (VALUE_INSIDE_PHRASE && values === 0 && words > 0 && t.isVar && WS_ONLY.test(t.pre) && WS_ONLY.test(tokens[j + 1].pre)) {
      values++;
      continue;
    }
    if (t.isVar || !LOWER_WORD.test(t.text)) return false;
    words++;
    if (words < MIN_PHRASE_BEFORE_FIRST_COLON && !WS_ONLY.test(t.pre)) return false;
  }
  return words >= MIN_PHRASE_BEFORE_FIRST_COLON;
}

/**
 * LABEL_AFTER_SENTENCE: a capitalised label that opens a new sentence (`... for user 'sa'. Reason:
 * Password did not match ...`) introduces a detail, as a phrase before the colon does: a header
 * never ends its tag after a full stop. Evidence: mssql-errorlog (tuned, round 7's untouched
 * format): `Login failed for user '<*>'. Reason: <*>` split by reason into 4 templates.
 */
export const LABEL_AFTER_SENTENCE = true;
const LABEL_WORD = /^[A-Z][a-z]+$/;

function labelAfterSentence(tokens: readonly Token[], i: number): boolean {
  if (!LABEL_AFTER_SENTENCE || i < 2) return false;
  const label = tokens[i - 1];
  const before = tokens[i - 2];
  // the full stop is its own token after a quote (`'sa'.`) or ends the word before
  const stop = before.pre.endsWith('.') || (!before.isVar && before.text.endsWith('.'));
  return stop && !label.isVar && LABEL_WORD.test(label.text) && WS_ONLY.test(label.pre);
}

/**
 * A quoted string right after a header's closing `]` (or at the line start) that ends the line or
 * is followed by `key=` pairs is a structured logger's message (klog / logr `InfoS`: `file.go:42]
 * "SyncLoop ADD" source="api"`), not a value: its words name the event. Evidence (ablation,
 * GA): kubelet (tuned) 0.72 -> 0.93 ("SyncLoop ADD" / "UPDATE" / "DELETE" merged without it);
 * LogHub and the other formats unchanged.
 */
export const QUOTED_MESSAGE_AFTER_HEADER = /\]\s+["']$/;

/**
 * What may stand between a quoted value's last word and its closing quote in one separator:
 * closing brackets and escaped quotes (`output="... (Client.Timeout exceeded)"`, `err="...
 * \"back-off 5m0s\""`: the value ends with a bracket or an inner quoted string). Evidence
 * (ablation, GA): kubelet (tuned) 0.84 -> 0.93; LogHub and the other formats unchanged.
 */
export const BEFORE_CLOSING_QUOTE = /^(?:[)\]}>]|\\["'])+$/;

/**
 * Whether a separator closes the quote opened with `q` (escaped or not): 0 or the quote's offset
 * (after BEFORE_CLOSING_QUOTE) when it does, -1 when it does not close here, -2 when the separator
 * ends the span otherwise (an unescaped quote of the same kind elsewhere in it, or for an escaped
 * quote, the outer quote closing first).
 */
function closesAt(sep: string, q: string, escaped: boolean): number {
  if (escaped) {
    if (sep.startsWith('\\' + q)) return 0;
    for (let k = 0; k < sep.length; k++) if (sep[k] === q && sep[k - 1] !== '\\') return -2;
    return -1;
  }
  for (let k = 0; k < sep.length; k++) {
    if (sep[k] !== q || sep[k - 1] === '\\') continue;
    return k === 0 || BEFORE_CLOSING_QUOTE.test(sep.slice(0, k)) ? k : -2;
  }
  return -1;
}

/**
 * Quoted spans and tails of a line. `afterHeader`: a plain line's first `: ` may end its header
 * (MIN_PHRASE_BEFORE_FIRST_COLON): what follows is the message, not a detail of it, so no tail
 * starts there. A structured line's message has no header.
 */
export function spanCandidates(tokens: readonly Token[], post: string, afterHeader: boolean): SpanCandidate[] {
  const out: SpanCandidate[] = [];
  const n = tokens.length;
  // the last separator holding `=` or a quote, and the last one holding whitespace (FIELD_SEP)
  let lastField = -1;
  let lastSpaced = -1;
  for (let j = n - 1; j > 0 && (lastField < 0 || lastSpaced < 0); j--) {
    if (lastField < 0 && (FIELD_SEP.test(tokens[j].pre) || (COLUMN_PIPE && SPACED_PIPE.test(tokens[j].pre)))) lastField = j;
    if (lastSpaced < 0 && WS_IN.test(tokens[j].pre)) lastSpaced = j;
  }
  let depth = 0;
  let colons = afterHeader ? 0 : 1;
  // words (constants with a letter, after whitespace) since the last `: `
  let words = 0;
  for (let i = 0; i < n; i++) {
    const pre = tokens[i].pre;
    // the depth where the separator's colon stands (TAIL_OPENS_BRACKET), then after it
    let atColon = -1;
    const colon = TAIL_OPENS_BRACKET ? pre.search(TAIL_SEP) : -1;
    for (let k = 0; k < pre.length; k++) {
      if (k === colon) atColon = depth;
      const ch = pre[k];
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
    }
    if (colon < 0) atColon = depth;
    // a colon inside brackets ("[instance: <id>] message") labels a value, it does not open a tail
    if (i > 0 && atColon === 0 && TAIL_SEP.test(pre)) {
      if ((colons > 0 || phraseBefore(tokens, i) || labelAfterSentence(tokens, i)) && words >= MIN_TAIL_LEAD_WORDS)
        out.push({ kind: 't', start: i, end: n });
      colons++;
      words = 0;
    }
    if (!tokens[i].isVar && (i === 0 || WS_IN.test(pre)) && HAS_LETTER.test(tokens[i].text)) words++;
    if (depth === 0 && i === lastField && pre.endsWith('=') && lastSpaced > i) out.push({ kind: 't', start: i, end: n });
    else if (ONE_WORD_KEY_TAIL && depth === 0 && i === lastField && i === n - 1 && pre.endsWith('='))
      out.push({ kind: 't', start: i, end: n, oneWord: true });
    if (depth === 0 && i > 1 && isDescriptionDash(tokens, i)) out.push({ kind: 'd', start: i, end: n });
    if (i > 0 && pre.length > 1 && BRACKETED_SPAN.test(pre)) {
      const b = bracketSpan(tokens, post, i);
      if (b) out.push(b);
    }
    // a quote opens a span after whitespace, `=`, `:` or a bracket (or at the line start); an
    // escaped quote (`\"`) opens one inside a quoted value
    let qa = pre.length - 1;
    if (QUOTE_OPENS_BRACKET) while (qa > 0 && OPENING.includes(pre[qa])) qa--;
    const q = pre[qa];
    if (q !== '"' && q !== "'") continue;
    const escaped = qa >= 1 && pre[qa - 1] === '\\';
    const before = pre[qa - (escaped ? 2 : 1)];
    if (before !== undefined ? !OPENS_QUOTE_AFTER.test(before) : i > 0) continue;
    if (q === '"' && !escaped && HTTP_METHOD.test(tokens[i].text)) continue;
    for (let j = i + 1; j <= n; j++) {
      const sep = j < n ? tokens[j].pre : post;
      const at = closesAt(sep, q, escaped);
      if (at === -1) continue;
      if (at >= 0 && !(afterHeader && !escaped && isHeaderMessage(tokens, post, i, j))) {
        out.push(at > 0 ? { kind: 'q', start: i, end: j, close: at } : { kind: 'q', start: i, end: j });
      }
      break;
    }
  }
  return out;
}

/**
 * A bracketed text opened after whitespace (`policy [logs]`, `cause [auto(bulk api)]`, `(reason:
 * removing member ...)`, `{host|agent}`) and closed by its matching bracket is one span: logs
 * that write parameters without keys put them in brackets, as others quote them. Square brackets
 * and braces (kind b) are one value after SPAN_QUOTED_VALUES contents; parentheses (kind p) hold
 * asides as often as values ("Reason 1 (Unspecified)"), so they take SPAN_TAIL_VALUES. Brackets
 * nest; one that opens a call (`f(x)`) or a header's `name[pid]` follows no whitespace; a bracket
 * holding `key=` pairs is a record whose keys tell statements apart (Android's `Intent { act=...
 * }`), and parentheses holding a comma list are one (SQL's `(id, payload)`). Evidence (ablation,
 * GA): Elasticsearch 0.56 -> 0.95, Kafka 0.83 -> 0.93, HAProxy 0.17 -> 0.92 (tuned in round 3), nginx
 * 0.996 -> 1.000; LogHub 0.9840 -> 0.9834 (Thunderbird 0.990 -> 0.982, whose truth keeps `(root) CMD
 * (<command>)` apart by command; Mac 0.948 -> 0.946).
 */
export const BRACKETED_SPAN = /\s[[({]/;

/** The bracketed span that opens in token i's separator (BRACKETED_SPAN), if it closes. */
function bracketSpan(tokens: readonly Token[], post: string, i: number): SpanCandidate | undefined {
  const pre = tokens[i].pre;
  const m = BRACKETED_SPAN.exec(pre);
  if (!m) return undefined;
  const open = pre[m.index + 1];
  let depth = 0;
  for (let k = m.index + 1; k < pre.length; k++) depth += bracketStep(pre[k]);
  if (depth <= 0) return undefined;
  for (let j = i + 1; j <= tokens.length; j++) {
    const sep = j < tokens.length ? tokens[j].pre : post;
    for (let k = 0; k < sep.length; k++) {
      depth += bracketStep(sep[k]);
      if (depth > 0) continue;
      const kind = open === '(' ? 'p' : 'b';
      if (CAPITAL_TAG && open === '[' && capitalTag(tokens, i, j)) return undefined;
      if (LABELLED_BRACKET && open === '[' && labelled(tokens, i, j)) return k > 0 ? { kind, start: i + 1, end: j, close: k } : { kind, start: i + 1, end: j };
      return k > 0 ? { kind, start: i, end: j, close: k } : { kind, start: i, end: j };
    }
    // inside the span: a `key=` pair makes it a record, a comma list in parentheses a list
    if (j < tokens.length && ((sep.includes('=') && KEY_PAIR_SEP.test(sep)) || (open === '(' && sep.includes(',')))) return undefined;
  }
  return undefined;
}

/**
 * CAPITAL_TAG: square brackets around two or more capitalised words and nothing else (`[UFW
 * BLOCK]`, `[UFW LIMIT BLOCK]`, `[UFW AUDIT]`: a firewall rule's log prefix) are a tag that names the
 * event, not a value: they do not collapse into one (BRACKETED_SPAN). Evidence (GA): ufw-kernel
 * (round 15's, tuned from round 16) 0.484 -> 0.946; LogHub and the other formats unchanged.
 */
export const CAPITAL_TAG = true;
const CAPITAL_WORD = /^[A-Z][A-Z0-9_-]*$/;

function capitalTag(tokens: readonly Token[], i: number, j: number): boolean {
  if (j - i < 2) return false;
  for (let k = i; k < j; k++) {
    const t = tokens[k];
    if (t.isVar || !CAPITAL_WORD.test(t.text) || (k > i && !WS_ONLY.test(t.pre))) return false;
  }
  return true;
}

/**
 * QUOTE_OPENS_BRACKET: a quoted string whose text opens with a bracket (`"(http_inspect) too many
 * pipelined requests"`, `"[WARN] disk low"`) is a quoted string as any other: the quote is found
 * behind the brackets that follow it. Evidence: snort3-fast (round 17's untouched format, tuned
 * from round 18): its inspector alerts, whose messages open with the inspector's name, were one
 * template per message: 0.111 -> 0.168 alone, 1.000 with LABELLED_BRACKET and CLOSED_BEFORE_SPAN
 * (spans.ts); LogHub and the other formats unchanged.
 */
export const QUOTE_OPENS_BRACKET = true;
const OPENING = '([{';

/**
 * LABELLED_BRACKET: square brackets that open with one label word and `: ` (`[Classification:
 * Attempted Information Leak]`, `[AppID: HTTP]`, `[Priority: 1]`) hold a labelled field: the
 * label is the statement's (a layout with the field differs from one without it) and only what
 * follows it is the span. Taken whole, the span hid the label, so a line with one more such field
 * read as an optional value and two layouts met (align.ts). Evidence: snort3-fast (round 17's
 * untouched format, tuned from round 18): 1,481 lines of two layouts in one template; no GA change
 * alone (the layouts' own groups still split by message), 1.000 with the two rules beside it.
 */
export const LABELLED_BRACKET = true;
const BRACKET_LABEL = /^[A-Za-z][A-Za-z0-9_-]*$/;

function labelled(tokens: readonly Token[], i: number, j: number): boolean {
  return j - i >= 2 && !tokens[i].isVar && BRACKET_LABEL.test(tokens[i].text) && tokens[i + 1].pre === ': ';
}

/**
 * RUBY_HASH_ARROW: `=` makes a `key=` pair, but not in `=>`: a Ruby Hash as `inspect` prints it
 * (`{"id"=>"9412", "page"=>"2"}`: Rails' `Parameters:`, ActiveJob's arguments, Sidekiq's args) is
 * data, one value like a JSON object, not a record whose keys name the statement. Evidence:
 * README.md, round 7.
 */
const KEY_PAIR_SEP = /=(?!>)/;

function bracketStep(ch: string): number {
  return ch === '(' || ch === '[' || ch === '{' ? 1 : ch === ')' || ch === ']' || ch === '}' ? -1 : 0;
}

/**
 * The value of a line's last `key=` runs to the end of the line when whitespace-separated words
 * follow it and no other field does (no later separator matches FIELD_SEP: sudo's
 * `COMMAND=/usr/bin/apt-get update`, a command line or a message as the last field): it is a tail
 * like the detail after `: `. Evidence (ablation, GA): systemd journal (tuned) 0.89 -> 0.92 (sudo
 * lines); LogHub and the other formats unchanged.
 */
export const FIELD_SEP = /[="']/;
/**
 * COLUMN_PIPE: a pipe with whitespace on both sides (` | `) separates columns (Ansible's
 * `p=<pid> u=<user> n=ansible | <message>`, loguru's `time | LEVEL | where - message`), so the
 * last `key=` before one is not a tail running over the message. Evidence: ansible (tuned from
 * round 13) 0.000 -> 0.350; LogHub and the other formats unchanged.
 */
export const COLUMN_PIPE = true;
const SPACED_PIPE = /\s\|\s/;

/**
 * A description after ` - ` that follows a value (systemd's `Finished apt-daily.service - Daily
 * apt download activities.`, `name - title` lists): the text names the value, so it varies with
 * it; a tail of kind d, one value after SPAN_TAIL_VALUES contents, with at least
 * MIN_DESCRIPTION_CONTEXT_CONSTANTS constant words before it. Evidence (ablation, GA): systemd
 * journal (tuned) 0.81 -> 0.92; LogHub and the other formats unchanged.
 */
export const DESCRIPTION_DASH = '-';
export const MIN_DESCRIPTION_CONTEXT_CONSTANTS = 2;
/**
 * A description is prose: its first token is a constant word with a letter. A `-` followed by
 * another `-` or a code is a placeholder in a record of fields (HAProxy's httplog writes `- -` for
 * absent cookies, then `----` and counters), not a title. Evidence (ablation, GA): HAProxy
 * (tuned in round 3) 0.17 -> 0.92; LogHub, the journal and the other formats unchanged.
 */
export const DESCRIPTION_STARTS_WITH_WORD = /^[A-Za-z]+(?:['-][A-Za-z]+)*[.,:!?]?$/;

/** Token i follows a lone `-` (whitespace both sides) that follows a value. */
function isDescriptionDash(tokens: readonly Token[], i: number): boolean {
  const dash = tokens[i - 1];
  const before = tokens[i - 2];
  return (
    dash.text === DESCRIPTION_DASH &&
    !dash.isVar &&
    WS_ONLY.test(dash.pre) &&
    WS_ONLY.test(tokens[i].pre) &&
    (before.isVar || looksLikeValue(before.text)) &&
    !tokens[i].isVar &&
    DESCRIPTION_STARTS_WITH_WORD.test(tokens[i].text)
  );
}
const WS_ONLY = /^\s+$/;

/** QUOTED_MESSAGE_AFTER_HEADER: the quoted span [i, j) opens the message and ends it or pairs follow. */
function isHeaderMessage(tokens: readonly Token[], post: string, i: number, j: number): boolean {
  if (i > 0 && !QUOTED_MESSAGE_AFTER_HEADER.test(tokens[i].pre)) return false;
  if (j >= tokens.length) return post.trim().length <= 1;
  return /^["']\s+$/.test(tokens[j].pre) && j + 1 < tokens.length && tokens[j + 1].pre.startsWith('=');
}

/** Constant words (with a letter: `-` and `|` are not words) before a position. */
export function constantsBefore(tokens: readonly Token[], end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (!tokens[i].isVar && HAS_LETTER.test(tokens[i].text)) n++;
  return n;
}
const HAS_LETTER = /[A-Za-z]/;

/**
 * A span's kind and where it starts (tokens before it): the index of rules' spans. SHAPE_BY_START:
 * not where it ends too, since another span after it may be collapsed or not, or hold another
 * number of tokens, in lines of one statement (Elasticsearch's `from [RED] to [GREEN] (reason:
 * [...])`); the context still decides. Evidence (ablation, GA): Elasticsearch (tuned in round 3)
 * 0.88 -> 0.95; LogHub and the other formats unchanged.
 */
export function spanShape(tokens: readonly Token[], c: SpanCandidate, cands?: readonly SpanCandidate[]): string {
  const start = SHAPE_READS_SPANS_AS_ONE && cands ? unitsBefore(c, cands) : c.start;
  return SHAPE_BY_START || isTail(c.kind) ? `${c.kind}${start}` : `${c.kind}${start}:${tokens.length - c.end}`;
}
/**
 * SHAPE_READS_SPANS_AS_ONE: where a span starts counts each other span before it as one token, as
 * its context does (spans.ts spanContext), so a rule made on a line whose quoted item was three
 * tokens still fires once that quote is collapsed to one (Zabbix's `item "web-01:vfs.fs.size[/var,
 * pfree]" became not supported: <reason>`: the reason's tail rule sat at token 10, the collapsed
 * lines had it at 8, and every line after the rule kept its reason). Evidence: zabbix-server
 * (tuned from round 10).
 */
export const SHAPE_READS_SPANS_AS_ONE = true;

/** Tokens before c, each other (non-tail) span before it counted as one. */
function unitsBefore(c: SpanCandidate, cands: readonly SpanCandidate[]): number {
  let n = 0;
  for (let i = 0; i < c.start; i++) {
    let end = -1;
    for (const o of cands) if (o !== c && !isTail(o.kind) && o.start === i && o.end <= c.start && o.end > end) end = o.end;
    if (end > 0) i = end - 1;
    n++;
  }
  return n;
}
export const SHAPE_BY_START = true;

/** A shape as SHAPE_BY_START writes it (states saved before round 3 hold `q5:3`). */
export function normalizeShape(shape: string): string {
  return SHAPE_BY_START ? shape.replace(/:\d+$/, '') : shape;
}

export function spanHasConstant(tokens: readonly Token[], c: SpanCandidate): boolean {
  for (let i = c.start; i < c.end; i++) if (!tokens[i].isVar) return true;
  return false;
}
