// `npm run eval:templates`: Grouping/Parsing Accuracy of the template miner on the 16 LogHub-2k
// datasets, one miner per dataset with the one default configuration, printed beside Drain's
// published GA, then on the generality set (eval/generality/: 40 formats not in LogHub, tuned and
// untouched apart), and written as JSON.
//
// Options: --out FILE (default bench/results/templates-eval.json), --data DIR,
//          --dataset NAME (only that LogHub set, or that generality format), --errors (print
//          mis-grouped clusters), --options JSON (ablation: override miner options; reported
//          numbers use the defaults), --shuffle-seeds 1,2,3 (also run with lines shuffled, to show
//          order sensitivity), --untouched (also score and print the untouched formats: run once,
//          after the last change to the miner; without it they are neither scored nor printed).

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { MinerOptions } from '../src/templates/miner.js';
import { mineAndLabel, score, normalizeTemplate, type ScoredLine, type Score } from './templates-score.js';
import { FORMATS } from './generality/generate.js';
import { scoreFormat, type FormatRow } from './generality/score.js';
import {
  LOGHUB_DATASETS,
  DRAIN_GA,
  DRAIN_GA_AVERAGE,
  BRAIN_GA_AVERAGE,
  defaultLoghubDir,
  loghubAvailable,
  loadDataset,
} from './templates-data.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: resolve(here, '..', '..', 'bench', 'results', 'templates-eval.json') },
    data: { type: 'string', default: defaultLoghubDir() },
    dataset: { type: 'string' },
    errors: { type: 'boolean', default: false },
    // ablations only: JSON of MinerOptions overriding the one default configuration
    options: { type: 'string' },
    // order sensitivity: comma-separated seeds; each reruns all datasets with lines shuffled
    'shuffle-seeds': { type: 'string' },
    untouched: { type: 'boolean', default: false },
  },
});

const dataDir = values.data!;
if (!loghubAvailable(dataDir)) {
  console.error(`LogHub-2k not found at ${dataDir}; pass --data DIR`);
  process.exit(2);
}

interface Row extends Score {
  dataset: string;
  templates: number;
  drainGA: number;
}

/** Fisher-Yates with mulberry32: a fixed seed gives the same order everywhere. */
function shuffled<T>(xs: T[], seed: number): T[] {
  let a = seed;
  const rnd = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function runDataset(name: string, seed?: number): { row: Row; lines: ScoredLine[] } {
  const inFileOrder = loadDataset(name, dataDir);
  const data = seed === undefined ? inFileOrder : shuffled(inFileOrder, seed);
  const { miner, scored: lines } = mineAndLabel(data, values.options ? (JSON.parse(values.options) as Partial<MinerOptions>) : {});
  const s = score(lines);
  return { row: { dataset: name, ...s, templates: miner.templates().length, drainGA: DRAIN_GA[name] }, lines };
}

function printErrors(name: string, lines: ScoredLine[], contents?: string[]): void {
  const byPred = new Map<number, ScoredLine[]>();
  const truthSize = new Map<string, number>();
  for (const l of lines) {
    truthSize.set(l.truth, (truthSize.get(l.truth) ?? 0) + 1);
    (byPred.get(l.predicted) ?? byPred.set(l.predicted, []).get(l.predicted)!).push(l);
  }
  const texts = contents ?? loadDataset(name, dataDir).map((d) => d.content);
  const contentOf = new Map<ScoredLine, string>(lines.map((l, i) => [l, texts[i]]));
  for (const [id, g] of byPred) {
    const truths = new Set(g.map((l) => l.truth));
    const t = g[0].truth;
    if (truths.size === 1 && truthSize.get(t) === g.length) continue;
    console.log(`\n# cluster ${id} (${g.length} lines) mined: ${g[0].predictedTemplate}`);
    for (const tr of truths) {
      const ex = g.find((l) => l.truth === tr)!;
      const n = g.filter((l) => l.truth === tr).length;
      console.log(`   ${n}/${truthSize.get(tr)} truth: ${tr}\n      e.g. ${contentOf.get(ex)}`);
    }
  }
  const paWrong = new Map<string, string>();
  for (const l of lines) {
    if (normalizeTemplate(l.predictedTemplate) !== normalizeTemplate(l.truthTemplate))
      paWrong.set(l.truthTemplate, l.predictedTemplate);
  }
  console.log(`\n# PA mismatches (${paWrong.size} templates)`);
  for (const [t, p] of paWrong) console.log(`   truth: ${t}\n   mined: ${p}`);
}

const isFormat = (n: string) => FORMATS.some((f) => f.name === n);
const names = values.dataset ? (isFormat(values.dataset) ? [] : [values.dataset]) : [...LOGHUB_DATASETS];
const rows: Row[] = [];
for (const name of names) {
  const { row, lines } = runDataset(name);
  rows.push(row);
  if (values.errors) printErrors(name, lines);
}

const f3 = (x: number) => x.toFixed(3);
const avg = (k: 'groupingAccuracy' | 'parsingAccuracy' | 'drainGA') => rows.reduce((s, r) => s + r[k], 0) / (rows.length || 1);
if (rows.length) console.log('## LogHub-2k\n');
if (rows.length) console.log('| Dataset | GA | PA | Drain GA (published) | templates mined / truth |');
if (rows.length) console.log('|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.dataset} | ${f3(r.groupingAccuracy)} | ${f3(r.parsingAccuracy)} | ${f3(r.drainGA)} | ${r.predictedGroups} / ${r.truthGroups} |`
  );
}
const averageGA = avg('groupingAccuracy');
const averagePA = avg('parsingAccuracy');
if (rows.length) {
  console.log(
    `| **Average** | **${averageGA.toFixed(4)}** | **${averagePA.toFixed(4)}** | ${f3(names.length === 16 ? DRAIN_GA_AVERAGE : avg('drainGA'))} | |`
  );
  console.log(
    `\nBrain published average GA: ${BRAIN_GA_AVERAGE}. Datasets below 0.90 GA: ${
      rows
        .filter((r) => r.groupingAccuracy < 0.9)
        .map((r) => r.dataset)
        .join(', ') || 'none'
    }`
  );
}

