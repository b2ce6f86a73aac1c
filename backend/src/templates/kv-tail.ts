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
 * -> 0.643, vector 0.724 -> 0.752, LogHub unchanged; postfix 0.915 -> 0.828 (its `disconnect ...
 * ehlo=1 mail=1 ... commands=5` counts, one parameter by truth, now split by which commands a
 * session sent).
 */
export const KEY_VALUE_TAIL = true;
/**
 * Fields a tail must hold: four. Two or three are a sentence's labels as often as a call's fields
 * (PostgreSQL's `connection authorized: user=reconcile database=payments application_name=...`,
 * whose users a reader asks for by name: dev question qa-0299 lost its answer at three;
 * openldap-slapd 0.803 at three, 0.733 at four).
 */
export const MIN_TAIL_PAIRS = 4;
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
/**
 * SPACE_SEPARATED: the run's fields are separated by spaces alone, as logfmt writers and iptables
 * write them; `from=root, size=1597080, class=0` (sendmail) is a sentence listing its values.
 */
const SPACE_SEPARATED = true;
/** Bare words a run may hold between two fields (iptables' flags: `ACK PSH URG`). */
const MAX_BARE_RUN = 4;
const KEY = /^[A-Za-z_][\w.-]{0,40}$/;
const BARE_FLAG = /^[A-Z][A-Z0-9_]{0,15}$/;
/**
 * Fields of the run a bare word must follow to be a flag of it: as many as a run holds at least.
 * Before that it is the statement's word (openldap's `conn=1 op=2 SRCH base=...`).
 */
const FLAG_AFTER_PAIRS = MIN_TAIL_PAIRS;
const CLOSER: Readonly<Record<string, string>> = { '{': '}', '[': ']' };
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

/**
 * PADDED_GAP: a message padded to a column before its fields (GitLab Runner's journald lines: the
 * message to 50 columns) has a gap whose width follows the message's length; the namespace reads
 * any run of two or more spaces as one padding, so `exit code 1` and `exit code 137` are one key
 * set. Evidence: gitlab-runner (round 16's, tuned from round 17): `Job failed: exit code <*>` split
 * by the code's width (68 lines in 2).
 */
export const PADDED_GAP = true;
const ALL_SPACES = /^ +$/;

/**
 * COUNTER_RUN: a run whose every value is a small count or a fraction of counts (`ehlo=1 mail=1
 * rcpt=0/1 data=1 quit=1 commands=4/5`: postfix's commands of one session) lists what happened, one
 * parameter whichever counters appear: its key set is no statement's. Left to the text miner.
 * Evidence (GA): postfix 0.828 -> 0.914 (its file-order score before KEY_VALUE_TAIL); LogHub and
 * the other formats unchanged.
 */
export const COUNTER_RUN = true;
const COUNT = /^\d{1,4}(?:\/\d{1,4})?$/;

function counters(line: string, fs: readonly Field[], first: number): boolean {
  for (let i = first; i < fs.length; i++) {
    const f = fs[i];
    if (f.key === undefined || !COUNT.test(line.slice(f.start + f.key.length + 1, f.end))) return false;
  }
  return true;
}

export function splitKeyValueTail(line: string): TrailingFields | undefined {
  // most lines end in no field, or hold too few `=` for a run: answered without reading fields
  let eqs = 0;
  for (let at = line.indexOf('='); at >= 0 && eqs < MIN_TAIL_PAIRS; at = line.indexOf('=', at + 1)) eqs++;
  if (eqs < MIN_TAIL_PAIRS) return undefined;
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
  if (line.charCodeAt(end - 1) !== 34 /* " */) {
    const sp = line.lastIndexOf(' ', end - 1);
    const eq = line.indexOf('=', sp + 1);
    if (eq < 0 || eq >= end) return undefined;
  }
  const fs = fields(line, end);
  if (!fs || fs.length < MIN_TAIL_PAIRS + 1) return undefined;
  // the run: from the end back, fields and short runs of bare flags between fields
  let first = fs.length;
  let pairs = 0;
  let bare = 0;
  for (let i = fs.length - 1; i >= 0; i--) {
    const f = fs[i];
    if (f.key !== undefined) {
      // a field glued to a comma or semicolon is an item of a sentence's list (SPACE_SEPARATED)
      const last = line.charCodeAt(f.end - 1);
      if (SPACE_SEPARATED && (last === 44 || last === 59)) break;
      first = i;
      pairs++;
      bare = 0;
      if (f.gap) break;
      continue;
    }
    if (i === fs.length - 1) return undefined;
    if (f.gap || !BARE_FLAG.test(line.slice(f.start, f.end)) || ++bare > MAX_BARE_RUN) break;
  }
  // a bare word before FLAG_AFTER_PAIRS fields of the run is the statement's (`op=1 SRCH base=...`)
  let seen = 0;
  for (let i = first; i < fs.length; i++) {
    if (fs[i].key !== undefined) seen++;
    else if (seen < FLAG_AFTER_PAIRS) {
      while (i < fs.length && fs[i].key === undefined) i++;
      first = i;
      seen = i < fs.length ? 1 : 0;
    }
  }
  pairs = 0;
  for (let i = first; i < fs.length; i++) if (fs[i].key !== undefined) pairs++;
  if (pairs < MIN_TAIL_PAIRS || first === 0 || first >= fs.length) return undefined;
  if (COUNTER_RUN && counters(line, fs, first)) return undefined;
  const keys: string[] = [];
  const shape: string[] = [];
  let inBare = false;
  for (let i = first; i < fs.length; i++) {
    const f = fs[i];
    const k = f.key;
    if (k === undefined) {
      if (!inBare) {
        keys.push(BARE_SLOT);
        shape.push('<*>');
      }
      inBare = true;
      continue;
    }
    inBare = false;
    // the template reads back as the line does (values read slots by it: values/extract.ts)
    const last = line.charCodeAt(f.end - 1);
    const punct = (last === 44 || last === 59) && line.charCodeAt(f.start + k.length + 1) !== 34 ? line[f.end - 1] : '';
    const empty = EMPTY_VALUE_LAYOUT && f.end - punct.length === f.start + k.length + 1;
    // a braced or bracketed value keeps its enclosure in the template (a map, a list), as the text
    // miner's masks do; a quoted one is one parameter quotes and all, as a logfmt writer quotes
    // only the values that need it (`error=EOF`, `error="context canceled"`: one key)
    const open = line[f.start + k.length + 1];
    const close = line[f.end - 1 - punct.length];
    const wrap = (open === '{' && close === '}') || (open === '[' && close === ']') ? open : '';
    const slot = wrap === '' ? '<*>' : `${wrap}<*>${CLOSER[wrap]}`;
    keys.push(`${k}${empty ? '=' : wrap}${punct}`);
    shape.push(`${k}=${empty ? '' : slot}${punct}`);
  }
  const message = line.slice(0, fs[first].start).trimEnd();
  if (message === '') return undefined;
  const gap = line.slice(message.length, fs[first].start);
  const width = PADDED_GAP && gap.length >= 2 && ALL_SPACES.test(gap) ? 'pad' : gap.length;
  return { ns: `text+kv|${width}|${keys.join(' ')}`, shape: `${MESSAGE_MARK_BARE}${gap}${shape.join(' ')}`, message };
}
