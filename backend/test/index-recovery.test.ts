import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { GROUND_TRUTH, writeScenario } from '../src/demo/scenario.js';
import { createHash } from 'node:crypto';
import { loadFaiss, openIndex, serialSaver } from '../src/index/index.js';
import { readLogFile } from '../src/ingest/file.js';
import { createLogger } from '../src/telemetry/logger.js';

// The vector index is a cache of SQLite: when its files are deleted or corrupted, the API keeps
// answering from BM25, /readyz says degraded, the index is rebuilt in the background, and the
// answers afterwards are the ones given before the damage.

const KEY = 'index-recovery-key-0123456789';
const QUESTIONS = [GROUND_TRUTH.question, 'which database connections were waiting for a lock?', 'supplier feed timeouts'];

function open(dir: string): App {
  return createApp(loadConfig({}, { dataDir: dir, server: { port: 0 }, auth: { apiKeys: [KEY] } }), {
    logger: createLogger('silent'),
    processMetrics: false,
  });
}

async function askOne(url: string, question: string) {
  const r = await fetch(`${url}/api/v1/ask`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  assert.equal(r.status, 200);
  const b = await r.json();
  return { mode: b.retrieval.mode, degraded: b.retrieval.degraded, text: b.answer.text, cited: b.citations.map((c: { entryId: number }) => c.entryId) };
}

async function askAll(url: string) {
  const out = [];
  for (const question of QUESTIONS) out.push(await askOne(url, question));
  return out;
}

async function readyz(url: string) {
  return (await fetch(`${url}/readyz`, { headers: { authorization: `Bearer ${KEY}` } })).json();
}

/** The scenario's files into the app, chunked and indexed. */
async function ingestAll(app: App, files: string[]): Promise<void> {
  for (const f of files) {
    await readLogFile(f, { tenant: 'default', labels: { job: basename(f, '.log') } }, (b) => {
      app.pipeline.ingest('file', b, { final: false });
    });
  }
  app.pipeline.chunkPending(true);
  await app.vectors!.idle();
}

function indexDir(dataDir: string): string {
  const root = join(dataDir, 'index');
  return join(root, readdirSync(root)[0]);
}

for (const damage of ['deleted', 'corrupted'] as const) {
  test(`index files ${damage}: BM25 meanwhile, degraded in /readyz, rebuilt, same answers as before`, async () => {
    const dir = mkdtempSync(join(tmpdir(), `loglens-recovery-${damage}-`));
    const { files } = writeScenario(join(dir, 'scenario'));
    let app = open(dir);
    await ingestAll(app, Object.values(files));
    let { url } = await app.listen();
    const before = await askAll(url);
    assert.ok(before.every((a) => a.mode === 'hybrid' && !a.degraded));
    assert.equal((await readyz(url)).checks.index.state, 'ready');
    await app.close();

    const ixDir = indexDir(dir);
    const manifest = JSON.parse(readFileSync(join(ixDir, 'manifest.json'), 'utf8'));
    const file = join(ixDir, manifest.indexFile);
    if (damage === 'deleted') rmSync(file);
    else {
      const bytes = readFileSync(file);
      bytes.fill(0x5a, 64, 4096);
      writeFileSync(file, bytes);
    }

    app = open(dir);
    ({ url } = await app.listen());
    await app.start(); // opens the index, finds the damage, queues the rebuild
    assert.equal(app.vectors!.canServe('default'), false);
    const ready = await readyz(url);
    assert.equal(ready.status, 'degraded');
    assert.equal(ready.checks.index.status, 'degraded');
    assert.equal(ready.checks.index.serving, 'bm25');
    // The rebuild runs beside these asks and may finish during any of them (sooner when the
    // machine is busy and the asks slow): an ask that ended with the index still unable to serve
    // must have answered from BM25, flagged degraded; any ask says which it used.
    let whileDown = 0;
    for (const question of QUESTIONS) {
      const servingBefore = app.vectors!.canServe('default');
      const a = await askOne(url, question);
      const servingAfter = app.vectors!.canServe('default');
      if (!servingBefore) whileDown++;
      if (!servingAfter) assert.equal(a.mode, 'bm25');
      assert.equal(a.degraded, a.mode === 'bm25', 'an answer from BM25 alone says it is degraded');
      assert.ok(a.cited.length > 0, 'still answers');
    }
    assert.ok(whileDown > 0, 'an ask started while the index could not serve');
    await app.vectors!.idle();
    assert.equal((await readyz(url)).checks.index.state, 'ready');
    const after = await askAll(url);
    assert.deepEqual(after, before);
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

// Vector saves are checkpoints (index/managed.ts): a catch-up below CHECKPOINT_MIN_CHANGES leaves
// the files behind SQLite. A crash then must cost nothing but a catch-up at the next start.
test('a crash between checkpoints: the next start finds the index stale, catches up from SQLite, answers as before', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-recovery-unsaved-'));
  const { files } = writeScenario(join(dir, 'scenario'));
  const all = Object.values(files);
  let app = open(dir);
  const ingest = async (f: string) =>
    readLogFile(f, { tenant: 'default', labels: { job: basename(f, '.log') } }, (b) => {
      app.pipeline.ingest('file', b, { final: false });
    });
  for (const f of all.slice(0, -1)) await ingest(f);
  app.pipeline.chunkPending(true);
  await app.vectors!.idle();
  const saved = JSON.parse(readFileSync(join(indexDir(dir), 'manifest.json'), 'utf8')).count as number;
  await ingest(all.at(-1)!);
  app.pipeline.chunkPending(true);
  await app.vectors!.idle();
  const chunks = (app.store.db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
  assert.ok(chunks > saved, `the last file added chunks (${saved} -> ${chunks})`);
  assert.equal(JSON.parse(readFileSync(join(indexDir(dir), 'manifest.json'), 'utf8')).count, saved, 'not saved: below a checkpoint');
  const { url } = await app.listen();
  const before = await askAll(url);
  assert.ok(before.every((a) => a.mode === 'hybrid' && !a.degraded));
  // The files as a SIGKILL now would leave them (nothing is being written after idle()).
  const image = mkdtempSync(join(tmpdir(), 'loglens-recovery-image-'));
  cpSync(dir, image, { recursive: true, filter: (src) => !src.includes('scenario') });
  await app.close();
  assert.equal(JSON.parse(readFileSync(join(indexDir(image), 'manifest.json'), 'utf8')).count, saved, 'the image holds the older checkpoint');

  app = open(image);
  const reopened = await app.listen();
  await app.start();
  await app.vectors!.idle();
  assert.equal((await readyz(reopened.url)).checks.index.state, 'ready');
  assert.deepEqual(await askAll(reopened.url), before);
  await app.close();
  assert.equal(JSON.parse(readFileSync(join(indexDir(image), 'manifest.json'), 'utf8')).count, chunks, 'a clean stop saves what the checkpoints left');
  rmSync(dir, { recursive: true, force: true });
  rmSync(image, { recursive: true, force: true });
});

// Indexes saved before vectors were shared (manifest version 1: one vector per chunk, no keys) must
// keep serving after an upgrade and become shared-vector indexes without anyone deleting files.
test('an index of the version-1 layout serves at start and is rebuilt with shared vectors, answering as before', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-recovery-v1-'));
  const { files } = writeScenario(join(dir, 'scenario'));
  let app = open(dir);
  await ingestAll(app, Object.values(files));
  const chunks = (app.store.db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
  let { url } = await app.listen();
  const before = await askAll(url);
  await app.close();

  // Rewrite the saved index as the previous release laid it out: faiss position p -> one chunk id
  // (here the newest chunk on each vector; version 1 had no way to put more on one).
  const ixDir = indexDir(dir);
  const saved = await openIndex(loadFaiss(), ixDir, serialSaver(ixDir));
  const { ids, positions } = saved.index!.serializeGroups();
  assert.ok(saved.index!.vectorCount < chunks, `chunks share vectors (${saved.index!.vectorCount} vectors for ${chunks} chunks)`);
  const slots = new Float64Array(saved.index!.vectorCount).fill(-1);
  ids.forEach((id, i) => (slots[positions[i]] = Math.max(slots[positions[i]], id)));
  saved.index!.dispose();
  const manifest = JSON.parse(readFileSync(join(ixDir, 'manifest.json'), 'utf8'));
  const idsBytes = Buffer.from(slots.buffer);
  writeFileSync(join(ixDir, manifest.idsFile), idsBytes);
  const v1 = { ...manifest, version: 1, count: slots.filter((id) => id >= 0).length, idsSha256: createHash('sha256').update(idsBytes).digest('hex') };
  delete v1.vectors;
  writeFileSync(join(ixDir, 'manifest.json'), JSON.stringify(v1));

  app = open(dir);
  ({ url } = await app.listen());
  await app.start();
  assert.equal(app.vectors!.canServe('default'), true, 'the version-1 index serves while it is rebuilt');
  await app.vectors!.idle();
  const after = JSON.parse(readFileSync(join(indexDir(dir), 'manifest.json'), 'utf8'));
  assert.equal(after.version, 2);
  assert.equal(after.count, chunks);
  const [status] = app.vectors!.status();
  assert.equal(status.vectors, chunks);
  assert.equal(status.distinctVectors, after.vectors);
  assert.equal((await readyz(url)).checks.index.state, 'ready');
  assert.deepEqual(await askAll(url), before);
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});
