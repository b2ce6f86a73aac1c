// How templates are shown: a variable position's display keeps what its values share
// (`blk_<*>`, `bglio<*>`), and a sub-template renders with its separators. Cosmetic: matching
// never reads displays.

import { isHostName } from './mask.js';
import { WILDCARD as WILDCARD_, type Group, type Sub } from './group.js';

// module-local copies: imported bindings are read through a getter in hot loops
const WILDCARD: string = WILDCARD_;

const ALNUM = /[A-Za-z0-9]/;
const DIGIT_AT = /\d/;

/**
 * The display of a variable position that has held `a` and `b`: their common prefix and suffix
 * around one <*> (`Thunderbird_A5` + `Thunderbird_B1` -> `Thunderbird_<*>`, `bglio78` +
 * `bglio617` -> `bglio<*>`). A prefix may end inside a word only before digits, so `Started` and
 * `Stopped` give `<*>`, not `St<*>ed`. Cosmetic: matching never reads displays.
 */
export function generalize(a: string, b: string): string {
  if (a === b) return a;
  const [ap, as] = splitAround(a);
  const [bp, bs] = splitAround(b);
  let p = 0;
  while (p < ap.length && p < bp.length && ap[p] === bp[p]) p++;
  // a cut inside a word is only kept when what follows on both sides starts with a digit
  while (
    p > 0 &&
    ALNUM.test(ap[p - 1]) &&
    !(DIGIT_AT.test(a[p] ?? '') && DIGIT_AT.test(b[p] ?? '') && !DIGIT_AT.test(ap[p - 1]))
  )
    p--;
  let q = 0;
  while (q < as.length && q < bs.length && as[as.length - 1 - q] === bs[bs.length - 1 - q]) q++;
  while (q > 0 && ALNUM.test(as[as.length - q])) q--;
  if (p + q > Math.min(a.length, b.length)) q = Math.max(0, Math.min(a.length, b.length) - p);
  return ap.slice(0, p) + WILDCARD + (q > 0 ? as.slice(as.length - q) : '');
}

/** Text before the first <*> and after the last (the whole text twice when there is none). */
function splitAround(v: string): [string, string] {
  const i = v.indexOf(WILDCARD);
  if (i < 0) return [v, v];
  return [v.slice(0, i), v.slice(v.lastIndexOf(WILDCARD) + WILDCARD.length)];
}

/** A sub-template's text: variable positions show their display, host names show as <*>. */
export function renderSub(g: Group, s: Sub): string {
  let out = '';
  for (let i = 0; i < g.length; i++) {
    const v = s.values[i];
    out += s.pres[i] + (g.isVar[i] ? g.display[i] : isHostName(v) ? WILDCARD : v);
  }
  return (out + s.post).trim();
}
