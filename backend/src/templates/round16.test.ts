// Round 16's rules (README.md of eval/generality, "Round 15's formats, tuned"): a trailing run of
// `key=value` fields is a key set (KEY_VALUE_TAIL, kv-tail.ts, with SINGLE_SPACED,
// EMPTY_VALUE_LAYOUT, SPACE_SEPARATED, MIN_TAIL_PAIRS, FLAG_AFTER_PAIRS and COUNTER_RUN), fields
// appended to an access line are mined (ACCESS_EXTRA_AS_TEXT), a lone `-` inside a run of values
// is one of them (DASH_IN_VALUE_RUN), an object after `=` is passed fields (EQUALS_OBJECT,
// trailing.ts), a signed first word names its statement (SIGNED_EVENT_HEAD, variables.ts), a code
// ends its clause only at punctuation (CLAUSE_NOT_SPACE, value-context.ts), a preposition between
// values is no record field (PREPOSITION_NOT_FIELD), nor a word after a key's value
// (AFTER_KEY_VALUE_NAMES), a bracketed tag of capitalised words is no
// value (CAPITAL_TAG, span-candidates.ts), and plain word pairs alternating in
// PLAIN_SPREAD_STATEMENTS groups are values. Each test but the reload one fails with its constant
// off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';

/** Each line's template once the whole stream is mined (a rule may decide only at its end). */
function ids(miner: TemplateMiner, lines: readonly string[]): number[] {
  for (const l of lines) miner.add(l);
  return lines.map((l) => miner.resolve(miner.add(l).templateId));
}
const distinct = (xs: readonly number[]) => new Set(xs).size;

const cloudflared = (i: number, type: string) =>
  `2024-06-12T10:00:0${i % 10}Z ERR Request failed error="stream ${1400 + i} canceled by remote with error code 0" connIndex=${i % 4} dest=https://grafana.example.com/ event=0 ip=198.41.200.${50 + i} type=${type}`;

test('KEY_VALUE_TAIL: a trailing key=value run is one statement whatever its few values', () => {
  const lines = [0, 1, 2, 3, 4, 5].map((i) => cloudflared(i, i % 2 === 0 ? 'ws' : 'http'));
  const out = ids(new TemplateMiner(), lines);
  assert.equal(distinct(out), 1, 'type=ws and type=http are one statement');
});

const tunnel = (i: number, level: string) =>
  `2024-06-12T10:00:2${i}Z ${level} Failed to serve tunnel connection error="timeout: no recent network activity" connIndex=${i % 4} event=0 ip=198.41.192.${60 + i}`;

test('CLAUSE_NOT_SPACE: a level after a time is no currency of it: WRN and ERR lines stay apart', () => {
  const out = ids(new TemplateMiner(), [0, 1, 2, 3].map((i) => tunnel(i, i % 2 === 0 ? 'WRN' : 'ERR')));
  assert.equal(distinct(out), 2);
});

const ufw = (i: number, tag: string, df: boolean, flags: string) =>
  `Jun 12 10:00:1${i % 10} web-0${1 + (i % 2)} kernel: [9864${10 + i}.356934] [${tag}] IN=eth0 OUT= MAC=a6:8d:e2:51:62:4c:fe:00:00:00:01:01:08:00 SRC=52.111.8.${100 + i} DST=157.230.14.${150 + i} LEN=${40 + i} TOS=0x00 PREC=0x00 TTL=${100 + i} ID=${26000 + i}${df ? ' DF' : ''} PROTO=TCP SPT=${34000 + i} DPT=${[22, 80, 443][i % 3]} WINDOW=65535 RES=0x00 ${flags} URGP=0`;

