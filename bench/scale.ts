// Scale: one tenant's store grown in cumulative stages (default 100k, 1M, 3M lines) of LogHub-2k
// replicas (bench/scale-data.ts: 16 streams job=<Name>, fresh values, new hours), pushed through the
// HTTP push API in batches of 5,000 into the sidecar running in its own process. Per stage: push
// lines/s, bytes per stored line by part (SQLite dbstat, the vector index files apart), the sidecar's
// RSS, time until /readyz says the vector index caught up, hybrid ask p50/p95 in four variants (with
// and without a selector, with and without a time in the question) and evidence hit on the LogHub
// retrieval questions (dev + held-out). After the last stage, pushes trickle in at 1 batch/s while
// /healthz is timed. The measuring instrument of issue #16; it changes nothing in the product.
//   npm run bench -- scale                        100k, 1M, 3M: ~25-30 min on 2 shared cores
//   cd backend && npx tsx ../bench/scale.ts --stages 20k,100k      a quick run (~3 min)
// Options: --stages, --asks N (per variant, default 20), --trickle-seconds S (30), --trickle-lines N
// (1000), --ready-timeout S (900, per stage), --budget-minutes M (60: no new stage starts past it),
// --seed N, --keep (leave the data directory).
import { readFileSync, readdirSync, rmSync, mkdtempSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { spawnServeApp } from '../backend/test/hardening-lib.js';
import { defaultLoghubDir, loghubAvailable } from '../backend/eval/templates-data.js';
import { batches, loadSources, parseStages, pushBody, sourceLine, ASK_QUESTIONS, REPLICA_MS, ANCHOR_MS, type Source } from './scale-data.js';
import { httpText, machine, stats, table, writeResult } from './lib.js';
import { compareBm25Layouts, type LayoutRow } from './scale-bm25.js';
import { compareVectorLayouts, type VectorLayoutRow } from './scale-vectors.js';

const { values: a } = parseArgs({
  options: {
    // SCALE_STAGES=100k,1M npm run bench -- scale: run.ts passes no options through.
    stages: { type: 'string', default: process.env.SCALE_STAGES ?? '100k,1M,3M' },
    asks: { type: 'string', default: '20' },
    batch: { type: 'string', default: '5000' },
    'trickle-seconds': { type: 'string', default: '30' },
    'trickle-lines': { type: 'string', default: '1000' },
    'ready-timeout': { type: 'string', default: '900' },
    'budget-minutes': { type: 'string', default: '60' },
    seed: { type: 'string', default: '16' },
    keep: { type: 'boolean', default: false },
  },
});
const STAGES = parseStages(a.stages!);
const ASKS = Number(a.asks);
const BATCH = Number(a.batch);
const SEED = Number(a.seed);
const TENANT = 'scale';
const KEY = 'scale-bench-key-0123456789abcdef';
const t00 = performance.now();
const budgetMs = Number(a['budget-minutes']) * 60_000;
if (!loghubAvailable()) {
  console.error(`LogHub-2k not found at ${defaultLoghubDir()}: nothing to measure`);
  process.exit(2);
}

interface EvalQuestion {
  id: string;
  dataset: string;
  question: string;
  relevant_event_ids: string[];
}
/** The files backend/eval/retrieval.ts is run on: the dev set (its default) and the held-out set. */
const EVAL_FILES = [
  resolve(defaultLoghubDir(), '..', '..', 'eval', 'loghub-questions.jsonl'),
  fileURLToPath(new URL('../backend/eval/retrieval-heldout.jsonl', import.meta.url)),
];
const EVAL: EvalQuestion[] = EVAL_FILES.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalQuestion),
);

const sources: Source[] = await loadSources(defaultLoghubDir());
const eventIdOf = new Map(sources.map((s) => [s.name, s.eventId]));
const dir = mkdtempSync(join(tmpdir(), 'loglens-bench-scale-'));
const config = {
  dataDir: dir,
  server: { port: 0, bodyLimitBytes: 16 * 2 ** 20 },
  auth: { apiKeys: [KEY] },
  // Capacity is measured: no rate limit in the way; nothing ages out of a store stamped in June.
  limits: { askPerMinute: 1_000_000, ingestPerMinute: 1_000_000 },
  retention: { maxAgeHours: 0 },
  log: { level: 'warn' },
};
const { url, pid, child } = await spawnServeApp(config);
const H = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'x-scope-orgid': TENANT };

