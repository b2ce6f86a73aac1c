// Round 11 of issue #12 (whole-log questions): a ranking by a total ("which target received the most
// bytes"), the word right after "highest" / "which" naming the slot measured ("highest TID of a running
// task"), and an address with its port ranked as one thing whether a line names it by IP or host name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { askFixture, topOf } from './ask-fixture.js';
import { intentOf, readQuestion } from './question.js';
import { quoteLinePhrases } from './line-phrase.js';
import { narrowBySpelling } from './narrow.js';
import { weightedRanking } from './weighted.js';
import { planLogql } from './logql.js';
import { exactAnswer } from '../answer/exact.js';
import { expandShorthand } from './shorthand.js';

test('head words: the word right after the opener, not a stopword, a slot noun or the head of a compound ending in one', () => {
  assert.deepEqual(readQuestion('what is the highest TID of a running task?').heads, ['tid']);
  assert.deepEqual(readQuestion('which iar shows up most in the iar/dear lines?').heads, ['iar']);
  assert.deepEqual(readQuestion('Most common stratum in the "synchronized to" lines?').heads, ['stratum']);
  // a slot noun is the asked noun's to read; a compound ending in one is that noun's
  assert.deepEqual(readQuestion('what port is the election address of server 3 on?').heads, []);
  assert.deepEqual(readQuestion('top GET response status?').heads, []);
  assert.deepEqual(readQuestion('which wake lock tag was acquired most often?').heads, []);
  // quoted text describes the lines
  assert.deepEqual(readQuestion('total of the "n total interrupts" values?').heads, []);
});

test('a ranking by a total: "which X received the most bytes", "top X by bytes sent", "biggest upload destination"; one line\'s most is a maximum', () => {
  assert.deepEqual(weightedRanking('which target received the most bytes in total?'), { words: ['bytes', 'received'] });
  assert.deepEqual(weightedRanking('Which host:port downloaded the most bytes through the proxy?'), { words: ['bytes', 'received'] });
  assert.deepEqual(weightedRanking('top target by bytes sent?'), { words: ['bytes', 'sent'] });
  assert.deepEqual(weightedRanking('biggest upload destination through the proxy'), { words: ['bytes', 'sent'] });
  assert.deepEqual(weightedRanking('most bytes were sent by which program'), { words: ['bytes', 'sent'] });
  assert.equal(weightedRanking('what is the most bytes received in one connection from a.com:443?'), undefined);
  assert.equal(weightedRanking('biggest download through the proxy, in bytes?'), undefined);
  assert.equal(weightedRanking('which IP had the most failed passwords?'), undefined);
});

/** Proxifier-like close lines: `many` has the most connections, `big` the most bytes (one target written as ip:port). */
function proxyLines(): string[] {
  const lines: string[] = [];
  const at = (i: number) => `[10.30 16:${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}]`;
  let i = 0;
  for (let n = 0; n < 12; n++, i++) lines.push(`${at(i)} chrome.exe - many.example.com:443 close, ${100 + n} bytes sent, ${200 + n} bytes received, lifetime 00:01`);
  for (let n = 0; n < 3; n++, i++) lines.push(`${at(i)} dropbox.exe - 10.1.2.3:443 close, ${90000 + n} bytes sent, ${50 + n} bytes received, lifetime 00:02`);
  for (let n = 0; n < 4; n++, i++) lines.push(`${at(i)} qq.exe - mid.example.org:80 close, ${300 + n} bytes sent, ${70000 + n} bytes received, lifetime 00:03`);
  return lines;
}

