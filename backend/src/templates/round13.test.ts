// Round 13's rules (README.md of eval/generality): a tab-separated record of values is read by
// field, its layout and transport protocol the statement (TSV_RECORD), and a `;`-joined record
// after an upper-case label is read by field, its label, field count and a command identifier the
// statement (SEMICOLON_RECORD). Each test fails with its rule switched off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';
import { parseStructured, messageTemplateOf } from './structured.js';
import { extractValues } from '../values/extract.js';

function templates(lines: readonly string[]): { count: number; miner: TemplateMiner; ids: number[] } {
  const miner = new TemplateMiner();
  const ids = lines.map((l) => miner.add(l).templateId);
  return { count: new Set(ids.map((id) => miner.resolve(id))).size, miner, ids: ids.map((id) => miner.resolve(id)) };
}

const conn = (proto: string, svc: string, state: string, flags: string, hist: string, n: number) =>
  `17181864${n}0.041000\tCQmXR73Rlu1jQipEk${n}\t10.2.111.21${n}\t5343${n}\t10.1.156.5${n}\t5432\t${proto}\t${svc}\t17.91275${n}\t1727${n}\t15251${n}\t${state}\t${flags}\t0\t${hist}\t4${n}\t1969${n}\t11${n}\t4856${n}\t(empty)`;

test('TSV_RECORD: a Zeek row is one statement per transport protocol, every other field a value', () => {
  const lines = [
    conn('tcp', '-', 'RSTO', 'F\tT', 'Dd', 1),
    conn('tcp', 'ssl', 'SF', 'T\tT', 'ShADadFf', 2),
    conn('tcp', 'http', 'S0', 'F\tF', 'S', 3),
    conn('udp', 'dns', 'SF', 'T\tT', 'Dd', 4),
    conn('udp', 'ntp', 'S0', 'F\tT', 'D', 5),
    conn('tcp', 'ssh', 'REJ', 'T\tF', 'Sr', 6),
  ];
  const { count, miner, ids } = templates(lines);
  assert.equal(count, 2);
  assert.ok(miner.template(ids[0])!.includes('\ttcp\t'));
  assert.equal(ids[0], ids[5]);
  // the fields are values of the row, the protocol named
  const vals = extractValues(lines[3], miner.template(ids[3])!);
  assert.ok(vals.some((v) => v.key === 'proto' && v.text === 'udp'));
  assert.ok(vals.some((v) => v.text === 'dns'));
  // a header line and a short tabbed line are not records
  assert.equal(parseStructured('#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice'), undefined);
  assert.equal(parseStructured('2024-06-12T10:00:00.793Z\tinfo\texporterhelper/retry_sender.go:118\tExporting failed.'), undefined);
});

const alert = (host: string, service: string, state: string, output: string, n: number) => `[171818640${n}] SERVICE ALERT: ${host};${service};${state};SOFT;${n};${output}`;

test('SEMICOLON_RECORD: a Nagios alert is one statement whatever its host, service and plugin output', () => {
  const lines = [
    alert('mail01', 'Load', 'CRITICAL', 'DISK CRITICAL - free space: / 430 MiB (1% inode=77%);', 1),
    alert('db01', 'HTTP', 'OK', 'HTTP OK: HTTP/1.1 200 OK - 26219 bytes in 1.884 second response time', 2),
    alert('web01', 'SSL cert', 'WARNING', 'WARNING - load average: 13.84, 16.37, 11.45', 3),
    `[1718186473] EXTERNAL COMMAND: SCHEDULE_FORCED_SVC_CHECK;lb01;Disk /;1718186473`,
    `[1718186474] EXTERNAL COMMAND: SCHEDULE_FORCED_HOST_CHECK;lb02;1718186474;1`,
  ];
  const { count, miner, ids } = templates(lines);
  assert.equal(count, 3, 'alerts one statement; each external command its own');
  const t = miner.template(ids[0])!;
  assert.equal(t, '[<*>] SERVICE ALERT: <*>;<*>;<*>;<*>;<*>;<*>');
  assert.equal(messageTemplateOf(t, 'msg', 'csv'), '[<*>] SERVICE ALERT:');
  assert.ok(miner.template(ids[3])!.includes('SCHEDULE_FORCED_SVC_CHECK;'));
  const vals = extractValues(lines[2], t);
  assert.ok(vals.some((v) => v.text === 'SSL cert'));
  // prose joined by `; ` stays text
  assert.equal(parseStructured('2024-06-12 10:00:14 UTC [56] LOG: checkpoint complete: wrote 412 buffers; 0 added; 4 recycled; write=51 s'), undefined);
});
