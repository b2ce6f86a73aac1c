// A text line that ends with a run of `key=value` fields (zerolog's and logrus's console writers,
// iptables' LOG target, klog's structured calls): the run follows the structured rule.
import { MESSAGE_MARK_BARE } from './structured.js';
import type { TrailingFields } from './trailing.js';

/**
 * KEY_VALUE_TAIL: a text message followed by at least MIN_TAIL_PAIRS `key=value` fields that run
 * to the end of the line is a call that passed those fields: its keys (in order) are constants of
 * the statement and its values variables, as for a logfmt line; only the text before them is
 * mined. Left to the text miner, a value with few values (`type=ws|http`, `PROTO=TCP|UDP`) stayed
 * a constant and split one statement, while a key set's other values were read word by word.
 * A bare word run inside the fields (iptables' `DF`, its TCP flags `SYN`, `ACK PSH`) is one slot
 * of the key set: where it sits is the layout, what it says a value. Evidence (GA): cloudflared
 * 0.627 -> 0.822, ufw-kernel 0.050 -> 0.484 (round 15's, tuned from round 16), exim-mainlog 0.607
 * -> 0.643, openldap-slapd 0.733 -> 0.803, vector 0.724 -> 0.752, LogHub Android 0.954 -> 0.978;
 * postfix 0.915 -> 0.828 (its `disconnect ... ehlo=1 mail=1 ... commands=5` counts, one parameter
 * by truth, now split by which commands a session sent).
 */
export const KEY_VALUE_TAIL = true;
/**
 * Fields a tail must hold: three. Two are a sentence's labels as often as a call's fields
 * (`... for user=root on tty=pts/0`).
 */
export const MIN_TAIL_PAIRS = 3;
/**
 * SINGLE_SPACED: a run's fields are one space apart, as one formatter writes them; two spaces start
 * another writer's fields (LogHub Linux's pam `... ruser= rhost=<host>  user=root`, whose truth keeps
 * `user=root` and `user=guest` apart: 0.993 -> 0.748 when read as one run).
 */
const SINGLE_SPACED = true;
/**
 * EMPTY_VALUE_LAYOUT: a field written empty (`rhost=`, `OUT=`) is part of the layout, not a value:
 * which fields a call left empty is the kind of line, as in a record (records.ts). LogHub Linux's
 * truth keeps `... ruser= rhost=` apart from `... rhost=<host>` (0.993 -> 0.934 without it).
 */
const EMPTY_VALUE_LAYOUT = true;
/** Bare words a run may hold between two fields (iptables' flags: `ACK PSH URG`). */
const MAX_BARE_RUN = 4;
const KEY = /^[A-Za-z_][\w.-]{0,40}$/;
const BARE_FLAG = /^[A-Z][A-Z0-9_]{0,15}$/;
/** The key set's slot for a bare word run. */
const BARE_SLOT = '_';

interface Field {
  start: number;
  end: number;
  key: string | undefined;
  /** Two or more spaces come before this field (SINGLE_SPACED). */
  gap: boolean;
}

/** The line's space-separated fields: `key=value` (a quoted value may hold spaces) or a bare word. */
function fields(line: string, end: number): Field[] | undefined {
  const out: Field[] = [];
  let i = 0;
  while (i < end) {
    let spaces = 0;
    while (i < end && line.charCodeAt(i) === 32) {
      i++;
      spaces++;
    }
    if (i >= end) break;
    const start = i;
    let sp = line.indexOf(' ', i);
    if (sp < 0 || sp > end) sp = end;
    const eq = line.indexOf('=', i);
    let key: string | undefined;
    if (eq > i && eq < sp && KEY.test(line.slice(i, eq))) {
      key = line.slice(i, eq);
      if (line.charCodeAt(eq + 1) === 34 /* " */) {
        let j = eq + 2;
        for (;;) {
          j = line.indexOf('"', j);
          if (j < 0 || j >= end) return undefined;
          if (line.charCodeAt(j - 1) === 92 /* \ */) {
            j++;
            continue;
          }
          break;
        }
        sp = j + 1;
        if (sp < end && line.charCodeAt(sp) !== 32) key = undefined;
      }
    }
    out.push({ start, end: sp, key, gap: SINGLE_SPACED && spaces > 1 });
    i = sp;
  }
  return out;
}

export function splitKeyValueTail(line: string): TrailingFields | undefined {
  if (line.indexOf('=') < 0) return undefined;
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
  const fs = fields(line, end);
  if (!fs || fs.length < MIN_TAIL_PAIRS + 1) return undefined;
  // the run: from the end back, fields and short runs of bare flags between fields
  let first = fs.length;
  let pairs = 0;
  let bare = 0;
  for (let i = fs.length - 1; i >= 0; i--) {
    const f = fs[i];
    if (f.key !== undefined) {
      first = i;
      pairs++;
      bare = 0;
      if (f.gap) break;
      continue;
    }
    if (i === fs.length - 1) return undefined;
    if (f.gap || !BARE_FLAG.test(line.slice(f.start, f.end)) || ++bare > MAX_BARE_RUN) break;
  }
  if (pairs < MIN_TAIL_PAIRS || first === 0) return undefined;
  const keys: string[] = [];
  const shape: string[] = [];
  let inBare = false;
  for (let i = first; i < fs.length; i++) {
    const k = fs[i].key;
    if (k === undefined) {
      if (!inBare) {
        keys.push(BARE_SLOT);
        shape.push('<*>');
      }
      inBare = true;
      continue;
    }
    inBare = false;
    const empty = EMPTY_VALUE_LAYOUT && fs[i].end === fs[i].start + k.length + 1;
    keys.push(empty ? `${k}=` : k);
    shape.push(empty ? `${k}=` : `${k}=<*>`);
  }
  const message = line.slice(0, fs[first].start).trimEnd();
  if (message === '') return undefined;
  return { ns: `text+kv|${keys.join(',')}`, shape: `${MESSAGE_MARK_BARE} ${shape.join(' ')}`, message };
}
