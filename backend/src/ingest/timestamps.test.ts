import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLeadingTimestamp, parseTimestampValue } from './timestamps.js';

const iso = (ns: bigint | undefined) => (ns === undefined ? undefined : new Date(Number(ns / 1_000_000n)).toISOString());

test('common log timestamp formats', () => {
  const cases: [string, string][] = [
    ['2026-11-24T14:05:01.123456789Z msg', '2026-11-24T14:05:01.123Z'],
    ['2026-11-24 14:05:01,978 INFO x', '2026-11-24T14:05:01.978Z'],
    ['2026-11-24T16:05:01+02:00 x', '2026-11-24T14:05:01.000Z'],
    ['[Sun Dec 04 04:47:44 2005] [notice] x', '2005-12-04T04:47:44.000Z'],
    ['10.0.0.1 - - [24/Nov/2026:14:05:01 +0000] "GET / HTTP/1.1" 200', '2026-11-24T14:05:01.000Z'],
    ['- 1117838570 2005.06.03 R02-M1-N0 x', '2005-06-03T22:42:50.000Z'],
    ['Jun 14 15:16:01 combo sshd(pam_unix)[19939]: x', '2020-06-14T15:16:01.000Z'],
    ['17/06/09 20:10:40 INFO x', '2017-06-09T20:10:40.000Z'],
    ['081109 203615 148 INFO dfs', '2008-11-09T20:36:15.000Z'],
    ['03-17 16:13:38.811  1702  2395 D WindowManager: x', '2020-03-17T16:13:38.811Z'],
    ['20171223-22:15:29:606|Step_LSC|30002312|x', '2017-12-23T22:15:29.606Z'],
    ['[10.30 16:49:06] chrome.exe - x', '2020-10-30T16:49:06.000Z'],
  ];
  for (const [line, want] of cases) assert.equal(iso(parseLeadingTimestamp(line, 2020)?.tsNs), want, line);
});

test('nanoseconds survive and lines without a time give undefined', () => {
  assert.equal(parseLeadingTimestamp('2026-11-24T14:05:01.123456789Z x', 2020)?.tsNs, 1795529101123456789n);
  assert.equal(parseLeadingTimestamp('\tat com.foo.Bar(Bar.java:1)', 2020), undefined);
  assert.equal(parseLeadingTimestamp('order 1234567 shipped', 2020), undefined);
});

test('structured values: RFC 3339, epoch seconds, ms, ns', () => {
  assert.equal(iso(parseTimestampValue('2026-11-24T14:05:01Z')), '2026-11-24T14:05:01.000Z');
  assert.equal(iso(parseTimestampValue(1795529101)), '2026-11-24T14:05:01.000Z');
  assert.equal(iso(parseTimestampValue(1795529101123)), '2026-11-24T14:05:01.123Z');
  assert.equal(parseTimestampValue('1795529101123456789'), 1795529101123456789n);
  assert.equal(parseTimestampValue('soon'), undefined);
});

test('times no int64 nanosecond count holds are no times (they failed the whole batch in SQLite)', () => {
  assert.equal(parseLeadingTimestamp('9999-12-31T23:59:59Z far future', 2020), undefined);
  assert.equal(parseLeadingTimestamp('2262-04-11T23:47:16Z just inside', 2020)?.tsNs, 9223372036000000000n);
  assert.equal(parseTimestampValue('9999999999999999999'), undefined);
  assert.equal(parseTimestampValue(1e30), undefined);
  assert.equal(parseTimestampValue('9999-12-31T23:59:59Z'), undefined);
});
