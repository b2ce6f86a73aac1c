// The deterministic question planner: from a question (already scoped to streams and a window by
// the retriever's question understanding) to a Plan over templates and their slot values. No LLM.
import type { Database } from 'better-sqlite3';
import type { TimeWindow } from '../types.js';
import { NUMERIC_KINDS, type ValueKind } from '../values/types.js';
import { readQuestion, SLOT_NOUNS, stem, type QuestionReading } from './question.js';
import { valueEquals } from './sql.js';
import type { Filter, Intent, Plan, Slot, TargetTemplate } from './types.js';

/**
 * Templates scoring at least this share of the best are used together ("failed password" fits
 * "Failed password for <*>" and "Failed password for invalid user <*>" equally). Below it, down
 * to ALTERNATIVE_SHARE, they are shown as alternatives.
 */
export const TIE_SHARE = 0.8;
export const ALTERNATIVE_SHARE = 0.5;
/** Template candidates read for one question (a tenant's live templates rarely exceed it). */
export const MAX_CANDIDATE_TEMPLATES = 5000;
/** Value rows read to find which templates hold a filter value, and to profile slots. */
export const PROFILE_ROWS = 20_000;
/** A share of the question's words below which no template "fits" (a question about nothing stored). */
export const MIN_FIT = 0.34;

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

interface Candidate {
  id: number;
  streamId: number;
  template: string;
  count: number;
  /** Ids of templates merged into it (their entries carry those ids). */
  members: number[];
}

const TEMPLATE_WORDS = /[A-Za-z][A-Za-z0-9_]*/g;

/** The template's words, stemmed, in order (camelCase and snake_case split: "addStoredBlock" is add stored block). */
function templateWords(t: string): string[] {
  const out: string[] = [];
  for (const m of t.replace(/<\*>/g, ' ').matchAll(TEMPLATE_WORDS)) {
    for (const part of m[0].split(/(?<=[a-z])(?=[A-Z])|_/)) if (part.length > 1) out.push(stem(part));
  }
  return out;
}

function templateStems(words: string[], raw: string): Set<string> {
  const out = new Set(words);
  // "time out" answers "timeout", "log in" answers "login": adjacent words joined count as one
  const plain = raw.replace(/<\*>/g, ' ').toLowerCase().match(/[a-z]+/g) ?? [];
  for (let i = 0; i + 1 < plain.length; i++) out.add(stem(plain[i] + plain[i + 1]));
  // a camelCase name asked as one word ("blockmap", "addstoredblock") meets it whole
  for (const w of plain) if (w.length > 3) out.add(stem(w));
  return out;
}

/**
 * A question word matches a template word that is itself or extends it by a letter or two:
 * "ssh" names the "sshd" process and "ssh2" protocol, "ftp" the "ftpd" daemon.
 */
function hasStem(stems: Set<string>, q: string): boolean {
  if (stems.has(q)) return true;
  if (q.length < 3) return false;
  for (const t of stems) {
    if (t.length > q.length && t.length - q.length <= 2 && t.startsWith(q)) return true;
    // a log's vowel-less abbreviation of the word: "blk" for block, "msg" for message, "pkt" for packet
    if (t.length >= 3 && t.length <= MAX_ABBREVIATION && t.length < q.length && !/[aeiou]/.test(t.slice(1)) && abbreviates(t, q)) return true;
  }
  return false;
}

/** Longest template word read as an abbreviation ("blk", "pkt", "msg"; longer vowel-less runs are names). */
const MAX_ABBREVIATION = 4;

/** Adjacent question words found adjacent in the template: "find child" in "Can't find child <*>". */
function phraseHits(qStems: string[], words: string[]): number {
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) pairs.add(`${words[i]} ${words[i + 1]}`);
  let n = 0;
  for (let i = 0; i + 1 < qStems.length; i++) if (pairs.has(`${qStems[i]} ${qStems[i + 1]}`)) n++;
  return n;
}

/**
 * Words logs and people use for the same event. General log vocabulary, not any one system's: a
 * question's "throw" meets a line's "exception", "started" meets "running".
 */
