// A save that fails (a full disk) leaves the committed generation as it was and nothing behind.
// test/disk-full.test.ts runs the sidecar on a real full tmpfs; here the two failures a full disk
// causes are made directly: a write faiss reports, and one it does not (its file writer ignores a
// failed close, so a file whose last buffer could not be written looks complete).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openIndex, readManifest, saveBytesEstimate, saveIndex, serialSaver } from './persistence.js';
import { clusteredVectors } from './synthetic.js';
import { FaissVectorIndex } from './vector-index.js';
import { faiss, skip } from './test-faiss.js';

const DIM = 16;
const data = clusteredVectors(200, { dim: DIM, clusters: 4, spread: 0.2, seed: 3 });
const ids = data.map((_, i) => i + 1);

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function committed(): Promise<{ dir: string; ix: FaissVectorIndex }> {
  const dir = await mkdtemp(join(tmpdir(), 'loglens-index-full-'));
  dirs.push(dir);
  const ix = FaissVectorIndex.create(faiss!, DIM, { kind: 'flat' }, serialSaver(dir));
  ix.add(ids.slice(0, 100), data.slice(0, 100));
  await ix.save();
  ix.add(ids.slice(100), data.slice(100));
  return { dir, ix };
}

describe('index save on a full disk', { skip }, () => {
  for (const failure of [
    { name: 'faiss reports the failed write', write: () => {
      throw new Error('Error in void faiss::write_index(const Index*, IOWriter*): write error in x: 4051 != 3072 (No space left on device)');
    } },
    { name: 'faiss loses its last buffer without a word', write: (path: string) => writeFileSync(path, '') },
  ]) {
    it(`${failure.name}: the save throws, the previous generation stays committed and loads, no file is left`, async () => {
      const { dir, ix } = await committed();
      const before = (await readdir(dir)).sort();
      // Saves write through writeAsync where our build has it (else write): fail that one.
      const native = ix.native as { write(p: string): void; writeAsync?(p: string): Promise<void> };
      const method = native.writeAsync ? 'writeAsync' : 'write';
      const real = (native[method] as (p: string) => unknown).bind(native);
      // The addon's methods are read-only on its prototype: shadow on the instance.
      Object.defineProperty(native, method, {
        configurable: true,
        value: async (p: string) => {
          await real(p);
          failure.write(p);
        },
      });
      try {
        await assert.rejects(saveIndex(dir, ix));
      } finally {
        delete (native as Record<string, unknown>)[method];
      }
      assert.deepEqual((await readdir(dir)).sort(), before);
      const opened = await openIndex(faiss!, dir, serialSaver(dir), { count: 100, maxId: 100 });
      assert.equal(opened.state, 'ready', opened.reason);
      assert.equal(opened.index!.size, 100);
      opened.index!.dispose();
      // The index in memory still serves, and saves once the write goes through.
      assert.equal(ix.search(data[150], 1)[0].id, 151);
      const m = await saveIndex(dir, ix);
      assert.equal(m.count, 200);
      assert.equal((await readManifest(dir))!.generation, 2);
      ix.dispose();
    });
  }

  it('the estimate covers what a save writes', async () => {
    const { dir, ix } = await committed();
    const m = await saveIndex(dir, ix);
    const written = (await stat(join(dir, m.indexFile))).size + (await stat(join(dir, m.idsFile))).size;
    assert.ok(saveBytesEstimate(ix) >= written, `${saveBytesEstimate(ix)} < ${written}`);
    ix.dispose();
  });
});
