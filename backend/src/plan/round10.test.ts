// Round 10 of the question rounds (dev-extra10: generate.ts's own families and templates over unasked
// candidates): the words those templates use that the planner did not read. Each assertion fails with
// its change reverted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { askFixture } from './ask-fixture.js';
import { intentOf } from './question.js';
import { expandShorthand } from './shorthand.js';

test('"top X" after a system named first ("thunderbird: top ...", "[hdfs] top ...") ranks', () => {
  assert.equal(intentOf('thunderbird: top ntp sync server').intent, 'topk');
  assert.equal(intentOf('[hdfs] top serving datanode?').intent, 'topk');
  assert.equal(intentOf('HDFS: top receiving datanode?').intent, 'topk');
  // a word before "top" without a colon or brackets is no system prefix
  assert.notEqual(intentOf('what is top').intent, 'topk');
});

test('"tiniest" is a minimum of a size', () => {
  assert.deepEqual(intentOf('tiniest block that was added on 10.251.26.177:50010?'), { intent: 'min', quantity: 'size' });
});

test('"node manager" reads as the NM the Hadoop lines write', () => {
  assert.equal(expandShorthand('What node manager was attempt_1445144423722_0020_m_000002_0 on?'), 'What NM was attempt_1445144423722_0020_m_000002_0 on?');
  assert.equal(expandShorthand('which Node Manager ran it'), 'which NM ran it');
});

test('"most X came from which Y" ranks Y, a system named at the end does not hide a closing "most", "quickest" is a minimum of a duration', () => {
  assert.equal(intentOf('most break-in warnings came from which ip on openssh').intent, 'topk');
  assert.equal(intentOf('program that used the proxy most on Proxifier').intent, 'topk');
  assert.equal(intentOf('the program that used the proxy most (proxifier)').intent, 'topk');
  assert.deepEqual(intentOf('quickest spawn time (OpenStack)?'), { intent: 'min', quantity: 'duration' });
  // "most recent" stays a last occurrence
  assert.equal(intentOf('most recent error came from which host').intent, 'last');
});

test('"how many bytes did a connection send" averages the `sent` bytes, not the `received` ones (an irregular past form)', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 20; i++) lines.push(`[10.30 16:49:${String(10 + i).padStart(2, '0')}] chrome.exe - proxy.example.com:5070 close, ${100 + i * 10} bytes sent, ${5000 + i * 1000} bytes received, lifetime 00:01`);
  const { ask } = askFixture(lines, 'Proxifier');
  const r = await ask('on average how many bytes did a connection send (proxifier)');
  assert.equal(r.result?.intent, 'avg', r.plan.reason);
  assert.equal(r.result?.value, 195, r.plan.reason);
});
