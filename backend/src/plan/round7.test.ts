// Round 7 of issue #12: the noun a question asks for ("which NTP server did hosts sync to", "client IP
// with the most GET requests"), the end of a transfer a verb asks for ("which datanode received X"),
// names written as plain words ("for magnos", "the inspur account"), plural slot nouns ("top 3 IPs"),
// "who ... (remote host)", "time to read X" as a duration, "overall" as a total, and a cited line of
// each kind that made the answer.
import assert from 'node:assert/strict';
import { askFixture, FIXTURE_T0, topOf } from './ask-fixture.js';
import { test } from 'node:test';
import { IngestPipeline } from '../ingest/pipeline.js';
import { Store } from '../store/store.js';
import { TemplateRepo, templatesMigration } from '../templates/index.js';
import { valuesMigration } from '../values/migration.js';
import { ValueWriter } from '../values/store.js';
import { Planner } from './planner.js';
import { askedNoun, entityWords, intentOf, readQuestion, verbDirection } from './question.js';

const SEC = 1_000_000_000n;
const T0 = FIXTURE_T0;

const fixture = (lines: string[], job?: string) => askFixture(lines, job).ask;
const top = topOf;

test('the noun asked for: after which/what/top N/busiest, the last noun of a compound, none for a field of its own', () => {
  assert.equal(askedNoun('which NTP server did hosts sync to the most?'), 'server');
  assert.equal(askedNoun('which client IP made the most GET requests?'), 'ip');
  assert.equal(askedNoun('client address with the highest number of GET requests?'), 'address');
  assert.equal(askedNoun('top 3 remote hosts by pam authentication failures?'), 'hosts');
  assert.equal(askedNoun('[OpenStack] busiest client by GET requests?'), 'client');
  // "user agent", "client software": the compound names a field no slot noun heads
  assert.equal(askedNoun('which user agent sent the most requests?'), undefined);
  // a verb between the opener and a noun: that noun is not the one asked ("program" is a slot noun since round 8)
  assert.equal(askedNoun('What daemon dumped core files on R12-M1-N4?'), undefined);
});

test('verbs name the end of a transfer; plain words after "for" / before "account" are names; plurals, who, durations, totals', () => {
  assert.equal(verbDirection('which datanode received blk_1?'), 'to');
  assert.equal(verbDirection('which datanode IP served blk_1?'), 'from');
  assert.equal(verbDirection('which datanode sent and received blk_1?'), undefined);
  assert.equal(readQuestion('blk_1 was received from which address?').towards, 'from');
  assert.deepEqual(entityWords('lowest source port of a failed password for magnos'), ['magnos']);
  assert.deepEqual(entityWords('who hammered the inspur account the most (source ip)?'), ['inspur']);
  assert.equal(readQuestion('who failed authentication the most (remote host)?').who, false);
  assert.ok(readQuestion('who failed authentication the most?').slotWords.includes('user'));
  assert.deepEqual(intentOf('time to read broadcast variable 15?'), { intent: 'lookup', quantity: 'duration' });
  assert.equal(intentOf('bytes sent to suggestion.baidu.com:80 overall').intent, 'sum');
  assert.ok(!readQuestion('busiest client by GET requests?').words.includes('busiest'), 'an intent word describes no line');
});

test('"which NTP server did hosts sync to the most?": the server asked, not the host that logged', async () => {
  const lines: string[] = [];
  const hosts = ['dn228', 'dn73', 'bn413', 'bn62', 'an1', 'an2', 'cn7'];
  for (let i = 0; i < 21; i++) lines.push(`Nov 9 12:0${i % 10}:0${i % 6} ${hosts[i % hosts.length]} ntpd[${2000 + i}]: synchronized to ${i % 3 ? '10.100.20.250' : '10.100.18.250'}, stratum ${2 + (i % 2)}`);
  // one host logs far more lines than any server count: a ranking by host would name it
  for (let i = 0; i < 30; i++) lines.push(`Nov 9 12:10:${String(i).padStart(2, '0')} dn228 ntpd[${3000 + i}]: synchronized to 10.100.${30 + i}.1, stratum 2`);
  const ask = fixture(lines, 'tbird');
  const r = await ask('which NTP server did hosts sync to the most?');
  assert.equal(top(r), '10.100.20.250', r.plan.reason);
});

test('"which client IP made the most GET requests?": the unnamed address that leads the line, not the path GET names', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 24; i++) lines.push(`nova.osapi_compute.wsgi.server ${i % 4 ? '10.11.10.1' : '10.11.21.132'} "GET /v2/servers/${i % 3 ? 'detail' : `x${i}`} HTTP/1.1" status: 200 len: ${1000 + i} time: 0.${200 + i}`);
  const ask = fixture(lines, 'openstack');
  const r = await ask('which client IP made the most GET requests?');
  assert.equal(top(r), '10.11.10.1', r.plan.reason);
  const a = await ask('client address with the highest number of GET requests?');
  assert.equal(top(a), '10.11.10.1', a.plan.reason);
});

