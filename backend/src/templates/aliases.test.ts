import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Aliases } from './aliases.js';

test('aliases: the older root survives, every id resolves, unions are reported once', () => {
  const a = new Aliases();
  assert.deepEqual(a.union(5, 3), [5, 3]);
  assert.deepEqual(a.union(9, 5), [9, 3]);
  assert.equal(a.union(3, 9), undefined, 'already one set');
  assert.equal(a.resolve(9), 3);
  assert.equal(a.resolve(7), 7, 'never merged');
  assert.deepEqual(a.drain(), [
    [5, 3],
    [9, 3],
  ]);
  assert.deepEqual(a.drain(), []);
  assert.deepEqual(
    [...a.map()],
    [
      [5, 3],
      [9, 3],
    ]
  );
});

test('aliases: entries round-trip (the serialised parent pointers)', () => {
  const a = new Aliases();
  a.union(2, 1);
  a.union(4, 2);
  const b = Aliases.fromEntries(a.entries());
  assert.deepEqual(b.entries(), a.entries());
  assert.equal(b.resolve(4), 1);
});
