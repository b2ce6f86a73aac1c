// When a position of a group becomes a variable: the sibling rule (Brain-like: positions where
// sub-templates that agree on everything else take several values, types.ts `variableAfter`) and
// the evidence that lets fewer values suffice: value-like tokens, value contexts (`key=`, a quoted
// string, a labelled value in brackets, the word after an entity noun), entity nouns on their own
// (NOUN_SLOT_VALUES), and words the stream has already shown to be values (MAX_KNOWN_VALUES). The
// shape and context rules themselves are in value-context.ts.

import {
  SEP as SEP_,
  WILDCARD as WILDCARD_,
  isMasked as isMasked_,
  keyValue as keyValue_,
  type FamilyIndex,
  type Group,
  type Sub,
} from './group.js';
import type { MinerOptions } from './types.js';
import { KEY_ACROSS_STATEMENTS, keyAt as keyAt_, type KeySpread } from './key-spread.js';
import { VALUES_ACROSS_STATEMENTS, type ValueSpread } from './value-spread.js';
import {
  allKnown,
  allValueLike,
  amountCode,
  CODE_AFTER_AMOUNT,
  componentLabel,
  flankedByValues,
  HAS_LETTER,
  inValueRecord,
  holdsRequestLine,
  isRequestMethod,
  KEY_SET_CONSTANTS,
  labelledSlot,
  looksLikeValue,
  MASKED_SLOT,
  methodSlot,
  MIN_KEPT_CONSTANTS,
  NOUN_SLOT_VALUES,
  nounContext,
  REQUEST_LINE_RECORD,
  ROUTE_SLOT,
  routeContext,
  SAME_CALL_SITE,
  sameCallSite,
  SHARE_OF_UNMASKED,
  valueContext,
  valueWord,
} from './value-context.js';

// module-local copies: imported bindings are read through a getter in hot loops
const isMasked = isMasked_;
const keyValue = keyValue_;
const SEP: string = SEP_;
const WILDCARD: string = WILDCARD_;

/** What the sibling rule reads: the options, and the words seen as values of variables elsewhere. */
export interface FamilyOptions extends Pick<MinerOptions, 'variableAfter' | 'minConstantShare'> {
  knownValues?: ReadonlySet<string>;
  /** Keys whose values vary across statements (KEY_ACROSS_STATEMENTS): read and fed here. */
  keySpread?: KeySpread;
  /** Word pairs alternating across statements (VALUES_ACROSS_STATEMENTS): fed here. */
  valueSpread?: ValueSpread;
  /** Counts the values read to name families (FamilyKeys): work a test counts instead of time. */
  work?: { familySteps: number };
}

/**
 * Words seen filling a variable position of another template of the stream are values wherever
 * they occur: two of them at one position, all else equal, make it a variable ("New session 3 of
 * user deploy" made `deploy`, `ubuntu`, `root` values; then "sudo: deploy : TTY=..." and "by
 * ubuntu(uid=1000)" have a user slot too). Not after `key=`, which otherValueVaries decides (LogHub
 * Linux keeps `user=root` apart from `user=guest` although both are users elsewhere). At most
 * MAX_KNOWN_VALUES words are kept. Evidence (ablation, GA): systemd journal (tuned) 0.86 -> 0.92;
 * LogHub and the other formats unchanged.
 */
export const MAX_KNOWN_VALUES = 4096;
/**
 * Words never learned as values: booleans and their kin name outcomes, two kinds of line for a
 * reader (LogHub Android keeps `ret:true` and `ret:false` apart, Mac `ExternalConnected: Yes` and
 * `No`), however often they fill variables elsewhere.
 */
export const OUTCOME_WORDS: ReadonlySet<string> = new Set([
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'null',
  'none',
  'nil',
  'ok',
  'enabled',
  'disabled',
]);

