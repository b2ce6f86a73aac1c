// Push ingest through HTTP, as a Loki client sends it (POST /api/v1/ingest, Loki's push JSON, 5,000 lines a
// request), A/B side by side in one run: the sidecar of this tree and, with --baseline DIR, the
// sidecar of another checkout's backend/ (e.g. `git archive <commit> backend | tar -x -C DIR`, then
// link DIR/backend/node_modules), each in its own process. Pushes alternate between them (who goes
// first rotates), and while a push is in flight /healthz is timed back to back on that server:
// what any request waits behind. Lines/s = lines / wall time of the pushes (acknowledged = durable).
//   npm run bench -- push     (or: cd backend && npx tsx ../bench/push.ts [--pushes 40] [--baseline DIR] [--cpu-prof DIR] [--pause-ms 1000])
// A baseline is easiest as a git worktree with node_modules, backend/node_modules and backend/.cache
// linked from this checkout (a bare `git archive` copy lacks the root node_modules tsx needs).
// Measured 2026-12-04 (baseline 110642c, this tree 3e040ef's push path; 2 shared cores, load
// 1.1-1.9, two runs): 8,961 / 8,858 -> 9,812 / 9,608 lines/s; push p50 552 -> 500 ms; /healthz p99
// while pushing 113 / 121 -> 111 / 113 ms. WAL checkpoints on a worker thread (store/checkpointer.ts),
// against main 47c02f4, 30 pushes each, two runs (load 3.5-6.9 and 5.9-5.2): 4,383 / 7,479 ->
// 4,841 / 8,043 lines/s (+10 / +8%), /healthz p99 while pushing 341 / 279 -> 328 / 229 ms.
// Ingest on a writer thread (backend/src/ingest/writer.ts) against main f739b55, 2026-12-04, load 8-14
// (other jobs): back-to-back probes, 20 pushes each: /healthz p99 463 -> 14 ms, lines/s 2,844 -> 2,655
// (the prober then takes a core: 31k probes instead of 202); --health-gap-ms 10: p99 758 -> 53 ms,
// p50 74 -> 2.1 ms, lines/s 3,131 -> 3,106; a trickle (--pause-ms 1000): p99 744 -> 65 ms; with
// --embedding (the embedding cache's writes on the writer too), 15 pushes, load 10-13: p99 1,556 ->
// 106 ms, lines/s 1,346 -> 1,430; --clients 2, 12 rounds, load 10-12: p99 1,264 -> 59 ms, lines/s
// 2,771 -> 2,834. At load 8-14 on 2 cores no core is idle, so the writer thread gains no lines/s.
// Quieter (load 4.9 -> 6.8), 20 pushes, probes 10 ms apart: lines/s 5,266 -> 4,965 (-6%: the
// entries cross threads by structured clone), /healthz p99 426 -> 27 ms, p50 56 -> 1.4 ms.
// Where the writer thread's time goes (--cpu-prof; the writer's profile is the thread busy in
// ingestSliced; 16 pushes, load 3-7, 256-line slices): value extraction and value rows 42% (row
// INSERTs 19%, extraction 20%, re-reads of generalised families 6%), miner 15% (tokenising 9%),
// commits 7%, chunks + FTS 7%, entry INSERTs 4%, GC 6%; the event loop idled 43% of the run.
// 2,048-line slices on the writer (ingest/writer-protocol.ts WRITER_SLICE_LINES), and the re-read
// skipping a batch's own lines (values/store.ts), against main d2d8fa8, 30 pushes each, load
// 10.9-10.7: 4,438 -> 4,944 lines/s, 7,072 -> 8,060 lines per sidecar CPU s (+14%), /healthz p99
// 26 -> 24 ms. Tried and dropped: 32-row INSERTs of value rows (5.4 -> 6.4 us a row: SQLite's
// B-tree work, not the statement, is the cost), a 64 MiB page cache on the writer (no change at 100k lines).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultLoghubDir, loghubAvailable } from '../backend/eval/templates-data.js';
import { spawnServeApp } from '../backend/test/hardening-lib.js';
import { batches, loadSources, pushBody } from './scale-data.js';
import { httpText, machine, stats, table, writeResult } from './lib.js';

const { values: a } = parseArgs({
  options: {
    pushes: { type: 'string', default: '40' },
    batch: { type: 'string', default: '5000' },
    baseline: { type: 'string' },
    // a V8 CPU profile of this tree's sidecar, written into this folder when it exits
    'cpu-prof': { type: 'string' },
    // a pause after each round of pushes: a trickle instead of back-to-back pushes
    'pause-ms': { type: 'string', default: '0' },
    // a pause between /healthz probes. 0 (back to back) measures what a request waits behind, but
    // against a server whose event loop is free the prober itself takes a core (tens of thousands
    // of probes per run), which the push then shares: pace it to compare lines/s fairly
    'health-gap-ms': { type: 'string', default: '0' },
    // pushes in flight at once per server (several Loki clients): lines/s is then over the wall
    // time of each group, and what one push waits behind includes the others
    clients: { type: 'string', default: '1' },
    // embed chunks and keep the vector index, as the sidecar does by default (its writes then share the store with ingest)
    embedding: { type: 'boolean', default: false },
  },
});
if (!loghubAvailable()) {
  console.error(`LogHub-2k not found at ${defaultLoghubDir()}: nothing to measure`);
  process.exit(2);
}
const PUSHES = Number(a.pushes);
const PAUSE_MS = Number(a['pause-ms']);
const HEALTH_GAP_MS = Number(a['health-gap-ms']);
const CLIENTS = Number(a.clients);
const BATCH = Number(a.batch);
const KEY = 'bench-push-key-0123456789';
const here = dirname(fileURLToPath(import.meta.url));

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  dir: string;
  wallMs: number;
  lines: number;
  pushMs: number[];
  healthMs: number[];
  /** CPU seconds of the sidecar process (all its threads) before the first push. */
  cpu0: number;
}

