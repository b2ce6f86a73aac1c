import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CheckpointReport } from './checkpointer.js';
import { Store } from './store.js';

const SEC = 1_000_000_000n;
const T0 = BigInt(Date.UTC(2026, 11, 4, 12, 0, 0)) * 1_000_000n;

function write(store: Store, from: number, n: number): void {
  store.insertEntries(
    Array.from({ length: n }, (_, i) => ({ tenant: 't', labels: { job: 'x' }, tsNs: T0 + BigInt(from + i) * SEC, line: `line ${from + i} ${'x'.repeat(200)}` })),
  );
}

test('with a checkpointer thread, committed WAL frames are copied into the database by the worker, not by commits', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'loglens-checkpointer-')), 'x.db');
  const store = Store.open(file, { walCheckpointer: true });
  const checkpointer = store.checkpointer;
  assert.ok(checkpointer);
  // the writer's own automatic checkpoint is a backstop far above what a commit of this size reaches
  assert.ok((store.db.pragma('wal_autocheckpoint', { simple: true }) as number) >= 16384);
  write(store, 0, 2000);
  // the worker reports each checkpoint; wait for one that found frames and copied all of them
  for (;;) {
    const r: CheckpointReport = await checkpointer.next();
    assert.equal(r.error, undefined);
    if (r.log !== undefined && r.log > 0 && r.checkpointed === r.log) break;
  }
  // the next commit starts the WAL over (every frame was copied): it holds this commit's frames only
  write(store, 2000, 10);
  const [row] = store.db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
  assert.ok(row.log < 50, `WAL frames after restart: ${row.log}`);
  store.close();
  const again = Store.open(file);
  assert.equal(again.counts().entries, 2010);
  assert.equal(again.integrityCheck(), 'ok');
  again.close();
});

test('without the option a store checkpoints in its commits, as SQLite does (no thread)', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'loglens-checkpointer-')), 'x.db');
  const store = Store.open(file);
  assert.equal(store.checkpointer, undefined);
  assert.equal(store.db.pragma('wal_autocheckpoint', { simple: true }), 4096);
  store.close();
});