/** VALUES_ACROSS_STATEMENTS: a family's new word and its others, when every one may be learned, go to the spread. */
function noteSpread(spread: ValueSpread, value: string, vals: ReadonlySet<string>, g: Group): void {
  const others: string[] = [];
  for (const v of vals) {
    if (!learnableValue(v)) return;
    if (v !== value) others.push(valueWord(v));
  }
  spread.note(valueWord(value), others, g);
}

/** Whether a token may be learned as a value (MAX_KNOWN_VALUES). */
export function learnableValue(v: string): boolean {
  return !isMasked(v) && HAS_LETTER.test(v) && !OUTCOME_WORDS.has(valueWord(v).toLowerCase());
}


/**
 * A group's families (position + the other positions' values -> the values seen there) over all
 * its sub-templates, oldest first; returns the first position that must become a variable, or -1.
 *
 * The result is the one a rebuild from the sub-templates gives (a reloaded miner rebuilds, and must
 * go on as one that stayed in memory), but a rebuild per new sub-template costs O(sub-templates x
 * length) each time, O(n^2) over a group's life: a group that gains sub-templates without a
 * variable (RFC 5424 lines with long structured data: 165 in one group, 65 tokens) spent ~98% of
 * its mining time there (643 lines/s against 100k+ on LogHub). So the families are kept while
 * nothing they read changed (the group's variables, its sub-template map, a sub-template's values:
 * miner.ts sets them to null then) and a new sub-template, the newest by id as a rebuild orders
 * them, is added to them. What else a rebuild would read again, and could now decide otherwise, is
 * the state a check reads beyond its family: the words learned as values (allKnown) and the
 * group's other sub-templates (otherValueVaries). Checks that found nothing are kept (`checks`,
 * only those that read that state) and asked again; the others read only the sub-template and
 * its family's values as they were then, which do not change.
 */
export function buildFamilies(g: Group, options: FamilyOptions): number {
  const index = g.families;
  if (index && index.subs === g.subs && index.flipped === g.flipped && index.count <= g.subs.size) {
    const added: Sub[] = [];
    for (const s of g.subs.values()) if (s.id > index.maxId) added.push(s);
    if (index.count + added.length === g.subs.size) return extendFamilies(g, index, added, options);
  }
  const fresh: FamilyIndex = {
    subs: g.subs,
    flipped: g.flipped,
    count: 0,
    maxId: 0,
    families: new Map(),
    keys: new FamilyKeys(options.work),
    checks: [],
    knownSize: 0,
    contextChecks: new Set(),
    contextValues: new Array<string | true | undefined>(g.length),
    varying: [],
    keyChecks: [],
    spreadSize: 0,
  };
  g.families = fresh;
  return extendFamilies(g, fresh, [...g.subs.values()], options);
}

function extendFamilies(g: Group, index: FamilyIndex, added: Sub[], options: FamilyOptions): number {
  added.sort((a, b) => a.id - b.id);
  // otherValueVaries reads every sub-template of the group, the new ones too
  for (const s of added) noteContextValues(g, index, s);
  let flip = -1;
  // checks kept from earlier sub-templates, asked again of what may have changed since: the
  // learned words (only when there are more: the set only grows) and whether another slot varies
  const known = options.knownValues;
  if (known !== undefined && known.size !== index.knownSize) {
    for (const c of index.checks) {
      if ((flip < 0 || c.p < flip) && allKnown(c.vals, known) && !c.s.pres[c.p].endsWith('=')) flip = c.p;
    }
  }
  for (const p of index.contextChecks) if ((flip < 0 || p < flip) && variesBeside(index, p)) flip = p;
  const spread = options.keySpread?.spread;
  if (spread !== undefined && spread.size !== index.spreadSize) {
    for (const c of index.keyChecks) if ((flip < 0 || c.p < flip) && spread.has(c.key)) flip = c.p;
  }
  // words the new sub-templates' families teach (VALUES_ACROSS_STATEMENTS) are asked of the
  // checks on the next call: they count as unseen until then
  const knownBefore = known?.size ?? 0;
  for (const s of added) {
    const f = addToFamilies(g, s, options, index);
    if (flip < 0 || (f >= 0 && f < flip)) flip = f >= 0 ? f : flip;
    index.count++;
    index.maxId = Math.max(index.maxId, s.id);
  }
  // every check, old and new, has now been asked against the learned words as they are
  index.knownSize = knownBefore;
  index.spreadSize = spread?.size ?? 0;
  // a variable is made next, which changes what the families are built on: rebuild them then
  if (flip >= 0) g.families = null;
  return flip;
}

