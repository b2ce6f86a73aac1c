// Hybrid asks on a kept scale store (bench/scale.ts --keep), this tree against another checkout,
// side by side in one run: each sidecar in its own process on its own copy of the store (a server
// writes: index catch-up, retention), the scale bench's questions and variants asked alternately
// (who goes first rotates), round trips and the stage timings the ask reports, and whether the two
// give the same answer (answer text, citations, what-changed story, retrieval mode; timings left out).
//   cd backend && npx tsx ../bench/ask-ab.ts --dir /tmp/loglens-bench-scale-XXXX [--baseline /work/wt-ask16-base/backend] [--rounds 5]
// Without --baseline only this tree is measured (a profile of where an ask's time goes).
// --push-between: a line pushed to both before each ask (every ask after a commit).
// Measured 2026-12-04 on the 1.03M-line store (scale.ts --stages 1M --keep), this tree 2ec98c5
// against 47c02f4, no selector and no time, 2 shared cores: 5 rounds at load 6.0 -> 5.8, p50 / p95
// 106 / 172 against 104 / 332 ms, the three why questions 164 / 109 / 90 against 332 / 215 / 234 ms;
// with --push-between (3 rounds, load 6.6 -> 6.2) 165 / 575 against 176 / 486 ms (no result kept
// applies; the difference is the load). Answers equal on every variant.
// --trickle S: after the asks (--rounds 0: instead of them), pushes of --trickle-lines (1000) new
// replica lines at 1/s for S seconds into one side at a time while its /healthz is timed back to
// back, as scale.ts's trickle, in the order A B B A (the lines come from replica hours past
// anything the store holds, so every push inserts; each side gets the same lines).
// --fresh: no warm-up asks (each question asked for the first time, as scale.ts asks them).
// Measured 2026-12-04 on the 3.03M-line store (scale.ts --stages 3M --keep), this tree 3e908f3
// against d2d8fa8: trickle (load 6 -> 12) longest main-thread stretch 11.8 vs 173.3 ms CPU, turns
// >= 50 ms 0 vs 50, /healthz p99 65 vs 594 ms; asks, 4 rounds after a warm-up (load 13-14), no
// time p50 / p95 214 / 412 vs 204 / 852 ms, a time 117 / 302 vs 420 / 1392 ms; answers equal.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { spawnServeApp } from '../backend/test/hardening-lib.js';
import { defaultLoghubDir } from '../backend/eval/templates-data.js';
import { ASK_QUESTIONS, REPLICA_MS, ANCHOR_MS, loadSources, pushBody, replica, type GenLine } from './scale-data.js';
import { httpText, stats, table } from './lib.js';

const { values: a } = parseArgs({
  options: {
    dir: { type: 'string' },
    baseline: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    variants: { type: 'string', default: 'no selector, no time' },
    'node-args': { type: 'string', default: '' },
    // A line pushed to each side before every ask: each asks over a store just committed to (the
    // window without a time moves on), as under steady ingest; no analysis is answered from before.
    'push-between': { type: 'boolean', default: false },
    trickle: { type: 'string', default: '0' },
    'trickle-lines': { type: 'string', default: '1000' },
    seed: { type: 'string', default: '16' },
    // No warm-up asks: the first round asks each question for the first time, as scale.ts does.
    fresh: { type: 'boolean', default: false },
  },
});
if (!a.dir) throw new Error('--dir: a kept scale store');
const ROUNDS = Number(a.rounds);
const TENANT = 'scale';
const KEY = 'scale-bench-key-0123456789abcdef';
const variants = a.variants!.split(';').map((v) => v.trim());

// The clock of the newest complete replica hour, as scale.ts asks "at HH:MM".
const [lines, newestNs] = (() => {
  const db = new Database(join(a.dir, 'loglens.db'), { readonly: true, fileMustExist: true });
  try {
    return [db.prepare('SELECT max(id) FROM entries').pluck().get() as number, db.prepare('SELECT max(last_ts_ns) FROM streams').safeIntegers(true).pluck().get() as bigint] as const;
  } finally {
    db.close();
  }
})();
const full = Math.max(1, Math.floor(lines / (16 * 2000)));
const d = new Date(ANCHOR_MS + (full - 1) * REPLICA_MS + REPLICA_MS / 2);
const clock = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;

