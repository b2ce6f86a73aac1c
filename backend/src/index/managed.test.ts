import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CHECKPOINT_FRACTION, CHECKPOINT_MIN_CHANGES, ManagedVectorIndex, type EmbeddedChunk } from './managed.js';
import { bruteForceTopK, clusteredVectors } from './synthetic.js';
import { FaissVectorIndex, type IndexSpec } from './vector-index.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

import { faiss, skip } from './test-faiss.js';

const DIM = 16;
const all = clusteredVectors(1220, { dim: DIM, clusters: 10, spread: 0.2, seed: 3 });
const data = all.slice(0, 1200);
const queries = all.slice(1200);
const ids = data.map((_, i) => 100 + i);

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'loglens-managed-'));
  dirs.push(d);
  return d;
}
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function* chunks(n: number, onEach?: (i: number) => Promise<void>): AsyncIterable<EmbeddedChunk> {
  for (let i = 0; i < n; i++) {
    if (onEach) await onEach(i);
    yield { id: ids[i], vector: data[i] };
  }
}

// Small-scale stand-in for the real policy so every layout is exercised in a fast test.
const tinyPolicy = (n: number): IndexSpec =>
  n <= 500 ? { kind: 'flat' } : { kind: 'ivf', nlist: 8, nprobe: 8 };

