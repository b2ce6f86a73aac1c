// The word a question writes right after what it asks ("highest TID of a running task", "which iar
// shows up most", "max child in the found child lines", "lowest vCores headroom"): where it is the key
// of a slot of the chosen lines, that slot is the one measured or ranked, over other keys the question
// names further on to say which lines ("running task", "scoreboard slot", "iar/dear lines"). Words
// that are no slot noun ("tid", "iar", "child", "stratum") have no other way to outrank a slot noun
// ("task", "slot") named later.

/** Openers after which the question names what it measures or ranks. */
const OPENERS = /\b(?:which|what|top(?:\s+\d+)?|most (?:common|frequent)|highest|lowest|largest|smallest|biggest|greatest|max(?:imum)?|min(?:imum)?|fewest|least|longest|shortest|total|sum of)\s+/gi;
/** Words after the head within which a slot noun makes the head its qualifier ("GET response status", "wake lock tag"). */
const COMPOUND_SPAN = 2;
/** Words after an opener that qualify the count, not the slot ("highest number of tries"). */
const NOT_HEADS: ReadonlySet<string> = new Set(['number', 'amount', 'value', 'values', 'kind', 'type', 'one', 'single']);

/**
 * The word right after each opener (an article skipped), in question order, lowercase: none where it is
 * a stopword (`stopwords`, the planner's), a slot noun (`nouns`: the asked noun's rules read those), or
 * the head of a compound ending in one ("GET response status").
 */
export function headWords(question: string, stopwords: ReadonlySet<string>, nouns: ReadonlySet<string>): string[] {
  const out: string[] = [];
  // quoted text describes the lines ("total of the "N total interrupts" values"), not what is asked of them
  const q = question.replace(/"[^"]*"/g, ' " ');
  for (const m of q.matchAll(OPENERS)) {
    const rest = q.slice(m.index + m[0].length).toLowerCase().match(/[a-z][a-z0-9_]*|"/g) ?? [];
    const at = rest[0] === 'the' || rest[0] === 'a' || rest[0] === 'an' ? 1 : 0;
    const w = rest[at];
    if (w === undefined || w === '"' || stopwords.has(w) || NOT_HEADS.has(w) || nouns.has(w)) continue;
    const next: string[] = [];
    for (const n of rest.slice(at + 1, at + 1 + COMPOUND_SPAN)) {
      if (n === '"' || stopwords.has(n)) break;
      next.push(n);
    }
    if (next.some((n) => nouns.has(n))) continue;
    if (!out.includes(w)) out.push(w);
  }
  return out;
}
