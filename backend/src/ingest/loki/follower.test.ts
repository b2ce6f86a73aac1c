// LokiFollower end to end: the real stand-in, the real client and the real SQLite store.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startLokiServer, type LokiServerHandle } from '../../../testkit/loki/server.js';
import { Store } from '../../store/store.js';
import { LokiClient } from './client.js';
import { decodeCursor } from './paginate.js';
import { LokiFollower, type LokiFollowerOptions, type LokiSourceConfig } from './follower.js';

let srv: LokiServerHandle;
before(async () => {
  srv = await startLokiServer({ port: 0, seed: 3 });
});
after(async () => {
  await srv.close();
});

// The follower reads "now" from the wall clock as Loki does, so lines are stamped relative to it.
const nowNs = () => BigInt(Date.now()) * 1_000_000n;
const WAIT_MS = 30_000;

function storedLines(store: Store, tenant: string): string[] {
  return (
    store.db
      .prepare('SELECT e.line FROM entries e JOIN streams s ON s.id = e.stream_id WHERE s.tenant = ? ORDER BY e.ts_ns, e.id')
      .all(tenant) as { line: string }[]
  ).map((r) => r.line);
}

function follower(store: Store, source: LokiSourceConfig, extra: Partial<LokiFollowerOptions> = {}) {
  const client = new LokiClient({ baseUrl: srv.url, retry: { maxAttempts: 4, initialDelayMs: 5, maxDelayMs: 50 }, timeoutMs: 2000 });
  return new LokiFollower({
    source,
    client,
    sink: (entries, cursor) => store.insertEntries(entries, { cursor: { sourceId: source.id, cursor } }),
    getCursor: () => store.getCursor(source.id),
    settleMs: 50,
    pollIntervalMs: 50,
    catchUpIntervalMs: 300,
    tailFlushMs: 20,
    backoffInitialMs: 20,
    backoffMaxMs: 200,
    tailRetryMs: 60_000,
    pageLimit: 7,
    ...extra,
  });
}