const SYNONYMS: Record<string, string[]> = {
  throw: ['exception', 'error'],
  fail: ['error', 'exception'],
  error: ['fail', 'exception'],
  except: ['error', 'throw'],
  start: ['run', 'launch', 'begin', 'creat'],
  stop: ['terminat', 'shutdown', 'kill', 'finish'],
  login: ['logon', 'accept', 'authent'],
  timeout: ['timed', 'expir'],
  delet: ['remov', 'destroy'],
  remov: ['delet'],
  crash: ['fatal', 'panic', 'abort'],
  restart: ['reboot', 'start'],
  receiv: ['got', 'recv'],
  send: ['sent', 'transmit'],
  sent: ['send'],
  sync: ['synchron'],
  auth: ['authent', 'authoriz'],
  done: ['finish', 'complet'],
  complet: ['finish', 'done'],
  finish: ['complet', 'done'],
};

/** Function words inside quoted text that describe nothing. */
const STOP_IN_QUOTES = new Set(['the', 'a', 'an', 'of', 'to', 'for', 'in', 'on', 'at', 'by', 'is', 'and', 'or', 'n']);

/** Kinds a slot noun can name; keys it can name are its stem and these. */
const NOUN_KINDS: Record<string, { kinds: ValueKind[]; keys: string[] }> = {
  ip: { kinds: ['ip', 'ipport'], keys: ['ip', 'from', 'rhost', 'src', 'client', 'addr'] },
  address: { kinds: ['ip', 'ipport', 'hostport'], keys: ['from', 'addr', 'address'] },
  client: { kinds: ['ip', 'ipport'], keys: ['client', 'from'] },
  source: { kinds: ['ip', 'ipport', 'path'], keys: ['from', 'src', 'source'] },
  host: { kinds: ['host', 'hostport', 'ip', 'ipport'], keys: ['host', 'hostname', 'rhost', 'node'] },
  hostname: { kinds: ['host', 'hostport'], keys: ['host', 'hostname'] },
  node: { kinds: ['host', 'hostport', 'ipport', 'ip', 'word', 'id'], keys: ['node', 'host'] },
  server: { kinds: ['host', 'hostport', 'ipport', 'ip'], keys: ['server', 'host', 'to'] },
  machine: { kinds: ['host', 'hostport', 'ip', 'ipport'], keys: ['host', 'machine'] },
  datanode: { kinds: ['ipport', 'ip', 'hostport'], keys: ['datanode', 'to', 'from'] },
  port: { kinds: ['int'], keys: ['port'] },
  user: { kinds: ['word', 'id'], keys: ['user', 'for', 'username', 'account', 'login', 'ruser', 'uid'] },
  username: { kinds: ['word', 'id'], keys: ['user', 'for', 'username'] },
  account: { kinds: ['word', 'id'], keys: ['account', 'user', 'for'] },
  login: { kinds: ['word', 'id'], keys: ['user', 'for', 'login'] },
  size: { kinds: ['size', 'int', 'float'], keys: ['size', 'length', 'len', 'bytes'] },
  byte: { kinds: ['size', 'int'], keys: ['bytes', 'size', 'length'] },
  length: { kinds: ['int', 'size'], keys: ['length', 'len', 'size'] },
  duration: { kinds: ['duration', 'int', 'float'], keys: ['took', 'duration', 'elapsed', 'latency', 'time', 'after', 'in'] },
  latency: { kinds: ['duration', 'int', 'float'], keys: ['latency', 'took', 'duration', 'elapsed'] },
  long: { kinds: ['duration', 'int', 'float'], keys: ['took', 'duration', 'elapsed', 'latency', 'time', 'after', 'in'] },
  took: { kinds: ['duration', 'int', 'float'], keys: ['took'] },
  time: { kinds: ['duration', 'int', 'float'], keys: ['took', 'time', 'duration', 'elapsed'] },
  elapsed: { kinds: ['duration'], keys: ['elapsed', 'took'] },
  ms: { kinds: ['duration'], keys: ['took', 'duration'] },
  millisecond: { kinds: ['duration'], keys: ['took', 'duration'] },
  second: { kinds: ['duration'], keys: ['took', 'duration'] },
  path: { kinds: ['path'], keys: ['path', 'file'] },
  file: { kinds: ['path', 'word'], keys: ['file', 'path'] },
  url: { kinds: ['url'], keys: ['url'] },
  status: { kinds: ['int', 'word'], keys: ['status', 'code', 'state'] },
  code: { kinds: ['int', 'word'], keys: ['code', 'status'] },
  pid: { kinds: ['int'], keys: ['pid', 'process'] },
  process: { kinds: ['int', 'word'], keys: ['process', 'pid'] },
  memory: { kinds: ['size', 'int', 'float'], keys: ['memory', 'mem', 'heap'] },
  percent: { kinds: ['percent', 'float'], keys: ['percent', 'usage'] },
  version: { kinds: ['word', 'id', 'float'], keys: ['version', 'ver'] },
};

