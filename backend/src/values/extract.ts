// Typed values of a log line: every part of it that varies between lines of one event (numbers
// with their unit, addresses, ids, paths, and the words a template holds as <*>), each with the
// name of its slot. The slot name is the field name for JSON and logfmt lines and `key=value`
// pairs, else the word written before the value ("port 22", "size 67108864", "took 12 ms"),
// which is how a reader names it too. Names survive a template being generalised later, where
// slot positions would not.
import { parseLogfmt } from '../ingest/file.js';
import { WILDCARD } from '../templates/mask.js';
import { fieldRole, flattenFields, levelName, messageTemplateOf, parseStructured } from '../templates/structured.js';
import type { ExtractedValue, ValueKind } from './types.js';

/** Values kept per line: a payload dump is not a set of slots. */
export const MAX_VALUES_PER_LINE = 64;
/** Longest value text stored (an identifier of 10 KB is a payload, and the index entry is bounded). */
export const MAX_VALUE_CHARS = 256;
/** Lines longer than this are scanned only up to it: value extraction is linear, but bounded. */
export const MAX_SCAN_CHARS = 8192;
/** Templates with more slots than this are not aligned to the line (regex cost). */
const MAX_ALIGN_SLOTS = 24;

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000, h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
};
const SIZE_UNITS: Record<string, number> = {
  b: 1, byte: 1, bytes: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
};

/** Converts a number in `unit` to the kind's base unit (milliseconds, bytes); undefined when not convertible. */
export function toBase(num: number, unit: string | undefined): number | undefined {
  if (!unit) return undefined;
  const u = unit.toLowerCase();
  if (u in DURATION_UNITS && unit !== 'm') return num * DURATION_UNITS[u];
  // "KB", "MB" upper-cased are powers of 1024 as JVM, Spark and proxy logs write them ("1603 bytes
  // (1.56 KB)"); only "kB" and the lower-case forms are decimal
  if (BINARY_UPPER.test(unit)) return num * 1024 ** ('KMGT'.indexOf(unit[0]) + 1);
  if (u in SIZE_UNITS) return num * SIZE_UNITS[u];
  return undefined;
}

/**
 * Extensions of program and data files a log names by file name: Windows programs and libraries,
 * scripts, archives, configuration and data files (Proxifier, Windows CBS, Android, Apache logs).
 * A name ending in one is a file, not a host or a class; `com` is left to host names.
 */
const FILE_EXTS = '(?:exe|dll|sys|drv|msi|msu|mum|cat|manifest|bat|cmd|ps1|vbs|jar|war|py|sh|pl|rb|js|php|cgi|dat|ini|cfg|conf|log|txt|xml|json|ya?ml|tmp|bak|zip|gz|tgz|tar|rar|7z|so|apk|dmp)';

/** Size units written upper-case without the "i": binary, as the logs that write them mean. */
const BINARY_UPPER = /^[KMGT]B$/;

/** Top-level domains a host name ends in (a Java class name or a file name does not). */
const TLDS = '(?:com|net|org|edu|gov|mil|io|info|biz|local|lan|internal|localdomain|cluster|svc|cn|hk|uk|us|de|jp|fr|ru|br|au|ca|nl|kr|tw|eu|pl)';

