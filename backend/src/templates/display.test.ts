import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generalize, renderSub } from './display.js';
import { newGroup, type Sub } from './group.js';

test('generalize keeps a shared prefix before digits and a shared suffix, never half a word', () => {
  assert.equal(generalize('blk_<*>', 'blk_<*>'), 'blk_<*>');
  assert.equal(generalize('Thunderbird_A5', 'Thunderbird_B1'), 'Thunderbird_<*>');
  assert.equal(generalize('bglio78', 'bglio617'), 'bglio<*>');
  assert.equal(generalize('Started', 'Stopped'), '<*>');
});

test('renderSub: variable positions show their display, host names show as <*>', () => {
  const g = newGroup('', 3, 0, [false, true, false], ['', '<*>', '']);
  const s: Sub = { id: 1, values: ['open', 'x', 'db.example.com'], pres: ['', ' ', ' on '], post: '.', count: 1 };
  assert.equal(renderSub(g, s), 'open <*> on <*>.');
});
