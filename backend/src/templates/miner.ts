// Online, streaming template miner.
//
// Structure (in the manner of Drain, He et al. ICWS 2017): a line is masked and split (mask.ts),
// bucketed by token count, and matched by positional similarity to the best *group* of that
// length. A group is a coarse cluster; inside it, the template a line gets is its *sub-template*:
// the group's variable positions become <*>, every other position keeps the line's token (a
// masked value such as a number counts as the token `<*>`).
//
// When does a position become a variable? Drain generalises on the first mismatch, which merges
// "Failed password" with "Accepted password" and "Link Up" with "Link Down". Following the idea
// behind Brain (Yu et al., TSC 2023) -- constants are the tokens a family of lines shares,
// variables are the positions with many distinct values -- a position becomes variable once
// `variableAfter` sub-templates agree on everything but that position. Sub-templates that become
// equal then merge, and a new sub-template that matches one of another length (an optional or
// multi-token value) is linked to it. Merged ids stay resolvable with `resolve()`, so ids
// already handed out (and stored) keep their meaning.
//
// Beyond that sibling rule, three things keep parameters with few values from splitting a
// statement (each with its evidence where it is defined):
// - structured lines (structured.ts): a JSON, logfmt or access-log line is mined by its message
//   field only, in a namespace of its key set; every other field is a slot;
// - value contexts (valueContext): after `key=`, a whole quoted string, the word after an entity
//   noun; two values there make a variable when another slot of the line varies too;
// - spans (spanCandidates): a quoted string or a tail after `: ` is one value once its context has
//   held SPAN_QUOTED_VALUES / SPAN_TAIL_VALUES different contents (user agents, error texts).

import { tokenize, isHostName, WILDCARD as WILDCARD_EXPORT, type Token } from './mask.js';
import { parseStructured, renderStructured } from './structured.js';

// a module-local copy: imported bindings are read through a getter in hot loops
const WILDCARD: string = WILDCARD_EXPORT;

export interface MinerOptions {
  /** Minimum positional similarity for a line to join a group of its length. */
  similarity: number;
  /** Distinct values that, all else equal, make a position variable. */
  variableAfter: number;
  /** A position is never made variable if the template would keep fewer constants than this share. */
  minConstantShare: number;
  /** Bound on the exact-match cache (line signature -> sub-template). */
  cacheSize: number;
  /** Largest token-count difference at which templates of different lengths may be joined. */
  maxLengthDelta: number;
  /** Share of the constants (of the template with more) that must align to join across lengths. */
  minAnchorShare: number;
  /** Tokens kept per line; the rest fold into one trailing variable. */
  maxTokens: number;
  /**
   * Read JSON and logfmt lines by field (structured.ts): mine the message field only, and keep
   * lines with different key sets apart. Off: every line is text (ablation).
   */
  structured: boolean;
}

export const DEFAULT_MINER_OPTIONS: Readonly<MinerOptions> = Object.freeze({
  // 70% of positions must agree to share a group (short lines: all but one, see place()). The
  // group only decides which lines are compared by the sibling rule, so LogHub GA is the same from
  // 0.5 to 0.8; 0.7 keeps unrelated messages of one length apart, which keeps groups small
  similarity: 0.7,
  // four distinct values with everything else equal: small enums ("Up"/"Down", "Started"/
  // "Paused"/"Resumed"/"Stopped") have up to about four members. Names with two or three values
  // are left to value contexts (valueContext), quoted and tail spans (SPAN_*), not to this number.
  // Evidence on both sets (GA): 3 merges enums (LogHub 0.970, Linux 0.80; generality PostgreSQL
  // 0.92), 5 keeps names apart (LogHub 0.983, Linux 0.87; Kubernetes events 0.90 against 0.95)
  variableAfter: 4,
  // a template must keep a third of its tokens constant: stops "onStandStepChanged <*>" and
  // "theDayChanged <*>" collapsing into "<*> <*>"
  minConstantShare: 0.34,
  // signatures repeat heavily in logs; 50k entries bound memory to a few MB
  cacheSize: 50_000,
  // optional values ("bytes (1.2 KB) sent" vs "bytes sent") and compound ones ("LOCAL(0)" vs an
  // IP) change the token count by one or two; more than 4 is a different message
  maxLengthDelta: 4,
  // most constants must line up; the rest must sit beside a variable (see alignable)
  minAnchorShare: 0.7,
  // the longest LogHub message has 123 tokens; beyond 256 a line is a payload dump whose head
  // names the event, and the cut bounds per-line work (alignment is quadratic in length)
  maxTokens: 256,
  structured: true,
});

export interface TemplateInfo {
  id: number;
  template: string;
  count: number;
}

export interface AddResult {
  /** Live template id (merged ids resolved). */
  templateId: number;
  template: string;
  /** True when this line created the template, generalised it, or merged templates. */
  changed: boolean;
}

interface Sub {
  id: number;
  /** Per position: the token text (a masked value's display, e.g. `<*>`, `blk_<*>`). */
  values: string[];
  /** Separators before each position and after the last, from the sub-template's first line. */
  pres: string[];
  post: string;
  count: number;
}

interface Group {
  /** Structured lines: the key-set namespace (structured.ts); '' for plain text. */
  ns: string;
  length: number;
  /** Creation order within its length (ties between equally similar groups go to the oldest). */
  ord: number;
  /** Number of variable positions. */
  flipped: number;
  /** Per position: made variable by promoteVariables? */
  isVar: boolean[];
  /** Per variable position: its display (`<*>`, or e.g. `blk_<*>` while all lines agree). */
  display: string[];
  /** Live sub-templates by key (the non-variable positions' values). */
  subs: Map<string, Sub>;
  /**
   * position + the other positions' values -> the values seen at that position (see
   * promoteVariables); derived, rebuilt on demand, not serialised.
   */
  families: Map<string, Set<string>> | null;
}

