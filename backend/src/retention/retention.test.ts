// Retention through the real composition root: lines past a tenant's age or size limit leave every
// table derived from them (entries, slot values, chunks, FTS rows, template counts, stream spans,
// usage counters), other tenants and cursors are untouched, answers keep working, and the file
// shrinks. The clock is passed in, so the test means the same on any date.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../telemetry/logger.js';
import type { LogEntry } from '../types.js';
import { ChunkDeleter } from './deleter.js';
import { SIZE_LOW_WATER } from './policy.js';
import { RetentionService, SLICE_TARGET_MS, sliceCost } from './retention.js';
import { chunkTextSql } from '../store/chunk-text.js';

const HOUR_MS = 3_600_000;
/** "Now" for the test: two days of lines end here. */
const NOW_MS = Date.parse('2026-11-20T00:00:00Z');
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function makeApp(retention: Record<string, unknown>, now = () => NOW_MS): App {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-retention-'));
  dirs.push(dir);
  return createApp(
    loadConfig({}, { dataDir: dir, embedding: { enabled: false }, auth: { disabled: true }, log: { level: 'silent' }, retention }),
    { logger: createLogger('silent'), processMetrics: false, now },
  );
}

/** Two days of lines, one a minute per stream, in three streams of a tenant; values vary per line. */
function lines(tenant: string, hours = 48): LogEntry[] {
  const out: LogEntry[] = [];
  const start = NOW_MS - hours * HOUR_MS;
  for (let m = 0; m < hours * 60; m++) {
    for (const job of ['api', 'db', 'worker']) {
      const tsNs = BigInt(start + m * 60_000 + (job === 'db' ? 7 : job === 'worker' ? 13 : 0)) * 1_000_000n;
      const line =
        m % 9 === 0
          ? `level=error msg="upstream timeout" host=node-${m % 5} order=ord-${(m * 7919).toString(16)} after=${100 + (m % 400)}ms`
          : `level=info msg="request done" host=node-${m % 5} path=/v1/items/${m % 37} status=${m % 13 === 0 ? 503 : 200} took=${m % 250}ms`;
      out.push({ tenant, labels: { job, env: 'test' }, tsNs, line });
    }
  }
  return out;
}

function ingest(app: App, entries: LogEntry[], cursor?: string): void {
  for (let i = 0; i < entries.length; i += 2000) {
    const last = i + 2000 >= entries.length;
    app.pipeline.ingest('push', entries.slice(i, i + 2000), { final: true, cursor: last && cursor ? { sourceId: `src-${cursor}`, cursor } : undefined });
  }
}

/** Everything one tenant holds, as a digest-able list (to show a tenant was not touched). */
function tenantRows(app: App, tenant: string): unknown[] {
  const db = app.store.db;
  return [
    db.prepare('SELECT e.id, e.ts_ns, e.line, e.chunk_id, e.template_id FROM entries e JOIN streams s ON s.id = e.stream_id WHERE s.tenant = ? ORDER BY e.id').raw().safeIntegers().all(tenant),
    db.prepare(`SELECT c.id, c.start_ns, ${chunkTextSql('c')} AS text FROM chunks c JOIN streams s ON s.id = c.stream_id WHERE s.tenant = ? ORDER BY c.id`).raw().safeIntegers().all(tenant),
    db.prepare('SELECT v.entry_id, v.pos, v.text FROM entry_values v JOIN streams s ON s.id = v.stream_id WHERE s.tenant = ? ORDER BY 1, 2').raw().all(tenant),
    db.prepare('SELECT t.id, t.count FROM templates t JOIN streams s ON s.id = t.stream_id WHERE s.tenant = ? ORDER BY t.id').raw().all(tenant),
  ];
}

