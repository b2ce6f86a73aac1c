// Round 9 of issue #12: a question that leaves a preposition without its object ("which NTP server did
// hosts sync to the most?") asks for that object: the kinds of line writing the verb with that
// preposition before a value ("synchronized to <*>") are meant, not kinds that share a word ("kernel
// time sync disabled"), and the value after the preposition, keyed by the verb, is the one asked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { askFixture, topOf } from './ask-fixture.js';
import { prepositionTargets } from './preposition.js';
import { readQuestion } from './question.js';

/** Time sync on a cluster: hosts sync to two servers, and a few log that kernel time sync was turned off. */
function ntpLines(): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 30; i++) {
    const host = `bn${100 + (i % 9)}`;
    const server = i % 3 === 0 ? '10.100.22.250' : '10.100.20.250';
    lines.push(`- 1131566461 2005.11.09 ${host} Nov 9 12:0${i % 10}:01 ${host}/${host} ntpd[${2000 + i}]: synchronized to ${server}, stratum 3`);
    if (i % 4 === 0) lines.push(`- 1131566462 2005.11.09 tbird-admin1 Nov 9 12:0${i % 10}:02 tbird-admin1/tbird-admin1 ntpd[1${i}]: kernel time sync disabled 0041`);
    if (i % 4 === 2) lines.push(`- 1131566463 2005.11.09 tbird-admin1 Nov 9 12:0${i % 10}:03 tbird-admin1/tbird-admin1 ntpd[1${i}]: kernel time sync enabled 0001`);
  }
  return lines;
}

test('"which NTP server did hosts sync to the most": the value after "synchronized to", not the host of lines sharing "sync"', async () => {
  const { ask } = askFixture(ntpLines(), 'Thunderbird');
  for (const q of ['which NTP server did hosts sync to the most?', 'which NTP server did ntpd sync to most often in the Thunderbird logs']) {
    const r = await ask(q);
    assert.equal(topOf(r), '10.100.20.250', `${q}: ${r.plan.reason}`);
    assert.deepEqual(r.result?.top?.map((t) => t.value), [20, 10], q);
    assert.ok(r.cited.every((l) => l.includes('synchronized to')), q);
  }
});

test('a preposition left without its object is read with its verb; one followed by its object is not', () => {
  assert.deepEqual(readQuestion('which NTP server did hosts sync to the most (Thunderbird)?').dangling, { verb: 'sync', prep: 'to' });
  assert.deepEqual(readQuestion('which address did the client talk to?').dangling, { verb: 'talk', prep: 'to' });
  assert.deepEqual(readQuestion('what port did 1.2.3.4 connect from first?').dangling, { verb: 'connect', prep: 'from' });
  assert.equal(readQuestion('how many bytes were sent to 10.0.0.1?').dangling, undefined);
  assert.equal(readQuestion('most common NTP sync server?').dangling, undefined);
});

test('prepositionTargets: fitting kinds writing the verb (or a longer form of it) before the preposition and a value', () => {
  const t = (templateId: number, score: number, template: string) => ({ templateId, streamId: 1, score, template });
  const ranked = [t(1, 0.6, '<*> kernel time sync disabled <*>'), t(2, 0.4, '<*> synchronized to <*>, stratum <*>'), t(3, 0.1, '<*> sync to <*> failed')];
  assert.deepEqual(prepositionTargets(ranked, { verb: 'sync', prep: 'to' }), { targets: [ranked[1]], key: 'synchronized' }, 'a kind fitting under half as well as the best is not taken');
  assert.equal(prepositionTargets(ranked, { verb: 'sync', prep: 'from' }), undefined);
  assert.equal(prepositionTargets([t(1, 0.5, '<*> synthesized to <*>')], { verb: 'sync', prep: 'to' }), undefined, 'a word sharing four letters but neither starting the other is another verb');
});

