// Which slot of the chosen lines a question asks about (aggregates, groups by or reads): the
// nouns and keys the question names, the asked noun, directions, addresses, scored over the slots
// the planner profiled. Split from planner.ts, which composes it.
import type { Database } from 'better-sqlite3';
import { NUMERIC_KINDS, type ValueKind } from '../values/types.js';
import { SLOT_NOUNS, stem, type QuestionReading } from './question.js';
import { ADDRESS_WITH_PORT, IPV4, isEpochSlot, joinedNames, ownKey, tailNames, WHOLE_ADDRESS_WORDS } from './slots.js';
import { abbreviates } from './words.js';
import { GROUP_ADDRESS_WORDS, LOOKUP_ADDRESS_WORDS, NOUN_KINDS } from './vocabulary.js';
import { valueEquals } from './sql.js';
import type { Filter, Intent, Slot } from './types.js';

/** A slot score at or above which a question word names the slot (a noun's kind, a key); below it the slot was guessed. */
export const NAMED_SLOT = 1.5;
/** A slot score at or above which the slot's key itself was named (not only its kind). */
export const KEY_NAMED = 3;
/** What a slot noun naming the key adds over a plain word naming another key (3 + this > 3.1). */
export const NOUN_KEY_BONUS = 0.15;
/** What asking "ip:port" / "address with port" adds to a slot holding an address with its port (over a plain IP's 2). */
export const WHOLE_ADDRESS_BONUS = 0.5;
/**
 * What the noun a question asks for ("which NTP server", "client IP with the most ...") adds to a slot
 * it names when ranking the slots of the chosen lines: above the gap between a key another word names
 * (3.35) and a kind the asked noun names (1.8), so "GET" naming the path slot of "GET <*>" lines, or
 * "hosts" the header host of "did hosts sync to", give way to the client / the server asked for.
 */
export const ASKED_NOUN_BONUS = 2;
/**
 * What the word right after "highest" / "which" / "top" adds to the rank of a slot keyed by it
 * ("highest TID of a running task": tid over task): above a slot noun's edge over a plain word
 * naming another key (3.2 vs 3.1) plus the variety tie-break (< 0.09), below the asked noun's bonus.
 */
export const HEAD_KEY_BONUS = 0.3;
/** An asked noun's score that names a slot surely: its key, or the first kind the noun names (2; a fallback kind is 1.7-1.9). */
export const STRONG_ASKED = 2;
/** What is left of a slot's rank when only another slot noun of the question names it (3.35 -> 1.68, under a fallback kind's 1.7). */
export const OTHER_NOUN_SHARE = 0.5;
/** Value rows read to tell a service's address (one port per IP) from clients' passing ports. */
const PORT_CHECK_ROWS = 5000;
/** Keys naming each end of a transfer: a question's one direction rules out the other end's keys. */
export const DIRECTION_KEYS = { from: ['from', 'src', 'source', 'sender'], to: ['to', 'dest', 'dst', 'destination', 'target'] } as const;
export const OPPOSITE_DIRECTION = { from: 'to', to: 'from' } as const;
/**
 * Keys naming a flow's direction ("N bytes sent, M bytes received" of a connection to X): "data that
 * went to X" is what was sent, "bytes from X" what was received. Only for a direction a preposition
 * names: a verb's direction ("which program received the most") names its subject's end, and the
 * verb names the key itself.
 */
export const FLOW_KEYS = { from: ['received', 'recv', 'rx', 'in', 'inbound'], to: ['sent', 'tx', 'out', 'outbound'] } as const;

/**
 * A verb's past form no stemmer reaches: "how many bytes did a connection send" names the `sent` key
 * of "N bytes sent, M bytes received" (the regular ones, received/receive, meet by stem).
 */
const IRREGULAR_PAST: Readonly<Record<string, string>> = { send: 'sent', sends: 'sent', spend: 'spent', get: 'got', gets: 'got', lose: 'lost', write: 'wrote', take: 'took' };

export interface SlotProfile {
  key: string;
  kind: ValueKind;
  /** The commonest word right after the value ("<*> core files"). */
  after: string;
  rows: number;
  distinct: number;
  /** A sample value, for the id-prefix rule ("blk_..." is a block). */
  sample: string;
  /** The greatest value as text (with `sample`, the least: an epoch-clock slot has both 9-10 digits). */
  highest: string;
}

export class SlotChooser {
  constructor(
    private readonly db: Database,
    /** The slots of the lines asked about, profiled by the planner. */
    private readonly profile: (templateIds: number[], streamIds: number[]) => SlotProfile[],
  ) {}