/** Polls a condition; the deadline only bounds a failure, so it is generous for a loaded machine. */
async function waitFor(cond: () => boolean, ms = WAIT_MS, what = 'condition') {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('LokiFollower', () => {
  test('backfills the window, tails live lines, survives a Loki restart, and keeps tenants apart', async () => {
    const store = Store.open(':memory:');
    const t0 = nowNs() - 60_000_000_000n;
    // Old lines (outside the window) must not be read; shared timestamps across pages must be.
    srv.push('fa', [{ stream: { app: 'web' }, values: [[t0 - 3_600_000_000_000n, 'too old'], ...Array.from({ length: 30 }, (_, i) => [t0 + BigInt(Math.floor(i / 4)), `back ${i}`] as [bigint, string])] }]);
    srv.push('fb', [{ stream: { app: 'web' }, values: [[t0, 'tenant b line']] }]);
    // A short tailRetryMs: after failed reconnects while Loki is down it polls, then tails again.
    const f = follower(store, { id: 'fa-web', tenant: 'fa', selector: '{app="web"}', backfillSeconds: 600 }, { tailRetryMs: 500 });
    f.start();
    await waitFor(() => storedLines(store, 'fa').length === 30, WAIT_MS, 'backfill');
    await waitFor(() => f.status().state === 'tailing', WAIT_MS, 'tailing');
    for (let i = 0; i < 5; i++) srv.push('fa', [{ stream: { app: 'web' }, values: [[nowNs(), `live ${i}`]] }]);
    await waitFor(() => storedLines(store, 'fa').length === 35, WAIT_MS, 'live lines');
    await srv.restart({ downMs: 100 });
    await waitFor(() => f.status().tailReconnects >= 1, WAIT_MS, 'reconnect');
    await waitFor(() => f.status().state === 'tailing', WAIT_MS, 'tailing again');
    srv.push('fa', [{ stream: { app: 'web' }, values: [[nowNs(), 'after restart']] }]);
    await waitFor(() => storedLines(store, 'fa').includes('after restart'), WAIT_MS, 'line after restart');
    await f.stop();
    const lines = storedLines(store, 'fa');
    assert.equal(lines.length, 36);
    assert.equal(new Set(lines).size, 36);
    assert.ok(!lines.includes('too old'));
    assert.deepEqual(storedLines(store, 'fb'), []);
    const st = f.status();
    assert.equal(st.state, 'stopped');
    assert.equal(st.lines, 36, 'lines counts rows the store reported as new');
    assert.ok(decodeCursor(store.getCursor('fa-web')) !== null);
    assert.ok(st.lagSeconds !== null && st.lagSeconds < 30);
    store.close();
  });

  test('resumes exactly from the stored cursor after a stop', async () => {
    const store = Store.open(':memory:');
    const base = nowNs() - 30_000_000_000n;
    srv.push('res', [{ stream: { app: 'r' }, values: Array.from({ length: 20 }, (_, i) => [base + BigInt(i % 3), `first ${i}`] as [bigint, string]) }]);
    const src = { id: 'res', tenant: 'res', selector: '{app="r"}', backfillSeconds: 300 };
    const f1 = follower(store, src, { useTail: false });
    f1.start();
    await waitFor(() => storedLines(store, 'res').length === 20);
    await f1.stop();
    srv.push('res', [{ stream: { app: 'r' }, values: [[base + 2n, 'same ts as cursor'], [nowNs() - 1_000_000_000n, 'later']] }]);
    const seenBy2: string[] = [];
    const f2 = follower(store, src, {
      useTail: false,
      sink: (entries, cursor) => {
        seenBy2.push(...entries.map((e) => e.line));
        return store.insertEntries(entries, { cursor: { sourceId: src.id, cursor } });
      },
    });
    f2.start();
    await waitFor(() => storedLines(store, 'res').length === 22);
    await f2.stop();
    assert.deepEqual(seenBy2.sort(), ['later', 'same ts as cursor'], 'nothing re-read, nothing skipped');
    store.close();
  });

  test('a quiet source persists a cursor near the late-arrival horizon instead of its old start', async () => {
    const store = Store.open(':memory:');
    const f = follower(store, { id: 'quiet', tenant: 'quiet', selector: '{app="q"}', backfillSeconds: 3600 }, { useTail: false, lateArrivalHorizonMs: 1000 });
    try {
      f.start();
      await waitFor(() => store.getCursor('quiet') !== undefined, WAIT_MS, 'cursor');
      const c = decodeCursor(store.getCursor('quiet'))!;
      const behindMs = Number(nowNs() - c.tsNs) / 1e6;
      assert.ok(behindMs > 1000 && behindMs < 60_000, `cursor ${behindMs} ms behind`);
      srv.push('quiet', [{ stream: { app: 'q' }, values: [[nowNs() - 500_000_000n, 'finally']] }]);
      await waitFor(() => storedLines(store, 'quiet').length === 1, WAIT_MS, 'line after quiet period');
    } finally {
      await f.stop();
      store.close();
    }
  });

  test('entries a tail dropped behind the cursor are re-read by range', async () => {
    // A negative buffer limit makes the stand-in drop every tail entry and report it.
    const lossy = await startLokiServer({ port: 0, tailMaxBufferedBytes: -1 });
    const store = Store.open(':memory:');
    const f = new LokiFollower({
      source: { id: 'drop', tenant: 'd', selector: '{app="d"}', backfillSeconds: 60 },
      client: new LokiClient({ baseUrl: lossy.url }),
      sink: (entries, cursor) => store.insertEntries(entries, { cursor: { sourceId: 'drop', cursor } }),
      getCursor: () => store.getCursor('drop'),
      settleMs: 50,
      catchUpIntervalMs: 60_000,
      tailFlushMs: 20,
    });
    try {
      lossy.push('d', [{ stream: { app: 'd' }, values: [[nowNs() - 5_000_000_000n, 'before start']] }]);
      f.start();
      await waitFor(() => f.status().state === 'tailing' && storedLines(store, 'd').length === 1, WAIT_MS, 'tailing');
      // Late arrival: older than the cursor, so only the tail (which drops it) would see it.
      lossy.push('d', [{ stream: { app: 'd' }, values: [[nowNs() - 30_000_000_000n, 'late and dropped']] }]);
      await waitFor(() => storedLines(store, 'd').includes('late and dropped'), WAIT_MS, 'repaired line');
    } finally {
      await f.stop();
      await lossy.close();
      store.close();
    }
  });

  test('a full disk: the follower backs off and retries, its cursor unmoved until a page is stored, every line once', async () => {
    const store = Store.open(':memory:');
    const src = { id: 'full', tenant: 'full', selector: '{app="f"}', backfillSeconds: 300 };
    // What better-sqlite3 throws when SQLite cannot grow the WAL (test/disk-full.test.ts fills a real disk).
    const diskFull = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    let full = true;
    let refused = 0;
    const f = follower(store, src, {
      sink: (entries, cursor) => {
        if (full) {
          refused++;
          throw diskFull();
        }
        return store.insertEntries(entries, { cursor: { sourceId: src.id, cursor } });
      },
    });
    try {
      const base = nowNs() - 60_000_000_000n;
      srv.push('full', [{ stream: { app: 'f' }, values: Array.from({ length: 20 }, (_, i) => [base + BigInt(i), `backfill ${i}`] as [bigint, string]) }]);
      f.start();
      await waitFor(() => refused >= 3, WAIT_MS, 'refused backfill pages');
      assert.equal(store.getCursor(src.id), undefined, 'no cursor stored while nothing is');
      assert.deepEqual(storedLines(store, 'full'), []);
      assert.match(f.status().lastError ?? '', /disk is full/);
      full = false;
      await waitFor(() => storedLines(store, 'full').length === 20, WAIT_MS, 'backfill after space returned');
      await waitFor(() => f.status().state === 'tailing', WAIT_MS, 'tailing');
      const cursor = store.getCursor(src.id);
      assert.ok(cursor);
      // Full again while tailing: the tail's batch and the catch-ups fail; nothing moves.
      full = true;
      const before = refused;
      for (let i = 0; i < 5; i++) srv.push('full', [{ stream: { app: 'f' }, values: [[nowNs(), `live ${i}`]] }]);
      await waitFor(() => refused >= before + 2, WAIT_MS, 'refused live lines');
      assert.equal(store.getCursor(src.id), cursor, 'cursor unmoved while the disk is full');
      assert.equal(storedLines(store, 'full').length, 20);
      full = false;
      await waitFor(() => storedLines(store, 'full').length === 25, WAIT_MS, 'live lines after space returned');
      await f.stop();
      const lines = storedLines(store, 'full');
      assert.equal(new Set(lines).size, 25, 'each line once');
      assert.notEqual(f.status().state, 'backing_off');
    } finally {
      await f.stop();
      store.close();
    }
  });

  test('falls back to polling when the tail endpoint keeps failing, with faults on every read', async () => {
    const store = Store.open(':memory:');
    srv.setFaults({ routes: ['tail'], errorRate: 1, errorStatus: 503 });
    const f = follower(store, { id: 'poll', tenant: 'poll', selector: '{app="p"} != "debug"', backfillSeconds: 60 });
    try {
      f.start();
      await waitFor(() => f.status().state === 'polling' || f.status().tailReconnects >= 3, WAIT_MS, 'polling');
      srv.setFaults({ routes: ['query', 'tail'], errorRate: 0.3, truncateRate: 0.1, resetRate: 0.1, rateLimitRate: 0.1, retryAfterSeconds: 0 });
      for (let i = 0; i < 10; i++) srv.push('poll', [{ stream: { app: 'p' }, values: [[nowNs(), `poll ${i}`], [nowNs() + 1n, `debug ${i}`]] }]);
      await waitFor(() => storedLines(store, 'poll').length === 10, WAIT_MS, 'polled lines');
      assert.ok(f.status().errors >= 3);
      assert.ok(storedLines(store, 'poll').every((l) => l.startsWith('poll ')), 'line filter applied');
    } finally {
      srv.clearFaults();
      await f.stop();
      store.close();
    }
  });
});
