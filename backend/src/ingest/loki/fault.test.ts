// Fault test: 20 streams in two tenants, >= 100,000 lines pushed while a follower PROCESS
// backfills and then tails, faults injected throughout (5xx, 429 + Retry-After, latency, resets,
// truncated bodies, Loki restarts dropping tails), and the process SIGKILLed at least three times
// mid-ingest and restarted. At the end the store must hold exactly the pushed lines per tenant:
// the same multiset of (tenant, labels, timestamp, line).

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { startLokiServer } from '../../../testkit/loki/server.js';
import { seededRandom } from '../../lib/random.js';
import { Store } from '../../store/store.js';
import type { FollowerStatus, LokiSourceConfig } from './follower.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const BACKEND = join(HERE, '..', '..', '..');
const TENANTS = ['acme', 'globex'];
const STREAMS_PER_TENANT = 10;
/** Lines pushed before the follower starts: its backfill. */
const BACKFILL_LINES = 40_000;
/** Lines pushed while it runs: it backfills, then tails them. */
const LIVE_LINES = 64_000;
const LIVE_BATCH = 800;
const LIVE_BATCH_EVERY_MS = 250;
const KILLS = 4;
const NS_PER_MS = 1_000_000n;
/** The final catch-up fails only after this long without one new stored row (a stall, not slowness). */
const STALL_MS = 60_000;

interface Line {
  tenant: string;
  labels: Record<string, string>;
  ts: bigint;
  line: string;
}

function streamLabels(tenant: string, i: number): Record<string, string> {
  // service_name is given so Loki adds none and stored labels equal pushed labels.
  return { app: `svc-${i}`, env: i % 2 === 0 ? 'prod' : 'dev', service_name: `svc-${i}`, tenant_hint: tenant };
}

/** n lines spread over the 20 streams; every 4 consecutive lines of a stream share a timestamp. */
function makeLines(n: number, firstNs: bigint, spanNs: bigint, tag: string): Line[] {
  const out: Line[] = [];
  const perStream = Math.ceil(n / (TENANTS.length * STREAMS_PER_TENANT));
  let made = 0;
  for (let k = 0; k < perStream && made < n; k++) {
    const ts = firstNs + (spanNs * BigInt(Math.floor(k / 4) * 4)) / BigInt(perStream);
    for (const tenant of TENANTS) {
      for (let i = 0; i < STREAMS_PER_TENANT && made < n; i++, made++) {
        out.push({ tenant, labels: streamLabels(tenant, i), ts, line: `${tag} ${tenant} s${i} #${k} level=${k % 7 === 0 ? 'error' : 'info'} user=${(k * 31) % 97}` });
      }
    }
  }
  return out;
}

