// Round 8 of issue #12, after program file names became whole values keyed `program`: "which program/app"
// names that slot (not the verb's "open"/"close" key), an identifier with the mark the store keeps after it
// ("tool.exe *64") filters as that whole value, a word in capitals the lines hold ("hive BETA") names the
// line, and a look-up whose named lines hold no value of the slot asked cites those lines.
import assert from 'node:assert/strict';
import { askFixture, topOf } from './ask-fixture.js';
import { test } from 'node:test';
import { exactAnswer, resultEvidence } from '../answer/exact.js';
import { executePlan } from './execute.js';
import { withNextTokens } from './preposition.js';
import { askedNoun, capsNames } from './question.js';

const fixture = askFixture;
const top = topOf;

/** Connections through a gateway: most opened by sync.exe, the busiest target opened by others. */
function proxyLines(): string[] {
  const lines: string[] = [];
  const hosts = ['db.example.org:5432', 'cdn.example.org:443', 'api.example.org:443', 'mail.example.org:993'];
  for (let i = 0; i < 40; i++) {
    const prog = i % 5 === 0 ? 'backup.exe' : i % 5 === 1 ? 'tool.exe *64' : 'sync.exe';
    // the busiest target is opened by backup.exe and tool.exe only
    const host = prog === 'sync.exe' ? hosts[1 + (i % 3)] : hosts[0];
    lines.push(`[10.30 16:${String(10 + (i % 50)).padStart(2, '0')}:0${i % 10}] ${prog} - ${host} open through proxy gw.example.org:8080 HTTPS`);
    lines.push(`[10.30 16:${String(10 + (i % 50)).padStart(2, '0')}:1${i % 10}] ${prog} - ${host} close, ${100 + i} bytes sent, ${2000 + i} bytes received, lifetime 00:0${i % 10}`);
  }
  return lines;
}

test('"which program/app opened the most connections": the program slot, not the address keyed by the verb', async () => {
  assert.equal(askedNoun('which program opened the most proxy connections?'), 'program');
  assert.equal(askedNoun('which app closed the most connections?'), 'app');
  const { ask } = fixture(proxyLines(), 'proxy');
  for (const q of ['which program opened the most proxy connections?', 'which app opened the most connections through the proxy?', 'which program closed the most proxy connections']) {
    const r = await ask(q);
    assert.equal(top(r), 'sync.exe', `${q}: ${r.plan.reason}`);
  }
});

test('"top target of tool.exe *64": the identifier with the mark the store keeps after it filters as that whole value', async () => {
  assert.deepEqual(withNextTokens('top target of tool.exe *64 in the logs?', 'tool.exe'), ['tool.exe *64']);
  assert.deepEqual(withNextTokens('bytes of tool.exe?', 'tool.exe'), []);
  const { ask } = fixture(proxyLines(), 'proxy');
  const r = await ask('how many connections did tool.exe *64 close?');
  assert.deepEqual(r.plan.filters.map((f) => f.text), ['tool.exe *64'], r.plan.reason);
  assert.equal(r.result?.value, 8, r.plan.reason);
  assert.ok(r.cited.length > 0 && r.cited.every((l) => l.includes('tool.exe *64')), r.cited.join('\n'));
});

/** Hives loaded from a path: the name written once in capitals inside a slot the values do not split. */
function hiveLines(): string[] {
  const lines: string[] = [];
  for (const [i, h] of ['ALPHA', 'BETA', 'GAMMA', 'DELTA', 'user.dat', 'schema.dat'].entries()) {
    lines.push(`2016-09-29 00:00:4${i}, Info CBS Loading offline registry hive: ${h}, into registry key '{bf1a281b}ROOT/Config/${h}' from path '\\\\?\\ROOT\\Config\\${h}'.`);
  }
  for (let i = 0; i < 6; i++) lines.push(`2016-09-29 00:01:0${i}, Info CBS Session ${1000 + i} initialized by client WinMgr.`);
  return lines;
}

test('"which path was hive BETA loaded from": a word in capitals the lines hold names the line (one no kind of line writes as its text)', async () => {
  assert.deepEqual(capsNames('which path was the hive BETA loaded from (CBS)?'), ['BETA', 'CBS']);
  assert.deepEqual(capsNames('bytes in KB sent by IP 10.0.0.1 via GET'), ['GET']);
  const { ask } = fixture(hiveLines(), 'windows');
  const r = await ask('which path was the offline registry hive BETA loaded from?');
  assert.ok(r.plan.filters.some((f) => f.text === 'BETA'), r.plan.reason);
  assert.ok(r.cited.length > 0 && r.cited.every((l) => l.includes('BETA')), r.cited.join('\n'));
  // "CBS" is written by every kind of line: it describes them, it names no line
  const c = await ask('how many sessions did CBS initialize?');
  assert.ok(!c.plan.filters.some((f) => f.text === 'CBS'), c.plan.reason);
});

test('a look-up whose named lines hold no value of the slot asked cites those lines, with no value', () => {
  const { store, streamIds, lineOf } = fixture(hiveLines(), 'windows');
  const plan = {
    intent: 'lookup' as const,
    route: 'exact' as const,
    reason: 'test',
    filters: [{ text: 'GAMMA', match: 'literal' as const }],
    targets: [],
    alternatives: [],
    slot: { key: 'hivepath', kind: 'word' as const },
    streamIds,
  };
  const result = executePlan(store.db, plan);
  assert.equal(result.value, null);
  assert.ok(result.entryIds.length > 0 && result.entryIds.map(lineOf).every((l) => l.includes('GAMMA')), `cited ${result.entryIds.join(',')} of ${result.matched}`);
  // the answer says no value was stored and points at the lines, not "No hivepath"
  const text = exactAnswer(plan, result, resultEvidence(store, result), () => 'windows').text;
  assert.match(text, /^No hivepath value stored in the 1 lines with GAMMA in windows; the line as written \[1\]\./, text);
  // nothing named: no line is evidence of a value none holds
  const bare = executePlan(store.db, { intent: 'lookup', route: 'exact', reason: 'test', filters: [], targets: [], alternatives: [], slot: { key: 'hivepath', kind: 'word' }, streamIds });
  assert.deepEqual(bare.entryIds, []);
});