/**
 * otherValueVaries kept as the sub-templates come (asked anew it reads all of them, for every
 * check: O(sub-templates^2) over a group that keeps checks, ~90 lines/s on lines differing in two
 * free words beside a `user="alice"`/`"bob"` slot): a position at a value context varies once a
 * sub-template shows it as a variable or two show different values there.
 */
function noteContextValues(g: Group, index: FamilyIndex, s: Sub): void {
  const seen = index.contextValues;
  for (let i = 0; i < g.length; i++) {
    if (seen[i] === true) continue;
    const v = s.values[i];
    if (isMasked(v) || !valueContext(s, i)) continue;
    if (g.isVar[i] || (seen[i] !== undefined && seen[i] !== v)) {
      seen[i] = true;
      index.varying.push(i);
    } else seen[i] = v;
  }
}

/** otherValueVaries(g, p) from the kept values: a value context other than p varies. */
function variesBeside(index: FamilyIndex, p: number): boolean {
  return index.varying.length > 1 || (index.varying.length === 1 && index.varying[0] !== p);
}

/** FamilyKeys: run * VALUE_IDS + value stays an exact integer (< 2^53) below these bounds. */
const VALUE_IDS = 2 ** 21;
const MAX_RUNS = 2 ** 31;
/** A family key before * RUN_KEY + after is an exact integer below this (spelled out above it). */
const RUN_KEY = 2 ** 26;

/**
 * Names a family (a position p and the values of the group's other non-variable positions) in
 * time linear in the line: spelled out (p + every other position's value) a key costs O(length),
 * O(length^2) per sub-template, which long lines paid on every rebuild. Instead the values before
 * p and after p are each interned as a chain (a trie: the id of a run of values plus the next
 * value is the id of the longer run); the key is (p, the id of the run before, the id of the run
 * after), the same families exactly, since equal ids mean equal runs.
 */
export class FamilyKeys {
  /** value -> its id; a run's id plus a value's id -> the longer run's id (numbers hash fast). */
  private readonly valueIds = new Map<string, number>();
  private readonly runIds = new Map<number, number>();
  /** Where ids outgrow exact numeric keys (never seen): run + SEP + value -> id. */
  private readonly spelled = new Map<string, number>();
  private runs = 0;

  constructor(private readonly work?: { familySteps: number }) {}

  /** The id of the run `run` extended by `value` (run 0 is the empty run). */
  private next(run: number, value: string): number {
    if (this.work) this.work.familySteps++;
    let v = this.valueIds.get(value);
    if (v === undefined) this.valueIds.set(value, (v = this.valueIds.size));
    let id: number | undefined;
    if (v < VALUE_IDS && run < MAX_RUNS) {
      const k = run * VALUE_IDS + v;
      id = this.runIds.get(k);
      if (id === undefined) this.runIds.set(k, (id = ++this.runs));
    } else {
      const k = run + SEP + value;
      id = this.spelled.get(k);
      if (id === undefined) this.spelled.set(k, (id = ++this.runs));
    }
    return id;
  }