/** Serialised miner state (JSON-safe). */
export interface MinerState {
  /** 3 adds namespaces and shapes (structured lines); version 2 states load as all plain text. */
  version: 2 | 3;
  options: MinerOptions;
  nextId: number;
  /** Namespace -> the shape its template texts are rendered in (version 3). */
  shapes?: Array<[string, string]>;
  groups: Array<{
    /** Namespace (absent: plain text). */
    ns?: string;
    isVar: Array<0 | 1>;
    display: string[];
    subs: Array<{ id: number; values: string[]; pres: string[]; post: string; count: number }>;
  }>;
  /** Absorbed id -> surviving id (a union-find parent pointer). */
  aliases: Array<[number, number]>;
  /** Span rules (version 3): contexts whose span is one value, families not yet decided, display overrides. */
  spans?: {
    rules: string[];
    /** Where the rules' spans sit (derived from the rules, kept so loading needs no re-parse). */
    shapes: string[];
    families: Array<[string, string[], number[]]>;
    display: Array<[number, number]>;
  };
}

const SEP = '\u0001';

/** Key of the groups of one namespace and length (plain text: the length alone). */
type BucketKey = number | string;
function bucketKey(ns: string, n: number): BucketKey {
  return ns === '' ? n : ns + SEP + n;
}

function isMasked(v: string): boolean {
  return v.includes(WILDCARD);
}

/** The value a position contributes to a key: all masked values are one value. */
function keyValue(v: string): string {
  return isMasked(v) ? WILDCARD : v;
}

export class TemplateMiner {
  readonly options: MinerOptions;
  private nextId = 1;
  private readonly groupsByLength = new Map<BucketKey, Group[]>();
  /** Structured namespaces -> their shape (the first line's keys). */
  private readonly shapes = new Map<string, string>();
  private readonly subById = new Map<number, { sub: Sub; group: Group }>();
  private readonly aliases = new Map<number, number>();
  /** Unions not yet reported by drainMerges(). */
  private readonly merges: Array<[number, number]> = [];
  /** Exact-match cache: full masked signature -> sub id (resolved on use). */
  private readonly cache = new Map<string, number>();
  /** Constant token -> ids of sub-templates holding it (for cross-length candidates). */
  private readonly postings = new Map<string, number[]>();
  /** Per length: position + key value -> ids of sub-templates with that value there. */
  private readonly positional = new Map<BucketKey, Map<string, number[]>>();
  /** Per length: groups that have variable positions (they match beyond their postings). */
  private readonly withVariables = new Map<BucketKey, Group[]>();
  /** Per length: most variable positions in any group. */
  private readonly maxFlipped = new Map<BucketKey, number>();
  /** Span contexts (see spanCandidates) whose span is one variable. */
  private readonly spanRules = new Set<string>();
  /** Where rules' spans sit (spanShape): a line's span with no rule of its shape needs no context. */
  private readonly spanShapes = new Set<string>();
  /** Undecided span contexts: the distinct span contents seen, and the sub-templates holding them. */
  private readonly spanFamilies = new Map<string, { contents: Set<string>; subs: number[] }>();
  /** Root id -> the sub-template whose text shows it (the one with the span collapsed). */
  private readonly displayOf = new Map<number, number>();
  /**
   * Root id -> its rendered text. Most lines change nothing; they reuse the text. Cleared on every
   * change (a new, generalised or merged template), which is rare once a stream's kinds are known.
   */
  private readonly rendered = new Map<number, string>();

  constructor(options: Partial<MinerOptions> = {}) {
    this.options = { ...DEFAULT_MINER_OPTIONS, ...options };
  }

  add(line: string): AddResult {
    let ns = '';
    let text = line;
    if (this.options.structured) {
      const st = parseStructured(line);
      if (st) {
        ns = st.ns;
        text = st.message;
        if (!this.shapes.has(ns)) this.shapes.set(ns, st.shape);
      }
    }
    const { tokens, post } = tokenize(text);
    if (tokens.length > this.options.maxTokens) {
      tokens.length = this.options.maxTokens;
      tokens[tokens.length - 1] = { text: WILDCARD, isVar: true, pre: tokens[tokens.length - 1].pre };
    }
    const sig = ns === '' ? signature(tokens) : ns + SEP + SEP + signature(tokens);
    const cached = this.cache.get(sig);
    if (cached !== undefined) {
      const entry = this.subById.get(cached);
      if (entry) {
        entry.sub.count++;
        const id = this.resolve(cached);
        return { templateId: id, template: this.template(id)!, changed: false };
      }
    }
    let toks: Token[] = tokens;
    let tail = post;
    if (this.spanRules.size > 0) ({ tokens: toks, post: tail } = this.collapseSpans(ns, tokens, post));
    const rules = this.spanRules.size;
    const { result, subId } = this.place(ns, toks, tail);
    if (this.cache.size >= this.options.cacheSize) this.cache.clear();
    // a span rule made by this line replaces the sub-template it was placed in: do not cache that
    if (this.spanRules.size === rules) this.cache.set(sig, subId);
    return result;
  }

  private place(ns: string, tokens: Token[], post: string, count = true): { result: AddResult; subId: number } {
    const n = tokens.length;
    const bk = bucketKey(ns, n);
    let groups = this.groupsByLength.get(bk);
    if (!groups) {
      groups = [];
      this.groupsByLength.set(bk, groups);
    }
    // one differing token never keeps a line out of a group (the sibling rule decides whether it
    // is a variable), so short lines need n-1 of n positions even where that is below the bound
    const required = n >= 2 ? Math.min(this.options.similarity, (n - 1) / n) : this.options.similarity;
    const best = this.bestGroup(bk, tokens, required) ?? this.newGroup(groups, ns, n);
    return this.placeInGroup(best, tokens, post, count);
  }

