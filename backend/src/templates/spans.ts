// Span rules: a span's *context* is everything outside it (span-candidates.ts finds the spans);
// once a context has been seen with enough distinct contents, it becomes a rule and the span
// collapses into one variable in every later line of that context. SpanRules holds the rules, the
// contexts not yet decided and where rules' spans sit; the miner places and merges (miner.ts).

import type { Token } from './mask.js';
import { SEP as SEP_, WILDCARD as WILDCARD_ } from './group.js';
import {
  MIN_DESCRIPTION_CONTEXT_CONSTANTS,
  constantsBefore,
  isTail,
  spanCandidates,
  spanHasConstant,
  spanShape,
  normalizeShape,
  type SpanCandidate,
  type SpanKind,
} from './span-candidates.js';
import { looksLikeValue as looksLikeValue_ } from './value-context.js';

// module-local copies: imported bindings are read through a getter in hot loops
const looksLikeValue = looksLikeValue_;
const SEP: string = SEP_;
const WILDCARD: string = WILDCARD_;
const WS_IN = /\s/;
const HAS_LETTER = /[A-Za-z]/;

/**
 * Distinct contents that make a quoted span one value: two. A quoted string is how a statement
 * marks a parameter (`user "report"`, `volume "config"`, `"Mozilla/5.0 (X11; ...)"`); evidence:
 * PostgreSQL, Kubernetes events, nginx (generality set). The HTTP request line, quoted in access
 * logs, is excluded: its method names the request (mask.ts masks its target).
 */
export const SPAN_QUOTED_VALUES = 2;
/**
 * Distinct contents that make a tail after `: ` one value: three. A detail after a colon is an
 * error text or a statement with a handful of values (Go's wrapped errors, probe outputs,
 * PostgreSQL's `statement: ...`), while two values are as often two outcomes ("status is now:
 * NodeReady" / "NodeNotReady", Mac's "ExternalConnected: Yes" / "No").
 */
export const SPAN_TAIL_VALUES = 3;
/**
 * Distinct contents that make a tail one value when they are phrases (two words or more) with no
 * word in common: two. An outcome is a word ("NodeReady", "Yes"); two unrelated sentences after a
 * colon are reasons or error texts ("could not be resolved: Name or service not known" /
 * "Temporary failure in name resolution"), while phrases sharing words differ inside one sentence
 * ("Wake on Scan offload" / "Wake on TCP Timeout", LogHub Mac: two statements). Evidence
 * (ablation, GA): MySQL error log (tuned) 0.85 -> 1.00; LogHub BGL 0.985 -> 0.984, the rest
 * unchanged (without the shared-word test, OpenSSH 1.00 -> 0.98 and Mac 0.948 -> 0.940).
 */
export const SPAN_TAIL_PHRASE_VALUES = 2;
/**
 * SPAN_TAIL_PHRASE_VALUES holds for parentheses too, and phrases may share their first word: two
 * reasons in parentheses ("(Connection refused)" / "(Connection timed out)") are an error text, as
 * after a colon, when a statement stands before them (as many constant words as a tail's context
 * needs: `<*> (Kernel Module GPG key)` alone is LogHub Thunderbird's, whose truth keeps such
 * lines apart); phrases sharing a later word still differ inside one sentence. Evidence
 * (ablation, GA): fluent-bit (tuned in round 4); LogHub and the other formats unchanged.
 */
export const PHRASES_IN_PARENTHESES = true;
/**
 * Constant words a tail's context must hold before the colon: a header alone (`<*> UTC [<*>]
 * LOG:`, `sshd[<*>]:`) is not a statement, and every message after it would be one "tail". Four
 * in a plain line: the header's one or two words plus at least two of the message (PostgreSQL
 * `LOG: duration: <*> ms statement:`, zap `http: TLS handshake error from <*>:`); three in a
 * structured line's message, which has no header (Kubernetes `Readiness probe failed:`). Three in
 * plain lines costs LogHub BGL 0.03 GA, whose truth keeps `ciod: Error loading <*>: <reason>`
 * apart by reason.
 */
