// A full disk, for real: the sidecar's data directory is a small tmpfs, filled by a filler file and
// then by pushes. What must hold (issue #15):
// - ingest answers 507 `storage_full` with Retry-After (it was a 500 `internal`), and a refused push
//   stores nothing of itself;
// - reads keep working: asks with new questions answer 200 although the question's embedding cannot
//   be cached (that write used to turn every new question into a 500), explain-alert and patterns
//   too; the vector index's failed saves leave the served index and the files on disk intact;
// - /readyz stays 200 with `storage: full` (degraded) and /metrics counts the failed writes;
// - a restart on the full disk serves (no crash loop);
// - space back: the refused push, retried, stores each of its lines once; the store holds every
//   acknowledged line exactly once and nothing else; integrity_check ok; the index on disk loads.
// Needs mount(2) (root, as in CI); skips with the reason where mounting is refused.
// Line timestamps are taken from the clock at the start, so the date does not matter; nothing waits
// on a timer: every step waits for the response or for the vector service to go idle.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { provisionedMiniLmDir } from '../src/embed/test-model-dir.js';
import { openIndex } from '../src/index/persistence.js';
import { faiss } from '../src/index/test-faiss.js';
import { createLogger } from '../src/telemetry/logger.js';

const KEY = 'disk-full-key-0123456789abcdef';
const TENANT = 'default';
/** Room for the seeded store (a few MB with its WAL) and the index; the filler takes the rest. */
const TMPFS_MB = 32;
/** Pushes after the filler before one must be refused: the WAL can still reuse its own file (~4 MB). */
const MAX_FILL_PUSHES = 400;
const LINES_PER_PUSH = 60;
/** 100 ms apart: even MAX_FILL_PUSHES pushes stay in the past (the push API refuses lines from the future). */
const LINE_STEP_NS = 100_000_000n;

let dir = '';
let mounted = false;
let skipReason: string | false = false;
let app: App | undefined;
let url = '';
/** Whether the ask path embeds the question (the cache write under test), or why not. */
let embedding: true | string = true;
const acked = new Map<string, number>();
let refused: PushBody | undefined;
const t0Ns = BigInt(Date.now() - 2 * 3600_000) * 1_000_000n;
let seq = 0;

interface PushBody {
  streams: { stream: Record<string, string>; values: [string, string][] }[];
}

const JOBS = ['checkout', 'payment', 'inventory'];
/** Unique lines across the whole test (seq), in the shapes a service logs. */
function nextBody(n = LINES_PER_PUSH): PushBody {
  const byJob = new Map<string, [string, string][]>();
  for (let i = 0; i < n; i++) {
    const s = seq++;
    const job = JOBS[s % JOBS.length];
    const line =
      s % 7 === 0
        ? `level=error msg="payment gateway timeout" job=${job} order=ord-${s} code=504 latency_ms=${3000 + (s % 900)} seq=${s}`
        : `level=info msg="request served" job=${job} path=/api/${job}/items/${s % 50} status=200 latency_ms=${20 + (s % 80)} seq=${s} pad=${'x'.repeat(120)}`;
    const values = byJob.get(job) ?? [];
    values.push([(t0Ns + BigInt(s) * LINE_STEP_NS).toString(), line]);
    byJob.set(job, values);
  }
  return { streams: [...byJob].map(([job, values]) => ({ stream: { job, env: 'prod' }, values })) };
}

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const r = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, json, text };
}

/** Pushes; a 200 acknowledges every line of the body (the client may forget them). */
async function push(body: PushBody) {
  const r = await call('POST', '/api/v1/ingest', body);
  if (r.status === 200) for (const s of body.streams) for (const [, line] of s.values) acked.set(line, (acked.get(line) ?? 0) + 1);
  return r;
}

async function metric(name: string, labels: string, orElse?: number): Promise<number> {
  const text = (await call('GET', '/metrics')).text;
  const m = new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, 'm').exec(text);
  if (!m && orElse !== undefined) return orElse;
  assert.ok(m, `no sample ${name}{${labels}}`);
  return Number(m[1]);
}

function config() {
  return loadConfig(
    {},
    {
      dataDir: dir,
      server: { port: 0 },
      auth: { apiKeys: [KEY] },
      limits: { askPerMinute: 100_000, ingestPerMinute: 100_000 },
      // In-line model: one thread fewer on a 2-core machine; the cache write is the same.
      embedding: embedding === true ? { enabled: true, modelDir: provisionedMiniLmDir(), workers: 0 } : { enabled: false },
      log: { level: 'silent' },
    },
  );
}

async function startApp() {
  app = createApp(config(), { logger: createLogger('silent'), processMetrics: false });
  await app.start();
  ({ url } = await app.listen());
}

