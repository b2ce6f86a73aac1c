import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractValues, keyBefore, MAX_VALUE_CHARS, MAX_VALUES_PER_LINE, toBase } from './extract.js';

const show = (line: string, template?: string) => extractValues(line, template).map((v) => `${v.key}=${v.kind}:${v.text}${v.unit ? `|${v.num}${v.unit}` : ''}`);

test('plain lines: typed values named by the word before them; dates and clock times are not values', () => {
  assert.deepEqual(show('Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root from 173.234.31.186 port 38926 ssh2'), [
    // the syslog header's host (values/keys.test.ts)
    'host=word:LabSZ',
    'sshd=int:24200',
    'from=ip:173.234.31.186',
    'port=int:38926',
  ]);
  assert.deepEqual(show('081110 103720 27 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.74.227:50010 is added to blk_-6952295868487656571 size 67108864'), [
    'updated=ipport:10.251.74.227:50010',
    'added=id:blk_-6952295868487656571',
    'size=int:67108864',
  ]);
  assert.deepEqual(show('17/06/09 20:10:41 INFO broadcast.TorrentBroadcast: Reading broadcast variable 9 took 12 ms'), ['variable=int:9', 'took=duration:12 ms|12ms']);
  assert.deepEqual(show('upstream inventory:8080 answered 1.98 KB in 1.5s (97.5%) see https://x.example.com/a?b=1'), [
    'upstream=hostport:inventory:8080',
    'answered=size:1.98 KB|1.98KB',
    'in=duration:1.5s|1.5s',
    'see=percent:97.5%|97.5%',
    'see=url:https://x.example.com/a?b=1',
  ]);
});

test('the template adds the words it holds as variables; a line that no longer fits it adds nothing', () => {
  const line = 'Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root from 173.234.31.186 port 38926 ssh2';
  const t = '<*> LabSZ sshd[<*>]: Failed password for <*> from <*> port <*> ssh2';
  assert.ok(show(line, t).includes('for=word:root'));
  assert.ok(!show(line, '<*> LabSZ sshd[<*>]: Accepted password for <*> from <*>').some((v) => v.includes('root')));
});

test('JSON and logfmt lines: every field is a named slot; message fields are scanned for values too', () => {
  const json = '{"ts":"2026-11-24T14:05:03.054Z","level":"error","service":"checkout","msg":"payment failed","order_id":"ord-3ed5bf","error":"upstream payment-svc responded 503 after 5001ms","ctx":{"pod":"checkout-7d9f","retries":3}}';
  assert.deepEqual(show(json), [
    'level=word:error',
    'service=word:checkout',
    'msg=text:payment failed',
    'order_id=id:ord-3ed5bf',
    'error=text:upstream payment-svc responded 503 after 5001ms',
    'responded=int:503',
    'after=duration:5001ms|5001ms',
    'ctx.pod=id:checkout-7d9f',
    'ctx.retries=int:3',
  ]);
  assert.deepEqual(show('level=warn msg="pool exhausted" pool=db used=50 max=50 wait=1.2s'), [
    'level=word:warn',
    'msg=text:pool exhausted',
    'pool=word:db',
    'used=int:50',
    'max=int:50',
    'wait=duration:1.2s|1.2s',
  ]);
});

test('bounds: values per line, value length; units convert to a base for aggregation', () => {
  const many = Array.from({ length: 500 }, (_, i) => `k${i}=${i}`).join(' ');
  assert.equal(extractValues(many).length, MAX_VALUES_PER_LINE);
  const long = `id ${'a1'.repeat(10_000)}`;
  for (const v of extractValues(long)) assert.ok(v.text.length <= MAX_VALUE_CHARS);
  assert.equal(toBase(1.5, 's'), 1500);
  assert.equal(toBase(2, 'KB'), 2048, 'upper-case KB is binary, as JVM, Spark and proxy logs write it');
  assert.equal(toBase(2, 'kB'), 2000);
  assert.equal(toBase(1, 'KiB'), 1024);
  assert.equal(toBase(3, undefined), undefined);
  assert.equal(keyBefore('block of size 12', 14), 'size');
  assert.equal(keyBefore('user=alice', 5), 'user');
});