/** The invariants a deletion must keep, checked against a recount from the base tables. */
function assertConsistent(app: App, tenant: string): void {
  const db = app.store.db;
  const one = (sql: string, ...p: unknown[]) => db.prepare(sql).pluck().get(...p) as number;
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  assert.deepEqual(db.pragma('foreign_key_check'), []);
  // Usage counters equal a recount.
  const usage = app.store.tenantCounts(tenant);
  assert.equal(usage.entries, one('SELECT count(*) FROM entries e JOIN streams s ON s.id = e.stream_id WHERE s.tenant = ?', tenant), 'entries counter');
  assert.equal(usage.chunks, one('SELECT count(*) FROM chunks c JOIN streams s ON s.id = c.stream_id WHERE s.tenant = ?', tenant), 'chunks counter');
  assert.equal(
    usage.lineBytes,
    one('SELECT coalesce(sum(length(CAST(e.line AS BLOB))), 0) FROM entries e JOIN streams s ON s.id = e.stream_id WHERE s.tenant = ?', tenant),
    'line bytes counter',
  );
  // No slot value, FTS row or template count outlives its lines.
  assert.equal(one('SELECT count(*) FROM entry_values v LEFT JOIN entries e ON e.id = v.entry_id WHERE e.id IS NULL'), 0, 'orphan slot values');
  assert.equal(one('SELECT count(*) FROM value_texts t WHERE NOT EXISTS (SELECT 1 FROM value_rows r WHERE r.text_id = t.id)'), 0, 'texts no value holds');
  const ftsIds = app.store
    .ftsTables(tenant)
    .flatMap((fts) => db.prepare(`SELECT rowid FROM ${fts}`).pluck().all() as number[])
    .sort((a, b) => a - b);
  const chunkIds = db.prepare('SELECT c.id FROM chunks c JOIN streams s ON s.id = c.stream_id WHERE s.tenant = ? ORDER BY c.id').pluck().all(tenant);
  assert.deepEqual(ftsIds, chunkIds, 'FTS rows are exactly the chunks');
  assert.equal(
    one(
      `SELECT count(*) FROM templates t JOIN streams s ON s.id = t.stream_id WHERE s.tenant = ? AND t.count !=
         (SELECT count(*) FROM entries e WHERE e.template_id = t.id)`,
      tenant,
    ),
    0,
    'template counts equal their tagged lines',
  );
  // Each stream's span is its entries' min and max.
  assert.equal(
    one(
      `SELECT count(*) FROM streams s WHERE s.tenant = ? AND (s.first_ts_ns IS NOT (SELECT min(ts_ns) FROM entries WHERE stream_id = s.id)
         OR s.last_ts_ns IS NOT (SELECT max(ts_ns) FROM entries WHERE stream_id = s.id))`,
      tenant,
    ),
    0,
    'stream spans',
  );
}

