// The deterministic question planner: from a question (already scoped to streams and a window by
// the retriever's question understanding) to a Plan over templates and their slot values. No LLM.
import type { Database } from 'better-sqlite3';
import type { TimeWindow } from '../types.js';
import { NUMERIC_KINDS, type ValueKind } from '../values/types.js';
import { MAX_FILTERS, numberVariants, readQuestion, stem, TIME_NOUNS } from './question.js';
import { expandShorthand } from './shorthand.js';
import { joinedKeys } from './slots.js';
import { abbreviates } from './words.js';
import { TemplateRanker } from './rank.js';
import { STOP_IN_QUOTES } from './vocabulary.js';
import { CandidateReader, MAX_CANDIDATE_TEXTS, type Candidate, type CandidateSet } from './candidates.js';
import { KeySampler } from './slot-sample.js';
import { KEYS_HELD_SQL, TEMPLATE_KEYS_SQL, valueEquals } from './sql.js';
import { DIRECTION_KEYS, KEY_NAMED, NAMED_SLOT, SlotChooser, type SlotProfile } from './slot-choice.js';
import { pairedKeys } from './pairs.js';
import { aliasKeys } from './aliases.js';
import { asksAllLines, asksWriter, FIELD_NOUNS, fieldTargets, namesNextValue, WRITER_NOUNS, writerKey } from './lines-of.js';
import { headerIdKey, headerPlan } from './header.js';
import { prepositionTargets, withNextTokens } from './preposition.js';
import { holdsWeight, weightedRanking, weightReadings } from './weighted.js';
import { quoteLinePhrases } from './line-phrase.js';
import { narrowBySpelling } from './narrow.js';
import { extremeKind, extremeRanking, flowLineWords, groupReading, measuredLineWords, rankedByExtreme } from './extreme-of.js';
import type { Filter, Intent, Plan, Slot, TargetTemplate } from './types.js';

/**
 * Templates scoring at least this share of the best are used together ("failed password" fits
 * "Failed password for <*>" and "Failed password for invalid user <*>" equally). Below it, down
 * to ALTERNATIVE_SHARE, they are shown as alternatives.
 */
export const TIE_SHARE = 0.8;
export const ALTERNATIVE_SHARE = 0.5;
/** Value rows read to find which templates hold a filter value, and to profile slots. */
export const PROFILE_ROWS = 20_000;
/** Intents answered by aggregating lines even when the question asks why ("why so many 502s?" counts). */
const AGGREGATES = ['count', 'sum', 'min', 'max', 'avg', 'topk', 'first', 'last'];
/** A share of the question's words below which no template "fits" (a question about nothing stored). */
export const MIN_FIT = 0.34;
/** Templates whose slots are profiled for one plan (targets are a handful; a merged family a few dozen). */
const MAX_PROFILED_TEMPLATES = 200;
/** Intents that aggregate a number of the lines. */
const NUMERIC_INTENTS: readonly Intent[] = ['sum', 'min', 'max', 'avg'];
/** Verbs saying a machine wrote the lines ranked ("which node logged / reported the most ..."). */
const WROTE_LINES = /\b(logged|logs|wrote|writes|written|reported|reports|reporting|emitted)\b/i;
/** Keys profiled for one plan (a kind of line has a dozen slots at most; more is a pathological template). */
const MAX_PROFILED_KEYS = 64;
/** Value rows read per key at least, however many keys share PROFILE_ROWS. */
const MIN_ROWS_PER_KEY = 500;
/** Words naming a header's process or thread id ("process id", "thread", "tid"): the ranking's key, not the lines. */
const ID_WORDS: ReadonlySet<string> = new Set(['id', 'ids', 'pid', 'pids', 'tid', 'tids', 'thread', 'threads', 'process', 'processes']);
/** Fitting kinds of line looked through for one holding the number a ranking by a total adds up (each is one profile query). */
const MAX_WEIGHED_KINDS = 20;
/** Templates a key named by the question is looked for in when no template's words fit. */
const KEY_LOOKUP_TEMPLATES = 2000;

export interface PlanInput {
  tenant: string;
  question: string;
  streamIds: number[];
  window?: TimeWindow;
  /** The question asks why / what changed: the change-evidence path answers it. */
  asksForCause: boolean;
  /** Words of the question already used for its window and label hints (not line descriptions). */
  usedWords?: string[];
}

export class Planner {
  private readonly reader: CandidateReader;
  private readonly sampler: KeySampler;
  private readonly ranker = new TemplateRanker();

  private readonly slots: SlotChooser;

  constructor(private readonly db: Database) {
    this.reader = new CandidateReader(db);
    this.sampler = new KeySampler(db);
    this.slots = new SlotChooser(db, (templateIds, streamIds) => this.profile(templateIds, streamIds));
  }

