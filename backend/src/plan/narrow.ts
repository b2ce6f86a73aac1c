// Of several kinds of line that fit a question about equally, the ones its own spelling points at:
//  - a word written in capitals that some of them write in the same capitals ("DELETE requests": the
//    `"DELETE <*>" status` lines, not "Deleting instance files" that only share the stem);
//  - a quoted phrase that ends where some of them end ("total of N ddr error(s) detected and
//    corrected": not the kind that goes on "... over <*> seconds").
// Only ever a strict, non-empty subset of the tied kinds; otherwise they are left as they are.
import type { TargetTemplate } from './types.js';

/** Letters a capitalised word needs to be spelled as the lines spell it (two-letter capitals are units: KB, IP). */
const MIN_CAPS = 3;
/** Trailing words of a quote compared with a template's end (enough to tell "detected and corrected" apart). */
const QUOTE_TAIL_WORDS = 2;

const wordsOf = (s: string) => s.toLowerCase().replace(/<\*>/g, ' ').match(/[a-z][a-z0-9_]*/g) ?? [];

export function narrowBySpelling(tied: TargetTemplate[], question: string, literals: readonly string[]): TargetTemplate[] {
  if (tied.length < 2) return tied;
  let out = tied;
  const strict = (keep: TargetTemplate[]) => (keep.length > 0 && keep.length < out.length ? keep : out);
  const caps = [...question.replace(/"[^"]*"/g, ' ').matchAll(/(?<![\w.\-/:])[A-Z]{3,}(?![\w.\-/:])/g)].map((m) => m[0]).filter((w) => w.length >= MIN_CAPS);
  for (const w of caps) out = strict(out.filter((t) => new RegExp(String.raw`(?<![A-Za-z])${w}(?![A-Za-z])`).test(t.template)));
  for (const lit of literals) {
    const tail = wordsOf(lit).slice(-QUOTE_TAIL_WORDS);
    if (tail.length < QUOTE_TAIL_WORDS) continue;
    out = strict(out.filter((t) => wordsOf(t.template).slice(-QUOTE_TAIL_WORDS).join(' ') === tail.join(' ')));
  }
  return out;
}