test('"which target received / sent the most bytes": groups ranked by the summed bytes, ip:port and host:port alike, its lines cited', async () => {
  const { ask, store } = askFixture(proxyLines(), 'proxifier');
  const recv = await ask('which target received the most bytes in total?');
  assert.equal(topOf(recv), 'mid.example.org:80', recv.plan.reason);
  assert.equal(recv.result?.top?.[0].value, 4 * 70000 + 6);
  const sent = await ask('top target by bytes sent?');
  assert.equal(topOf(sent), '10.1.2.3:443', sent.plan.reason);
  assert.ok(sent.cited.some((l) => l.includes('10.1.2.3:443')), 'a line of the winner is cited');
  // its LogQL sums the unwrapped number written before "sent" per target
  const labels = (id: number) => store.stream(id)?.labels;
  assert.match(planLogql(sent.plan, sent.result!, labels).expr, /^topk\(5, sum by \(value\) \(sum_over_time\(.* \| regexp "\(\?P<w>-\?\[0-9\.\]\+\)\\\\s\+\(\?:\\\\w\+\\\\s\+\)\?sent\\\\b" \| unwrap w \[/);
  // counted by lines, the busiest target stays the answer
  const lines = await ask('which target was closed most often?');
  assert.equal(topOf(lines), 'many.example.com:443', lines.plan.reason);
});

test('"highest TID of a running task": the key written right after "highest", over a slot noun named later', async () => {
  const lines: string[] = [];
  for (let n = 0; n < 12; n++) lines.push(`17/06/09 20:10:${String(10 + n).padStart(2, '0')} INFO executor.Executor: Running task ${n % 4}.0 in stage ${20 + (n % 3)}.0 (TID ${500 + n * 7})`);
  const { ask } = askFixture(lines, 'spark');
  const r = await ask('what is the highest TID of a running task?');
  assert.equal(r.result?.value, 500 + 11 * 7, r.plan.reason);
});

test('an aggregate word the lines write beside the question\'s next word is their text, not the intent', async () => {
  const templates = ['PAM service(sshd) ignoring max retries; <*> > <*>', '<*> total interrupts. <*> critical input interrupts.', 'total of <*> ddr error(s) detected and corrected'];
  assert.equal(quoteLinePhrases('total of the retry counts PAM logged when ignoring max retries?', templates), 'total of the retry counts PAM logged when ignoring "max retries"?');
  assert.equal(quoteLinePhrases('what do the total interrupts reports add up to?', templates), 'what do the "total interrupts" reports add up to?');
  // "total of": a function word says nothing of the lines; a pair no line writes stays as asked
  assert.equal(quoteLinePhrases('what is the total of the block sizes?', templates), 'what is the total of the block sizes?');
  assert.equal(quoteLinePhrases('max retries seen?', ['connection retries: <*>']), 'max retries seen?');
  assert.equal(intentOf('total of the retry counts PAM logged when ignoring "max retries"?').intent, 'sum');
  const lines: string[] = [];
  for (let n = 0; n < 6; n++) lines.push(`Dec 10 06:55:${String(10 + n).padStart(2, '0')} LabSZ sshd[${2400 + n}]: PAM service(sshd) ignoring max retries; ${3 + n} > 3`);
  for (let n = 0; n < 6; n++) lines.push(`Dec 10 06:56:${String(10 + n).padStart(2, '0')} LabSZ sshd[${2500 + n}]: Failed password for root from 10.0.0.${n + 1} port ${40000 + n} ssh2`);
  const { ask } = askFixture(lines, 'openssh');
  const r = await ask('total of the retry counts PAM logged when ignoring max retries?');
  assert.equal(r.result?.value, 3 + 4 + 5 + 6 + 7 + 8, r.plan.reason);
});

test('tied kinds narrowed by the question\'s spelling: a word in capitals the lines write so, a quote ending where a kind ends', () => {
  const t = (id: number, template: string) => ({ templateId: id, template, streamId: 1, score: 0.9 });
  const del = [t(1, '[instance: <*>] Deleting instance files <*>'), t(2, '<*> "DELETE <*>" status: <*> len: <*> time: <*>'), t(3, '[instance: <*>] Deletion of <*> complete')];
  assert.deepEqual(narrowBySpelling(del, 'how many DELETE requests were made?', []).map((x) => x.templateId), [2]);
  assert.deepEqual(narrowBySpelling(del, 'how many deletes were made?', []).map((x) => x.templateId), [1, 2, 3], 'no capitals: as they were');
  const ddr = [t(1, 'total of <*> ddr error(s) detected and corrected'), t(2, 'total of <*> ddr error(s) detected and corrected over <*> seconds')];
  assert.deepEqual(narrowBySpelling(ddr, 'q', ['total of N ddr error(s) detected and corrected']).map((x) => x.templateId), [1]);
  assert.deepEqual(narrowBySpelling(ddr, 'q', ['total of N ddr error(s)']).map((x) => x.templateId), [1, 2], 'a quote ending inside both: both');
});

test('"children missing from the scoreboard": the lines that cannot find them, not the found ones', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 20; i++) lines.push(`[Sun Dec 04 04:47:${String(10 + i).padStart(2, '0')} 2005] [notice] jk2_init() Found child ${6700 + i} in scoreboard slot ${i % 8}`);
  for (let i = 0; i < 4; i++) lines.push(`[Sun Dec 04 04:48:${String(10 + i).padStart(2, '0')} 2005] [error] jk2_init() Can't find child ${7700 + i} in scoreboard`);
  const { ask } = askFixture(lines, 'apache');
  const r = await ask('number of children missing from the scoreboard');
  assert.equal(r.result?.value, 4, r.plan.reason);
});

test('a look-up cites lines of other kinds holding both the identifier and the value found', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) {
    const a = `attempt_1445144423722_0020_m_00000${i}_0`;
    const c = `container_1445144423722_0020_01_00000${i + 2}`;
    lines.push(`2015-10-18 18:02:4${i},497 INFO [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: Assigned container ${c} to ${a}`);
    lines.push(`2015-10-18 18:02:5${i},841 INFO [AsyncDispatcher event handler] org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl: TaskAttempt: [${a}] using containerId: [${c} on NM: [MININT-FNANLI5.fareast.corp.microsoft.com:6${i}346]`);
  }
  const { ask } = askFixture(lines, 'hadoop');
  const r = await ask('containerId of attempt_1445144423722_0020_m_000003_0 on NM?');
  assert.equal(r.result?.value, 'container_1445144423722_0020_01_000005', r.plan.reason);
  assert.ok(r.cited.some((l) => l.includes('Assigned container container_1445144423722_0020_01_000005')), r.cited.join('\n'));
  assert.ok(r.cited.some((l) => l.includes('using containerId')), r.cited.join('\n'));
});