test('a value with punctuation or a level before it is named by the word after it; name=value pairs in text are values', () => {
  assert.deepEqual(show('17/06/09 20:10:46 INFO executor.Executor: Finished task 0.0 in stage 7.0 (TID 8). 2128 bytes result sent to driver'), [
    'task=float:0.0',
    'stage=float:7.0',
    'tid=int:8',
    'result=size:2128 bytes|2128B',
  ]);
  // the bracketed restatement of a size is not a second value
  assert.deepEqual(show('chrome.exe - a.b.com:443 close, 1603 bytes (1.56 KB) sent, 3036 bytes (2.96 KB) received, lifetime 00:02').slice(0, 4), [
    // the program name is a value too (the test below)
    'program=word:chrome.exe',
    'close=hostport:a.b.com:443',
    'sent=size:1603 bytes|1603B',
    'received=size:3036 bytes|3036B',
  ]);
  assert.deepEqual(show('- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 RAS KERNEL INFO 15 floating point alignment exceptions').slice(-1), ['floating=int:15']);
  assert.ok(show('sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4  user=root').includes('user=word:root'));
  assert.equal(extractValues('ciod: generated 128 core files for program x').find((v) => v.text === '128')?.after, 'core');
});

test('structured lines share the miner reading: levels by name, message words from its template, access-log fields', () => {
  // pino: numeric level, epoch time not a value, the message's variable word named by the word before it
  const pino = '{"level":30,"time":1718186400123,"pid":1,"msg":"user alice signed in via github","userId":42}';
  assert.deepEqual(show(pino, '{"level":<*>,"time":<*>,"pid":<*>,"msg":"user <*> signed in via <*>","userId":<*>}'), [
    'level=word:info',
    'pid=int:1',
    'msg=text:user alice signed in via github',
    'user=word:alice',
    'via=word:github',
    'userid=int:42',
  ]);
  // an access-log line: every field by name, `-` is absent, the time is the entry's
  assert.deepEqual(show('10.0.0.1 - - [12/Jun/2024:10:00:00 +0000] "GET /api/v1/orders/12 HTTP/1.1" 502 157 "-" "curl/8.5.0"'), [
    'remote_addr=ip:10.0.0.1',
    'method=word:GET',
    'path=path:/api/v1/orders/12',
    'protocol=word:HTTP/1.1',
    'status=int:502',
    'bytes=int:157',
    'user_agent=word:curl/8.5.0',
  ]);
});

test('name:number: a camelCase name or one the template writes before its slot is a key, not a host and port', () => {
  assert.ok(show('Read out cached package applicability for package: P~1, ApplicableState: 80, CurrentState:112').includes('currentstate=int:112'));
  assert.ok(show('Read out cached package applicability for package: P~1, ApplicableState: 80, CurrentState:0').includes('currentstate=int:0'));
  assert.ok(show('Recalculating schedule, headroom=<memory:10240, vCores:-17>', 'Recalculating schedule, headroom=<memory:<*>, vCores:<*>>').includes('memory=int:10240'));
  assert.ok(show('Recalculating schedule, headroom=<memory:0, vCores:-17>', 'Recalculating schedule, headroom=<memory:<*>, vCores:<*>>').includes('memory=int:0'));
  // a negative number after a camelCase key is that key's value, not an id "vCores:-17"
  assert.ok(show('Recalculating schedule, headroom=<memory:0, vCores:-17>', 'Recalculating schedule, headroom=<memory:<*>, vCores:<*>>').includes('vcores=int:-17'));
  assert.ok(show('upstream inventory:8080 answered').includes('upstream=hostport:inventory:8080'), 'a lower-case name without a template is still a host');
  assert.ok(show('connect to redis:6379 failed', 'connect to <*> failed').some((v) => v.startsWith('to=hostport:redis:6379') || v.includes('hostport:redis:6379')), 'a host the template holds as a slot stays a host');
});