  private newGroup(groups: Group[], ns: string, n: number): Group {
    const g: Group = {
      ns,
      length: n,
      ord: groups.length,
      flipped: 0,
      isVar: new Array<boolean>(n).fill(false),
      display: new Array<string>(n).fill(''),
      subs: new Map(),
      families: null,
    };
    groups.push(g);
    return g;
  }

  /**
   * The group holding the sub-template most similar to the line, if at or above `required` (ties:
   * the oldest sub-template). Candidates come from a positional index (position + value ->
   * sub-templates, in creation order), the counterpart of Drain's prefix tree: lists are read
   * shortest first and reading stops once no unread sub-template can beat the best so far (one
   * that is in none of the first k of m lists matches at most m - k positions plus its
   * variables).
   * Groups with variable positions are also scored directly, since a variable matches anything.
   */
  private bestGroup(bk: BucketKey, tokens: readonly Token[], required: number): Group | undefined {
    const n = tokens.length;
    if (n === 0) return this.groupsByLength.get(bk)?.[0];
    const idx = this.positional.get(bk);
    const lv = tokens.map((t) => (t.isVar ? WILDCARD : t.text));
    const maxFlipped = this.maxFlipped.get(bk) ?? 0;
    const lists: number[][] = [];
    if (idx) {
      for (let p = 0; p < n; p++) {
        const list = idx.get(p + SEP + lv[p]);
        if (list) lists.push(list);
      }
    }
    lists.sort((a, b) => a.length - b.length);
    let best: Group | undefined;
    let bestScore = -1;
    let bestId = Infinity;
    const seen = new Set<number>();
    for (let k = 0; k < lists.length; k++) {
      const bound = lists.length - k + maxFlipped;
      if (bound < bestScore) break;
      for (const id of lists[k]) {
        if (seen.has(id)) continue;
        seen.add(id);
        const e = this.subById.get(id);
        if (!e) continue;
        const score = subScore(e.group, e.sub, lv);
        if (score > bestScore || (score === bestScore && id < bestId)) {
          best = e.group;
          bestScore = score;
          bestId = id;
          // ids ascend within a list: nothing later in it can beat or tie-break this one
          if (score >= bound) break;
        }
      }
    }
    for (const g of this.withVariables.get(bk) ?? []) {
      if (g.flipped < bestScore) continue;
      for (const sub of g.subs.values()) {
        const score = subScore(g, sub, lv);
        if (score > bestScore || (score === bestScore && sub.id < bestId)) {
          best = g;
          bestScore = score;
          bestId = sub.id;
        }
      }
    }
    return best && bestScore / n >= required ? best : undefined;
  }

  private placeInGroup(g: Group, tokens: Token[], post: string, count: boolean): { result: AddResult; subId: number } {
    let changed = false;
    for (let i = 0; i < g.length; i++) {
      if (!g.isVar[i]) continue;
      const d = generalize(g.display[i], tokens[i].text);
      if (d !== g.display[i]) {
        g.display[i] = d;
        changed = true;
      }
    }
    const key = subKey(g, tokens);
    let sub = g.subs.get(key);
    if (sub) {
      // a masked value's display (`blk_<*>`) keeps what every line agrees on
      for (let i = 0; i < g.length; i++) {
        const v = sub.values[i];
        if (g.isVar[i] || !isMasked(v) || v === tokens[i].text) continue;
        const d = generalize(v, tokens[i].text);
        if (d !== v) {
          sub.values[i] = d;
          changed = true;
        }
      }
    } else {
      sub = { id: this.nextId++, values: tokens.map((t) => t.text), pres: tokens.map((t) => t.pre), post, count: 0 };
      g.subs.set(key, sub);
      this.subById.set(sub.id, { sub, group: g });
      this.index(sub, g);
      changed = true;
      if (this.promoteVariables(g, sub)) sub = g.subs.get(subKey(g, tokens))!;
      else this.linkAcrossLengths(g, sub);
      this.noteSpans(g.ns, tokens, post, sub.id);
    }
    if (count) sub.count++;
    const id = this.resolve(sub.id);
    if (changed) this.rendered.clear();
    return { result: { templateId: id, template: this.template(id)!, changed }, subId: sub.id };
  }

  /**
   * Make variable every position at which `variableAfter` sub-templates differ while agreeing on
   * all other positions (two suffice when all the values look like values: host names, paths,
   * masked values), as long as the template keeps enough constants. Families (the sub-templates
   * that agree on everything but one position) are kept per group and updated with each new
   * sub-template, so the check costs O(length^2) per new template; after a change they are
   * rebuilt and checked again, since one merge can reveal the next. Returns whether anything
   * changed.
   */
  private promoteVariables(g: Group, added: Sub): boolean {
    let flip = g.families ? this.addToFamilies(g, added) : this.buildFamilies(g);
    if (flip < 0) return false;
    while (flip >= 0) {
      this.makeVariable(g, flip);
      flip = this.buildFamilies(g);
    }
    this.absorbSiblings(g);
    return true;
  }

  /**
   * After a group gained variables, sub-templates of other groups of its bucket that now fit one
   * of its templates are the same event (a short line can land in either of two equally similar
   * groups: "Created container cart" beside "Started container cart"); they are linked to it.
   */
  private absorbSiblings(g: Group): void {
    for (const other of this.groupsByLength.get(bucketKey(g.ns, g.length)) ?? []) {
      if (other === g) continue;
      for (const s of other.subs.values()) {
        const into = g.subs.get(subKeyOfValues(g, s.values));
        if (into) this.union(s.id, into.id);
      }
    }
  }

