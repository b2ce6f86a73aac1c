// Whether two templates of different lengths are one event: an optional value, or a value that
// spans more tokens on one side ("bytes (1.2 KB) sent" vs "bytes sent", `LOCAL(<*>)` vs `<*>`).
// Used by the miner to link sub-templates across token counts.

import type { Token } from './mask.js';

const WS = /\s/;

/**
 * Whether two templates of different lengths describe one event: their constants align (longest
 * common subsequence) and every stretch between aligned constants is explained by variables --
 * either both stretches hold only variables (an optional or multi-token value), or the side with
 * extra constants has them glued to a variable within one whitespace-delimited word (`LOCAL(<*>)`
 * vs `<*>`) and the other side has a variable there to absorb them.
 */
export function alignable(
  a: readonly Token[],
  b: readonly Token[],
  minAnchorShare: number,
  /** Only stretches of variables may differ (no constants glued to a variable either). */
  varsOnly = false
): boolean {
  const ca = a.reduce((n, t) => n + (t.isVar ? 0 : 1), 0);
  const cb = b.reduce((n, t) => n + (t.isVar ? 0 : 1), 0);
  if (ca === 0 || cb === 0) return false;
  const n = a.length;
  const m = b.length;
  const dp: Uint16Array[] = [];
  for (let i = 0; i <= n; i++) dp.push(new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i][j] =
        !a[i].isVar && !b[j].isVar && a[i].text === b[j].text
          ? dp[i + 1][j + 1] + 1
          : Math.max(dp[i + 1][j], dp[i][j + 1]);
    }
  }
  const anchors = dp[0][0];
  // an empty field's word (EMPTY_FIELD) is not a constant the other side lacks
  const shareMet = anchors >= minAnchorShare * Math.max(ca, cb);
  if (!shareMet && !(EMPTY_FIELD && ca !== cb && anchors >= minAnchorShare * (Math.max(ca, cb) - 1))) return false;
  let usedEmpty = false;
  let i = 0;
  let j = 0;
  let gi = 0;
  let gj = 0;
  for (;;) {
    // advance to the next anchor pair
    while (
      i < n &&
      j < m &&
      !(!a[i].isVar && !b[j].isVar && a[i].text === b[j].text && dp[i][j] === dp[i + 1][j + 1] + 1)
    ) {
      if (dp[i + 1][j] >= dp[i][j + 1]) i++;
      else j++;
    }
    const end = i >= n || j >= m;
    const ei = end ? n : i;
    const ej = end ? m : j;
    let explained = varsOnly ? !hasConst(a, gi, ei) && !hasConst(b, gj, ej) : gapExplained(a, gi, ei, b, gj, ej, end);
    if (!explained && EMPTY_FIELD && !varsOnly && !end && !usedEmpty) {
      explained = emptyField(a, gi, ei, b, gj, ej) || emptyField(b, gj, ej, a, gi, ei);
      usedEmpty = explained;
    }
    if (!explained) return false;
    if (end) return shareMet || usedEmpty;
    i++;
    j++;
    gi = i;
    gj = j;
  }
}

function gapExplained(
  a: readonly Token[],
  as: number,
  ae: number,
  b: readonly Token[],
  bs: number,
  be: number,
  atEnd: boolean
): boolean {
  const aVar = hasVar(a, as, ae);
  const bVar = hasVar(b, bs, be);
  const aConst = hasConst(a, as, ae);
  const bConst = hasConst(b, bs, be);
  if (!aConst && !bConst) return true;
  if (aConst && (!bVar || !constantsGlued(a, as, ae, atEnd))) return false;
  if (bConst && (!aVar || !constantsGlued(b, bs, be, atEnd))) return false;
  return true;
}

function hasVar(t: readonly Token[], s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (t[i].isVar) return true;
  return false;
}

function hasConst(t: readonly Token[], s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (!t[i].isVar) return true;
  return false;
}

/** Every constant in t[s,e) shares a whitespace-free word with a variable of the same stretch. */
function constantsGlued(t: readonly Token[], s: number, e: number, atEnd: boolean): boolean {
  // split the stretch into words at separators containing whitespace
  let wordHasVar = false;
  let wordHasConst = false;
  for (let i = s; i <= e; i++) {
    const boundary = i === e || (i > s && WS.test(t[i].pre));
    if (boundary) {
      if (wordHasConst && !wordHasVar) return false;
      wordHasVar = false;
      wordHasConst = false;
      if (i === e) break;
    }
    if (t[i].isVar) wordHasVar = true;
    else {
      wordHasConst = true;
      // a key and its value (`item=<*>`) are a field the other side lacks, not a longer value
      if (KEY_NOT_GLUED && atEnd && i + 1 < e && t[i + 1].isVar && t[i + 1].pre.startsWith('=')) return false;
    }
  }
  return true;
}

/**
 * KEY_NOT_GLUED: a `key=<*>` pair in the stretch that ends a line is an optional field, which makes
 * another statement (Ansible's `ok: [<host>]` against `ok: [<host>] => (item=<*>)`; as EMPTY_FIELD
 * holds at a line's end), not a value that spans more tokens on one side. Evidence: ansible (round
 * 13's untouched format, tuned from round 14), whose loop forms were linked to the plain ones
 * depending on which came first: shuffled (two of three seeds) 0.482 -> 0.975, in file order
 * 0.975 either way; LogHub and the other formats unchanged. Inside a line it is left as it was
 * (postfix 0.915 -> 0.828 when applied there too).
 */
export const KEY_NOT_GLUED = true;

/**
 * EMPTY_FIELD: a positional record writes an empty field as nothing between its separators
 * (PHP-FPM's access format `%R - %u %t`: `10.0.0.5 -  12/Jun/2024:...` without a user, `10.0.0.5
 * - admin 12/Jun/2024:...` with one). So a stretch one token longer is the same statement when
 * dropping one whitespace-delimited word from it leaves the other stretch token for token (values
 * against values), and the other side's separator there is exactly the two separators around
 * the dropped word (`  ` = ` ` + ` `): the empty field's trace. Only inside a line (an anchor
 * follows): an optional field at a line's end is a statement of its own (LogHub OpenSSH's
 * `rhost=<*>  user=root`). Evidence: php-fpm (round 7's untouched format): every request method
 * split by the empty user.
 */
export const EMPTY_FIELD = true;

/** Whether long[ls,le) is short[ss,se) with one word more, that word an empty field in short. */
function emptyField(
  long: readonly Token[],
  ls: number,
  le: number,
  short: readonly Token[],
  ss: number,
  se: number
): boolean {
  if (le - ls !== se - ss + 1 || le >= long.length || se >= short.length) return false;
  for (let k = ls; k < le; k++) {
    // the dropped word: one token, whitespace on both sides
    const after = long[k + 1].pre;
    if (!WS_ONLY.test(long[k].pre) || !WS_ONLY.test(after)) continue;
    // the short side's separator at that point: what followed the word's place there
    const at = ss + (k - ls);
    if (short[at].pre !== long[k].pre + after) continue;
    let same = true;
    for (let i = ls, j = ss; i < le && same; i++) {
      if (i === k) continue;
      if (long[i].isVar !== short[j].isVar || (!long[i].isVar && long[i].text !== short[j].text)) same = false;
      j++;
    }
    if (same) return true;
  }
  return false;
}
const WS_ONLY = /^\s+$/;
