// Loki -> store ingest throughput: lines/s from the Loki-compatible stand-in into the SQLite store
// (no chunking, no embeddings) through the real follower process (src/ingest/loki/follow-worker.ts),
// and that process's peak RSS. The stand-in runs in this process; the follower in a child, as the
// sidecar would run beside a real Loki.
//
// Run: cd backend && npx tsx ../bench/loki-ingest.ts [--lines 100000] [--page-limits 1000,5000] [--streams 20]
//        [--tail-rate 5000] [--tail-seconds 10]
// Writes bench/results/loki-ingest.json.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLokiServer, type PushInput } from '../backend/testkit/loki/server.js';
import { BENCH_DIR, machine, table, writeResult } from './lib.js';

const { values: args } = parseArgs({
  options: {
    lines: { type: 'string', default: '100000' },
    'page-limits': { type: 'string', default: '1000,5000' },
    streams: { type: 'string', default: '20' },
    // Live scenario: lines pushed at this rate while the follower tails; lag measured in the store.
    'tail-rate': { type: 'string', default: '5000' },
    'tail-seconds': { type: 'string', default: '10' },
  },
});
const LINES = Number(args.lines);
const STREAMS = Number(args.streams);
const TENANTS = ['acme', 'globex'];
const BACKEND = join(BENCH_DIR, '..', 'backend');

/** VmRSS / VmHWM of a live process, MiB (Linux /proc). */
function memOf(pid: number): { rss: number; hwm: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

interface Row {
  pageLimit: number;
  lines: number;
  seconds: number;
  linesPerSec: number;
  startupSeconds: number;
  idleRssMiB: number;
  peakRssMiB: number;
  dbMiB: number;
}

async function runOnce(pageLimit: number): Promise<Row> {
  const srv = await startLokiServer({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'loglens-bench-loki-'));
  try {
    // Realistic-looking lines (~120 bytes), timestamps over the last 50 minutes, 20 streams.
    const nowMs = Date.now();
    const perTenant = Math.ceil(LINES / TENANTS.length);
    const streamsPerTenant = Math.ceil(STREAMS / TENANTS.length);
    for (const tenant of TENANTS) {
      const streams: PushInput[] = Array.from({ length: streamsPerTenant }, (_, i) => ({ stream: { app: `svc-${i}`, env: i % 2 ? 'dev' : 'prod' }, values: [] }));
      for (let k = 0; k < perTenant; k++) {
        const ts = (BigInt(nowMs - 50 * 60_000) + BigInt(Math.floor((k * 50 * 60_000) / perTenant))) * 1_000_000n + BigInt(k % 1000);
        streams[k % streamsPerTenant].values.push([ts, `2024-05-01 level=${k % 9 ? 'info' : 'error'} svc=svc-${k % streamsPerTenant} req=${k} user=u${k % 313} path=/api/v1/items/${k % 97} status=${k % 9 ? 200 : 503} dur=${k % 250}ms`]);
      }
      srv.push(tenant, streams);
    }
    const total = TENANTS.reduce((n, t) => n + srv.data.lineCount(t), 0);
    const sources = TENANTS.map((tenant) => ({ id: `${tenant}`, tenant, selector: '{app=~"svc-.+"}', backfillSeconds: 3600 }));
    const dbPath = join(dir, 'bench.db');
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/ingest/loki/follow-worker.ts', '--db', dbPath, '--loki', srv.url, '--sources', JSON.stringify(sources), '--options', JSON.stringify({ pageLimit, maxPageLimit: Math.max(pageLimit, 5000), useTail: false, settleMs: 0, pollIntervalMs: 60_000 }), '--status-ms', '50'],
      { cwd: BACKEND, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let ready = 0;
    let idle = { rss: NaN, hwm: NaN };
    let done = 0;
    let peak = NaN;
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      child.on('exit', (code) => (done ? resolve() : reject(new Error(`worker exited early (${code})`))));
      child.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const st = JSON.parse(buf.slice(0, nl)) as { followers: Array<{ lines: number }> };
          buf = buf.slice(nl + 1);
          if (!ready) {
            ready = performance.now();
            idle = memOf(child.pid!);
          }
          const lines = st.followers.reduce((n, f) => n + f.lines, 0);
          if (!done && lines >= total) {
            done = performance.now();
            peak = memOf(child.pid!).hwm;
            child.kill('SIGTERM');
          }
        }
      });
    });
    const dbBytes = ['', '-wal'].reduce((n, s) => {
      try {
        return n + readFileSync(dbPath + s).length;
      } catch {
        return n;
      }
    }, 0);
    const seconds = (done - ready) / 1000;
    return { pageLimit, lines: total, seconds, linesPerSec: total / seconds, startupSeconds: (ready - t0) / 1000, idleRssMiB: idle.rss, peakRssMiB: peak, dbMiB: dbBytes / 2 ** 20 };
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface TailRow {
  rate: number;
  seconds: number;
  lines: number;
  lagP50Ms: number;
  lagP95Ms: number;
  lagMaxMs: number;
  drainMs: number;
  peakRssMiB: number;
}