/** Fills the file system: 1 MiB writes, then 4 KiB ones, until ENOSPC. */
function fillDisk(path: string) {
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 20, 4096]) {
      const block = Buffer.alloc(size, 0x61);
      for (;;) {
        try {
          writeSync(fd, block);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

function skipIf(t: TestContext): boolean {
  if (skipReason) t.skip(skipReason);
  return skipReason !== false;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loglens-disk-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m`, 'tmpfs', dir], { stdio: 'pipe' });
    mounted = true;
  } catch (err) {
    skipReason = `mounting a tmpfs was refused (${String((err as { stderr?: Buffer }).stderr ?? err).trim()}): the disk-full test needs root (CI runs it)`;
    return;
  }
  if (process.env.LOGLENS_EMBEDDING_ENABLED === 'false') embedding = 'LOGLENS_EMBEDDING_ENABLED=false';
  else if (!faiss) embedding = 'faiss-node is not built (backend/scripts/build-faiss-node.sh)';
  else {
    try {
      provisionedMiniLmDir();
    } catch (err) {
      embedding = (err as Error).message;
    }
  }
  await startApp();
  // Seed: what the asks read and what must survive.
  for (let i = 0; i < 15; i++) assert.equal((await push(nextBody())).status, 200);
  await app!.vectors?.idle();
  if (embedding === true) assert.ok(app!.vectors?.canServe(TENANT), 'the tenant has a vector index before the disk fills');
}, { timeout: 120_000 });

after(async () => {
  // The mount goes even when closing hangs (as it did on the code before this test existed).
  await Promise.race([app?.close().catch(() => undefined), new Promise((r) => setTimeout(r, 20_000).unref())]);
  if (mounted) execFileSync('umount', ['-l', dir]);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, { timeout: 60_000 });

test('disk full: a push answers 507 storage_full with Retry-After, and stores nothing of itself', async (t) => {
  if (skipIf(t)) return;
  fillDisk(join(dir, 'filler'));
  let r;
  for (let i = 0; i < MAX_FILL_PUSHES; i++) {
    const body = nextBody();
    r = await push(body);
    if (r.status !== 200) {
      refused = body;
      break;
    }
  }
  assert.ok(refused, `no push refused after ${MAX_FILL_PUSHES} on a full disk`);
  t.diagnostic(`refused after ${acked.size} lines acknowledged`);
  assert.equal(r!.status, 507, r!.text);
  assert.equal(r!.json.error.code, 'storage_full');
  assert.match(r!.json.error.message, /disk is full/);
  const retryAfter = Number(r!.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter > 0, `Retry-After: ${r!.headers.get('retry-after')}`);
  // What the WAL file still has room for takes smaller writes: one-line pushes use it up (each
  // acknowledged one counts), so that the question-cache writes below meet a full disk soon.
  let small;
  for (let i = 0; i < MAX_FILL_PUSHES; i++) {
    small = await push(nextBody(1));
    if (small.status !== 200) break;
  }
  assert.equal(small!.status, 507, small!.text);
  // The same push again: refused again, nothing half-stored in between.
  const again = await push(refused!);
  assert.equal(again.status, 507);
  const lines = refused!.streams.flatMap((s) => s.values.map(([, l]) => l));
  const stored = app!.store.db.prepare('SELECT count(*) AS n FROM entries WHERE line IN (SELECT value FROM json_each(?))').get(JSON.stringify(lines)) as { n: number };
  assert.equal(stored.n, 0);
});

test('disk full: asks with new questions, explain-alert and patterns answer 200', async (t) => {
  if (skipIf(t)) return;
  if (embedding !== true) t.diagnostic(`embedding off (${embedding}): questions are answered without vectors`);
  // (0 where the metric does not exist, so that code without it fails on the asks themselves.)
  const failedCacheWrites = () => metric('loglens_storage_write_failures_total', 'component="embedding_cache",reason="full"', 0);
  let asked = 0;
  const ask = async (question: string) => {
    const r = await call('POST', '/api/v1/ask', { question });
    assert.equal(r.status, 200, `${question}: ${r.text}`);
    assert.ok(r.json.citations.length > 0, `${question}: no citations`);
    if (embedding === true) assert.equal(r.json.retrieval.mode, 'hybrid', `${question}: the question was embedded`);
    asked++;
  };
  // A question's vector is read from the embedding cache but never written there (index/service.ts
  // embedQuery: the write was a commit, and every commit dropped the kept change analyses), so on a
  // full disk a new question costs no failed write at all: every answer is a 200 (hybrid where
  // embedding is on) and the cache's failure count stays where the pushes left it.
  if (embedding === true) await app!.vectors!.idle();
  const before = await failedCacheWrites();
  for (let i = 0; i < 3; i++) await ask(`why were checkout requests slow, take ${i}?`);
  assert.equal(asked, 3);
  assert.equal(await failedCacheWrites(), before, 'a new question writes no cache row');
  // The seeded lines span the first 90 s after t0.
  const startsAt = new Date(Number(t0Ns / 1_000_000n) + 2 * 60_000).toISOString();
  const alert = await call('POST', '/api/v1/explain-alert', { labels: { alertname: 'PaymentTimeouts', job: 'payment' }, startsAt });
  assert.equal(alert.status, 200, alert.text);
  const start = new Date(Number(t0Ns / 1_000_000n) + 60_000).toISOString();
  const end = new Date(Number(t0Ns / 1_000_000n) + 3 * 60_000).toISOString();
  const patterns = await call('POST', '/api/v1/patterns', { start, end });
  assert.equal(patterns.status, 200, patterns.text);
});

test('disk full: /readyz is 200 and degraded with storage full; /metrics counts the refused writes', async (t) => {
  if (skipIf(t)) return;
  // The last write must be a failed one: the refused push again.
  assert.equal((await push(refused!)).status, 507);
  const r = await call('GET', '/readyz');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'degraded');
  assert.equal(r.json.checks.storage.status, 'degraded');
  assert.equal(r.json.checks.storage.state, 'full');
  assert.equal(r.json.checks.storage.code, 'SQLITE_FULL');
  assert.ok(await metric('loglens_storage_write_failures_total', 'component="ingest",reason="full"') >= 3);
  assert.equal(await metric('loglens_storage_state', 'state="full"'), 1);
  assert.equal(await metric('loglens_storage_state', 'state="ok"'), 0);
  assert.ok(await metric('loglens_http_requests_total', 'route="/api/v1/ingest",status="507"') >= 3);
});

test('disk full: a restart on the full disk serves (no crash loop)', async (t) => {
  if (skipIf(t)) return;
  await app!.close();
  app = undefined;
  await startApp();
  assert.equal((await call('GET', '/healthz')).status, 200);
  assert.equal((await push(refused!)).status, 507);
  const r = await call('POST', '/api/v1/ask', { question: 'what went wrong with the payment gateway after the restart?' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await call('GET', '/readyz')).json.checks.storage.state, 'full');
});

test('space back: the refused push stores each line once; every acknowledged line is stored exactly once; integrity ok', async (t) => {
  if (skipIf(t)) return;
  rmSync(join(dir, 'filler'));
  const retried = await push(refused!);
  assert.equal(retried.status, 200, retried.text);
  const n = refused!.streams.reduce((k, s) => k + s.values.length, 0);
  assert.equal(retried.json.inserted, n, 'nothing of the refused push had been stored');
  assert.equal(retried.json.duplicates, 0);
  assert.equal((await push(nextBody())).status, 200);
  const ready = await call('GET', '/readyz');
  assert.equal(ready.json.checks.storage.status, 'ok');
  assert.equal(ready.json.checks.storage.state, 'ok');
  assert.equal(await metric('loglens_storage_state', 'state="ok"'), 1);
  const ask = await call('POST', '/api/v1/ask', { question: 'which orders hit payment gateway timeouts once space was back?' });
  assert.equal(ask.status, 200, ask.text);
  await app!.vectors?.idle();

  const db = app!.store.db;
  const rows = db.prepare('SELECT e.line, count(*) AS n FROM entries e JOIN streams s ON s.id = e.stream_id WHERE s.tenant = ? GROUP BY e.line').all(TENANT) as { line: string; n: number }[];
  const stored = new Map(rows.map((r) => [r.line, r.n]));
  const missing = [...acked.keys()].filter((l) => !stored.has(l));
  const twice = rows.filter((r) => r.n !== 1).map((r) => r.line);
  const unacked = rows.filter((r) => !acked.has(r.line)).map((r) => r.line);
  assert.deepEqual(missing, [], 'acknowledged lines missing');
  assert.deepEqual(twice, [], 'lines stored more than once');
  assert.deepEqual(unacked, [], 'lines stored that no 200 acknowledged');
  assert.equal(stored.size, acked.size);
  t.diagnostic(`${acked.size} lines acknowledged, each stored once`);
  assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
  for (const fts of app!.store.ftsTables(TENANT)) db.prepare(`INSERT INTO ${fts}(${fts}) VALUES ('integrity-check')`).run();
  // Every stored line is in a chunk once the last push's final round ran.
  assert.equal((db.prepare('SELECT count(*) AS n FROM entries WHERE chunk_id IS NULL').get() as { n: number }).n, 0);

  if (app!.vectors && faiss) {
    const indexRoot = join(dir, 'index');
    await app!.close();
    app = undefined;
    for (const sub of readdirSync(indexRoot)) {
      const files = readdirSync(join(indexRoot, sub));
      assert.deepEqual(files.filter((f) => f.includes('.tmp-')), [], 'no temp files left by failed saves');
      const opened = await openIndex(faiss, join(indexRoot, sub), async () => {
        throw new Error('not saving');
      });
      assert.ok(opened.state === 'ready' || opened.state === 'stale', `index on disk: ${opened.state} (${opened.reason})`);
      opened.index?.dispose();
    }
  }
  assert.ok(!existsSync(join(dir, 'filler')));
});