  /**
   * Plans a question. The scope's templates are read first, in slices that yield (a wide scope
   * holds tens of thousands of per-stream copies); the rest is a few bounded queries. Targets are
   * chosen per distinct template text, then stand for that text's copy in every stream of the scope.
   */
  async plan(asked: PlanInput): Promise<Plan> {
    const input = { ...asked, question: expandShorthand(asked.question) };
    const cause = input.asksForCause && !AGGREGATES.includes(readQuestion(input.question).intent ?? '');
    const loaded = cause || input.streamIds.length === 0 ? undefined : await this.reader.read(input.streamIds);
    if (loaded) input.question = quoteLinePhrases(input.question, [...loaded.all.values()].map((c) => c.template));
    let plan = this.planWith(input, loaded);
    if (!loaded) return plan;
    // "which IP sent the smallest block": planned as the minimum, then ranked by it (extreme-of.ts)
    const extreme = extremeRanking(input.question);
    if (extreme && plan.route === 'exact' && plan.intent === extreme.dir && plan.slot && !plan.slot.keys && plan.targets.length) {
      const ids = [...new Set(plan.targets.flatMap((t) => loaded.all.get(t.templateId)?.members ?? [t.templateId]))];
      const asked = groupReading(readQuestion(input.question), extreme, plan.slot.key);
      // read where the extreme line writes it, else over every kind that fits
      const at = extremeKind(this.db, ids, plan.slot, extreme.dir);
      const group = (at !== undefined ? this.slots.choose([at], input.streamIds, asked, 'topk', plan.filters)?.slot : undefined) ?? this.slots.choose(ids, input.streamIds, asked, 'topk', plan.filters)?.slot;
      // the entity under whatever key each kind of line gives it ("from /ip" beside "src: /ip")
      const more = group ? aliasKeys(this.db, group, ids, input.streamIds) : [];
      plan = rankedByExtreme(plan, group && more.length ? { ...group, keys: [group.key, ...more] } : group, extreme) ?? plan;
    }
    const copies = (ts: TargetTemplate[]) => ts.flatMap((t) => loaded.all.get(t.templateId)?.copies.map((c) => ({ ...t, templateId: c.id, streamId: c.streamId })) ?? [t]);
    const memberIds = plan.targets.length ? [...new Set(plan.targets.flatMap((t) => loaded.all.get(t.templateId)?.members ?? [t.templateId]))] : undefined;
    return {
      ...plan,
      targets: copies(plan.targets),
      ...(memberIds ? { memberIds } : {}),
      ...(loaded.truncated ? { reason: `${plan.reason} (the first ${MAX_CANDIDATE_TEXTS} kinds of line in scope were read)` } : {}),
    };
  }

