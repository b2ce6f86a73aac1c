// VALUE_INSIDE_PHRASE (span-candidates.ts): a phrase before a line's first `: ` may hold one
// value between its words ("failed after 3 attempts: <error>"), and the error after it is then a
// tail, one value. Fails on the round-8 code, which took `attempts:` after a number for a
// header's tag and kept each error text its own template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';

const ERRORS = ['Read timed out', 'Connection refused', 'HTTP 502 from upstream gateway', 'Remote host terminated the handshake'];

test('VALUE_INSIDE_PHRASE: the error after "failed after <n> attempts:" is one value', () => {
  const m = new TemplateMiner();
  const ids: number[] = [];
  for (let k = 0; k < 3; k++)
    ERRORS.forEach((e, i) =>
      ids.push(m.add(`12-Jun-2024 10:0${k}:0${i}.932 SEVERE [http-nio-8080-exec-${i + k}] com.example.PaymentClient.charge Payment for order 16627${i}${k} failed after 3 attempts: ${e}`).templateId)
    );
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
});

test('VALUE_INSIDE_PHRASE: one value only; two values before the colon are no phrase', () => {
  const m = new TemplateMiner();
  const ids = ERRORS.map((e, i) => m.add(`job 4${i} step 7${i}: ${e}`).templateId);
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, ERRORS.length);
});