test('KEY_VALUE_TAIL: a bare flag run between fields is a value; a bare word where none was is another layout', () => {
  const flags = ['SYN', 'ACK PSH', 'ACK RST', 'ACK FIN', 'SYN', 'ACK PSH'];
  const plain = flags.map((f, i) => ufw(i, 'UFW BLOCK', false, f));
  const df = flags.map((f, i) => ufw(i + 10, 'UFW BLOCK', true, f));
  const out = ids(new TemplateMiner(), [...plain, ...df]);
  assert.equal(distinct(out.slice(0, 6)), 1, 'the TCP flags are one value');
  assert.equal(distinct(out.slice(6)), 1);
  assert.notEqual(out[0], out[6], 'DF makes another key set');
});

const ldap = (i: number, verb: string) =>
  `666971a0.000cefc${i} 0x7f3a2b1fd640 conn=20057${i} op=${i} ${verb} base="dc=acme,dc=example" scope=${i % 3} deref=3 filter="(uid=u${i})"`;

test('FLAG_AFTER_PAIRS: a bare word before the run has its fields is the statement\'s', () => {
  const miner = new TemplateMiner();
  const out = ids(miner, [0, 1, 2, 3].map((i) => ldap(i, 'SRCH')));
  assert.equal(distinct(out), 1);
  assert.match(miner.template(out[0])!, / SRCH base=<\*>/, 'the operation is a word of the statement, not a flag slot');
});

test('CAPITAL_TAG: a bracketed tag of capitalised words names the event, not a value', () => {
  const tags = ['UFW BLOCK', 'UFW ALLOW', 'UFW AUDIT', 'UFW BLOCK', 'UFW ALLOW', 'UFW AUDIT'];
  const out = ids(new TemplateMiner(), tags.map((t, i) => ufw(i, t, true, 'SYN')));
  assert.equal(distinct(out), 3, 'BLOCK, ALLOW and AUDIT records are three statements');
});

test('COUNTER_RUN: a run of counts lists what happened, not a key set: one statement whichever counters', () => {
  const runs = ['ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5', 'ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4', 'ehlo=1 mail=1 rcpt=1 bdat=1 quit=1 commands=5'];
  const lines = [0, 1, 2, 3, 4, 5].map((i) => `Jun 12 10:00:0${i} mx-01 postfix/smtpd[6098${i}]: disconnect from mta-0${i}.example.net[198.2.139.${i}] ${runs[i % 3]}`);
  const out = ids(new TemplateMiner(), lines);
  assert.ok(distinct(out) < 3, 'not a template per combination of commands');
});

test('PREPOSITION_NOT_FIELD: `from` and `to` between two values are a sentence\'s, two statements', () => {
  const conn = (i: number, dir: string) =>
    `[2024-06-12 10:00:0${i} +0000] information/ApiListener: New client connection for identity 'db-0${i}.example.com' ${dir} [10.0.2.${60 + i}]:${59000 + i}`;
  const out = ids(new TemplateMiner(), [0, 1, 2, 3, 4, 5].map((i) => conn(i, i % 2 === 0 ? 'from' : 'to')));
  assert.equal(distinct(out), 2);
});

test('AFTER_KEY_VALUE_NAMES: a word after a key\'s value names what the line reports, no record field', () => {
  const done = (i: number, how: string) => `[2024-06-12T10:00:0${i}.045] _job_complete: JobId=41847${i}_${i}(4184${i}) ${how} ${i % 3}`;
  const out = ids(new TemplateMiner(), [0, 1, 2, 3, 4, 5].map((i) => done(i, i % 2 === 0 ? 'WEXITSTATUS' : 'WTERMSIG')));
  assert.equal(distinct(out), 2);
});

const pam = (i: number, user: string, rhost: string) =>
  `authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=${rhost}${user ? `  user=${user}` : ''}`;

test('SINGLE_SPACED: a field after two spaces is not the run (LogHub Linux keeps user=root and user=guest apart)', () => {
  const users = ['root', 'guest', 'root', 'guest', 'root', 'guest'];
  const lines = users.map((u, i) => pam(i, u, `218.188.2.${i + 4}`));
  const out = ids(new TemplateMiner(), lines);
  assert.equal(distinct(out), 2);
});

