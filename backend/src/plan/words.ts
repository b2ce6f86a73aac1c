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
