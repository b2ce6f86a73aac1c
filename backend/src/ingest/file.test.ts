import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LogEntry } from '../types.js';
import { parseLogfmt, readLogFile } from './file.js';

async function read(content: string, format?: 'auto' | 'text' | 'json' | 'logfmt'): Promise<LogEntry[]> {
  const f = join(mkdtempSync(join(tmpdir(), 'loglens-file-')), 'x.log');
  writeFileSync(f, content);
  const out: LogEntry[] = [];
  await readLogFile(f, { tenant: 't', labels: { job: 'x' }, format, batchSize: 2, defaultYear: 2026 }, (b) => {
    out.push(...b);
  });
  return out;
}
const iso = (e: LogEntry) => new Date(Number(e.tsNs / 1_000_000n)).toISOString();

test('JSON lines take their time from ts/time/@timestamp and keep the raw line', async () => {
  const es = await read(
    '{"ts":"2026-11-24T14:05:01.5Z","msg":"a"}\n{"time":1795529102,"msg":"b"}\n{"@timestamp":"2026-11-24T14:05:03Z","message":"c"}\n',
  );
  assert.deepEqual(es.map(iso), ['2026-11-24T14:05:01.500Z', '2026-11-24T14:05:02.000Z', '2026-11-24T14:05:03.000Z']);
  assert.equal(es[0].line, '{"ts":"2026-11-24T14:05:01.5Z","msg":"a"}');
});

test('logfmt lines, quoted values included', async () => {
  assert.deepEqual(parseLogfmt('ts=2026-11-24T14:05:01Z level=error msg="pool exhausted (12 waiting)" x='), {
    ts: '2026-11-24T14:05:01Z',
    level: 'error',
    msg: 'pool exhausted (12 waiting)',
    x: '',
  });
  const es = await read('ts=2026-11-24T14:05:01Z level=info msg="ok"\ntime=2026-11-24T14:05:02Z level=warn msg=slow\n');
  assert.deepEqual(es.map(iso), ['2026-11-24T14:05:01.000Z', '2026-11-24T14:05:02.000Z']);
});

test('stack-trace lines without a time inherit the entry above; repeats get increasing seq', async () => {
  const es = await read('2026-11-24 14:05:01,000 ERROR boom\n\tat a.B.c(B.java:1)\n\tat a.B.c(B.java:1)\n2026-11-24 14:05:02,000 INFO ok\n');
  assert.deepEqual(es.map(iso), ['2026-11-24T14:05:01.000Z', '2026-11-24T14:05:01.000Z', '2026-11-24T14:05:01.000Z', '2026-11-24T14:05:02.000Z']);
  assert.deepEqual(es.map((e) => e.seq), [0, 0, 1, 0]);
});

test('CRLF endings are stripped and batches never exceed the batch size', async () => {
  const f = join(mkdtempSync(join(tmpdir(), 'loglens-file-')), 'x.log');
  writeFileSync(f, 'INFO a\r\nINFO b\r\nINFO c\r\n');
  const sizes: number[] = [];
  const lines: string[] = [];
  await readLogFile(f, { tenant: 't', labels: { job: 'x' }, batchSize: 2 }, (b) => {
    sizes.push(b.length);
    lines.push(...b.map((e) => e.line));
  });
  assert.deepEqual(sizes, [2, 1]);
  assert.deepEqual(lines, ['INFO a', 'INFO b', 'INFO c']);
});
