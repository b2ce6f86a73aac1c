import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './mask.js';
import { alignable } from './align.js';

const t = (s: string) => tokenize(s).tokens;

test('alignable: an optional value or a value glued to constants explains a gap', () => {
  assert.equal(alignable(t('sent 12 bytes (1 KB) ok'), t('sent 12 bytes ok'), 0.7), true);
  assert.equal(
    alignable(t('synchronized to 10.0.0.1, stratum 3'), t('synchronized to LOCAL(0), stratum 10'), 0.7),
    true
  );
});

test('alignable: extra words not glued to a value mark another message', () => {
  assert.equal(
    alignable(t('Failed password for bob from 1.2.3.4'), t('Failed password for invalid user bob from 1.2.3.4'), 0.7),
    false
  );
  assert.equal(alignable(t('1 2 3'), t('a b c'), 0.7), false, 'no constants on one side');
});
