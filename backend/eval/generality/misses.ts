// Where a format loses GA: per truth template, the lines in groups that are not exactly its own
// (a development aid for tuned formats: `npx tsx eval/generality/misses.ts <format>...`).
import { formatByName } from './generate.js';
import { scoreFormat } from './score.js';

for (const name of process.argv.slice(2)) {
  const spec = formatByName(name);
  if (spec.split !== 'tuned') throw new Error(`${name} is untouched: its misses are read only after the round`);
  const { row, lines, contents } = scoreFormat(spec);
  const byPred = new Map<number, Set<string>>();
  const truthSize = new Map<string, number>();
  for (const l of lines) {
    (byPred.get(l.predicted) ?? byPred.set(l.predicted, new Set()).get(l.predicted)!).add(l.truth);
    truthSize.set(l.truth, (truthSize.get(l.truth) ?? 0) + 1);
  }
  const lost = new Map<string, { n: number; groups: Set<number>; eg: string }>();
  lines.forEach((l, i) => {
    const ok =
      byPred.get(l.predicted)!.size === 1 &&
      lines.filter((x) => x.predicted === l.predicted).length === truthSize.get(l.truth);
    if (ok) return;
    const e = lost.get(l.truth) ?? { n: 0, groups: new Set<number>(), eg: contents[i] };
    e.n++;
    e.groups.add(l.predicted);
    lost.set(l.truth, e);
  });
  console.log(`== ${name} GA ${row.groupingAccuracy.toFixed(3)}`);
  for (const [t, e] of [...lost].sort((a, b) => b[1].n - a[1].n))
    console.log(
      `${String(e.n).padStart(5)} in ${e.groups.size} groups  ${t.slice(0, 160)}\n        e.g. ${e.eg.slice(0, 200)}`
    );
}