  /** Rebuild a group's families from all its sub-templates; returns a position to flip or -1. */
  private buildFamilies(g: Group): number {
    g.families = new Map();
    let flip = -1;
    for (const s of [...g.subs.values()].sort((a, b) => a.id - b.id)) {
      const f = this.addToFamilies(g, s);
      if (flip < 0 || (f >= 0 && f < flip)) flip = f >= 0 ? f : flip;
    }
    return flip;
  }

  /** Add one sub-template to its families; returns the first position that must flip, or -1. */
  private addToFamilies(g: Group, s: Sub): number {
    const families = g.families!;
    const minConstants = Math.max(1, this.options.minConstantShare * g.length);
    const keys = s.values.map(keyValue);
    let constants = 0;
    for (let i = 0; i < g.length; i++) if (!g.isVar[i] && keys[i] !== WILDCARD) constants++;
    let flip = -1;
    for (let p = 0; p < g.length; p++) {
      if (g.isVar[p] || isRequestMethod(s, p)) continue;
      if (constants - (keys[p] !== WILDCARD ? 1 : 0) < minConstants) continue;
      let k = p + SEP;
      for (let i = 0; i < g.length; i++) if (!g.isVar[i] && i !== p) k += keys[i] + SEP;
      let vals = families.get(k);
      if (!vals) families.set(k, (vals = new Set()));
      vals.add(keys[p]);
      if (flip >= 0 || vals.size < 2) continue;
      if (
        vals.size >= this.options.variableAfter ||
        allValueLike(vals) ||
        (valueContext(s, p) && otherValueVaries(g, p))
      )
        flip = p;
    }
    return flip;
  }

  private makeVariable(g: Group, p: number): void {
    g.isVar[p] = true;
    this.rendered.clear();
    const bk = bucketKey(g.ns, g.length);
    this.maxFlipped.set(bk, Math.max(this.maxFlipped.get(bk) ?? 0, g.flipped + 1));
    if (g.flipped++ === 0) {
      const list = this.withVariables.get(bk);
      if (list) list.push(g);
      else this.withVariables.set(bk, [g]);
    }
    let display: string | undefined;
    for (const s of g.subs.values()) display = display === undefined ? s.values[p] : generalize(display, s.values[p]);
    g.display[p] = display === undefined || !isMasked(display) ? WILDCARD : display;
    this.rekey(g);
  }

  /** Re-index a group's sub-templates after its variable positions changed, merging equal ones. */
  private rekey(g: Group): void {
    const old = [...g.subs.values()].sort((a, b) => a.id - b.id);
    g.subs = new Map();
    for (const s of old) {
      const k = subKeyOfValues(g, s.values);
      const into = g.subs.get(k);
      if (into) {
        into.count += s.count;
        for (let i = 0; i < g.length; i++) {
          if (!g.isVar[i] && into.values[i] !== s.values[i]) into.values[i] = generalize(into.values[i], s.values[i]);
        }
        this.subById.delete(s.id);
        for (const [root, d] of this.displayOf) if (d === s.id) this.displayOf.set(root, into.id);
        this.union(s.id, into.id);
      } else g.subs.set(k, s);
    }
  }

  /**
   * Join two template ids; the older (smaller) root survives. Invariant: every root is a live
   * sub-template (a sub removed by rekey always has an older member in its set).
   */
  private union(a: number, b: number): void {
    const ra = this.resolve(a);
    const rb = this.resolve(b);
    if (ra === rb) return;
    const [from, to] = ra < rb ? [rb, ra] : [ra, rb];
    this.aliases.set(from, to);
    this.merges.push([from, to]);
    this.rendered.clear();
    const d = this.displayOf.get(from);
    if (d !== undefined) {
      if (!this.displayOf.has(to)) this.displayOf.set(to, d);
      this.displayOf.delete(from);
    }
  }

  /**
   * Collapse every span of the line whose context is a span rule into one variable (repeatedly:
   * collapsing one span changes the others' contexts).
   */
  private collapseSpans(ns: string, tokens: Token[], post: string): { tokens: Token[]; post: string } {
    for (let round = 0; round < MAX_SPAN_ROUNDS; round++) {
      let hit: SpanCandidate | undefined;
      const cands = spanCandidates(tokens, post, ns === '');
      for (const c of cands) {
        if (c.end - c.start === 1 && tokens[c.start].isVar) continue;
        if (!this.spanShapes.has(spanShape(tokens, c))) continue;
        if (this.spanRules.has(spanContext(ns, tokens, post, c, cands))) {
          hit = c;
          break;
        }
      }
      if (!hit) break;
      tokens = collapseSpan(tokens, hit);
      if (hit.kind === 't') post = '';
    }
    return { tokens, post };
  }

  /**
   * Record a new sub-template's spans; a context whose span has taken enough distinct contents
   * becomes a rule, and its sub-templates merge into the template with the span as one variable.
   */
  private noteSpans(ns: string, tokens: readonly Token[], post: string, subId: number): void {
    const cands = spanCandidates(tokens, post, ns === '');
    for (const c of cands) {
      if (!spanHasConstant(tokens, c)) continue;
      if (
        c.kind === 't' &&
        constantsBefore(tokens, c.start) <
          (ns === '' ? MIN_TAIL_CONTEXT_CONSTANTS : MIN_TAIL_CONTEXT_CONSTANTS_STRUCTURED)
      )
        continue;
      const ctx = spanContext(ns, tokens, post, c, cands);
      if (this.spanRules.has(ctx)) continue;
      let fam = this.spanFamilies.get(ctx);
      if (!fam) this.spanFamilies.set(ctx, (fam = { contents: new Set(), subs: [] }));
      fam.contents.add(spanContent(tokens, post, c));
      fam.subs.push(subId);
      if (fam.contents.size < (c.kind === 'q' ? SPAN_QUOTED_VALUES : SPAN_TAIL_VALUES)) continue;
      this.spanRules.add(ctx);
      this.spanShapes.add(spanShape(tokens, c));
      this.spanFamilies.delete(ctx);
      // cached signatures lead to the sub-templates this rule replaces (and a restored miner,
      // whose cache is empty, must place lines exactly as this one does)
      this.cache.clear();
      const { subId: into } = this.place(ns, collapseSpan(tokens, c), c.kind === 't' ? '' : post, false);
      for (const id of fam.subs) this.union(id, into);
      this.displayOf.set(this.resolve(into), into);
      return;
    }
  }