  private planWith(input: PlanInput, loaded: CandidateSet | undefined): Plan {
    const reading = readQuestion(input.question);
    // "what port did X connect from first?", "first source port of X": a value of the first (last) line, not its time
    const pick = (reading.intent === 'first' || reading.intent === 'last') && reading.asked !== undefined && !TIME_NOUNS.has(reading.asked) ? reading.intent : undefined;
    if (pick) reading.intent = 'lookup';
    // "which target received the most bytes in total": groups ranked by a total (weighted.ts)
    const weighted = weightedRanking(input.question);
    if (weighted) reading.intent = 'topk';
    const extreme = weighted ? undefined : extremeRanking(input.question);
    if (extreme) reading.intent = extreme.dir;
    // "largest download by X in one connection": the bytes received (sent) the lines write
    const flow = extreme ? measuredLineWords(extreme) : NUMERIC_INTENTS.includes(reading.intent ?? 'lookup') ? flowLineWords(input.question.match(/[a-z]+/gi) ?? []) : [];
    for (const w of flow) if (!reading.words.includes(w)) reading.words.push(w);
    const base = { streamIds: input.streamIds, window: input.window };
    const filters: Filter[] = [
      ...reading.filters.map((text): Filter => ({ text, match: 'value' })),
      ...reading.literals.map((text): Filter => ({ text, match: 'literal' })),
    ];
    // "variable 9": a small number is a filter only where a slot of that name holds it.
    // Where it is, the plain identifier with the same number is dropped ("stage 9.0" is not "9.0" anywhere).
    // "server 3" where the lines say "channel to 3": tried against the chosen kinds of line below.
    const unkeyed: { key: string; text: string }[] = [];
    for (const k of reading.keyed) {
      if (!this.keyedExists(k.key, k.text, input)) {
        if (!filters.some((f) => f.text === k.text)) unkeyed.push(k);
        continue;
      }
      filters.push({ text: k.text, key: k.key, match: 'value' });
      const plain = filters.findIndex((f) => !f.key && f.text === k.text);
      if (plain >= 0) filters.splice(plain, 1);
    }
    if (input.asksForCause && !AGGREGATES.includes(reading.intent ?? '')) {
      return { ...base, intent: 'lookup', route: 'cause', reason: 'a why / what-changed question: answered from change evidence', filters, targets: [], alternatives: [] };
    }
    if (input.streamIds.length === 0 || !loaded) {
      return { ...base, intent: reading.intent ?? 'lookup', route: 'search', reason: 'no stream in scope', filters, targets: [], alternatives: [] };
    }
    // A value filter no stored value has is looked for as text in the lines instead.
    // "as user reconcile": a word after a slot noun is that slot's value where the store has it so.
    for (const p of reading.pairs) {
      if (filters.some((f) => f.text === p.text) || !this.keyedExists(p.key, p.text, input)) continue;
      filters.push({ text: p.text, key: p.key, match: 'value' });
      reading.words = reading.words.filter((w) => w !== p.text);
    }
    // "gige1", "dn38", "bn62": a short name with a trailing number is an entity where the store holds it as a value
    for (const t of reading.shortNames) {
      if (filters.length >= MAX_FILTERS || filters.some((f) => f.text.toLowerCase() === t.toLowerCase()) || !this.valueExists(t, input)) continue;
      filters.push({ text: t, match: 'value' });
      reading.words = reading.words.filter((w) => w !== t.toLowerCase());
    }
    // "for magnos", "the inspur account": a plain word written as a name is an entity where the store
    // holds it as a value and no kind of line in scope writes it as text (then it describes the line).
    // Matched as text: a line ingested while its template still wrote the name as constant text
    // ("... invalid user webmaster from <*>") holds no value for it, and is still one of its lines.
    // (a word that named a label value, "for checkout" with job=checkout, scopes the streams instead)
    const hinted = new Set((input.usedWords ?? []).map((w) => w.toLowerCase()));
    for (const w of reading.entityWords) {
      const lw = w.toLowerCase();
      if (hinted.has(lw) || filters.length >= MAX_FILTERS || filters.some((f) => f.text.toLowerCase() === lw) || !this.valueExists(w, input)) continue;
      const word = new RegExp(`(^|[^A-Za-z0-9_])${lw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`, 'i');
      if ([...loaded.all.values()].some((c) => word.test(c.template))) continue;
      filters.push({ text: w, match: 'literal' });
      reading.words = reading.words.filter((x) => x !== lw);
    }
    // "chrome.exe *64": a value the store holds with a mark the question writes after the identifier
    // (a bitness, a tag) is that whole value; the identifier alone is another value, or none
    for (const f of filters) {
      if (f.match !== 'value' || f.key) continue;
      const longer = withNextTokens(input.question, f.text).find((t) => this.valueExists(t, input));
      if (longer) f.text = longer;
    }
    // "hive SECURITY": a word in capitals the lines hold as text, where no kind of line in scope writes
    // it as its own text (then it describes the line, as "GET" does), names the entity the lines hold
    for (const w of reading.capsNames) {
      const lw = w.toLowerCase();
      if (hinted.has(lw) || filters.length >= MAX_FILTERS || filters.some((f) => f.text.toLowerCase() === lw) || !this.literalExists(w, input)) continue;
      const written = new RegExp(`(^|[^A-Za-z0-9_])${w}($|[^A-Za-z0-9_])`);
      if ([...loaded.all.values()].some((c) => written.test(c.template))) continue;
      filters.push({ text: w, match: 'literal' });
      reading.words = reading.words.filter((x) => x !== lw);
    }
    for (const f of filters) if (f.match === 'value' && !f.key && !this.valueExists(f.text, input)) f.match = 'literal';
    // Quoted text in the other grammatical number ("more authentication failures" and the line's
    // "failure;") is the same event: the variants lines hold match too (and stand in when the text is in none).
    for (const f of filters) {
      if (f.match !== 'literal' || !reading.literals.includes(f.text)) continue;
      const alts = numberVariants(f.text).filter((v) => this.literalExists(v, input));
      if (alts.length) f.alternatives = alts;
    }
    // Quoted text no line holds ("for N seconds", "Failed to renew lease ... for") describes the
    // line in the question's words: its words join the description instead of filtering to nothing.
    const intent0 = reading.intent;
    for (const f of [...filters]) {
      if (f.match === 'literal' && !this.literalExists(f.text, input)) {
        // "how many failed passwords came from 10.9.9.9?" where no line in scope holds 10.9.9.9: the
        // count is 0, not the count of every failed password (the identifier is not a description).
        if (intent0 === 'count' && !reading.literals.includes(f.text)) continue;
        if (f.alternatives?.length) {
          f.text = f.alternatives.shift()!;
          if (!f.alternatives.length) delete f.alternatives;
          continue;
        }
        filters.splice(filters.indexOf(f), 1);
        for (const w of f.text.toLowerCase().match(/[a-z][a-z0-9]*/g) ?? []) if (!reading.words.includes(w) && w.length > 1 && w !== 'n') reading.words.push(w);
      }
    }
    const used = new Set((input.usedWords ?? []).map((w) => w.toLowerCase()));
    // "node R27-M0-N1-C:J05-U01": the noun names the identifier's kind, unless the lines name its slot so ("rhost=...").
    for (const k of reading.kindWords) if (!this.keyedExists(k.word, k.ident, input)) used.add(k.word);
    // Quoted text that lines hold is a filter and also the best description of the line ("generating core").
    for (const f of filters) {
      if (f.match !== 'literal') continue;
      for (const w of f.text.toLowerCase().match(/[a-z][a-z0-9]*/g) ?? []) if (w.length > 1 && !reading.words.includes(w) && !STOP_IN_QUOTES.has(w)) reading.words.push(w);
    }
    // Words that only name an identifier's kind ("block" for blk_..., "variable" for "variable 9") do not describe the line.
    for (const f of filters) {
      if (f.key) used.add(f.key);
      const prefix = /^([A-Za-z]+)[_-]/.exec(f.text)?.[1]?.toLowerCase();
      if (prefix) for (const w of reading.words) if (abbreviates(prefix, w) || abbreviates(prefix, stem(w))) used.add(w);
      if (/^\d{1,3}(\.\d{1,3}){3}/.test(f.text)) for (const w of ['ip', 'address', 'host', 'node', 'client']) used.add(w);
    }
    const words = reading.words.filter((w) => !used.has(w));
    const { all: candidates, holding } = this.candidates(input, filters, loaded.all);
    // Ranked over every kind of line in scope, so "failed passwords from X" knows what a failed
    // password line is even when X only ever logged in successfully (the answer is then 0).
    const rankedAll = this.ranker.rank(candidates, words);
    const best = rankedAll[0]?.score ?? 0;
    const intent: Intent = reading.intent ?? 'lookup';
    // "how many ERROR lines did WindowManager log?", "which level is most common for X?": the lines whose header says so
    const header = headerPlan(input.question, reading, words, candidates, filters, holding);
    if (header) {
      const kept = filters.filter((f) => !header.dropFilters.includes(f));
      const { dropFilters: _, ...rest } = header;
      return { ...base, ...rest, route: 'exact', filters: kept, alternatives: [] };
    }
    // "top user agent": no line's words fit, but a slot named by two question words (user_agent) says which lines.
    const byKey = filters.length === 0 && reading.intent && best < MIN_FIT ? this.keyNamedTargets(candidates, words) : undefined;
    if (byKey) {
      const { targets: kt, key } = byKey;
      const slot = this.slots.choose(kt.map((t) => t.templateId), input.streamIds, reading, reading.intent!, filters, new Set(), key)?.slot;
      if (slot) {
        const reason = `${reading.intent} over ${kt.length} kind(s) of line holding a "${key}" value, slot ${slot.key}`;
        return { ...base, intent: reading.intent!, route: 'exact', reason, filters, targets: kt, alternatives: [], slot, ...(reading.intent === 'topk' ? { k: reading.k ?? 5 } : {}) };
      }
    }
    // "most frequent log level", "which component logged the most lines": the text each kind of line writes there
    const field = intent === 'topk' && filters.length === 0 && asksAllLines(words.filter((w) => !FIELD_NOUNS.has(w))) ? reading.words.map((w) => FIELD_NOUNS.get(w)).find(Boolean) : undefined;
    const byField = field ? fieldTargets(candidates.values(), field) : undefined;
    if (byField) {
      const reason = `topk over ${byField.targets.length} kind(s) of line, by the ${field} each writes`;
      return { ...base, intent, route: 'exact', reason, filters, targets: byField.targets, alternatives: [], slot: byField.slot, k: reading.k ?? 5 };
    }
    // "process id with the most log lines?": lines of every kind, ranked by the id their header writes (logcat's pid/tid)
    const idKey = intent === 'topk' && filters.length === 0 ? headerIdKey(input.question) : undefined;
    if (idKey && asksAllLines(words.filter((w) => !ID_WORDS.has(w)))) {
      const slot: Slot = { key: idKey, kind: 'int' };
      return { ...base, intent, route: 'exact', reason: `topk over every line, by the ${idKey} its header writes`, filters, targets: [], alternatives: [], slot, k: reading.k ?? 5 };
    }
    // "which host wrote the most log lines?": lines of every kind, ranked by the machine that wrote each
    if (intent === 'topk' && filters.length === 0 && asksAllLines(words) && reading.slotWords.some((w) => WRITER_NOUNS.has(w))) {
      const slot: Slot = { key: '', kind: 'id', writer: true };
      return { ...base, intent, route: 'exact', reason: 'topk over every line, by the machine that wrote it (its first name)', filters, targets: [], alternatives: [], slot, k: reading.k ?? 5 };
    }
    if (filters.length === 0 && (!reading.intent || best < MIN_FIT)) {
      return { ...base, intent, route: 'search', reason: reading.intent ? 'no kind of stored line fits the question' : 'no aggregate asked and no identifier named', filters, targets: [], alternatives: [] };
    }
    const tied = best >= MIN_FIT ? rankedAll.filter((t) => t.score >= TIE_SHARE * best) : [];
    // Of kinds tied on score, one holding strictly fewer of the question's words than the best
    // explains less of it ("serving a block throw": "Served block" lacks the exception the best holds).
    const fitting = tied.length > 1 ? narrowBySpelling(this.ranker.dropSubsumed(tied, words), input.question, reading.literals) : tied;
    const ranked = holding ? rankedAll.filter((t) => holding.has(t.templateId)) : rankedAll;
    let targets = holding ? fitting.filter((t) => holding.has(t.templateId)) : fitting;
    if (targets.length === 0 && holding) {
      const bestHolding = ranked[0]?.score ?? 0;
      // A count of a described kind of line that never holds the identifier is 0, over that kind,
      // unless a kind holding it fits the description nearly as well (then that kind is meant).
      if (intent === 'count' && fitting.length > 0 && bestHolding < ALTERNATIVE_SHARE * best) targets = fitting;
      // Else the kinds holding the identifiers that fit best; with no describing word, all of them.
      else targets = bestHolding > 0 ? ranked.filter((t) => t.score >= TIE_SHARE * bestHolding) : ranked;
    }
    // "how many lines did node-35 log?": every kind of line holding the entity, counted under the slot it writes itself
    if (intent === 'count' && holding && filters.some((f) => f.match === 'value') && asksAllLines(words)) {
      targets = ranked;
      if (asksWriter(input.question)) {
        for (const f of filters) {
          const key = f.match === 'value' && !f.key ? writerKey(this.db, f.text, input.streamIds) : undefined;
          if (key !== undefined) f.key = key;
        }
      }
    }
    // "which NTP server did hosts sync to": the kinds of line writing that verb with that preposition
    // before a value ("synchronized to <*>") are the ones meant, and that value, keyed by the verb, is
    // asked, where the kinds that fit best merely share a word ("kernel time sync disabled"). Where
    // the best writes it already ("synchronized to <*>" beside "ntpd[<*>]"), the tied kinds writing it
    // are kept and its value is asked all the same, over a key another word names ("ntpd").
    const dangles = reading.dangling && (intent === 'topk' || intent === 'lookup') ? reading.dangling : undefined;
    const byPreposition = dangles ? prepositionTargets(prepositionTargets(targets.slice(0, 1), dangles) ? targets : ranked, dangles) : undefined;
    if (byPreposition) targets = byPreposition.targets;
    const alternatives = ranked.filter((t) => !targets.includes(t) && t.score >= ALTERNATIVE_SHARE * (targets[0]?.score ?? best) && t.score > 0).slice(0, 3);
    const memberIds = (ts: TargetTemplate[]) => ts.flatMap((t) => candidates.get(t.templateId)?.members ?? [t.templateId]);
    // "bytes that came from 10.0.0.1": of the kinds holding the address, those writing it at the sending end
    if (targets.length > 1 && NUMERIC_INTENTS.includes(intent)) targets = this.byEndOfIdentifier(input.question, filters, targets, memberIds, input.streamIds);
    this.narrowFilterSlots(filters, memberIds(targets), input.streamIds, words);
    for (const k of unkeyed) {
      const key = this.slotNamedFor(k.text, memberIds(targets), input.streamIds, words);
      if (key !== undefined) filters.push({ text: k.text, key, match: 'value' });
    }
    let slot: Slot | undefined;
    let weight: Slot | undefined;
    // "how many core files were generated": the lines say "generated 128 core files", so the
    // answer is the sum of that number, not a count of lines.
    let planned: Intent = intent;
    const counted = /\bhow many ([a-z]+)(?: ([a-z]+))?/i.exec(input.question);
    if (intent === 'count' && counted) {
      const nouns = [counted[1], counted[2]].filter(Boolean).map((w) => stem(w!.toLowerCase()));
      // "1 ambient=29": a word written as the next value's `key=` names that value, not the number before it
      const keyOfNext = (w: string) => targets.some((t) => namesNextValue(candidates.get(t.templateId)?.template ?? '', w));
      const hit = this.profile(memberIds(targets), input.streamIds).find((p) => NUMERIC_KINDS.has(p.kind) && p.after && nouns.includes(stem(p.after)) && !keyOfNext(p.after));
      if (hit) {
        planned = 'sum';
        slot = { key: hit.key, kind: hit.kind };
      }
    }
    if (planned !== intent) {
      const reason = `sum of the number before "${counted![1]}" in ${targets.length} kind(s) of line (the lines state how many)`;
      return { ...base, intent: planned, route: 'exact', reason, filters, targets, alternatives, slot };
    }
    // "how many bytes were sent and received": the sum over both slots named
    const pair = intent === 'sum' || intent === 'lookup' ? pairedKeys(input.question, this.profile(memberIds(targets), input.streamIds)) : undefined;
    if (pair) {
      const reason = `sum of ${pair.keys.join(' and ')} over ${targets.length} kind(s) of line` + (filters.length ? ` with ${filters.map((f) => `"${f.text}"`).join(', ')}` : '');
      return { ...base, intent: 'sum', route: 'exact', reason, filters, targets, alternatives, slot: { key: pair.keys[0], kind: pair.kind, keys: pair.keys } };
    }
    // "which node logged the most "Linkerror ..." lines": the machine that wrote each of those lines
    if (intent === 'topk' && !byPreposition && targets.length > 0 && reading.asked !== undefined && WRITER_NOUNS.has(reading.asked) && WROTE_LINES.test(input.question)) {
      const reason = `topk over ${targets.length} kind(s) of line, by the machine that wrote each (its first name)`;
      return { ...base, intent, route: 'exact', reason, filters, targets, alternatives, slot: { key: '', kind: 'id', writer: true }, k: reading.k ?? 5 };
    }
    if (['sum', 'min', 'max', 'avg', 'topk', 'lookup'].includes(intent)) {
      const hints = new Set((input.usedWords ?? []).map((w) => w.toLowerCase()));
      // the preposition's object is the one value asked: no other word of the question picks the slot
      const pinned = byPreposition && this.slots.choose(memberIds(targets), input.streamIds, { ...reading, slotWords: [], words: [], asked: undefined }, intent, filters, hints, byPreposition.key);
      const byTotal = weighted && intent === 'topk' ? weightReadings(reading, weighted.words) : undefined;
      // the kinds that fit and hold the number totalled ("close, N bytes sent"), over kinds sharing other words ("open through proxy")
      const holds = (t: TargetTemplate) => holdsWeight(this.profile(memberIds([t]), input.streamIds), weighted!.words);
      const weighable = byTotal && !targets.every(holds) ? ranked.slice(0, MAX_WEIGHED_KINDS).filter((t) => t.score > 0 && holds(t)) : [];
      if (weighable.length) targets = weighable.filter((t) => t.score >= TIE_SHARE * weighable[0].score);
      let chosen = pinned && pinned.slot.key === byPreposition!.key ? pinned : this.slots.choose(memberIds(targets), input.streamIds, byTotal?.group ?? reading, intent, filters, hints);
      // Two kinds of line fit the words alike ("ntp sync" lines and "synchronized to <*>" lines): when the
      // chosen kinds hold no slot the question names, a close runner-up that does is the kind meant.
      // For a ranking or a look-up, chosen kinds whose slot no slot noun of the question names
      // ("ntpd" names the pid in "ntpd[<*>]", not the "NTP server" asked) give way the same way.
      // (the preposition's value, once found, is the one asked: no runner-up takes its place)
      const weak = (!pinned || chosen !== pinned) && ((chosen?.score ?? 0) < NAMED_SLOT || ((intent === 'topk' || intent === 'lookup') && !chosen?.byNoun));
      if (weak && reading.slotWords.length > 0) {
        for (const alt of alternatives) {
          const c = this.slots.choose(memberIds([alt]), input.streamIds, reading, intent, filters, hints);
          // a guessed slot gives way to a kind whose slot the noun names; one a plain word named, only to a noun-named key
          if (c && c.byNoun && c.score >= ((chosen?.score ?? 0) < NAMED_SLOT ? NAMED_SLOT : KEY_NAMED)) {
            alternatives.splice(alternatives.indexOf(alt), 1, ...targets.slice(0, 1));
            targets = [alt];
            chosen = c;
            break;
          }
        }
      }
      slot = chosen?.slot;
      weight = byTotal && slot ? this.slots.choose(memberIds(targets), input.streamIds, byTotal.weight, 'sum', filters, hints)?.slot : undefined;
      if (weight && weight.key === slot?.key) weight = undefined;
      // "which user had the most failed logins": the user slot of every kind of line counted, whatever each names it
      if (slot && intent === 'topk') {
        const more = aliasKeys(this.db, slot, memberIds(targets), input.streamIds);
        if (more.length) slot = { ...slot, keys: [slot.key, ...more] };
      }
      // A numeric aggregate without a numeric slot cannot be computed exactly.
      if (!slot && ['sum', 'min', 'max', 'avg'].includes(intent)) {
        return { ...base, intent, route: 'search', reason: 'no numeric value in the lines that fit', filters, targets, alternatives };
      }
    }
    // No slot holds the value asked of the first (last) line: the question asks when after all.
    if (pick && !slot) {
      const reason = `${pick} over ${targets.length === 0 ? 'every line holding the identifiers' : `${targets.length} kind(s) of line`}` + (filters.length ? ` with ${filters.map((f) => `"${f.text}"`).join(', ')}` : '');
      return { ...base, intent: pick, route: 'exact', reason, filters, targets, alternatives };
    }
    // A bare lookup without identifiers or a slot is a search.
    if (intent === 'lookup' && filters.length === 0 && !slot) {
      return { ...base, intent, route: 'search', reason: 'nothing specific to look up', filters, targets, alternatives };
    }
    const reason =
      `${intent} over ${targets.length === 0 ? 'every line holding the identifiers' : `${targets.length} kind(s) of line`}` +
      (filters.length ? ` with ${filters.map((f) => `"${f.text}"`).join(', ')}` : '') +
      (slot ? `, slot ${slot.key || '(any)'} (${slot.kind})` : '') +
      (weight ? `, by the total of ${weight.key} (${weight.kind})` : '') +
      (pick ? `, in the ${pick} line` : '');
    return { ...base, intent, route: 'exact', reason, filters, targets, alternatives, slot, ...(weight ? { weight } : {}), ...(intent === 'topk' ? { k: reading.k ?? 5 } : {}), ...(pick && slot ? { pick } : {}) };
  }

