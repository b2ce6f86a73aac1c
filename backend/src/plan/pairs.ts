// Two slots a question names together: "how many bytes were sent and received", "total read plus
// written". The answer is the sum over both keys of the same kind of value, not one of them.
import { stem } from './question.js';
import { NUMERIC_KINDS, type ValueKind } from '../values/types.js';

/** Words joined by "and" / "plus" / "+" / "&", in order ("sent and received" -> [sent, received]). */
export function joinedWordPairs(question: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of question.toLowerCase().matchAll(/\b([a-z][a-z_]+)\s+(?:and|plus|\+|&)\s+([a-z][a-z_]+)\b/g)) out.push([m[1], m[2]]);
  return out;
}

/** Whether a question word names a key: the key itself or the same stem ("received" names received, "sent" sent). */
const names = (word: string, key: string) => {
  const k = (key.split('.').pop() ?? key).toLowerCase();
  return k === word || stem(k) === stem(word);
};

/**
 * Two numeric slots of one kind the question names with a word each, joined by "and"/"plus":
 * their keys, first as named. Undefined when the question joins no two slot names.
 */
export function pairedKeys(question: string, profiles: readonly { key: string; kind: ValueKind }[]): { keys: [string, string]; kind: ValueKind } | undefined {
  for (const [a, b] of joinedWordPairs(question)) {
    if (a === b) continue;
    for (const p of profiles) {
      if (!p.key || !NUMERIC_KINDS.has(p.kind) || !names(a, p.key)) continue;
      const q = profiles.find((x) => x.key && x.key !== p.key && x.kind === p.kind && names(b, x.key));
      if (q) return { keys: [p.key, q.key], kind: p.kind };
    }
  }
  return undefined;
}
