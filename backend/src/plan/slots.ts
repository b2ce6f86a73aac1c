// How question words name a slot beyond its literal key: two words typed apart that the log writes
// as one key ("applicable state" for ApplicableState=, "user agent" for user_agent), a compound key
// ending in the noun asked ("altitude" for totalAltitude=), slots that are clocks, not measures, and
// the parts of an address a question can ask (its port) or name (its IP).
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

/** Kinds of value written with a port (the port is a part of them a question can ask for). */
export const ADDRESS_WITH_PORT: ReadonlySet<string> = new Set(['ipport', 'hostport']);
/** Words asking for an address with its port ("ip:port", "host and port"): the value as written, not its port. */
export const WHOLE_ADDRESS_WORDS: ReadonlySet<string> = new Set(['ip', 'ips', 'host', 'hosts']);
/**
 * A slot's name with whether it holds addresses: one key holds an IP and the host name restating
 * it ("from <ip> (<host>)"); naming one leaves the other to ask. Other kinds under one name are one
 * slot ("ord-7ef1ad" an id, "ord-abcdef" a word; "user 0" a number).
 */
export const ownKey = (key: string, kind: string) => `${key}|${kind === 'ip' || kind === 'ipport' ? 'ip' : ''}`;
/** A bare IPv4 address (a filter naming the address part of ip:port values). */
export const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
