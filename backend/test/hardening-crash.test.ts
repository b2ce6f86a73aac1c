// Crash loop: a worker process (test/crash-worker.ts) ingests a fixed input through the production
// composition (createApp: store, templates, chunking, vector index) in batches committed with their
// cursor, and is SIGKILLed 20 times at seeded random points: during start-up, mid-batch, during the
// vector index's background writes, during the final flush and index build (at a seeded step of it,
// not after a delay that a fast machine outlasts). After every kill the database opens
// and passes SQLite's and FTS5's integrity checks. In the end the stored state equals that of a run
// that was never killed: the same entries, chunk texts and entry -> template assignments, and a
// vector index that covers every chunk and reopens ready.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { seededRandom } from '../src/lib/random.js';
import { chunkTextSql } from '../src/store/chunk-text.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const KILLS = 20;
/** Kills saved for the end, after the last batch: the chunk flush and the vector index build. */
const FINAL_PHASE_KILLS = 3;
/** Final-phase deaths land at one of its first this many steps (chunk writes, embedding batches, vector adds). */
const FINAL_PHASE_STEPS = 4;
/** Self-inflicted deaths land in batches 4, 12, 20, ...: one or more in each LogHub log's ten batches. */
const SELF_KILL_STRIDE = 8;
const SEED = 0xc0ffee;


interface Worker {
  child: ChildProcess;
  /** Resolves with each parsed stdout line, in order. */
  next(pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown> | null>;
  exited: Promise<number | null>;
}

function startWorker(dir: string, die?: { in?: string; final?: number }): Worker {
  const args = ['--import', 'tsx', join(HERE, 'crash-worker.ts'), '--dir', dir, '--batch', '200'];
  if (die?.in) args.push('--die-in', die.in);
  if (die?.final) args.push('--die-final', String(die.final));
  const child = spawn(process.execPath, args, {
    cwd: join(HERE, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let buf = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buf.slice(0, nl)));
      buf = buf.slice(nl + 1);
      waiters.splice(0).forEach((w) => w());
    }
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let done = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      done = true;
      waiters.splice(0).forEach((w) => w());
      if (code !== 0 && code !== null) process.stderr.write(`crash-worker exited ${code}: ${stderr.slice(-2000)}\n`);
      resolve(code);
    }),
  );
  let seen = 0;
  const next = async (pred: (m: Record<string, unknown>) => boolean) => {
    for (;;) {
      while (seen < lines.length) {
        const m = lines[seen++];
        if (pred(m)) return m;
      }
      if (done) return null;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { child, next, exited };
}

async function runToEnd(dir: string): Promise<Record<string, unknown>> {
  const w = startWorker(dir);
  const done = await w.next((m) => m.done === true);
  assert.equal(await w.exited, 0);
  assert.ok(done, 'worker finished');
  return done;
}

/** undefined: no database yet; else whether any FTS5 index existed to check. */
function checkIntegrity(dbPath: string, after: string): boolean | undefined {
  // Killed before createApp made the file: nothing to check yet.
  if (!existsSync(dbPath)) return undefined;
  const db = new BetterSqlite3(dbPath);
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', `integrity_check after ${after}`);
    assert.deepEqual(db.pragma('foreign_key_check'), [], `foreign_key_check after ${after}`);
    // Every FTS5 index (one per tenant) agrees with itself.
    const fts = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'").pluck().all() as string[];
    for (const t of fts) db.exec(`INSERT INTO ${t} (${t}, rank) VALUES ('integrity-check', 0)`);
    return fts.length > 0;
  } finally {
    db.close();
  }
}

