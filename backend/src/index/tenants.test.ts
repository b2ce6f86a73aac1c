import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { clusteredVectors } from './synthetic.js';
import { TenantIndexes, tenantDirName } from './tenants.js';

import { faiss, skip } from './test-faiss.js';

const DIM = 24;
let root = '';
after(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('tenant isolation', { skip }, () => {
  it("never returns another tenant's vectors, even the query's exact neighbour", async () => {
    root = await mkdtemp(join(tmpdir(), 'loglens-tenants-'));
    const t = new TenantIndexes({ faiss: faiss!, rootDir: root, dim: DIM });
    const vecs = clusteredVectors(900, { dim: DIM, clusters: 6, spread: 0.2, seed: 11 });
    // Tenant A owns ids 1..400, B owns 401..800 (shared id space, as in SQLite); the queries
    // are B's own vectors, so B's index scores them 1.0 and A's index must not see them.
    const a = vecs.slice(0, 400).map((vector, i) => ({ id: 1 + i, vector }));
    const b = vecs.slice(400, 800).map((vector, i) => ({ id: 401 + i, vector }));
    t.get('team-a').add(a);
    t.get('team-b').add(b);
    await t.get('team-a').save();
    await t.get('team-b').save();

    for (const { id, vector } of b.slice(0, 50)) {
      const fromB = t.get('team-b').search(vector, 1)!;
      assert.equal(fromB[0].id, id);
      const fromA = t.get('team-a').search(vector, 400)!;
      assert.equal(fromA.length, 400);
      assert.ok(fromA.every((h) => h.id >= 1 && h.id <= 400), 'only tenant A ids');
    }

    // Isolation holds across a restart: each tenant reopens its own directory.
    const reopened = new TenantIndexes({ faiss: faiss!, rootDir: root, dim: DIM });
    assert.equal(await reopened.get('team-a').open({ count: 400, maxId: 400 }), 'ready');
    assert.equal(await reopened.get('team-c').open({ count: 0, maxId: -1 }), 'missing');
    const hits = reopened.get('team-a').search(b[0].vector, 10)!;
    assert.ok(hits.every((h) => h.id <= 400));
    assert.deepEqual(t.tenants().sort(), ['team-a', 'team-b']);
    assert.equal((await readdir(root)).length, 2);
  });

  it('maps any tenant string to a distinct, path-safe directory name', () => {
    const names = ['..', '../etc', 'a/b', 'A', 'a', 'ünïcode', ' ', 'fake|tenant'];
    const dirs = names.map(tenantDirName);
    assert.equal(new Set(dirs).size, names.length);
    for (const d of dirs) assert.match(d, /^t_[A-Za-z0-9_-]+$/);
    assert.throws(() => tenantDirName(''), /non-empty/);
  });
});