// One scanner, alternatives in priority order; each named group is a kind. Units follow a number
// directly or after one space ("12 ms", "1.98 KB"), as loggers print them.
const UNIT = String.raw`(?:ns|us|µs|ms|milliseconds?|secs?|seconds?|s|mins?|minutes?|hours?|h|bytes?|[KMGT]i?B|[kmgt]i?b|B|%)`;
const SCAN = new RegExp(
  [
    // Dates and clock times are the line's header or an event time, not slot values: consumed, not kept.
    String.raw`(?<time>\b\d{4}-\d{2}-\d{2}(?:[T _]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\w-])|\b\d{2}\/\d{2}\/\d{2,4}\b|(?<![\w:.])\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?![\w:])|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?=\s+\d{1,2}:\d{2}))`,
    String.raw`(?<url>\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"'<>()\]]+)`,
    // MAC addresses ("00:11:43:e3:ba:c3") are one identifier, not a clock and four numbers
    String.raw`(?<mac>(?<![\w:.-])[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}(?![\w:.-]))`,
    String.raw`(?<uuid>\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b)`,
    String.raw`(?<ipport>(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}(?![\w.]))`,
    String.raw`(?<ip>(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.]))`,
    // a host name may start with a digit when its first label holds a letter and a domain follows
    // (Hadoop's NodeManager "04DN8IQ.fareast.corp.microsoft.com:54883"); all-digit names are versions or IPs
    String.raw`(?<hostport>(?<![\w.:/-])(?:[A-Za-z][\w-]*(?:\.[\w-]+)*|\d[\w-]*[A-Za-z][\w-]*(?:\.[\w-]+)+):\d{2,5}(?![\w.:]))`,
    // a host name ending in a known top-level domain, digits and dashes in its labels included
    // ("24-54-76-216.bflony.adelphia.net" is one host, not the number 24 and some words)
    String.raw`(?<host>(?<![\w.:/@-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+${TLDS}(?![\w.:@-]))`,
    String.raw`(?<path>(?<![\w/.~-])(?:~|\.{1,2})?(?:\/[\w.@%+~$-]+){2,}\/?)`,
    // a file or program name with its extension ("chrome.exe", "ntuser.dat", "FlashPlayerPlugin_11_9.exe") is one
    // token, and Windows writes a process's bitness after it ("chrome.exe *64", "svchost.exe *32") as part of its name
    String.raw`(?<file>(?<![\w.\/-])[A-Za-z_][\w-]*(?:\.[\w-]+)*\.(?:${FILE_EXTS})(?: \*(?:32|64))?(?![\w.\/-]))`,
    String.raw`(?<qty>(?<![\w.-])-?\d+(?:\.\d+)?(?: ?${UNIT})(?![\w%]))`,
    // ids: letters and digits joined by _ - . : (blk_-1608999687919862906, ord-3ed5bf,
    // attempt_1445144423722_0020_m_000000_0, pay-5d939954, task.12), hex runs, 0x...
    String.raw`(?<id>(?<![\w.-])(?:0[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*(?:[_\-.:][A-Za-z0-9-]*)*[_\-.:]-?[A-Za-z0-9]*\d[A-Za-z0-9_.-]*|(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8,}|[A-Za-z]+\d+[A-Za-z0-9]*\d[A-Za-z0-9]*)(?![\w-]))`,
    String.raw`(?<num>(?<![\w.-])-?\d+(?:\.\d+)?(?![\w.]|\.\d))`,
  ].join('|'),
  'g',
);

/** SCAN's named groups in the order they are written (the order of `m.groups`' keys). */
const SCAN_GROUPS = [...SCAN.source.matchAll(/\(\?<([A-Za-z]\w*)>/g)].map((g) => g[1]);

/** The kind group a SCAN match matched: the first (in pattern order) that is set. */
function groupOf(m: RegExpExecArray): string {
  const groups = m.groups!;
  for (const g of SCAN_GROUPS) if (groups[g] !== undefined) return g;
  throw new Error('SCAN matched no group');
}

/** `name:digits` whose name is camelCase (a lower-case letter then an upper-case one, no dot): a key and its number, negative too ("vCores:-27"). */
const KEYED_NUMBER = /^[A-Za-z]*[a-z][A-Z][A-Za-z]*:-?\d+$/;

// Fully qualified host names end in a known top-level domain (a Java class name does not).
const HOST_NAME = new RegExp(String.raw`^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+${TLDS}$`);
const WORD_BEFORE = /(?<![A-Za-z0-9.])([A-Za-z][A-Za-z0-9_-]*)[^A-Za-z0-9]*$/;
// `key=` / `key:` ending the text before a value: /([A-Za-z_][\w.-]*)\s*[=:]\s*["']?$/, read from the end (keyBeforeKv).
/** Words that never name a slot: "for root from 1.2.3.4" names the slots "for" and "from" only when nothing better is near. */
const WEAK_KEYS = new Set(['the', 'a', 'an', 'of', 'to', 'is', 'was', 'be', 'at', 'in', 'on', 'and', 'or', 'with', 'by', 'as', 'it']);

/** Log levels and units name no slot ("INFO 15 floating point ..."): the value's name is elsewhere. */
const NOT_NAMES = new Set(['info', 'warn', 'warning', 'error', 'err', 'debug', 'trace', 'fatal', 'notice', 'severe', 'critical', 'crit', 'alert', 'emerg']);

function isName(w: string): boolean {
  const l = w.toLowerCase();
  return !NOT_NAMES.has(l) && !(l in DURATION_UNITS) && !(l in SIZE_UNITS) && !/\d.*\d/.test(l) && l.length <= 40;
}

// The word directly before a value: /([A-Za-z][A-Za-z0-9_-]*)[ \t]*[[(#]?[ \t]*$/, read from the end (directWord).
const FOLLOWING_WORD = /^(?:[\s)\]]|\([^)]{0,40}\))*([A-Za-z][A-Za-z0-9_-]*)/;