// RSS of the sidecar, sampled: the peak of each stage and the value when its measurements end.
const rssNow = (): number => {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
};
let rssPeak = 0;
const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssNow() || 0)), 500);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * One request on its own connection (no keep-alive: a reused socket the server just timed out
 * reads as ECONNRESET), retried once on a reset or refusal; pushes are idempotent (dedupe on
 * stream, time and line), the rest are reads. Fails naming the request.
 */
async function rawRequest(base: string, method: string, path: string, headers: Record<string, string>, body?: string, timeoutMs = 30_000): Promise<{ status: number; body: string }> {
  const once = () => httpText(base, method, path, headers, body, timeoutMs);
  try {
    return await once();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ECONNRESET' && code !== 'ECONNREFUSED') throw new Error(`${method} ${path}: ${String(err)}`);
    console.error(`${method} ${path}: ${code}, retrying once (server ${child.exitCode === null ? 'running' : `exited ${child.exitCode}`})`);
    try {
      return await once();
    } catch (err2) {
      throw new Error(`${method} ${path}: ${String(err2)} (server ${child.exitCode === null && child.signalCode === null ? 'running' : `exited ${child.exitCode ?? child.signalCode}`})`);
    }
  }
}
// 10 minutes: a push that waits minutes (an IVF retrain on the event loop at ~262k vectors) is
// measured (push p99 and max), not a failed run.
const post = async (path: string, body: string, timeoutMs = 600_000) => rawRequest(url, 'POST', path, H, body, timeoutMs);
const lines = batches(sources, SEED, BATCH);
let pushed = 0;

async function push(n: number): Promise<{ ms: number[]; inserted: number; duplicates: number }> {
  const ms: number[] = [];
  let inserted = 0;
  let duplicates = 0;
  while (pushed < n) {
    const b = lines.next().value!.slice(0, n - pushed);
    const body = pushBody(b);
    const t = performance.now();
    const r = await post('/api/v1/ingest', body);
    ms.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`push: ${r.status} ${r.body.slice(0, 300)}`);
    const j = JSON.parse(r.body) as { inserted: number; duplicates: number };
    inserted += j.inserted;
    duplicates += j.duplicates;
    pushed += b.length;
    if (pushed % 100_000 === 0) console.log(`  pushed ${pushed.toLocaleString('en-US')} lines (${((performance.now() - t00) / 1000).toFixed(0)} s since start, RSS ${(rssNow() / 2 ** 20).toFixed(0)} MiB)`);
  }
  return { ms, inserted, duplicates };
}

interface Ready {
  index: { state: string; serving: string; vectors: number };
  store: { entries: number; chunks: number };
}
async function readyz(): Promise<{ r: Ready; ms: number }> {
  const t = performance.now();
  const res = await rawRequest(url, 'GET', '/readyz', H, undefined, 120_000);
  return { r: (JSON.parse(res.body) as { checks: Ready }).checks, ms: performance.now() - t };
}

/** Until the index serves hybrid with a vector for every chunk (readyz: index.state ready). */
async function waitReady(timeoutS: number): Promise<{ ms: number; readyzMs: number[]; last: Ready; caughtUp: boolean }> {
  const t0 = performance.now();
  const readyzMs: number[] = [];
  let last: Ready | undefined;
  while (performance.now() - t0 < timeoutS * 1000) {
    const { r, ms } = await readyz();
    readyzMs.push(ms);
    last = r;
    if (r.index.state === 'ready' && r.index.serving === 'hybrid' && r.index.vectors >= r.store.chunks) return { ms: performance.now() - t0, readyzMs, last, caughtUp: true };
    await sleep(1000);
  }
  return { ms: performance.now() - t0, readyzMs, last: last!, caughtUp: false };
}

/** Bytes by part (dbstat on a read-only connection: the sidecar keeps writing its own). */
function storage(): Record<string, number> {
  const db = new Database(join(dir, 'loglens.db'), { readonly: true, fileMustExist: true });
  try {
    const parts = db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
    const group = (n: string) =>
      n.startsWith('chunks_fts') ? 'fts' : n === 'entries' ? 'entries' : n.startsWith('entries') || n.startsWith('sqlite_autoindex_entries') ? 'entry indexes' : n.startsWith('entry_values') || n.startsWith('value_') ? 'values' : n.startsWith('chunks') ? 'chunks' : 'other';
    const out: Record<string, number> = {};
    for (const p of parts) out[group(p.name)] = (out[group(p.name)] ?? 0) + p.bytes;
    const walk = (d: string): number => readdirSync(d, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? walk(join(d, e.name)) : statSync(join(d, e.name)).size), 0);
    out['vector index'] = walk(join(dir, 'index'));
    out['sqlite files'] = readdirSync(dir).filter((f) => f.startsWith('loglens.db')).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    return out;
  } finally {
    db.close();
  }
}

