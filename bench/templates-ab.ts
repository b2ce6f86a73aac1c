// Paired A/B of two template miners' speed on one core: this checkout's miner against an older
// one (its backend/src/templates folder unpacked elsewhere, e.g. with `git archive`). On a shared
// machine a single pass varies by tens of percent; pairing A and B in alternating A B B A rounds
// and taking the median of the ratios cancels most of the drift.
//
// Run (from backend/):
//   git archive <commit> backend/src/templates | tar -x -C /tmp/old
//   npx tsx ../bench/templates-ab.ts --old /tmp/old/backend/src/templates [--rounds 5]
// Prints per set (LogHub-2k 32,000 lines; the tuned generality formats, structured and plain
// apart) the median of new/old lines/s on this process's CPU time, and the range of the pairs.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { TemplateMiner } from '../backend/src/templates/miner.js';
import { parseStructured } from '../backend/src/templates/structured.js';
import { LOGHUB_DATASETS, loadDataset, loghubAvailable } from '../backend/eval/templates-data.js';
import { FORMATS, generateFormat } from '../backend/eval/generality/generate.js';

const { values: args } = parseArgs({
  options: { old: { type: 'string' }, rounds: { type: 'string', default: '5' } },
});
if (!args.old) {
  console.error('--old DIR (an older backend/src/templates) is required');
  process.exit(2);
}
if (!loghubAvailable()) {
  console.error('LogHub-2k not found; nothing to measure');
  process.exit(2);
}
const rounds = Math.max(1, Number(args.rounds));

interface Miner {
  add(line: string): unknown;
}
type MinerClass = new () => Miner;
const Old = (await import(pathToFileURL(resolve(args.old, 'miner.ts')).href)).TemplateMiner as MinerClass;
const New = TemplateMiner as unknown as MinerClass;

// only tuned formats: the untouched ones are not looked at before the round's end (README)
const tuned = FORMATS.filter((f) => f.split === 'tuned').map((f) => generateFormat(f).map((l) => l.content));
const isStructured = (log: string[]) => log.filter((l) => parseStructured(l) !== undefined).length > log.length / 2;
const sets: Array<[string, string[][]]> = [
  ['LogHub-2k', LOGHUB_DATASETS.map((n) => loadDataset(n).map((l) => l.content))],
  ['generality, structured', tuned.filter(isStructured)],
  ['generality, plain', tuned.filter((l) => !isStructured(l))],
];

/** CPU milliseconds to mine every log of a set, a fresh miner per log. */
function cpuMs(M: MinerClass, logs: string[][]): number {
  const c0 = process.cpuUsage();
  for (const log of logs) {
    const m = new M();
    for (const line of log) m.add(line);
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e3;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`paired A/B, ${rounds} rounds of A B B A (A = old, B = new), load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('| set | lines | old lines/s (CPU, median) | new lines/s (CPU, median) | new/old, median of pairs | pairs min-max |');
console.log('|---|---|---|---|---|---|');
for (const [name, logs] of sets) {
  const lines = logs.reduce((n, l) => n + l.length, 0);
  cpuMs(Old, logs); // warm-up, both
  cpuMs(New, logs);
  const ratios: number[] = [];
  const olds: number[] = [];
  const news: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const a1 = cpuMs(Old, logs);
    const b1 = cpuMs(New, logs);
    const b2 = cpuMs(New, logs);
    const a2 = cpuMs(Old, logs);
    ratios.push(a1 / b1, a2 / b2);
    olds.push(a1, a2);
    news.push(b1, b2);
  }
  const rate = (ms: number) => Math.round((lines / ms) * 1000);
  console.log(
    `| ${name} | ${lines} | ${rate(median(olds))} | ${rate(median(news))} | ${median(ratios).toFixed(3)} | ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)} |`
  );
}
console.log(`load after: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