/** The word right after a value (past a unit and a parenthesised restatement): "128 core files" -> core. */
export function wordAfter(text: string, end: number): string {
  const tail = text.slice(end, end + 64);
  const m = FOLLOWING_WORD.exec(tail);
  if (!m || !isName(m[1]) || WEAK_KEYS.has(m[1].toLowerCase())) return '';
  // "1 ambient=30": a word written as `key=` names the value after its '=', not a bare number before it
  if (tail[m[0].length] === '=') return '';
  return m[1].toLowerCase();
}

/**
 * The slot name of a value at [start, end): `key=` before it; else the word directly before it
 * ("port 22", "sshd[24200]"); else, when punctuation or a level stands before it, the word after
 * it ("(TID 8). 2128 bytes result", "close, 1603 bytes sent"); else the nearest word before.
 */
export function keyAround(text: string, start: number, end: number): string {
  return keyAroundAfter(text, start, () => wordAfter(text, end));
}

/**
 * keyAround with the word after the value given (`after`: its value, or a function computing it
 * when needed); the callers that store that word too compute it once.
 */
function keyAroundAfter(text: string, start: number, after: string | (() => string)): string {
  const head = addressHead(text.slice(Math.max(0, start - 64), start));
  const kv = keyBeforeKv(head);
  if (kv !== undefined) return ownedKey(head, kv);
  const direct = directWord(head);
  if (direct !== undefined && isName(direct)) return nearestWord(head);
  return (typeof after === 'string' ? after : after()) || nearestWord(head);
}

/**
 * The text before a value with the '/' that starts an address token removed: Java writes a socket
 * address as "/10.0.0.1:50010", so "client /10.0.0.1:5" and "src: /10.0.0.1:5" name their value as
 * "client 10.0.0.1:5" and "src: 10.0.0.1:5" do (the slash hid the key: "src: /a dest: /b" keyed
 * both `dest`). A slash inside a token ("host/10.0.0.1") is the token's, not an address prefix.
 */
function addressHead(head: string): string {
  return head.length >= 2 && head.endsWith('/') && /[\s:=]/.test(head[head.length - 2]) ? head.slice(0, -1) : head;
}

/** The nearest meaningful word before `start` (weak words skipped). */
export function keyBefore(text: string, start: number): string {
  const head = addressHead(text.slice(Math.max(0, start - 64), start));
  const kv = keyBeforeKv(head);
  if (kv !== undefined) return ownedKey(head, kv);
  return nearestWord(head);
}

/** Possessives before a `key =` that make it another slot than the bare key: "for id 1889..., my id = 3". */
const OWNED_BY = /(?:^|[^A-Za-z0-9_])(my|our|your|their|its)\s+$/i;

/**
 * A `key=` key, joined to a possessive written before it ("my id = 3": `my_id`): the line's own id
 * beside another's ("Connection broken for id <peer>, my id = <self>") is a slot of its own, not a
 * second value of `id` that a ranking or look-up of either would mix.
 */
function ownedKey(head: string, kv: string): string {
  const key = kv.toLowerCase();
  const before = head.slice(0, head.toLowerCase().lastIndexOf(key));
  const owner = OWNED_BY.exec(before)?.[1];
  if (owner) return `${owner.toLowerCase()}_${key}`;
  // "Notification time out: 60000": a particle is no name; with its verb it is one ("timeout")
  const verb = PARTICLE_KEYS.has(key) ? /(?:^|[^A-Za-z0-9_])([A-Za-z]{2,})\s+$/.exec(before)?.[1] : undefined;
  return verb && !WEAK_KEYS.has(verb.toLowerCase()) ? `${verb.toLowerCase()}${key}` : key;
}

/** Particles that name a `key =` only with the word before them ("time out:", "log in=", "set up:"). */
const PARTICLE_KEYS: ReadonlySet<string> = new Set(['out', 'up', 'off', 'down', 'over', 'in']);

const CH_A = 65, CH_Z = 90, CH_a = 97, CH_z = 122, CH_0 = 48, CH_9 = 57;
const isKeyStart = (c: number) => (c >= CH_A && c <= CH_Z) || (c >= CH_a && c <= CH_z) || c === 95; // [A-Za-z_]
const isKeyChar = (c: number) => isKeyStart(c) || (c >= CH_0 && c <= CH_9) || c === 46 || c === 45; // [\w.-]

