// Load: concurrent asks and ingest pushes at once against the sidecar (createApp, in its own
// process) holding the demo scenario, over loopback with autocannon. Reports throughput, latency
// percentiles, status counts (429s apart: they are the deliberate answer of the limits) and the
// server's peak RSS. Any other failure (5xx, non-429 4xx, socket error, timeout) fails the run.
// Run: npm run bench -- load   (or: cd backend && npx tsx ../bench/load.ts [--seconds 20])
import { execSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { GROUND_TRUTH } from '../backend/src/demo/scenario.js';
import { pushBodies, rawRequest, scenarioEntries } from '../backend/test/hardening-lib.js';
import { BENCH_DIR, machine, stats, table, writeResult } from './lib.js';

const { values: args } = parseArgs({
  options: {
    // 20 s per run: long enough for steady state on 2 cores, short enough to repeat.
    seconds: { type: 'string', default: '20' },
    // Ask connections: the ask slots (4) plus some queueing (the queue holds 16).
    'ask-connections': { type: 'string', default: '8' },
    // Pushers: promtail sends one batch at a time per target; two targets.
    'ingest-connections': { type: 'string', default: '2' },
    // Lines per push: promtail's default batch is ~1 MiB; 200 demo-sized lines is a modest one.
    'lines-per-push': { type: 'string', default: '200' },
    // Per key and tenant; the default measures capacity. 60 (the shipped default) shows the limiter.
    'ask-per-minute': { type: 'string', default: '1000000' },
  },
});
const seconds = Number(args.seconds);
const askConnections = Number(args['ask-connections']);
const ingestConnections = Number(args['ingest-connections']);
const linesPerPush = Number(args['lines-per-push']);
/** Upper bounds on requests so a very fast machine still finishes. */
const MAX_ASKS = 20_000;
const MAX_PUSHES = 5_000;
const KEY = 'load-bench-key-0123456789abcdef';
const RSS_SAMPLE_MS = 200;

const dir = mkdtempSync(join(tmpdir(), 'loglens-load-'));
const config = {
  dataDir: dir,
  server: { port: 0 },
  auth: { apiKeys: [KEY] },
  // Rate limits high unless asked otherwise: this measures capacity. The ask slots and queue stay at
  // their defaults, so a 429 is the limiter or the bulkhead saying "busy" (counted apart), never a failure.
  limits: { askPerMinute: Number(args['ask-per-minute']), ingestPerMinute: 1_000_000 },
  log: { level: 'warn' },
};
const server = spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, '..', 'backend', 'test', 'serve-app.ts'), '--config', JSON.stringify(config)], {
  cwd: join(BENCH_DIR, '..', 'backend'),
  stdio: ['ignore', 'pipe', 'inherit'],
});
const { url, pid } = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
  let buf = '';
  server.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const nl = buf.indexOf('\n');
    if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)));
  });
  server.once('exit', (code) => reject(new Error(`server exited ${code}`)));
});
const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

/** The commit measured, and whether the tree had uncommitted changes. */
function gitCommit(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', { cwd: BENCH_DIR }).toString().trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { cwd: BENCH_DIR }).toString().trim() !== '';
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}

const procStatus = (field: string): number => {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
};

