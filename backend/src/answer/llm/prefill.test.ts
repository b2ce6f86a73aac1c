import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GENERATION_TIMEOUT_SHARE, GenerationRates, PREFILL_TIMEOUT_SHARE, PrefillRates } from './prefill.js';

test('unmeasured: no limit beyond the context window', () => {
  const p = new PrefillRates();
  assert.equal(p.affordableTokens('m', 30_000), Infinity);
  assert.equal(p.estimate('m').tokensPerS, undefined);
});

test('measured: tokens/s x the prefill share of the first-token timeout', () => {
  const p = new PrefillRates();
  p.observe('m', 2000, 10_000); // 200 tokens/s
  assert.equal(p.estimate('m').tokensPerS, 200);
  assert.equal(p.affordableTokens('m', 30_000), Math.floor(200 * 30 * PREFILL_TIMEOUT_SHARE));
  assert.equal(p.affordableTokens('other', 30_000), Infinity, 'rates are per model');
});

test('later measurements move the rate towards the newest, without jumping to it', () => {
  const p = new PrefillRates();
  p.observe('m', 2000, 10_000); // 200/s
  p.observe('m', 1000, 10_000); // 100/s: the machine got busy
  const r = p.estimate('m').tokensPerS!;
  assert.ok(r < 200 && r > 100, String(r));
});

test('short prompts and missing durations are not measurements', () => {
  const p = new PrefillRates();
  p.observe('m', 10, 1); // a cached prefix: 10 tokens in 1 ms would read as 10k/s
  p.observe('m', 5000, undefined);
  p.observe('m', 5000, 0);
  assert.equal(p.estimate('m').tokensPerS, undefined);
});

test('a first-token timeout caps the rate below what that prompt needed', () => {
  const p = new PrefillRates();
  p.timedOut('m', 3000, 30_000); // 3000 tokens not read in 30 s: under 100/s; plan for half
  assert.equal(p.estimate('m').tokensPerS, 50);
  p.observe('m', 3000, 10_000); // then it answers at 300/s
  assert.ok(p.estimate('m').tokensPerS! > 50);
  const q = new PrefillRates();
  q.observe('m', 3000, 10_000);
  q.timedOut('m', 30_000, 30_000); // a bound above the measured rate changes nothing
  assert.equal(q.estimate('m').tokensPerS, 300);
});

test('never plans for less than a useful prompt', () => {
  const p = new PrefillRates();
  p.observe('m', 100, 100_000); // 1 token/s
  assert.equal(p.affordableTokens('m', 1000), 1024);
});

test('generation: num_predict is what the measured rate writes in the time left, within [64, max]', () => {
  const g = new GenerationRates();
  assert.equal(g.answerTokens('m', 100, 512), 512, 'unmeasured: the configured maximum');
  g.observe('m', 8, 1000); // too short to be a sample (mostly first-token latency)
  assert.equal(g.answerTokens('m', 100, 512), 512);
  g.observe('m', 100, 25_000); // 4 tokens/s, as measured on a loaded 2-core machine
  assert.equal(g.answerTokens('m', 100, 512), Math.floor(4 * 100 * GENERATION_TIMEOUT_SHARE));
  assert.equal(g.answerTokens('m', 1, 512), 64, 'never below a useful answer');
  assert.equal(g.answerTokens('m', -5, 512), 64);
  assert.equal(g.answerTokens('m', 10_000, 512), 512, 'never above the configured maximum');
});