/**
 * The key of a `key=` / `key:` (optionally `"`/`'`) ending `head`: what the `key=` pattern's group
 * captures, found from the end of `head` instead of trying every start position (the regex is
 * anchored at the end, so V8 tried each of the 64 starts). Undefined where it does not match.
 */
function keyBeforeKv(head: string): string | undefined {
  let i = head.length;
  // ["']?$
  if (i > 0 && (head.charCodeAt(i - 1) === 34 || head.charCodeAt(i - 1) === 39)) i--;
  // \s*
  while (i > 0 && WS.test(head[i - 1])) i--;
  // [=:]
  if (i === 0 || (head.charCodeAt(i - 1) !== 61 && head.charCodeAt(i - 1) !== 58)) return undefined;
  i--;
  // \s*
  while (i > 0 && WS.test(head[i - 1])) i--;
  const end = i;
  // the run of [\w.-] before it; the match starts at its first [A-Za-z_] (the leftmost start)
  while (i > 0 && isKeyChar(head.charCodeAt(i - 1))) i--;
  for (; i < end; i++) if (isKeyStart(head.charCodeAt(i))) return head.slice(i, end);
  return undefined;
}
const WS = /\s/;

const isSpaceOrTab = (c: number) => c === 32 || c === 9;
const isLetter = (c: number) => (c >= CH_A && c <= CH_Z) || (c >= CH_a && c <= CH_z);
const isWordChar = (c: number) => isLetter(c) || (c >= CH_0 && c <= CH_9) || c === 95 || c === 45; // [A-Za-z0-9_-]

/** What the direct-word pattern's group captures in `head` (the word ending it, past `[`, `(` or `#`), read from the end. */
function directWord(head: string): string | undefined {
  let i = head.length;
  while (i > 0 && isSpaceOrTab(head.charCodeAt(i - 1))) i--;
  const c = head.charCodeAt(i - 1);
  if (i > 0 && (c === 91 || c === 40 || c === 35)) {
    i--;
    while (i > 0 && isSpaceOrTab(head.charCodeAt(i - 1))) i--;
  }
  const end = i;
  while (i > 0 && isWordChar(head.charCodeAt(i - 1))) i--;
  for (; i < end; i++) if (isLetter(head.charCodeAt(i))) return head.slice(i, end);
  return undefined;
}

/** keyBefore past the `key=` check: the nearest meaningful word at the end of `head`. */
function nearestWord(head: string): string {
  // Skip weak words (up to two) back to a naming one: "of size 67108864" -> size; "added to <ip>" -> added.
  let h = head;
  let weak = '';
  for (let i = 0; i < 3; i++) {
    const m = WORD_BEFORE.exec(h);
    if (!m) return weak;
    const w = m[1].toLowerCase();
    // "1.98 KB in 1.5s": past the weak word is the previous value's unit, not a name
    if (weak && (w in DURATION_UNITS || w in SIZE_UNITS)) return weak;
    if (!WEAK_KEYS.has(w)) return isName(w) ? w : weak;
    weak ||= w;
    h = h.slice(0, m.index);
  }
  return weak;
}

function classify(kindGroup: string, text: string): { kind: ValueKind; num?: number; unit?: string } {
  switch (kindGroup) {
    case 'qty': {
      const m = /^(-?\d+(?:\.\d+)?) ?(.+)$/.exec(text)!;
      const num = Number(m[1]);
      const unit = m[2];
      if (unit === '%') return { kind: 'percent', num, unit };
      const u = unit.toLowerCase();
      if (u in SIZE_UNITS) return { kind: 'size', num, unit: normUnit(unit) };
      return { kind: 'duration', num, unit: normUnit(unit) };
    }
    case 'num':
      return { kind: text.includes('.') ? 'float' : 'int', num: Number(text) };
    case 'hostport':
      return { kind: 'hostport' };
    case 'mac':
      return { kind: 'id' };
    case 'file':
      return { kind: 'word' };
    default:
      return { kind: kindGroup as ValueKind };
  }
}

/** Canonical unit names: `12 milliseconds` and `12ms` aggregate together. */
function normUnit(unit: string): string {
  const u = unit.toLowerCase();
  if (['ms', 'millisecond', 'milliseconds'].includes(u)) return 'ms';
  if (['s', 'sec', 'secs', 'second', 'seconds'].includes(u)) return 's';
  if (['min', 'mins', 'minute', 'minutes'].includes(u)) return 'min';
  if (['h', 'hour', 'hours'].includes(u)) return 'h';
  if (['b', 'byte', 'bytes'].includes(u)) return 'B';
  if (u === 'us' || u === 'µs') return 'us';
  if (u === 'ns') return 'ns';
  // sizes: KB, MiB ... written as the line writes them, upper-cased
  return unit.length <= 3 ? unit.toUpperCase().replace('IB', 'iB') : unit;
}