/**
 * Loaded into each sidecar when trickling: the CPU its main thread used between two turns of a
 * 5 ms timer (/proc schedstat), every turn kept: the stretches of work a request waits behind, in
 * CPU time, which the load on the machine does not stretch (round trips under load 10+ mostly
 * measure the scheduler). Reset and read over the IPC channel.
 */
const CPU_STRETCHES = `data:text/javascript,${encodeURIComponent(`
import { readFileSync } from 'node:fs';
const stat = '/proc/self/task/' + process.pid + '/schedstat';
const cpuNs = () => Number(readFileSync(stat, 'utf8').split(' ')[0]);
let last = cpuNs();
let turns = [];
setInterval(() => { const now = cpuNs(); turns.push((now - last) / 1e6); last = now; }, 5).unref();
process.on('message', (m) => {
  if (m === 'cpu:reset') { turns = []; last = cpuNs(); process.send([]); }
  if (m === 'cpu:read') process.send(turns);
});`)}`;
const cpuTurns = (s: Side, cmd: 'cpu:reset' | 'cpu:read') =>
  new Promise<number[]>((resolve) => {
    s.child.once('message', (m) => resolve(m as number[]));
    s.child.send(cmd);
  });

interface Side {
  name: string;
  url: string;
  child: ChildProcess;
  dir: string;
  ms: Map<string, number[]>;
  timings: Map<string, Record<string, number[]>>;
}
async function start(name: string, backendDir?: string): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-bench-askab-'));
  execFileSync('cp', ['-a', `${a.dir}/.`, dir]);
  const config = {
    dataDir: dir,
    server: { port: 0 },
    auth: { apiKeys: [KEY] },
    limits: { askPerMinute: 1_000_000, ingestPerMinute: 1_000_000 },
    retention: { maxAgeHours: 0 },
    log: { level: 'warn' },
  };
  const nodeArgs = a['node-args'] ? a['node-args'].split(' ').map((x) => x.replace('{name}', name)) : [];
  const trickling = Number(a.trickle) > 0;
  const { url, child } = await spawnServeApp(config, { ...(backendDir ? { backendDir } : {}), nodeArgs: trickling ? [...nodeArgs, '--import', CPU_STRETCHES] : nodeArgs, ipc: trickling });
  return { name, url, child, dir, ms: new Map(), timings: new Map() };
}

const AUTH = { authorization: `Bearer ${KEY}`, 'x-scope-orgid': TENANT };
const post = (base: string, path: string, body: string) => httpText(base, 'POST', path, { ...AUTH, 'content-type': 'application/json' }, body);
const get = async (base: string, path: string) => (await httpText(base, 'GET', path, AUTH)).body;

async function waitReady(s: Side) {
  for (let i = 0; i < 600; i++) {
    const r = JSON.parse(await get(s.url, '/readyz')) as { checks: { index: { state: string; serving: string; vectors: number }; store: { chunks: number } } };
    if (r.checks.index.serving === 'hybrid' && r.checks.index.vectors >= r.checks.store.chunks) return;
    await new Promise((res) => setTimeout(res, 1000));
  }
  throw new Error(`${s.name}: not ready`);
}

/** What must not change: the answer, its citations, the story, the mode (timings left out). */
function comparable(out: Record<string, unknown>): string {
  const { timings: _t, ...rest } = out;
  return JSON.stringify(rest);
}

/** Times /healthz back to back (20 ms apart) while `during` runs: what any request waits behind. */
async function probeHealthz(s: Side, during: () => Promise<void>): Promise<number[]> {
  const ms: number[] = [];
  let stop = false;
  const prober = (async () => {
    while (!stop) {
      const t = performance.now();
      const r = await httpText(s.url, 'GET', '/healthz', AUTH);
      ms.push(performance.now() - t);
      if (r.status !== 200) throw new Error(`${s.name}: healthz ${r.status}`);
      await new Promise((res) => setTimeout(res, 20));
    }
  })();
  try {
    await during();
  } finally {
    stop = true;
    await prober;
  }
  return ms;
}

