// Questions about a line's header (plan/header.ts): a level and/or a logger the question names pick
// every kind of line whose header writes them, whatever its message ("how many warning lines did
// WindowManager log?", "which level is most common for AudioManager?", "when was the last warning?").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { askFixture, FIXTURE_T0, topOf } from './ask-fixture.js';
import { templateField } from './lines-of.js';
import { readHeader } from './header.js';

/** Android logcat: WindowManager warns and debugs, AudioManager mostly informs, PowerManagerService debugs most. */
function logcatLines(): string[] {
  const lines: string[] = [];
  const at = (i: number) => `03-17 16:${String(13 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.811`;
  for (let i = 0; i < 60; i++) {
    const t = at(i);
    if (i % 6 === 0) lines.push(`${t}  1702  ${2395 + (i % 3)} W WindowManager: Failed looking up window session=${i}`);
    if (i % 4 === 1) lines.push(`${t}  1702  ${2400 + (i % 3)} D WindowManager: startAnimation begin token=${i}`);
    if (i % 3 === 0) lines.push(`${t}  2227  ${2227 + (i % 2)} I AudioManager: getStreamVolume streamType: ${i % 5}`);
    if (i % 10 === 5) lines.push(`${t}  2227  2227 W AudioManager: requestAudioFocus failed for client ${i}`);
    if (i % 2 === 0) lines.push(`${t}  1702  ${8671 + (i % 4)} D PowerManagerService: acquire lock=${233570404 + i}, flags=0x1, uid=10037`);
  }
  return lines;
}

test('templateField: logcat one-letter levels, the class in a log4j [thread:Class@line], the logger after a bracketed thread', () => {
  assert.equal(templateField('<*> D PowerManagerService: acquire lock=<*>', 'level'), 'D');
  assert.equal(templateField('<*> D PowerManagerService: acquire lock=<*>', 'component'), 'PowerManagerService');
  assert.equal(templateField('<*> - INFO  [SessionTracker:ZooKeeperServer@<*>] - Expiring session <*>', 'component'), 'ZooKeeperServer');
  assert.equal(templateField('<*> - WARN  [RecvWorker:<*>:QuorumCnxManager$RecvWorker@<*>] - Interrupting SendWorker', 'component'), 'QuorumCnxManager$RecvWorker');
  assert.equal(templateField('<*> INFO [IPC Server Responder] org.apache.hadoop.ipc.Server: IPC Server Responder: starting', 'component'), 'org.apache.hadoop.ipc.Server');
  assert.equal(templateField('<*> I am here: now', 'level'), undefined, 'a one-letter word is a level only before a "tag:"');
});

test('readHeader: the level by its word, the logger as the lines write it, not a word that describes lines', () => {
  const c = (id: number, template: string) => ({ id, streamId: 1, template, count: 1, members: [id], copies: [{ id, streamId: 1 }] });
  const cands = [c(1, '<*> W WindowManager: x <*>'), c(2, '<*> I line: y <*>')];
  assert.deepEqual(readHeader('how many warnings did windowmanager log?', cands), { level: ['warn', 'warning', 'w'], component: 'WindowManager' });
  assert.deepEqual(readHeader('when was the last info line?', cands).component, undefined);
});

test('counts by level and logger: every kind of line whose header says so', async () => {
  const lines = logcatLines();
  const { ask } = askFixture(lines, 'Android');
  const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
  const warnWm = await ask('how many warning lines did WindowManager log?');
  assert.equal(warnWm.result?.value, count(/ W WindowManager:/), warnWm.plan.reason);
  assert.ok(warnWm.cited.every((l) => / W WindowManager:/.test(l)));
  const debug = await ask('how many debug messages are there?');
  assert.equal(debug.result?.value, count(/ D \w+:/), debug.plan.reason);
  const atLevel = await ask('how many times did AudioManager log at info level?');
  assert.equal(atLevel.result?.value, count(/ I AudioManager:/), atLevel.plan.reason);
});

test('rankings over header fields: the level of a logger, the logger at a level, by the field not named', async () => {
  const { ask } = askFixture(logcatLines(), 'Android');
  const level = await ask('what level does AudioManager mostly log at?');
  assert.equal(topOf(level), 'I', level.plan.reason);
  const logger = await ask('which component logged the most debug lines?');
  assert.equal(topOf(logger), 'PowerManagerService', logger.plan.reason);
  const warned = await ask('top 3 components by warning messages?');
  assert.equal(topOf(warned), 'WindowManager', warned.plan.reason);
});

test('first and last line of a level or a logger', async () => {
  const lines = logcatLines();
  const { ask } = askFixture(lines, 'Android');
  const lastWarn = lines.map((l, i) => (/ W \w+:/.test(l) ? i : -1)).filter((i) => i >= 0).pop()!;
  const r = await ask('when was the last warning line?');
  assert.equal(r.result?.intent, 'last', r.plan.reason);
  assert.equal(r.result?.atNs ?? r.result?.lastNs, FIXTURE_T0 + BigInt(lastWarn) * 1_000_000_000n, r.plan.reason);
  const firstAudio = lines.findIndex((l) => / AudioManager:/.test(l));
  const f = await ask('when did AudioManager first show up in the log?');
  assert.equal(f.result?.atNs ?? f.result?.firstNs, FIXTURE_T0 + BigInt(firstAudio) * 1_000_000_000n, f.plan.reason);
});