const MIN_TAIL_CONTEXT_CONSTANTS = 4;
const MIN_TAIL_CONTEXT_CONSTANTS_STRUCTURED = 3;
const WS = /\s/;
/**
 * VALUE_HEADER_TAIL: a plain line whose header is values only (a time, then a client's address:
 * OpenVPN's `2024-06-12 10:00:04 81.86.14.139:47612 peer info: IV_PLAT=mac`) has no header word
 * to discount, so the message's own two words before the colon make a statement's context.
 * Evidence: openvpn-server (round 9's untouched format, tuned from round 10): `peer info: <*>` split
 * into 8 templates by its detail.
 */
export const VALUE_HEADER_TAIL = true;
/** ... and its message's phrase before the colon has at least this many lower-case words. */
const MIN_TAIL_CONTEXT_CONSTANTS_VALUE_HEADER = 2;
/**
 * VALUE_HEADER_TAIL: values up to the first constant, then only lower-case words up to the tail
 * (at least one value before them: a line that starts with its message is not this).
 */
function valueHeaderPhrase(tokens: readonly Token[], start: number): boolean {
  let i = 0;
  while (i < start && tokens[i].isVar) i++;
  if (i === 0) return false;
  for (let j = i; j < start; j++) if (tokens[j].isVar || !PHRASE_WORD.test(tokens[j].text)) return false;
  return start - i >= MIN_TAIL_CONTEXT_CONSTANTS_VALUE_HEADER;
}
const PHRASE_WORD = /^[a-z][a-z-]*$/;
/**
 * MASKED_CONTENT_COUNTS: a span whose content this line masks whole (`[Catalina-utility-2]` is one
 * masked token, `[main]` a word) is still a content of its context: two threads in a header's
 * brackets are two values whichever of them the masks caught. Without it only the word was ever
 * seen and the span never became a value. Evidence (ablation, GA): tomcat-catalina 0.847 -> 0.865,
 * kubelet 0.934 -> 1.000, rails 0.593 -> 0.625 (tuned); LogHub Thunderbird 0.981 -> 0.979
 * (average 0.9832 -> 0.9831), the rest unchanged.
 */
export const MASKED_CONTENT_COUNTS = true;
/** Spans collapsed per line at most (each collapse re-reads the others' contexts). */
const MAX_SPAN_ROUNDS = 8;

function tokensKey(tokens: readonly Token[], s: number, e: number): string {
  let k = '';
  for (let i = s; i < e; i++)
    k += (i === s ? '' : tokens[i].pre) + SEP + (tokens[i].isVar ? WILDCARD : tokens[i].text) + SEP;
  return k;
}

/**
 * Everything outside the span (the namespace, the tokens before and after it, separators), with
 * the other places that hold values read as one value each: other quoted strings and `key=`
 * values. A context is a statement with one open slot; its other slots must not tell it apart.
 */
export function spanContext(
  ns: string,
  tokens: readonly Token[],
  post: string,
  c: SpanCandidate,
  spans: readonly SpanCandidate[]
): string {
  let k = c.kind + SEP + ns + SEP;
  const end = isTail(c.kind) ? c.start : tokens.length;
  for (let i = 0; i < end; i++) {
    if (i === c.start) {
      k += '|' + tokens[i].pre + '|';
      i = c.end - 1;
      continue;
    }
    const other = spans.find(
      (o) =>
        !isTail(o.kind) &&
        o !== c &&
        o.start === i &&
        (o.end <= c.start || o.start >= c.end) &&
        !(ASIDE_IN_CONTEXT && o.kind === 'p' && labelsValues(tokens, o))
    );
    if (other) {
      k += (CLOSED_BEFORE_SPAN ? afterSpan(tokens[i].pre, i, c, spans) : tokens[i].pre) + SEP + WILDCARD + SEP;
      i = other.end - 1;
      continue;
    }
    const t = tokens[i];
    k +=
      afterSpan(t.pre, i, c, spans) +
      SEP +
      (t.isVar || t.pre.endsWith('=') || looksLikeValue(t.text) ? WILDCARD : t.text) +
      SEP;
  }
  if (!isTail(c.kind)) k += afterSpan(post, tokens.length, c, spans);
  else k += '|' + tailOpening(tokens[c.start].pre)[0] + '|';
  return PADDING_RUNS ? k.replace(PADDING_RUN, '$1$1$1') : k;
}

