import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openIndex, readManifest, saveIndex, serialSaver, writeFileAtomic } from './persistence.js';
import { readSearchParams } from './search-params.js';
import { clusteredVectors } from './synthetic.js';
import { FaissVectorIndex, type IndexSpec } from './vector-index.js';

import { faiss, skip } from './test-faiss.js';

const DIM = 16;
const all = clusteredVectors(620, { dim: DIM, clusters: 8, spread: 0.2, seed: 7 });
const data = all.slice(0, 600);
const queries = all.slice(600);
const ids = data.map((_, i) => i + 1);

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'loglens-index-'));
  dirs.push(d);
  return d;
}
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function savedIndex(dir: string, spec: IndexSpec = { kind: 'flat' }, n = data.length): Promise<FaissVectorIndex> {
  const ix = FaissVectorIndex.create(faiss!, DIM, spec, serialSaver(dir));
  if (ix.needsTraining) ix.train(data);
  ix.add(ids.slice(0, n), data.slice(0, n));
  await ix.save();
  return ix;
}

describe('index persistence', { skip }, () => {
  for (const spec of [
    { kind: 'flat' },
    { kind: 'hnsw', m: 8, efConstruction: 40, efSearch: 48 },
    { kind: 'ivf', nlist: 8, nprobe: 3 },
  ] satisfies IndexSpec[]) {
    it(`round-trips a ${spec.kind} index: same hits, same ids, same parameters`, async () => {
      const dir = await freshDir();
      const ix = await savedIndex(dir, spec);
      ix.remove([ids[0]]);
      const manifest = await ix.save();
      assert.equal(manifest.generation, 2);
      assert.equal(manifest.count, 599);
      assert.equal(manifest.total, 600);
      assert.equal(manifest.maxId, 600);
      const res = await openIndex(faiss!, dir, serialSaver(dir), { count: 599, maxId: 600 });
      assert.equal(res.state, 'ready', res.reason);
      assert.deepEqual(res.index!.spec, spec);
      const native = readSearchParams(res.index!.native.toBuffer());
      if (spec.kind === 'hnsw') assert.deepEqual(native, { efConstruction: 40, efSearch: 48 });
      if (spec.kind === 'ivf') assert.deepEqual(native, { nprobe: 3 });
      assert.equal(res.index!.size, 599);
      assert.equal(res.index!.deletedCount, 1);
      for (const q of queries) assert.deepEqual(res.index!.search(q, 10), ix.search(q, 10));
      // Only the committed generation is left on disk.
      assert.deepEqual((await readdir(dir)).sort(), ['ids.2.bin', 'index.2.faiss', 'manifest.json']);
    });
  }

  it('round-trips chunks that share vectors: one vector per distinct one on disk, every chunk back', async () => {
    const dir = await freshDir();
    const ix = FaissVectorIndex.create(faiss!, DIM, { kind: 'flat' }, serialSaver(dir));
    const shared = Array.from({ length: 3000 }, (_, i) => data[i % 50]);
    const chunkIds = shared.map((_, i) => i + 1);
    ix.add(chunkIds, shared);
    ix.remove(chunkIds.filter((id) => id % 50 === 7)); // one vector loses all its chunks
    const manifest = await ix.save();
    assert.equal(manifest.version, 2);
    assert.equal(manifest.count, 2940);
    assert.equal(manifest.total, 50);
    assert.equal(manifest.vectors, 49);
    const res = await openIndex(faiss!, dir, serialSaver(dir), { count: 2940, maxId: 3000 });
    assert.equal(res.state, 'ready', res.reason);
    assert.match(res.reason, /2940 chunks on 49 vectors/);
    const back = res.index!;
    assert.equal(back.legacyLayout, false);
    assert.equal(back.vectorCount, 50);
    assert.deepEqual([...back.liveChunkIds()], [...ix.liveChunkIds()]);
    for (const q of queries) assert.deepEqual(back.search(q, 200), ix.search(q, 200));
    // Keys came back: a chunk with a known vector joins it (here: revives the dead one) instead of adding one.
    back.add([3001], [Float32Array.from(data[6])]);
    assert.equal(back.vectorCount, 50);
    assert.equal(back.liveVectors, 50);
    // The vectors file is 50 vectors, not 3,000.
    const bytes = (await readFile(join(dir, manifest.indexFile))).length;
    assert.ok(bytes < 50 * DIM * 4 + 4096, `${bytes} bytes`);
  });

  it('opens an index saved before vectors were shared (manifest version 1) and serves it as it is', async () => {
    const dir = await freshDir();
    // What the previous release wrote: faiss file, slot -> chunk id as float64, manifest version 1.
    const ix = FaissVectorIndex.create(faiss!, DIM, { kind: 'flat' }, serialSaver(dir));
    ix.add(ids.slice(0, 100), data.slice(0, 100));
    ix.native.write(join(dir, 'index.1.faiss'));
    const slots = Float64Array.from(ids.slice(0, 100), (id) => (id === 5 ? -1 : id));
    await writeFile(join(dir, 'ids.1.bin'), Buffer.from(slots.buffer));
    const { createHash } = await import('node:crypto');
    const sha = async (f: string) => createHash('sha256').update(await readFile(join(dir, f))).digest('hex');
    const v1 = { version: 1, dim: DIM, spec: { kind: 'flat' }, count: 99, total: 100, maxId: 100, generation: 1, indexFile: 'index.1.faiss', indexSha256: await sha('index.1.faiss'), idsFile: 'ids.1.bin', idsSha256: await sha('ids.1.bin'), savedAt: '2026-11-30T00:00:00Z' };
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(v1));
    const res = await openIndex(faiss!, dir, serialSaver(dir), { count: 99, maxId: 100 });
    assert.equal(res.state, 'ready', res.reason);
    assert.equal(res.index!.legacyLayout, true);
    assert.equal(res.index!.size, 99);
    for (const q of queries) {
      const hits = res.index!.search(q, 10);
      assert.ok(!hits.some((h) => h.id === 5));
      assert.deepEqual(hits, ix.search(q, 11).filter((h) => h.id !== 5).slice(0, 10));
    }
    // Its next save is version 2.
    assert.equal((await res.index!.save()).version, 2);
    assert.equal((await openIndex(faiss!, dir, serialSaver(dir), { count: 99, maxId: 100 })).index!.legacyLayout, false);
  });

  it('reports missing: empty directory, and manifest naming an absent index file', async () => {
    const dir = await freshDir();
    assert.equal((await openIndex(faiss!, dir, serialSaver(dir))).state, 'missing');
    assert.equal((await openIndex(faiss!, join(dir, 'nope'), serialSaver(dir))).state, 'missing');
    await savedIndex(dir);
    await rm(join(dir, 'index.1.faiss'));
    const res = await openIndex(faiss!, dir, serialSaver(dir));
    assert.equal(res.state, 'missing');
    assert.match(res.reason, /index\.1\.faiss/);
    assert.equal(res.index, null);
  });

  it('reports stale when SQLite expects a different count or max id', async () => {
    const dir = await freshDir();
    await savedIndex(dir, { kind: 'flat' }, 500);
    const fresh = await openIndex(faiss!, dir, serialSaver(dir), { count: 500, maxId: 500 });
    assert.equal(fresh.state, 'ready');
    const more = await openIndex(faiss!, dir, serialSaver(dir), { count: 600, maxId: 600 });
    assert.equal(more.state, 'stale');
    assert.ok(more.index, 'a stale index is still loaded and searchable');
    assert.equal(more.manifest!.maxId, 500, 'caller catches up from here');
    // Same count, different ids (a delete plus an insert) is stale too.
    assert.equal((await openIndex(faiss!, dir, serialSaver(dir), { count: 500, maxId: 501 })).state, 'stale');
  });

  it('reports corrupt: flipped byte, truncated ids, garbage manifest', async () => {
    const dir = await freshDir();
    await savedIndex(dir);
    const indexPath = join(dir, 'index.1.faiss');
    const original = await readFile(indexPath);
    const flipped = Buffer.from(original);
    flipped[flipped.length >> 1] ^= 0xff;
    await writeFile(indexPath, flipped);
    let res = await openIndex(faiss!, dir, serialSaver(dir));
    assert.equal(res.state, 'corrupt');
    assert.match(res.reason, /checksum/);
    await writeFile(indexPath, original);
    assert.equal((await openIndex(faiss!, dir, serialSaver(dir))).state, 'ready');

    await truncate(join(dir, 'ids.1.bin'), 100);
    res = await openIndex(faiss!, dir, serialSaver(dir));
    assert.equal(res.state, 'corrupt');

    await writeFile(join(dir, 'manifest.json'), '{"version": 1, "dim": ');
    res = await openIndex(faiss!, dir, serialSaver(dir));
    assert.equal(res.state, 'corrupt');
    assert.match(res.reason, /manifest/);
  });

  it('reports corrupt when the checksum matches but faiss cannot parse the file', async () => {
    const dir = await freshDir();
    await savedIndex(dir);
    // Rewrite file and manifest consistently, as a buggy writer would: only loading can tell.
    await writeFile(join(dir, 'index.1.faiss'), Buffer.from('IxFI not really an index'));
    const manifest = (await readManifest(dir))!;
    const { createHash } = await import('node:crypto');
    manifest.indexSha256 = createHash('sha256').update('IxFI not really an index').digest('hex');
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const res = await openIndex(faiss!, dir, serialSaver(dir));
    assert.equal(res.state, 'corrupt');
    assert.match(res.reason, /load failed/);
  });

  it('a writer that dies before the rename leaves the committed index intact', async () => {
    const dir = await freshDir();
    await savedIndex(dir, { kind: 'flat' }, 300);
    // What a crash mid-save leaves: a complete next-generation file that was renamed, plus a
    // half-written temp file, but no new manifest.
    const bigger = FaissVectorIndex.create(faiss!, DIM, { kind: 'flat' }, serialSaver(dir));
    bigger.add(ids, data);
    bigger.native.write(join(dir, 'index.2.faiss'));
    await writeFile(join(dir, 'ids.2.bin.tmp-deadbeef0000'), Buffer.alloc(17, 1));
    const res = await openIndex(faiss!, dir, serialSaver(dir), { count: 300, maxId: 300 });
    assert.equal(res.state, 'ready', res.reason);
    assert.equal(res.index!.size, 300);
    // The next good save claims a new generation and sweeps the debris.
    await res.index!.save();
    assert.deepEqual((await readdir(dir)).sort(), ['ids.2.bin', 'index.2.faiss', 'manifest.json']);
    assert.equal((await openIndex(faiss!, dir, serialSaver(dir), { count: 300, maxId: 300 })).state, 'ready');
  });

  it('writeFileAtomic: a failing producer leaves the old file and no temp behind', async () => {
    const dir = await freshDir();
    await writeFileAtomic(dir, 'f.bin', Buffer.from('old'));
    await assert.rejects(
      writeFileAtomic(dir, 'f.bin', async (tmp) => {
        await writeFile(tmp, 'half of the new');
        throw new Error('disk full');
      }),
      /disk full/,
    );
    assert.equal(await readFile(join(dir, 'f.bin'), 'utf8'), 'old');
    assert.deepEqual(await readdir(dir), ['f.bin']);
  });

  it('an unwritable directory fails the save without touching the committed index', async () => {
    const dir = await freshDir();
    const ix = await savedIndex(dir);
    await assert.rejects(saveIndex(join(dir, 'manifest.json', 'sub'), ix));
    assert.equal((await openIndex(faiss!, dir, serialSaver(dir))).state, 'ready');
  });
});
