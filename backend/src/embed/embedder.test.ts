import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { OnnxEmbedder } from './embedder.js';
import { MaskingEmbedder } from './masking-embedder.js';
import { contentHash, SqliteEmbeddingStore } from './cache.js';
import { embeddingCacheMigration } from './migration.js';
import { dot } from './pooling.js';
import { PARAPHRASE_CASES } from './paraphrases.js';
import { BertTokenizer } from './tokenizer.js';
import { join } from 'node:path';
import { provisionedMiniLmDir } from './test-model-dir.js';

const modelDir = provisionedMiniLmDir();
// In-thread model for most tests: worker start-up would only slow the suite down.
const inline = await OnnxEmbedder.create({ modelDir, workers: 0 });
after(() => inline.close());

function norm(v: Float32Array): number {
  return Math.sqrt(dot(v, v));
}

test('vectors are 384-d, unit length and deterministic', async () => {
  const texts = ['Failed password for root from 1.2.3.4 port 22 ssh2', 'disk full', ''];
  const first = await inline.embed(texts);
  const fresh = await OnnxEmbedder.create({ modelDir, workers: 0, cacheEntries: 0 });
  try {
    const second = await fresh.embed([...texts].reverse());
    assert.equal(inline.dim, 384);
    assert.equal(inline.modelId, 'all-minilm-l6-v2-q');
    for (let i = 0; i < texts.length; i++) {
      assert.equal(first[i].length, 384);
      assert.ok(Math.abs(norm(first[i]) - 1) < 1e-5, `norm of ${JSON.stringify(texts[i])}`);
      assert.deepEqual(second[texts.length - 1 - i], first[i], 'same text, different call order and batch mates');
    }
  } finally {
    await fresh.close();
  }
});

test('matches the reference pipeline (Python onnxruntime + tokenizers, mean pooling)', async () => {
  const [v] = await inline.embed(['connection pool exhausted']);
  const reference = [0.00618, -0.01999, -0.03868, 0.00008, -0.03121, -0.03925, 0.03895, -0.05902];
  reference.forEach((r, i) => assert.ok(Math.abs(v[i] - r) < 1e-4, `dim ${i}: ${v[i]} vs ${r}`));
});

test(`each of ${PARAPHRASE_CASES.length} log paraphrase pairs is closer than an unrelated sentence`, async () => {
  assert.ok(PARAPHRASE_CASES.length >= 20);
  const texts = PARAPHRASE_CASES.flatMap((c) => [c.a, c.b, c.unrelated]);
  const v = await inline.embed(texts);
  const failures: string[] = [];
  PARAPHRASE_CASES.forEach((c, i) => {
    const [a, b, u] = [v[3 * i], v[3 * i + 1], v[3 * i + 2]];
    const para = dot(a, b);
    const unrel = dot(a, u);
    if (!(para > unrel)) failures.push(`${c.a} | ${c.b}: ${para.toFixed(3)} <= ${unrel.toFixed(3)}`);
  });
  assert.deepEqual(failures, []);
});

test('cache: repeats within a call and across calls do not reach the model', async () => {
  const e = await OnnxEmbedder.create({ modelDir, workers: 0, cacheEntries: 2 });
  try {
    const [x1, x2, y] = await e.embed(['alpha event', 'alpha event', 'beta event']);
    assert.deepEqual(x1, x2);
    assert.notDeepEqual(x1, y);
    assert.deepEqual(e.stats(), { requested: 3, duplicateInCall: 1, lruHits: 0, inFlightHits: 0, storeHits: 0, computed: 2, truncated: 0, windowed: 0, storeWriteErrors: 0 });
    await e.embed(['alpha event']);
    assert.equal(e.stats().lruHits, 1);
    await e.embed(['gamma event']); // capacity 2: evicts "beta event", the least recently used
    await e.embed(['beta event']);
    assert.equal(e.stats().computed, 4);
    // Concurrent calls share one computation.
    const [[p], [q]] = await Promise.all([e.embed(['delta event']), e.embed(['delta event'])]);
    assert.equal(p, q);
    assert.equal(e.stats().inFlightHits, 1);
    assert.equal(e.stats().computed, 5);
  } finally {
    await e.close();
  }
});

