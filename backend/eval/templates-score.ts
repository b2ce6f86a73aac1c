// Scoring for log template mining, as defined by the LogPAI benchmark (Zhu et al., ICSE-SEIP 2019):
// Grouping Accuracy and Parsing Accuracy over one dataset.

import { TemplateMiner, type MinerOptions } from '../src/templates/miner.js';

/** Mines `contents` in order with one fresh miner; each line with its final (merged) group and text. */
export function mineAndLabel(
  lines: readonly { content: string; eventTemplate: string }[],
  options: Partial<MinerOptions> = {},
): { miner: TemplateMiner; scored: ScoredLine[] } {
  const miner = new TemplateMiner(options);
  const ids = lines.map((l) => miner.add(l.content).templateId);
  const scored = lines.map((l, i) => {
    const id = miner.resolve(ids[i]);
    return { truth: l.eventTemplate, truthTemplate: l.eventTemplate, predicted: id, predictedTemplate: miner.template(id)! };
  });
  return { miner, scored };
}

export interface ScoredLine {
  /** Ground-truth event (template) of the line. */
  truth: string;
  /** Ground-truth template text. */
  truthTemplate: string;
  /** Group the parser put the line in. */
  predicted: number;
  /** Template text the parser gives that group. */
  predictedTemplate: string;
}

/**
 * Normalise a template for comparison: whitespace collapsed, and runs of `<*>` joined only by
 * whitespace, `.` or `:` collapsed to one `<*>` (so `<*>.<*>` for a decimal, `<*>:<*>:<*>` for a
 * clock time and `<*> <*>` all equal `<*>`). Applied identically to both sides.
 */
export function normalizeTemplate(t: string): string {
  return t
    .replace(/\s+/g, ' ')
    .replace(/<\*>(?:[\s.:]*<\*>)+/g, '<*>')
    .trim();
}

export interface Score {
  lines: number;
  groupingAccuracy: number;
  parsingAccuracy: number;
  predictedGroups: number;
  truthGroups: number;
}

/**
 * GA: a line is correct when the set of lines in its predicted group equals the set of lines of
 * its ground-truth group. PA: a line is correct when its predicted template equals its ground-truth
 * template after normalizeTemplate.
 */
export function score(lines: readonly ScoredLine[]): Score {
  const truthSize = new Map<string, number>();
  const groups = new Map<number, ScoredLine[]>();
  for (const l of lines) {
    truthSize.set(l.truth, (truthSize.get(l.truth) ?? 0) + 1);
    const g = groups.get(l.predicted);
    if (g) g.push(l);
    else groups.set(l.predicted, [l]);
  }
  let ga = 0;
  for (const g of groups.values()) {
    const t = g[0].truth;
    if (g.every((l) => l.truth === t) && truthSize.get(t) === g.length) ga += g.length;
  }
  let pa = 0;
  for (const l of lines) {
    if (normalizeTemplate(l.predictedTemplate) === normalizeTemplate(l.truthTemplate)) pa++;
  }
  const n = lines.length || 1;
  return {
    lines: lines.length,
    groupingAccuracy: ga / n,
    parsingAccuracy: pa / n,
    predictedGroups: groups.size,
    truthGroups: truthSize.size,
  };
}
