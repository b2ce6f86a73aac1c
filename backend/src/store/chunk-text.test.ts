import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { planChunks } from '../chunking/chunker.js';
import { coreMigrations, migrate } from './migrations.js';
import { Store } from './store.js';
import type { LogEntry } from '../types.js';

const dir = () => mkdtempSync(join(tmpdir(), 'loglens-chunk-text-'));
const e = (line: string, ts: bigint, seq = 0): LogEntry => ({ tenant: 't1', labels: { job: 'a' }, tsNs: ts, line, seq });

test("a chunk's text read back is the text the chunker made, ties and continuation lines in their order", () => {
  const s = Store.open(join(dir(), 'x.db'));
  // Two lines at one instant (insertion order decides), a stack trace continuing a line, and a
  // line stored later with an earlier stamp (time order decides).
  s.insertEntries([e('b first at 5', 5n), e('a second at 5', 5n, 1), e('java.lang.Error: boom', 7n), e('\tat x.y(Z.java:1)', 7n, 1), e('late', 9n)]);
  s.insertEntries([e('earlier, stored last', 3n)]);
  const streamId = s.streamId('t1', { job: 'a' });
  const planned = planChunks(s.unchunkedEntries(streamId, 100), { maxTokens: 12, maxGapNs: 100n }, true).chunks;
  assert.ok(planned.length >= 2, 'the budget cuts more than one chunk');
  const ids = s.insertChunks(
    planned.map((c) => ({ streamId, startNs: c.startNs, endNs: c.endNs, text: c.text, entryIds: c.entries.map((x) => x.id), tokenCount: c.tokenCount, templateIds: c.templateIds })),
  );
  assert.deepEqual(
    s.chunks(ids).map((c) => c.text),
    planned.map((c) => c.text),
  );
  assert.match(planned.map((c) => c.text).join('\n'), /^earlier, stored last\nb first at 5\na second at 5\n/);
  // The copy is gone from the table.
  const cols = s.db.prepare("SELECT name FROM pragma_table_info('chunks')").pluck().all();
  assert.ok(!cols.includes('text'), `chunks has no text column: ${cols.join(', ')}`);
  s.close();
});

test('migration 11 drops the stored copy of a store made before it; every chunk reads back the same text', () => {
  const file = join(dir(), 'old.db');
  const db = new Database(file);
  migrate(
    db,
    coreMigrations.filter((m) => m.version < 11),
  );
  const stream = db.prepare("INSERT INTO streams (tenant, labels_key, labels_json) VALUES ('t1', 'job=a', '{\"job\":\"a\"}') RETURNING id").pluck().get() as number;
  const ins = db.prepare('INSERT INTO entries (stream_id, ts_ns, line, line_hash, seq) VALUES (?, ?, ?, ?, 0) RETURNING id').pluck();
  const lines = ['GET /a 200', 'GET /b 500', 'POST /c 201'];
  const ids = lines.map((l, i) => ins.get(stream, 10 + i, l, Buffer.from([i])) as number);
  const chunk = db
    .prepare("INSERT INTO chunks (stream_id, start_ns, end_ns, text, entry_count, token_count, template_ids) VALUES (?, 10, 12, ?, 3, 9, '[]') RETURNING id")
    .pluck()
    .get(stream, lines.join('\n')) as number;
  db.prepare('UPDATE entries SET chunk_id = ? WHERE id IN (SELECT value FROM json_each(?))').run(chunk, JSON.stringify(ids));
  db.close();

  const s = Store.open(file);
  assert.deepEqual(s.db.prepare('SELECT version FROM schema_migrations WHERE version = 11').pluck().all(), [11]);
  assert.equal(s.chunk(chunk)?.text, lines.join('\n'));
  assert.equal(s.integrityCheck(), 'ok');
  s.close();
});