// The generality set: formats the miner was not developed on (eval/generality/README.md).
// untouched formats are scored only with --untouched (README.md: they are looked at once, at the end)
const formats = (values.dataset ? FORMATS.filter((f) => f.name === values.dataset) : [...FORMATS]).filter(
  (f) => f.split === 'tuned' || values.untouched
);
const genRows: FormatRow[] = [];
for (const f of formats) {
  const { row, lines, contents } = scoreFormat(f, values.options ? (JSON.parse(values.options) as Partial<MinerOptions>) : {});
  genRows.push(row);
  if (values.errors) printErrors(f.name, lines, contents);
}
for (const split of ['tuned', 'untouched'] as const) {
  const part = genRows.filter((r) => r.split === split);
  if (split === 'untouched' && !values.untouched) {
    const n = FORMATS.filter((f) => f.split === 'untouched').length;
    console.log(`\n## Generality set, untouched formats\n\n(${n} formats not scored: pass --untouched, once, after the last miner change)`);
    continue;
  }
  if (part.length === 0) continue;
  console.log(`\n## Generality set, ${split} formats (2,000 lines each, whole lines)\n`);
  console.log('| Format | GA | PA | templates mined / truth |');
  console.log('|---|---|---|---|');
  for (const r of part) console.log(`| ${r.format} | ${f3(r.groupingAccuracy)} | ${f3(r.parsingAccuracy)} | ${r.predictedGroups} / ${r.truthGroups} |`);
  const a = (k: 'groupingAccuracy' | 'parsingAccuracy') => part.reduce((s, r) => s + r[k], 0) / part.length;
  console.log(`| **Average** | **${a('groupingAccuracy').toFixed(4)}** | **${a('parsingAccuracy').toFixed(4)}** | |`);
  console.log(`\nFormats below 0.90 GA: ${part.filter((r) => r.groupingAccuracy < 0.9).map((r) => r.format).join(', ') || 'none'}`);
}

// An online miner sees lines in arrival order; shuffling shows how much the result depends on it.
const orderRuns: Array<{ seed: number; averageGA: number; minGA: number }> = [];
for (const seed of (values['shuffle-seeds'] ?? '').split(',').filter(Boolean).map(Number)) {
  const gas = names.map((n) => runDataset(n, seed).row.groupingAccuracy);
  const run = { seed, averageGA: gas.reduce((a, b) => a + b, 0) / gas.length, minGA: Math.min(...gas) };
  orderRuns.push(run);
  console.log(`shuffled lines, seed ${seed}: average GA ${f3(run.averageGA)}, lowest dataset GA ${f3(run.minGA)}`);
}

if (!values.dataset) {
  const out = resolve(values.out!);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        averageGA,
        averagePA,
        drainAverageGA: DRAIN_GA_AVERAGE,
        brainAverageGA: BRAIN_GA_AVERAGE,
        datasets: rows,
        shuffledOrder: orderRuns,
        generality: genRows,
      },
      null,
      2
    ) + '\n'
  );
  console.log(`wrote ${out}`);
}