/** Each side in turn (A B B A): `seconds` pushes of `per` lines at 1/s, /healthz timed meanwhile. */
async function trickleAll(seconds: number, per: number) {
  const sources = await loadSources(defaultLoghubDir());
  // Replica hours past the store's (and past a scale.ts trickle's, at most 30 batches of 5,000).
  const r0 = Math.ceil(lines / 32_000) + 6;
  const gen: GenLine[] = [];
  for (let r = r0; gen.length < 2 * seconds * per; r++) gen.push(...replica(sources, r, Number(a.seed)));
  const health = new Map<Side, number[]>();
  const push = new Map<Side, number[]>();
  const cpu = new Map<Side, number[]>();
  const order = sides.length === 2 ? [sides[0], sides[1], sides[1], sides[0]] : [sides[0], sides[0]];
  const load0 = loadavg()[0];
  const used = new Map<Side, number>();
  for (const s of order) {
    const from = used.get(s) ?? 0;
    used.set(s, from + seconds * per);
    const pushMs: number[] = [];
    await cpuTurns(s, 'cpu:reset');
    const h = await probeHealthz(s, async () => {
      const t0 = performance.now();
      for (let i = 0; i < seconds; i++) {
        const due = t0 + i * 1000;
        if (performance.now() < due) await new Promise((res) => setTimeout(res, due - performance.now()));
        const body = pushBody(gen.slice(from + i * per, from + (i + 1) * per));
        const t = performance.now();
        const r = await post(s.url, '/api/v1/ingest', body);
        pushMs.push(performance.now() - t);
        if (r.status !== 200) throw new Error(`${s.name}: push ${r.status} ${r.body.slice(0, 200)}`);
      }
    });
    cpu.set(s, [...(cpu.get(s) ?? []), ...(await cpuTurns(s, 'cpu:read'))]);
    health.set(s, [...(health.get(s) ?? []), ...h]);
    push.set(s, [...(push.get(s) ?? []), ...pushMs]);
  }
  console.log(`\ntrickle: ${seconds} pushes of ${per} lines at 1/s per turn, turns ${order.map((s) => s.name).join(', ')}, load ${load0.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`);
  console.log(
    table(
      ['side', '/healthz n', 'p50 ms', 'p99 ms', 'max ms', 'push p50 / p99 ms', 'main-thread CPU between 5 ms timer turns: p99 / max ms', 'turns with >= 20 / 50 ms CPU', 'main-thread CPU s'],
      sides.map((s) => {
        const h = stats(health.get(s)!);
        const p = stats(push.get(s)!);
        const c = cpu.get(s)!;
        const cs = stats(c);
        return [s.name, String(h.n), h.p50, h.p99, Math.max(...health.get(s)!), `${p.p50.toFixed(0)} / ${p.p99.toFixed(0)}`, `${cs.p99.toFixed(1)} / ${Math.max(...c).toFixed(1)}`, `${c.filter((x) => x >= 20).length} / ${c.filter((x) => x >= 50).length}`, (c.reduce((x, y) => x + y, 0) / 1000).toFixed(1)];
      }),
    ),
  );
}

