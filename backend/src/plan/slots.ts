// How question words name a slot beyond its literal key: two words typed apart that the log writes
// as one key ("applicable state" for ApplicableState=, "user agent" for user_agent), a compound key
// ending in the noun asked ("altitude" for totalAltitude=), and slots that are clocks, not measures.
import { stem } from './question.js';

/** A key normalised for comparison: lowercase letters and digits only ("user_agent" is useragent). */
const flat = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Shortest question word read as the tail of a compound key (shorter ones end too many keys: "id", "max"). */
const MIN_TAIL = 4;

/** Two consecutive question words written as one key: "applicable state" names applicablestate. */
export function joinedNames(key: string, words: readonly string[]): boolean {
  const k = flat(key.split('.').pop() ?? key);
  if (k.length < 4) return false;
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i].toLowerCase();
    const b = words[i + 1].toLowerCase();
    if (k === a + b || k === a + stem(b) || k === stem(a) + stem(b)) return true;
  }
  return false;
}

/** A one-word compound key ending in the question's noun: "altitude" names totalaltitude, "calories" totalcalories. */
export function tailNames(key: string, word: string): boolean {
  const k = key.split('.').pop() ?? key;
  if (/[^A-Za-z0-9]/.test(k)) return false;
  const lk = k.toLowerCase();
  const w = word.toLowerCase();
  for (const t of new Set([w, stem(w)])) if (t.length >= MIN_TAIL && lk.length > t.length + 2 && lk.endsWith(t)) return true;
  return false;
}

/**
 * Names people give a field that web and proxy logs key otherwise (combined log format writes the
 * client software as its user agent). Vocabulary of the formats, not of any one log.
 */
const KEY_ALIASES: Record<string, string[]> = {
  'client software': ['user_agent', 'useragent', 'agent'],
  browser: ['user_agent', 'useragent', 'agent'],
  referrer: ['referer', 'referrer'],
};

/** Keys two consecutive question words could be written as ("user agent": user_agent, useragent), and known aliases. */
export function joinedKeys(words: readonly string[]): string[] {
  const out: string[] = [];
  const text = words.map((w) => w.toLowerCase()).join(' ');
  for (const [phrase, keys] of Object.entries(KEY_ALIASES)) if (` ${text} `.includes(` ${phrase} `)) out.push(...keys);
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i].toLowerCase();
    const b = words[i + 1].toLowerCase();
    out.push(`${a}_${b}`, `${a}${b}`, `${a}-${b}`);
  }
  return out;
}

/**
 * Epoch seconds from 2000 to 2100: a slot whose every value is one is the line's clock written as a
 * number (HPC, BGL headers), not a measure to take the largest or sum of.
 */
const EPOCH_SECONDS = { min: 946_684_800, max: 4_102_444_800 };

export function isEpochSlot(kind: string, lowest: string, highest: string): boolean {
  if (kind !== 'int') return false;
  const ok = (t: string) => /^\d{9,10}$/.test(t) && Number(t) >= EPOCH_SECONDS.min && Number(t) <= EPOCH_SECONDS.max;
  return ok(lowest) && ok(highest);
}
