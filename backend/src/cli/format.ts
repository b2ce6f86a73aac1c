import type { AskResponse } from '../answer/ask.js';
import { selectorFor } from '../retrieve/selector.js';

/** Lines longer than this are cut in the terminal; the JSON output keeps them whole. */
const TERMINAL_LINE_CHARS = 180;

type Citation = AskResponse['citations'][number];

/**
 * Citations grouped by their number. The rule, the same in the CLI, the API and the panel: one
 * number per evidence block, shown once, with the lines quoted from that block under it.
 */
export function citationBlocks(citations: readonly Citation[]): { n: number; lines: Citation[] }[] {
  const blocks: { n: number; lines: Citation[] }[] = [];
  for (const c of citations) {
    const last = blocks[blocks.length - 1];
    if (last && last.n === c.n) last.lines.push(c);
    else blocks.push({ n: c.n, lines: [c] });
  }
  return blocks;
}

export function formatAnswer(r: AskResponse, opts: { showUrls: boolean; mark?: (c: Citation) => string }): string {
  const out: string[] = [];
  const mode = r.answer.mode === 'llm' ? 'LLM answer' : r.retrieval.mode === 'exact' ? 'Exact answer' : `Extractive answer${r.answer.fallbackReason ? ` (no LLM: ${r.answer.fallbackReason})` : ''}`;
  out.push(`== ${mode}; ${r.retrieval.mode === 'exact' ? 'computed over the store' : `retrieval: ${r.retrieval.mode}${r.retrieval.degraded ? ' (degraded)' : ''}`}`);
  if (r.query.timeHint) out.push(`   time: ${r.query.timeHint}`);
  if (Object.keys(r.query.selectorHints).length) out.push(`   label hints: ${JSON.stringify(r.query.selectorHints)}`);
  out.push('', r.answer.text, '', 'Citations:');
  for (const block of citationBlocks(r.citations)) {
    block.lines.forEach((c, i) => {
      const line = c.line.length > TERMINAL_LINE_CHARS ? `${c.line.slice(0, TERMINAL_LINE_CHARS - 1)}…` : c.line;
      const mark = opts.mark?.(c) ?? '';
      const num = `[${block.n}]`;
      // The number once per block; its further lines are indented under it.
      const head = i === 0 ? `  ${num}` : `  ${' '.repeat(num.length)}`;
      out.push(`${head}${mark} ${c.ts} ${selectorFor(c.labels)}${c.count && c.count > 1 ? ` x${c.count}` : ''}`);
      out.push(`${' '.repeat(head.length + 1)}${line}`);
      if (opts.showUrls) out.push(`${' '.repeat(head.length + 1)}Explore: ${c.exploreUrl}`);
    });
  }
  if (r.plan && r.plan.route !== 'search') {
    out.push('', `How this was answered: ${r.plan.route} (${r.plan.reason})`);
    if (r.plan.logql) {
      out.push(`   LogQL: ${r.plan.logql.expr}`);
      if (opts.showUrls) out.push(`   Open in Explore: ${r.plan.logql.exploreUrl}`);
    }
  }
  return out.join('\n');
}