  /**
   * "from X" / "to X": of the target kinds holding identifier X, those that hold it under a key of
   * that end of a transfer ("Received block ... from /X", "src: /X"), where any does; the others
   * hold X in another role ("blockMap updated: X is added": the datanode storing it).
   */
  private byEndOfIdentifier(question: string, filters: Filter[], targets: TargetTemplate[], memberIds: (ts: TargetTemplate[]) => number[], streamIds: number[]): TargetTemplate[] {
    for (const f of filters) {
      if (f.match !== 'value' || f.key) continue;
      const at = question.indexOf(f.text);
      const end = at > 0 ? /\b(from|to)\s*[/]?$/i.exec(question.slice(Math.max(0, at - 8), at))?.[1]?.toLowerCase() : undefined;
      if (end !== 'from' && end !== 'to') continue;
      const eq = valueEquals(f.text);
      const rows = this.db
        .prepare(
          `SELECT DISTINCT template_id, key FROM (SELECT template_id, key FROM entry_values WHERE ${eq.sql}
             AND template_id IN (SELECT value FROM json_each(?)) AND stream_id IN (SELECT value FROM json_each(?)) LIMIT ?)`,
        )
        .all(...eq.params, JSON.stringify(memberIds(targets)), JSON.stringify(streamIds), PROFILE_ROWS) as { template_id: number; key: string }[];
      const endKeys: readonly string[] = DIRECTION_KEYS[end];
      const atEnd = new Set(rows.filter((r) => endKeys.includes(r.key)).map((r) => r.template_id));
      const kept = targets.filter((t) => memberIds([t]).some((m) => atEnd.has(m)));
      // the kinds kept must still state a number to aggregate ("Receiving block ... dest: X" states no size)
      const numbers = kept.length > 0 && this.profile(memberIds(kept), streamIds).some((p) => NUMERIC_KINDS.has(p.kind) && p.distinct > 1);
      if (numbers && kept.length < targets.length) return kept;
    }
    return targets;
  }

