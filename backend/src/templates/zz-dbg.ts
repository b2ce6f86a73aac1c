import { readFileSync } from 'node:fs';
import { TemplateMiner } from './miner.js';
for (const ds of process.argv.slice(2)) {
  const lines = readFileSync(`/work/shared/data/loghub-2k/${ds}/${ds}_2k.log`, 'utf8').split('\n').filter(Boolean);
  console.error('==', ds);
  const m = new TemplateMiner();
  for (const l of lines) m.add(l);
  console.error(ds, new Set(lines.map((l) => m.resolve(m.add(l).templateId))).size);
}
