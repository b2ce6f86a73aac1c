// Online, streaming template miner.
//
// Structure (in the manner of Drain, He et al. ICWS 2017): a line is masked and split (mask.ts),
// bucketed by token count, and matched by positional similarity to the best *group* of that
// length (buckets.ts). A group is a coarse cluster; inside it, the template a line gets is its
// *sub-template*: the group's variable positions become <*>, every other position keeps the line's
// token (a masked value such as a number counts as the token `<*>`) (group.ts).
//
// When does a position become a variable? Drain generalises on the first mismatch, which merges
// "Failed password" with "Accepted password" and "Link Up" with "Link Down". Following the idea
// behind Brain (Yu et al., TSC 2023) -- constants are the tokens a family of lines shares,
// variables are the positions with many distinct values -- a position becomes variable once
// `variableAfter` sub-templates agree on everything but that position (variables.ts). Sub-templates
// that become equal then merge, and a new sub-template that matches one of another length (an
// optional or multi-token value) is linked to it (align.ts). Merged ids stay resolvable with
// `resolve()` (aliases.ts), so ids already handed out (and stored) keep their meaning.
//
// Beyond that sibling rule, four things keep parameters with few values from splitting a
// statement (each with its evidence where it is defined):
// - structured lines (structured.ts): a JSON, logfmt or access-log line is mined by its message
//   field only, in a namespace of its key set; every other field is a slot;
// - value contexts (variables.ts): after `key=`, a whole quoted string, the word after an entity
//   noun; two values there make a variable when another slot of the line varies too;
// - spans (span-candidates.ts, spans.ts): a quoted string, a tail after `: ` or the last `key=`,
//   or a description after ` - ` is one value once its context has held SPAN_QUOTED_VALUES /
//   SPAN_TAIL_VALUES different contents (user agents, error texts, commands);
// - known values (variables.ts): a word that filled a variable of one template is a value in
//   the others (`user deploy` made `deploy` a value; `sudo: deploy : TTY=...` has a user slot).

import { tokenize as tokenize_, type Token } from './mask.js';
import { callSiteOf, parseStructured as parseStructured_, renderStructured, type StructuredLine } from './structured.js';
import { maskRestated, RESTATED_FIELD_VALUES, restatedWords } from './restated.js';
import { SOURCE_FILE } from './mask.js';
import { splitTrailingFields } from './trailing.js';
import { KEY_VALUE_TAIL, splitKeyValueTail } from './kv-tail.js';
import { Aliases } from './aliases.js';
import { EMPTY_FIELD, alignable } from './align.js';
import { Buckets } from './buckets.js';
import { generalize as generalize_, renderSub } from './display.js';
import {
  SEP as SEP_,
  WILDCARD as WILDCARD_,
  bucketKey as bucketKey_,
  isMasked as isMasked_,
  newGroup,
  signature as signature_,
  subKey as subKey_,
  subKeyOfValues as subKeyOfValues_,
  templateTokens,
  type Group,
  type Sub,
} from './group.js';
import { SpanRules } from './spans.js';
import {
  DEFAULT_MINER_OPTIONS,
  type AddResult,
  type MinerOptions,
  type MinerState,
  type TemplateInfo,
} from './types.js';
import {
  MAX_KNOWN_VALUES,
  buildFamilies as buildFamilies_,
  learnableValue,
  type FamilyOptions,
} from './variables.js';
import { valueWord } from './value-context.js';
import { ValueSpread } from './value-spread.js';
import { KeySpread, markSpreadKeys, spreadPosition } from './key-spread.js';

// module-local copies: imported bindings are read through a getter in hot loops
const tokenize = tokenize_;
const parseStructured = parseStructured_;
const bucketKey = bucketKey_;
const isMasked = isMasked_;
const signature = signature_;
const subKey = subKey_;
const subKeyOfValues = subKeyOfValues_;
const generalize = generalize_;
const buildFamilies = buildFamilies_;
const SEP: string = SEP_;
const WILDCARD: string = WILDCARD_;

