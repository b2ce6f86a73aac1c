// Reading a question's words against the kinds of line: the kinds writing its verb before its
// preposition ("synchronized to <*>" for "sync to"), and an identifier with the tokens after it
// ("chrome.exe *64"). Split from planner.ts, which composes them.
import { stem } from './question.js';
import type { TargetTemplate } from './types.js';

/** Tokens after an identifier tried as part of its value ("chrome.exe *64": one mark; values keep at most one such suffix). */
const MAX_SUFFIX_TOKENS = 1;
/** Fit (share of the best) down to which a kind of line writing the question's verb and preposition is taken: a question naming the verb differently ("sync" for "synchronized") scores it lower than lines sharing the word. */
const PREPOSITION_FIT_SHARE = 0.5;
/** Letters two words share at the start to be one verb ("sync": "synchronized", "connect": "connecting"). */
const VERB_PREFIX = 4;

/**
 * The fitting kinds of line that write the question's verb right before its preposition and a value
 * ("synchronized to <*>" for "sync to"), with the value's key (the verb: keys skip prepositions).
 */
export function prepositionTargets(ranked: readonly TargetTemplate[], d: { verb: string; prep: string }): { targets: TargetTemplate[]; key: string } | undefined {
  const best = ranked[0]?.score ?? 0;
  if (best <= 0) return undefined;
  // "synced" and "synchronized": one verb where their stems ("sync", "synchroniz") start alike
  const prefixOf = (a: string, b: string) => Math.min(a.length, b.length) >= VERB_PREFIX && (a.startsWith(b) || b.startsWith(a));
  const sameVerb = (w: string) => stem(w) === stem(d.verb) || prefixOf(w, d.verb) || prefixOf(stem(w), stem(d.verb));
  const re = new RegExp(`(?:^|[\\s:])([A-Za-z]+)\\s+${d.prep}\\s+\\/?<\\*>`, 'gi');
  const targets: TargetTemplate[] = [];
  let key: string | undefined;
  for (const t of ranked) {
    if (t.score < PREPOSITION_FIT_SHARE * best) break;
    for (const m of t.template.matchAll(re)) {
      const w = m[1].toLowerCase();
      if (!sameVerb(w)) continue;
      // one value is asked: kinds keyed by another form of the verb would be another slot
      if (key === undefined || key === w) {
        key = w;
        targets.push(t);
      }
      break;
    }
  }
  return key === undefined ? undefined : { targets, key };
}

/** The identifier with each of the next few tokens the question writes after it, longest first (trailing punctuation dropped). */
export function withNextTokens(question: string, text: string, max = MAX_SUFFIX_TOKENS): string[] {
  const at = question.indexOf(text);
  if (at < 0) return [];
  const tokens = question.slice(at + text.length).match(/^(?:\s+[^\s?!,;"'()]+)+/)?.[0].trim().split(/\s+/).slice(0, max) ?? [];
  const out: string[] = [];
  for (let n = tokens.length; n > 0; n--) out.push(`${text} ${tokens.slice(0, n).join(' ')}`.replace(/[.:]+$/, ''));
  return out;
}

