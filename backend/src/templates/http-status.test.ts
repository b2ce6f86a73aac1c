// HTTP_STATUS_REASON (http-status.ts): a status code with its reason phrase is one value, so
// `Completed 200 OK in ...` and `Completed 422 Unprocessable Entity in ...` are one statement.
// Fails on the round-8 code, which kept each phrase's words and split the statement by status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskStatusReasons } from './http-status.js';
import { TemplateMiner } from './miner.js';

test('HTTP_STATUS_REASON: code and phrase masked together; a bare code or other words are not', () => {
  assert.equal(maskStatusReasons('Completed 422 Unprocessable Entity in 305ms', '#'), 'Completed # in 305ms');
  assert.equal(maskStatusReasons('upstream said 502 Bad Gateway, retrying', '#'), 'upstream said #, retrying');
  assert.equal(maskStatusReasons('Read 200 OKAY rows from 404 Notes', '#'), 'Read 200 OKAY rows from 404 Notes');
  assert.equal(maskStatusReasons('port 8080.200 OK', '#'), 'port 8080.200 OK');
});

test('HTTP_STATUS_REASON: one statement whatever the status', () => {
  const m = new TemplateMiner();
  const ids = ['200 OK', '302 Found', '404 Not Found', '500 Internal Server Error', '422 Unprocessable Entity'].map(
    (st, i) => m.add(`I, [2024-06-12T10:00:0${i}.056233 #7]  INFO -- : [b2f9558${i}-3578-470d-9581-c8f6544d9392] Completed ${st} in ${i}86ms`).templateId
  );
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
});