test('"most recent session expiry": the "Expiring session" lines, not every line about a session', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 5; i++) lines.push(`2015-07-29 19:0${i}:10,100 - INFO  [SessionTracker:ZooKeeperServer@325] - Expiring session 0x14ed93111f2000${i}, timeout of 10000ms exceeded`);
  for (let i = 0; i < 5; i++) lines.push(`2015-07-29 19:1${i}:10,100 - INFO  [CommitProcessor:1:ZooKeeperServer@617] - Established session 0x14ed93111f2001${i} with negotiated timeout 10000 for client /10.10.34.11:5${i}112`);
  const { ask } = askFixture(lines, 'zookeeper');
  const r = await ask('most recent session expiry?');
  assert.ok(r.cited[0]?.includes('Expiring session 0x14ed93111f20004'), `${r.plan.reason}\n${r.cited.join('\n')}`);
});

test('"top ntp sync server", "which server did ntpd synchronize to most": the server synchronized to, not the host writing "kernel time sync" or ntpd\'s header', async () => {
  const lines: string[] = [];
  const hosts = ['dn228', 'dn73', 'bn413', 'bn62', 'an1', 'an2', 'cn7'];
  for (let i = 0; i < 21; i++) lines.push(`- 1131566461 2005.11.09 ${hosts[i % hosts.length]} Nov 9 12:0${i % 10}:0${i % 6} ${hosts[i % hosts.length]}/${hosts[i % hosts.length]} ntpd[${2000 + i}]: synchronized to ${i % 3 ? '10.100.20.250' : '10.100.18.250'}, stratum ${2 + (i % 2)}`);
  // one admin host toggles kernel time sync far more often than any server is synchronized to
  for (let i = 0; i < 30; i++) lines.push(`- 1131566461 2005.11.09 tbird-admin1 Nov 9 12:1${i % 10}:${String(10 + i).padStart(2, '0')} tbird-admin1/tbird-admin1 ntpd[3${i}]: kernel time sync ${i % 2 ? 'enabled' : 'disabled'} 200${i % 2}`);
  const { ask } = askFixture(lines, 'thunderbird');
  const top = await ask('top ntp sync server?');
  assert.equal(topOf(top), '10.100.20.250', top.plan.reason);
  const sync = await ask('which server did ntpd synchronize to most?');
  assert.equal(topOf(sync), '10.100.20.250', sync.plan.reason);
});