/** Classifies a whole field value (JSON, logfmt): the same rules as in text, anchored. */
export function classifyWhole(text: string): { kind: ValueKind; num?: number; unit?: string } {
  SCAN.lastIndex = 0;
  const m = SCAN.exec(text);
  if (m && m.index === 0 && m[0].length === text.length) {
    const g = groupOf(m);
    if (g === 'time') return { kind: 'time' };
    return classify(g, text);
  }
  if (HOST_NAME.test(text)) return { kind: 'host' };
  if (/^\S+$/.test(text)) return { kind: 'word' };
  return { kind: 'text' };
}

interface Span {
  start: number;
  end: number;
  value: ExtractedValue;
}

/** Typed spans of free text, with their slot names. `offset` shifts positions (text inside a field). */
/** Digits and punctuation before a line's first word: its header (dates, times, sequence numbers). */
const HEADER = /^[\s\d\-/:.,+\[\]()T]*(?=[A-Za-z])/;
/**
 * Android logcat's threadtime header ("03-17 16:13:38.819  1702  8671 D Tag: ..."): the two numbers
 * after the clock are the process and thread ids (`pid`, `tid`), which "which pid logged most?" ranks
 * by. Only this shape: one number after a clock is too often a status or a count.
 */
const LOGCAT_IDS = /^\s*(?:\d{4}-)?\d{2}-\d{2}\s+\d{2}:\d{2}:\d{2}[.,]\d{3}\s+(\d{1,7})\s+(\d{1,7})\s+$/d;

function scanText(text: string, keyPrefix: string | undefined, out: Span[], offset = 0): void {
  const s = text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  // A header is consumed like a time: "081109 203615 148 INFO ..." holds no slot value.
  const header = offset === 0 && keyPrefix === undefined ? (HEADER.exec(s)?.[0].length ?? 0) : 0;
  const ids = header > 0 ? LOGCAT_IDS.exec(s.slice(0, header)) : null;
  if (ids?.indices) {
    // logcat's "<date> <time> <pid> <tid> <level> <tag>:": the process and thread ids are values of their own
    const [pidAt, pidEnd] = ids.indices[1]!;
    const [tidAt, tidEnd] = ids.indices[2]!;
    out.push({ start: 0, end: pidAt, value: { pos: 0, key: '', kind: 'time', text: '' } });
    out.push({ start: pidAt, end: pidEnd, value: { pos: 0, key: 'pid', kind: 'int', text: ids[1], num: Number(ids[1]) } });
    out.push({ start: tidAt, end: tidEnd, value: { pos: 0, key: 'tid', kind: 'int', text: ids[2], num: Number(ids[2]) } });
  } else if (header > 0) out.push({ start: 0, end: header, value: { pos: 0, key: '', kind: 'time', text: '' } });
  SCAN.lastIndex = header;
  let m: RegExpExecArray | null;
  let lastQtyEnd = -1;
  while ((m = SCAN.exec(s)) && out.length < MAX_VALUES_PER_LINE) {
    const g = groupOf(m);
    // "1603 bytes (1.56 KB)": the bracketed restatement is the same value, not a second one.
    if (g === 'qty' && lastQtyEnd >= 0 && !m[0].endsWith('%') && /^\s*\(\s*$/.test(s.slice(lastQtyEnd, m.index))) {
      out.push({ start: offset + m.index, end: offset + m.index + m[0].length, value: { pos: 0, key: '', kind: 'time', text: '' } });
      continue;
    }
    if (g === 'qty') lastQtyEnd = m.index + m[0].length;
    if (g === 'time') {
      // Kept as a consumed span so the template's slots over it are not read as values either.
      out.push({ start: offset + m.index, end: offset + m.index + m[0].length, value: { pos: 0, key: '', kind: 'time', text: '' } });
      continue;
    }
    let t = m[0];
    // "CurrentState:112", "memory:10240": a camelCase name before a colon is a key, not a host
    // (host names are written lower-case); the number is that key's value
    if ((g === 'hostport' || g === 'id') && KEYED_NUMBER.test(t)) {
      const at = t.lastIndexOf(':');
      const digits = t.slice(at + 1);
      out.push({ start: offset + m.index + at + 1, end: offset + m.index + t.length, value: { pos: 0, key: t.slice(0, at).toLowerCase(), kind: 'int', text: digits, num: Number(digits) } });
      continue;
    }
    const c = classify(g, t);
    // An id that is a plain host name ("db.example.com") is a host.
    const kind: ValueKind = c.kind === 'id' && HOST_NAME.test(t) ? 'host' : c.kind;
    if (t.length > MAX_VALUE_CHARS) t = t.slice(0, MAX_VALUE_CHARS);
    const end = m.index + m[0].length;
    const after = wordAfter(s, end);
    // a program file named where nothing names it is the program ("[time] chrome.exe *64 - host:443 ...")
    const key = keyAroundAfter(s, m.index, after) || keyPrefix || (g === 'file' && PROGRAM_FILE.test(t) ? PROGRAM_KEY : '');
    out.push({ start: offset + m.index, end: offset + end, value: { pos: 0, key, kind, text: t, num: c.num, unit: c.unit, after: after || undefined } });
  }
  // `name=value` inside a plain line ("rhost=10.1.2.3  user=root"): a word value is a value here.
  if (keyPrefix !== undefined || offset !== 0) return;
  KV_IN_TEXT.lastIndex = header;
  let kv: RegExpExecArray | null;
  while ((kv = KV_IN_TEXT.exec(s)) && out.length < MAX_VALUES_PER_LINE) {
    const vStart = kv.index + kv[0].length - kv[2].length;
    const vEnd = kv.index + kv[0].length;
    if (out.some((o) => o.start < vEnd && o.end > vStart)) continue;
    const raw = kv[2].replace(/^"|"$/g, '');
    if (!raw || raw.length > MAX_VALUE_CHARS) continue;
    const c = classifyWhole(raw);
    if (c.kind === 'time') continue;
    out.push({ start: vStart, end: vEnd, value: { pos: 0, key: kv[1].toLowerCase(), kind: c.kind, text: raw, num: c.num, unit: c.unit } });
  }
}

const KV_IN_TEXT = /(?<![\w.-])([A-Za-z_][\w.-]{0,40})=("[^"]{1,256}"|[^\s,;"()[\]]+)/g;