test('EMPTY_VALUE_LAYOUT: a field written empty is layout, not a value', () => {
  const lines = [0, 1, 2, 3].map((i) => pam(i, '', `218.188.2.${i + 4}`)).concat([pam(9, '', ''), pam(10, '', '')]);
  const out = ids(new TemplateMiner(), lines);
  assert.equal(distinct(out), 2, '`rhost=` and `rhost=<host>` are two kinds of line');
});

const sendmail = (i: number) =>
  `Nov 9 12:01:${10 + i} dadmin1 sendmail[${24258 + i}]: jA9J1WFE0${24258 + i}: from=root, size=${1597080 + i}, class=0, nrcpts=1, msgid=<200511091901.jA9J1WFE0${24258 + i}@dadmin1>, relay=root@localhost`;

test('SPACE_SEPARATED: fields listed with commas are a sentence, its words its own', () => {
  const miner = new TemplateMiner();
  const out = ids(miner, [0, 1, 2, 3].map(sendmail));
  assert.equal(distinct(out), 1);
  assert.match(miner.template(out[0])!, /from=root, size=<\*>/);
});

const pgAuth = (i: number, user: string) =>
  `2026-11-24 14:04:${10 + i}.000 UTC [${5120 + i}] LOG:  connection authorized: user=${user} database=payments application_name=${user}-svc`;

test('MIN_TAIL_PAIRS: three labelled values are a sentence (a reader asks for the reconcile job by name)', () => {
  const lines = [0, 1, 2, 3].map((i) => pgAuth(i, i % 2 === 0 ? 'reconcile' : 'payment'));
  const out = ids(new TemplateMiner(), lines);
  assert.equal(distinct(out), 2);
});

const ingress = (i: number, method: string, tail: string) =>
  `81.18.82.${10 + i} - - [12/Jun/2024:10:00:0${i % 10} +0000] "${method} /products/sku-${i} HTTP/2.0" 200 ${4000 + i} "https://shop.example.com/" "curl/8.5.0" ${200 + i} 0.${100 + i} [shop-storefront-80] [] ${tail} a66ada4f5e038913e94420a5de6c${1000 + i}`;
const upstream = (i: number, status: string) => `10.244.5.${100 + i}:80 ${4000 + i} 0.${100 + i} ${status}`;

test('ACCESS_EXTRA_AS_TEXT: an access line without an upstream (`- - - -`) is another kind of line', () => {
  const lines = [0, 1, 2, 3, 4, 5].map((i) => ingress(i, 'GET', i < 4 ? upstream(i, '200') : '- - - -'));
  const out = ids(new TemplateMiner(), lines);
  assert.equal(distinct(out.slice(0, 4)), 1);
  assert.equal(distinct(out.slice(4)), 1);
  assert.notEqual(out[0], out[4]);
});

test("DASH_IN_VALUE_RUN: a lone `-` among an access line's appended values is one of them", () => {
  const lines = [0, 1, 2, 3, 4, 5].map((i) => ingress(i, 'GET', upstream(i, i % 3 === 0 ? '-' : String(200 + i))));
  const out = ids(new TemplateMiner(), lines);
  assert.equal(distinct(out), 1, 'the upstream status `-` (client closed) is that field empty');
});

const crdbEvent = (i: number, type: string, extra: string) =>
  `I240612 10:00:0${i % 10}.98671${i} 88529${i} 4@util/log/event_log.go:32 ⋮ [T1,n1,client=10.1.233.${i}:4144${i}] 192166${i} ={"Timestamp":171818640198605160${i},"EventType":"${type}","InstanceID":1,"Network":"tcp","RemoteAddress":"‹10.1.233.${i}:4144${i}›"${extra}}`;