test('a store write that fails (a full disk) is reported and counted; the vectors are returned all the same', async () => {
  const db = new Database(':memory:');
  embeddingCacheMigration.up(db);
  const sqlite = new SqliteEmbeddingStore(db);
  let full = true;
  const store = {
    getMany: sqlite.getMany.bind(sqlite),
    putMany: (modelId: string, entries: Array<{ hash: string; vector: Float32Array }>) => {
      if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      sqlite.putMany(modelId, entries);
    },
  };
  const seen: string[] = [];
  const e = await OnnxEmbedder.create({
    modelDir,
    workers: 0,
    store,
    storeWrites: { succeeded: () => seen.push('ok'), failed: (err) => seen.push((err as { code: string }).code) },
  });
  try {
    const [v] = await e.embed(['a question while the disk is full']);
    assert.equal(v.length, 384);
    assert.deepEqual(seen, ['SQLITE_FULL']);
    assert.equal(e.stats().storeWriteErrors, 1);
    full = false;
    await e.embed(['a question once space is back']);
    assert.deepEqual(seen, ['SQLITE_FULL', 'ok']);
    assert.equal(sqlite.getMany(e.modelId, [contentHash('a question once space is back')]).size, 1);
  } finally {
    await e.close();
    db.close();
  }
});

test("a question's vector (embedQuery) is embed()'s, kept in memory and not written to the store", async () => {
  const db = new Database(':memory:');
  embeddingCacheMigration.up(db);
  const store = new SqliteEmbeddingStore(db);
  const e = await OnnxEmbedder.create({ modelDir, workers: 0, store });
  try {
    const text = 'why did the checkout fail?';
    const [q] = await e.embedQuery([text]);
    assert.deepEqual(q, (await inline.embed([text]))[0]);
    assert.equal(store.getMany(e.modelId, [contentHash(text)]).size, 0, 'not in the store');
    const [again] = await e.embed([text]);
    assert.deepEqual(again, q);
    assert.deepEqual([e.stats().computed, e.stats().lruHits], [1, 1]);
    // A text the store holds is read from it.
    await e.embed(['a chunk of log lines']);
    const fresh = await OnnxEmbedder.create({ modelDir, workers: 0, store });
    await fresh.embedQuery(['a chunk of log lines']);
    assert.deepEqual([fresh.stats().storeHits, fresh.stats().computed], [1, 0]);
    await fresh.close();
  } finally {
    await e.close();
    db.close();
  }
});

test('SQLite store serves vectors to a fresh embedder', async () => {
  const db = new Database(':memory:');
  embeddingCacheMigration.up(db);
  try {
    const store = new SqliteEmbeddingStore(db);
    const first = await OnnxEmbedder.create({ modelDir, workers: 0, store });
    const [v] = await first.embed(['persisted line']);
    await first.close();
    const second = await OnnxEmbedder.create({ modelDir, workers: 0, store });
    const [w] = await second.embed(['persisted line']);
    assert.deepEqual(w, v);
    assert.equal(second.stats().storeHits, 1);
    assert.equal(second.stats().computed, 0);
    await second.close();
    // Different settings mean a different model id: no stale vectors from the first embedder.
    const third = await OnnxEmbedder.create({ modelDir, workers: 0, store, maxTokens: 128 });
    await third.embed(['persisted line']);
    assert.deepEqual([third.stats().storeHits, third.stats().computed], [0, 1]);
    await third.close();
  } finally {
    db.close();
  }
});

test('worker threads give the same vectors as the calling thread', async () => {
  const pooled = await OnnxEmbedder.create({ modelDir, workers: 2, taskBatchSize: 2 });
  try {
    const texts = PARAPHRASE_CASES.slice(0, 5).map((c) => c.a);
    const [w, i] = [await pooled.embed(texts), await inline.embed(texts)];
    for (let k = 0; k < texts.length; k++) assert.ok(dot(w[k], i[k]) > 0.99999, texts[k]);
  } finally {
    await pooled.close();
  }
});