/** Escapes a literal for a RegExp; runs of whitespace match any run of whitespace. */
function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

/**
 * The template's slot texts in the line: the template becomes an anchored pattern whose `<*>`s
 * capture lazily. Undefined when the line does not fit the template (it was generalised since).
 */
export function alignSlots(line: string, template: string, cache?: Map<string, RegExp | null>): { start: number; end: number }[] | undefined {
  let re = cache?.get(template);
  if (re === undefined) {
    const parts = template.split(WILDCARD);
    re = parts.length - 1 > MAX_ALIGN_SLOTS || parts.length === 1 ? null : new RegExp(`^\\s*${parts.map(literal).join('(.+?)')}\\s*$`, 'sd');
    cache?.set(template, re);
  }
  if (!re || line.length > MAX_SCAN_CHARS) return undefined;
  const m = re.exec(line);
  if (!m?.indices) return undefined;
  const out: { start: number; end: number }[] = [];
  for (let i = 1; i < m.indices.length; i++) {
    const ix = m.indices[i];
    if (ix) out.push({ start: ix[0], end: ix[1] });
  }
  return out;
}

/** Keys whose value is the message of a structured line: its text is scanned like a plain line. */
const MESSAGE_KEYS = new Set(['msg', 'message', 'event', 'log', 'error', 'err', 'reason', 'description']);

/**
 * A slot widened to the whole token it sits in: a template that keeps part of a token constant
 * ("<*>.exe", "FlashPlayerPlugin_<*>") names the token, and "chrome" alone is no value a reader asks for.
 */
function wholeToken(text: string, slot: { start: number; end: number }): { start: number; end: number } {
  let { start, end } = slot;
  while (start > 0 && isTokenChar(text.charCodeAt(start - 1))) start--;
  while (end < text.length && isTokenChar(text.charCodeAt(end))) end++;
  return { start, end };
}
const isTokenChar = (c: number) => isWordChar(c) || c === 46; // [A-Za-z0-9_.-]