/** Whether the letters of `abbr` appear in order in `word`, starting with its first ("blk" in "block"). */
function abbreviates(abbr: string, word: string): boolean {
  if (!abbr || abbr[0] !== word[0] || abbr.length > word.length) return false;
  let i = 0;
  for (const ch of word) if (ch === abbr[i]) i++;
  return i === abbr.length;
}

interface SlotProfile {
  key: string;
  kind: ValueKind;
  /** The commonest word right after the value ("<*> core files"). */
  after: string;
  rows: number;
  distinct: number;
  /** A sample value, for the id-prefix rule ("blk_..." is a block). */
  sample: string;
}

export class Planner {
  constructor(private readonly db: Database) {}

  plan(input: PlanInput): Plan {
    const reading = readQuestion(input.question);
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
    if (input.asksForCause && !['count', 'sum', 'min', 'max', 'avg', 'topk', 'first', 'last'].includes(reading.intent ?? '')) {
      return { ...base, intent: 'lookup', route: 'cause', reason: 'a why / what-changed question: answered from change evidence', filters, targets: [], alternatives: [] };
    }
    if (input.streamIds.length === 0) {
      return { ...base, intent: reading.intent ?? 'lookup', route: 'search', reason: 'no stream in scope', filters, targets: [], alternatives: [] };
    }
    // A value filter no stored value has is looked for as text in the lines instead.
    // "as user reconcile": a word after a slot noun is that slot's value where the store has it so.
    for (const p of reading.pairs) {
      if (filters.some((f) => f.text === p.text) || !this.keyedExists(p.key, p.text, input)) continue;
      filters.push({ text: p.text, key: p.key, match: 'value' });
      reading.words = reading.words.filter((w) => w !== p.text);
    }
    for (const f of filters) if (f.match === 'value' && !f.key && !this.valueExists(f.text, input)) f.match = 'literal';
    // Quoted text no line holds ("for N seconds", "Failed to renew lease ... for") describes the
    // line in the question's words: its words join the description instead of filtering to nothing.
    for (const f of [...filters]) {
      if (f.match === 'literal' && !this.literalExists(f.text, input)) {
        filters.splice(filters.indexOf(f), 1);
        for (const w of f.text.toLowerCase().match(/[a-z][a-z0-9_]*/g) ?? []) if (!reading.words.includes(w) && w.length > 1 && w !== 'n') reading.words.push(w);
      }
    }
    const used = new Set((input.usedWords ?? []).map((w) => w.toLowerCase()));
    // "node R27-M0-N1-C:J05-U01": the noun names the identifier's kind, unless the lines name its slot so ("rhost=...").
    for (const k of reading.kindWords) if (!this.keyedExists(k.word, k.ident, input)) used.add(k.word);
    // Quoted text that lines hold is a filter and also the best description of the line ("generating core").
    for (const f of filters) {
      if (f.match !== 'literal') continue;
      for (const w of f.text.toLowerCase().match(/[a-z][a-z0-9_]*/g) ?? []) if (w.length > 1 && !reading.words.includes(w) && !STOP_IN_QUOTES.has(w)) reading.words.push(w);
    }
    // Words that only name an identifier's kind ("block" for blk_..., "variable" for "variable 9") do not describe the line.
    for (const f of filters) {
      if (f.key) used.add(f.key);
      const prefix = /^([A-Za-z]+)[_-]/.exec(f.text)?.[1]?.toLowerCase();
      if (prefix) for (const w of reading.words) if (abbreviates(prefix, w) || abbreviates(prefix, stem(w))) used.add(w);
      if (/^\d{1,3}(\.\d{1,3}){3}/.test(f.text)) for (const w of ['ip', 'address', 'host', 'node', 'client']) used.add(w);
    }
    const words = reading.words.filter((w) => !used.has(w));
    const { all: candidates, holding } = this.candidates(input, filters);
    // Ranked over every kind of line in scope, so "failed passwords from X" knows what a failed
    // password line is even when X only ever logged in successfully (the answer is then 0).
    const rankedAll = this.rank(candidates, words);
    const best = rankedAll[0]?.score ?? 0;
    const intent: Intent = reading.intent ?? 'lookup';
    if (filters.length === 0 && (!reading.intent || best < MIN_FIT)) {
      return { ...base, intent, route: 'search', reason: reading.intent ? 'no kind of stored line fits the question' : 'no aggregate asked and no identifier named', filters, targets: [], alternatives: [] };
    }
    const fitting = best >= MIN_FIT ? rankedAll.filter((t) => t.score >= TIE_SHARE * best) : [];
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
    const alternatives = ranked.filter((t) => !targets.includes(t) && t.score >= ALTERNATIVE_SHARE * (targets[0]?.score ?? best) && t.score > 0).slice(0, 3);
    const memberIds = (ts: TargetTemplate[]) => ts.flatMap((t) => candidates.get(t.templateId)?.members ?? [t.templateId]);
    this.narrowFilterSlots(filters, memberIds(targets), input.streamIds, words);
    for (const k of unkeyed) {
      const key = this.slotNamedFor(k.text, memberIds(targets), input.streamIds, words);
      if (key !== undefined) filters.push({ text: k.text, key, match: 'value' });
    }
    let slot: Slot | undefined;
    // "how many core files were generated": the lines say "generated 128 core files", so the
    // answer is the sum of that number, not a count of lines.
    let planned: Intent = intent;
    const counted = /\bhow many ([a-z]+)(?: ([a-z]+))?/i.exec(input.question);
    if (intent === 'count' && counted) {
      const nouns = [counted[1], counted[2]].filter(Boolean).map((w) => stem(w!.toLowerCase()));
      const hit = this.profile(memberIds(targets), input.streamIds).find((p) => NUMERIC_KINDS.has(p.kind) && p.after && nouns.includes(stem(p.after)));
      if (hit) {
        planned = 'sum';
        slot = { key: hit.key, kind: hit.kind };
      }
    }
    if (planned !== intent) {
      const reason = `sum of the number before "${counted![1]}" in ${targets.length} kind(s) of line (the lines state how many)`;
      return { ...base, intent: planned, route: 'exact', reason, filters, targets, alternatives, slot };
    }
    if (['sum', 'min', 'max', 'avg', 'topk', 'lookup'].includes(intent)) {
      slot = this.chooseSlot(memberIds(targets), input.streamIds, reading, intent, filters, new Set((input.usedWords ?? []).map((w) => w.toLowerCase())));
      // A numeric aggregate without a numeric slot cannot be computed exactly.
      if (!slot && ['sum', 'min', 'max', 'avg'].includes(intent)) {
        return { ...base, intent, route: 'search', reason: 'no numeric value in the lines that fit', filters, targets, alternatives };
      }
    }
    // A bare lookup without identifiers or a slot is a search.
    if (intent === 'lookup' && filters.length === 0 && !slot) {
      return { ...base, intent, route: 'search', reason: 'nothing specific to look up', filters, targets, alternatives };
    }
    const reason =
      `${intent} over ${targets.length === 0 ? 'every line holding the identifiers' : `${targets.length} kind(s) of line`}` +
      (filters.length ? ` with ${filters.map((f) => `"${f.text}"`).join(', ')}` : '') +
      (slot ? `, slot ${slot.key || '(any)'} (${slot.kind})` : '');
    return { ...base, intent, route: 'exact', reason, filters, targets, alternatives, slot, ...(intent === 'topk' ? { k: reading.k ?? 5 } : {}) };
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
        `SELECT DISTINCT key FROM (SELECT key FROM entry_values WHERE lower(text) = lower(?)
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
        .prepare('SELECT 1 FROM entry_values WHERE lower(text) = lower(?) AND key = ? AND stream_id IN (SELECT value FROM json_each(?)) LIMIT 1')
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

  /** Live templates of the scope; with value filters, only those whose lines hold every filter value. */
  private candidates(input: PlanInput, filters: Filter[]): { all: Map<number, Candidate>; holding?: Set<number> } {
    const rows = this.db
      .prepare(
        `SELECT t.id, t.stream_id, t.template, t.count, COALESCE(t.merged_into, t.id) AS live
           FROM templates t WHERE t.stream_id IN (SELECT value FROM json_each(?)) LIMIT ?`,
      )
      .all(JSON.stringify(input.streamIds), MAX_CANDIDATE_TEMPLATES * 4) as { id: number; stream_id: number; template: string; count: number; live: number }[];
    const out = new Map<number, Candidate>();
    for (const r of rows) if (r.live === r.id) out.set(r.id, { id: r.id, streamId: r.stream_id, template: r.template, count: r.count, members: [r.id] });
    for (const r of rows) if (r.live !== r.id) out.get(r.live)?.members.push(r.id);
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
      } else {
        const tids = this.db
          .prepare(
            `SELECT DISTINCT template_id FROM (SELECT template_id FROM entries
               WHERE stream_id IN (SELECT value FROM json_each(?)) AND instr(line, ?) > 0
               ${input.window ? 'AND ts_ns >= ? AND ts_ns < ?' : ''} LIMIT ?)`,
          )
          .pluck()
          .all(JSON.stringify(input.streamIds), f.text, ...(input.window ? [input.window.startNs, input.window.endNs] : []), PROFILE_ROWS) as (number | null)[];
        for (const t of tids) if (t !== null) ids.add(t);
      }
      const live = new Set<number>();
      for (const c of out.values()) if (c.members.some((m) => ids.has(m))) live.add(c.id);
      allowed = allowed ? new Set([...allowed].filter((x) => live.has(x))) : live;
    }
    return { all: out, holding: allowed };
  }

  /** Templates by how much of the question's description they hold (rare words weigh more). */
  private rank(candidates: Map<number, Candidate>, words: string[]): TargetTemplate[] {
    const list = [...candidates.values()].map((c) => {
      const ws = templateWords(c.template);
      return { c, words: ws, stems: templateStems(ws, c.template) };
    });
    const qOrdered = words.map(stem);
    // Log vocabulary says the same thing in several words: a synonym counts at half weight.
    const synonyms = new Map<string, string[]>();
    for (const q of qOrdered) {
      const syn = (SYNONYMS[q] ?? []).map(stem).filter((x) => !qOrdered.includes(x));
      if (syn.length) synonyms.set(q, syn);
    }
    const qStems = [...new Set(qOrdered)];
    const df = new Map<string, number>();
    const hasOrSyn = (stems: Set<string>, q: string) => hasStem(stems, q) || (synonyms.get(q) ?? []).some((x) => hasStem(stems, x));
    for (const { stems } of list) for (const s of qStems) if (hasOrSyn(stems, s)) df.set(s, (df.get(s) ?? 0) + 1);
    const n = Math.max(1, list.length);
    // Words no template holds ("came", "tried") carry no information about which template fits.
    const known = qStems.filter((s) => df.has(s));
    const idf = (s: string) => Math.log(1 + n / (df.get(s) ?? n));
    const total = known.reduce((a, s) => a + idf(s), 0);
    const out: TargetTemplate[] = [];
    for (const { c, words: tw, stems } of list) {
      const has = (q: string) => hasStem(stems, q);
      const got = known.reduce((a, s) => a + (has(s) ? idf(s) : hasOrSyn(stems, s) ? 0.5 * idf(s) : 0), 0);
      const recall = total > 0 ? got / total : 0;
      // Of two templates holding the question's words, the one with fewer other words fits better,
      // and one holding them in the question's order ("find child") better still.
      const precision = tw.length > 0 ? known.filter(has).length / new Set(tw).size : 0;
      const phrase = Math.min(1, phraseHits(qOrdered, tw) / Math.max(1, known.length - 1));
      const score = total > 0 ? recall * (0.85 + 0.1 * precision + 0.05 * phrase) : 0;
      out.push({ templateId: c.id, template: c.template, streamId: c.streamId, score });
    }
    return out.sort((a, b) => b.score - a.score || (candidates.get(b.templateId)!.count - candidates.get(a.templateId)!.count));
  }

  private profile(templateIds: number[], streamIds: number[]): SlotProfile[] {
    if (templateIds.length === 0) return [];
    return (
      this.db
        .prepare(
          `SELECT key, kind, count(*) AS rows, count(DISTINCT lower(text)) AS distinct_n, min(text) AS sample, max(after) AS after FROM (
             SELECT key, kind, text, after FROM entry_values
              WHERE template_id IN (SELECT value FROM json_each(?)) AND stream_id IN (SELECT value FROM json_each(?)) LIMIT ?)
           GROUP BY key, kind`,
        )
        .all(JSON.stringify(templateIds), JSON.stringify(streamIds), PROFILE_ROWS) as { key: string; kind: ValueKind; rows: number; distinct_n: number; sample: string; after: string | null }[]
    ).map((r) => ({ key: r.key, kind: r.kind, rows: r.rows, distinct: r.distinct_n, sample: r.sample, after: r.after ?? '' }));
  }

  /** The slot the question asks about, from its nouns, the intent and the slots the lines have. */
  private chooseSlot(
    templateIds: number[],
    streamIds: number[],
    reading: QuestionReading,
    intent: Intent,
    filters: Filter[],
    /** Words that named a label value ("payment" for job=payment): they name the stream, not a slot. */
    hintWords: ReadonlySet<string> = new Set(),
  ): Slot | undefined {
    const slots = this.profile(templateIds, streamIds);
    // The slots holding the question's own identifiers are not the ones asked about.
    const own = new Set<string>();
    for (const f of filters) {
      if (f.match !== 'value') continue;
      const eq = valueEquals(f.text);
      const rows = this.db
        .prepare(
          `SELECT DISTINCT key, kind FROM (SELECT key, kind FROM entry_values WHERE ${eq.sql}
             AND template_id IN (SELECT value FROM json_each(?)) LIMIT 1000)`,
        )
        .all(...eq.params, JSON.stringify(templateIds)) as { key: string; kind: string }[];
      // by name: a slot's kinds vary between lines ("ord-7ef1ad" an id, "ord-abcdef" a word)
      for (const r of rows) own.add(r.key);
    }
    const numeric = ['sum', 'min', 'max', 'avg'].includes(intent);
    const filterTexts = new Set(filters.map((f) => f.text.toLowerCase()));
    let best: { s: SlotProfile; score: number } | undefined;
    for (const s of slots) {
      if (numeric && !NUMERIC_KINDS.has(s.kind)) continue;
      if (s.kind === 'text' && intent !== 'lookup') continue;
      if (own.has(s.key) || (s.distinct === 1 && filterTexts.has(s.sample.toLowerCase()))) continue;
      let score = 0;
      let quantity = 0;
      for (const w of reading.slotWords.concat(reading.words)) {
        if (hintWords.has(w)) continue;
        const st = stem(w);
        const noun = NOUN_KINDS[w] ?? NOUN_KINDS[st];
        const keyStem = stem(s.key.split('.').pop() ?? s.key);
        // a slot noun of the question ("status", "port") names the slot more surely than another word
        // "application" names application_name; "user" names user_id
        const keyHead = s.key.split(/[._]/)[0];
        if (s.key && (keyStem === st || s.key === w || (keyHead !== s.key && (keyHead === w || stem(keyHead) === st)))) score = Math.max(score, SLOT_NOUNS.has(w) ? 3.2 : 3);
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
      }
      score += quantity;
      // Without a naming word, a numeric aggregate takes the unit-bearing or most varied number.
      if (score === 0 && numeric) score = (s.kind === 'duration' || s.kind === 'size' ? 0.8 : 0.5) * Math.min(1, s.distinct / 10);
      if (score === 0 && intent === 'topk' && reading.slotWords.length === 0) score = 0.1;
      // A value with no name (a header number before any word) is the subject only when nothing else is.
      if (!s.key) score *= 0.5;
      if (score > 0) {
        // ties: the slot with more varied values is the more likely subject
        const tie = score + Math.min(0.09, s.distinct / 1e4);
        if (!best || tie > best.score) best = { s, score: tie };
      }
    }
    if (!best) return undefined;
    // "which IP", "which node": an ip:port value is read for its address, unless the port is asked.
    const machine = reading.slotWords.some((w) => ['ip', 'ips', 'address', 'addresses', 'host', 'hosts', 'node', 'nodes', 'client', 'clients', 'machine', 'server', 'source'].includes(w));
    const part = (best.s.kind === 'ipport' || best.s.kind === 'hostport') && machine && !reading.slotWords.some((w) => w.startsWith('port')) ? { part: 'address' as const } : {};
    return { key: best.s.key, kind: best.s.kind, ...part };
  }
}