  /**
   * Per position p, the family key is p, before[p] and after[p + 1]: before[p] names the
   * non-variable values left of p, after[p + 1] those right of p (suffix runs start from a SEP
   * run, so the two kinds never share an id).
   */
  keysOf(g: Group, keys: readonly string[]): { before: Int32Array; after: Int32Array } {
    const n = g.length;
    const before = new Int32Array(n + 1);
    const after = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) before[i + 1] = g.isVar[i] ? before[i] : this.next(before[i], keys[i]);
    after[n] = this.next(0, SEP);
    for (let i = n - 1; i >= 0; i--) after[i] = g.isVar[i] ? after[i + 1] : this.next(after[i + 1], keys[i]);
    return { before, after };
  }
}

/**
 * One more value seen in a family (the line's other positions as its key). Returns the family's
 * distinct values once it holds two, or undefined. Most families hold one value: it is kept as the
 * string until a second comes (fewer allocations).
 */
function noteInFamily(families: FamilyIndex['families'], k: number | string, v: string): Set<string> | undefined {
  const had = families.get(k);
  if (had === undefined) {
    families.set(k, v);
    return undefined;
  }
  if (typeof had !== 'string') return had.add(v);
  if (had === v) return undefined;
  const vals = new Set([had, v]);
  families.set(k, vals);
  return vals;
}

/**
 * Add one sub-template to its group's families; returns the first position that must become a
 * variable, or -1. A position flips once `variableAfter` sub-templates differ there while agreeing
 * on all other positions (two suffice when all the values look like values, or when the position
 * is a value context and another slot of the line varies), as long as the template keeps
 * `minConstantShare` of its positions constant.
 */
function addToFamilies(g: Group, s: Sub, options: FamilyOptions, index: FamilyIndex): number {
  const families = index.families;
  const keys = s.values.map(keyValue);
  const { before, after } = index.keys.keysOf(g, keys);
  let constants = 0;
  let masked = 0;
  for (let i = 0; i < g.length; i++) {
    if (g.isVar[i]) continue;
    if (keys[i] !== WILDCARD) constants++;
    else masked++;
  }
  // a structured line's key set is part of its template: it counts as constants (KEY_SET_CONSTANTS)
  const keySet = g.ns !== '' ? KEY_SET_CONSTANTS : 0;
  constants += keySet;
  const minConstants = Math.max(1, options.minConstantShare * (g.length + keySet));
  // a field of a record (flankedByValues): the share of the positions the line does not mask
  const minFieldConstants = SHARE_OF_UNMASKED
    ? Math.max(
        1,
        Math.min(minConstants, Math.max(MIN_KEPT_CONSTANTS, options.minConstantShare * (g.length + keySet - masked)))
      )
    : minConstants;
  let flip = -1;
  const requestLine = REQUEST_LINE_RECORD && holdsRequestLine(g, s);
  const spreading = KEY_ACROSS_STATEMENTS && options.keySpread !== undefined;
  for (let p = 0; p < g.length; p++) {
    if (g.isVar[p] || isRequestMethod(s, p)) continue;
    const kept = constants - (keys[p] !== WILDCARD ? 1 : 0);
    // a `key=` is followed across statements whatever the constants left (KEY_ACROSS_STATEMENTS)
    const keyAt = spreading && s.pres[p].endsWith('=') ? keyAt_(s.values, s.pres, p) : undefined;
    if (kept < minFieldConstants && !requestLine && keyAt === undefined) continue;
    // a record's field (flankedByValues, inValueRecord), read only where it decides something
    let field: boolean | undefined;
    let valueSlotOnly = false;
    let keyOnly = false;
    if (kept < minFieldConstants && !requestLine) keyOnly = true;
    else if (kept < minConstants && !requestLine && !(field = flankedByValues(g, s, p) || inValueRecord(g, s, p))) {
      if (MASKED_SLOT && (keys[p] === WILDCARD || looksLikeValue(keys[p]))) valueSlotOnly = true;
      else if (keyAt !== undefined) keyOnly = true;
      else continue;
    }
    // before[p] also names p (the number of non-variable positions before it)
    const b = before[p];
    const a = after[p + 1];
    const k = b < RUN_KEY && a < RUN_KEY ? b * RUN_KEY + a : b + SEP + a;
    const vals = noteInFamily(families, k, keys[p]);
    if (vals === undefined || flip >= 0) continue;
    if (valueSlotOnly) {
      if (vals.has(WILDCARD) && allValueLike(vals, labelledSlot(s.pres[p]))) flip = p;
      continue;
    }
    if (keyOnly) {
      if (options.keySpread!.spread.has(keyAt!)) flip = p;
      else {
        options.keySpread!.note(keyAt!, g);
        index.keyChecks.push({ p, key: keyAt! });
      }
      continue;
    }
    if (
      (vals.size >= options.variableAfter && !(SIGNED_EVENT_HEAD && p === signedHead(s))) ||
      (allValueLike(vals, labelledSlot(s.pres[p])) && !componentLabel(s, p, vals)) ||
      methodSlot(s, p, vals) ||
      (field ?? (flankedByValues(g, s, p) || inValueRecord(g, s, p))) ||
      (options.knownValues !== undefined && allKnown(vals, options.knownValues) && !s.pres[p].endsWith('=')) ||
      (vals.size >= NOUN_SLOT_VALUES && nounContext(s, p)) ||
      (ROUTE_SLOT && routeContext(s, p)) ||
      (CODE_AFTER_AMOUNT && amountCode(g, s, p)) ||
      (valueContext(s, p) && variesBeside(index, p)) ||
      (SAME_CALL_SITE && sameCallSite(g, s, p)) ||
      (keyAt !== undefined && options.keySpread!.spread.has(keyAt))
    )
      flip = p;
    // found nothing: keep the check if a later sub-template or learned word may decide it
    else {
      if (options.knownValues !== undefined && !s.pres[p].endsWith('=')) {
        index.checks.push({ s, p, vals: [...vals] });
        if (VALUES_ACROSS_STATEMENTS && options.valueSpread !== undefined) noteSpread(options.valueSpread, keys[p], vals, g);
      }
      if (valueContext(s, p)) index.contextChecks.add(p);
      if (keyAt !== undefined) {
        options.keySpread!.note(keyAt, g);
        index.keyChecks.push({ p, key: keyAt });
      }
    }
  }
  if (flip < 0 && COVARYING_PAIRS) flip = covaryingPair(g, s, keys, before, after, constants, minConstants, options, index);
  if (flip < 0 && ECHOED_VALUES) flip = echoedPair(g, keys, before, after, constants, minConstants, options, index);
  return flip;
}

