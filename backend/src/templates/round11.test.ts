// Round 11's rules (README.md of eval/generality): the host of a BSD syslog header is a value
// (MASK_SYSLOG_HOST), a CSV record after a header is read by field, its layout the statement
// (CSV_RECORD), and an interface name glued to an address is one value with it
// (MASK_NAMED_ADDRESS). Each test fails with its rule switched off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';
import { messageTemplateOf, parseStructured } from './structured.js';
import { extractValues } from '../values/extract.js';

function templates(lines: readonly string[]): { count: number; miner: TemplateMiner; ids: number[] } {
  const miner = new TemplateMiner();
  const ids = lines.map((l) => miner.add(l).templateId);
  return { count: new Set(ids.map((id) => miner.resolve(id))).size, miner, ids: ids.map((id) => miner.resolve(id)) };
}

test('MASK_SYSLOG_HOST: two hosts of one statement are one template', () => {
  const lines = ['pfsense-gw', 'pfsense-gw-b'].flatMap((h) =>
    [1, 2, 3].map((n) => `Jun 12 10:00:0${n} ${h} sshguard[7781]: Blocking "141.198.180.${n}/32" for 120 secs (3 attacks in 5 secs, after 1 abuses over 5 secs.)`),
  );
  const { count, miner, ids } = templates(lines);
  assert.equal(count, 1);
  assert.ok(miner.template(ids[0])!.startsWith('<*> sshguard[<*>]: '));
});

const tcp = (host: string, rule: number, iface: string, action: string, flags: string, ack: string) =>
  `Jun 12 10:00:00 ${host} filterlog[43127]: ${rule},,,1718190022,${iface},match,${action},in,4,0x0,,64,55157,0,none,6,tcp,60,34.148.33.129,203.0.113.11,13149,8080,0,${flags},207970486,${ack},29200,,mss`;
const udp = (host: string, rule: number, iface: string, action: string) =>
  `Jun 12 10:00:00 ${host} filterlog[43127]: ${rule},,,1000000103,${iface},match,${action},in,4,0x0,,128,56793,0,DF,17,udp,217,34.138.6.201,203.0.113.11,5804,53,197`;

test('CSV_RECORD: a record after a header is read by field; its layout is the statement', () => {
  const st = parseStructured(tcp('pfsense-gw', 72, 'pppoe0', 'block', 'S', ''))!;
  assert.equal(st.kind, 'csv');
  assert.equal(st.message, 'Jun 12 10:00:00 pfsense-gw filterlog[43127]:');
  assert.deepEqual(st.fields.slice(0, 4), [
    ['msg', 'Jun 12 10:00:00 pfsense-gw filterlog[43127]:'],
    ['field1', '72'],
    ['field4', '1718190022'],
    ['field5', 'pppoe0'],
  ]);
  // a comma list with no empty field, or too few fields, is not a record
  assert.equal(parseStructured('sshd[1]: pam_unix(sshd:auth): grantors=pam_env,pam_unix,pam_faillock,a,b,c,d,e'), undefined);
  assert.equal(parseStructured('x: a,,b,c'), undefined);
  const lines = ['pfsense-gw', 'pfsense-gw-b'].flatMap((h) =>
    [
      tcp(h, 72, 'pppoe0', 'block', 'S', ''),
      tcp(h, 4, 'igb0', 'pass', 'PA', '1234'),
      tcp(h, 9, 'igb1.20', 'block', 'FA', '99'),
      udp(h, 5, 'igb0', 'pass'),
      udp(h, 61, 'ovpns1', 'block'),
    ],
  );
  const { count, miner, ids } = templates(lines);
  assert.equal(count, 2, 'one template per layout (TCP, UDP)');
  const t = miner.template(ids[3])!;
  assert.equal(t, '<*> filterlog[<*>]: <*>,,,<*>,<*>,<*>,<*>,<*>,<*>,<*>,,<*>,<*>,<*>,<*>,<*>,<*>,<*>,<*>,<*>,<*>,<*>,<*>');
  assert.equal(messageTemplateOf(t, 'msg', 'csv'), '<*> filterlog[<*>]:');
  // the value store keeps the fields under their position
  const vals = extractValues(udp('pfsense-gw', 5, 'igb0', 'pass'), t);
  assert.ok(vals.some((v) => v.key === 'field7' && v.text === 'pass'));
});

test('MASK_NAMED_ADDRESS: an interface name glued to an address is one value with it', () => {
  const built = (from: string, to: string, n: number) =>
    `Jun 12 10:00:0${n} asa-edge-01 %ASA-6-302013: Built outbound TCP connection 33583996${n} for ${from}:141.185.148.${n}/443 (141.185.148.${n}/443) to ${to}:10.30.34.${n}/22743 (198.51.100.10/22743)`;
  const lines = [built('outside', 'inside', 1), built('outside', 'dmz', 2), built('dmz', 'inside', 3), built('outside', 'inside', 4)];
  const { count, miner, ids } = templates(lines);
  assert.equal(count, 1);
  assert.ok(miner.template(ids[0])!.includes(' for <*> (<*>/<*>) to <*> (<*>/<*>)'));
});

test('ANGLED_KEY_VALUE: key=<value> is a value context, so a key= word beside it varies', () => {
  const login = (user: string, method: string, n: number) =>
    `Jun 12 10:00:0${n} mx-02 dovecot: imap-login: Login: user=<${user}>, method=${method}, rip=104.123.125.${n}, lip=10.0.0.25, mpid=1534${n}, TLS, session=<a3SwSYzP7QULGFp${n}>`;
  const { count } = templates([login('alice@example.com', 'PLAIN', 1), login('bob@example.com', 'LOGIN', 2), login('carol@example.org', 'PLAIN', 3), login('dave@example.org', 'LOGIN', 4)]);
  assert.equal(count, 1);
});
