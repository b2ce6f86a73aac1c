import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredEntry } from '../types.js';
import { groupLogicalEntries, planChunks } from './chunker.js';
import { isContinuation } from './entries.js';

let nextId = 1;
function entries(text: string, tsNs = 1_000_000_000n): StoredEntry[] {
  return text.split('\n').map((line) => ({ id: nextId++, streamId: 1, tsNs, line, templateId: null }));
}

const JAVA = `2026-11-24 14:04:51,301 ERROR [http-nio-8080-exec-4] c.s.payment.AuthorizeController - authorization failed
java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 5000ms.
	at com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)
	at com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:197)
Caused by: java.net.SocketTimeoutException: Read timed out
	at java.base/sun.nio.ch.NioSocketImpl.timedFinishRead(NioSocketImpl.java:288)
	... 42 common frames omitted`;

const PYTHON = `2026-11-24 13:31:07,001 ERROR inventory.supplier: supplier feed refresh failed
Traceback (most recent call last):
  File "/app/inventory/supplier.py", line 88, in refresh
    resp = client.get(url, timeout=10)
  File "/app/inventory/http.py", line 41, in get
    raise TimeoutError(f"GET {url} timed out")
TimeoutError: GET https://feeds.supplier.invalid/stock timed out`;

const GO = `panic: runtime error: invalid memory address or nil pointer dereference
[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a0b2f]

goroutine 1 [running]:
main.(*Server).handle(0x0, 0xc000012345)
	/app/server.go:42 +0x1f
main.main()
	/app/main.go:12 +0x1d
exit status 2`;

const NODE = `Error: connect ECONNREFUSED 10.0.0.7:5432
    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)
    at Protocol._enqueue (/app/node_modules/pg/lib/client.js:12:3)`;

test('Java stack trace with a cause chain stays one logical entry', () => {
  const groups = groupLogicalEntries(entries(JAVA));
  assert.equal(groups.length, 1);
  assert.equal(groups[0].entries.length, 7);
});

test('Python traceback stays with the log line that announced it', () => {
  const groups = groupLogicalEntries(entries(PYTHON));
  assert.equal(groups.length, 1);
  assert.equal(groups[0].entries.length, 7);
});

test('Go panic: the goroutine dump and frames continue the panic line', () => {
  const groups = groupLogicalEntries(entries(GO));
  assert.equal(groups.length, 1, groups.map((g) => g.entries[0].line).join(' | '));
});

test('Node error and its frames are one entry', () => {
  const groups = groupLogicalEntries(entries(NODE));
  assert.equal(groups.length, 1);
  assert.equal(groups[0].entries.length, 3);
});

test('lines that start with a timestamp or a level open new entries', () => {
  for (const line of ['2026-11-24T14:05:01Z ok', 'INFO started', '[ERROR] boom', 'Jun 14 15:16:01 host sshd[1]: x', 'WARN: disk']) {
    assert.equal(isContinuation(line), false, line);
  }
  for (const line of ['\tat a.b.C.d(C.java:1)', '    at x (y.js:1:2)', 'Caused by: x', '... 12 more', 'ValueError: bad']) {
    assert.equal(isContinuation(line), true, line);
  }
});

test('chunks respect the token budget and never cut a logical entry', () => {
  const text = [JAVA, '2026-11-24 14:04:52,000 INFO ok one', PYTHON, '2026-11-24 14:04:53,000 INFO ok two', NODE].join('\n');
  const es = entries(text);
  const { chunks, pending } = planChunks(es, { maxTokens: 60, maxGapNs: 10n ** 12n }, true);
  assert.equal(pending.length, 0);
  assert.equal(chunks.flatMap((c) => c.entries).length, es.length, 'every entry lands in exactly one chunk');
  const logical = groupLogicalEntries(es);
  for (const le of logical) {
    const holders = chunks.filter((c) => c.entries.some((x) => le.entries.includes(x)));
    assert.equal(holders.length, 1, `entry "${le.entries[0].line.slice(0, 40)}" split across chunks`);
  }
  for (const c of chunks) {
    if (c.entries.length > 1 && groupLogicalEntries(c.entries).length > 1) assert.ok(c.tokenCount <= 60, `chunk of ${c.tokenCount} tokens`);
  }
});

test('a time gap starts a new chunk; non-final planning holds back the tail', () => {
  const a = entries('INFO a\nINFO b', 1_000_000_000n);
  const b = entries('INFO c', 100_000_000_000n);
  const { chunks, pending } = planChunks([...a, ...b], { maxTokens: 1000, maxGapNs: 30_000_000_000n }, false);
  assert.equal(chunks.length, 1);
  assert.deepEqual(chunks[0].entries.map((x) => x.line), ['INFO a', 'INFO b']);
  assert.deepEqual(pending.map((x) => x.line), ['INFO c']);
});
