// Round 10's rules (README.md of eval/generality): RFC 5424 syslog read by field (SYSLOG_5424),
// a message restating its record's fields (RESTATED_FIELD_VALUES), a record's kind named by its
// type field (RECORD_KIND_FIELD), a bare last logfmt value with spaces (LOGFMT_REST_VALUE), a
// tail after a value-only header (VALUE_HEADER_TAIL), one-word `key=` tails (ONE_WORD_KEY_TAIL)
// and a path that leaves its closing bracket (PATH_LEAVES_CLOSER). Each test fails on the round-9
// code, where these lines split by a value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';
import { tokenize } from './mask.js';
import { messageTemplateOf, parseStructured } from './structured.js';
import { parseSyslog5424 } from './syslog5424.js';

/** The number of templates the lines end up in. */
function templates(lines: readonly string[]): { count: number; miner: TemplateMiner; ids: number[] } {
  const miner = new TemplateMiner();
  const ids = lines.map((l) => miner.add(l).templateId);
  return { count: new Set(ids.map((id) => miner.resolve(id))).size, miner, ids: ids.map((id) => miner.resolve(id)) };
}

const srxClose = (reason: string, app: string, policy: string, n: number) =>
  `<14>1 2024-06-12T10:00:0${n % 10}.259963+00:00 srx-fw-0${(n % 2) + 1} RT_FLOW - RT_FLOW_SESSION_CLOSE [junos@2636.1.1.1.2.129 reason="${reason}" source-address="10.3.32.${n}" source-port="${15000 + n}" destination-address="10.2.21.${n}" destination-port="443" service-name="${app}" policy-name="${policy}" session-id-32="${4000 + n}"] session closed ${reason}: 10.3.32.${n}/${15000 + n}->10.2.21.${n}/443 ${app} 6 ${policy} ${4000 + n}`;

test('SYSLOG_5424: header, SD parameters and message are read by field; nil values are absent', () => {
  const st = parseStructured(srxClose('TCP FIN', 'junos-https', 'allow-web', 5))!;
  assert.equal(st.kind, 'syslog');
  const f = new Map(st.fields);
  assert.equal(f.get('host'), 'srx-fw-02');
  assert.equal(f.get('appname'), 'RT_FLOW');
  assert.equal(f.get('msgid'), 'RT_FLOW_SESSION_CLOSE');
  assert.equal(f.has('procid'), false, '`-` is the nil value');
  assert.equal(f.get('reason'), 'TCP FIN');
  assert.equal(f.get('service-name'), 'junos-https');
  assert.ok(st.message.startsWith('session closed TCP FIN: '));
  assert.ok(st.shape.startsWith('<<*>>1 <*> <*> RT_FLOW <*> RT_FLOW_SESSION_CLOSE [junos@2636.1.1.1.2.129 reason="<*>" '));
  // escapes inside values, two elements, no message, a BOM before the message
  const two = parseSyslog5424('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="App \\"x\\" \\]"][examplePriority@32473 class="high"]', '\u0003')!;
  assert.deepEqual(two.fields.slice(-3), [['iut', '3'], ['eventSource', 'App "x" ]'], ['class', 'high']]);
  assert.equal(two.message, '');
  assert.equal(parseSyslog5424('<34>1 2003-10-11T22:14:15.003Z host su - ID47 - \uFEFF\'su root\' failed', '\u0003')!.message, "'su root' failed");
  // not RFC 5424: BSD syslog, a malformed SD element, text after the SD without a space
  assert.equal(parseSyslog5424('<34>Oct 11 22:14:15 mymachine su: su root failed', '\u0003'), undefined);
  assert.equal(parseSyslog5424('<34>1 2003-10-11T22:14:15Z h a - m [id k=v] x', '\u0003'), undefined);
  assert.equal(parseSyslog5424('<34>1 2003-10-11T22:14:15Z h a - m [id k="v"]x', '\u0003'), undefined);
});

test('SYSLOG_5424: the message template reads back from the line template', () => {
  const { miner, ids } = templates([srxClose('TCP FIN', 'junos-https', 'allow-web', 5)]);
  const t = miner.template(ids[0])!;
  // the restated reason is a value from the first line on (RESTATED_FIELD_VALUES)
  assert.equal(messageTemplateOf(t, 'msg', 'syslog'), 'session closed <*>: <*>/<*>-><*>/<*> junos-https <*> allow-web <*>');
  assert.ok(t.endsWith('] session closed <*>: <*>/<*>-><*>/<*> junos-https <*> allow-web <*>'));
});

test('RESTATED_FIELD_VALUES + SYSLOG_5424: session records whose message restates their parameters are one template', () => {
  const lines: string[] = [];
  const reasons = ['TCP FIN', 'TCP RST', 'idle Timeout', 'unset'];
  const apps = ['junos-https', 'junos-dns-udp', 'junos-ssh'];
  const policies = ['allow-web', 'default-deny', 'allow-mgmt'];
  for (let n = 0; n < 36; n++) lines.push(srxClose(reasons[n % 4], apps[n % 3], policies[(n >> 2) % 3], n + 10));
  assert.equal(templates(lines).count, 1);
});

test('RESTATED_FIELD_VALUES: a restated CamelCase event name keeps its kinds apart', () => {
  const ev = (reason: string, node: string) =>
    JSON.stringify({ reason, message: `Node ${node} status is now: ${reason}`, type: 'Normal', source: { component: 'kubelet' } });
  const { count } = templates(['node-1', 'node-2', 'node-3', 'node-4'].flatMap((n) => [ev('NodeReady', n), ev('NodeNotReady', n)]));
  assert.equal(count, 2);
});

