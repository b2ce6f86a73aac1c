// Round 12 of issue #12: the entity of an extreme line ("which instance took the longest to build?",
// "the smallest block came from which IP?", "client behind the slowest GET"): the group holding the
// largest (smallest) one line, that line cited first; a plain maximum stays a maximum.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { askFixture, topOf } from './ask-fixture.js';
import { extremeRanking } from './extreme-of.js';
import { planLogql } from './logql.js';
import { exactAnswer } from '../answer/exact.js';
import { intentOf } from './question.js';

test('the entity of an extreme line is read from "which X ... the SUP", "the SUP ... which X", "X with/behind the SUP", "who ... the SUP"', () => {
  assert.deepEqual(extremeRanking('which instance took the longest to build?'), { dir: 'max', measured: [], asked: 'instance' });
  assert.deepEqual(extremeRanking('[hdfs] the smallest received block came from which ip?'), { dir: 'min', measured: ['received', 'block'], asked: 'ip' });
  assert.deepEqual(extremeRanking('the slowest instance build was for which instance?'), { dir: 'max', measured: ['build'], asked: 'instance' });
  assert.deepEqual(extremeRanking('client behind the slowest get in the openstack logs?'), { dir: 'max', measured: ['get'], asked: 'client' });
  assert.deepEqual(extremeRanking('who sent the tiniest block (src ip)?'), { dir: 'min', measured: ['block'] });
  assert.deepEqual(extremeRanking('program behind the biggest single download through the proxy'), { dir: 'max', measured: ['single', 'download'], asked: 'program' });
  // the number itself asked: a maximum or minimum, not a ranking
  for (const q of [
    'what is the largest block received from 10.251.66.3?',
    'what was the slowest broadcast variable read?',
    'which is the highest port a failed password came from?',
    'what size was the largest block?',
    'largest block size added on 10.250.17.177:50010?',
    'max bytes received by GitHub.exe on a closed connection',
    'size of the largest block',
    'which IP had the most failed passwords?',
    'OpenStack: client address with the highest number of GET requests?',
    'which datanode has the largest count of served blocks?',
  ])
    assert.equal(extremeRanking(q), undefined, q);
});

/** OpenStack-like build lines: `b` has the one slowest build, `a` the most builds and the largest total. */
function buildLines(): string[] {
  // c's quickest build is not its first line: the extreme line, not the group's first, is cited first
  const secs = [['a', 9.1], ['c', 4.5], ['a', 8.7], ['b', 21.25], ['a', 11.4], ['c', 3.02], ['a', 10.0], ['c', 5.5]] as const;
  return secs.map(([id, s], i) => `2017-05-16 00:0${i}:14.496 2931 INFO nova.compute.manager [instance: inst-${id}-0000] Took ${s.toFixed(2)} seconds to build instance.`);
}

