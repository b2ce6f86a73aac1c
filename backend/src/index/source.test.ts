import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Store } from '../store/store.js';
import { ManagedVectorIndex } from './managed.js';
import { readManifest } from './persistence.js';
import { catchUp, tenantChunkVectors, tenantCoverage } from './source.js';

import { faiss, skip } from './test-faiss.js';

const DIM = 16;
/** A stand-in embedding: deterministic per text, so the same chunk always gets the same vector. */
async function embed(texts: string[]): Promise<Float32Array[]> {
  return texts.map((t) => {
    const h = createHash('sha256').update(t).digest();
    return Float32Array.from({ length: DIM }, (_, i) => h[i] - 128);
  });
}

let dir = '';
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function addChunks(store: Store, tenant: string, texts: string[]): number[] {
  const streamId = store.streamId(tenant, { job: 'api' });
  // One line per chunk: a chunk's text is read back from its entries.
  store.insertEntries(texts.map((line, i) => ({ tenant, labels: { job: 'api' }, tsNs: BigInt(i), line })));
  const entries = store.unchunkedEntries(streamId, texts.length);
  return store.insertChunks(
    texts.map((text, i) => ({ streamId, startNs: BigInt(i), endNs: BigInt(i + 1), text, entryIds: [entries[i].id], tokenCount: 3, templateIds: [] })),
  );
}

describe('index source over the store', { skip }, () => {
  it('rebuilds a tenant from its chunks, detects new chunks as stale, and catches up', async () => {
    dir = await mkdtemp(join(tmpdir(), 'loglens-source-'));
    const store = Store.open(':memory:');
    try {
      const aIds = addChunks(store, 'a', Array.from({ length: 300 }, (_, i) => `tenant a chunk ${i}`));
      const bIds = addChunks(store, 'b', Array.from({ length: 50 }, (_, i) => `tenant b chunk ${i}`));
      assert.deepEqual(tenantCoverage(store.db, 'a'), { count: 300, maxId: Math.max(...aIds) });
      assert.deepEqual(tenantCoverage(store.db, 'nobody'), { count: 0, maxId: -1 });
      // The counter VectorService.reconcile reads instead of counting.
      assert.equal(store.tenantCounts('a').chunks, 300, 'the counter agrees with the count');
      assert.equal(store.tenantCounts('nobody').chunks, 0);

      const m = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM });
      // Small pages prove the keyset paging neither skips nor repeats chunks.
      await m.rebuild(tenantChunkVectors(store.db, 'a', embed, { pageSize: 7 }), 300);
      const [vecB] = await embed(['tenant b chunk 0']);
      assert.ok(m.search(vecB, 300)!.every((h) => aIds.includes(h.id)), "no chunk of tenant b");
      const [vec42] = await embed(['tenant a chunk 42']);
      assert.equal(m.search(vec42, 1)![0].id, aIds[42]);

      const newIds = addChunks(store, 'a', ['tenant a late chunk']);
      const reopened = new ManagedVectorIndex({ faiss: faiss!, dir, dim: DIM });
      assert.equal(await reopened.open(tenantCoverage(store.db, 'a')), 'stale');
      const covered = (await readManifest(dir))!.maxId;
      assert.equal(await catchUp(reopened, tenantChunkVectors(store.db, 'a', embed, { afterId: covered })), 1);
      assert.equal(await reopened.open(tenantCoverage(store.db, 'a')), 'stale', 'a catch-up alone does not save');
      assert.equal(await catchUp(reopened, tenantChunkVectors(store.db, 'a', embed, { afterId: covered })), 1);
      await reopened.save();
      assert.equal(await reopened.open(tenantCoverage(store.db, 'a')), 'ready');
      const [late] = await embed(['tenant a late chunk']);
      assert.equal(reopened.search(late, 1)![0].id, newIds[0]);
      assert.ok(!bIds.includes(newIds[0]));
    } finally {
      store.close();
    }
  });
});
