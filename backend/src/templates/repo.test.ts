import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateRepo } from './repo.js';
import { TemplateMiner } from './miner.js';
import { createTestDb } from './test-db.js';

const T0 = 1_700_000_000_000_000_000n; // beyond 2^53: exercises bigint timestamps
const SEC = 1_000_000_000n;

test('tags entries, keeps counts and first/last seen, survives reopening the file', (t) => {
  const tdb = createTestDb();
  t.after(() => tdb.cleanup());
  const s1 = tdb.streamId('acme', '{job="api"}');
  const s2 = tdb.streamId('acme', '{job="db"}');
  const lines1 = ['GET /api/users/12 200 in 5ms', 'GET /api/users/13 200 in 7ms', 'worker 3 crashed: out of memory'];
  const entries = lines1.map((line, i) => ({
    id: tdb.insert(s1, T0 + BigInt(i) * SEC + 1n, line),
    streamId: s1,
    tsNs: T0 + BigInt(i) * SEC + 1n,
    line,
  }));
  entries.push({
    id: tdb.insert(s2, T0, 'checkpoint complete: wrote 12 buffers'),
    streamId: s2,
    tsNs: T0,
    line: 'checkpoint complete: wrote 12 buffers',
  });

  const repo = new TemplateRepo(tdb.db);
  const tags = repo.tagEntries(entries);
  assert.equal(tags[0].templateId, tags[1].templateId);
  assert.notEqual(tags[0].templateId, tags[2].templateId);
  // per-stream miners: ids are global, so stream 2's first template does not collide with stream 1's
  assert.notEqual(tags[3].templateId, tags[0].templateId);
  const stored = tdb.db.prepare('SELECT id, template_id FROM entries ORDER BY id').all() as Array<{
    id: number;
    template_id: number;
  }>;
  assert.deepEqual(
    stored.map((r) => r.template_id),
    tags.map((x) => x.templateId)
  );

  const rows = repo.templates(s1);
  assert.equal(rows.length, 2);
  assert.equal(rows[0].template, 'GET <*> in <*>');
  assert.equal(rows[0].count, 2);
  assert.equal(rows[0].firstSeenNs, T0 + 1n);
  assert.equal(rows[0].lastSeenNs, T0 + SEC + 1n);

  // reopen: a fresh repo restores the miner from the file and continues the same ids
  tdb.reopen();
  const repo2 = new TemplateRepo(tdb.db);
  const line = 'GET /api/orders/9 200 in 12ms';
  const id = tdb.insert(s1, T0 + 10n * SEC, line);
  const [again] = repo2.tagEntries([{ id, streamId: s1, tsNs: T0 + 10n * SEC, line }]);
  assert.equal(again.templateId, tags[0].templateId);
  assert.equal(repo2.templates(s1)[0].count, 3);
  assert.equal(repo2.templates(s1)[0].lastSeenNs, T0 + 10n * SEC);
  // the restored miner equals one that saw every line without a restart
  const fresh = new TemplateMiner();
  for (const l of [...lines1, line]) fresh.add(l);
  assert.deepEqual(repo2.miner(s1).toJSON(), fresh.toJSON());
});

test('merged templates: absorbed rows point at the survivor, which carries the totals', (t) => {
  const tdb = createTestDb();
  t.after(() => tdb.cleanup());
  const s = tdb.streamId('acme', '{job="auth"}');
  const repo = new TemplateRepo(tdb.db);
  // not after an entity noun (NOUN_SLOT_VALUES would flip at three): the fourth value merges
  const users = ['root', 'admin', 'oracle', 'guest'];
  const tags = users.map((u, i) => {
    const line = `session opened by ${u} via uid 0`;
    const ts = T0 + BigInt(i) * SEC;
    return repo.tagEntries([{ id: tdb.insert(s, ts, line), streamId: s, tsNs: ts, line }])[0];
  });
  const live = new Set(tags.map((x) => repo.resolve(x.templateId)));
  assert.equal(live.size, 1);
  const [row] = repo.templates(s);
  assert.equal(row.template, 'session opened by <*> via uid <*>');
  assert.equal(row.count, 4);
  assert.equal(row.firstSeenNs, T0);
  assert.equal(row.lastSeenNs, T0 + 3n * SEC);
  // the first three lines each created a row; the fourth triggered the merge and was tagged
  // with the survivor directly
  const merged = tdb.db.prepare('SELECT COUNT(*) AS n FROM templates WHERE merged_into = ?').get(row.id) as {
    n: number;
  };
  assert.equal(merged.n, 2);
  const perEntry = tdb.db
    .prepare('SELECT COALESCE(t.merged_into, t.id) AS live FROM entries e JOIN templates t ON t.id = e.template_id')
    .all() as Array<{ live: number }>;
  assert.deepEqual(
    perEntry.map((r) => r.live),
    [row.id, row.id, row.id, row.id]
  );
});