/**
 * SIGNED_EVENT_HEAD: a line whose first word is signed (`+sdown`, `-sdown`, `+reboot`,
 * `+switch-master`: Redis Sentinel's events, written `+` when a state begins and `-` when it ends)
 * names its statement by that word; the sibling rule's count alone does not make it a variable
 * (its other reasons still do). Evidence (GA): redis-sentinel (round 15's, tuned from round 16)
 * 0.203 -> 0.988 (13 events shared one layout of arguments and became one template); LogHub and
 * the other formats unchanged. Any first word (not only a signed one) helped LogHub Linux 0.993 ->
 * 1.000, Zookeeper 0.991 -> 0.995 and Mac 0.947 -> 0.949, but a first word is a name as often
 * (Thunderbird's ACPI tables `DSDT (v001 DELL ...)` 0.979 -> 0.978, exim's recipients after
 * `=>` 0.643 -> 0.441), so only the sign, which names an event, decides.
 */
export const SIGNED_EVENT_HEAD = true;
const SIGNED_WORD = /^[+-][a-z][a-z-]*$/;

/** The position of a sub-template's first word when it is signed (SIGNED_EVENT_HEAD), or -1. */
function signedHead(s: Sub): number {
  for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i];
    // what a header wrote before the message: masked values, symbols (`#`, `*`), a word glued on
    if (isMasked(v) || v.length < 2 || !HAS_LETTER.test(v)) continue;
    const pre = s.pres[i];
    if (pre !== '' && !pre.endsWith(' ')) continue;
    return SIGNED_WORD.test(v) ? i : -1;
  }
  return -1;
}

