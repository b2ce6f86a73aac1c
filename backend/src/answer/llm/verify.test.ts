import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCitations, verifyCitations } from './verify.js';

test('parses [n], [n, m], [n;m], ranges; ignores log-ish brackets', () => {
  const spans = parseCitations('A [1]. B [2, 3]. C [4;5] D [6-8] E [2–3] [ERROR] [pid 12] [1-500]');
  assert.deepEqual(spans.map((s) => s.numbers), [[1], [2, 3], [4, 5], [6, 7, 8], [2, 3]]);
  assert.equal(spans[0].start, 2);
  assert.equal(spans[0].end, 5);
});

test('valid citations kept in order, invalid ones flagged per sentence', () => {
  const text = 'Payments timed out [2]. The pool was exhausted [1, 9]. The deploy caused it [7]. The evidence does not show the root cause.';
  const v = verifyCitations(text, [1, 2, 3]);
  assert.deepEqual(v.citations, [2, 1]);
  assert.deepEqual(v.invalidCitations, [9, 7]);
  assert.equal(v.replace, false);
  assert.deepEqual(
    v.flaggedSentences.map((f) => [f.reason, f.invalid, f.text]),
    [
      ['invalid_citation', [9], 'The pool was exhausted [1, 9].'],
      ['invalid_citation', [7], 'The deploy caused it [7].'],
    ],
  );
  // offsets point into the answer
  const f = v.flaggedSentences[0];
  assert.equal(text.slice(f.start, f.end).trim(), f.text);
});

test('uncited factual sentences are flagged; a citation after the full stop still counts', () => {
  const v = verifyCitations('Summary:\nThe gateway timed out. [1]\nRestarting the pods fixed it.\n- ok', [1]);
  assert.deepEqual(v.citations, [1]);
  assert.deepEqual(v.flaggedSentences.map((f) => [f.reason, f.text]), [['uncited', 'Restarting the pods fixed it.']]);
});

test('no valid citation left -> replace with reason', () => {
  for (const text of ['The database failed [8].', 'The database failed.', 'The evidence is insufficient to answer.', '']) {
    const v = verifyCitations(text, [1, 2]);
    assert.equal(v.replace, true, text);
    assert.equal(v.reason, 'no_valid_citation');
    assert.deepEqual(v.citations, []);
  }
});

test('bracketed numbers in quoted log text or glued to a word are not citations', () => {
  const text = 'The daemon `sshd[4242]: Failed password` crashed [2]. Worker pool[3] is log text. ```\nkernel: cpu[1] stall [5]\n``` See [1].';
  assert.deepEqual(parseCitations(text).map((s) => s.numbers), [[2], [1]]);
  const v = verifyCitations(text, [1, 2]);
  assert.deepEqual(v.invalidCitations, []);
});

test('periods inside quoted log text do not split a sentence away from its citation', () => {
  const text = 'The logs show `14:04:41 LOG: waiting for ShareLock after 1000.788 m...` [1]. Then `request timed out after 5000ms.` [2].';
  const v = verifyCitations(text, [1, 2]);
  assert.deepEqual(v.flaggedSentences, []);
  assert.deepEqual(v.citations, [1, 2]);
});

const BLOCKS: Record<number, string> = {
  1: '2026-11-24T14:04:41.000Z\npayment-db\n[4281] LOG:  process 4281 still waiting for ShareLock on transaction 918273 after 1000.788 ms',
  2: '2026-11-24T14:05:03.000Z\ncheckout\npayment authorization failed: upstream payment-svc responded 503 after 5001ms',
};
const support = (question = 'why did checkout start failing at 14:05?') => ({ blockText: (n: number) => BLOCKS[n], common: question });

test('numbers: a copy of the evidence with its values changed is replaced (unsupported_claims)', () => {
  // What SmolLM2-135M wrote for the demo question on the real server: evidence echoed, values made up.
  const v = verifyCitations('[1] process 4281 still waiting for ShareLock after 3 ms.\n[2] checkout responded 502 after 7 ms.', [1, 2], support());
  assert.equal(v.replace, true);
  assert.equal(v.reason, 'unsupported_claims');
  assert.deepEqual(
    v.flaggedSentences.map((f) => [f.reason, f.numbers]),
    [
      ['unsupported_number', ['3']],
      ['unsupported_number', ['502', '7']],
    ],
  );
});

test('numbers: values copied from the cited lines, times and the question are supported', () => {
  const v = verifyCitations(
    'At 14:04:41 payment-db waited 1000.788 ms for a ShareLock on transaction 918273 [1]. From 14:05:03 checkout saw 503s after 5001ms [2].',
    [1, 2],
    support(),
  );
  assert.equal(v.replace, false);
  assert.deepEqual(v.flaggedSentences, []);
});

test('numbers: one computed number flags its sentence but keeps a grounded answer', () => {
  const v = verifyCitations('Payment-db waited 1000.788 ms on a lock [1]. About 20 seconds later checkout failed with 503 [2].', [1, 2], support());
  assert.equal(v.replace, false);
  assert.deepEqual(
    v.flaggedSentences.map((f) => [f.reason, f.numbers]),
    [['unsupported_number', ['20']]],
  );
});

test('numbers: a number must be in a block the sentence cites, not just any block', () => {
  const v = verifyCitations('Checkout answered 503 after 1000.788 ms [2].', [1, 2], support());
  assert.deepEqual(v.flaggedSentences.map((f) => f.numbers), [['1000', '788']]);
  assert.equal(v.replace, true, 'its only checkable sentence is flagged');
});

test('numbers: without support the check is off (old callers unchanged)', () => {
  const v = verifyCitations('[1] process 4281 still waiting after 3 ms.', [1]);
  assert.equal(v.replace, false);
  assert.deepEqual(v.flaggedSentences, []);
});
