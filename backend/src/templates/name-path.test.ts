// NAME_PATH_GLYPH (mask.ts): a name written with ` » ` between its levels (Jenkins' full display
// name) is one value, however many levels. Fails on the round-8 code, which split the statement
// by depth and by each level's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './mask.js';
import { TemplateMiner } from './miner.js';

test('NAME_PATH_GLYPH: a » path is one variable token', () => {
  const { tokens } = tokenize('WorkflowRun#finish: shop » api » PR-412 #1668 completed: SUCCESS');
  assert.equal(tokens.find((t) => t.text === 'shop' || t.text === 'api' || t.text === '»'), undefined);
  assert.ok(tokens.some((t) => t.text === 'completed'));
});

test('NAME_PATH_GLYPH: one statement whatever the job path', () => {
  const m = new TemplateMiner();
  const ids = ['shop » api » main', 'shop » web » main', 'infra » terraform » main', 'shop » payments » release/2.4', 'shop » api » PR-412'].map(
    (job, i) => m.add(`2024-06-12 10:00:0${i}.044+0000 [id=35${i}]\tINFO\to.j.p.w.job.WorkflowRun#finish: ${job} #2${i} completed: SUCCESS`).templateId
  );
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
});