  choose(
    templateIds: number[],
    streamIds: number[],
    reading: QuestionReading,
    intent: Intent,
    filters: Filter[],
    /** Words that named a label value ("payment" for job=payment): they name the stream, not a slot. */
    hintWords: ReadonlySet<string> = new Set(),
    /** A key the question named outright (the no-fit fallback found the lines by it). */
    namedKey?: string,
  ): { slot: Slot; score: number; byNoun: boolean } | undefined {
    const slots = this.profile(templateIds, streamIds);
    // The slots holding the question's own identifiers are not the ones asked about. An IP the
    // question names inside an ip:port slot leaves that slot's port to ask ("lowest port from <ip>").
    // "ip:port", "host and port" ask for the address as written, the port with it
    const portAsked = reading.slotWords.some((w) => w === 'port' || w === 'ports') && !reading.slotWords.some((w) => WHOLE_ADDRESS_WORDS.has(w)) && !reading.wholeAddress;
    // "ip:port", "address with port": only a slot that writes the port with the address can answer
    const withPort = slots.some((x) => ADDRESS_WITH_PORT.has(x.kind));
    const wholeAsked = reading.wholeAddress || (reading.slotWords.some((w) => w === 'port' || w === 'ports') && reading.slotWords.some((w) => WHOLE_ADDRESS_WORDS.has(w)));
    const own = new Set<string>();
    const ownAddress = new Set<string>();
    for (const f of filters) {
      // a name matched as text ("for magnos") is held by a slot too: that slot is the question's own
      if (f.match !== 'value' && !reading.entityWords.includes(f.text)) continue;
      const eq = valueEquals(f.text);
      const rows = this.db
        .prepare(
          `SELECT DISTINCT key, kind FROM (SELECT key, kind FROM entry_values WHERE ${eq.sql}
             AND template_id IN (SELECT value FROM json_each(?)) LIMIT 1000)`,
        )
        .all(...eq.params, JSON.stringify(templateIds)) as { key: string; kind: string }[];
      // by name: a slot's kinds vary between lines ("ord-7ef1ad" an id, "ord-abcdef" a word)
      // by family too: "from 1.2.3.4 (host.example.org)" keys both `from`; naming the host leaves the IP to ask
      for (const r of rows) (IPV4.test(f.text) && ADDRESS_WITH_PORT.has(r.kind) ? ownAddress : own).add(ownKey(r.key, r.kind));
    }
    const numeric = ['sum', 'min', 'max', 'avg'].includes(intent);
    // Words of the question's own identifiers ("package" of Package_for_KB...) name no slot to read.
    const identWords = new Set(reading.filters.flatMap((f) => f.toLowerCase().match(/[a-z][a-z0-9]*/g) ?? []));
    const filterTexts = new Set(filters.map((f) => f.text.toLowerCase()));
    let best: { s: SlotProfile; score: number; rank: number; byNoun: boolean } | undefined;
    const scored: { s: SlotProfile; score: number; askedScore: number; otherNoun: boolean; byNoun: boolean; single: boolean }[] = [];
    let bestSingle: typeof best;
    for (const s of slots) {
      // the best score a slot noun of the question gave this slot (nouns come first in the loop)
      let nounScore = 0;
      const portOf = portAsked && ADDRESS_WITH_PORT.has(s.kind);
      if (numeric && !NUMERIC_KINDS.has(s.kind) && !portOf) continue;
      if (reading.groupsOnly && NUMERIC_KINDS.has(s.kind)) continue;
      if (ownAddress.has(ownKey(s.key, s.kind)) && !portOf) continue;
      // "ip:port": a plain IP cannot answer where a slot writes the address with its port
      if (wholeAsked && s.kind === 'ip' && withPort) continue;
      // free text is grouped only when the question names its key outright ("user agent": user_agent)
      if (s.kind === 'text' && intent !== 'lookup' && s.key !== namedKey && !(s.key && joinedNames(s.key, reading.words))) continue;
      if (own.has(ownKey(s.key, s.kind)) || (s.distinct === 1 && filterTexts.has(s.sample.toLowerCase()))) continue;
      if (numeric && isEpochSlot(s.kind, s.sample, s.highest)) continue;
      let score = 0;
      if (namedKey && s.key === namedKey) score = 3.2;
      // "applicable state" names ApplicableState=, "node manager" a nodemanager slot
      if (s.key && joinedNames(s.key, reading.words)) score = Math.max(score, 3.2);
      // two slot nouns typed as the key ("container id": containerid) name it as a noun does
      if (score > 0 && s.key && joinedNames(s.key, reading.slotWords)) nounScore = score;
      let quantity = 0;
      // the best score the noun the question asks for gave this slot
      let askedScore = 0;
      // the asked noun names this slot's kind first ("client": an IP), not as a fallback kind
      let askedPrimary = false;
      // another slot noun of the question names this slot ("did hosts sync to" when the server is asked)
      let otherNoun = false;
      for (const w of reading.slotWords.concat(reading.words)) {
        if (hintWords.has(w) || (identWords.has(w) && !reading.slotWords.includes(w))) continue;
        const before = score;
        // this word's own score, then the best so far
        score = 0;
        const st = stem(w);
        // "ips", "hosts": a plural the stemmer leaves whole names what its singular names
        const noun = NOUN_KINDS[w] ?? NOUN_KINDS[st] ?? NOUN_KINDS[w.replace(/s$/, '')];
        const keyStem = stem(s.key.split('.').pop() ?? s.key);
        // a slot noun of the question ("status", "port") names the slot more surely than another word
        // "application" names application_name; "user" names user_id
        const keyHead = s.key.split(/[._]/)[0];
        // the key itself outranks the head of a longer key ("step" of step_extsdm) and a compound's tail
        if (s.key && (keyStem === st || s.key === w || IRREGULAR_PAST[w] === s.key)) score = Math.max(score, SLOT_NOUNS.has(w) ? 3.2 : 3.1);
        else if (s.key && keyHead !== s.key && (keyHead === w || stem(keyHead) === st)) score = Math.max(score, SLOT_NOUNS.has(w) ? 3.2 : 3);
        // "altitude" names totalAltitude=: the compound key the log writes for that quantity
        if (s.key && NUMERIC_KINDS.has(s.kind) && tailNames(s.key, w)) score = Math.max(score, 3.05);
        // "core files" in "generated <*> core files": the word after a number names what it counts
        if (s.after && NUMERIC_KINDS.has(s.kind) && (stem(s.after) === st || s.after === w)) score = Math.max(score, 2.8);
        if (noun) {
          // A quantity noun ("time", "size", "bytes") makes a value of that kind outrank a number
          // whose key merely names the thing measured; the key still decides between two of that kind.
          if (numeric && (noun.kinds[0] === 'duration' || noun.kinds[0] === 'size') && s.kind === noun.kinds[0]) quantity = 1;
          if (noun.keys.includes(s.key)) score = Math.max(score, noun.kinds.includes(s.kind) ? 3 : 1.5);
          else if (noun.kinds.includes(s.kind)) score = Math.max(score, 2 - noun.kinds.indexOf(s.kind) * 0.1);
        }
        // an id whose prefix abbreviates the noun: blk_... is a block, ord-... an order
        const prefix = /^([A-Za-z]+)[_-]/.exec(s.sample)?.[1]?.toLowerCase();
        if (s.kind === 'id' && prefix && (abbreviates(prefix, st) || abbreviates(prefix, w))) score = Math.max(score, 2.5);
        const own = score;
        score = Math.max(before, own);
        if (score > before && reading.slotWords.includes(w)) nounScore = Math.max(nounScore, score);
        if (w !== reading.asked && reading.slotWords.includes(w) && own >= NAMED_SLOT) otherNoun = true;
        // (a key the noun lists but of another kind, 1.5, names it too loosely to be the one asked)
        if (w === reading.asked && (intent === 'topk' || intent === 'lookup') && own > NAMED_SLOT) {
          askedScore = Math.max(askedScore, own);
          if (noun?.kinds[0] === s.kind) askedPrimary = true;
        }
      }
      const byNoun = nounScore >= NAMED_SLOT;
      // "which NTP server": a key the slot noun names ("to" of "synchronized to <*>") outranks a key a
      // plain word happens to name ("ntpd" of "ntpd[<*>]", the pid) when ranking or looking up
      if (nounScore >= KEY_NAMED && (intent === 'topk' || intent === 'lookup')) score += NOUN_KEY_BONUS;
      score += quantity;
      // Without a naming word, a numeric aggregate takes the unit-bearing or most varied number.
      if (score === 0 && numeric) score = (s.kind === 'duration' || s.kind === 'size' ? 0.8 : 0.5) * Math.min(1, s.distinct / 10);
      if (score === 0 && intent === 'topk' && reading.slotWords.length === 0) score = 0.1;
      if (score > 0 && wholeAsked && ADDRESS_WITH_PORT.has(s.kind)) score += WHOLE_ADDRESS_BONUS;
      // "served from": the slot the line keys "to" is the other end (and "sent to" is not the "from" slot)
      const opposite = reading.towards ? OPPOSITE_DIRECTION[reading.towards] : undefined;
      if (opposite && ((DIRECTION_KEYS[opposite] as readonly string[]).includes(s.key) || (reading.towardsByPreposition && (FLOW_KEYS[opposite] as readonly string[]).includes(s.key)))) {
        score *= 0.5;
        askedScore *= 0.5;
      }
      // A value with no name (a header number before any word) is the subject only when nothing else is,
      // or when the noun the question asks for names it
      if (!s.key && !askedPrimary) {
        score *= 0.5;
        askedScore *= 0.5;
      }
      // One value in every line of the kinds asked about (the machine a single-host log's header
      // names) ranks nothing and tells no line from another: any slot that varies is the one asked.
      const single = (intent === 'topk' || intent === 'lookup') && s.distinct === 1 && s.rows > 1;
      // ties: the slot with more varied values is the more likely subject
      if (score > 0) scored.push({ s, score: score + Math.min(0.09, s.distinct / 1e4), askedScore, otherNoun, byNoun, single });
    }
    // Ranked with the noun asked for: a slot it names by its key or first kind ranks above slots other
    // words name; where it names any slot, one only another slot noun names is that noun's subject, not
    // what is asked. The score returned (weighed against other kinds' slots) leaves this out.
    const askedNames = scored.some((x) => x.askedScore >= NAMED_SLOT);
    const headed = headKeyed(scored.map((x) => x.s), reading.heads ?? []);
    for (const x of scored) {
      const rank = (x.askedScore >= STRONG_ASKED ? x.score + ASKED_NOUN_BONUS : askedNames && x.askedScore < NAMED_SLOT && x.otherNoun ? x.score * OTHER_NOUN_SHARE : x.score) + (headed.has(x.s) ? HEAD_KEY_BONUS : 0);
      const entry = { s: x.s, score: x.score, rank, byNoun: x.byNoun };
      if (x.single) {
        if (!bestSingle || rank > bestSingle.rank) bestSingle = entry;
      } else if (!best || rank > best.rank) best = entry;
    }
    if (!best && reading.who && reading.slotWords.includes('user')) {
      // "who disconnected the most": lines naming no user answer with the address they come from
      return this.choose(templateIds, streamIds, { ...reading, who: false, slotWords: reading.slotWords.map((w) => (w === 'user' ? 'source' : w)) }, intent, filters, hintWords, namedKey);
    }
    best ??= bestSingle;
    if (!best) return undefined;
    // "which IP", "which node": an ip:port value is read for its address, unless the port is asked.
    // A look-up reads one line's value as written unless the question asks for the address alone.
    const machine = reading.slotWords.some((w) => (intent === 'lookup' ? LOOKUP_ADDRESS_WORDS : GROUP_ADDRESS_WORDS).includes(w));
    // "which port", "lowest port": the number after the address's colon.
    const addressed = ADDRESS_WITH_PORT.has(best.s.kind);
    let part: { part?: 'port' | 'address' } = addressed && portAsked ? { part: 'port' as const } : addressed && machine && !reading.slotWords.some((w) => w.startsWith('port')) ? { part: 'address' as const } : {};
    // "which election address ...": an address asked as such, where every IP listens on one port (a
    // service's address, not a client's passing port), is the ip:port the lines write
    const onlyAddress = reading.slotWords.filter((w) => GROUP_ADDRESS_WORDS.includes(w)).every((w) => w === 'address' || w === 'addresses');
    if (part.part === 'address' && onlyAddress && this.onePortPerAddress(best.s, templateIds)) part = {};
    return { slot: { key: best.s.key, kind: best.s.kind, ...part }, score: best.score, byNoun: best.byNoun };
  }

  /** Every IP of this ip:port slot is written with one port only (over the first rows read). */
  private onePortPerAddress(s: SlotProfile, templateIds: number[]): boolean {
    const r = this.db
      .prepare(
        `SELECT count(DISTINCT norm) AS whole, count(DISTINCT substr(norm, 1, instr(norm, ':') - 1)) AS ips FROM (
           SELECT norm FROM entry_values WHERE key = ? AND kind = ? AND template_id IN (SELECT value FROM json_each(?)) LIMIT ?)`,
      )
      .get(s.key, s.kind, JSON.stringify(templateIds), PORT_CHECK_ROWS) as { whole: number; ips: number };
    return r.whole > 0 && r.whole === r.ips;
  }
}

/** The slots keyed by the first head word (head-word.ts) that keys any of them. */
function headKeyed(slots: readonly SlotProfile[], heads: readonly string[]): Set<SlotProfile> {
  for (const h of heads) {
    const st = stem(h);
    const hit = slots.filter((s) => s.key && (s.key.toLowerCase() === h || stem((s.key.split('.').pop() ?? s.key).toLowerCase()) === st));
    if (hit.length) return new Set(hit);
  }
  return new Set();
}
