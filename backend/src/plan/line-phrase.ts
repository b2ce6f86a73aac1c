// An aggregate word the lines themselves write ("ignoring max retries", "<*> total interrupts",
// "total of <*> ddr error(s)") describes the lines, not what is asked of them: "total of the retry
// counts PAM logged when ignoring max retries" is a sum, not a maximum, and "what do the total
// interrupts reports add up to" is about the lines writing "total interrupts", not every line that
// mentions an interrupt. Where a kind of line in scope writes an aggregate word beside the same next
// word as the question, that pair is read as quoted text: a literal the lines must hold, and no intent.
// A function word after it ("total of") says nothing of the lines.

import { STOP_IN_QUOTES } from './vocabulary.js';

/** Words that say what is asked of the lines (an intent) and that lines also write as constant text. */
const AGGREGATE_WORDS = 'max|maximum|min|minimum|total|sum|average|avg|mean|highest|lowest|largest|smallest|first|last|top';
const PAIR = new RegExp(String.raw`(?<!["\w])(${AGGREGATE_WORDS})\s+([a-z][a-z0-9_-]*)(?![\w"])`, 'gi');
/** Kinds of line looked through (the scope's texts; past this, a very wide scope is left as asked). */
const MAX_TEXTS = 20_000;

/** The question with each aggregate pair a kind of line in scope writes ("max retries") put in quotes. */
export function quoteLinePhrases(question: string, templates: Iterable<string>): string {
  const pairs = [...question.replace(/"[^"]*"/g, ' ').matchAll(PAIR)].filter((m) => !STOP_IN_QUOTES.has(m[2].toLowerCase())).map((m) => ({ text: m[0], re: new RegExp(String.raw`(?:^|[^\w<])${m[1]}\s+${m[2]}(?![\w])`, 'i') }));
  if (pairs.length === 0) return question;
  const found = new Set<string>();
  let n = 0;
  for (const t of templates) {
    if (++n > MAX_TEXTS) break;
    for (const p of pairs) if (!found.has(p.text) && p.re.test(t)) found.add(p.text);
    if (found.size === pairs.length) break;
  }
  let q = question;
  for (const text of found) q = q.replace(new RegExp(String.raw`(?<!["\w])${text.replace(/\s+/g, String.raw`\s+`)}(?![\w"])`, 'i'), `"${text}"`);
  return q;
}
