// Matching question words against a template's words: stems, camelCase parts, joined pairs, a
// log's vowel-less abbreviations ("blk" for block) and adjacent phrases.
import { stem } from './question.js';

const TEMPLATE_WORDS = /[A-Za-z][A-Za-z0-9_]*/g;

/** The template's words, stemmed, in order (camelCase and snake_case split: "addStoredBlock" is add stored block). */
export function templateWords(t: string): string[] {
  const out: string[] = [];
  for (const m of t.replace(/<\*>/g, ' ').matchAll(TEMPLATE_WORDS)) {
    for (const part of m[0].split(/(?<=[a-z])(?=[A-Z])|_/)) if (part.length > 1) out.push(stem(part));
  }
  return out;
}

export function templateStems(words: string[], raw: string): Set<string> {
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
export function hasStem(stems: Set<string>, q: string): boolean {
  if (stems.has(q)) return true;
  if (q.length < 3) return false;
  if (undoubled(q) && stems.has(undoubled(q)!)) return true;
  for (const t of stems) {
    if (t.length > q.length && t.length - q.length <= 2 && t.startsWith(q)) return true;
    // a log's vowel-less abbreviation of the word: "blk" for block, "msg" for message, "pkt" for packet
    if (t.length >= 3 && t.length <= MAX_ABBREVIATION && t.length < q.length && !/[aeiou]/.test(t.slice(1)) && abbreviates(t, q)) return true;
  }
  return false;
}

/** Shortest stem whose doubled last consonant is read as single ("cancell", "stopp"; "fill", "call" stay). */
const MIN_UNDOUBLE = 5;

/**
 * A stem ending in a doubled consonant, that consonant once: "cancelled" and "stopped" stem to "cancell"
 * and "stopp" and name the lines' "cancel" and "stop" (the stemmer keeps the doubling: "install" is a word).
 */
function undoubled(q: string): string | undefined {
  const n = q.length;
  return n >= MIN_UNDOUBLE && q[n - 1] === q[n - 2] && !/[aeiou]/.test(q[n - 1]) ? q.slice(0, -1) : undefined;
}

/** Longest template word read as an abbreviation ("blk", "pkt", "msg"; longer vowel-less runs are names). */
const MAX_ABBREVIATION = 4;

/**
 * A template's words and stems with hasStem() answered from sets built once: the planner ranks every
 * template of a scope against every question, and at 1,542 templates (a 1M-line store of 16 LogHub
 * systems) stemming them and walking each stem set per question word took 50-110 ms of every ask.
 * has(q) equals hasStem(stems, q) (plan/words.test.ts checks it over LogHub templates).
 */
export class TemplateStems {
  readonly words: string[];
  readonly stems: Set<string>;
  /** Stems' prefixes one or two letters short (of 3+ letters): a question word they extend. */
  private readonly near = new Set<string>();
  /** Stems read as abbreviations ("blk"). */
  private readonly abbreviations: string[] = [];

  constructor(raw: string) {
    this.words = templateWords(raw);
    this.stems = templateStems(this.words, raw);
    for (const t of this.stems) {
      for (const cut of [1, 2]) if (t.length - cut >= 3) this.near.add(t.slice(0, t.length - cut));
      if (t.length >= 3 && t.length <= MAX_ABBREVIATION && !/[aeiou]/.test(t.slice(1))) this.abbreviations.push(t);
    }
  }

  has(q: string): boolean {
    if (this.stems.has(q)) return true;
    if (q.length < 3) return false;
    const u = undoubled(q);
    if (u && this.stems.has(u)) return true;
    if (this.near.has(q)) return true;
    for (const t of this.abbreviations) if (t.length < q.length && abbreviates(t, q)) return true;
    return false;
  }
}

/** Memoised TemplateStems by template text, bounded (a template's text changes when it generalises). */
export class TemplateStemsCache {
  private readonly byText = new Map<string, TemplateStems>();

  constructor(private readonly capacity = TEMPLATE_STEMS_CACHE) {}

  of(template: string): TemplateStems {
    let t = this.byText.get(template);
    if (!t) {
      if (this.byText.size >= this.capacity) this.byText.clear();
      t = new TemplateStems(template);
      this.byText.set(template, t);
    }
    return t;
  }
}

/** Template texts whose stems are kept: ~1-2 KB each, so at most ~64 MB; a store of 16 systems had 1,542. */
const TEMPLATE_STEMS_CACHE = 32_768;

/** Adjacent question words found adjacent in the template: "find child" in "Can't find child <*>". */
export function phraseHits(qStems: string[], words: string[]): number {
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) pairs.add(`${words[i]} ${words[i + 1]}`);
  let n = 0;
  for (let i = 0; i + 1 < qStems.length; i++) if (pairs.has(`${qStems[i]} ${qStems[i + 1]}`)) n++;
  return n;
}


/** Whether the letters of `abbr` appear in order in `word`, starting with its first ("blk" in "block"). */
export function abbreviates(abbr: string, word: string): boolean {
  if (!abbr || abbr[0] !== word[0] || abbr.length > word.length) return false;
  let i = 0;
  for (const ch of word) if (ch === abbr[i]) i++;
  return i === abbr.length;
}
