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
