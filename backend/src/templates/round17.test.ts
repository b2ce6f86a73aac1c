// Round 17's rules (README.md of eval/generality, "Round 16's formats, tuned"): an aside in
// parentheses whose contents share their words is a sentence with parameters, not one value
// (SPAN_SKELETON, spans.ts), and such an aside is read word by word in another span's context
// (ASIDE_IN_CONTEXT); a comma list of names is one value (MASK_NAME_LIST, mask.ts), a word with a
// number inside is a name (NUMBER_INSIDE_NAME), a dash after one value is layout (DASH_AFTER_RUN),
// and padding before a key=value run is one gap (PADDED_GAP, kv-tail.ts). Each test fails with its
// constant off (SKELETON_WORDS's at 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';
import { tokenize } from './mask.js';

/** Each line's template once the whole stream is mined (a rule may decide only at its end). */
function ids(miner: TemplateMiner, lines: readonly string[]): number[] {
  for (const l of lines) miner.add(l);
  return lines.map((l) => miner.resolve(miner.add(l).templateId));
}
const distinct = (xs: readonly number[]) => new Set(xs).size;

const USERS = ['kenji@corp.example.com', 'alice@corp.example.com', 'bob@corp.example.com', 'host/LAPTOP-1DEZVL.corp.example.com'];
const CLIENTS = ['wlc-hq-01', 'wlc-hq-02', 'wlc-lab-03'];
const MACS = ['D1-BC-45-0B-1C-E3', 'CE-F7-DA-21-A4-7B', '61-DF-A9-51-89-88'];
const login = (i: number, tunnel: boolean) =>
  `Wed Jun 12 10:00:0${i % 10} 2024 : Auth: (${489600 + i}) Login OK: [${USERS[i % 4]}] (from client ${CLIENTS[i % 3]} port ${i % 2} cli ${MACS[i % 3]}${tunnel ? ' via TLS tunnel' : ''})`;
/** A VPN login: no Calling-Station-Id, so no ` cli `: a third layout of the aside. */
const vpn = (i: number) => `Wed Jun 12 10:00:1${i % 10} 2024 : Auth: (${489700 + i}) Login OK: [${USERS[i % 2]}] (from client vpn-gw-0${1 + (i % 2)} port ${25000 + i})`;

test('SPAN_SKELETON and ASIDE_IN_CONTEXT: an aside with parameters keeps its three layouts apart', () => {
  const lines: string[] = [];
  for (let i = 0; i < 24; i++) lines.push(login(2 * i, true), login(2 * i + 1, false), vpn(i));
  const out = ids(new TemplateMiner(), lines);
  for (let k = 0; k < 3; k++) assert.equal(distinct(out.filter((_, j) => j % 3 === k)), 1, `layout ${k} is one statement`);
  assert.equal(distinct(out), 3, '` via TLS tunnel` and a missing ` cli ` make other statements');
});

const reason = (i: number, r: string) => `Wed Jun 12 10:00:0${i % 10} 2024 : Error: (${490000 + i}) rlm_ldap (ldap): Bind failed (${r})`;

test('SKELETON_WORDS: reasons in parentheses that share one word are still one value (fails at 1)', () => {
  const rs = ['Connection refused', 'Connection timed out', 'Connection reset by peer', 'Connection closed'];
  const out = ids(new TemplateMiner(), [0, 1, 2, 3, 4, 5, 6, 7].map((i) => reason(i, rs[i % 4])));
  assert.equal(distinct(out), 1);
});

const GROUPS = [
  'syslog,sshd,invalid_login,authentication_failed,gdpr_IV_35.7.d,gpg13_7.1,pci_dss_10.2.4,',
  'syslog,sudo,gdpr_IV_32.2,gpg13_7.6,hipaa_164.312.b,tsc_CC7.3,',
  'ossec,rootcheck,gdpr_IV_35.7.d,',
  'pam,syslog,authentication_success,gdpr_IV_32.2,',
];
const alert = (i: number) => `** Alert 17181864${10 + i}.${25319770 + i * 7}: - ${GROUPS[i % 4]}`;

test('MASK_NAME_LIST: a comma list of names is one value whatever its length', () => {
  const out = ids(new TemplateMiner(), [0, 1, 2, 3, 4, 5, 6, 7].map(alert));
  assert.equal(distinct(out), 1);
});

const HASHES = ['2db00421a071496d4d34018ad9e4a6fc', 'bbc83f484552c204c8e3ffe9b9d2487f', 'c8742fb2927227315ab789bb2d89839a', '0dc928e1fe248c03cfde420553b932e4'];

test('NUMBER_INSIDE_NAME (mask.ts INDEXED_NAME): sha256sum is a word, so md5sum, sha1sum and sha256sum lines stay apart', () => {
  const lines: string[] = [];
  for (let i = 0; i < 8; i++) for (const sum of ['md5sum', 'sha1sum', 'sha256sum']) lines.push(`Old ${sum} was: '${HASHES[i % 4]}${i}'`);
  const out = ids(new TemplateMiner(), lines);
  assert.equal(distinct(out), 3);
});

test('DASH_AFTER_RUN: the dash after one value is layout; inside a run of values it is an empty field', () => {
  const dns = tokenize('[INFO] 10.244.0.242:62237 - 44965 "AAAA IN cart.default.svc.cluster.local. udp 87 true 4096" NOERROR qr,aa,rd 348 0.115549s');
  assert.ok(dns.tokens.some((t) => t.text === '-' && !t.isVar), 'CoreDNS keeps its ` - ` between address and id');
  const nginx = tokenize('req 10.244.2.201:80 70766 0.411 - abfd34c87b1c6ad7b72b6897a68773a7');
  assert.ok(!nginx.tokens.some((t) => t.text === '-'), "nginx's empty upstream status folds into the run");
});

const failed = (i: number, code: number) => {
  const msg = `WARNING: Job failed: exit code ${code}`;
  return `Jun 12 10:00:0${i % 10} ci-runner-0${1 + (i % 2)} gitlab-runner[${900 + i}]: ${msg.padEnd(50)} duration_s=${100 + i}.917882383 job=${4818487 + i} project=${200 + i} runner=t3_b7LmW2`;
};

test('PADDED_GAP: padding to a column is one gap whatever its width', () => {
  const out = ids(new TemplateMiner(), [0, 1, 2, 3, 4, 5].map((i) => failed(i, [1, 137, 2][i % 3])));
  assert.equal(distinct(out), 1, '`exit code 1` and `exit code 137` are one statement');
});
