import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './mask.js';
import { Buckets } from './buckets.js';
import { bucketKey, type Sub } from './group.js';

function sub(id: number, line: string): Sub {
  const { tokens, post } = tokenize(line);
  return { id, values: tokens.map((t) => t.text), pres: tokens.map((t) => t.pre), post, count: 1 };
}

test('buckets: the most similar group wins, ties go to the oldest sub-template', () => {
  const b = new Buckets();
  const g1 = b.addGroup('', 4);
  const s1 = sub(1, 'cache hit for sessions');
  g1.subs.set('a', s1);
  b.addSub(s1, g1);
  const g2 = b.addGroup('', 4);
  const s2 = sub(2, 'cache miss for sessions');
  g2.subs.set('b', s2);
  b.addSub(s2, g2);
  const line = tokenize('cache hit for products').tokens;
  assert.equal(b.bestGroup(bucketKey('', 4), line, 0.7), g1);
  const tie = tokenize('cache gone for sessions').tokens;
  assert.equal(b.bestGroup(bucketKey('', 4), tie, 0.7), g1, 'equally similar: the oldest');
  assert.equal(b.bestGroup(bucketKey('', 4), tokenize('disk full on node').tokens, 0.7), undefined);
  assert.equal(b.entry(2)?.group, g2);
  assert.deepEqual(
    [...b.sharing(['cache', 'miss']).entries()],
    [
      [1, 1],
      [2, 2],
    ]
  );
});

test('buckets: a group with variables matches beyond its postings; keys are ordered plain first', () => {
  const b = new Buckets();
  const g = b.addGroup('ns', 2);
  const s = sub(1, 'worker alpha');
  g.subs.set('k', s);
  b.addSub(s, g);
  b.noteVariable(g);
  g.isVar[1] = true;
  g.flipped++;
  assert.equal(b.bestGroup(bucketKey('ns', 2), tokenize('worker beta').tokens, 0.5), g);
  b.addGroup('', 3);
  assert.deepEqual(b.keys(), [3, bucketKey('ns', 2)]);
});

test('sharingAtLeast: the ids sharing() counts at or above the bound, with the same counts', () => {
  const b = new Buckets();
  const words = ['api', 'gateway', 'session', 'opened', 'closed', 'user', 'timeout', 'retry'];
  // deterministic mix: sub-template i holds word w when (i * 7 + w * 3) % 5 < 3
  for (let i = 1; i <= 60; i++) {
    const line = words.filter((_, w) => (i * 7 + w * 3) % 5 < 3).join(' ') || 'idle';
    const g = b.addGroup('', line.split(' ').length);
    const s = sub(i, line);
    g.subs.set(String(i), s);
    b.addSub(s, g);
  }
  for (const constants of [words, words.slice(0, 3), ['api', 'nothing', 'retry', 'user'], []]) {
    const all = b.sharing(constants);
    for (const need of [0, 1, 1.4, 2, 2.1, 3, 5.6, 8, 9]) {
      const want = [...all].filter(([, n]) => n >= need).sort((x, y) => x[0] - y[0]);
      const got = [...b.sharingAtLeast(constants, need)].sort((x, y) => x[0] - y[0]);
      assert.deepEqual(got, want, `${constants.join(',')} >= ${need}`);
    }
  }
});
