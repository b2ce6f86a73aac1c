// Round 9 of the question rounds (dev-extra9): questions typed the way an on-call engineer types them
// ("tot bytes sent to X", "# of failed pw from <ip>", "which dn", "biggest source of ... (ip)"), a
// count of an identifier no line holds (0, not the count of every line of its kind), logcat's header
// process/thread ids as values ranked by, and time phrases that describe no line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { askFixture, topOf } from './ask-fixture.js';
import { identifiers, intentOf, readQuestion, stem } from './question.js';
import { hasStem, TemplateStems } from './words.js';
import { expandShorthand } from './shorthand.js';

test('expandShorthand: whole-word abbreviations are written out; identifiers and paths that contain them are not', () => {
  assert.equal(expandShorthand('tot bytes sent to api.example.org:443'), 'total bytes sent to api.example.org:443');
  assert.equal(expandShorthand('ip 10.0.0.1: # of failed pw attempts?'), 'ip 10.0.0.1: number of failed password attempts?');
  assert.equal(expandShorthand('# failed passwords from 10.0.0.1'), 'number of failed passwords from 10.0.0.1');
  assert.equal(expandShorthand('blk_1 landed on which dn'), 'blk_1 landed on which datanode');
  assert.equal(expandShorthand('secs to build the instance? bcast var 37 read time'), 'seconds to build the instance? broadcast variable 37 read time');
  assert.equal(expandShorthand('first src port? smallest recv bytes on one conn'), 'first source port? smallest received bytes on one connection');
  // inside names and paths nothing changes
  assert.equal(expandShorthand('how many lines did dn228 log under /var/www and src:/tmp?'), 'how many lines did dn228 log under /var/www and src:/tmp?');
  assert.equal(expandShorthand('tot.example.org:80 sz'), 'tot.example.org:80 size');
});

/** A proxy and an ssh daemon: bytes sent per target, failed passwords per address. */
function lines(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 30; i++) {
    const target = i % 3 === 0 ? 'api.example.org:443' : 'cdn.example.org:443';
    const prog = i % 5 === 0 ? '360AP.exe' : 'sync.exe';
    out.push(`[10.30 16:${String(10 + i).padStart(2, '0')}:01] ${prog} - ${target} close, ${100 + i} bytes sent, ${2000 + i} bytes received, lifetime 00:01`);
    out.push(`Dec 10 06:55:${String(10 + i).padStart(2, '0')} LabSZ sshd[${24200 + i}]: Failed password for root from 10.0.0.${1 + (i % 3)} port ${40000 + i} ssh2`);
    out.push(`Dec 10 06:56:${String(10 + i).padStart(2, '0')} LabSZ sshd[${24300 + i}]: Connection closed by 10.0.2.${1 + (i % 4)} [preauth]`);
    out.push(`Dec 10 06:57:${String(10 + i).padStart(2, '0')} LabSZ sshd[${24400 + i}]: reverse mapping checking getaddrinfo for host${i % 2}.example.net [10.0.3.${1 + (i % 2) + (i % 5 === 0 ? 5 : 0)}] failed - POSSIBLE BREAK-IN ATTEMPT!`);
  }
  return out;
}

test('shorthand questions plan as their written-out words: "tot" is a sum, "# of" a count, "pw" a password', async () => {
  const { ask } = askFixture(lines(), 'mixed');
  const api = Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 === 0);
  const sum = await ask('tot bytes sent to api.example.org:443');
  assert.equal(sum.plan.intent, 'sum', sum.plan.reason);
  assert.equal(sum.result?.value, api.reduce((a, i) => a + 100 + i, 0));
  const count = await ask('10.0.0.2 - # of failed pw?');
  assert.equal(count.plan.intent, 'count', count.plan.reason);
  assert.equal(count.result?.value, 10);
  assert.ok(count.cited.every((l) => l.includes('Failed password') && l.includes('10.0.0.2 ')));
});

test('a program file name starting with a digit ("360AP.exe") is an identifier that filters', async () => {
  assert.deepEqual(identifiers('total bytes 360AP.exe sent through the proxy').filters, ['360AP.exe']);
  const { ask } = askFixture(lines(), 'mixed');
  const r = await ask('total bytes 360AP.exe sent through the proxy');
  const mine = Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 5 === 0);
  assert.equal(r.result?.value, mine.reduce((a, i) => a + 100 + i, 0), r.plan.reason);
});