export { DEFAULT_MINER_OPTIONS, alignable, generalize };
export type { AddResult, MinerOptions, MinerState, TemplateInfo };
export { SPAN_QUOTED_VALUES, SPAN_TAIL_VALUES } from './spans.js';

/** structured.ts callSiteOf (STRUCTURED_CALL_SITE): a caller field's location joins the namespace. */
const STRUCTURED_CALL_SITE = true;
const isSourceFile = (name: string): boolean => SOURCE_FILE.test(name);

/** miner.ts relink: templates are linked across lengths again after their group gained a variable. */
const RELINK_AFTER_FLIP = true;

/** Rounds of rechecking groups after words were learned as values (each round may learn more). */
const MAX_RECHECK_ROUNDS = 4;

export class TemplateMiner {
  readonly options: MinerOptions;
  private nextId = 1;
  private readonly buckets = new Buckets();
  /** Structured namespaces -> their shape (the first line's keys). */
  private readonly shapes = new Map<string, string>();
  private aliases = new Aliases();
  /** Exact-match cache: full masked signature -> sub id (resolved on use). */
  private readonly cache = new Map<string, number>();
  private spans = new SpanRules();
  /** Words that filled a variable position (variables.ts, MAX_KNOWN_VALUES). */
  private readonly knownValues = new Set<string>();
  private keySpread = new KeySpread();
  private readonly valueSpread: ValueSpread;
  /** Words just learned: groups holding them are checked again (recheckKnown). */
  private readonly learned: string[] = [];
  /** What the sibling rule reads (the options and the known values). */
  private readonly familyOptions: FamilyOptions;
  /** Root id -> the sub-template whose text shows it (the one with the span collapsed). */
  private readonly displayOf = new Map<number, number>();
  /**
   * Root id -> its rendered text. Most lines change nothing; they reuse the text. Cleared on every
   * change (a new, generalised or merged template), which is rare once a stream's kinds are known.
   */
  private readonly rendered = new Map<number, string>();
  /** Bumped by every change a saved state must carry: all but a sub-template's line count. */
  private structure = 0;
  /** Work the sibling rule did naming families (variables.ts FamilyKeys); see familySteps. */
  private readonly work = { familySteps: 0 };

  constructor(options: Partial<MinerOptions> = {}) {
    this.options = { ...DEFAULT_MINER_OPTIONS, ...options };
    this.valueSpread = new ValueSpread(this.knownValues, this.learned);
    this.familyOptions = {
      valueSpread: this.valueSpread,
      variableAfter: this.options.variableAfter,
      minConstantShare: this.options.minConstantShare,
      knownValues: this.knownValues,
      keySpread: this.keySpread,
      work: this.work,
    };
  }

  /**
   * Values read so far to name the sibling rule's families: about 2 per token of each new
   * sub-template, and again after a variable is made. Lets a test see the cost grow with the
   * stream (linear) rather than with the square of a group's sub-templates, without timing.
   */
  get familySteps(): number {
    return this.work.familySteps;
  }

  /**
   * Changes whenever the miner changes in anything but its line counts (a new, generalised or
   * merged template, a variable, a learned value, a shape). Most lines only count; a caller that
   * persists the state can skip the write when this did not move (TemplateRepo does).
   */
  get structureVersion(): number {
    return this.structure;
  }

  private structureChanged(): void {
    this.rendered.clear();
    this.structure++;
  }