async function pushHttp(url: string, lines: Line[]) {
  for (const tenant of TENANTS) {
    const byStream = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
    for (const l of lines) {
      if (l.tenant !== tenant) continue;
      const k = JSON.stringify(l.labels);
      let s = byStream.get(k);
      if (!s) byStream.set(k, (s = { stream: l.labels, values: [] }));
      s.values.push([l.ts.toString(), l.line]);
    }
    if (byStream.size === 0) continue;
    const body = JSON.stringify({ streams: [...byStream.values()] });
    // Like a shipper: retry while Loki restarts; a re-sent push is deduplicated by Loki.
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(`${url}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Scope-OrgID': tenant }, body });
        const text = await res.text();
        if (res.status === 204) break;
        if (res.status < 500 || attempt > 50) assert.fail(`push answered ${res.status}: ${text}`);
      } catch (e) {
        if (attempt > 50) throw e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const keyOf = (tenant: string, labels: Record<string, string>, ts: bigint | string, line: string) =>
  `${tenant}\u0001${JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]))}\u0001${ts}\u0001${line}`;

test('follower process survives SIGKILLs and Loki faults and stores exactly the pushed lines', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-loki-fault-'));
  const dbPath = join(dir, 'store.db');
  const srv = await startLokiServer({ port: 0, seed: 42 });
  const children = new Set<ChildProcess>();
  try {
    const t0Ms = Date.now();
    const backfill = makeLines(BACKFILL_LINES, (BigInt(t0Ms) - 10n * 60_000n) * NS_PER_MS, 9n * 60_000n * NS_PER_MS, 'old');
    for (let i = 0; i < backfill.length; i += 5000) await pushHttp(srv.url, backfill.slice(i, i + 5000));

    srv.setFaults({
      routes: ['query', 'meta', 'tail'],
      errorRate: 0.05,
      errorStatus: 503,
      rateLimitRate: 0.05,
      retryAfterSeconds: 1,
      latencyMs: 0,
      latencyJitterMs: 15,
      resetRate: 0.04,
      truncateRate: 0.04,
    });

    const sources: LokiSourceConfig[] = TENANTS.flatMap((tenant) =>
      ['prod', 'dev'].map((env) => ({ id: `${tenant}-${env}`, tenant, selector: `{env="${env}", app=~"svc-.+"}`, backfillSeconds: 15 * 60 })),
    );
    const options = { pageLimit: 500, settleMs: 3000, pollIntervalMs: 500, catchUpIntervalMs: 2000, tailFlushMs: 100, backoffInitialMs: 100, backoffMaxMs: 2000, tailRetryMs: 3000 };
    let lastStatus: FollowerStatus[] = [];
    let statusLines = 0;
    const startWorker = () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(HERE, 'follow-worker.ts'), '--db', dbPath, '--loki', srv.url, '--sources', JSON.stringify(sources), '--options', JSON.stringify(options), '--status-ms', '200'],
        { cwd: BACKEND, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      children.add(child);
      child.on('exit', () => children.delete(child));
      let buf = '';
      child.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          try {
            lastStatus = JSON.parse(line).followers;
            statusLines++;
          } catch {
            /* partial line after a kill */
          }
        }
      });
      child.stderr!.on('data', () => undefined);
      return child;
    };

    const reader = () => Store.open(dbPath, { readonly: true });
    const storedCount = () => {
      try {
        const s = reader();
        try {
          return (s.db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
        } finally {
          s.close();
        }
      } catch {
        return 0;
      }
    };

    // Live pusher: runs concurrently with the worker's lifecycle below.
    const live: Line[] = [];
    let pushing = true;
    const pusher = (async () => {
      for (let sent = 0; sent < LIVE_LINES; sent += LIVE_BATCH) {
        const nowNs = BigInt(Date.now()) * NS_PER_MS;
        const batch = makeLines(Math.min(LIVE_BATCH, LIVE_LINES - sent), nowNs, 1000n, `live${sent}`);
        live.push(...batch);
        await pushHttp(srv.url, batch);
        // A shipper retry: the same batch again, which Loki must drop as exact duplicates.
        if (sent % (LIVE_BATCH * 20) === 0) await pushHttp(srv.url, batch);
        await new Promise((r) => setTimeout(r, LIVE_BATCH_EVERY_MS));
      }
      pushing = false;
    })();

    let worker = startWorker();
    let kills = 0;
    // Seeded: the kill points differ by machine speed only, not from run to run.
    const rand = seededRandom(0xfa017);
    const progressSince = async (count: number, ms: number) => {
      const end = performance.now() + ms;
      while (storedCount() <= count && performance.now() < end) await new Promise((r) => setTimeout(r, 100));
    };
    for (let k = 0; k < KILLS; k++) {
      // Kill only once this incarnation has written something: that makes it mid-ingest.
      const before = storedCount();
      await progressSince(before, 20_000);
      // A random point after that progress (where to kill, not a wait for anything).
      await new Promise((r) => setTimeout(r, 1500 + Math.floor(rand() * 2500)));
      if (k === 1) await srv.restart({ downMs: 300 });
      if (k === 2) srv.dropTails();
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      kills++;
      t.diagnostic(`SIGKILL ${kills} at ${storedCount()} stored rows (${Date.now() - t0Ms} ms), states ${lastStatus.map((x) => x.state).join(',')}`);
      worker = startWorker();
    }
    await pusher;
    assert.equal(pushing, false);

    const expected = new Map<string, string[]>();
    for (const l of [...backfill, ...live]) {
      const arr = expected.get(l.tenant) ?? [];
      arr.push(keyOf(l.tenant, l.labels, l.ts, l.line));
      expected.set(l.tenant, arr);
    }
    const total = backfill.length + live.length;
    assert.ok(total >= 100_000, `pushed ${total}`);
    assert.equal(srv.data.lineCount('acme') + srv.data.lineCount('globex'), total, 'Loki dropped the re-pushed duplicates');

    // Catch-up: waits as long as rows keep arriving; only a stall ends the wait early.
    for (let n = storedCount(), lastProgress = performance.now(); n < total && performance.now() - lastProgress < STALL_MS; ) {
      await new Promise((r) => setTimeout(r, 250));
      const m = storedCount();
      if (m > n) [n, lastProgress] = [m, performance.now()];
    }
    // Give a late duplicate a chance to show up before comparing.
    await new Promise((r) => setTimeout(r, 500));
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));

    const s = reader();
    try {
      for (const tenant of TENANTS) {
        const rows = s.db
          .prepare('SELECT s.tenant, s.labels_json, e.ts_ns, e.line FROM entries e JOIN streams s ON s.id = e.stream_id WHERE s.tenant = ?')
          .safeIntegers(true)
          .all(tenant) as Array<{ tenant: string; labels_json: string; ts_ns: bigint; line: string }>;
        const got = rows.map((r) => keyOf(r.tenant, JSON.parse(r.labels_json), r.ts_ns, r.line)).sort();
        const want = expected.get(tenant)!.sort();
        if (got.length !== want.length) {
          const g = new Set(got);
          const missing = want.filter((w) => !g.has(w)).slice(0, 3);
          assert.fail(`${tenant}: stored ${got.length}, pushed ${want.length}; e.g. missing ${JSON.stringify(missing)}; status ${JSON.stringify(lastStatus)}`);
        }
        assert.deepEqual(got, want, `${tenant}: same multiset`);
      }
      assert.equal(s.integrityCheck(), 'ok');
    } finally {
      s.close();
    }
    assert.ok(kills >= 3);
    assert.ok(statusLines > 0);
    const injected = srv.faultCounters;
    t.diagnostic(`faults injected ${JSON.stringify(injected)}; follower errors ${lastStatus.map((x) => x.errors).join(',')}; ${Date.now() - t0Ms} ms`);
    assert.ok(injected.errors > 0 && injected.rateLimited > 0 && injected.resets > 0 && injected.truncated > 0, JSON.stringify(injected));
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