test('"how many ... from <ip>" where no line in scope holds the address: 0 over the kind described, not every line of it', async () => {
  const { ask } = askFixture(lines(), 'mixed');
  const r = await ask('how many failed passwords came from 10.9.9.9?');
  assert.equal(r.plan.route, 'exact');
  assert.equal(r.plan.intent, 'count');
  assert.equal(r.result?.value, 0, r.plan.reason);
  assert.ok(r.plan.targets.every((t) => t.template.includes('Failed password')), r.plan.reason);
  // an address the store holds still counts its own lines
  assert.equal((await ask('how many failed passwords came from 10.0.0.1?')).result?.value, 10);
});

test('"key: N" names a slot\'s value as "key N" does; "host:443" stays an address', () => {
  assert.deepEqual(readQuestion('how many lines say ApplicableState: 80?').keyed, [{ key: 'applicablestate', text: '80' }]);
  assert.deepEqual(readQuestion('how many lines have uid=1000').keyed, [{ key: 'uid', text: '1000' }]);
  assert.deepEqual(readQuestion('total bytes out to pubads.g.doubleclick.net:443').keyed, []);
});

test('rankings written without "which": "biggest source of X (ip)", "worst offender", "<verb>ed to most"', () => {
  assert.equal(intentOf('biggest source of break-in attempt warnings (ip)?').intent, 'topk');
  assert.equal(intentOf('biggest proxy error offender (program)?').intent, 'topk');
  assert.equal(intentOf('ntp server synced to most').intent, 'topk');
  // a quantity stays a maximum
  assert.equal(intentOf('biggest block size added on 10.0.0.1?').intent, 'max');
  assert.equal(intentOf('largest source port used by 10.0.0.1').intent, 'max');
});

test('dates and time phrases are not identifiers nor words describing the line', () => {
  assert.deepEqual(identifiers('how many WARN lines on 2015-07-29 between 17:41 and 17:45?').filters, []);
  const r = readQuestion('how many WARN lines did NIOServerCnxn log around 17:41 on July 29?');
  assert.ok(!r.words.includes('around') && !r.words.includes('july'), r.words.join(' '));
});

/** Logcat threadtime lines: MediaPlayer under two processes, the system server busiest overall. */
function logcat(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 40; i++) {
    const pid = i % 4 === 0 ? 7111 : 28601;
    const ms = String(100 + i);
    out.push(`03-17 16:13:${String(10 + (i % 50)).padStart(2, '0')}.${ms}  ${pid}  ${pid + (i % 2)} D MediaPlayer: setVolume ${i}`);
    out.push(`03-17 16:14:${String(10 + (i % 50)).padStart(2, '0')}.${ms}  1702  ${2000 + (i % 3)} I PowerManagerService: wake ${i} acquired`);
    if (i % 3 === 0) out.push(`03-17 16:15:${String(10 + (i % 50)).padStart(2, '0')}.${ms}  7111  7120 V MediaPlayer: seekTo ${i}`);
  }
  return out;
}

test('"which pid wrote the most MediaPlayer messages?", "process id with the most lines": ranked by the id the logcat header writes', async () => {
  const { ask } = askFixture(logcat(), 'Android');
  const media = await ask('which pid wrote the most MediaPlayer messages?');
  assert.equal(topOf(media), '28601', media.plan.reason);
  assert.deepEqual(media.result?.top?.map((t) => t.value), [30, 24]);
  const tid = await ask('which thread id logged the most MediaPlayer lines?');
  assert.equal(topOf(tid), '28602', tid.plan.reason);
  const all = await ask('process id with the most log lines?');
  assert.equal(topOf(all), '1702', all.plan.reason);
  assert.equal(all.result?.top?.[0].value, 40);
});

test('"most acquired wake lock tag": the tag= slot is the one asked, not the lock id', async () => {
  const out: string[] = [];
  for (let i = 0; i < 30; i++) {
    const tag = i % 3 === 0 ? 'RILJ_ACK_WL' : i % 3 === 1 ? 'AudioMix' : 'RILJ_ACK_WL';
    out.push(`03-17 16:13:${String(10 + i).padStart(2, '0')}.${100 + i}  1702  ${2600 + i} D PowerManagerService: acquire lock=${233570404 + (i % 4)}, flags=0x1, tag="${tag}", name=com.android.phone, ws=null, uid=${i % 2 ? 1001 : 1000}, pid=2626`);
  }
  const { ask } = askFixture(out, 'Android');
  for (const q of ['most acquired wakelock tag', 'top 3 wake lock tags by # of acquires']) {
    const r = await ask(q);
    assert.equal(topOf(r), 'RILJ_ACK_WL', `${q}: ${r.plan.reason}`);
  }
});