/** Everything that must not depend on when the process died, as sorted comparable lists. */
function snapshot(dbPath: string) {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  db.defaultSafeIntegers(true);
  try {
    const rows = (sql: string) => (db.prepare(sql).raw(true).all() as unknown[][]).map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).sort();
    return {
      entries: rows('SELECT s.tenant, s.labels_key, e.ts_ns, e.line, e.seq FROM entries e JOIN streams s ON s.id = e.stream_id'),
      chunks: rows(`SELECT s.labels_key, c.start_ns, c.end_ns, c.entry_count, ${chunkTextSql('c')} AS text FROM chunks c JOIN streams s ON s.id = c.stream_id`),
      // Each entry with the text of the template it ended up under (through merges).
      templates: rows(
        `SELECT s.labels_key, e.ts_ns, e.line, e.seq, t.template FROM entries e JOIN streams s ON s.id = e.stream_id
         LEFT JOIN templates t0 ON t0.id = e.template_id LEFT JOIN templates t ON t.id = COALESCE(t0.merged_into, t0.id)`,
      ),
      // Which entries share a chunk: chunk membership by content, not by id.
      membership: rows(
        `SELECT s.labels_key, e.ts_ns, e.line, e.seq, c.start_ns, ${chunkTextSql('c')} AS text FROM entries e JOIN streams s ON s.id = e.stream_id
         LEFT JOIN chunks c ON c.id = e.chunk_id`,
      ),
      cursors: rows('SELECT source_id, cursor FROM cursors'),
      unchunked: Number((db.prepare('SELECT count(*) FROM entries WHERE chunk_id IS NULL').pluck().get() as bigint) ?? 0n),
      untagged: Number((db.prepare('SELECT count(*) FROM entries WHERE template_id IS NULL').pluck().get() as bigint) ?? 0n),
      chunkCount: Number(db.prepare('SELECT count(*) FROM chunks').pluck().get() as bigint),
    };
  } finally {
    db.close();
  }
}

function assertSameList(got: string[], want: string[], what: string) {
  if (got.length === want.length && got.every((g, i) => g === want[i])) return;
  const w = new Set(want);
  const g = new Set(got);
  const missing = want.filter((x) => !g.has(x)).slice(0, 3);
  const extra = got.filter((x) => !w.has(x)).slice(0, 3);
  assert.fail(`${what}: ${got.length} after kills vs ${want.length} without; missing ${JSON.stringify(missing).slice(0, 800)}; extra ${JSON.stringify(extra).slice(0, 800)}`);
}