try {
  // The demo data, pushed as a shipper would, then the vector index given time to build.
  const entries = await scenarioEntries();
  const t0 = performance.now();
  for (const body of pushBodies(entries.map((e) => ({ ...e, tenant: 'default' })), 2000)) {
    const r = await rawRequest(url, 'POST', '/api/v1/ingest', auth, JSON.stringify(body));
    if (r.status !== 200) throw new Error(`seed push: ${r.status} ${r.body}`);
  }
  const seedMs = performance.now() - t0;
  let serving = 'bm25';
  const readyBy = Date.now() + 180_000;
  while (Date.now() < readyBy) {
    const r = JSON.parse((await rawRequest(url, 'GET', '/readyz', auth)).body);
    serving = r.checks.index.serving;
    if (serving === 'hybrid' || r.checks.index.state === 'disabled') break;
    await new Promise((res) => setTimeout(res, 500));
  }
  const entriesBefore = JSON.parse((await rawRequest(url, 'GET', '/readyz', auth)).body).checks.store.entries as number;

  const questions = [
    GROUND_TRUTH.question,
    'what happened to payment around 14:05?',
    'why did checkout return 502 errors?',
    'connection pool exhausted',
    'supplier feed refresh failed',
    'which service locked the database?',
  ];
  const askRequests = questions.map((q, i) => ({
    method: 'POST' as const,
    path: '/api/v1/ask',
    body: JSON.stringify(i % 2 === 0 ? { question: q } : { question: q, start: '2026-11-24T13:30:00Z', end: '2026-11-24T14:30:00Z' }),
  }));
  // Every push carries new lines (distinct timestamps), so each one writes, tags and chunks.
  let pushSeq = 0;
  const pushStartNs = BigInt(Date.parse('2026-11-24T15:00:00Z')) * 1_000_000n;
  const nextPush = () => {
    const n = pushSeq++;
    const values = Array.from({ length: linesPerPush }, (_, i) => {
      const k = n * linesPerPush + i;
      return [String(pushStartNs + BigInt(k) * 1_000_000n), `level=${k % 50 === 0 ? 'error' : 'info'} msg="order processed" order=ord-${k} shard=${k % 16} latency_ms=${k % 997}`];
    });
    return JSON.stringify({ streams: [{ stream: { job: 'loadgen', env: 'bench' }, values }] });
  };

  const latencies = { ask: [] as number[], ingest: [] as number[] };
  let rssMax = 0;
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, procStatus('VmRSS'));
  }, RSS_SAMPLE_MS);
  const run = (kind: 'ask' | 'ingest') =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const inst = autocannon(
        {
          url,
          headers: auth,
          method: 'POST',
          connections: kind === 'ask' ? askConnections : ingestConnections,
          duration: seconds,
          // Not `amount`: that would override the duration.
          maxOverallRequests: kind === 'ask' ? MAX_ASKS : MAX_PUSHES,
          // An ask can wait in the queue up to its 15 s timeout; anything past 30 s is a hang.
          timeout: 30,
          ...(kind === 'ask'
            ? { requests: askRequests }
            : { requests: [{ method: 'POST', path: '/api/v1/ingest', setupRequest: (req: autocannon.Request) => ({ ...req, body: nextPush() }) }] }),
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
      inst.on('response', (_client, _status, _bytes, ms) => latencies[kind].push(ms));
    });
  const [ask, ingest] = await Promise.all([run('ask'), run('ingest')]);
  clearInterval(sampler);
  const peakRss = procStatus('VmHWM');

  const entriesAfter = JSON.parse((await rawRequest(url, 'GET', '/readyz', auth)).body).checks.store.entries as number;
  const summarize = (kind: 'ask' | 'ingest', r: autocannon.Result) => {
    const codes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count ?? 0]));
    const ok = r['2xx'];
    const limited = codes['429'] ?? 0;
    const otherNon2xx = r.non2xx - limited;
    const s = stats(latencies[kind]);
    return { kind, connections: r.connections, requests: r.requests.total, seconds: r.duration, throughput: r.requests.total / r.duration, p50: s.p50, p95: s.p95, p99: s.p99, ok, limited, otherNon2xx, errors: r.errors, timeouts: r.timeouts, codes };
  };
  const rows = [summarize('ask', ask), summarize('ingest', ingest)];
  const okPushes = rows[1].ok;
  const linesPerSecond = (okPushes * linesPerPush) / ingest.duration;
  // Pushes still in flight when the clock stopped were answered to nobody but may have been stored.
  const grown = entriesAfter - entriesBefore;
  const storedAsExpected = grown >= okPushes * linesPerPush && grown <= (okPushes + ingestConnections) * linesPerPush && grown % linesPerPush === 0;

  console.log(`\nLoad: ${seconds} s of concurrent asks and pushes over loopback, demo data (${entries.length} lines, seeded in ${(seedMs / 1000).toFixed(1)} s), retrieval ${serving}`);
  console.log(`machine: ${machine()}; commit ${gitCommit()}\n`);
  console.log(
    table(
      ['workload', 'connections', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', '2xx', '429 (deliberate)', 'other non-2xx', 'errors / timeouts'],
      rows.map((r) => [r.kind, String(r.connections), String(r.requests), r.throughput, r.p50, r.p95, r.p99, String(r.ok), String(r.limited), String(r.otherNon2xx), `${r.errors} / ${r.timeouts}`]),
    ),
  );
  console.log(`\ningest: ${Math.round(linesPerSecond).toLocaleString('en-US')} lines/s stored (${linesPerPush} lines per push); store grew by ${grown} entries (${storedAsExpected ? '' : 'NOT '}the lines of the accepted pushes, plus any still in flight at the end)`);
  console.log(`server peak RSS (VmHWM): ${(peakRss / 2 ** 20).toFixed(0)} MiB; highest sampled VmRSS under load: ${(rssMax / 2 ** 20).toFixed(0)} MiB`);

  const failures = rows.reduce((n, r) => n + r.otherNon2xx + r.errors + r.timeouts, 0);
  const path = writeResult('load', {
    machine: machine(),
    commit: gitCommit(),
    seconds,
    askPerMinute: Number(args['ask-per-minute']),
    retrieval: serving,
    demoLines: entries.length,
    linesPerPush,
    rows,
    ingestLinesPerSecond: linesPerSecond,
    storedAsExpected,
    serverPeakRssBytes: peakRss,
    serverMaxSampledRssBytes: rssMax,
    failures,
  });
  console.log(`results: ${path}`);
  if (failures > 0 || !storedAsExpected) {
    console.error(`FAILED: ${failures} requests failed other than by 429${storedAsExpected ? '' : '; stored lines differ from accepted pushes'}`);
    process.exitCode = 1;
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
