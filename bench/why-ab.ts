// The what-changed analysis of this tree against an older one, on one store, side by side:
// paired A B B A runs of analyzeWhatChanged for each window a why-question gets, their times, and
// whether the two give the same result (deep equality, timings left out). The older one is its
// backend/src unpacked elsewhere, with node_modules reachable from there:
//   git archive <commit> backend/src backend/package.json | tar -x -C /tmp/whyab
//   ln -s $PWD/node_modules /tmp/whyab/node_modules
//   cd backend && npx tsx ../bench/why-ab.ts --old /tmp/whyab/backend/src --dir /tmp/why-1M
// Stores: bench/why-store.ts. Read-only connection, one read transaction per analysis, as the
// analysis worker runs it (whatchanged/worker.ts).
//
// Measured 2026-12-03 against 7ddd255 (2 shared cores at load 13-16, so wall times are 2-4x the CPU
// times; medians of 6 pairs; every result deep-equal to the old one):
//   store  window                        CPU new / old ms   values stage, look-ups bounded / not
//   1M     no time (newest 30 min)        474 / 926          254 / 502 ms
//   1M     time (30 min, newest hour)     359 / 673          239 / 637 ms
//   100k   no time                        568 / 1046         375 / 389 ms
//   100k   time                           331 / 514          176 / 267 ms
//   demo   13:30-14:30 (bench/ask.ts)      79 / 135
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { analyzeWhatChanged } from '../backend/src/whatchanged/analyze.js';
import type { WhatChanged, WhatChangedQuery } from '../backend/src/whatchanged/types.js';

const { values: a } = parseArgs({ options: { old: { type: 'string' }, dir: { type: 'string', default: '/tmp/why-100k' }, pairs: { type: 'string', default: '5' }, unbounded: { type: 'boolean', default: false }, window: { type: 'string' }, tenant: { type: 'string', default: 'scale' } } });
type Analyze = (db: Database, q: WhatChangedQuery) => WhatChanged;
// --unbounded: this tree's analysis with its exact look-ups unbounded too, to show what the bound
// saves (its 'values' stage) apart from the bulk reads.
const unbounded: Analyze = (db, q) => analyzeWhatChanged(db, q, { boundLookups: false });
const old: Analyze | undefined = a.old ? (await import(pathToFileURL(resolve(a.old, 'whatchanged/analyze.ts')).href)).analyzeWhatChanged : undefined;
const db = new BetterSqlite3(`${a.dir}/loglens.db`, { readonly: true, fileMustExist: true });
const lines = db.prepare('SELECT count(*) FROM entries').pluck().get() as number;
const newest = db.prepare('SELECT max(last_ts_ns) FROM streams WHERE tenant = ?').safeIntegers(true).pluck().get(a.tenant) as bigint;
const MIN = 60_000_000_000n;
const HOUR = 60n * MIN;
const top = ((newest - HOUR) / HOUR) * HOUR;
// As answer/ask.ts makes them: the newest 30 minutes ending just after the newest line (no time in
// the question), and a window inside the newest complete hour (a time), minute-aligned.
// --window START/MINUTES (ISO start): that window only, e.g. bench/ask.ts's 2026-11-24T13:30:00Z/60 on the demo store.
const windows: Record<string, WhatChangedQuery['window']> = a.window
  ? (() => {
      const [start, minutes] = a.window.split('/');
      const s = BigInt(Date.parse(start)) * 1_000_000n;
      return { [a.window]: { startNs: s, endNs: s + BigInt(Number(minutes)) * MIN } };
    })()
  : {
      'no time (newest 30 min)': { startNs: newest + 1n - 30n * MIN, endNs: newest + 1n },
      'time (30 min of the newest full hour)': { startNs: top + 15n * MIN, endNs: top + 45n * MIN },
    };
const strip = (w: WhatChanged) => JSON.parse(JSON.stringify({ ...w, timings: undefined }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
// Wall time, and CPU time of the process (user + system): on shared cores the second says what the
// analysis costs, the first what a user waited.
const run = (f: Analyze, window: WhatChangedQuery['window']) => {
  const t = performance.now();
  const c = process.cpuUsage();
  const r = db.transaction(() => f(db, { tenant: a.tenant!, window }))();
  const cpu = process.cpuUsage(c);
  return { ms: performance.now() - t, cpuMs: (cpu.user + cpu.system) / 1000, r };
};
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`store ${a.dir}: ${lines.toLocaleString('en-US')} lines; load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const [name, window] of Object.entries(windows)) {
  const msNew: number[] = [];
  const msOld: number[] = [];
  const cpuNew: number[] = [];
  const cpuOld: number[] = [];
  const parts: Record<string, number[]> = {};
  const oldParts: Record<string, number[]> = {};
  let same = true;
  // warm-up of both (page cache, statement compilation)
  const ref = run(analyzeWhatChanged, window).r;
  if (old) {
    const o = run(old, window).r;
    try {
      assert.deepEqual(strip(ref), strip(o));
    } catch (err) {
      same = false;
      console.log(`  DIFFERENT from the old analysis: ${(err as Error).message.slice(0, 2000)}`);
    }
  }
  const unboundedParts: Record<string, number[]> = {};
  for (let i = 0; i < Number(a.pairs); i++) {
    const order = i % 2 === 0 ? ['new', 'old'] : ['old', 'new'];
    for (const which of order) {
      if (which === 'old' && !old) continue;
      const x = run(which === 'new' ? analyzeWhatChanged : old!, window);
      (which === 'new' ? msNew : msOld).push(x.ms);
      (which === 'new' ? cpuNew : cpuOld).push(x.cpuMs);
      for (const [k, v] of Object.entries(x.r.timings)) ((which === 'new' ? parts : oldParts)[k] ??= []).push(v);
    }
    if (a.unbounded) for (const [k, v] of Object.entries(run(unbounded, window).r.timings)) (unboundedParts[k] ??= []).push(v);
  }
  const w = ref;
  console.log(`${name}: ${w.valueChanges.length} value changes, ${w.onsets.length} onsets, ${w.changeLines.length} change lines, ${w.links.length} links${old ? `; same result as the old analysis: ${same}` : ''}`);
  console.log(`  new: median ${median(msNew).toFixed(0)} ms (min ${Math.min(...msNew).toFixed(0)}), CPU ${median(cpuNew).toFixed(0)} ms [${Object.entries(parts).map(([k, v]) => `${k.replace(/Ms$/, '')} ${median(v).toFixed(0)}`).join(', ')}]`);
  if (a.unbounded) console.log(`  new, look-ups unbounded: [${Object.entries(unboundedParts).map(([k, v]) => `${k.replace(/Ms$/, '')} ${median(v).toFixed(0)}`).join(', ')}]`);
  // The old tree's stages too: a change to one stage shows there when the whole is within noise.
  if (old) console.log(`  old: median ${median(msOld).toFixed(0)} ms (min ${Math.min(...msOld).toFixed(0)}), CPU ${median(cpuOld).toFixed(0)} ms [${Object.entries(oldParts).map(([k, v]) => `${k.replace(/Ms$/, '')} ${median(v).toFixed(0)}`).join(', ')}]`);
}
console.log(`load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