test('masking embedder embeds each masked text once', async () => {
  const e = await OnnxEmbedder.create({ modelDir, workers: 0 });
  const masked = new MaskingEmbedder(e);
  try {
    const lines = Array.from({ length: 10 }, (_, i) => `Accepted password for bob from 10.0.0.${i} port ${40000 + i} ssh2`);
    const v = await masked.embed([...lines, 'Received disconnect from 10.0.0.1 port 40001']);
    assert.equal(e.stats().computed, 2);
    assert.equal(v[0], v[9]);
    assert.equal(masked.modelId, 'all-minilm-l6-v2-q+masked');
  } finally {
    await masked.close();
  }
});

test('a missing model says how to provision it', async () => {
  await assert.rejects(OnnxEmbedder.create({ modelDir: '/nonexistent/model' }), /provision-models\.sh/);
});

test("overflow 'truncate': the tail beyond the budget is dropped and counted, in threads and workers alike", async () => {
  const long = 'connection reset by peer '.repeat(100); // ~500 word pieces
  for (const workers of [0, 1]) {
    const e = await OnnxEmbedder.create({ modelDir, workers, maxTokens: 32, overflow: 'truncate' });
    try {
      const [a, b] = await e.embed([long, `${long} and a different tail that the model never sees`]);
      assert.deepEqual(a, b, 'only the first 30 word pieces reach the model');
      assert.deepEqual([e.stats().truncated, e.stats().windowed], [2, 0]);
    } finally {
      await e.close();
    }
  }
});

test("overflow 'windows' (default): a long text pools the tokens of all its windows", async () => {
  const tok = BertTokenizer.fromFile(join(modelDir, 'tokenizer.json'));
  const A = 'connection pool exhausted connection pool exhausted';
  const B = 'the disk is full again';
  assert.equal(tok.wordpieceIds(A).length, 6);
  assert.equal(tok.wordpieceIds(B).length, 5);
  // maxTokens 8 leaves 6 word pieces per window: "A B" is exactly the windows [A] and [B].
  const e = await OnnxEmbedder.create({ modelDir, workers: 0, maxTokens: 8, taskBatchSize: 2 });
  try {
    const [v, vA, vB] = await e.embed([`${A} ${B}`, A, B]);
    assert.deepEqual([e.stats().windowed, e.stats().truncated], [1, 0]);
    assert.equal(e.modelId, 'all-minilm-l6-v2-q@8-windows');
    // Several tasks at once on one in-thread model: each long text is counted once.
    const many = Array.from({ length: 6 }, (_, i) => `${A} ${B} ${i}`);
    await e.embed([...many, 'short one', 'short two']);
    assert.equal(e.stats().windowed, 1 + many.length);
    // Pooling all tokens together means v = normalize(sumA + sumB): a positive mix of vA and vB.
    const [alpha, beta, residual] = fitTwo(v, vA, vB);
    assert.ok(alpha > 0.2 && beta > 0.2, `alpha ${alpha}, beta ${beta}`);
    assert.ok(residual < 1e-4, `residual ${residual}`);
  } finally {
    await e.close();
  }
});

/** Least squares v ~ alpha*x + beta*y; returns [alpha, beta, |residual|]. */
function fitTwo(v: Float32Array, x: Float32Array, y: Float32Array): [number, number, number] {
  const [xx, yy, xy, vx, vy] = [dot(x, x), dot(y, y), dot(x, y), dot(v, x), dot(v, y)];
  const det = xx * yy - xy * xy;
  const alpha = (vx * yy - vy * xy) / det;
  const beta = (vy * xx - vx * xy) / det;
  let r = 0;
  for (let i = 0; i < v.length; i++) r += (v[i] - alpha * x[i] - beta * y[i]) ** 2;
  return [alpha, beta, Math.sqrt(r)];
}
