// RELINK_AFTER_FLIP (miner.ts): a template linked across lengths only when it was new stayed apart
// when the word that kept it apart became a variable later. SQL Server's ERRORLOG writes a source
// column (`Logon`, `Backup`, `spid52`): a masked `spid52` folds into the time before it, so
// `<time spid> Error: ...` is one token shorter than `<time> Logon Error: ...`. Fails on the
// round-7 code (two templates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';
import { alignable } from './align.js';
import { tokenize } from './mask.js';

test('RELINK_AFTER_FLIP: a statement split by a header column joins once the column is a variable', () => {
  const m = new TemplateMiner();
  const line = (src: string, i: number) =>
    `2024-06-12 10:0${i % 10}:0${i % 7}.${10 + i} ${src.padEnd(12)}Error: ${18000 + i}, Severity: ${10 + (i % 5)}, State: ${i % 9}.`;
  const ids: number[] = [];
  // the spid lines come first: their template is new while `Logon` is still a constant elsewhere
  ids.push(m.add(line('spid52', 1)).templateId);
  ids.push(m.add(line('spid130', 2)).templateId);
  ids.push(m.add(line('Logon', 3)).templateId);
  for (const [i, src] of ['Backup', 'Server', 'Logon', 'spid77', 'Backup', 'Server', 'Logon'].entries())
    ids.push(m.add(line(src, i + 4)).templateId);
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1, JSON.stringify(m.templates()));
});

test('alignable varsOnly: only stretches of variables may differ', () => {
  const a = tokenize('session for x=1 user=root done').tokens;
  const b = tokenize('session for x=1 done').tokens;
  const t = (ts: typeof a) => ts.map((x) => (x.text === 'root' ? { ...x, text: '<*>', isVar: true } : x));
  assert.equal(alignable(t(a), t(b), 0.5), true);
  assert.equal(alignable(t(a), t(b), 0.5, true), false);
  const c = tokenize('took 5 6 7 ms for job').tokens;
  const d = tokenize('took 5 ms for job').tokens;
  assert.equal(alignable(c, d, 0.5, true), true);
});
