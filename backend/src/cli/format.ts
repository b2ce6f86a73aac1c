import type { AskResponse } from '../answer/ask.js';
import { selectorFor } from '../retrieve/selector.js';

/** Lines longer than this are cut in the terminal; the JSON output keeps them whole. */
const TERMINAL_LINE_CHARS = 180;

export function formatAnswer(r: AskResponse, opts: { showUrls: boolean; mark?: (c: AskResponse['citations'][number]) => string }): string {
  const out: string[] = [];
  const mode = r.answer.mode === 'llm' ? 'LLM answer' : `Extractive answer${r.answer.fallbackReason ? ` (no LLM: ${r.answer.fallbackReason})` : ''}`;
  out.push(`== ${mode}; retrieval: ${r.retrieval.mode}${r.retrieval.degraded ? ' (degraded)' : ''}`);
  if (r.query.timeHint) out.push(`   time: ${r.query.timeHint}`);
  if (Object.keys(r.query.selectorHints).length) out.push(`   label hints: ${JSON.stringify(r.query.selectorHints)}`);
  out.push('', r.answer.text, '', 'Citations:');
  for (const c of r.citations) {
    const line = c.line.length > TERMINAL_LINE_CHARS ? `${c.line.slice(0, TERMINAL_LINE_CHARS - 1)}…` : c.line;
    const mark = opts.mark?.(c) ?? '';
    out.push(`  [${c.n}]${mark} ${c.ts} ${selectorFor(c.labels)}${c.count && c.count > 1 ? ` x${c.count}` : ''}`);
    out.push(`       ${line}`);
    if (opts.showUrls) out.push(`       Explore: ${c.exploreUrl}`);
  }
  return out.join('\n');
}