/**
 * Pushes `rate` lines/s for `seconds` while the follower tails (default tuning: 2 s settle, 10 s
 * catch-up). Lag of the n-th stored line = time it was counted in the store - time the n-th line
 * was pushed (FIFO approximation over all streams), sampled every 50 ms.
 */
async function runTail(rate: number, seconds: number): Promise<TailRow> {
  const srv = await startLokiServer({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'loglens-bench-loki-'));
  const dbPath = join(dir, 'tail.db');
  try {
    const sources = TENANTS.map((tenant) => ({ id: tenant, tenant, selector: '{app=~"svc-.+"}', backfillSeconds: 60 }));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/ingest/loki/follow-worker.ts', '--db', dbPath, '--loki', srv.url, '--sources', JSON.stringify(sources), '--status-ms', '50'], {
      cwd: BACKEND,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stored = 0;
    let tailing = false;
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const st = JSON.parse(buf.slice(0, nl)) as { followers: Array<{ lines: number; state: string }> };
        buf = buf.slice(nl + 1);
        stored = st.followers.reduce((n, f) => n + f.lines, 0);
        tailing = st.followers.every((f) => f.state === 'tailing');
      }
    });
    while (!tailing) await new Promise((r) => setTimeout(r, 50));
    const pushTimes: number[] = [];
    const samples: Array<{ t: number; n: number }> = [];
    const sampler = setInterval(() => samples.push({ t: performance.now(), n: stored }), 50);
    const tickMs = 100;
    const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
    const streamsPerTenant = Math.ceil(STREAMS / TENANTS.length);
    const t0 = performance.now();
    let k = 0;
    for (let tick = 0; tick < (seconds * 1000) / tickMs; tick++) {
      const due = t0 + tick * tickMs;
      if (performance.now() < due) await new Promise((r) => setTimeout(r, due - performance.now()));
      const byTenant = new Map<string, PushInput[]>();
      const nowNs = BigInt(Date.now()) * 1_000_000n;
      for (let i = 0; i < perTick; i++, k++) {
        const tenant = TENANTS[k % TENANTS.length];
        const si = Math.floor(k / TENANTS.length) % streamsPerTenant;
        let arr = byTenant.get(tenant);
        if (!arr) byTenant.set(tenant, (arr = Array.from({ length: streamsPerTenant }, (_, j) => ({ stream: { app: `svc-${j}` }, values: [] }))));
        arr[si].values.push([nowNs + BigInt(i), `live level=info req=${k} user=u${k % 313} path=/api/v1/items/${k % 97} status=200`]);
      }
      for (const [tenant, streams] of byTenant) srv.push(tenant, streams.filter((s) => s.values.length > 0));
      const now = performance.now();
      for (let i = 0; i < perTick; i++) pushTimes.push(now);
    }
    const pushEnd = performance.now();
    while (stored < pushTimes.length && performance.now() - pushEnd < 60_000) await new Promise((r) => setTimeout(r, 20));
    const drainMs = performance.now() - pushEnd;
    clearInterval(sampler);
    samples.push({ t: performance.now(), n: stored });
    const peak = memOf(child.pid!).hwm;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const lags: number[] = [];
    for (const smp of samples) if (smp.n > 0) lags.push(smp.t - pushTimes[Math.min(smp.n, pushTimes.length) - 1]);
    lags.sort((a, b) => a - b);
    const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))] ?? NaN;
    return { rate, seconds, lines: pushTimes.length, lagP50Ms: pct(50), lagP95Ms: pct(95), lagMaxMs: lags[lags.length - 1] ?? NaN, drainMs, peakRssMiB: peak };
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const pl of args['page-limits']!.split(',').map(Number)) rows.push(await runOnce(pl));
const m = machine();
console.log(`Loki -> store ingest (backfill via query_range, forward pages; no embeddings). Machine: ${m}`);
console.log(
  table(
    ['page limit', 'lines', 'seconds', 'lines/s', 'worker start s', 'idle RSS MiB', 'peak RSS MiB', 'db MiB'],
    rows.map((r) => [r.pageLimit, r.lines, r.seconds, r.linesPerSec, r.startupSeconds, r.idleRssMiB, r.peakRssMiB, r.dbMiB]),
  ),
);
console.log('Seconds run from the worker\'s first status line (store open, tsx loaded) until the store held every line; RSS is the follower process (VmHWM), tsx loader included.');
const tail = await runTail(Number(args['tail-rate']), Number(args['tail-seconds']));
console.log('');
console.log(`Live tail into the store (WebSocket tail + range catch-up every 10 s, default tuning). Machine: ${m}`);
console.log(
  table(
    ['push rate lines/s', 'seconds', 'lines', 'lag p50 ms', 'lag p95 ms', 'lag max ms', 'drain after push ms', 'peak RSS MiB'],
    [[tail.rate, tail.seconds, tail.lines, tail.lagP50Ms, tail.lagP95Ms, tail.lagMaxMs, tail.drainMs, tail.peakRssMiB]],
  ),
);
console.log(`wrote ${writeResult('loki-ingest', { machine: m, date: new Date().toISOString(), backfill: rows, tail })}`);