  /**
   * An identifier that sits in two slots of the same kind of line ("Received connection request
   * /B" logged by listener A: an address is either) means the slot the question names: "requests
   * from B" is B in the `request` slot. Only when exactly one of its slots is named by a question word.
   */
  private narrowFilterSlots(filters: Filter[], templateIds: number[], streamIds: number[], words: string[]): void {
    if (templateIds.length === 0 || words.length === 0) return;
    const stems = new Set(words.map(stem));
    for (const f of filters) {
      if (f.match !== 'value' || f.key) continue;
      const eq = valueEquals(f.text);
      const keys = this.db
        .prepare(
          `SELECT DISTINCT key FROM (SELECT key FROM entry_values WHERE ${eq.sql}
             AND template_id IN (SELECT value FROM json_each(?)) AND stream_id IN (SELECT value FROM json_each(?)) LIMIT ?)`,
        )
        .pluck()
        .all(...eq.params, JSON.stringify(templateIds), JSON.stringify(streamIds), PROFILE_ROWS) as string[];
      if (keys.length < 2) continue;
      const named = keys.filter((k) => k && stems.has(stem(k.split('.').pop() ?? k)));
      if (named.length === 1) f.key = named[0];
    }
  }

  /**
   * The slot of the target lines that holds a number the question named by another noun ("server 3"
   * in "Cannot open channel to 3"): the only slot holding it, or the one a question word names.
   */
  private slotNamedFor(text: string, templateIds: number[], streamIds: number[], words: string[]): string | undefined {
    if (templateIds.length === 0) return undefined;
    const keys = this.db
      .prepare(
        `SELECT DISTINCT key FROM (SELECT key FROM entry_values WHERE norm = lower(?)
           AND template_id IN (SELECT value FROM json_each(?)) AND stream_id IN (SELECT value FROM json_each(?)) LIMIT ?)`,
      )
      .pluck()
      .all(text, JSON.stringify(templateIds), JSON.stringify(streamIds), PROFILE_ROWS) as string[];
    if (keys.length === 1 && keys[0]) return keys[0];
    const stems = new Set(words.map(stem));
    const named = keys.filter((k) => k && stems.has(stem(k.split('.').pop() ?? k)));
    return named.length === 1 ? named[0] : undefined;
  }