test('tagUntagged catches up on entries without a template', (t) => {
  const tdb = createTestDb();
  t.after(() => tdb.cleanup());
  const s = tdb.streamId('acme', '{job="x"}');
  for (let i = 0; i < 25; i++) tdb.insert(s, T0 + BigInt(i), `request ${i} served in ${i * 3} ms`);
  const repo = new TemplateRepo(tdb.db);
  assert.equal(repo.tagUntagged(10), 25);
  assert.equal(repo.tagUntagged(10), 0);
  // later calls pick up only what was added since
  tdb.insert(s, T0 + 100n, 'request 100 served in 300 ms');
  assert.equal(repo.tagUntagged(10), 1);
  const untagged = tdb.db.prepare('SELECT COUNT(*) AS n FROM entries WHERE template_id IS NULL').get() as { n: number };
  assert.equal(untagged.n, 0);
  assert.equal(repo.templates(s).length, 1);
});

test('structured lines and span rules: template ids persist across a restart', (t) => {
  const tdb = createTestDb();
  t.after(() => tdb.cleanup());
  const s = tdb.streamId('acme', '{job="api"}');
  const errs = ['connection refused', 'i/o timeout', 'no such host', 'connection refused'];
  const lines = [
    ...errs.map((e, i) =>
      JSON.stringify({ level: 'error', ts: i, msg: `failed to reach database db-${i}:5432: ${e}`, attempt: i })
    ),
    ...errs.map((e, i) => `worker[7]: retry ${i} of the payment call failed: ${e}`),
    '10.0.0.1 - - [12/Jun/2024:10:00:00 +0000] "GET /a/b HTTP/1.1" 200 5 "-" "curl/8.5.0"',
  ];
  let n = 0;
  const entry = (line: string) => {
    const ts = T0 + BigInt(n++) * SEC;
    return { id: tdb.insert(s, ts, line), streamId: s, tsNs: ts, line };
  };
  const repo = new TemplateRepo(tdb.db);
  const first = repo.tagEntries(lines.map(entry)).map((x) => repo.resolve(x.templateId));
  assert.equal(new Set(first.slice(0, 4)).size, 1, 'one JSON statement');
  assert.equal(new Set(first.slice(4, 8)).size, 1, 'one plain statement once its error tail is a variable');
  tdb.reopen();
  const repo2 = new TemplateRepo(tdb.db);
  const more = [
    JSON.stringify({
      level: 'error',
      ts: 9,
      msg: 'failed to reach database db-9:5432: connection refused',
      attempt: 9,
    }),
    'worker[7]: retry 9 of the payment call failed: broken pipe',
    '10.0.0.2 - - [12/Jun/2024:10:00:01 +0000] "GET /c/d HTTP/1.1" 404 5 "-" "curl/8.5.0"',
  ];
  const again = repo2.tagEntries(more.map(entry)).map((x) => repo2.resolve(x.templateId));
  assert.deepEqual(again, [first[0], first[4], first[8]]);
  const fresh = new TemplateMiner();
  for (const l of [...lines, ...more]) fresh.add(l);
  assert.deepEqual(repo2.miner(s).toJSON(), fresh.toJSON());
});