/**
 * ASIDE_IN_CONTEXT: another span in parentheses is read word by word in a span's context, not as
 * one value: an aside may be a sentence with parameters (SPAN_SKELETON), whose layouts (`(from
 * client <*> port <*> cli <*>)` with ` via TLS tunnel` or without) are other statements, and a
 * rule made on the context would merge them. Quoted and square-bracketed spans stay one value.
 * Evidence: freeradius (round 16's, tuned from round 17) 0.237 -> 0.792 beside SPAN_SKELETON; LogHub and
 * the other formats unchanged.
 */
export const ASIDE_IN_CONTEXT = true;

/** An aside that names SKELETON_WORDS values with words (`port <*>`, `cli <*>`): a sentence, not a value. */
function labelsValues(tokens: readonly Token[], o: SpanCandidate): boolean {
  let n = 0;
  for (let i = o.start + 1; i < o.end; i++) {
    const w = tokens[i - 1];
    if (tokens[i].isVar && !w.isVar && HAS_LETTER.test(w.text) && WS_ONLY.test(tokens[i].pre) && ++n >= SKELETON_WORDS) return true;
  }
  return false;
}
const WS_ONLY = /^\s+$/;

/**
 * PADDING_RUNS: a run of one filler character (`*`, `-`, `=`, `.`, `#`, `~`, `_` or spaces) pads a
 * value to a column, so its length follows the value's length; a context reads any run of four or
 * more as one. Ansible's banners (`TASK [<name>] ****` to 80 columns) and aligned recap columns
 * held one context per name length. Evidence: ansible (tuned from round 13) 0.350 -> 0.371; LogHub
 * and the other formats unchanged.
 */