describe('ManagedVectorIndex', { skip }, () => {
  it('missing -> rebuilding (old index keeps serving) -> ready, then reopens ready', async () => {
    const dir = await freshDir();
    const m = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy });
    assert.equal(await m.open({ count: 0, maxId: -1 }), 'missing');
    assert.equal(m.search(queries[0], 5), null, 'not searchable: caller falls back to BM25');

    await m.rebuild(chunks(400), 400);
    assert.equal(m.state, 'ready');
    assert.equal(m.current!.spec.kind, 'flat');
    const before = m.search(queries[0], 5);
    const replaced = m.current!;

    const states: string[] = [];
    const served: (number | undefined)[] = [];
    const manifest = await m.rebuild(
      chunks(1200, async (i) => {
        if (i === 600) {
          states.push(m.state);
          served.push(m.search(queries[0], 5)?.length);
        }
      }),
      1200,
    );
    assert.deepEqual(states, ['rebuilding']);
    assert.deepEqual(served, [5], 'the previous index answers during the rebuild');
    assert.ok(replaced.isDisposed, 'the replaced index is freed at the swap');
    assert.ok(before);
    assert.equal(manifest.spec.kind, 'ivf');
    assert.equal(manifest.count, 1200);
    assert.equal(manifest.maxId, 1299);
    // nprobe == nlist: IVF is exhaustive here, so it must agree with brute force exactly.
    for (const q of queries) {
      assert.deepEqual(
        m.search(q, 10)!.map((h) => h.id),
        bruteForceTopK(data, ids, q, 10).map((h) => h.id),
      );
    }

    const reopened = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy });
    assert.equal(await reopened.open({ count: 1200, maxId: 1299 }), 'ready');
    assert.equal(await reopened.open({ count: 1250, maxId: 1349 }), 'stale');
  });

  it('a failing rebuild source leaves the old index serving and on disk', async () => {
    const dir = await freshDir();
    const m = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy });
    await m.rebuild(chunks(300), 300);
    await assert.rejects(
      m.rebuild(
        chunks(1200, async (i) => {
          if (i === 700) throw new Error('sqlite went away');
        }),
        1200,
      ),
      /sqlite went away/,
    );
    assert.equal(m.state, 'ready');
    assert.equal(m.current!.size, 300);
    const again = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy });
    assert.equal(await again.open({ count: 300, maxId: 399 }), 'ready');
  });

  it('falls back to flat when the stream is too short to train IVF', async () => {
    const dir = await freshDir();
    const m = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy });
    const manifest = await m.rebuild(chunks(100), 5000);
    assert.equal(manifest.spec.kind, 'flat');
    assert.equal(manifest.count, 100);
  });

  it('corrupt on open, then rebuild recovers; incremental add + save is picked up on reopen', async () => {
    const dir = await freshDir();
    const m = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy });
    await m.rebuild(chunks(200), 200);
    await writeFile(join(dir, 'manifest.json'), 'not json');
    const broken = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy });
    assert.equal(await broken.open(), 'corrupt');
    assert.equal(broken.search(queries[0], 3), null);
    await broken.rebuild(chunks(200), 200);
    assert.equal(broken.state, 'ready');
    broken.add([{ id: 5000, vector: queries[1] }]);
    await broken.save();
    const reopened = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy });
    assert.equal(await reopened.open({ count: 201, maxId: 5000 }), 'ready');
    assert.equal(reopened.search(queries[1], 1)![0].id, 5000);
  });

  it('refuses a second concurrent rebuild and adds during a rebuild', async () => {
    const dir = await freshDir();
    const m = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = m.rebuild(
      chunks(50, async (i) => {
        if (i === 10) await gate;
      }),
      50,
    );
    await new Promise((r) => setImmediate(r));
    await assert.rejects(m.rebuild(chunks(5), 5), /already running/);
    assert.throws(() => m.add([{ id: 1, vector: data[0] }]), /rebuilding/);
    release();
    await first;
    assert.equal(m.current!.size, 50);
  });

  it('asks for a rebuild when the size outgrows the layout', async () => {
    const dir = await freshDir();
    const m = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy });
    assert.equal(m.shouldRebuild(), true, 'nothing built yet');
    m.add(data.slice(0, 400).map((vector, i) => ({ id: ids[i], vector })));
    assert.equal(m.current!.spec.kind, 'flat');
    assert.equal(m.shouldRebuild(), false);
    m.add(data.slice(400, 600).map((vector, i) => ({ id: ids[400 + i], vector })));
    assert.equal(m.shouldRebuild(), true, '600 > 500: the policy wants IVF now');
    await m.rebuild(chunks(600), 600);
    assert.equal(m.current!.spec.kind, 'ivf');
    assert.equal(m.shouldRebuild(), false);
  });

  it('asks for a compacting rebuild once tombstones exceed a third of the live vectors', async () => {
    const dir = await freshDir();
    const m = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: () => ({ kind: 'flat' }) });
    await m.rebuild(chunks(400), 400);
    m.current!.remove(ids.slice(0, 100));
    assert.equal(m.shouldRebuild(), false, '100 deleted, 300 live');
    m.current!.remove(ids.slice(100, 120));
    assert.equal(m.shouldRebuild(), true, '120 deleted > 280 live / 3');
    await m.rebuild(
      (async function* () {
        for (let i = 120; i < 400; i++) yield { id: ids[i], vector: data[i] };
      })(),
      280,
    );
    assert.equal(m.current!.deletedCount, 0);
    assert.equal(m.shouldRebuild(), false);
  });

  it('checkpoints: changes are counted until a save covers them; a save is due past CHECKPOINT_MIN_CHANGES or 1/8 of the index', async () => {
    const dir = await freshDir();
    const m = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: () => ({ kind: 'flat' }) });
    await m.rebuild(chunks(400), 400);
    assert.equal(m.unsaved, 0, 'a rebuild saves');
    m.add(ids.slice(400, 410).map((id, i) => ({ id, vector: data[400 + i] })));
    m.remove([ids[0], ids[1], 999_999]);
    assert.equal(m.unsaved, 12, '10 adds and 2 tombstones; an unknown id changes nothing');
    assert.equal(m.checkpointDue(), false);
    // The files still hold the 400 of the rebuild: what a crash now leaves to the catch-up.
    const onDisk = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM });
    assert.equal(await onDisk.open({ count: 408, maxId: ids[409] }), 'stale');
    assert.equal(onDisk.current!.size, 400);
    onDisk.current!.dispose();
    m.markCaughtUp();
    assert.equal(m.state, 'ready');
    assert.match(m.reason, /12 changes not saved yet/);
    await m.save();
    assert.equal(m.unsaved, 0);
    assert.equal(await onDisk.open({ count: 408, maxId: ids[409] }), 'ready');
    onDisk.current!.dispose();

    const big = Array.from({ length: CHECKPOINT_MIN_CHANGES }, (_, i) => ({ id: 10_000 + i, vector: data[i % data.length] }));
    m.add(big.slice(0, -1));
    assert.equal(m.checkpointDue(), false, `${CHECKPOINT_MIN_CHANGES - 1} changes`);
    m.add(big.slice(-1));
    assert.equal(m.checkpointDue(), true, `${CHECKPOINT_MIN_CHANGES} changes`);
    await m.save();
    // A large index: the fraction rules, so a save is due only after 1/8 of what the files hold.
    const grow = (n: number, from: number) => m.add(Array.from({ length: n }, (_, i) => ({ id: from + i, vector: data[i % data.length] })));
    grow(40_000, 100_000);
    await m.save();
    const size = m.current!.size; // saved
    const due = Math.ceil(size * CHECKPOINT_FRACTION);
    assert.ok(due > CHECKPOINT_MIN_CHANGES);
    grow(due - 1, 200_000);
    assert.equal(m.checkpointDue(), false, `${due - 1} changes on ${size} vectors`);
    grow(1, 300_000);
    assert.equal(m.checkpointDue(), true, `${due} changes on ${size} vectors`);
    m.current!.dispose();
  });

  it('rejects an index of another dimension as corrupt', async () => {
    const dir = await freshDir();
    await new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy }).rebuild(chunks(20), 20);
    const wrongDim = new ManagedVectorIndex({ faiss: faiss!, dir, dim: 384, chooseSpec: tinyPolicy });
    assert.equal(await wrongDim.open(), 'corrupt');
    assert.match(wrongDim.reason, /384/);
  });

  it('sizes the layout by distinct vectors, not chunks: 1,200 chunks on 40 vectors build flat, and catch-up shares them', async () => {
    const dir = await freshDir();
    const m = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy });
    await m.open({ count: 0, maxId: -1 });
    async function* shared(from: number, to: number): AsyncIterable<EmbeddedChunk> {
      for (let i = from; i < to; i++) yield { id: ids[i], vector: i % 3 === 0 ? data[i % 40] : Float32Array.from(data[i % 40]) };
    }
    const manifest = await m.rebuild(shared(0, 1000), 1000);
    assert.equal(manifest.spec.kind, 'flat', 'the chunk count alone (1,000 > 500) would have picked IVF');
    assert.equal(manifest.count, 1000);
    assert.equal(manifest.total, 40);
    m.add(await collect(shared(1000, 1200)));
    assert.equal(m.current!.vectorCount, 40);
    assert.equal(m.current!.size, 1200);
    assert.equal(m.shouldRebuild(), false);
    const hits = m.search(queries[0], 5)!;
    assert.equal(hits.length, 5);
    // Newest chunks of the nearest vector first.
    const best = bruteForceTopK(data.slice(0, 40), data.slice(0, 40).map((_, i) => i), queries[0], 1)[0].id;
    assert.deepEqual(hits.map((h) => h.id), ids.filter((_, i) => i < 1200 && i % 40 === best).reverse().slice(0, 5));
  });

  it('past its stage, a rebuild fixes the layout from the share of chunks seen and adds the rest as they come', async () => {
    const dir = await freshDir();
    // 1,200 distinct vectors, stage of 400: after 400 of 1,200 chunks it extrapolates 1,200 (IVF);
    // the 400 it holds would have been flat.
    const m = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy, buildStageMax: 400 });
    await m.open({ count: 0, maxId: -1 });
    const manifest = await m.rebuild(chunks(1200), 1200);
    assert.deepEqual(manifest.spec, { kind: 'ivf', nlist: 8, nprobe: 8 });
    assert.equal(manifest.count, 1200);
    assert.equal(manifest.total, 1200);
    const want = bruteForceTopK(data, ids, queries[1], 10).map((h) => h.id);
    assert.deepEqual(m.search(queries[1], 10)!.map((h) => h.id), want);

    // A stage too small to train the lists asked for trains as many as it can (8 x 39 > 200 >= 4 x 39).
    const small = new ManagedVectorIndex({ faiss: faiss!, dir: await freshDir(), dim: DIM, chooseSpec: tinyPolicy, buildStageMax: 200 });
    await small.open({ count: 0, maxId: -1 });
    assert.deepEqual((await small.rebuild(chunks(1200), 1200)).spec, { kind: 'ivf', nlist: 4, nprobe: 4 });
    assert.equal(small.current!.size, 1200);
  });

  it('an index of the version-1 layout asks for a rebuild', async () => {
    const dir = await freshDir();
    const m = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM, chooseSpec: tinyPolicy });
    await m.open({ count: 0, maxId: -1 });
    await m.rebuild(chunks(100), 100);
    assert.equal(m.shouldRebuild(), false);
    const legacy = FaissVectorIndex.fromParts(faiss!, m.current!.native, { kind: 'flat' }, Float64Array.from(ids.slice(0, 100)), ids[99], () => Promise.reject(new Error('unused')));
    assert.equal(legacy.legacyLayout, true);
    assert.equal(legacy.size, 100);
  });
});