  add(line: string): AddResult {
    let ns = '';
    let text = line;
    let st: StructuredLine | undefined;
    if (this.options.structured) {
      st = parseStructured(line);
      const tf = st ? undefined : (splitTrailingFields(line) ?? (KEY_VALUE_TAIL ? splitKeyValueTail(line) : undefined));
      if (st) {
        ns = STRUCTURED_CALL_SITE && st.kind !== 'access' ? st.ns + callSiteOf(st.fields, isSourceFile) : st.ns;
        text = st.message;
        if (!this.shapes.has(ns)) {
          this.shapes.set(ns, st.shape);
          this.structureChanged();
        }
      } else if (tf) {
        ns = tf.ns;
        text = tf.message;
        if (!this.shapes.has(ns)) {
          this.shapes.set(ns, tf.shape);
          this.structureChanged();
        }
      }
    }
    const tokenized = tokenize(text);
    const post = tokenized.post;
    const tokens = RESTATED_FIELD_VALUES && st?.messageKey !== undefined ? maskRestated(st, tokenized.tokens) : tokenized.tokens;
    if (RESTATED_FIELD_VALUES && st?.messageKey !== undefined) this.learnRestated(st, tokens);
    if (tokens.length > this.options.maxTokens) {
      tokens.length = this.options.maxTokens;
      tokens[tokens.length - 1] = { text: WILDCARD, isVar: true, pre: tokens[tokens.length - 1].pre };
    }
    const sig = ns === '' ? signature(tokens) : ns + SEP + SEP + signature(tokens);
    const cached = this.cache.get(sig);
    if (cached !== undefined) {
      const entry = this.buckets.entry(cached);
      if (entry) {
        entry.sub.count++;
        const id = this.resolve(cached);
        return { templateId: id, template: this.template(id)!, changed: false };
      }
    }
    let toks: Token[] = tokens;
    let tail = post;
    if (this.spans.size > 0) ({ tokens: toks, post: tail } = this.spans.collapse(ns, tokens, post));
    const rules = this.spans.size;
    const { result, subId } = this.place(ns, toks, tail);
    if (this.cache.size >= this.options.cacheSize) this.cache.clear();
    // a span rule made by this line replaces the sub-template it was placed in: do not cache that
    if (this.spans.size === rules) this.cache.set(sig, subId);
    return result;
  }

  /** RESTATED_FIELD_VALUES: the message's words that are other fields' whole one-word values are learned as values. */
  private learnRestated(st: StructuredLine, tokens: readonly Token[]): void {
    if (this.knownValues.size >= MAX_KNOWN_VALUES) return;
    const values = restatedWords(st);
    if (!values) return;
    for (const t of tokens) {
      if (t.isVar) continue;
      const w = valueWord(t.text);
      if (!values.has(w) || this.knownValues.has(w) || !learnableValue(w)) continue;
      this.knownValues.add(w);
      this.learned.push(w);
      if (this.knownValues.size >= MAX_KNOWN_VALUES) return;
    }
  }