test('"ntp server synced to most": a past tense verb meets the longer form the lines write ("synchronized to <*>")', async () => {
  const out: string[] = [];
  for (let i = 0; i < 30; i++) {
    const host = `bn${100 + (i % 9)}`;
    const server = i % 3 === 0 ? '10.100.22.250' : '10.100.20.250';
    out.push(`- 1131566461 2005.11.09 ${host} Nov 9 12:0${i % 10}:01 ${host}/${host} ntpd[${2000 + i}]: synchronized to ${server}, stratum 3`);
    if (i % 4 === 0) out.push(`- 1131566462 2005.11.09 tbird-admin1 Nov 9 12:0${i % 10}:02 tbird-admin1/tbird-admin1 ntpd[1${i}]: kernel time sync disabled 0041`);
  }
  const { ask } = askFixture(out, 'Thunderbird');
  const r = await ask('ntp server synced to most');
  assert.equal(topOf(r), '10.100.20.250', r.plan.reason);
});

test('"<blk> landed on which dn?": landing and arriving name the receiving end of a transfer', async () => {
  const out: string[] = [];
  for (let i = 0; i < 20; i++) {
    out.push(`081109 2036${10 + i} 1${i} INFO dfs.DataNode$DataXceiver: Receiving block blk_${7000 + i} src: /10.251.39.${100 + i}:${48000 + i} dest: /10.251.39.${10 + (i % 3)}:50010`);
    out.push(`081109 2037${10 + i} 2${i} INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.39.${10 + (i % 3)}:50010 is added to blk_${7000 + i} size 67108864`);
  }
  const { ask } = askFixture(out, 'HDFS');
  for (const q of ['blk_7005 landed on which dn', 'blk_7005 arrived at which datanode?']) {
    const r = await ask(q);
    assert.equal(r.result?.value, '10.251.39.12:50010', `${q}: ${r.plan.reason}`);
  }
});

test('"most tried bogus username": bogus and fake users are the ones the lines call invalid', async () => {
  const out: string[] = [];
  for (let i = 0; i < 30; i++) {
    const user = i % 2 === 0 ? 'admin' : ['oracle', 'test', 'guest', 'pi', 'ftp'][i % 5];
    out.push(`Dec 10 07:0${i % 10}:1${i % 10} LabSZ sshd[${25000 + i}]: Invalid user ${user} from 10.0.4.${1 + (i % 5)}`);
    out.push(`Dec 10 07:1${i % 10}:1${i % 10} LabSZ sshd[${25100 + i}]: Accepted password for ${i % 2 ? 'fred' : 'root'} from 10.0.5.1 port ${5000 + i} ssh2`);
  }
  const { ask } = askFixture(out, 'OpenSSH');
  for (const q of ['most tried bogus username', 'top 3 fake user names tried']) {
    const r = await ask(q);
    assert.equal(topOf(r), 'admin', `${q}: ${r.plan.reason}`);
  }
});

test('"cancelled", "stopped": a stem ending in a doubled consonant meets the lines\' single one ("cancelNotification", "stop")', () => {
  const cancel = new TemplateStems('<*> I NotificationManager: cancelNotificationWithTag pid <*>,uid = <*>');
  assert.ok(cancel.has(stem('cancelled')));
  assert.ok(hasStem(cancel.stems, stem('cancelled')));
  assert.ok(new TemplateStems('Service <*> stop requested').has(stem('stopped')));
  // short stems keep their letters: "call" is not "cal"
  assert.ok(!new TemplateStems('cal <*> ok').has(stem('called')));
});

test('an absolute path of three parts or more is one identifier, digits or not; a two-part route is not', () => {
  assert.deepEqual(identifiers('core files generated for /bgl/apps/swl-prep/ibm-swl/functional/sppm_chkpt/run/sppm overall').filters, ['bgl/apps/swl-prep/ibm-swl/functional/sppm_chkpt/run/sppm']);
  assert.deepEqual(identifiers('core files for /home/spelce1/HPCC_IBM/Urgent/COP/64K/opt_co_dc.rts').filters, ['home/spelce1/HPCC_IBM/Urgent/COP/64K/opt_co_dc.rts']);
  assert.deepEqual(identifiers('how many POST /api/checkout errors?').filters, []);
});
