// Ranking a scope's templates against the question's words: how much of the question's description
// each holds (rare words weigh more, synonyms half), and which tied ones say less than the best.
import type { Candidate } from './candidates.js';
import { stem } from './question.js';
import type { TargetTemplate } from './types.js';
import { SYNONYMS } from './vocabulary.js';
import { phraseHits, TemplateStemsCache, type TemplateStems } from './words.js';

export class TemplateRanker {
  /** Templates' words and stems, kept across asks: ranking recomputed them for every template each time. */
  private readonly stemsOf = new TemplateStemsCache();

  /** The tied targets but those whose matched question words are a strict subset of the best one's. */
  dropSubsumed(tied: TargetTemplate[], words: string[]): TargetTemplate[] {
    const qs = [...new Set(words.map(stem))];
    const matched = (t: TargetTemplate) => {
      const stems = this.stemsOf.of(t.template);
      return new Set(qs.filter((q) => stems.has(q) || (SYNONYMS[q] ?? []).some((x) => stems.has(stem(x)))));
    };
    const subset = (a: Set<string>, b: Set<string>) => a.size < b.size && [...a].every((q) => b.has(q));
    const top = matched(tied[0]);
    return tied.filter((t, i) => {
      if (i === 0) return true;
      return !subset(matched(t), top);
    });
  }

  /** Templates by how much of the question's description they hold (rare words weigh more). */
  rank(candidates: Map<number, Candidate>, words: string[]): TargetTemplate[] {
    const list = [...candidates.values()].map((c) => {
      const stems = this.stemsOf.of(c.template);
      return { c, words: stems.words, stems };
    });
    const qOrdered = words.map(stem);
    // Log vocabulary says the same thing in several words: a synonym counts at half weight.
    const synonyms = new Map<string, string[]>();
    for (const q of qOrdered) {
      const syn = (SYNONYMS[q] ?? []).map(stem).filter((x) => !qOrdered.includes(x));
      if (syn.length) synonyms.set(q, syn);
    }
    const qStems = [...new Set(qOrdered)];
    const df = new Map<string, number>();
    const hasOrSyn = (stems: TemplateStems, q: string) => stems.has(q) || (synonyms.get(q) ?? []).some((x) => stems.has(x));
    for (const { stems } of list) for (const s of qStems) if (hasOrSyn(stems, s)) df.set(s, (df.get(s) ?? 0) + 1);
    const n = Math.max(1, list.length);
    // Words no template holds ("came", "tried") carry no information about which template fits.
    const known = qStems.filter((s) => df.has(s));
    const idf = (s: string) => Math.log(1 + n / (df.get(s) ?? n));
    const total = known.reduce((a, s) => a + idf(s), 0);
    const out: TargetTemplate[] = [];
    for (const { c, words: tw, stems } of list) {
      const has = (q: string) => stems.has(q);
      const got = known.reduce((a, s) => a + (has(s) ? idf(s) : hasOrSyn(stems, s) ? 0.5 * idf(s) : 0), 0);
      const recall = total > 0 ? got / total : 0;
      // Of two templates holding the question's words, the one with fewer other words fits better,
      // and one holding them in the question's order ("find child") better still.
      const precision = tw.length > 0 ? known.filter(has).length / new Set(tw).size : 0;
      const phrase = Math.min(1, phraseHits(qOrdered, tw) / Math.max(1, known.length - 1));
      const score = total > 0 ? recall * (0.85 + 0.1 * precision + 0.05 * phrase) : 0;
      out.push({ templateId: c.id, template: c.template, streamId: c.streamId, score });
    }
    return out.sort((a, b) => b.score - a.score || (candidates.get(b.templateId)!.count - candidates.get(a.templateId)!.count));
  }
}