test('age retention deletes everything derived from old lines, keeps other tenants, cursors and answers', async () => {
  const app = makeApp({ maxAgeHours: 24, tenants: { keep: { maxAgeHours: 0 } } });
  try {
    ingest(app, lines('t1'), 'c1');
    ingest(app, lines('keep'), 'c2');
    assertConsistent(app, 't1'); // the invariants hold before, so they are not vacuous after
    const keepBefore = JSON.stringify(tenantRows(app, 'keep'), (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    const cursors = app.store.cursors().map((c) => [c.sourceId, c.cursor]);
    const before = app.store.tenantCounts('t1');
    const pagesBefore = app.store.db.pragma('page_count', { simple: true }) as number;

    const r = await app.retention.runOnce();

    const cutoffNs = BigInt(NOW_MS - 24 * HOUR_MS) * 1_000_000n;
    const db = app.store.db;
    const oldChunks = db
      .prepare('SELECT count(*) FROM chunks c JOIN streams s ON s.id = c.stream_id WHERE s.tenant = ? AND c.end_ns < ?')
      .pluck()
      .get('t1', cutoffNs) as number;
    assert.equal(oldChunks, 0, 'no chunk entirely before the cutoff is left');
    const after = app.store.tenantCounts('t1');
    // About half the lines were older than a day; chunks straddling the cutoff stay whole.
    assert.ok(after.entries < before.entries * 0.55 && after.entries > before.entries * 0.45, `${before.entries} -> ${after.entries}`);
    const d = r.deleted.find((x) => x.tenant === 't1')!;
    assert.equal(d.reason, 'age');
    assert.equal(d.entries, before.entries - after.entries);
    assert.equal(d.lineBytes, before.lineBytes - after.lineBytes);
    assert.ok(!r.deleted.some((x) => x.tenant === 'keep'));
    assertConsistent(app, 't1');
    assertConsistent(app, 'keep');
    assert.equal(JSON.stringify(tenantRows(app, 'keep'), (_k, v) => (typeof v === 'bigint' ? v.toString() : v)), keepBefore, 'the other tenant is untouched');
    assert.deepEqual(app.store.cursors().map((c) => [c.sourceId, c.cursor]), cursors, 'cursors unchanged');
    // Freed pages went back to the file system.
    assert.ok(r.vacuumedBytes > 0);
    assert.equal(db.pragma('freelist_count', { simple: true }), 0);
    assert.ok((db.pragma('page_count', { simple: true }) as number) < pagesBefore * 0.8, 'the file shrank');
    // A second pass finds nothing more.
    assert.deepEqual((await app.retention.runOnce()).deleted, []);
    // Answers keep working, from the lines that are left only.
    const res = await app.ask.ask({ tenant: 't1', question: 'how many upstream timeouts?' });
    const numbers = JSON.stringify(res.citations ?? []);
    assert.ok((res.citations ?? []).length > 0, 'cites lines');
    for (const m of numbers.matchAll(/"ts(?:Ns)?":"?(\d{18,})/g)) assert.ok(BigInt(m[1]) >= cutoffNs - 30_000_000_000n, 'no deleted line is cited');
    // New lines after retention are stored and counted as usual.
    ingest(app, lines('t1', 1).map((e) => ({ ...e, tsNs: e.tsNs + 3_600_000_000_000n, line: `${e.line} late=1` })));
    assertConsistent(app, 't1');
  } finally {
    await app.close();
  }
});

test('size retention trims the oldest lines of a tenant over its limit to the low-water mark', async () => {
  const probe = makeApp({ maxAgeHours: 0 });
  let total: number;
  try {
    ingest(probe, lines('big'));
    total = probe.store.tenantCounts('big').lineBytes;
  } finally {
    await probe.close();
  }
  const limit = Math.floor(total / 2);
  const app = makeApp({ maxAgeHours: 0, tenants: { big: { maxBytes: limit } } });
  try {
    ingest(app, lines('big'));
    ingest(app, lines('small'));
    const small = app.store.tenantCounts('small');
    const r = await app.retention.runOnce();
    const after = app.store.tenantCounts('big');
    assert.ok(after.lineBytes <= limit * SIZE_LOW_WATER, `${after.lineBytes} <= ${limit * SIZE_LOW_WATER}`);
    assert.ok(after.lineBytes > limit * SIZE_LOW_WATER * 0.95, 'not trimmed far below the mark');
    assert.deepEqual(r.deleted.map((d) => [d.tenant, d.reason]), [['big', 'size']]);
    // Oldest first: every chunk left starts no earlier than the newest deleted one did.
    const db = app.store.db;
    const minLeft = db.prepare("SELECT min(c.start_ns) FROM chunks c JOIN streams s ON s.id = c.stream_id WHERE s.tenant = 'big'").pluck().safeIntegers().get() as bigint;
    const firstLine = BigInt(NOW_MS - 48 * HOUR_MS) * 1_000_000n;
    assert.ok(minLeft > firstLine + 20n * 3_600_000_000_000n, 'the oldest ~half went');
    assertConsistent(app, 'big');
    assert.deepEqual(app.store.tenantCounts('small'), small, 'the other tenant keeps everything');
    // Within the limit now: the next pass deletes nothing.
    assert.deepEqual((await app.retention.runOnce()).deleted, []);
  } finally {
    await app.close();
  }
});

test('the store file shrinks on disk once retention has run', async () => {
  let now = NOW_MS;
  const app = makeApp({ maxAgeHours: 1 }, () => now);
  try {
    ingest(app, lines('t'));
    app.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const size = statSync(app.store.path).size;
    now += 100 * HOUR_MS; // every line is past the limit
    const r = await app.retention.runOnce();
    app.store.db.pragma('wal_checkpoint(TRUNCATE)');
    // Everything went but the high-water chunks (deleter.ts says why they stay).
    assert.ok(app.store.tenantCounts('t').chunks <= 2, `${app.store.tenantCounts('t').chunks} chunks left`);
    assert.ok(app.store.tenantCounts('t').entries <= 2 * 64, `${app.store.tenantCounts('t').entries} lines left`);
    assert.ok(statSync(app.store.path).size < size / 3, `${size} -> ${statSync(app.store.path).size} bytes (vacuumed ${r.vacuumedBytes})`);
    assertConsistent(app, 't');
  } finally {
    await app.close();
  }
});

test('retention drops the deleted chunks from the vector index, and a crash before that is repaired at start', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-retention-vectors-'));
  dirs.push(dir);
  let now = NOW_MS;
  const open = () =>
    createApp(loadConfig({}, { dataDir: dir, auth: { disabled: true }, log: { level: 'silent' }, retention: { maxAgeHours: 24 } }), {
      logger: createLogger('silent'),
      processMetrics: false,
      now: () => now,
    });
  let app = open();
  try {
    await app.start();
    if (!app.vectors) {
      t.skip('faiss-node is not built (scripts/setup.sh builds it): no vector index to check');
      return;
    }
    ingest(app, lines('v', 36));
    await app.vectors.idle();
    const chunks = () => app.store.tenantCounts('v').chunks;
    const vectors = () => app.vectors!.status().find((s) => s.tenant === 'v')?.vectors ?? -1;
    assert.equal(vectors(), chunks(), 'every chunk has its vector before');
    await app.retention.runOnce();
    await app.vectors.idle();
    assert.ok(chunks() < (app.store.db.prepare('SELECT max(id) FROM chunks').pluck().get() as number), 'some chunks went');
    assert.equal(vectors(), chunks(), 'the index holds exactly the chunks left');
    const left = new Set(app.store.db.prepare('SELECT id FROM chunks').pluck().all() as number[]);
    const hits = (await app.vectors.search('v', 'upstream timeout order', 50)) ?? [];
    assert.ok(hits.length > 0 && hits.every((h) => left.has(h.id)), 'searches return only chunks that exist');
    // A crash between a retention commit and the index save: delete in SQLite only, then restart.
    now += 6 * HOUR_MS;
    const old = app.store.db.prepare('SELECT c.id FROM chunks c ORDER BY c.start_ns LIMIT 100').pluck().all() as number[];
    new ChunkDeleter(app.store).delete('v', old);
    await app.close();
    app = open();
    await app.start();
    await app.vectors!.idle();
    assert.equal(vectors(), chunks(), 'the index was reconciled with SQLite at start');
  } finally {
    await app.close();
  }
});

/** Lines of one stream, one a minute from `fromMs` for `minutes`; messages vary so templates form. */
function streamLines(tenant: string, job: string, fromMs: number, minutes: number, tag = ''): LogEntry[] {
  const out: LogEntry[] = [];
  for (let m = 0; m < minutes; m++) {
    out.push({
      tenant,
      labels: { job, pod: `${job}-7d9f` },
      tsNs: BigInt(fromMs + m * 60_000) * 1_000_000n,
      line: `level=info msg="request done" path=/v1/items/${m % 37} status=${m % 13 === 0 ? 503 : 200} took=${m % 250}ms${tag}`,
    });
  }
  return out;
}

const maxId = (app: App, table: string) => app.store.db.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number;

test('streams that stopped logging go with their templates and miner state once their lines are gone; ids are never reused', async () => {
  let now = NOW_MS;
  const app = makeApp({ maxAgeHours: 2 }, () => now);
  const db = app.store.db;
  try {
    // Pods that logged for an hour a day ago (a rollout replaced them), and one that logs until now.
    const gone = ['pod-a', 'pod-b', 'pod-c'];
    for (const job of gone) ingest(app, streamLines('t', job, NOW_MS - 26 * HOUR_MS, 60));
    ingest(app, streamLines('t', 'live', NOW_MS - 26 * HOUR_MS, 26 * 60));
    // The gone streams are not the newest rows: the live stream (made last) holds the highest ids.
    const goneIds = db.prepare(`SELECT id FROM streams WHERE json_extract(labels_json, '$.job') IN ('pod-a','pod-b','pod-c')`).pluck().all() as number[];
    assert.equal(goneIds.length, 3);
    const before = { streams: maxId(app, 'streams'), templates: maxId(app, 'templates'), chunks: maxId(app, 'chunks'), entries: maxId(app, 'entries') };
    const ofGone = (table: string) => db.prepare(`SELECT count(*) FROM ${table} WHERE stream_id IN (SELECT value FROM json_each(?))`).pluck().get(JSON.stringify(goneIds)) as number;
    assert.ok(ofGone('templates') > 0 && ofGone('template_miners') === 3, 'the gone streams had templates and miner state');

    const held = async () => Number(/^loglens_template_miners_held (\d+)/m.exec(await app.metrics.registry.metrics())?.[1]);
    assert.equal(await held(), 4, 'four miners in memory');
    const r = await app.retention.runOnce();
    assert.equal(r.streamsDeleted, 3);
    assert.equal(await held(), 1, 'the gone streams\' miners left memory');
    assert.equal(ofGone('templates'), 0, 'their templates went');
    assert.equal(ofGone('template_miners'), 0, 'their miner state went');
    assert.equal(db.prepare('SELECT count(*) FROM streams WHERE id IN (SELECT value FROM json_each(?))').pluck().get(JSON.stringify(goneIds)), 0, 'their stream rows went');
    assert.ok(app.store.streams('t').some((s) => s.labels.job === 'live'), 'the live stream stays');
    assertConsistent(app, 't');
    const metrics = await app.metrics.registry.metrics();
    assert.match(metrics, /loglens_retention_deleted_streams_total 3/);

    // A pod with a gone pod's labels comes back: a new stream, with ids past every id ever given.
    ingest(app, streamLines('t', 'pod-a', NOW_MS - 30 * 60_000, 30, ' again=1'));
    const back = app.store.streams('t').find((s) => s.labels.job === 'pod-a');
    assert.ok(back && back.id > before.streams, `stream id ${back?.id} > ${before.streams}`);
    const untagged = db.prepare('SELECT count(*) FROM entries WHERE stream_id = ? AND template_id IS NULL').pluck().get(back.id);
    assert.equal(untagged, 0, 'its lines are tagged');
    assert.ok((db.prepare('SELECT min(id) FROM templates WHERE stream_id = ?').pluck().get(back.id) as number) > before.templates);
    assertConsistent(app, 't');

    // Nothing new arrives for longer than the limit: everything is old. The rows holding the highest
    // chunk, entry, template and stream ids stay (SQLite would hand those ids out again, and the
    // tagger and the vector catch-up read "ids after N"); every other line goes.
    now += 10 * HOUR_MS;
    const highs = { chunks: maxId(app, 'chunks'), entries: maxId(app, 'entries'), templates: maxId(app, 'templates'), streams: maxId(app, 'streams') };
    await app.retention.runOnce();
    assert.deepEqual({ chunks: maxId(app, 'chunks'), entries: maxId(app, 'entries'), templates: maxId(app, 'templates'), streams: maxId(app, 'streams') }, highs, 'high-water rows kept');
    assert.ok(app.store.tenantCounts('t').chunks <= 2, `at most the high-water chunks stay (${app.store.tenantCounts('t').chunks})`);
    assertConsistent(app, 't');
    ingest(app, streamLines('t', 'pod-d', now - 5 * 60_000, 5));
    const d = app.store.streams('t').find((s) => s.labels.job === 'pod-d')!;
    assert.ok(d.id > highs.streams);
    assert.equal(db.prepare('SELECT count(*) FROM entries WHERE stream_id = ? AND template_id IS NULL').pluck().get(d.id), 0, 'new lines are tagged');
    assert.ok((db.prepare('SELECT min(id) FROM chunks WHERE stream_id = ?').pluck().get(d.id) as number) > highs.chunks, 'new chunk ids are past the old ones');
    assertConsistent(app, 't');
  } finally {
    await app.close();
  }
});

test('a deletion slice is sized by what it cost the loop (wall time less CPU waits), not by the waits of a busy machine', async () => {
  // The meter decides: slices that cost little grow the batch, slices that cost much shrink it.
  const batchesWith = async (costMs: number) => {
    const app = makeApp({ maxAgeHours: 24 });
    ingest(app, lines('acme'));
    const sizes: number[] = [];
    const svc = new RetentionService(app.store, { policy: app.config.retention, now: () => NOW_MS, sliceMeter: () => () => costMs }, { onDeleted: (_t, _r, b) => sizes.push(b.chunks) });
    await svc.runOnce();
    await app.close();
    return sizes;
  };
  const cheap = await batchesWith(SLICE_TARGET_MS / 4);
  const dear = await batchesWith(SLICE_TARGET_MS * 3);
  assert.ok(cheap.length >= 2 && dear.length >= 2, `${cheap.length} and ${dear.length} batches`);
  assert.ok(cheap[1] > cheap[0] && dear[1] < dear[0], `cheap ${cheap.slice(0, 3)}, dear ${dear.slice(0, 3)}`);
  assert.equal(cheap.reduce((a, b) => a + b, 0), dear.reduce((a, b) => a + b, 0), 'the same chunks go either way');

  // sliceCost: the wall time less what this thread waited for a CPU; a blocking wait (a disk read)
  // is no CPU wait, so it counts. The arithmetic on given clocks (the kernel's accounting under load
  // is not exact enough for a bound in a test) ...
  let wallMs = 1_000;
  let waitNs: number | undefined = 7_000_000;
  const meter = sliceCost(() => wallMs, () => waitNs);
  wallMs += 60;
  waitNs! += 5_000_000;
  assert.equal(meter(), 55, '60 ms of wall, 5 of them waiting for a CPU');
  waitNs = undefined;
  const unread = sliceCost(() => wallMs, () => waitNs);
  wallMs += 40;
  assert.equal(unread(), 40, 'no schedstat: the wall time');
  // ... and on the real ones, bounds that hold however the machine preempts us: never above the wall
  // time (each wall bound starts before the meter does), never negative.
  const w0 = performance.now();
  let cost = sliceCost();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60);
  const blocked = cost();
  assert.ok(blocked > 0 && blocked <= performance.now() - w0 + 1, `a 60 ms blocking wait cost ${blocked} ms`);
  const w1 = performance.now();
  cost = sliceCost();
  const c0 = process.cpuUsage();
  let spin = 0;
  while (process.cpuUsage(c0).user / 1000 < 30) spin++;
  const worked = cost();
  assert.ok(spin > 0 && worked > 0 && worked <= performance.now() - w1 + 1, `30 ms of CPU cost ${worked} ms`);
});