test('EQUALS_OBJECT: an object glued by `=` is passed fields: each key set its own statement', () => {
  const start = [0, 1, 2, 3].map((i) => crdbEvent(i, 'client_connection_start', ''));
  const end = [4, 5, 6, 7].map((i) => crdbEvent(i, 'client_session_end', `,"SessionID":"${i}","Duration":${1000 + i}`));
  const out = ids(new TemplateMiner(), [...start, ...end]);
  assert.equal(distinct(out.slice(0, 4)), 1);
  assert.equal(distinct(out.slice(4)), 1);
  assert.notEqual(out[0], out[4], 'the events are two statements');
});

const sentinel = (i: number, level: string, event: string) =>
  `1:X 12 Jun 2024 10:00:0${i % 10}.${700 + i} ${level} ${event} slave 10.244.2.${100 + i}:6379 10.244.2.${100 + i} 6379 @ mymaster 10.244.5.10 6379`;

test('SIGNED_EVENT_HEAD: signed first words sharing one layout are events, each its own statement', () => {
  const events: Array<[string, string]> = [['#', '+sdown'], ['#', '-sdown'], ['#', '+reboot'], ['#', '+convert-to-slave'], ['#', '+slave'], ['#', '+promoted-slave']];
  const lines = [0, 1].flatMap((r) => events.map(([lvl, e], j) => sentinel(6 * r + j, lvl, e)));
  const out = ids(new TemplateMiner(), lines);
  assert.equal(distinct(out), events.length);
});

/** Six statements naming one of three plain-word masters (below variableAfter). */
function masters(): string[] {
  const names = ['orders', 'billing', 'sessions'];
  const shapes = [
    (n: string, i: number) => `sentinel noticed primary ${n} down at 10.244.1.${i} port 6379`,
    (n: string, i: number) => `sentinel reached quorum on ${n} at 10.244.2.${i} port 6379`,
    (n: string, i: number) => `sentinel started failover of ${n} at 10.244.3.${i} port 6379`,
    (n: string, i: number) => `sentinel elected itself to lead ${n} at 10.244.4.${i} port 6379`,
    (n: string, i: number) => `sentinel promoted a replica of ${n} at 10.244.5.${i} port 6379`,
    (n: string, i: number) => `sentinel saw the end of failing over ${n} at 10.244.6.${i} port 6379`,
  ];
  const lines: string[] = [];
  shapes.forEach((s, k) => names.forEach((n, j) => lines.push(s(n, 10 * k + j))));
  return lines;
}

test('PLAIN_SPREAD_STATEMENTS: plain words alternating in six statements are values', () => {
  const lines = masters();
  const out = ids(new TemplateMiner(), lines);
  assert.equal(distinct(out), 6, 'one template per statement, the master a variable');
});

test('round 16 rules: a miner reloaded mid-stream goes on as one that stayed in memory', () => {
  const lines = [
    ...masters(),
    ...[0, 1, 2, 3, 4, 5].map((i) => ingress(i, 'GET', i < 3 ? upstream(i, i === 1 ? '-' : '200') : '- - - -')),
    ...['SYN', 'ACK PSH', 'ACK RST'].map((f, i) => ufw(i, 'UFW BLOCK', i === 2, f)),
    ...[0, 1, 2].map((i) => cloudflared(i, i === 1 ? 'ws' : 'http')),
    ...['+sdown', '-sdown', '+reboot', '+slave', '-odown'].map((e, i) => sentinel(i, '#', e)),
  ];
  const kept = new TemplateMiner();
  let reloaded = new TemplateMiner();
  lines.forEach((l, i) => {
    kept.add(l);
    reloaded.add(l);
    if (i % 5 === 4) reloaded = TemplateMiner.fromJSON(JSON.parse(JSON.stringify(reloaded.toJSON())));
  });
  const a = lines.map((l) => kept.template(kept.resolve(kept.add(l).templateId)));
  const b = lines.map((l) => reloaded.template(reloaded.resolve(reloaded.add(l).templateId)));
  assert.deepEqual(b, a);
});