  private place(ns: string, tokens: Token[], post: string, count = true): { result: AddResult; subId: number } {
    const n = tokens.length;
    // one differing token never keeps a line out of a group (the sibling rule decides whether it
    // is a variable), so short lines need n-1 of n positions even where that is below the bound
    const required = n >= 2 ? Math.min(this.options.similarity, (n - 1) / n) : this.options.similarity;
    let best = this.buckets.bestGroup(bucketKey(ns, n), tokens, required);
    if (!best) {
      best = this.buckets.addGroup(ns, n);
      if (this.keySpread.spread.size > 0) markSpreadKeys(best, tokens, this.keySpread.spread);
    }
    return this.placeInGroup(best, tokens, post, count);
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
          // the sibling rule's checks read the values: its families are rebuilt (variables.ts)
          g.families = null;
          changed = true;
        }
      }
    } else {
      sub = { id: this.nextId++, values: tokens.map((t) => t.text), pres: tokens.map((t) => t.pre), post, count: 0 };
      g.subs.set(key, sub);
      this.buckets.addSub(sub, g);
      changed = true;
      if (this.promoteVariables(g, sub)) sub = g.subs.get(subKey(g, tokens))!;
      else this.linkAcrossLengths(g, sub);
      if (this.keySpread.pending.length > 0 && this.recheckSpread()) sub = g.subs.get(subKey(g, tokens)) ?? sub;
      this.noteSpans(g.ns, tokens, post, sub.id);
    }
    if (count) sub.count++;
    const id = this.resolve(sub.id);
    if (changed) this.structureChanged();
    return { result: { templateId: id, template: this.template(id)!, changed }, subId: sub.id };
  }

  /**
   * Make variable every position the sibling rule flips (variables.ts). The families decide as if
   * rebuilt from the group each time: they are not saved, and families grown one sub-template at
   * a time could decide differently from ones rebuilt after a reload (LogHub Android line 39), so
   * a miner reloaded from its state (a restart, an eviction from the miner cache) went on
   * differently from one that stayed in memory (buildFamilies keeps them between sub-templates
   * only where that gives the rebuild's answer). After a change they are rebuilt and checked again,
   * since one merge can reveal the next. Returns whether anything changed.
   */
  private promoteVariables(g: Group, _added: Sub): boolean {
    const flip = buildFamilies(g, this.familyOptions);
    if (flip < 0) {
      // words the families just learned (VALUES_ACROSS_STATEMENTS) may decide this group too
      if (this.learned.length === 0) return false;
      const flipped = g.flipped;
      this.recheckKnown();
      return g.flipped !== flipped;
    }
    this.flipFrom(g, flip);
    this.recheckKnown();
    return true;
  }

  /** Make `flip` and every position the sibling rule then finds variable, and absorb siblings. */
  private flipFrom(g: Group, flip: number): void {
    while (flip >= 0) {
      this.makeVariable(g, flip);
      flip = buildFamilies(g, this.familyOptions);
    }
    this.absorbSiblings(g);
    if (RELINK_AFTER_FLIP) this.relink(g);
  }

  /**
   * RELINK_AFTER_FLIP: a group's templates were linked across lengths (linkAcrossLengths) only when
   * each was new; one that failed then because a word was still a constant (`<time> Logon Error:
   * ...` against `<time spid130> Error: ...`, where a masked source column folds into the time) is
   * tried again once that word became a variable, so the result does not depend on which came
   * first. Only stretches of variables may differ then: an optional `key=<*>` pair glued to its
   * key is a statement of its own (LogHub OpenSSH's `... rhost=<*> user=<*>`: 1.000 -> 0.749 when
   * relinked as linkAcrossLengths links new templates).
   */
  private relink(g: Group): void {
    for (const s of [...g.subs.values()].sort((a, b) => a.id - b.id)) {
      if (this.resolve(s.id) !== s.id) continue;
      this.linkAcrossLengths(g, s, true);
    }
  }

  /**
   * Keys just spread (key-spread.ts) may decide positions of groups whose families are complete:
   * every group holding one is checked again, oldest first. Returns whether any changed.
   */
  private recheckSpread(): boolean {
    const keys = new Set(this.keySpread.pending.splice(0));
    const hit: Group[] = [];
    for (const bk of this.buckets.keys()) for (const g of this.buckets.groups(bk)) if (spreadPosition(g, keys) >= 0) hit.push(g);
    const first = (g: Group) => Math.min(...[...g.subs.values()].map((x) => x.id));
    let changed = false;
    for (const g of hit.sort((a, b) => first(a) - first(b))) {
      // the key's position is a variable even where this statement showed one value so far: its
      // lines of another value may sit in a sibling group, absorbed once it is (flipFrom)
      const at = spreadPosition(g, keys);
      if (at < 0) continue;
      this.flipFrom(g, at);
      changed = true;
    }
    if (changed) this.recheckKnown();
    return changed;
  }

  /**
   * Words just learned as values may decide positions of other groups whose families are already
   * complete (their lines came first): those groups are checked again, oldest first.
   */
  private recheckKnown(): void {
    for (let round = 0; round < MAX_RECHECK_ROUNDS && this.learned.length > 0; round++) {
      const words = this.learned.splice(0);
      const groups = new Map<Group, number>();
      for (const id of this.buckets.sharing(words).keys()) {
        const e = this.buckets.entry(id);
        if (e && !groups.has(e.group)) groups.set(e.group, Math.min(...[...e.group.subs.values()].map((x) => x.id)));
      }
      for (const g of [...groups.keys()].sort((a, b) => groups.get(a)! - groups.get(b)!)) {
        const flip = buildFamilies(g, this.familyOptions);
        if (flip >= 0) this.flipFrom(g, flip);
      }
    }
    this.learned.length = 0;
  }

  /**
   * After a group gained variables, sub-templates of other groups of its bucket that now fit one
   * of its templates are the same event (a short line can land in either of two equally similar
   * groups: "Created container cart" beside "Started container cart"); they are linked to it.
   */
  private absorbSiblings(g: Group): void {
    for (const other of this.buckets.groups(bucketKey(g.ns, g.length))) {
      if (other === g) continue;
      for (const s of other.subs.values()) {
        const into = g.subs.get(subKeyOfValues(g, s.values));
        if (into) this.union(s.id, into.id);
      }
    }
  }

  private makeVariable(g: Group, p: number): void {
    for (const s of g.subs.values()) {
      const v = valueWord(s.values[p]);
      if (this.knownValues.size < MAX_KNOWN_VALUES && learnableValue(v) && !this.knownValues.has(v)) {
        this.knownValues.add(v);
        this.learned.push(v);
      }
    }
    g.isVar[p] = true;
    this.structureChanged();
    this.buckets.noteVariable(g);
    g.flipped++;
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
        this.buckets.removeSub(s.id);
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
    const pair = this.aliases.union(a, b);
    if (!pair) return;
    const [from, to] = pair;
    this.structureChanged();
    const d = this.displayOf.get(from);
    if (d !== undefined) {
      if (!this.displayOf.has(to)) this.displayOf.set(to, d);
      this.displayOf.delete(from);
    }
  }

  /**
   * Record a new sub-template's spans (spans.ts); when that makes a span rule, the sub-templates
   * it replaces merge into the template with the span as one variable.
   */
  private noteSpans(ns: string, tokens: readonly Token[], post: string, subId: number): void {
    const made = this.spans.note(ns, tokens, post, subId);
    if (!made) return;
    // cached signatures lead to the sub-templates this rule replaces (and a restored miner,
    // whose cache is empty, must place lines exactly as this one does)
    this.cache.clear();
    const { subId: into } = this.place(ns, made.tokens, made.post, false);
    for (const id of made.subs) this.union(id, into);
    this.displayOf.set(this.resolve(into), into);
  }

  /**
   * Merges since the last call, as [absorbed id, surviving id] with the survivor resolved to the
   * current live id; lets a store fold rows without scanning every alias.
   */
  drainMerges(): Array<[number, number]> {
    return this.aliases.drain();
  }

  /**
   * A new sub-template may be the same event as another group's (a value of another length, or
   * one that shifted the positions). Link it to the first such template, nearer lengths first.
   */
  private linkAcrossLengths(g: Group, sub: Sub, varsOnly = false): boolean {
    const mine = templateTokens(g, sub);
    const myConstants = new Set<string>();
    for (const t of mine) if (!t.isVar) myConstants.add(t.text);
    let myCount = 0;
    for (const t of mine) if (!t.isVar) myCount++;
    if (myCount === 0) return false;
    const share = this.options.minAnchorShare;
    // candidates share constants with the new template: count them through the postings
    // one of my constants may be an empty field's word the other side lacks (align.ts EMPTY_FIELD)
    const need = share * (EMPTY_FIELD && myCount >= 3 ? myCount - 1 : myCount);
    const shared = this.buckets.sharingAtLeast(myConstants, need);
    const candidates: Array<{ sub: Sub; group: Group; delta: number }> = [];
    for (const [id, n] of shared) {
      if (n < need || id === sub.id) continue;
      const e = this.buckets.entry(id);
      if (!e || e.group === g || e.group.ns !== g.ns) continue;
      const delta = e.group.length - g.length;
      if (Math.abs(delta) > this.options.maxLengthDelta) continue;
      candidates.push({ sub: e.sub, group: e.group, delta });
    }
    // nearer lengths first, shorter before longer, older first: deterministic
    candidates.sort((a, b) => Math.abs(a.delta) - Math.abs(b.delta) || a.delta - b.delta || a.sub.id - b.sub.id);
    for (const c of candidates) {
      if (alignable(mine, templateTokens(c.group, c.sub), share, varsOnly)) {
        this.union(sub.id, c.sub.id);
        return true;
      }
    }
    return false;
  }

  /** The live id for an id handed out earlier (ids change only when templates merge). */
  resolve(id: number): number {
    return this.aliases.resolve(id);
  }

  template(id: number): string | undefined {
    const root = this.resolve(id);
    const cached = this.rendered.get(root);
    if (cached !== undefined) return cached;
    const shown = this.displayOf.get(root);
    const e = (shown !== undefined ? this.buckets.entry(shown) : undefined) ?? this.buckets.entry(root);
    if (!e) return undefined;
    const msg = renderSub(e.group, e.sub);
    const text = e.group.ns === '' ? msg : renderStructured(this.shapes.get(e.group.ns) ?? '', msg);
    this.rendered.set(root, text);
    return text;
  }

  templates(): TemplateInfo[] {
    const counts = new Map<number, number>();
    for (const { sub } of this.buckets.entries()) {
      const r = this.resolve(sub.id);
      counts.set(r, (counts.get(r) ?? 0) + sub.count);
    }
    return [...counts.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([id, count]) => ({ id, template: this.template(id)!, count }));
  }

  /** Absorbed id -> live id, for every id that was merged away. */
  aliasMap(): Map<number, number> {
    return this.aliases.map();
  }

  toJSON(): MinerState {
    const groups: MinerState['groups'] = [];
    for (const key of this.buckets.keys()) {
      for (const g of this.buckets.groups(key)) {
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
      aliases: this.aliases.entries(),
      spans: {
        ...this.spans.toState(),
        display: [...this.displayOf.entries()].sort((a, b) => a[0] - b[0]),
      },
      knownValues: [...this.knownValues],
      keySpread: this.keySpread.toState(),
      valueSpread: this.valueSpread.toState(),
    };
  }

  /** A miner from a saved state: versions 2 (plain text only) and 3 load. */
  static fromJSON(state: MinerState): TemplateMiner {
    if (state.version !== 2 && state.version !== 3)
      throw new Error(`unsupported miner state version ${String(state.version)}`);
    const m = new TemplateMiner(state.options);
    m.nextId = state.nextId;
    for (const [ns, shape] of state.shapes ?? []) m.shapes.set(ns, shape);
    for (const sg of state.groups) {
      const isVar = sg.isVar.map((v) => v === 1);
      const ns = sg.ns ?? '';
      const g = newGroup(ns, isVar.length, m.buckets.groups(bucketKey(ns, isVar.length)).length, isVar, [
        ...sg.display,
      ]);
      for (const ss of sg.subs) {
        const s: Sub = { id: ss.id, values: [...ss.values], pres: [...ss.pres], post: ss.post, count: ss.count };
        g.subs.set(subKeyOfValues(g, s.values), s);
        m.buckets.addSub(s, g);
      }
      m.buckets.restoreGroup(g);
    }
    m.aliases = Aliases.fromEntries(state.aliases);
    m.spans = SpanRules.fromState(state.spans);
    for (const [root, d] of state.spans?.display ?? []) m.displayOf.set(root, d);
    for (const v of state.knownValues ?? []) m.knownValues.add(v);
    m.keySpread = KeySpread.fromState(state.keySpread);
    m.familyOptions.keySpread = m.keySpread;
    m.valueSpread.restore(state.valueSpread);
    m.buckets.sortPostings();
    return m;
  }
}