// Twenty-one worker starts (tsx, the store, the ONNX model each): 4m21s at load ~15 and over 400 s
// at load ~14 beside other suites. The file's limit (scripts/run-tests.mjs) is 15 minutes; a hang
// still fails, a loaded machine does not.
test(`crash loop: ${KILLS} SIGKILLs at random points, integrity after each, final state equals an unkilled run`, { timeout: 840_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'loglens-crash-'));
  const killedDir = join(root, 'killed');
  const cleanDir = join(root, 'clean');
  const dbPath = (d: string) => join(d, 'loglens.db');
  const live = new Set<ChildProcess>();
  const rand = seededRandom(SEED);
  const t0 = Date.now();
  try {
    const where: Record<string, number> = { startup: 0, ingest: 0, self: 0, final: 0, finished: 0 };
    let maxBatch = -1;
    let checked = 0;
    let resumeAt = 0;
    for (let k = 0; k < KILLS; k++) {
      const roll = rand();
      // Every other death is self-inflicted between a batch's entry insert and its chunk commit, at
      // the next of every SELF_KILL_STRIDE batches: together they walk through every kind of log
      // (a point an outside kill hits only by luck).
      const selfKill = k % 2 === 1 && k < KILLS - FINAL_PHASE_KILLS;
      // The last few die in the final phase (closing chunks, embedding, building the index), by their own hand.
      const finalKill = k >= KILLS - FINAL_PHASE_KILLS;
      const dieAt = Math.ceil(Math.max(0, resumeAt - SELF_KILL_STRIDE / 2) / SELF_KILL_STRIDE) * SELF_KILL_STRIDE + SELF_KILL_STRIDE / 2;
      const w = startWorker(
        killedDir,
        selfKill ? { in: `${dieAt}:${1 + Math.floor(rand() * 3)}` } : finalKill ? { final: 1 + Math.floor(rand() * FINAL_PHASE_STEPS) } : undefined,
      );
      live.add(w.child);
      let phase: string;
      if (selfKill) {
        phase = 'self';
      } else if (finalKill) {
        const fin = await w.next((m) => m.final === true);
        assert.ok(fin, 'worker reached the final phase');
        phase = 'final';
      } else if (roll < 0.15) {
        // During start-up: migrations, index open and repair, reading the input.
        await new Promise((r) => setTimeout(r, Math.floor(rand() * 1500)));
        phase = 'startup';
      } else {
        const ready = await w.next((m) => m.ready === true);
        assert.ok(ready, 'worker got ready');
        const first = Number(ready.resumeAt);
        const target = first + Math.floor(rand() * 6);
        if (target < Number(ready.batches)) await w.next((m) => typeof m.batch === 'number' && (m.batch as number) >= target);
        // Mostly a few ms into the next batch's transaction; sometimes long enough for index writes.
        const delay = rand() < 0.7 ? Math.floor(rand() * 40) : 200 + Math.floor(rand() * 2500);
        await new Promise((r) => setTimeout(r, delay));
        phase = 'ingest';
      }
      if (!selfKill && !finalKill) w.child.kill('SIGKILL');
      const code = await w.exited;
      live.delete(w.child);
      // What the process had reached when it died.
      const last = await (async () => {
        let m: Record<string, unknown> | null = null;
        for (let x = await w.next(() => true); x; x = await w.next(() => true)) m = x;
        return m;
      })();
      if (code === 0) phase = 'finished';
      else if (last?.final === true) phase = 'final';
      if (typeof last?.batch === 'number') {
        maxBatch = Math.max(maxBatch, last.batch);
        resumeAt = last.batch + 1;
      }
      where[phase]++;
      if (checkIntegrity(dbPath(killedDir), `kill ${k + 1} (${phase})`) !== undefined) checked++;
    }
    t.diagnostic(`kills by phase ${JSON.stringify(where)}; integrity checked after ${checked}; furthest batch reached ${maxBatch}; ${Date.now() - t0} ms`);
    // Enough of them landed mid-work (a late one may find the index already built and the run over).
    assert.ok(where.ingest + where.self >= KILLS / 2 && where.self >= 6 && where.final >= 1, JSON.stringify(where));
    const killedDone = await runToEnd(killedDir);
    assert.equal(checkIntegrity(dbPath(killedDir), 'the final run'), true, 'FTS5 indexes checked');
    const tKilled = Date.now() - t0;
    const cleanDone = await runToEnd(cleanDir);
    t.diagnostic(`kill loop + completion ${tKilled} ms; clean run ${Date.now() - t0 - tKilled} ms`);

    const got = snapshot(dbPath(killedDir));
    const want = snapshot(dbPath(cleanDir));
    assert.equal(want.unchunked, 0);
    assert.equal(want.untagged, 0);
    assert.equal(got.unchunked, 0, 'every entry chunked');
    assert.equal(got.untagged, 0, 'every entry tagged');
    assertSameList(got.cursors, want.cursors, 'cursors');
    assertSameList(got.entries, want.entries, 'entries (stream, ts, line, seq)');
    assertSameList(got.templates, want.templates, 'entry -> template text');
    assertSameList(got.chunks, want.chunks, 'chunks (stream, span, text)');
    assertSameList(got.membership, want.membership, 'entry -> chunk');

    // The vector index: built over every chunk, and after a clean shutdown it reopens as it was.
    const index = killedDone.index as { state: string; vectors: number }[] | null;
    if (index === null) {
      t.diagnostic('no vector index in this build (faiss-node or the model missing): index not checked');
    } else {
      assert.deepEqual(index.map((s) => [s.state, s.vectors]), [['ready', got.chunkCount]], JSON.stringify(index));
      assert.deepEqual((cleanDone.index as { vectors: number }[]).map((s) => s.vectors), [want.chunkCount]);
      const reopened = await runToEnd(killedDir);
      assert.deepEqual(reopened.index, index.map((s) => ({ ...s, reason: (reopened.index as { reason: string }[])[0].reason })));
      assert.equal((reopened.index as { state: string }[])[0].state, 'ready');
    }
  } finally {
    for (const c of live) c.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
});