test('"which election address ...": a service address (one port per IP) ranks as written; client addresses (passing ports) by their IP', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) lines.push(`2015-07-29 19:04:${String(10 + i).padStart(2, '0')},100 - WARN  [WorkerSender[myid=1]:QuorumCnxManager@368] - Cannot open channel to ${i % 3 ? 2 : 3} at election address /10.10.34.1${i % 3 ? 2 : 3}:3888`);
  for (let i = 0; i < 12; i++) lines.push(`2015-07-29 19:05:${String(10 + i).padStart(2, '0')},100 - INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxnFactory@197] - Accepted socket connection from /10.10.34.${i % 4 ? 11 : 13}:${40000 + i}`);
  const { ask } = askFixture(lines, 'zookeeper');
  const election = await ask('which election address could not be reached most often?');
  assert.equal(topOf(election), '10.10.34.12:3888', election.plan.reason);
  const clients = await ask('which address had the most socket connections accepted?');
  assert.equal(topOf(clients), '10.10.34.11', clients.plan.reason);
});

test('"in hadoop, top X ...": "top" opening the question after the system named first ranks, a "when" clause after it notwithstanding', () => {
  assert.equal(intentOf('in hadoop, top vcores headroom when recalculating the schedule?').intent, 'topk');
  assert.equal(intentOf('in hadoop, top nm proxy target?').intent, 'topk');
});

test('"added up" asks for a sum and describes no line ("is added to blk_<*>" lines are not the ones summed)', () => {
  const r = readQuestion('all received block sizes added up (bytes)?');
  assert.equal(r.intent, 'sum');
  assert.ok(!r.words.includes('added'), r.words.join(' '));
});

test('"<field> of the ...", "how much was X": a field of the described lines looked up, the amount a line states', async () => {
  assert.equal(intentOf('application_name of the reconcile session on payment-db?').intent, 'lookup');
  assert.equal(intentOf('transaction number in the payment-db sharelock waits?').intent, 'lookup');
  assert.equal(intentOf('how much was order ord-b6aa99 in checkout?').intent, 'lookup');
  assert.ok(readQuestion('How much was order ord-b6aa99?').slotWords.includes('amount'));
  assert.ok(!readQuestion('how much data went to a.com:443 in total').slotWords.includes('amount'), 'a quantity named: not the amount');
  const lines: string[] = [];
  for (let i = 0; i < 8; i++) lines.push(JSON.stringify({ ts: `2026-11-24T14:0${i}:00Z`, level: 'info', service: 'checkout', msg: 'order placed', order_id: `ord-${(0xa1b2c0 + i).toString(16)}`, amount: 10.5 + i * 7, trace_id: `t${i}9f3a` }));
  const { ask } = askFixture(lines, 'checkout');
  const r = await ask('How much was order ord-a1b2c3?');
  assert.equal(r.result?.value, 10.5 + 3 * 7, r.plan.reason);
});

test('"which remote host failed authentication the most": the rhost pam writes, not the machine that logged', async () => {
  assert.equal(expandShorthand('Which remote host failed authentication the most?'), 'Which rhost failed authentication the most?');
  const lines: string[] = [];
  for (let i = 0; i < 9; i++) lines.push(`Jun 15 02:04:${String(10 + i).padStart(2, '0')} combo sshd(pam_unix)[${20000 + i}]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=${i % 3 ? '220.117.241.87' : '61.12.14.1'}  user=root`);
  for (let i = 0; i < 5; i++) lines.push(`Jun 15 02:05:${String(10 + i).padStart(2, '0')} other su(pam_unix)[${21000 + i}]: session opened for user news by (uid=0)`);
  const { ask } = askFixture(lines, 'linux');
  const r = await ask('Which remote host failed authentication the most?');
  assert.equal(topOf(r), '220.117.241.87', r.plan.reason);
});

test('a ranking by a total says what was totalled, not a count of lines', async () => {
  const { ask, store } = askFixture(proxyLines(), 'proxifier');
  const r = await ask('top target by bytes sent?');
  const body = exactAnswer(r.plan, r.result!, [], (id) => store.stream(id)?.labels.job ?? '');
  assert.match(body.text, /^10\.1\.2\.3:443 has the most sent in total: 270003, over \d+ /, body.text);
});

test('a field and what it belongs to is a look-up; a plain word "in the last 5 minutes" is not', () => {
  assert.equal(intentOf('errors in the last 5 minutes').intent, undefined);
  assert.equal(intentOf('error of the failed confirmation email in checkout?').intent, 'lookup');
});
