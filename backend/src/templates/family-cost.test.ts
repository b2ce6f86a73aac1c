// The sibling rule's cost grows with the stream, not with the square of a group's sub-templates.
// RFC 5424 lines with long structured data once mined at ~650 lines/s (LogHub: 100k+): a group
// that kept gaining sub-templates without a variable rebuilt its families from every one of them
// for each new one, and spelled each family's key out in full (O(length^2) per sub-template).
// Counted, not timed: familySteps is the number of values read to name families.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';
import { buildFamilies } from './variables.js';
import { newGroup, type Group, type Sub } from './group.js';

/** Letters only (a digit would be masked as a number): 0 -> a, 25 -> z, 26 -> ba, ... */
function word(i: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i > 0);
  return s;
}

/**
 * A syslog-style line with structured data whose four values (echoed in the message) are new
 * words on every line: every line is a new sub-template of one group, and no two differ at one
 * position only, so nothing becomes a variable and the group just grows.
 */
function line(i: number): string {
  const [src, dst, app, rule] = [0, 1, 2, 3].map((j) => word(1000 + 4 * i + j));
  return (
    `<134>1 2026-03-01T10:00:00Z edge01 gateway - - [meta@32473 src="${src}" dst="${dst}" app="${app}" ` +
    `rule="${rule}" zone="trust" policy="allow"] session ${src} to ${dst} app ${app} rule ${rule} created`
  );
}

function mine(lines: number): { steps: number; templates: number } {
  const m = new TemplateMiner();
  for (let i = 0; i < lines; i++) m.add(line(i));
  return { steps: m.familySteps, templates: m.templates().length };
}

test('a group that keeps gaining sub-templates costs linear work per line', () => {
  const small = mine(100);
  const large = mine(400);
  // the shape does what the test needs: one new template per line, nothing merged
  assert.equal(small.templates, 100);
  assert.equal(large.templates, 400);
  // 2 values per token of each new sub-template (28 tokens): linear in lines and length
  const tokens = 28;
  assert.ok(large.steps <= 400 * (2 * tokens + 1), `${large.steps / 400} family steps per line`);
  // 4x the lines, 4x the work (a rebuild per new sub-template: ~16x)
  assert.ok(large.steps <= 4 * small.steps, `${small.steps} -> ${large.steps}`);
});

test('kept families decide as a rebuild does when a later word or sub-template settles a check', () => {
  const known = new Set<string>();
  const options = { variableAfter: 4, minConstantShare: 0.34, knownValues: known };
  const g: Group = newGroup('', 4, 0);
  let id = 0;
  const add = (values: string[]): Sub => {
    const s: Sub = { id: ++id, values, pres: ['', ' ', ' ', ' '], post: '', count: 1 };
    g.subs.set(values.join('\u0001'), s);
    return s;
  };
  add(['Session', 'opened', 'for', 'alice']);
  assert.equal(buildFamilies(g, options), -1);
  add(['Session', 'opened', 'for', 'bob']);
  // two words at one position are not yet a variable
  assert.equal(buildFamilies(g, options), -1);
  // both learned as values elsewhere: the kept check now flips position 3, as a rebuild does
  known.add('alice');
  known.add('bob');
  assert.equal(buildFamilies(g, options), 3);
  g.families = null;
  assert.equal(buildFamilies(g, options), 3);
});

test('kept families decide as a rebuild does when a later sub-template makes another slot vary', () => {
  const options = { variableAfter: 4, minConstantShare: 0.34, knownValues: new Set<string>() };
  const g: Group = newGroup('', 5, 0);
  let id = 0;
  // login user="<name>" host=<host> ok: user and host are value contexts
  const add = (user: string, host: string): void => {
    const s: Sub = { id: ++id, values: ['login', user, 'from', host, 'ok'], pres: ['', ' user="', '" ', ' host=', ' '], post: '', count: 1 };
    g.subs.set(s.values.join('\u0001'), s);
  };
  add('alice', 'web');
  assert.equal(buildFamilies(g, options), -1);
  add('bob', 'web');
  // two users, nothing else varying: maybe two kinds of line
  assert.equal(buildFamilies(g, options), -1);
  add('carol', 'db');
  // the host now varies too: a record of parameters, the user slot is a variable, as a rebuild finds
  assert.equal(buildFamilies(g, options), 1);
  g.families = null;
  assert.equal(buildFamilies(g, options), 1);
});