  private keyedExists(key: string, text: string, input: PlanInput): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM entry_values WHERE norm = lower(?) AND key = ? AND stream_id IN (SELECT value FROM json_each(?)) LIMIT 1')
        .get(text, key, JSON.stringify(input.streamIds)) !== undefined
    );
  }

  private literalExists(text: string, input: PlanInput): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM entries WHERE stream_id IN (SELECT value FROM json_each(?)) AND instr(line, ?) > 0
           ${input.window ? 'AND ts_ns >= ? AND ts_ns < ?' : ''} LIMIT 1`,
        )
        .get(JSON.stringify(input.streamIds), text, ...(input.window ? [input.window.startNs, input.window.endNs] : [])) !== undefined
    );
  }

  private valueExists(text: string, input: PlanInput): boolean {
    const eq = valueEquals(text);
    return (
      this.db.prepare(`SELECT 1 FROM entry_values WHERE ${eq.sql} AND stream_id IN (SELECT value FROM json_each(?)) LIMIT 1`).get(...eq.params, JSON.stringify(input.streamIds)) !==
      undefined
    );
  }

  /** The scope's kinds of line; with filters, also those whose lines hold every filter value. */
  private candidates(input: PlanInput, filters: Filter[], out: Map<number, Candidate>): { all: Map<number, Candidate>; holding?: Set<number> } {
    let allowed: Set<number> | undefined;
    for (const f of filters) {
      const ids = new Set<number>();
      if (f.match === 'value') {
        const eq = valueEquals(f.text);
        const tids = this.db
          .prepare(
            `SELECT DISTINCT template_id FROM (SELECT template_id FROM entry_values
               WHERE ${eq.sql} ${f.key ? 'AND key = ?' : ''} AND stream_id IN (SELECT value FROM json_each(?))
               ${input.window ? 'AND ts_ns >= ? AND ts_ns < ?' : ''} LIMIT ?)`,
          )
          .pluck()
          .all(...eq.params, ...(f.key ? [f.key] : []), JSON.stringify(input.streamIds), ...(input.window ? [input.window.startNs, input.window.endNs] : []), PROFILE_ROWS) as (number | null)[];
        for (const t of tids) if (t !== null) ids.add(t);
      } else for (const text of [f.text, ...(f.alternatives ?? [])]) {
        const tids = this.db
          .prepare(
            `SELECT DISTINCT template_id FROM (SELECT template_id FROM entries
               WHERE stream_id IN (SELECT value FROM json_each(?)) AND instr(line, ?) > 0
               ${input.window ? 'AND ts_ns >= ? AND ts_ns < ?' : ''} LIMIT ?)`,
          )
          .pluck()
          .all(JSON.stringify(input.streamIds), text, ...(input.window ? [input.window.startNs, input.window.endNs] : []), PROFILE_ROWS) as (number | null)[];
        for (const t of tids) if (t !== null) ids.add(t);
      }
      const live = new Set<number>();
      for (const c of out.values()) if (c.members.some((m) => ids.has(m))) live.add(c.id);
      allowed = allowed ? new Set([...allowed].filter((x) => live.has(x))) : live;
    }
    return { all: out, holding: allowed };
  }

  /**
   * The slots of these templates: every key (listed from the value store's slot dictionary, so a key
   * late in the alphabet is not cut off by a row cap: "user_agent" after "bytes", "extra", "method"),
   * each profiled over at most its share of PROFILE_ROWS, sampled in line order (plan/slot-sample.ts).
   */
  private profile(templateIds: number[], streamIds: number[]): SlotProfile[] {
    if (templateIds.length === 0) return [];
    const ids = JSON.stringify(templateIds.slice(0, MAX_PROFILED_TEMPLATES));
    const sids = JSON.stringify(streamIds);
    type Row = { key: string; kind: ValueKind; rows: number; distinct_n: number; sample: string; highest: string; after: string | null };
    const toProfile = (r: Row): SlotProfile => ({ key: r.key, kind: r.kind, rows: r.rows, distinct: r.distinct_n, sample: r.sample, highest: r.highest, after: r.after ?? '' });
    // One pass when the lines' values fit under the cap (the usual case); key by key only past it.
    const whole = this.db
      .prepare(
        `SELECT key, kind, count(*) AS rows, count(DISTINCT lower(text)) AS distinct_n, min(text) AS sample, max(text) AS highest, max(after) AS after FROM (
           SELECT key, kind, text, after FROM entry_values
            WHERE template_id IN (SELECT value FROM json_each(?)) AND stream_id IN (SELECT value FROM json_each(?)) LIMIT ?)
         GROUP BY key, kind`,
      )
      .all(ids, sids, PROFILE_ROWS) as Row[];
    if (whole.reduce((a, r) => a + r.rows, 0) < PROFILE_ROWS) return whole.map(toProfile);
    const keys = this.db
      .prepare(TEMPLATE_KEYS_SQL)
      .pluck()
      .all(ids, MAX_PROFILED_KEYS) as string[];
    if (keys.length === 0) return [];
    const per = Math.max(MIN_ROWS_PER_KEY, Math.floor(PROFILE_ROWS / keys.length));
    const sampled = templateIds.slice(0, MAX_PROFILED_TEMPLATES);
    return keys.flatMap((key) => (this.sampler.profile(sampled, key, sids, per) as Row[]).map(toProfile));
  }

  /** The slot the question asks about, from its nouns, the intent and the slots the lines have. */
  /** Templates holding a value under a key two question words name ("user agent": user_agent), when no template's words fit. */
  private keyNamedTargets(candidates: Map<number, Candidate>, words: string[]): { targets: TargetTemplate[]; key: string } | undefined {
    const keys = joinedKeys(words);
    if (keys.length === 0 || candidates.size === 0) return undefined;
    const ids = [...candidates.values()].slice(0, KEY_LOOKUP_TEMPLATES).flatMap((c) => c.members);
    const rows = this.db
      .prepare(KEYS_HELD_SQL)
      .all(JSON.stringify(ids), JSON.stringify(keys)) as { template_id: number; key: string }[];
    if (rows.length === 0) return undefined;
    const key = rows[0].key;
    const live = new Set<number>();
    for (const c of candidates.values()) if (c.members.some((m) => rows.some((r) => r.key === key && r.template_id === m))) live.add(c.id);
    const targets = [...live].map((id) => ({ templateId: id, template: candidates.get(id)!.template, streamId: candidates.get(id)!.streamId, score: MIN_FIT }));
    return targets.length ? { targets, key } : undefined;
  }
}
