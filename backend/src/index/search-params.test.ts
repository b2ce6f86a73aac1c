import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { METRIC_INNER_PRODUCT, type FaissIndex, type FaissModule } from './faiss.js';
import { createIndex, patchSearchParams, patchSearchParamsFile, readSearchParams } from './search-params.js';
import { clusteredVectors } from './synthetic.js';
import { toNormalizedArray } from './vector-index.js';

import { faiss, skip } from './test-faiss.js';

const DIM = 16;
const all = clusteredVectors(1040, { dim: DIM, clusters: 16, spread: 0.25, seed: 5 });
const data = toNormalizedArray(all.slice(0, 1000), DIM);
const queries = all.slice(1000).map((q) => toNormalizedArray([q], DIM));

function topIds(ix: FaissIndex, q: number[]): number[] {
  return ix.search(q, 10).labels;
}

let dir = '';
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('search parameters faiss-node cannot set', { skip }, () => {
  it('faiss defaults are what the patch overrides (nprobe 1, efSearch 16, efConstruction 40)', () => {
    const ivf = faiss!.Index.fromFactory(DIM, 'IVF16,Flat', METRIC_INNER_PRODUCT);
    assert.deepEqual(readSearchParams(ivf.toBuffer()), { nprobe: 1 });
    const hnsw = faiss!.Index.fromFactory(DIM, 'HNSW8', METRIC_INNER_PRODUCT);
    assert.deepEqual(readSearchParams(hnsw.toBuffer()), { efConstruction: 40, efSearch: 16 });
  });

  it('a patched nprobe changes search behaviour: nprobe = nlist makes IVF exact', () => {
    const flat = faiss!.Index.fromFactory(DIM, 'Flat', METRIC_INNER_PRODUCT);
    flat.add(data);
    const ivfDefault = createIndex(faiss!, DIM, 'IVF16,Flat', METRIC_INNER_PRODUCT, {});
    const ivfAll = createIndex(faiss!, DIM, 'IVF16,Flat', METRIC_INNER_PRODUCT, { nprobe: 16 });
    for (const ix of [ivfDefault, ivfAll]) {
      ix.train(data);
      ix.add(data);
    }
    let defaultMisses = 0;
    for (const q of queries) {
      assert.deepEqual(topIds(ivfAll, q), topIds(flat, q));
      const exact = new Set(topIds(flat, q));
      defaultMisses += topIds(ivfDefault, q).filter((id) => !exact.has(id)).length;
    }
    assert.ok(defaultMisses > 0, 'nprobe=1 should miss some true neighbours on clustered data');
  });

  it('patches an index file in place and the value survives read()', async () => {
    dir = await mkdtemp(join(tmpdir(), 'loglens-params-'));
    const hnsw = faiss!.Index.fromFactory(DIM, 'HNSW8', METRIC_INNER_PRODUCT);
    hnsw.add(data);
    const path = join(dir, 'h.faiss');
    hnsw.write(path);
    patchSearchParamsFile(path, { efSearch: 200 });
    const back = faiss!.Index.read(path);
    assert.deepEqual(readSearchParams(back.toBuffer()), { efConstruction: 40, efSearch: 200 });
    assert.equal(back.ntotal(), 1000);
    // efSearch 200 over 1000 points is effectively exhaustive on this small graph.
    const flat = faiss!.Index.fromFactory(DIM, 'Flat', METRIC_INNER_PRODUCT);
    flat.add(data);
    for (const q of queries) assert.deepEqual(topIds(back, q), topIds(flat, q));
  });

  it('rejects parameters that do not fit the index', () => {
    const ivf = faiss!.Index.fromFactory(DIM, 'IVF16,Flat', METRIC_INNER_PRODUCT).toBuffer();
    assert.throws(() => patchSearchParams(ivf, { nprobe: 17 }), /1\.\.16/);
    assert.throws(() => patchSearchParams(ivf, { efSearch: 5 }), /HNSW/);
    const hnsw = faiss!.Index.fromFactory(DIM, 'HNSW8', METRIC_INNER_PRODUCT).toBuffer();
    assert.throws(() => patchSearchParams(hnsw, { nprobe: 2 }), /IVF/);
    const flat = faiss!.Index.fromFactory(DIM, 'Flat', METRIC_INNER_PRODUCT).toBuffer();
    assert.throws(() => patchSearchParams(flat, { nprobe: 2 }), /IxFI/);
    assert.throws(() => patchSearchParams(hnsw.subarray(0, 50), { efSearch: 2 }), /truncated/);
  });
});