test('RECORD_KIND_FIELD: audit records of one key set and different types are different templates; values still vary', () => {
  const pam = (type: string, op: string, acct: string, res: string) =>
    `type=${type} msg=audit(1718186400.${String(acct.length).padStart(3, '0')}:28635${acct.length}): pid=85710 uid=0 auid=1000 ses=4294967295 subj=unconfined msg='op=${op} grantors=pam_unix acct="${acct}" exe="/usr/sbin/sshd" hostname=? addr=172.72.1.2 terminal=ssh res=${res}'`;
  const lines = ['alice', 'bob', 'deploy', 'root'].flatMap((u) => [
    pam('USER_AUTH', 'PAM:authentication', u, 'success'),
    pam('USER_ACCT', 'PAM:accounting', u, 'success'),
    pam('CRED_ACQ', 'PAM:setcred', u, 'failed'),
  ]);
  const { count, miner, ids } = templates(lines);
  assert.equal(count, 3);
  assert.ok(miner.template(ids[0])!.startsWith('type=USER_AUTH msg='));
  // a record whose message names it (CloudTrail's eventName) keeps its type field a value
  const ct = parseStructured(JSON.stringify({ eventName: 'ListBuckets', eventType: 'AwsApiCall', awsRegion: 'eu-west-1' }))!;
  assert.ok(ct.shape.includes('"eventType":<*>'));
});

test('LOGFMT_REST_VALUE: a bare last value with spaces is still that key set', () => {
  const title = (t: string) => `type=PROCTITLE msg=audit(1718186402.566:58934${t.length}): proctitle=${t}`;
  const lines = ['2F7573722F62696E2F6375726C002D73', 'sshd: alice [priv]', '2F62696E2F62617368002D63', 'sshd: bob [priv]'].map(title);
  assert.equal(parseStructured(lines[1])?.kind, 'logfmt');
  assert.deepEqual(parseStructured(lines[1])!.fields.at(-1), ['proctitle', 'sshd: alice [priv]']);
  assert.equal(templates(lines).count, 1);
  // free text with pairs in it, and a rest that holds a pair, are plain lines
  assert.equal(parseStructured('level=info msg=ok started worker pool=default'), undefined);
  assert.equal(parseStructured('user=alice logged in from somewhere'), undefined);
});

test('VALUE_HEADER_TAIL: after a header of values only, a two-word phrase opens a tail', () => {
  const info = ['IV_VER=2.6.8', 'IV_PLAT=win', 'IV_PLAT=mac', 'IV_PROTO=990', 'IV_TCPNL=1', 'IV_SSO=webauth,openurl,crtext'];
  const lines = info.map((x, i) => `2024-06-12 10:00:0${i} 81.86.14.${i + 10}:4761${i} peer info: ${x}`);
  assert.equal(templates(lines).count, 1);
});

test('ONE_WORD_KEY_TAIL: a last `key=` value of one word or several is one value once both were seen', () => {
  const users = ['alice', 'bob', 'carol', 'dave'];
  const lines = users.flatMap((u, i) => [
    `2024-06-12 10:00:0${i} 81.86.14.${i + 10}:4761${i} VERIFY OK: depth=1, CN=Acme VPN CA`,
    `2024-06-12 10:00:0${i} 81.86.14.${i + 10}:4761${i} VERIFY OK: depth=0, CN=${u}`,
  ]);
  assert.equal(templates(lines).count, 1);
  // one-word values alone stay the sibling rule's: `user=root` and `user=guest` are two statements
  // (LogHub's lines, pam's `user=` two spaces after its other fields: a single-spaced run of fields
  // is a key set whose values vary, KEY_VALUE_TAIL)
  const linux = ['root', 'guest'].flatMap((u) => [1, 2, 3].map((n) => `Jun 14 15:16:0${n} combo sshd(pam_unix)[1988${n}]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=10.0.0.${n}  user=${u}`));
  assert.equal(templates(linux).count, 2);
});

test('PATH_LEAVES_CLOSER: a path closed by a bracket around it leaves the bracket', () => {
  const toks = tokenize('item "web-01:vfs.file.cksum[/etc/passwd]" became not supported').tokens;
  const after = toks.find((t) => t.text === 'became')!;
  assert.equal(after.pre, ']" ');
  // a path holding its own brackets keeps them
  const own = tokenize('open /var/lib/[x]/data failed').tokens;
  assert.equal(own.find((t) => t.text === 'failed')!.pre, ' ');
});

test('SHAPE_READS_SPANS_AS_ONE: a tail rule made beside an uncollapsed quote still fires once the quote is one value', () => {
  const items = ['web-01:vfs.file.cksum[/etc/passwd]', 'db-01:vfs.fs.size[/var,pfree]', 'web-02:system.cpu.load[all,avg1]'];
  const reasons = ['Timeout while executing a shell script.', 'Unsupported item key.', 'Cannot open file: [13] Permission denied', 'Cannot find information for this network interface in /proc/net/dev.'];
  const lines: string[] = [];
  let k = 0;
  for (let r = 0; r < 4; r++)
    for (const it of items) for (const re of reasons) lines.push(`  12${++k}:20240612:1000${k}.597 item "${it}" became not supported: ${re}`);
  const { count, miner, ids } = templates(lines);
  assert.equal(count, 1);
  assert.equal(miner.template(ids.at(-1)!), '<*>:<*>:<*> item "<*>" became not supported: <*>');
});