  /**
   * Merges since the last call, as [absorbed id, surviving id] with the survivor resolved to the
   * current live id; lets a store fold rows without scanning every alias.
   */
  drainMerges(): Array<[number, number]> {
    const out = this.merges.map(([from]) => [from, this.resolve(from)] as [number, number]);
    this.merges.length = 0;
    return out;
  }

  /**
   * A new sub-template may be the same event as another group's (a value of another length, or
   * one that shifted the positions). Link it to the first such template, nearer lengths first.
   */
  private linkAcrossLengths(g: Group, sub: Sub): boolean {
    const mine = templateTokens(g, sub);
    const myConstants = new Set<string>();
    for (const t of mine) if (!t.isVar) myConstants.add(t.text);
    let myCount = 0;
    for (const t of mine) if (!t.isVar) myCount++;
    if (myCount === 0) return false;
    const share = this.options.minAnchorShare;
    // candidates share constants with the new template: count them through the postings
    const shared = new Map<number, number>();
    for (const c of myConstants) {
      for (const id of this.postings.get(c) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    const need = share * myCount;
    const candidates: Array<{ sub: Sub; group: Group; delta: number }> = [];
    for (const [id, n] of shared) {
      if (n < need || id === sub.id) continue;
      const e = this.subById.get(id);
      if (!e || e.group === g || e.group.ns !== g.ns) continue;
      const delta = e.group.length - g.length;
      if (Math.abs(delta) > this.options.maxLengthDelta) continue;
      candidates.push({ sub: e.sub, group: e.group, delta });
    }
    // nearer lengths first, shorter before longer, older first: deterministic
    candidates.sort((a, b) => Math.abs(a.delta) - Math.abs(b.delta) || a.delta - b.delta || a.sub.id - b.sub.id);
    for (const c of candidates) {
      if (alignable(mine, templateTokens(c.group, c.sub), share)) {
        this.union(sub.id, c.sub.id);
        return true;
      }
    }
    return false;
  }

  /** Index a new sub-template's values (postings may go stale; readers re-check). */
  private index(sub: Sub, g: Group): void {
    const bk = bucketKey(g.ns, g.length);
    let idx = this.positional.get(bk);
    if (!idx) this.positional.set(bk, (idx = new Map()));
    for (let p = 0; p < g.length; p++) {
      if (g.isVar[p]) continue;
      const k = p + SEP + keyValue(sub.values[p]);
      const list = idx.get(k);
      if (list) list.push(sub.id);
      else idx.set(k, [sub.id]);
    }
    const seen = new Set<string>();
    for (const v of sub.values) {
      if (isMasked(v) || seen.has(v)) continue;
      seen.add(v);
      const list = this.postings.get(v);
      if (list) list.push(sub.id);
      else this.postings.set(v, [sub.id]);
    }
  }

  /** The live id for an id handed out earlier (ids change only when templates merge). */
  resolve(id: number): number {
    let cur = id;
    for (let a = this.aliases.get(cur); a !== undefined; a = this.aliases.get(cur)) cur = a;
    return cur;
  }

  template(id: number): string | undefined {
    const root = this.resolve(id);
    const cached = this.rendered.get(root);
    if (cached !== undefined) return cached;
    const shown = this.displayOf.get(root);
    const e = (shown !== undefined ? this.subById.get(shown) : undefined) ?? this.subById.get(root);
    if (!e) return undefined;
    const msg = renderSub(e.group, e.sub);
    const text = e.group.ns === '' ? msg : renderStructured(this.shapes.get(e.group.ns) ?? '', msg);
    this.rendered.set(root, text);
    return text;
  }

  templates(): TemplateInfo[] {
    const counts = new Map<number, number>();
    for (const { sub } of this.subById.values()) {
      const r = this.resolve(sub.id);
      counts.set(r, (counts.get(r) ?? 0) + sub.count);
    }
    return [...counts.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([id, count]) => ({ id, template: this.template(id)!, count }));
  }

  /** Absorbed id -> live id, for every id that was merged away. */
  aliasMap(): Map<number, number> {
    const out = new Map<number, number>();
    for (const k of this.aliases.keys()) out.set(k, this.resolve(k));
    return out;
  }

  toJSON(): MinerState {
    const groups: MinerState['groups'] = [];
    // plain buckets by length, then structured ones by key: a stable order
    const keys = [...this.groupsByLength.keys()].sort((a, b) =>
      typeof a === 'number' && typeof b === 'number'
        ? a - b
        : typeof a === 'number'
          ? -1
          : typeof b === 'number'
            ? 1
            : a < b
              ? -1
              : a > b
                ? 1
                : 0
    );
    for (const key of keys) {
      for (const g of this.groupsByLength.get(key)!) {
        groups.push({
          ...(g.ns === '' ? {} : { ns: g.ns }),
          isVar: g.isVar.map((v) => (v ? 1 : 0)),
          display: [...g.display],
          subs: [...g.subs.values()]
            .sort((a, b) => a.id - b.id)
            .map((s) => ({ id: s.id, values: [...s.values], pres: [...s.pres], post: s.post, count: s.count })),
        });
      }
    }
    return {
      version: 3,
      options: { ...this.options },
      nextId: this.nextId,
      shapes: [...this.shapes.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
      groups,
      aliases: [...this.aliases.entries()].sort((a, b) => a[0] - b[0]),
      spans: {
        rules: [...this.spanRules],
        shapes: [...this.spanShapes],
        families: [...this.spanFamilies.entries()].map(([k, f]) => [k, [...f.contents], [...f.subs]]),
        display: [...this.displayOf.entries()].sort((a, b) => a[0] - b[0]),
      },
    };
  }

  static fromJSON(state: MinerState): TemplateMiner {
    if (state.version !== 2 && state.version !== 3)
      throw new Error(`unsupported miner state version ${String(state.version)}`);
    const m = new TemplateMiner(state.options);
    m.nextId = state.nextId;
    for (const [ns, shape] of state.shapes ?? []) m.shapes.set(ns, shape);
    for (const sg of state.groups) {
      const isVar = sg.isVar.map((v) => v === 1);
      const ns = sg.ns ?? '';
      const bk = bucketKey(ns, isVar.length);
      const list0 = m.groupsByLength.get(bk);
      const g: Group = {
        ns,
        length: isVar.length,
        ord: list0 ? list0.length : 0,
        flipped: isVar.filter(Boolean).length,
        isVar,
        display: [...sg.display],
        subs: new Map(),
        families: null,
      };
      if (g.flipped > 0) {
        m.maxFlipped.set(bk, Math.max(m.maxFlipped.get(bk) ?? 0, g.flipped));
        const wv = m.withVariables.get(bk);
        if (wv) wv.push(g);
        else m.withVariables.set(bk, [g]);
      }
      for (const ss of sg.subs) {
        const s: Sub = { id: ss.id, values: [...ss.values], pres: [...ss.pres], post: ss.post, count: ss.count };
        g.subs.set(subKeyOfValues(g, s.values), s);
        m.subById.set(s.id, { sub: s, group: g });
        m.index(s, g);
      }
      const list = m.groupsByLength.get(bk);
      if (list) list.push(g);
      else m.groupsByLength.set(bk, [g]);
    }
    for (const [from, to] of state.aliases) m.aliases.set(from, to);
    for (const r of state.spans?.rules ?? []) m.spanRules.add(r);
    for (const r of state.spans?.shapes ?? []) m.spanShapes.add(r);
    for (const [k, contents, subs] of state.spans?.families ?? [])
      m.spanFamilies.set(k, { contents: new Set(contents), subs: [...subs] });
    for (const [root, d] of state.spans?.display ?? []) m.displayOf.set(root, d);
    // postings must list ids in creation order (bestGroup relies on it)
    for (const idx of m.positional.values()) for (const list of idx.values()) list.sort((a, b) => a - b);
    return m;
  }
}

/**
 * A span of a line that may be one value however many tokens it has: the content of a quoted
 * string (`"..."`, `'...'`), or a tail after `: ` (an error text, a statement). Once a context
 * (everything outside the span) has been seen with SPAN_QUOTED_VALUES / SPAN_TAIL_VALUES distinct
 * contents, the span is one variable in that context.
 */
interface SpanCandidate {
  kind: 'q' | 't';
  start: number;
  /** Exclusive. */
  end: number;
}

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
/**
 * Words the text right before a tail's colon must hold (since the previous `: `): a detail follows
 * a phrase ("TLS handshake error from <*>: EOF", "ms statement: SELECT ..."), while a module or
 * program name glued in one word ("pam_unix(sshd:auth): authentication failure; ...") introduces
 * the message itself.
 */
const MIN_TAIL_LEAD_WORDS = 2;
const WS_IN = /\s/;
/** Spans collapsed per line at most (each collapse re-reads the others' contexts). */
const MAX_SPAN_ROUNDS = 8;
const TAIL_SEP = /:\s/;
const OPENS_QUOTE_AFTER = /[\s=:([{,]/;
const HTTP_METHOD = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE)$/;

/**
 * `afterHeader`: a plain line's first `: ` ends its header as often as not ("sshd[42]: ...",
 * "LOG:  ...", BGL's "ciod: ..."): what follows is the message, not a detail of it, so no tail
 * starts there. A structured line's message has no header.
 */
function spanCandidates(tokens: readonly Token[], post: string, afterHeader: boolean): SpanCandidate[] {
  const out: SpanCandidate[] = [];
  const n = tokens.length;
  let depth = 0;
  let colons = afterHeader ? 0 : 1;
  // words (constants with a letter, after whitespace) since the last `: `
  let words = 0;
  for (let i = 0; i < n; i++) {
    const pre = tokens[i].pre;
    for (const ch of pre) {
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
    }
    // a colon inside brackets ("[instance: <id>] message") labels a value, it does not open a tail
    if (i > 0 && depth === 0 && TAIL_SEP.test(pre)) {
      if (colons++ > 0 && words >= MIN_TAIL_LEAD_WORDS) out.push({ kind: 't', start: i, end: n });
      words = 0;
    }
    if (!tokens[i].isVar && (i === 0 || WS_IN.test(pre)) && HAS_LETTER.test(tokens[i].text)) words++;
    const q = pre[pre.length - 1];
    if (q !== '"' && q !== "'") continue;
    if (pre.length >= 2 ? !OPENS_QUOTE_AFTER.test(pre[pre.length - 2]) : i > 0) continue;
    if (q === '"' && HTTP_METHOD.test(tokens[i].text)) continue;
    for (let j = i + 1; j <= n; j++) {
      const sep = j < n ? tokens[j].pre : post;
      if (!sep.includes(q)) continue;
      if (sep[0] === q) out.push({ kind: 'q', start: i, end: j });
      break;
    }
  }
  return out;
}

/** Constant words (with a letter: `-` and `|` are not words) before a position. */
function constantsBefore(tokens: readonly Token[], end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (!tokens[i].isVar && HAS_LETTER.test(tokens[i].text)) n++;
  return n;
}
const HAS_LETTER = /[A-Za-z]/;

/** A span's kind and position: tokens before it, and after it for a quoted one. */
function spanShape(tokens: readonly Token[], c: SpanCandidate): string {
  return c.kind === 't' ? `t${c.start}` : `q${c.start}:${tokens.length - c.end}`;
}

function spanHasConstant(tokens: readonly Token[], c: SpanCandidate): boolean {
  for (let i = c.start; i < c.end; i++) if (!tokens[i].isVar) return true;
  return false;
}

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
function spanContext(
  ns: string,
  tokens: readonly Token[],
  post: string,
  c: SpanCandidate,
  spans: readonly SpanCandidate[]
): string {
  let k = c.kind + SEP + ns + SEP;
  const end = c.kind === 'q' ? tokens.length : c.start;
  for (let i = 0; i < end; i++) {
    if (i === c.start) {
      k += '|' + tokens[i].pre + '|';
      i = c.end - 1;
      continue;
    }
    const other = spans.find(
      (o) => o.kind === 'q' && o !== c && o.start === i && (o.end <= c.start || o.start >= c.end)
    );
    if (other) {
      k += tokens[i].pre + SEP + WILDCARD + SEP;
      i = other.end - 1;
      continue;
    }
    const t = tokens[i];
    k += t.pre + SEP + (t.isVar || t.pre.endsWith('=') || looksLikeValue(t.text) ? WILDCARD : t.text) + SEP;
  }
  if (c.kind === 'q') k += post;
  else k += '|' + tokens[c.start].pre + '|';
  return k;
}

function spanContent(tokens: readonly Token[], post: string, c: SpanCandidate): string {
  return tokensKey(tokens, c.start, c.end) + (c.kind === 't' ? post : '');
}

function collapseSpan(tokens: readonly Token[], c: SpanCandidate): Token[] {
  return [
    ...tokens.slice(0, c.start),
    { text: WILDCARD, isVar: true, pre: tokens[c.start].pre },
    ...tokens.slice(c.end),
  ];
}

function signature(tokens: readonly Token[]): string {
  let s = '';
  for (const t of tokens) s += t.text + SEP;
  return s;
}

function subKey(g: Group, tokens: readonly Token[]): string {
  let k = '';
  for (let i = 0; i < g.length; i++) if (!g.isVar[i]) k += (tokens[i].isVar ? WILDCARD : tokens[i].text) + SEP;
  return k;
}

function subKeyOfValues(g: Group, values: readonly string[]): string {
  let k = '';
  for (let i = 0; i < g.length; i++) if (!g.isVar[i]) k += keyValue(values[i]) + SEP;
  return k;
}

/** Positions where the line fits a sub-template: a variable position fits anything. */
function subScore(g: Group, s: Sub, lv: readonly string[]): number {
  let score = 0;
  for (let i = 0; i < g.length; i++) if (g.isVar[i] || keyValue(s.values[i]) === lv[i]) score++;
  return score;
}

/** Best subScore over a group's sub-templates. */
function groupScore(g: Group, lv: readonly string[]): number {
  let best = 0;
  for (const s of g.subs.values()) {
    const score = subScore(g, s, lv);
    if (score > best) best = score;
  }
  return best;
}

// lower-case dotted names (hosts, packages), host names (`name.local`), paths, user@host, masked
// values
const VALUE_LIKE = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$|^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,6}$|\S[/@\\]\S|<\*>/;

/**
 * Two different values of this shape at one position are already a variable: a host name or a
 * path names an instance, not a kind of message.
 */
function looksLikeValue(tok: string): boolean {
  return VALUE_LIKE.test(tok);
}

const HAS_DIGIT = /\d/;

/**
 * Nouns that name an entity: the word after one is its name ("for user cyrus", "granted role
 * admin", "container web"), a value however few names a log holds.
 */
const SLOT_NOUNS = new Set([
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
]);
const WS_ONLY = /^\s+$/;

/**
 * The method of a quoted HTTP request line (`"GET <*> HTTP/1.1"`): it names the kind of request,
 * however many methods a log holds (GET, POST, PUT, DELETE, HEAD, OPTIONS are six).
 */
function isRequestMethod(s: Sub, p: number): boolean {
  return s.pres[p].endsWith('"') && HTTP_METHOD.test(s.values[p]);
}

/**
 * Whether another position of the group, in a value context, holds two values (or was made a
 * variable). One named slot with two or three values is as often two kinds of line (LogHub Linux
 * keeps `user=root` and `user=guest` apart, Windows `client WindowsUpdateAgent` and `client SPP`);
 * a line with two named slots that both vary is a record of parameters (PostgreSQL's `user=...
 * database=...`, logfmt's `user ... granted role ...`), and its slots are variables at two values.
 */
function otherValueVaries(g: Group, p: number): boolean {
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
 * whole quoted string, or the word after an entity noun (SLOT_NOUNS).
 */
function valueContext(s: Sub, p: number): boolean {
  const pre = s.pres[p];
  const next = p + 1 < s.values.length ? s.pres[p + 1] : s.post;
  if (pre.endsWith('=')) return true;
  const q = pre[pre.length - 1];
  if ((q === '"' || q === "'") && next.startsWith(q)) return true;
  return p > 0 && WS_ONLY.test(pre) && SLOT_NOUNS.has(s.values[p - 1].toLowerCase());
}

/**
 * Whether every value of a set looks like a value; a name with a small index (`bglio91`) counts
 * when the set also holds a masked value (`bglio716` was masked: same kind, longer number).
 */
function allValueLike(vals: ReadonlySet<string>): boolean {
  const masked = vals.has(WILDCARD);
  for (const v of vals) if (!looksLikeValue(v) && !(masked && HAS_DIGIT.test(v))) return false;
  return true;
}

function templateTokens(g: Group, s: Sub): Token[] {
  return s.values.map((v, i) => {
    const isVar = g.isVar[i] || isMasked(v);
    return { text: isVar ? WILDCARD : v, isVar, pre: s.pres[i] };
  });
}

const WS = /\s/;

/**
 * Whether two templates of different lengths describe one event: their constants align (longest
 * common subsequence) and every stretch between aligned constants is explained by variables --
 * either both stretches hold only variables (an optional or multi-token value), or the side with
 * extra constants has them glued to a variable within one whitespace-delimited word (`LOCAL(<*>)`
 * vs `<*>`) and the other side has a variable there to absorb them.
 */
export function alignable(a: readonly Token[], b: readonly Token[], minAnchorShare: number): boolean {
  const ca = a.reduce((n, t) => n + (t.isVar ? 0 : 1), 0);
  const cb = b.reduce((n, t) => n + (t.isVar ? 0 : 1), 0);
  if (ca === 0 || cb === 0) return false;
  const n = a.length;
  const m = b.length;
  const dp: Uint16Array[] = [];
  for (let i = 0; i <= n; i++) dp.push(new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i][j] =
        !a[i].isVar && !b[j].isVar && a[i].text === b[j].text
          ? dp[i + 1][j + 1] + 1
          : Math.max(dp[i + 1][j], dp[i][j + 1]);
    }
  }
  const anchors = dp[0][0];
  if (anchors < minAnchorShare * Math.max(ca, cb)) return false;
  let i = 0;
  let j = 0;
  let gi = 0;
  let gj = 0;
  for (;;) {
    // advance to the next anchor pair
    while (
      i < n &&
      j < m &&
      !(!a[i].isVar && !b[j].isVar && a[i].text === b[j].text && dp[i][j] === dp[i + 1][j + 1] + 1)
    ) {
      if (dp[i + 1][j] >= dp[i][j + 1]) i++;
      else j++;
    }
    const end = i >= n || j >= m;
    const ei = end ? n : i;
    const ej = end ? m : j;
    if (!gapExplained(a, gi, ei, b, gj, ej)) return false;
    if (end) return true;
    i++;
    j++;
    gi = i;
    gj = j;
  }
}

function gapExplained(
  a: readonly Token[],
  as: number,
  ae: number,
  b: readonly Token[],
  bs: number,
  be: number
): boolean {
  const aVar = hasVar(a, as, ae);
  const bVar = hasVar(b, bs, be);
  const aConst = hasConst(a, as, ae);
  const bConst = hasConst(b, bs, be);
  if (!aConst && !bConst) return true;
  if (aConst && (!bVar || !constantsGlued(a, as, ae))) return false;
  if (bConst && (!aVar || !constantsGlued(b, bs, be))) return false;
  return true;
}

function hasVar(t: readonly Token[], s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (t[i].isVar) return true;
  return false;
}

function hasConst(t: readonly Token[], s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (!t[i].isVar) return true;
  return false;
}

/** Every constant in t[s,e) shares a whitespace-free word with a variable of the same stretch. */
function constantsGlued(t: readonly Token[], s: number, e: number): boolean {
  // split the stretch into words at separators containing whitespace
  let wordHasVar = false;
  let wordHasConst = false;
  for (let i = s; i <= e; i++) {
    const boundary = i === e || (i > s && WS.test(t[i].pre));
    if (boundary) {
      if (wordHasConst && !wordHasVar) return false;
      wordHasVar = false;
      wordHasConst = false;
      if (i === e) break;
    }
    if (t[i].isVar) wordHasVar = true;
    else wordHasConst = true;
  }
  return true;
}

const ALNUM = /[A-Za-z0-9]/;
const DIGIT_AT = /\d/;

/**
 * The display of a variable position that has held `a` and `b`: their common prefix and suffix
 * around one <*> (`Thunderbird_A5` + `Thunderbird_B1` -> `Thunderbird_<*>`, `bglio78` +
 * `bglio617` -> `bglio<*>`). A prefix may end inside a word only before digits, so `Started` and
 * `Stopped` give `<*>`, not `St<*>ed`. Cosmetic: matching never reads displays.
 */
export function generalize(a: string, b: string): string {
  if (a === b) return a;
  const [ap, as] = splitAround(a);
  const [bp, bs] = splitAround(b);
  let p = 0;
  while (p < ap.length && p < bp.length && ap[p] === bp[p]) p++;
  // a cut inside a word is only kept when what follows on both sides starts with a digit
  while (
    p > 0 &&
    ALNUM.test(ap[p - 1]) &&
    !(DIGIT_AT.test(a[p] ?? '') && DIGIT_AT.test(b[p] ?? '') && !DIGIT_AT.test(ap[p - 1]))
  )
    p--;
  let q = 0;
  while (q < as.length && q < bs.length && as[as.length - 1 - q] === bs[bs.length - 1 - q]) q++;
  while (q > 0 && ALNUM.test(as[as.length - q])) q--;
  if (p + q > Math.min(a.length, b.length)) q = Math.max(0, Math.min(a.length, b.length) - p);
  return ap.slice(0, p) + WILDCARD + (q > 0 ? as.slice(as.length - q) : '');
}

/** Text before the first <*> and after the last (the whole text twice when there is none). */
function splitAround(v: string): [string, string] {
  const i = v.indexOf(WILDCARD);
  if (i < 0) return [v, v];
  return [v.slice(0, i), v.slice(v.lastIndexOf(WILDCARD) + WILDCARD.length)];
}

function renderSub(g: Group, s: Sub): string {
  let out = '';
  for (let i = 0; i < g.length; i++) {
    const v = s.values[i];
    out += s.pres[i] + (g.isVar[i] ? g.display[i] : isHostName(v) ? WILDCARD : v);
  }
  return (out + s.post).trim();
}
