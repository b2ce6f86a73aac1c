import type { AskResponse } from '../answer/ask.js';
import { selectorFor } from '../retrieve/selector.js';

/** Lines longer than this are cut in the terminal; the JSON output keeps them whole. */
const TERMINAL_LINE_CHARS = 180;
/** Columns of a sparkline: up to 120 buckets fold into this many (adjacent buckets summed). */
export const SPARK_COLUMNS = 60;
/** Series drawn in the terminal; the rest are counted in one line. */
const SPARK_SERIES = 10;
const BARS = '▁▂▃▄▅▆▇█';
const ROLE_LABEL: Record<SeriesItem['role'], string> = { cause: 'cause?', symptom: 'symptom', change: 'change', match: 'match' };

type SeriesItem = AskResponse['series']['items'][number];

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

/**
 * A text sparkline of counts: adjacent buckets summed into at most `columns` characters, a blank
 * for none and ▁..█ scaled to the largest column (any line at all shows at least ▁).
 */
export function sparkline(counts: readonly number[], columns = SPARK_COLUMNS): string {
  const per = Math.max(1, Math.ceil(counts.length / columns));
  const cols: number[] = [];
  for (let i = 0; i < counts.length; i += per) cols.push(counts.slice(i, i + per).reduce((a, b) => a + b, 0));
  const max = Math.max(0, ...cols);
  return cols.map((n) => (n <= 0 ? ' ' : BARS[Math.min(BARS.length - 1, Math.max(0, Math.ceil((n / max) * BARS.length) - 1))])).join('');
}

/** "Timeline" block: one sparkline per series, with its role, total, onset and citations. */
export function formatSeries(series: AskResponse['series'] | undefined): string[] {
  if (!series?.window || series.items.length === 0) return [];
  const hhmm = (ts: string) => ts.slice(11, 19);
  const step = series.stepMs >= 60_000 ? `${series.stepMs / 60_000}m` : `${series.stepMs / 1000}s`;
  const buckets = series.items[0].counts.length;
  const perCol = Math.max(1, Math.ceil(buckets / SPARK_COLUMNS));
  const out = [
    `Timeline ${series.window.start.slice(0, 10)} ${hhmm(series.window.start)}-${hhmm(series.window.end)} UTC, ${perCol > 1 ? `${perCol} x ` : ''}${step} per column${series.partial ? ' (row limit reached: counts are lower bounds)' : ''}:`,
  ];
  const shown = series.items.slice(0, SPARK_SERIES);
  const width = Math.max(...shown.map((i) => String(i.total).length));
  for (const i of shown) {
    const onset = i.onset ? `from ${hhmm(i.onset)}` : '';
    const cites = i.citations.length ? ` ${i.citations.map((n) => `[${n}]`).join('')}` : '';
    out.push(`  ${ROLE_LABEL[i.role].padEnd(7)} |${sparkline(i.counts)}| ${String(i.total).padStart(width)} ${onset.padEnd(13)} ${i.name}${cites}`);
  }
  if (series.items.length > shown.length) out.push(`  ${series.items.length - shown.length} more series (JSON output has them all)`);
  return out;
}

export function formatAnswer(r: AskResponse, opts: { showUrls: boolean; mark?: (c: Citation) => string }): string {
  const out: string[] = [];
  const mode = r.answer.mode === 'llm' ? 'LLM answer' : r.retrieval.mode === 'exact' ? 'Exact answer' : `Extractive answer${r.answer.fallbackReason ? ` (no LLM: ${r.answer.fallbackReason})` : ''}`;
  out.push(`== ${mode}; ${r.retrieval.mode === 'exact' ? 'computed over the store' : `retrieval: ${r.retrieval.mode}${r.retrieval.degraded ? ' (degraded)' : ''}`}`);
  if (r.query.timeHint) out.push(`   time: ${r.query.timeHint}`);
  if (Object.keys(r.query.selectorHints).length) out.push(`   label hints: ${JSON.stringify(r.query.selectorHints)}`);
  out.push('', r.answer.text, '');
  const timeline = formatSeries(r.series);
  if (timeline.length) out.push(...timeline, '');
  out.push('Citations:');
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