test('"which instance took the longest to build": the group of the one slowest line, that line cited first; its LogQL ranks each group\'s max', async () => {
  const { ask, store } = askFixture(buildLines(), 'openstack');
  const slow = await ask('which instance took the longest to build?');
  assert.equal(slow.plan.intent, 'topk', slow.plan.reason);
  assert.equal(topOf(slow), 'inst-b-0000', slow.plan.reason);
  assert.match(slow.cited[0], /inst-b-0000\] Took 21\.25 seconds/);
  const fast = await ask('the quickest build was for which instance?');
  assert.equal(topOf(fast), 'inst-c-0000', fast.plan.reason);
  assert.match(fast.cited[0], /Took 3\.02 seconds/);
  const labels = (id: number) => store.stream(id)?.labels;
  assert.match(planLogql(slow.plan, slow.result!, labels).expr, /^topk\(5, max by \(value\) \(max_over_time\(.* \| unwrap w \[/);
  assert.match(planLogql(fast.plan, fast.result!, labels).expr, /^bottomk\(5, min by \(value\) \(min_over_time\(/);
  // the answer names the entity and its one line's number
  const body = exactAnswer(slow.plan, slow.result!, [], (id) => store.stream(id)?.labels.job ?? '');
  assert.match(body.text, /^inst-b-0000 has the largest took: 21\.25/);
  // the number asked stays a maximum
  const max = await ask('what is the longest build time of an instance?');
  assert.equal(max.plan.intent, 'max', max.plan.reason);
  assert.equal(max.result?.value, 21.25);
  // counted by lines, the busiest instance stays the answer
  const most = await ask('which instance has the most build lines?');
  assert.equal(topOf(most), 'inst-a-0000', most.plan.reason);
});

test('"what is the most ... at once" is one line\'s number, a maximum; a group asked stays a ranking', () => {
  assert.equal(intentOf('what is the most "more authentication failures" pam reported at once?').intent, 'max');
  assert.equal(intentOf('which IP had the most failed passwords?').intent, 'topk');
});

test('a maximum held by lines of two kinds cites the first extreme line of each kind', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) lines.push(`2015-10-18 18:01:${String(10 + i).padStart(2, '0')},916 INFO [RMCommunicator Allocator] Before Scheduling: PendingReds:1 ScheduledMaps:${10 - i} CompletedMaps:${i === 2 ? 1 : 0}`);
  for (let i = 0; i < 6; i++) lines.push(`2015-10-18 18:02:${String(10 + i).padStart(2, '0')},916 INFO [RMCommunicator Allocator] After Scheduling: PendingReds:1 ScheduledMaps:${10 - i} CompletedMaps:${i === 4 ? 1 : 0}`);
  const { ask } = askFixture(lines, 'hadoop');
  const r = await ask('highest CompletedMaps reported while scheduling?');
  assert.equal(r.result?.value, 1, r.plan.reason);
  assert.ok(r.plan.targets.length >= 2, r.plan.reason);
  assert.ok(r.cited.some((l) => /Before Scheduling.*CompletedMaps:1/.test(l)), r.cited.join('\n'));
  assert.ok(r.cited.some((l) => /After Scheduling.*CompletedMaps:1/.test(l)), r.cited.join('\n'));
});

test('"which my id ...": the line\'s own id (my_id), not the peer\'s id written before it', async () => {
  const mine = [3, 3, 1, 3, 2, 1];
  const peers = ['188978561024', '188978561024', '188978561024', '1', '188978561024', '2'];
  const lines = mine.map((me, i) => `2015-07-29 19:13:2${i},282 - WARN  [RecvWorker:${peers[i]}:QuorumCnxManager$RecvWorker@762] - Connection broken for id ${peers[i]}, my id = ${me}, error = `);
  const { ask } = askFixture(lines, 'zookeeper');
  const mineTop = await ask('top my id by broken connections?');
  assert.equal(topOf(mineTop), '3', mineTop.plan.reason);
  const peerTop = await ask('which id had the most broken connections?');
  assert.equal(topOf(peerTop), '188978561024', peerTop.plan.reason);
});

test('"largest download / upload ... in one connection": the bytes received (sent) the close lines write', async () => {
  const lines: string[] = [];
  const at = (i: number) => `[10.30 16:${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}]`;
  let i = 0;
  for (let n = 0; n < 6; n++, i++) lines.push(`${at(i)} qq.exe - mid.example.org:80 open through proxy proxy.example.edu:5070 HTTPS`);
  for (let n = 0; n < 6; n++, i++) lines.push(`${at(i)} qq.exe - mid.example.org:80 close, ${300 + n * 11} bytes sent, ${70000 + n * 13} bytes received, lifetime 00:03`);
  for (let n = 0; n < 3; n++, i++) lines.push(`${at(i)} qq.exe - mid.example.org:80 error : Could not connect through proxy proxy.example.edu:5070 - Proxy server cannot establish a connection with the target, status code ${403 + n * 50}`);
  const { ask } = askFixture(lines, 'proxifier');
  const down = await ask('largest download by qq.exe in one connection?');
  assert.equal(down.result?.value, 70000 + 5 * 13, down.plan.reason);
  const up = await ask('biggest upload to mid.example.org:80 in one connection?');
  assert.equal(up.result?.value, 300 + 5 * 11, up.plan.reason);
});

test('"where was the output of X saved", "output path of X": the URL the line writes it to is the path asked', async () => {
  const lines: string[] = [];
  for (let n = 0; n < 5; n++) {
    const id = `201706092018_0024_m_00012${n}_115${n}`;
    lines.push(`17/06/09 20:10:5${n} INFO output.FileOutputCommitter: Saved output of task 'attempt_${id}' to hdfs://10.10.34.11:9000/pjhe/test/1/_temporary/0/task_${id.slice(0, -5)}`);
    lines.push(`17/06/09 20:10:5${n} INFO mapred.SparkHadoopMapRedUtil: attempt_${id}: Committed`);
  }
  const { ask } = askFixture(lines, 'spark');
  const where = await ask('where was the output of task attempt_201706092018_0024_m_000122_1152 saved?');
  assert.equal(where.result?.value, 'hdfs://10.10.34.11:9000/pjhe/test/1/_temporary/0/task_201706092018_0024_m_000122', where.plan.reason);
  const path = await ask('output path of attempt_201706092018_0024_m_000123_1153?');
  assert.equal(path.result?.value, 'hdfs://10.10.34.11:9000/pjhe/test/1/_temporary/0/task_201706092018_0024_m_000123', path.plan.reason);
});

test('one line naming two addresses ("client,proxy GET ..."): the slowest GET\'s client is the address it writes first', async () => {
  const lines: string[] = [];
  const get = (i: number, who: string, t: string) =>
    `nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:07:5${i}.603 25795 INFO nova.metadata.wsgi.server [req-bcebb9de-a387-44e2-b784-db819fff54${i}d - - - - -] ${who} "GET /openstack/2012-08-10/meta_data.json HTTP/1.1" status: 200 len: 264 time: ${t}`;
  lines.push(get(0, '10.11.21.140,10.11.10.1', '0.2296522'), get(1, '10.11.21.133,10.11.10.1', '0.4668469'), get(2, '10.11.21.141,10.11.10.1', '0.3011213'), get(3, '10.11.21.142,10.11.10.1', '0.1234567'));
  const { ask } = askFixture(lines, 'openstack');
  const r = await ask('which client made the slowest GET request?');
  assert.equal(topOf(r), '10.11.21.133', r.plan.reason);
});

test('"log in successfully" meets the lines\' "Accepted password" (a synonym), not every login attempt', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) lines.push(`Dec 10 0${i}:13:56 LabSZ sshd[2422${i}]: Failed password for root from 5.36.59.${70 + i} port ${40000 + i} ssh2`);
  lines.push('Dec 10 09:32:20 LabSZ sshd[24680]: Accepted password for fztu from 119.137.62.142 port 49116 ssh2');
  for (let i = 0; i < 3; i++) lines.push(`Dec 10 1${i}:13:56 LabSZ sshd[2433${i}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.36.59.${80 + i}  user=root`);
  const { ask } = askFixture(lines, 'openssh');
  const r = await ask('when did someone log in successfully?');
  assert.equal(r.plan.intent, 'first', r.plan.reason);
  assert.match(r.cited[0] ?? '', /Accepted password for fztu/, r.plan.reason);
});

test('the entity is read where the extreme line writes it: "from /ip" in its kind, though other fitting kinds write "src: /ip"', async () => {
  const lines: string[] = [];
  const h = (i: number, cls: string) => `081109 2046${String(10 + i).padStart(2, '0')} ${100 + i} INFO dfs.DataNode$${cls}:`;
  for (let i = 0; i < 4; i++) lines.push(`${h(i, 'DataXceiver')} Receiving block blk_-10${i} src: /10.251.1.${i}:4000${i} dest: /10.251.1.${i}:50010`);
  lines.push(`${h(4, 'DataXceiver')} Received block blk_-200 src: /10.250.14.38:37362 dest: /10.250.14.38:50010 of size 67108864`);
  lines.push(`${h(5, 'DataXceiver')} Received block blk_-201 src: /10.251.29.239:35617 dest: /10.251.29.239:50010 of size 67108864`);
  const sizes = [67108864, 3538321, 67108864, 28496610];
  sizes.forEach((size, i) => lines.push(`${h(6 + i, 'PacketResponder')} Received block blk_-30${i} of size ${size} from /10.250.15.${190 + i}`));
  const { ask } = askFixture(lines, 'hdfs');
  const r = await ask('the smallest received block came from which ip?');
  assert.equal(r.plan.intent, 'topk', r.plan.reason);
  assert.equal(topOf(r), '10.250.15.191', r.plan.reason);
  assert.match(r.cited[0] ?? '', /of size 3538321 from \/10\.250\.15\.191/);
});
