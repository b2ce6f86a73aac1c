// Scores the miner on the generality set with the LogHub scorer (templates-score.ts): GA and PA per
// format, one fresh miner per format, whole lines in generation order.
import type { MinerOptions } from '../../src/templates/miner.js';
import { mineAndLabel, score, type Score, type ScoredLine } from '../templates-score.js';
import { FORMATS, generateFormat, type FormatSpec, type Split } from './generate.js';

export interface FormatRow extends Score {
  format: string;
  split: Split;
}

export function scoreFormat(
  spec: FormatSpec,
  options: Partial<MinerOptions> = {}
): { row: FormatRow; lines: ScoredLine[]; contents: string[] } {
  const data = generateFormat(spec);
  const { scored } = mineAndLabel(data, options);
  return {
    row: { format: spec.name, split: spec.split, ...score(scored) },
    lines: scored,
    contents: data.map((d) => d.content),
  };
}

export function formatsOf(split?: Split): FormatSpec[] {
  return FORMATS.filter((f) => !split || f.split === split);
}