test('"which datanode received blk_X?": the receiving end (dest), not the sender (src); "served": the server', async () => {
  const lines: string[] = [];
  // three receiving datanodes, a sender per block: the sender's slot varies more (and would win a tie)
  for (let i = 0; i < 12; i++) lines.push(`081109 2036${String(i).padStart(2, '0')} 35 INFO dfs.DataNode$DataXceiver: Receiving block blk_${1000 + i} src: /10.251.${i}.10:${40000 + i} dest: /10.250.${i % 3}.20:50010`);
  for (let i = 0; i < 12; i++) lines.push(`081109 2037${String(i).padStart(2, '0')} 35 INFO dfs.DataNode$DataXceiver: 10.250.${i}.30:50010 Served block blk_${1000 + i} to /10.251.${i}.40`);
  const ask = fixture(lines, 'hdfs');
  const r = await ask('which datanode received blk_1003?');
  assert.equal(r.result?.value, '10.250.0.20:50010', r.plan.reason);
  const s = await ask('which datanode IP served blk_1005?');
  assert.equal(s.result?.value, '10.250.5.30', s.plan.reason);
});

test('"for magnos", "the inspur account": a plain-word name filters, as text (a line of its template written before it generalised holds no value)', async () => {
  const lines: string[] = [];
  const users = ['magnos', 'cisco', 'inspur', 'guest', 'oracle'];
  for (let i = 0; i < 30; i++) lines.push(`Dec 10 07:${String(10 + i).padStart(2, '0')}:01 LabSZ sshd[${24000 + i}]: Failed password for invalid user ${users[i % 5]} from ${i % 5 === 2 && i > 10 ? '183.136.162.51' : `10.0.${i}.1`} port ${50000 + i * 7} ssh2`);
  const ask = fixture(lines, 'openssh');
  const min = await ask('lowest source port of a failed password for magnos');
  assert.equal(min.result?.value, 50000, min.plan.reason);
  const who = await ask('who hammered the inspur account the most (source ip)?');
  assert.equal(top(who), '183.136.162.51', who.plan.reason);
});

test('"top 3 IPs by ... lines": a plural slot noun the stemmer leaves whole names the IP slot', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 20; i++) lines.push(`Dec 10 07:${String(10 + i).padStart(2, '0')}:45 LabSZ sshd[${24200 + i}]: Received disconnect from ${i % 3 ? '183.62.140.253' : `52.80.34.${i}`}: 11: Bye Bye [preauth]`);
  const ask = fixture(lines, 'openssh');
  const r = await ask('top 3 IPs by "Received disconnect" lines?');
  assert.equal(top(r), '183.62.140.253', r.plan.reason);
});

test('a ranking cites a line of each kind of line the winner was counted in', async () => {
  const lines: string[] = [];
  const users = ['api', 'admin', 'test', 'admin', 'guest', 'admin', 'oracle', 'admin'];
  // the kind checked below is neither the winner's first line nor its last
  for (let i = 0; i < 8; i++) lines.push(`Dec 10 09:0${i}:38 LabSZ sshd[${24400 + i}]: Invalid user ${users[i]} from 185.190.58.151`);
  for (let i = 0; i < 8; i++) lines.push(`Dec 10 09:2${i}:42 LabSZ sshd[${24600 + i}]: Failed password for invalid user ${users[i]} from 185.190.58.151 port ${5000 + i} ssh2`);
  for (let i = 0; i < 8; i++) lines.push(`Dec 10 09:3${i}:40 LabSZ sshd[${24500 + i}]: input_userauth_request: invalid user ${users[i]} [preauth] from 185.190.58.151`);
  const ask = fixture(lines, 'openssh');
  const r = await ask('most tried invalid user name from 185.190.58.151?');
  assert.equal(top(r), 'admin', r.plan.reason);
  assert.ok(r.plan.targets.length >= 2, r.plan.reason);
  assert.ok(r.cited.some((l) => l.includes('Failed password for invalid user admin')), r.cited.join('\n'));
});