/**
 * ECHOED_VALUES: a word written again inside a later token of the line (`starting dmitri's server:
 * pod jhub/jupyter-dmitri`, `attempt for root ... name: root]`) is one parameter written twice;
 * the two positions change together, so no family shows one varying alone. variableAfter such
 * pairs, all else equal, make the first a variable (the second then varies alone). Evidence:
 * jupyterhub and gitea (round 14's formats, tuned from round 15); see eval/generality/README.md.
 */
export const ECHOED_VALUES = true;
/** Shortest echoed word: shorter ones (`a`, `id`) recur inside other tokens by chance. */
const MIN_ECHO_LENGTH = 3;
const ECHO_TAG = '\u0003';

function echoedPair(
  g: Group,
  keys: readonly string[],
  before: Int32Array,
  after: Int32Array,
  constants: number,
  minConstants: number,
  options: FamilyOptions,
  index: FamilyIndex
): number {
  if (constants - 2 < minConstants) return -1;
  const n = g.length;
  // one native search of the rest of the line per word finds the few that recur at all
  const line = keys.join(SEP);
  let at = 0;
  for (let p = 0; p < n; p++) {
    const w = keys[p];
    const start = at;
    at += w.length + SEP.length;
    if (g.isVar[p] || w.length < MIN_ECHO_LENGTH || w === WILDCARD || line.indexOf(w, start + w.length) < 0) continue;
    if (!HAS_LETTER.test(w)) continue;
    for (let q = p + 1; q < n; q++) {
      if (g.isVar[q] || keys[q] === WILDCARD || !keys[q].includes(w)) continue;
      // the runs before p and after q are interned (FamilyKeys); only the stretch between is spelled
      let k = ECHO_TAG + before[p] + SEP + after[q + 1] + SEP + q;
      for (let i = p + 1; i < q; i++) if (!g.isVar[i]) k += SEP + keys[i];
      const combo = w + SEP + keys[q];
      const vals = noteInFamily(index.families, k, combo);
      if (vals !== undefined && vals.size >= options.variableAfter) return p;
      break;
    }
  }
  return -1;
}

/**
 * COVARYING_PAIRS: two positions with only masked values between them that take variableAfter
 * values each, together, all else equal, are one value written in two tokens: a source location
 * `repo/view.go:<line>(repo.Home)`, whose file and function change together, so that no family
 * ever shows one of them varying alone. Evidence: gitea (round 14's format, tuned from round 15),
 * router lines `... @ <handler>` a template per handler; see eval/generality/README.md round 15.
 */
export const COVARYING_PAIRS = true;
const PAIR_TAG = '\u0002';

function covaryingPair(
  g: Group,
  s: Sub,
  keys: readonly string[],
  before: Int32Array,
  after: Int32Array,
  constants: number,
  minConstants: number,
  options: FamilyOptions,
  index: FamilyIndex
): number {
  if (constants - 2 < minConstants) return -1;
  const families = index.families;
  for (let p = 0; p < g.length; p++) {
    if (g.isVar[p] || keys[p] === WILDCARD || isRequestMethod(s, p)) continue;
    let q = p + 1;
    while (q < g.length && !g.isVar[q] && keys[q] === WILDCARD) q++;
    if (q >= g.length || q === p + 1 || g.isVar[q]) continue;
    const k = PAIR_TAG + before[p] + SEP + after[q + 1] + SEP + q;
    const vals = noteInFamily(families, k, keys[p] + SEP + keys[q]);
    if (vals === undefined || vals.size < options.variableAfter) continue;
    const ps = new Set<string>();
    const qs = new Set<string>();
    for (const c of vals) {
      const [a, b] = c.split(SEP);
      ps.add(a);
      qs.add(b);
    }
    if (ps.size >= options.variableAfter && qs.size >= options.variableAfter) return p;
  }
  return -1;
}