/**
 * CPU seconds a process has used, all its threads (utime + stime of /proc/<pid>/stat): lines per CPU
 * second hold under other jobs' load, where lines per wall second mostly measure the machine's queue.
 */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // fields 14 and 15 of stat (utime, stime), counted after the command name's closing parenthesis
    return (Number(rest[11]) + Number(rest[12])) / 100;
  } catch {
    return NaN;
  }
}

async function start(name: string, backendDir: string, nodeArgs: string[] = []): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-bench-push-'));
  const config = {
    dataDir: dir,
    server: { port: 0, bodyLimitBytes: 16 * 2 ** 20 },
    auth: { apiKeys: [KEY] },
    limits: { askPerMinute: 1_000_000, ingestPerMinute: 1_000_000 },
    retention: { maxAgeHours: 0 },
    embedding: { enabled: a.embedding },
    log: { level: 'warn' },
  };
  const { url, child } = await spawnServeApp(config, { backendDir, nodeArgs });
  return { name, url, child, dir, wallMs: 0, lines: 0, pushMs: [], healthMs: [], cpu0: 0 };
}

function req(base: string, method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { authorization: `Bearer ${KEY}`, 'x-scope-orgid': 'bench' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return httpText(base, method, path, headers, body);
}

const profile = a['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', a['cpu-prof']] : [];
const servers: Server[] = [await start('this tree', join(here, '..', 'backend'), profile)];
if (a.baseline) servers.unshift(await start(`baseline (${a.baseline})`, join(a.baseline, 'backend')));

const sources = await loadSources(defaultLoghubDir());
const gen = batches(sources, 16, BATCH);
const load0 = loadavg()[0];
for (const s of servers) s.cpu0 = cpuSeconds(s.child.pid);
for (let p = 0; p < PUSHES; p++) {
  if (p > 0 && PAUSE_MS > 0) await new Promise((r) => setTimeout(r, PAUSE_MS));
  const bodies = Array.from({ length: CLIENTS }, () => pushBody(gen.next().value!));
  for (let k = 0; k < servers.length; k++) {
    const s = servers[(p + k) % servers.length];
    let pushing = true;
    const health = (async () => {
      while (pushing) {
        const t = performance.now();
        const r = await req(s.url, 'GET', '/healthz');
        if (pushing) s.healthMs.push(performance.now() - t);
        if (r.status !== 200) throw new Error(`${s.name}: healthz ${r.status}`);
        if (HEALTH_GAP_MS > 0) await new Promise((res) => setTimeout(res, HEALTH_GAP_MS));
      }
    })();
    const t0 = performance.now();
    const done = await Promise.all(
      bodies.map(async (body) => {
        const r = await req(s.url, 'POST', '/api/v1/ingest', body);
        if (r.status !== 204 && r.status !== 200) throw new Error(`${s.name}: push ${r.status} ${r.body.slice(0, 200)}`);
        return performance.now() - t0;
      }),
    );
    pushing = false;
    await health;
    s.wallMs += Math.max(...done);
    s.lines += BATCH * CLIENTS;
    s.pushMs.push(...done);
  }
}
const load1 = loadavg()[0];
const rows = servers.map((s) => {
  const p = stats(s.pushMs);
  const h = stats(s.healthMs);
  const cpuS = cpuSeconds(s.child.pid) - s.cpu0;
  return { server: s.name, linesPerS: (s.lines / s.wallMs) * 1000, linesPerCpuS: s.lines / cpuS, pushP50: p.p50, pushP99: p.p99, healthP50: h.p50, healthP99: h.p99, healthN: h.n };
});
console.log(`push over HTTP, ${PUSHES} pushes of ${BATCH} lines per server${PAUSE_MS ? `, ${PAUSE_MS} ms apart` : ''}${HEALTH_GAP_MS ? `, /healthz probes ${HEALTH_GAP_MS} ms apart` : ''}${CLIENTS > 1 ? `, ${CLIENTS} pushes at once` : ''} (LogHub-2k replicas, 16 streams), ${machine()}, load ${load0.toFixed(2)} -> ${load1.toFixed(2)}`);
console.log(
  table(
    ['server', 'lines/s', 'lines per sidecar CPU s', 'push p50 ms', 'push p99 ms', '/healthz p50 ms', '/healthz p99 ms (n)'],
    rows.map((r) => [r.server, r.linesPerS, r.linesPerCpuS, r.pushP50, r.pushP99, r.healthP50, `${r.healthP99.toFixed(0)} (${r.healthN})`]),
  ),
);
writeResult('push', { machine: machine(), load: [load0, load1], pushes: PUSHES, batch: BATCH, pauseMs: PAUSE_MS, healthGapMs: HEALTH_GAP_MS, clients: CLIENTS, rows });
for (const s of servers) {
  s.child.kill('SIGTERM');
  await new Promise((r) => s.child.once('exit', r));
  rmSync(s.dir, { recursive: true, force: true });
}
