import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BertTokenizer, longestFirst } from './tokenizer.js';
import { provisionedMiniLmDir } from './test-model-dir.js';

const tok = BertTokenizer.fromFile(join(provisionedMiniLmDir(), 'tokenizer.json'));

// Expected ids produced by the reference Rust `tokenizers` 0.23 (Python binding) from the same
// tokenizer.json, truncation 256, no padding.
const REFERENCE: Array<[string, number[]]> = [
  ['Failed password for root from 192.168.0.1 port 22 ssh2',
    [101, 3478, 20786, 2005, 7117, 2013, 17613, 1012, 16923, 1012, 1014, 1012, 1015, 3417, 2570, 7020, 2232, 2475, 102]],
  ['java.lang.NullPointerException at com.example.Foo.bar(Foo.java:42)',
    [101, 9262, 1012, 11374, 1012, 19701, 8400, 7869, 2595, 24422, 2012, 4012, 1012, 2742, 1012, 29379, 1012, 3347, 1006, 29379, 1012, 9262, 1024, 4413, 1007, 102]],
  // lowercasing + accent stripping, CJK split per character, tab as space, control char dropped
  ['Café naïve résumé — 日本語 TEST\tTab\u0007bell',
    [101, 7668, 15743, 13746, 1517, 1864, 1876, 1950, 3231, 21628, 17327, 102]],
  ['blk_-1608999687919862906 terminating',
    [101, 1038, 13687, 1035, 1011, 8148, 2620, 2683, 2683, 2683, 2575, 2620, 2581, 2683, 16147, 20842, 24594, 2692, 2575, 23552, 102]],
  ['connection pool exhausted', [101, 4434, 4770, 9069, 102]],
  // "##" continuation pieces and an out-of-vocabulary-ish word
  ['unbelievableness antidisestablishmentarianism xqzvw',
    [101, 23653, 2791, 3424, 10521, 4355, 7875, 13602, 3672, 12199, 2964, 1060, 4160, 2480, 2615, 2860, 102]],
];

test('WordPiece ids match the reference Rust tokenizer', () => {
  for (const [text, ids] of REFERENCE) assert.deepEqual(tok.encode(text, 256), ids, text);
});

test('truncation keeps [CLS] ... [SEP] within the budget', () => {
  const ids = tok.encode('Failed password for root from 192.168.0.1 port 22 ssh2', 16);
  assert.deepEqual(ids, [101, 3478, 20786, 2005, 7117, 2013, 17613, 1012, 16923, 1012, 1014, 1012, 1015, 3417, 2570, 102]);
  const long = tok.encode('word '.repeat(1000), 256);
  assert.equal(long.length, 256);
  assert.equal(long[0], tok.clsId);
  assert.equal(long[255], tok.sepId);
});

test('pair encoding truncates longest-first with segment ids like the reference', () => {
  const { ids, typeIds } = tok.encodePair(
    'why did ssh logins fail',
    'Failed password for invalid user admin from 10.0.0.1 port 22 ssh2 repeated many times',
    16,
  );
  assert.deepEqual(ids, [101, 2339, 2106, 7020, 2232, 8833, 7076, 102, 3478, 20786, 2005, 19528, 5310, 4748, 10020, 102]);
  assert.deepEqual(typeIds, [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
});

test('pack right-pads to the longest row with a matching attention mask', () => {
  const p = tok.pack([[101, 7, 102], [101, 102]], [[0, 0, 0], [0, 0]]);
  assert.equal(p.seqLen, 3);
  assert.deepEqual(Array.from(p.inputIds), [101n, 7n, 102n, 101n, 102n, 0n]);
  assert.deepEqual(Array.from(p.attentionMask), [1n, 1n, 1n, 1n, 1n, 0n]);
});

test('longest-first split matches tokenizers 0.23 on the edge cases', () => {
  // [la, lb, budget] -> kept, as printed by the Rust crate for "cat"xla / "dog"xlb pairs
  const cases: Array<[number, number, number, number, number]> = [
    [7, 7, 13, 6, 7], [7, 8, 13, 6, 7], [8, 7, 13, 7, 6], [3, 20, 13, 3, 10], [20, 3, 13, 10, 3],
    [10, 10, 12, 6, 6], [10, 10, 13, 6, 7], [9, 12, 13, 6, 7], [12, 9, 13, 7, 6], [6, 6, 5, 2, 3], [4, 5, 13, 4, 5],
  ];
  for (const [la, lb, budget, ka, kb] of cases) assert.deepEqual(longestFirst(la, lb, budget), [ka, kb], `${la},${lb},${budget}`);
});

test('encodeWithInfo reports truncation exactly at the budget', () => {
  const body = tok.wordpieceIds('connection pool exhausted'); // 3 pieces
  assert.equal(body.length, 3);
  assert.equal(tok.encodeWithInfo('connection pool exhausted', 5).truncated, false);
  assert.equal(tok.encodeWithInfo('connection pool exhausted', 4).truncated, true);
  assert.deepEqual(tok.encodeWithInfo('connection pool exhausted', 4).ids, [101, 4434, 4770, 102]);
});
