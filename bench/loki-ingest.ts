// Loki -> store ingest throughput: lines/s from the Loki-compatible stand-in into the SQLite store
// (no chunking, no embeddings) through the real follower process (src/ingest/loki/follow-worker.ts),
// and that process's peak RSS. The stand-in runs in this process; the follower in a child, as the
// sidecar would run beside a real Loki.
//
// Run: cd backend && npx tsx ../bench/loki-ingest.ts [--lines 100000] [--page-limits 1000,5000] [--streams 20]
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
console.log(`wrote ${writeResult('loki-ingest', { machine: m, date: new Date().toISOString(), rows })}`);