const sides = [await start('this tree')];
if (a.baseline) sides.push(await start('baseline', a.baseline));
try {
  await Promise.all(sides.map(waitReady));
  const body = (v: string, q: { q: string; job: string }) => ({
    question: v.includes('no time') ? q.q : `${q.q} at ${clock}`,
    ...(v.startsWith('no selector') ? {} : { selector: `{job="${q.job}"}` }),
  });
  // Warm-up: each question once on each side (statements, page cache, worker threads).
  if (!a.fresh) for (const s of sides) for (const q of ASK_QUESTIONS) await post(s.url, '/api/v1/ask', JSON.stringify(body(variants[0], q)));
  /** Each side's what-changed waits of its cause asks per variant, in the order asked. */
  const waits = new Map<string, number[]>();
  const load0 = loadavg()[0];
  const differ: string[] = [];
  let pushed = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of variants) {
      for (const [qi, q] of ASK_QUESTIONS.entries()) {
        const order = (round + qi) % 2 === 0 ? sides : [...sides].reverse();
        const outs: string[] = [];
        if (a['push-between']) {
          pushed++;
          const line = JSON.stringify({ streams: [{ stream: { job: 'ask-ab' }, values: [[String(newestNs + BigInt(pushed) * 1_000_000n), `ask-ab commit ${pushed}`]] }] });
          for (const s of sides) if ((await post(s.url, '/api/v1/ingest', line)).status !== 200) throw new Error(`${s.name}: push failed`);
        }
        for (const s of order) {
          const t = performance.now();
          const r = await post(s.url, '/api/v1/ask', JSON.stringify(body(v, q)));
          const ms = performance.now() - t;
          if (r.status !== 200) throw new Error(`${s.name}: ${r.status} ${r.body.slice(0, 200)}`);
          const out = JSON.parse(r.body) as Record<string, unknown> & { timings: Record<string, number> };
          const key = `${v} | ${q.q}`;
          (s.ms.get(key) ?? s.ms.set(key, []).get(key)!).push(ms);
          const tm = s.timings.get(key) ?? s.timings.set(key, {}).get(key)!;
          for (const [k, x] of Object.entries(out.timings)) (tm[k] ??= []).push(x);
          if (out.timings.whatChangedMs !== undefined) (waits.get(`${s.name} | ${v}`) ?? waits.set(`${s.name} | ${v}`, []).get(`${s.name} | ${v}`)!).push(Math.round(out.timings.whatChangedMs));
          outs[sides.indexOf(s)] = comparable(out);
        }
        if (outs.length === 2 && outs[0] !== outs[1] && !differ.includes(`${v} | ${q.q}`)) differ.push(`${v} | ${q.q}`);
      }
    }
  }
  const load1 = loadavg()[0];
  const med = (xs: number[] | undefined) => (xs?.length ? [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] : NaN);
  console.log(`\nstore ${a.dir} (${lines.toLocaleString('en-US')} lines), ${ROUNDS} rounds${a['push-between'] ? ', a line pushed before each ask' : ''}, load ${load0.toFixed(1)} -> ${load1.toFixed(1)}`);
  for (const v of variants) {
    console.log(`\n${v}: round trip p50 / p95 ms over every question, then per question medians (ms) of the ask's own timings`);
    console.log(table(['side', 'p50 / p95 ms'], sides.map((s) => [s.name, ((x) => `${x.p50.toFixed(0)} / ${x.p95.toFixed(0)}`)(stats([...s.ms.entries()].filter(([k]) => k.startsWith(`${v} |`)).flatMap(([, xs]) => xs)))])));
    for (const s of sides) console.log(`${s.name}: what-changed waits of its cause asks in order: ${(waits.get(`${s.name} | ${v}`) ?? []).join(', ')} ms`);
    const keys = ['totalMs', 'scopeMs', 'planMs', 'retrieveMs', 'retrieve_bm25Ms', 'retrieve_vectorMs', 'evidenceMs', 'whatChangedMs', 'seriesMs'];
    console.log(
      table(
        ['question', 'side', 'round trip', ...keys.map((k) => k.replace(/Ms$/, ''))],
        ASK_QUESTIONS.flatMap((q) => sides.map((s) => [q.q.slice(0, 40), s.name, med(s.ms.get(`${v} | ${q.q}`)).toFixed(0), ...keys.map((k) => med(s.timings.get(`${v} | ${q.q}`)?.[k]).toFixed(0))])),
      ),
    );
  }
  if (sides.length === 2) console.log(`\nanswers (timings left out) differ between the two on: ${differ.length ? differ.join('; ') : 'none'}`);
  if (Number(a.trickle) > 0) await trickleAll(Number(a.trickle), Number(a['trickle-lines']));
} finally {
  for (const s of sides) {
    s.child.kill('SIGTERM');
    await new Promise((r) => s.child.once('exit', r));
    rmSync(s.dir, { recursive: true, force: true });
  }
}
