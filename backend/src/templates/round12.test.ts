// Round 12's rules (README.md of eval/generality): a bracketed value after `key=` is one value
// (MASK_KEY_BRACKETED_VALUE), an absolute DNS name is a value (MASK_DNS_NAME), a quoted
// parenthesised expression after `key=` is one value (MASK_KEY_QUOTED_EXPRESSION), and a word
// beside a value in a line that is mostly values is a field of that record (VALUE_RECORD_SHARE).
// Each test fails with its rule switched off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';
import { tokenize } from './mask.js';

function templates(lines: readonly string[]): { count: number; miner: TemplateMiner; ids: number[] } {
  const miner = new TemplateMiner();
  const ids = lines.map((l) => miner.add(l).templateId);
  return { count: new Set(ids.map((id) => miner.resolve(id))).size, miner, ids: ids.map((id) => miner.resolve(id)) };
}

test('MASK_KEY_BRACKETED_VALUE: cid=[no info] and cid=[<mac>] are one statement', () => {
  const lease = (cid: string, n: number) =>
    `2024-06-12 10:00:0${n}.211 INFO  [kea-dhcp4.leases/1187.140183355926528] DHCP4_LEASE_ALLOC [hwtype=1 00:7d:fb:2b:70:f${n}], cid=[${cid}], tid=0x3d15e71${n}: lease 192.168.10.14${n} has been allocated for 3600 seconds`;
  const { count, miner, ids } = templates([lease('no info', 1), lease('01:00:7d:fb:2b:70:f2', 2), lease('no info', 3), lease('01:00:7d:fb:2b:70:f4', 4)]);
  assert.equal(count, 1);
  assert.ok(miner.template(ids[0])!.includes('cid=[<*>]'));
  // a bracket holding a record (another key) or a message template's placeholder is not one value
  assert.ok(tokenize('x [hwtype=1 00:7d:fb:2b:70:f6] y').tokens.some((t) => t.text === 'hwtype'));
  assert.ok(tokenize('Failed [Parameters=[{parameters}], CommandType').tokens.some((t) => t.text === '{parameters}' || t.text === 'parameters'));
});

test('MASK_DNS_NAME: an absolute DNS name is a value; a sentence-ending word is not', () => {
  const toks = (l: string) => tokenize(l).tokens;
  assert.ok(toks('info: 10.8.2.68 www.google.com. A IN').every((t) => t.text !== 'www.google.com.'));
  assert.ok(toks('query: login.microsoftonline.com. AAAA').some((t) => t.isVar));
  // one label and a full stop ends a sentence
  assert.ok(toks('shutting down now.').some((t) => t.text === 'now.' || t.text === 'now'));
  const q = (name: string, n: number) => `[171818640${n}] unbound[812:${n}] info: 10.8.2.6${n} ${name} AAAA IN`;
  const { count } = templates([q('www.google.com.', 1), q('acme.example.', 2), q('cdn.jsdelivr.net.', 3), q('time.cloudflare.com.', 4)]);
  assert.equal(count, 1);
});

test('MASK_KEY_QUOTED_EXPRESSION: every LDAP filter shape is one value of one statement', () => {
  const srch = (filter: string, n: number) =>
    `666971a0.000cefc${n} 0x7f3a2b1fd640 conn=20057${n} op=${n} SRCH base="dc=acme,dc=example" scope=1 deref=3 filter="${filter}"`;
  const { count, miner, ids } = templates([
    srch('(&(objectClass=posixAccount)(uid=carol))', 1),
    srch('(|(mail=bob@acme.example)(uid=bob))', 2),
    srch('(objectClass=*)', 3),
    srch('(&(objectClass=groupOfNames)(member=uid=alice,ou=people,dc=acme,dc=example))', 4),
  ]);
  assert.equal(count, 1);
  // the filter ends a run of fields (KEY_VALUE_TAIL): one parameter, its quotes inside it
  assert.ok(miner.template(ids[0])!.endsWith('filter=<*>'));
});

test('VALUE_RECORD_SHARE: a query type beside a value in a record of values varies; header words and sentences keep theirs', () => {
  const q = (type: string, n: number) => `[171818640${n}] unbound[812:${n}] info: 10.8.2.6${n} www.example${n}.com. ${type} IN`;
  const { count } = templates([q('A', 1), q('AAAA', 2), q('PTR', 3), q('HTTPS', 4), q('A', 5)]);
  assert.equal(count, 1);
  // a word after a key's value names the operation: UNBIND and STARTTLS stay two statements
  const op = (verb: string, n: number) => `666971a0.000e9e0${n} 0x7f3a2a9fc64${n} conn=20057${n} op=${n} ${verb}`;
  assert.equal(templates([op('UNBIND', 1), op('STARTTLS', 2), op('UNBIND', 3), op('STARTTLS', 4)]).count, 2);
  // a line of exactly half values keeps its last word (LogHub HPC: the state names the event)
  const hpc = (state: string, n: number) => `255684${n} node 10.0.0.${n} temperature 107287824${n} 1 ${state}`;
  const h = templates([hpc('warning', 1), hpc('critical', 2), hpc('warning', 3), hpc('critical', 4), hpc('warning', 5)]);
  assert.equal(h.count, 2);
  assert.ok(h.miner.template(h.ids[0])!.endsWith(' warning'));
  // a lone dash is not the value the word follows
  const win = (word: string, n: number) => `0000000${n}@2016/9/28:16:00:4${n}.635 PopulateComponentFamiliesKey - ${word}`;
  assert.equal(templates([win('Begin', 1), win('End', 2), win('Begin', 3), win('End', 4)]).count, 2);
  // a bracketed header value before the outcome word: OK and FAIL stay apart
  const ftp = (user: string, outcome: string, n: number) => `Wed Jun 12 10:00:0${n} 2024 [pid 2718${n}] [${user}] ${outcome} LOGIN: Client "::ffff:52.147.221.2${n}"`;
  assert.equal(templates([ftp('alice', 'OK', 1), ftp('bob', 'FAIL', 2), ftp('carol', 'OK', 3), ftp('dave', 'FAIL', 4)]).count, 2);
});