test('a file or program name is one value with its extension, and a Windows bitness mark is part of it; a program named by nothing else is the program', () => {
  // Proxifier (LogHub's Program column holds "chrome.exe" and "chrome.exe *64")
  assert.deepEqual(show('[10.30 16:51:56] svchost.exe *64 - proxy.cse.cuhk.edu.hk:5070 close, 303 bytes sent, 275 bytes received, lifetime <1 sec').slice(0, 2), [
    'program=word:svchost.exe *64',
    'close=hostport:proxy.cse.cuhk.edu.hk:5070',
  ]);
  const line = '[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS';
  assert.deepEqual(show(line, '[<*>] <*>.exe - <*>:<*> open through proxy <*>:<*> HTTPS')[0], 'program=word:chrome.exe');
  assert.ok(!show(line).some((v) => v.includes(':64') || v.endsWith(':chrome')));
  // a slot inside a token the template keeps in part is the whole token
  assert.deepEqual(show('user foo.bar logged in', 'user <*>.bar logged in'), ['user=word:foo.bar']);
  // a data file is no program: it keeps the name the line gives it, or none
  assert.deepEqual(show('[10.30 16:51:56] cache.dat - opened'), ['=word:cache.dat']);
  // a host name keeps its kind ("com" is a top-level domain, not an extension)
  assert.deepEqual(show('resolved www.example.com ok'), ['resolved=host:www.example.com']);
});

test('a key written as `key=` names the value after it, not a bare number before it', () => {
  // HPC: the "1" flag before ambient= is no temperature
  const vs = extractValues('2552992 node-212 node temperature 1072633140 1 ambient=30', '<*> node temperature <*> ambient=<*>');
  assert.deepEqual(vs.filter((v) => v.key === 'ambient').map((v) => v.text), ['30']);
  assert.equal(vs.find((v) => v.text === '1')?.after, undefined);
  assert.deepEqual(extractValues('51338 node-3 node psu 1106496000 1 psu failure\\ ambient=28').filter((v) => v.key === 'ambient').map((v) => v.text), ['28']);
});

test("logcat's threadtime header: the process and thread ids after the clock are values (pid, tid); other headers' numbers are not", () => {
  assert.deepEqual(show('03-17 16:13:38.819  1702  8671 D PowerManagerService: release:lock=189667585, flg=0x0'), ['pid=int:1702', 'tid=int:8671', 'lock=int:189667585', 'flg=id:0x0']);
  // HDFS writes its thread after a clock without colons; a number after a plain clock is a count or a status
  assert.deepEqual(show('081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating'), ['packetresponder=int:1', 'block=id:blk_38865049064139660']);
  assert.deepEqual(show('12:00:01 200 OK sent 512 bytes'), ['sent=size:512 bytes|512B']);
});

test('a host:port whose name starts with a digit is one address; a version or number before a port is not', () => {
  const line = '2015-10-18 18:01:57,447 INFO [AsyncDispatcher event handler] org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl: TaskAttempt: [attempt_1445144423722_0020_m_000000_0] using containerId: [container_1445144423722_0020_01_000002 on NM: [04DN8IQ.fareast.corp.microsoft.com:54883]';
  assert.ok(show(line).includes('nm=hostport:04DN8IQ.fareast.corp.microsoft.com:54883'), show(line).join(' '));
  // all digits: no host name
  assert.ok(!show('listening on 3.0.1:8080 now').some((v) => v.includes('hostport:3.0.1:8080')));
});

test('a possessive before `key =` makes the line\'s own slot ("my id = 3": my_id), apart from the peer\'s `id`', () => {
  const line = '2015-07-29 19:13:24,282 - WARN  [RecvWorker:188978561024:QuorumCnxManager$RecvWorker@762] - Connection broken for id 188978561024, my id = 1, error = ';
  const shown = show(line);
  assert.ok(shown.includes('id=int:188978561024'), shown.join(' '));
  assert.ok(shown.includes('my_id=int:1'), shown.join(' '));
  // without a possessive the key stays as written
  assert.ok(show('proposed zxid=5 for route = 7').includes('route=int:7'));
});

test('a particle written as `key:` takes its verb ("Notification time out: 60000": timeout, not out)', () => {
  const shown = show('2015-08-25 10:50:16,211 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 60000');
  assert.ok(shown.includes('timeout=int:60000'), shown.join(' '));
  assert.ok(show('cache size: 12').includes('size=int:12'));
});