export const PADDING_RUNS = true;
const PADDING_RUN = /([*\-=.#~_ ])\1{3,}/g;

/**
 * A tail's separator split where the tail starts: `: ` belongs to the context, what opens the
 * value after it (`'`, `{'`, `[`) to the content, so "succeeded in <*>: None", ": 's3://...'" and
 * ": {'updated': 3}" are one context with three contents. Evidence (ablation, GA): celery-worker
 * (tuned in round 4); LogHub and the other formats unchanged.
 */
export const TAIL_OPENING_IN_CONTENT = true;
const TAIL_OPENING = /^(.*:\s+)(\S+)$/;

function tailOpening(pre: string): [string, string] {
  const m = TAIL_OPENING_IN_CONTENT ? TAIL_OPENING.exec(pre) : null;
  return m ? [m[1], m[2]] : [pre, ''];
}

/**
 * CLOSED_BEFORE_SPAN: where a quoted span that closes after a bracket (`"... (CVE-<*>)" [**]`)
 * is followed at once by another span, that span's separator is read from the closing quote on
 * too, as any other token's is: the `)` is the value's own. Evidence: snort3-fast (round 17's
 * untouched format, tuned from round 18): a message ending in `(CVE-<id>)` had a context of its own
 * and stayed apart from the other messages of its layout (29 lines).
 */
export const CLOSED_BEFORE_SPAN = true;

/** The separator at position i, from the closing quote on when a quoted span ends there. */
function afterSpan(sep: string, i: number, c: SpanCandidate, spans: readonly SpanCandidate[]): string {
  const q = c.end === i && c.close ? c : spans.find((o) => o.end === i && o.close);
  return q?.close ? sep.slice(q.close) : sep;
}

export function spanContent(tokens: readonly Token[], post: string, c: SpanCandidate): string {
  if (!isTail(c.kind)) return tokensKey(tokens, c.start, c.end);
  return tailOpening(tokens[c.start].pre)[1] + tokensKey(tokens, c.start, c.end) + post;
}

/** Distinct contents that make a family's span one value (SPAN_*_VALUES). */
function spanValues(kind: SpanKind, contents: ReadonlySet<string>, statement: boolean): number {
  if (kind === 'q' || kind === 'b') return SPAN_QUOTED_VALUES;
  if (kind === 'd' || (kind === 'p' && !(PHRASES_IN_PARENTHESES && statement))) return SPAN_TAIL_VALUES;
  if (contents.size < SPAN_TAIL_PHRASE_VALUES) return SPAN_TAIL_VALUES;
  const phrases = [...contents].map(phraseWords);
  // a first word all of them share is the phrase's head ("Connection refused" / "Connection timed out")
  const head = PHRASES_IN_PARENTHESES ? phrases[0][0] : undefined;
  const shareHead = head !== undefined && phrases.every((w) => w[0] === head);
  const seen = new Set<string>();
  for (const all of phrases) {
    if (all.length < 2) return SPAN_TAIL_VALUES;
    const words = shareHead ? all.slice(1) : all;
    // phrases that share a word differ inside one sentence: the sibling rule decides that
    for (const w of new Set(words)) {
      if (seen.has(w)) return SPAN_TAIL_VALUES;
      seen.add(w);
    }
  }
  return SPAN_TAIL_PHRASE_VALUES;
}

/**
 * SPAN_SKELETON: contents of a span in parentheses that all hold the same SKELETON_WORDS or more
 * words (`(from client <*> port <*> cli <*>)`, with ` via TLS tunnel` or without) are an aside
 * written with parameters, not one value: the span stays open, the sibling rule finds its
 * parameters word by word, and lines of another layout stay apart. Reasons in parentheses share
 * fewer words (`(Connection refused)` / `(Connection timed out)`: one). Quoted strings, square
 * brackets and tails are left as they were: their contents repeat words as values do (coredns'
 * quoted query `"A IN <*> udp <*> ..."` 0.94 -> 0.04, MySQL's replication errors after `: `
 * 1.00 -> 0.65, Kafka Connect's offset maps after `: {` 0.85 -> 0.75 with them). Evidence:
 * freeradius (round 16's, tuned from round 17) 0.200 -> 0.237 alone, 0.792 with ASIDE_IN_CONTEXT (which alone moves nothing);
 * LogHub and the other formats unchanged.
 */
export const SPAN_SKELETON = true;
export const SKELETON_WORDS = 2;
function sharedSkeleton(contents: ReadonlySet<string>): boolean {
  let shared: Set<string> | undefined;
  for (const c of contents) {
    const words = new Set(phraseWords(c));
    if (shared === undefined) shared = words;
    else for (const w of shared) if (!words.has(w)) shared.delete(w);
    if (shared.size < SKELETON_WORDS) return false;
  }
  return shared !== undefined && shared.size >= SKELETON_WORDS;
}

/** The constant words of a span content (tokensKey), those after whitespace or first. */
function phraseWords(content: string): string[] {
  // tokensKey: [pre] SEP text SEP, per token (no pre for the first)
  const parts = content.split(SEP);
  const words: string[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const text = parts[i + 1];
    if (text !== WILDCARD && HAS_LETTER.test(text) && (i === 0 || WS_IN.test(parts[i]))) words.push(text);
  }
  return words;
}

/** The line with a span as one variable (a tail takes the line's trailing separators with it). */
export function collapseSpan(
  tokens: readonly Token[],
  post: string,
  c: SpanCandidate
): { tokens: Token[]; post: string } {
  const out = [...tokens.slice(0, c.start), { text: WILDCARD, isVar: true, pre: tokens[c.start].pre }];
  if (isTail(c.kind)) return { tokens: out, post: '' };
  const rest = tokens.slice(c.end);
  // what stood before the closing quote was part of the value
  if (c.close) {
    if (rest.length > 0) rest[0] = { ...rest[0], pre: rest[0].pre.slice(c.close) };
    else post = post.slice(c.close);
  }
  return { tokens: [...out, ...rest], post };
}

/** A span rule just made: the line with the span collapsed, and the sub-templates it replaces. */
export interface NewSpanRule {
  tokens: Token[];
  post: string;
  subs: number[];
}

/** Serialised span rules (MinerState version 3). */
export interface SpanState {
  rules: string[];
  shapes: string[];
  families: Array<[string, string[], number[]]>;
}

export class SpanRules {
  /** Span contexts whose span is one variable. */
  private readonly rules = new Set<string>();
  /** Where rules' spans sit (spanShape): a line's span with no rule of its shape needs no context. */
  private readonly shapes = new Set<string>();
  /** Undecided span contexts: the distinct span contents seen, and the sub-templates holding them. */
  private readonly families = new Map<string, { contents: Set<string>; subs: number[] }>();

  /** Number of rules (a change in it tells the miner a rule was made). */
  get size(): number {
    return this.rules.size;
  }

  /**
   * Collapse every span of the line whose context is a rule into one variable (repeatedly:
   * collapsing one span changes the others' contexts).
   */
  collapse(ns: string, tokens: Token[], post: string): { tokens: Token[]; post: string } {
    for (let round = 0; round < MAX_SPAN_ROUNDS; round++) {
      let hit: SpanCandidate | undefined;
      const cands = spanCandidates(tokens, post, ns === '');
      for (const c of cands) {
        if (c.end - c.start === 1 && tokens[c.start].isVar) continue;
        if (!this.shapes.has(spanShape(tokens, c, cands))) continue;
        if (this.rules.has(spanContext(ns, tokens, post, c, cands))) {
          hit = c;
          break;
        }
      }
      if (!hit) break;
      ({ tokens, post } = collapseSpan(tokens, post, hit));
    }
    return { tokens, post };
  }

  /**
   * Record a new sub-template's spans. When a context's span has now taken enough distinct
   * contents it becomes a rule: returned, with the line collapsed and the sub-templates that the
   * collapsed template replaces (at most one rule per call).
   */
  note(ns: string, tokens: readonly Token[], post: string, subId: number): NewSpanRule | undefined {
    const cands = spanCandidates(tokens, post, ns === '');
    for (const c of cands) {
      if (!MASKED_CONTENT_COUNTS && !spanHasConstant(tokens, c)) continue;
      if (c.oneWord && tokens[c.start].isVar) continue;
      if (
        c.kind === 't' &&
        constantsBefore(tokens, c.start) <
          (ns === '' ? (VALUE_HEADER_TAIL && valueHeaderPhrase(tokens, c.start) ? MIN_TAIL_CONTEXT_CONSTANTS_VALUE_HEADER : MIN_TAIL_CONTEXT_CONSTANTS) : MIN_TAIL_CONTEXT_CONSTANTS_STRUCTURED)
      )
        continue;
      if (c.kind === 'd' && constantsBefore(tokens, c.start) < MIN_DESCRIPTION_CONTEXT_CONSTANTS) continue;
      const ctx = spanContext(ns, tokens, post, c, cands);
      if (this.rules.has(ctx)) continue;
      let fam = this.families.get(ctx);
      if (!fam) this.families.set(ctx, (fam = { contents: new Set(), subs: [] }));
      fam.contents.add(spanContent(tokens, post, c));
      fam.subs.push(subId);
      const statement =
        c.kind === 'p' &&
        constantsBefore(tokens, c.start) >=
          (ns === '' ? MIN_TAIL_CONTEXT_CONSTANTS : MIN_TAIL_CONTEXT_CONSTANTS_STRUCTURED);
      if (fam.contents.size < spanValues(c.kind, fam.contents, statement)) continue;
      if (SPAN_SKELETON && c.kind === 'p' && sharedSkeleton(fam.contents)) continue;
      // ONE_WORD_KEY_TAIL: one-word values alone are the sibling rule's to decide
      if (c.oneWord && ![...fam.contents].some((x) => WS.test(x))) continue;
      this.rules.add(ctx);
      this.shapes.add(spanShape(tokens, c, cands));
      this.families.delete(ctx);
      return { ...collapseSpan(tokens, post, c), subs: fam.subs };
    }
    return undefined;
  }

  toState(): SpanState {
    return {
      rules: [...this.rules],
      shapes: [...this.shapes],
      families: [...this.families.entries()].map(([k, f]) => [k, [...f.contents], [...f.subs]]),
    };
  }

  static fromState(state: Partial<SpanState> | undefined): SpanRules {
    const s = new SpanRules();
    for (const r of state?.rules ?? []) s.rules.add(r);
    for (const r of state?.shapes ?? []) s.shapes.add(normalizeShape(r));
    for (const [k, contents, subs] of state?.families ?? [])
      s.families.set(k, { contents: new Set(contents), subs: [...subs] });
    return s;
  }
}