interface Cite {
  labels: Record<string, string>;
  tsNs: string;
}
interface AskOut {
  citations?: Cite[];
  retrieval?: { mode: string };
  timings?: Record<string, number> & { retrieveMs?: number; totalMs?: number };
}
async function ask(body: Record<string, unknown>): Promise<{ ms: number; out: AskOut }> {
  const t = performance.now();
  const r = await post('/api/v1/ask', JSON.stringify(body));
  const ms = performance.now() - t;
  if (r.status !== 200) throw new Error(`ask: ${r.status} ${r.body.slice(0, 300)}`);
  return { ms, out: JSON.parse(r.body) as AskOut };
}

/** Clock time inside the newest complete replica hour (":30" of it): a window with data. */
function clockOfNewestHour(n: number): string {
  const full = Math.max(1, Math.floor(n / (sources.length * 2000)));
  const d = new Date(ANCHOR_MS + (full - 1) * REPLICA_MS + REPLICA_MS / 2);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** The newest complete replica hour, as a window (the BM25 layouts' "with a time" case). */
function newestHour(n: number): { startNs: bigint; endNs: bigint } {
  const full = Math.max(1, Math.floor(n / (sources.length * 2000)));
  const start = BigInt(ANCHOR_MS + (full - 1) * REPLICA_MS) * 1_000_000n;
  return { startNs: start, endNs: start + BigInt(REPLICA_MS) * 1_000_000n };
}

const VARIANTS = ['no selector, no time', 'selector, no time', 'no selector, time', 'selector, time'] as const;
interface Variant {
  p50: number;
  p95: number;
  n: number;
  retrieveP95: number;
  modes: Record<string, number>;
  /** Questions the planner answered exactly (not hybrid): left out of the percentiles. */
  notHybrid: string[];
  /** The slowest ask's question, round trip and the stage timings it reported: where a p95 goes. */
  slowest?: { question: string; ms: number; timings: Record<string, number> };
  /** Each cause ask's what-changed wait in ms, in order asked (a few ms: a result kept since the last commit). */
  whatChangedMs: number[];
}
/** Round trip of hybrid asks only (the exact path is measured by bench/ask.ts). */
async function askVariants(n: number): Promise<Record<string, Variant>> {
  const clock = clockOfNewestHour(n);
  const out: Record<string, Variant> = {};
  await ask({ question: ASK_QUESTIONS[0].q }); // warm-up
  for (const v of VARIANTS) {
    const ms: number[] = [];
    const retrieve: number[] = [];
    const modes: Record<string, number> = {};
    const notHybrid: string[] = [];
    let slowest: Variant['slowest'];
    const whatChangedMs: number[] = [];
    for (let i = 0; i < ASKS; i++) {
      const q = ASK_QUESTIONS[i % ASK_QUESTIONS.length];
      const body: Record<string, unknown> = { question: v.includes('no time') ? q.q : `${q.q} at ${clock}` };
      if (!v.startsWith('no selector')) body.selector = `{job="${q.job}"}`;
      const r = await ask(body);
      const mode = r.out.retrieval?.mode ?? '?';
      modes[mode] = (modes[mode] ?? 0) + 1;
      if (mode !== 'hybrid') {
        if (!notHybrid.includes(body.question as string)) notHybrid.push(body.question as string);
        continue;
      }
      ms.push(r.ms);
      if (r.out.timings?.retrieveMs !== undefined) retrieve.push(r.out.timings.retrieveMs);
      if (r.out.timings?.whatChangedMs !== undefined) whatChangedMs.push(Math.round(r.out.timings.whatChangedMs));
      if (!slowest || r.ms > slowest.ms) slowest = { question: body.question as string, ms: r.ms, timings: r.out.timings ?? {} };
    }
    const s = stats(ms);
    out[v] = { p50: s.p50, p95: s.p95, n: s.n, retrieveP95: stats(retrieve).p95, modes, notHybrid, slowest, whatChangedMs };
  }
  return out;
}

/**
 * Evidence hit, retrieval.ts's relevance applied to what the ask cites: a cited line of the
 * question's system whose LogHub EventId is listed (any of the ask's citations, and the first);
 * "system" counts a citation from the expected system at all. Asked without a label filter, as there.
 */
async function evidenceHit(): Promise<{ hit: number; hit1: number; system: number; p50: number; p95: number; n: number }> {
  let hit = 0;
  let hit1 = 0;
  let system = 0;
  const ms: number[] = [];
  for (const q of EVAL) {
    const r = await ask({ question: q.question, limit: 10 });
    ms.push(r.ms);
    const rel = (c: Cite) => c.labels.job === q.dataset && q.relevant_event_ids.includes(eventIdOf.get(q.dataset)?.[sourceLine(c.tsNs)] ?? '');
    const cites = r.out.citations ?? [];
    if (cites.some(rel)) hit++;
    if (cites.length && rel(cites[0])) hit1++;
    if (cites.some((c) => c.labels.job === q.dataset)) system++;
  }
  const s = stats(ms);
  return { hit: hit / EVAL.length, hit1: hit1 / EVAL.length, system: system / EVAL.length, p50: s.p50, p95: s.p95, n: EVAL.length };
}

/** Times /healthz back to back (20 ms apart) until stopped: what any request waits behind. */
function probeHealthz(): { stop(): Promise<number[]> } {
  const health: number[] = [];
  let stop = false;
  const prober = (async () => {
    while (!stop) {
      const t = performance.now();
      const r = await rawRequest(url, 'GET', '/healthz', H, undefined, 60_000);
      health.push(performance.now() - t);
      if (r.status !== 200) throw new Error(`healthz ${r.status}`);
      await sleep(20);
    }
  })();
  return {
    async stop() {
      stop = true;
      await prober;
      return health;
    },
  };
}

/** Pushes of `linesPer` at 1/s for `seconds` while /healthz is timed back to back. */
async function trickle(seconds: number, linesPer: number) {
  const pushMs: number[] = [];
  const prober = probeHealthz();
  const t0 = performance.now();
  let late = 0;
  for (let i = 0; i < seconds; i++) {
    const due = t0 + i * 1000;
    if (performance.now() < due) await sleep(due - performance.now());
    else if (i > 0) late++;
    const before = pushed;
    const r = await push(pushed + linesPer);
    pushMs.push(...r.ms);
    if (pushed - before !== linesPer) throw new Error('trickle: short push');
  }
  const health = await prober.stop();
  const h = stats(health);
  const p = stats(pushMs);
  return { seconds, linesPer, pushes: pushMs.length, late, healthz: { ...h, max: Math.max(...health) }, push: { ...p, max: Math.max(...pushMs) } };
}

const results: Record<string, unknown>[] = [];
const skipped: number[] = [];
let trickleResult: Awaited<ReturnType<typeof trickle>> | undefined;
try {
  for (const target of STAGES) {
    if (performance.now() - t00 > budgetMs) {
      skipped.push(target);
      continue;
    }
    const load0 = loadavg()[0];
    rssPeak = rssNow();
    const from = pushed;
    const t0 = performance.now();
    const duringPush = probeHealthz();
    const p = await push(target);
    const pushS = (performance.now() - t0) / 1000;
    const pushHealth = await duringPush.stop();
    const ready = await waitReady(Number(a['ready-timeout']));
    const rssReady = rssNow();
    console.log(`  ready after ${(ready.ms / 1000).toFixed(0)} s (${ready.last.index.state}/${ready.last.index.serving}, ${ready.last.index.vectors}/${ready.last.store.chunks} vectors)`);
    const bytes = storage();
    const asks = await askVariants(target);
    const evidence = await evidenceHit();
    const evalQuestions = EVAL.map((q) => ({ question: q.question, relevant: (job: string, tsNs: bigint) => job === q.dataset && q.relevant_event_ids.includes(eventIdOf.get(q.dataset)?.[sourceLine(tsNs)] ?? '') }));
    const { rows: layouts, oneTableBuildS } = compareBm25Layouts(join(dir, 'loglens.db'), TENANT, evalQuestions, newestHour(target));
    const vectorLayouts = await compareVectorLayouts(join(dir, 'loglens.db'), TENANT, evalQuestions);
    const r = {
      lines: target,
      chunks: ready.last.store.chunks,
      entries: ready.last.store.entries,
      vectors: ready.last.index.vectors,
      indexState: `${ready.last.index.state}/${ready.last.index.serving}`,
      caughtUp: ready.caughtUp,
      pushLinesPerS: (target - from) / pushS,
      pushMs: { ...stats(p.ms), max: Math.max(...p.ms) },
      healthzDuringPushMs: { ...stats(pushHealth), max: Math.max(...pushHealth) },
      inserted: p.inserted,
      duplicates: p.duplicates,
      readyS: ready.ms / 1000,
      readyzMs: stats(ready.readyzMs),
      bytes,
      rss: { ready: rssReady, end: rssNow(), peak: Math.max(rssPeak, rssNow() || 0) },
      asks,
      evidence,
      layouts,
      oneTableBuildS,
      vectorLayouts,
      load: { start: load0, end: loadavg()[0] },
    };
    results.push(r);
    console.log(`stage ${target.toLocaleString('en-US')} lines done in ${((performance.now() - t0) / 1000).toFixed(0)} s (push ${pushS.toFixed(0)} s, ready ${r.readyS.toFixed(0)} s)`);
  }
  if (results.length) trickleResult = await trickle(Number(a['trickle-seconds']), Number(a['trickle-lines']));
} finally {
  clearInterval(rssTimer);
  child.kill('SIGTERM');
  const exited = await Promise.race([new Promise((r) => child.once('exit', () => r(true))), sleep(20_000).then(() => false)]);
  if (!exited) child.kill('SIGKILL');
  if (!a.keep) rmSync(dir, { recursive: true, force: true });
}

type R = (typeof results)[number] & { lines: number; chunks: number; bytes: Record<string, number>; rss: Record<string, number>; asks: Awaited<ReturnType<typeof askVariants>>; evidence: Awaited<ReturnType<typeof evidenceHit>>; layouts: LayoutRow[]; vectorLayouts: VectorLayoutRow[]; load: { start: number; end: number } } & Record<string, unknown>;
const rs = results as R[];
const mib = (b: number) => (b / 2 ** 20).toFixed(0);
const per = (r: R, k: string) => ((r.bytes[k] ?? 0) / r.lines).toFixed(0);
const dbParts = (r: R) => ['entries', 'entry indexes', 'values', 'chunks', 'fts', 'other'].reduce((n, k) => n + (r.bytes[k] ?? 0), 0);
const m = machine();
console.log(`\nScale: LogHub-2k replicas (16 streams, fresh values, new hours), one tenant, push API in batches of ${BATCH}, sidecar in its own process, on ${m}`);
console.log(`load average (1 min) at each stage's start/end: ${rs.map((r) => `${r.load.start.toFixed(1)}/${r.load.end.toFixed(1)}`).join(', ')}${skipped.length ? `; skipped past the ${a['budget-minutes']} min budget: ${skipped.join(', ')}` : ''}\n`);
console.log(
  table(
    ['lines', 'chunks', 'push lines/s', 'push p99 / max ms', '/healthz while pushing p50 / p99 / max ms', 'ready s', 'readyz p95 ms', 'B/line total', 'entries', 'entry idx', 'values', 'chunks', 'fts', 'other', 'vector idx', 'disk MiB (SQLite files + index)', 'RSS MiB ready / peak'],
    rs.map((r) => [
      r.lines,
      r.chunks,
      r.pushLinesPerS as number,
      `${(r.pushMs as { p99: number }).p99.toFixed(0)} / ${(r.pushMs as { max: number }).max.toFixed(0)}`,
      ((h) => `${h.p50.toFixed(0)} / ${h.p99.toFixed(0)} / ${h.max.toFixed(0)}`)(r.healthzDuringPushMs as { p50: number; p99: number; max: number }),
      `${(r.readyS as number).toFixed(0)}${r.caughtUp ? '' : ` (not caught up: ${r.indexState}, ${r.vectors}/${r.chunks} vectors)`}`,
      (r.readyzMs as { p95: number }).p95,
      ((dbParts(r) + r.bytes['vector index']) / r.lines).toFixed(0),
      per(r, 'entries'),
      per(r, 'entry indexes'),
      per(r, 'values'),
      per(r, 'chunks'),
      per(r, 'fts'),
      per(r, 'other'),
      per(r, 'vector index'),
      mib(r.bytes['sqlite files'] + r.bytes['vector index']),
      `${mib(r.rss.ready)} / ${mib(r.rss.peak)}`,
    ]),
  ),
);
console.log(`\nAsk round trip p50 / p95 ms (${ASKS} asks per variant; retrieval modes seen), evidence hit on ${EVAL.length} LogHub questions (dev + held-out, no filter)\n`);
console.log(
  table(
    ['lines', ...VARIANTS, 'retrieve p95 ms (no sel/no time)', 'evidence hit (any / first / system)', 'eval ask p50 / p95 ms', 'asks not hybrid (left out)'],
    rs.map((r) => [
      r.lines,
      ...VARIANTS.map((v) => `${r.asks[v].p50.toFixed(0)} / ${r.asks[v].p95.toFixed(0)}`),
      r.asks[VARIANTS[0]].retrieveP95,
      `${r.evidence.hit.toFixed(2)} / ${r.evidence.hit1.toFixed(2)} / ${r.evidence.system.toFixed(2)}`,
      `${r.evidence.p50.toFixed(0)} / ${r.evidence.p95.toFixed(0)}`,
      VARIANTS.map((v) => r.asks[v].n).join('/') + ` of ${ASKS} hybrid`,
    ]),
  ),
);
for (const r of rs) {
  for (const v of VARIANTS) {
    const w = r.asks[v].slowest;
    if (w) console.log(`slowest ask at ${r.lines.toLocaleString('en-US')} lines, ${v}: ${w.ms.toFixed(0)} ms "${w.question}" [${Object.entries(w.timings).map(([k, x]) => `${k.replace(/Ms$/, '')} ${x.toFixed(0)}`).join(', ')}]; what-changed waits of its cause asks: ${r.asks[v].whatChangedMs.join(', ')} ms`);
  }
}
console.log(`\nThe BM25 stage under each layout, side by side on each stage's chunks (same ${EVAL.length} questions, no filter; "time": the newest replica hour; Hit@5: a top-5 chunk holds a relevant line; same top 5: share of the one-table top 5 kept; one table rebuilt for this in ${rs.map((r) => `${(r.oneTableBuildS as number).toFixed(0)} s`).join(', ')})\n`);
console.log(
  table(
    ['lines', 'layout', 'no time p50 / p95 ms', 'time p50 / p95 ms', 'Hit@5', 'same top 5'],
    rs.flatMap((r) => r.layouts.map((l) => [r.lines, l.layout, `${l.noTime.p50.toFixed(1)} / ${l.noTime.p95.toFixed(1)}`, `${l.window.p50.toFixed(1)} / ${l.window.p95.toFixed(1)}`, l.hit5.toFixed(2), l.sameTop5.toFixed(2)])),
  ),
);
console.log(`\nThe vector stage under each layout, side by side on each stage's chunk vectors (built in the bench's process; same ${EVAL.length} questions, k = 50, no filter; bytes: index and ids files; RSS: growth while built and held; recall@50 by score against an exact search over every chunk)\n`);
console.log(
  table(
    ['lines', 'layout', 'vectors', 'build + save s', 'MiB on disk', 'B/line', 'RSS MiB', 'search p50 / p95 ms', 'Hit@5', 'recall@50'],
    rs.flatMap((r) =>
      r.vectorLayouts.map((l) => [r.lines, l.layout, l.vectors, l.buildS.toFixed(1), mib(l.bytes), (l.bytes / r.lines).toFixed(0), l.rssMiB.toFixed(0), `${l.search.p50.toFixed(2)} / ${l.search.p95.toFixed(2)}`, l.hit5.toFixed(2), l.recall50.toFixed(3)]),
    ),
  ),
);
if (trickleResult) {
  const t = trickleResult;
  console.log(`\nTrickle into the ${rs.at(-1)!.lines.toLocaleString('en-US')}-line store: ${t.pushes} pushes of ${t.linesPer} lines at 1/s (${t.late} late), /healthz timed back to back\n`);
  console.log(
    table(
      ['probe', 'n', 'p50 ms', 'p99 ms', 'max ms'],
      [
        ['/healthz round trip', String(t.healthz.n), t.healthz.p50, t.healthz.p99, t.healthz.max],
        ['push round trip', String(t.push.n), t.push.p50, t.push.p99, t.push.max],
      ],
    ),
  );
}
console.log(`\nJSON: ${writeResult('scale', { machine: m, stages: STAGES, skipped, batch: BATCH, seed: SEED, asksPerVariant: ASKS, evalQuestions: EVAL.length, results, trickle: trickleResult, totalS: (performance.now() - t00) / 1000 })}`);