test('"which node logged the most "<text>" lines": the machine that wrote each of those lines, not a slot of theirs', async () => {
  const lines: string[] = [];
  let id = 40_000;
  const nodes = ['Interconnect-1N01', 'Interconnect-1N01', 'Interconnect-1N03', 'Interconnect-1N01', 'Interconnect-0N02'];
  for (let i = 0; i < 15; i++) lines.push(`${id++} ${nodes[i % nodes.length]} switch_module error ${1074119817 + i} ${i % 4 ? 1 : 0} Linkerror event interval expired`);
  for (let i = 0; i < 9; i++) lines.push(`${id++} node-${i} node status ${1077215250 + i} 1 configured out`);
  const ask = fixture(lines, 'hpc');
  const r = await ask('which node logged the most "Linkerror event interval expired" lines');
  assert.equal(top(r), 'Interconnect-1N01', r.plan.reason);
  assert.equal(askedNoun('which node logged the most lines?'), 'node', 'a verb after the noun asked is no compound');
});

test('"total block bytes that came from <ip>": of the kinds holding the address, those writing it at the sending end', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) {
    const ip = `10.251.${i % 3}.192`;
    lines.push(`081109 2036${String(i).padStart(2, '0')} 148 INFO dfs.DataNode$PacketResponder: Received block blk_${7000 + i} of size ${1000 + i} from /${ip}`);
    // the same address storing other blocks: not bytes that came from it
    lines.push(`081109 2037${String(i).padStart(2, '0')} 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: ${ip}:50010 is added to blk_${8000 + i} size ${5000 + i}`);
  }
  const ask = fixture(lines, 'hdfs');
  const r = await ask('total block bytes that came from 10.251.0.192?');
  // i = 0, 3, 6, 9
  assert.equal(r.result?.value, 1000 + 1003 + 1006 + 1009, r.plan.reason);
});

test('"which port did <ip> connect from first?": the slot of the earliest line (the latest for "last"), not the commonest value nor a time', async () => {
  const lines: string[] = [];
  const ports = [56539, 40112, 40112, 40112, 51000];
  for (let i = 0; i < 5; i++) lines.push(`Dec 10 07:5${i}:09 LabSZ sshd[${24300 + i}]: Failed password for root from 195.154.37.122 port ${ports[i]} ssh2`);
  for (let i = 0; i < 5; i++) lines.push(`Dec 10 08:0${i}:09 LabSZ sshd[${24400 + i}]: Failed password for root from 10.0.0.${i} port ${30000 + i} ssh2`);
  const ask = fixture(lines, 'openssh');
  const first = await ask('which port did 195.154.37.122 connect from first?');
  assert.equal(first.plan.pick, 'first', first.plan.reason);
  assert.equal(first.result?.value, 56539, first.plan.reason);
  const last = await ask('last source port 195.154.37.122 used?');
  assert.equal(last.result?.value, 51000, last.plan.reason);
  const when = await ask('when did 195.154.37.122 first fail a password?');
  assert.equal(when.plan.intent, 'first', when.plan.reason);
});

test('"how much data went to <host:port>": the bytes sent on its connections; "came from": the bytes received', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) lines.push(`[10.30 16:49:${String(10 + i).padStart(2, '0')}] chrome.exe - ${i % 2 ? 'csi.gstatic.com:443' : 'live.github.com:443'} close, ${100 + i} bytes sent, ${900 + i * 10} bytes received, lifetime 00:0${i % 9}`);
  const ask = fixture(lines, 'proxifier');
  const to = await ask('how much data went to csi.gstatic.com:443 in total');
  assert.equal(to.result?.value, 101 + 103 + 105 + 107 + 109 + 111, to.plan.reason);
  const from = await ask('how much data came from csi.gstatic.com:443 in total');
  assert.equal(from.result?.value, 910 + 930 + 950 + 970 + 990 + 1010, from.plan.reason);
});

test('a plain-word name that named a label value ("for checkout" with job=checkout) scopes the streams, it filters no line', async () => {
  const store = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration] });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const p = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger });
  const users = ['checkout', 'guest', 'oracle', 'admin'];
  p.ingest('test', Array.from({ length: 12 }, (_, i) => ({ tenant: 't', labels: { job: 'checkout' }, tsNs: T0 + BigInt(i) * SEC, line: `Failed password for invalid user ${users[i % 4]} from 10.0.0.${i} port ${5000 + i} ssh2` })));
  const streamIds = store.streams('t').map((s) => s.id);
  const planner = new Planner(store.db);
  const q = 'lowest port of a failed password for checkout';
  const named = await planner.plan({ tenant: 't', question: q, streamIds, asksForCause: false });
  assert.ok(named.filters.some((f) => f.text === 'checkout'), named.reason);
  const hinted = await planner.plan({ tenant: 't', question: q, streamIds, asksForCause: false, usedWords: ['checkout'] });
  assert.ok(!hinted.filters.some((f) => f.text === 'checkout'), hinted.reason);
});