/** The words a template holds as `<*>` in `text` (typed spans already cover the rest). */
function templateWords(text: string, template: string, spans: Span[], cache?: Map<string, RegExp | null>): void {
  const slots = alignSlots(text, template, cache);
  for (const aligned of slots ?? []) {
    if (spans.length >= MAX_VALUES_PER_LINE) break;
    const slot = wholeToken(text, aligned);
    if (spans.some((s) => s.start < slot.end && s.end > slot.start)) continue;
    const raw = text.slice(slot.start, slot.end).trim().replace(/^["'([]+|["')\].,;]+$/g, '');
    if (!raw || raw.length > MAX_VALUE_CHARS) continue;
    const c = classifyWhole(raw);
    if (c.kind === 'time') continue;
    const after = wordAfter(text, slot.end);
    spans.push({ start: slot.start, end: slot.end, value: { pos: 0, key: keyAroundAfter(text, slot.start, after), kind: c.kind, text: raw, num: c.num, unit: c.unit, after: after || undefined } });
  }
}

/**
 * `name:digits` read as a host and port (or an id, "memory:0") where the template writes the name itself before a slot
 * ("headroom=<memory:<*>, vCores:<*>>"): the name is a key the log always writes, the number its value.
 */
function keyedNumbers(line: string, template: string, spans: Span[]): void {
  for (const s of spans) {
    if (s.value.kind !== 'hostport' && s.value.kind !== 'id') continue;
    const at = s.value.text.lastIndexOf(':');
    if (at <= 0) continue;
    const name = s.value.text.slice(0, at);
    const digits = s.value.text.slice(at + 1);
    const i = template.indexOf(`${name}:${WILDCARD}`);
    if (!/^\d+$/.test(digits) || i < 0 || (i > 0 && /[\w.-]/.test(template[i - 1]))) continue;
    s.start += at + 1;
    s.value = { pos: 0, key: name.toLowerCase(), kind: 'int', text: digits, num: Number(digits), ...(s.value.after ? { after: s.value.after } : {}) };
  }
}

interface MessageField {
  key: string;
  /** The message's own template (inside the line's structured template), when known. */
  template?: string;
}

/**
 * Named slots of a structured line, in field order. Recognised fields are indexed as what they
 * are: times are the entry's timestamp (not stored), a level is `level` (pino's 30 is `info`);
 * `-` in an access-log field is an absent value. The message field is stored whole and read like a
 * plain line (typed values, and the words its template holds as variables).
 */
function fieldValues(fields: [string, unknown][], spans: Span[], message?: MessageField, cache?: Map<string, RegExp | null>, dashIsAbsent = false): void {
  for (const [rawKey, v] of fields) {
    if (spans.length >= MAX_VALUES_PER_LINE) return;
    if (v === null || v === undefined || (dashIsAbsent && v === '-')) continue;
    const role = fieldRole(rawKey);
    if (role === 'time') continue;
    if (role === 'level') {
      const name = levelName(v);
      if (name) spans.push({ start: -1, end: -1, value: { pos: 0, key: 'level', kind: 'word', text: name } });
      continue;
    }
    const key = rawKey.toLowerCase();
    if (typeof v === 'number') {
      spans.push({ start: -1, end: -1, value: { pos: 0, key, kind: Number.isInteger(v) ? 'int' : 'float', text: String(v), num: v } });
      continue;
    }
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    const c = classifyWhole(text);
    if (c.kind === 'time') continue;
    spans.push({ start: -1, end: -1, value: { pos: 0, key, kind: c.kind, text: text.slice(0, MAX_VALUE_CHARS), num: c.num, unit: c.unit } });
    if (message && rawKey === message.key) {
      const own: Span[] = [];
      scanText(text, key, own);
      if (message.template?.includes(WILDCARD)) templateWords(text, message.template, own, cache);
      own.sort((a, b) => a.start - b.start);
      for (const o of own) if (spans.length < MAX_VALUES_PER_LINE) spans.push({ ...o, start: -1, end: -1 });
      continue;
    }
    // A message or multi-word field holds values of its own ("upstream payment-svc responded 503 after 5001ms").
    if (c.kind === 'text' || MESSAGE_KEYS.has(key.split('.').pop()!)) scanText(text, key, spans);
  }
}

/**
 * The BSD syslog header (RFC 3164: "<Mon> <d> <hh:mm:ss> <host> <tag>[pid]:", also after a relay's
 * own prefix, with a relay's "facility@host" or "host/relay"): the token after the clock is the machine that logged the line. Whatever word sits
 * beside it, a reader calls it the host, so that is its key in every kind of line.
 */
const SYSLOG_HOST = /(?:^|\s)(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s+(?:[\w-]+@)?([A-Za-z0-9][\w.-]*)(?:\/[\w.-]+)?\s+[A-Za-z/][\w.()\/-]*(?:\[\d+\])?:/d;
/** How far into a line its syslog header may end (a relay prefix, then the header). */
const SYSLOG_SCAN_CHARS = 160;

/** Keys the value in a syslog header's host position `host`; adds it when no other rule read it (a host the template keeps constant). */
function syslogHost(line: string, spans: Span[]): void {
  const m = SYSLOG_HOST.exec(line.length > SYSLOG_SCAN_CHARS ? line.slice(0, SYSLOG_SCAN_CHARS) : line);
  const at = m?.indices?.[1];
  if (!at) return;
  const [start, end] = at;
  const own = spans.find((s) => s.start === start && s.end <= end);
  if (own) {
    own.value = { ...own.value, key: HOST_KEY };
    return;
  }
  if (spans.some((s) => s.start < end && s.end > start) || spans.length >= MAX_VALUES_PER_LINE) return;
  const text = line.slice(start, end);
  const c = classifyWhole(text);
  if (c.kind === 'time' || text.length > MAX_VALUE_CHARS) return;
  spans.push({ start, end, value: { pos: 0, key: HOST_KEY, kind: c.kind, text, num: c.num, unit: c.unit } });
}
/** Kinds an entity is restated in (an address and its host name); a number in brackets is another quantity ("1.5s (97.5%)"). */
const RESTATED_KINDS: ReadonlySet<ValueKind> = new Set(['ip', 'ipport', 'host', 'hostport', 'id', 'word']);
/** Text between a value and its restatement ("1.2.3.4 (host.example.org)"), and after it. */
const RESTATE_OPEN = /^[ \t]*[([][ \t]*$/;
const RESTATE_CLOSE = /^[ \t]*[)\]]/;

/**
 * "connection from 1.2.3.4 (host.example.org)", "failed from host (1.2.3.4)": a value restated in
 * brackets right after another is the same entity written another way; it takes that value's key
 * (the word before a bracket names nothing, so it had none or the next word's).
 */
function restatements(line: string, spans: Span[]): void {
  for (let i = 1; i < spans.length; i++) {
    const a = spans[i - 1];
    const b = spans[i];
    if (a.start < 0 || !a.value.key || !RESTATED_KINDS.has(a.value.kind) || !RESTATED_KINDS.has(b.value.kind)) continue;
    if (RESTATE_OPEN.test(line.slice(a.end, b.start)) && RESTATE_CLOSE.test(line.slice(b.end, b.end + 4))) b.value = { ...b.value, key: a.value.key };
  }
}

/** The key of a program file's name where the line names it no other way. */
export const PROGRAM_KEY = 'program';
const PROGRAM_FILE = /\.(?:exe|bat|cmd|ps1|msi)(?: \*(?:32|64))?$/i;

/** The key of the machine a line's header names. */
export const HOST_KEY = 'host';

/**
 * Typed values of a line. `template` (the line's template when it was tagged) adds the words it
 * holds as variables ("for root from" -> root), which no type rule can tell from constant words.
 */
export function extractValues(line: string, template?: string, cache?: Map<string, RegExp | null>): ExtractedValue[] {
  const spans: Span[] = [];
  let structured = false;
  // JSON, strict logfmt and access-log lines: the template miner reads them by the same fields
  const st = parseStructured(line);
  if (st) {
    const message = st.messageKey === undefined ? undefined : { key: st.messageKey, template: template && st.kind !== 'access' ? messageTemplateOf(template, st.messageKey, st.kind) : undefined };
    fieldValues(flattenFields(st.fields), spans, message, cache, st.kind === 'access');
    structured = true;
  }
  if (!structured && /^\s*[\w.@/-]+=/.test(line)) {
    const kv = parseLogfmt(line.length > MAX_SCAN_CHARS ? line.slice(0, MAX_SCAN_CHARS) : line);
    if (kv) {
      fieldValues(Object.entries(kv), spans);
      structured = true;
    }
  }
  if (!structured) {
    scanText(line, undefined, spans);
    if (template) keyedNumbers(line, template, spans);
    // Typed spans already cover digits, addresses, ids; the template adds the words.
    if (template && template.includes(WILDCARD)) templateWords(line, template, spans, cache);
    syslogHost(line, spans);
  }
  // Plain lines list values in line order; structured ones in field order.
  if (!structured) {
    spans.sort((a, b) => a.start - b.start);
    restatements(line, spans);
  }
  return spans.filter((s) => s.value.kind !== 'time').map((s, i) => ({ ...s.value, pos: i }));
}
