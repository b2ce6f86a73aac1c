// Round 14's rules (README.md of eval/generality): a spaced pipe separates columns, so the last
// `key=` before one is no tail over the message (COLUMN_PIPE); a run of filler characters pads to a
// column, so a span's context reads any length of it as one (PADDING_RUNS); a headless CSV row is
// read by field, its event field the statement (CSV_ROW). Each test fails with its rule off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';
import { parseStructured } from './structured.js';

function templates(lines: readonly string[]): { count: number; miner: TemplateMiner; ids: number[] } {
  const miner = new TemplateMiner();
  const ids = lines.map((l) => miner.add(l).templateId);
  return { count: new Set(ids.map((id) => miner.resolve(id))).size, miner, ids: ids.map((id) => miner.resolve(id)) };
}

const ans = (n: number, msg: string) => `2024-06-12 10:00:0${n},267 p=5137${n} u=deploy n=ansible | ${msg}`;

test('COLUMN_PIPE: the message after ` | ` is not the last key value: statements stay apart', () => {
  const hosts = ['web01', 'web02', 'db01', 'db02', 'lb01', 'web03'];
  const lines = hosts.flatMap((h, i) => [ans(i, `ok: [${h}]`), ans(i, `changed: [${h}]`), ans(i, `skipping: [${h}]`)]);
  const { count, miner, ids } = templates(lines);
  assert.equal(count, 3, 'ok, changed and skipping are three statements');
  assert.match(miner.template(ids[1])!, /\| changed: \[<\*>\]$/);
});

test('PADDING_RUNS: a banner padded to a column is one statement whatever its name length', () => {
  const banner = (name: string) => `TASK [${name}] ${'*'.repeat(Math.max(3, 72 - name.length))}`;
  const names = ['nginx : Install nginx', 'app : Run migrations', 'common : Install base packages', 'postgres : Ensure databases exist', 'nginx : Template site config', 'app : restart', 'common : ntp'];
  const { count, miner, ids } = templates(names.map((n, i) => ans(i % 9, banner(n))));
  assert.equal(count, 1);
  assert.match(miner.template(ids[0])!, /TASK \[<\*>\]/);
});

const dhcp = (id: number, ev: string, ip: string, host: string, vendor: string, n: number) =>
  `${id},06/12/24,10:0${n}:11,${ev},${ip},${host},${vendor === '' ? '' : `A1B2C3D4E5F${n}`},,${2600154930 + n},0,,,,${vendor === '' ? '' : '0x4D53465420352E30'},${vendor},,,,0`;

test('CSV_ROW: a headless CSV row is one statement per event field, every other field a value', () => {
  const lines = [
    dhcp(10, 'Assign', '10.20.10.47', 'DESKTOP-4F9MZ2.corp.example.com', 'MSFT 5.0', 1),
    dhcp(10, 'Assign', '10.20.10.48', 'iPhone.corp.example.com', 'android-dhcp-14', 2),
    dhcp(10, 'Assign', '10.20.30.49', 'PRN-HP-3F.corp.example.com', 'HP ProCurve ', 3),
    dhcp(11, 'Renew', '10.20.10.50', 'DESKTOP-4F9MZ2.corp.example.com', 'HP ProCurve ', 4),
    dhcp(11, 'Renew', '10.20.10.51', 'Galaxy-S23.corp.example.com', 'MSFT 5.0', 5),
    dhcp(30, 'DNS Update Request', '10.20.10.52', 'PRN-HP-3F.corp.example.com', '', 6),
    dhcp(32, 'DNS Update Successful', '10.20.10.53', 'PRN-HP-3F.corp.example.com', '', 7),
    `25,06/12/24,10:00:11,12 leases expired and 3 leases deleted,,,,,0,6,,,,,,,,,0`,
    `25,06/12/24,10:05:11,0 leases expired and 40 leases deleted,,,,,0,6,,,,,,,,,0`,
  ];
  const { count, miner, ids } = templates(lines);
  assert.equal(count, 5);
  assert.equal(ids[0], ids[2]);
  assert.equal(ids[3], ids[4]);
  assert.notEqual(ids[5], ids[6]);
  assert.equal(ids[7], ids[8]);
  assert.ok(miner.template(ids[7])!.includes('<*> leases expired and <*> leases deleted'));
  // a row after a header stays CSV_RECORD's, and a comma list in prose is no row
  assert.equal(parseStructured('Jun 12 10:00:22 fw filterlog[43127]: 72,,,1718190022,pppoe0,match,block,in,4,0x0,,64')?.kind, 'csv');
  assert.equal(parseStructured('a,b,,c,d,e,f,g,h,i,j,k'), undefined);
  assert.notEqual(parseStructured('ids 1, 2, 3,,4,5,6,7,8,9,10')?.kind, 'access');
});

test('KEY_ACROSS_STATEMENTS: a key whose values vary in three statements is a variable in all', () => {
  const hosts = ['web01', 'web02', 'db01', 'db02', 'lb01'];
  const msgs = (h: string) => [`ok: [${h}]`, `TASK [common : ntp ${h}] ****`, `included: /x/${h}.yml for ${h}`, `PLAY RECAP ****`, `fatal: [${h}]: UNREACHABLE! => x`];
  const lines: string[] = [];
  for (const u of ['deploy', 'jenkins']) for (const [i, h] of hosts.entries()) for (const m of msgs(h)) lines.push(`2024-06-12 10:00:0${i},267 p=5137${i} u=${u} n=ansible | ${m}`);
  // a later statement, first seen with one user, has the user slot from its first line
  lines.push(`2024-06-12 10:00:09,267 p=51379 u=deploy n=ansible | PLAY [Configure web tier] ****`);
  lines.push(`2024-06-12 10:00:09,267 p=51379 u=ops n=ansible | PLAY [Configure web tier] ****`);
  const { count, miner, ids } = templates(lines);
  assert.equal(count, 6, 'five statements and the PLAY banner, whoever ran them');
  for (const id of new Set(ids)) assert.match(miner.template(id)!, /u=<\*> n=ansible/);
  // the same stream through a save and reload mid-way ends with the same templates
  const half = new TemplateMiner();
  lines.slice(0, 23).forEach((l) => half.add(l));
  const reloaded = TemplateMiner.fromJSON(JSON.parse(JSON.stringify(half.toJSON())));
  const rest = lines.slice(23).map((l) => reloaded.resolve(reloaded.add(l).templateId));
  assert.deepEqual(rest.map((id) => reloaded.template(id)), lines.slice(23).map((_, i) => miner.template(ids[23 + i])));
  // one statement alone never decides it: two users of one message stay two templates
  const one = templates(['sshd: check pass; user=root', 'sshd: check pass; user=guest', 'sshd: check pass; user=root']);
  assert.equal(one.count, 2);
});

test('MASK_KEY_QUERY_PARAMS: a braced query string after key= is one value', () => {
  const req = (params: string, n: number) =>
    `2024-06-12 10:00:0${n}.771 INFO  (qtp18203-20${n}) [c:logs s:shard1 r:core_node6 x:logs_shard1_replica_n1] o.a.s.c.S.Request webapp=/solr path=/select params={${params}} hits=4894${n} status=0 QTime=10${n}`;
  const lines = [
    req('q=*:*&rows=50&wt=json', 1),
    req('q=name:usb&fq=category:home&facet=true&facet.field=brand&rows=24&start=0&wt=json', 2),
    req('df=_text_&distrib=false&fl=id&fl=score&shards.purpose=16404&start=0&fsv=true&wt=javabin', 3),
    req('wt=json', 4),
    req('q=name:shoes&fq=category:sport&rows=24&start=96&wt=json', 5),
  ];
  const { count, miner, ids } = templates(lines);
  assert.equal(count, 1);
  assert.match(miner.template(ids[0])!, /params=\{<\*>\} hits=<\*>/);
  // braces holding words (a message template's `{name}`) are left alone
  assert.equal(new TemplateMiner().add('value={name} of {kind} unset').template, 'value={name} of {kind} unset');
});

test('MASK_KEY_JSON_VALUE: a JSON or dict value after key= is one value, nested brackets inside', () => {
  const audit = (cmd: string, n: number) => `2024-06-12T10:00:0${n}.841387+0000 mon.ceph-c (mon.2) 5143${n} : audit [INF] from='client.? 10.30.0.6:0/39${n}' entity='client.admin' cmd=${cmd}: dispatch`;
  const cmds = [
    `[{"prefix": "osd pool set", "pool": "rbd", "var": "size", "val": "3"}]`,
    `[{"prefix": "osd set", "key": "noout"}]`,
    `[{"prefix": "auth get-or-create", "entity": "client.k8s", "caps": ["mon", "profile rbd", "osd", "profile rbd pool=kube"]}]`,
  ];
  const { count } = templates(cmds.map((c, i) => audit(c, i)));
  assert.equal(count, 1);
  const items = templates(['ok: [web01] => (item=nginx)', "ok: [web02] => (item={'name': 'orders', 'owner': 'app'})", "ok: [db01] => (item={'name': 'billing', 'owner': 'ops', 'x': [1, 2]})"]);
  assert.equal(new Set(items.ids.slice(1)).size, 1, 'dict items one value');
});

test('ARROW_RESULT: an object after `=>` is a result, one value, not trailing fields', () => {
  const fatal = (h: string, json: string) => `2024-06-12 10:00:13,771 p=48211 u=deploy n=ansible | fatal: [${h}]: FAILED! => ${json}`;
  const { count } = templates([
    fatal('web02', `{"changed": true, "cmd": ["/opt/app/bin/migrate", "up"], "msg": "non-zero return code", "rc": 2}`),
    fatal('db01', `{"changed": false, "msg": "No package matching 'ngnix' is available"}`),
    fatal('web03', `{"changed": false, "checksum": "f6c26c5c", "msg": "Destination directory /etc/app does not exist"}`),
  ]);
  assert.equal(count, 1);
});

test('ABSENT_BESIDE_MASKED: `null` beside a masked value is that slot\'s value', () => {
  const job = (n: number, args: string) => `Background job OCA\\Files\\BackgroundJob\\ScanFiles (id: ${100 + n}, arguments: ${args}) ran for ${2000 + n} seconds`;
  const { count } = templates([job(1, '{"userId":"alice"}'), job(2, 'null'), job(3, '{"userId":"bob7"}'), job(4, 'null')]);
  assert.equal(count, 1);
  // in prose `null` is a word of its own statement (LogHub Android's truth)
  const cb = (c: string) => `03-17 16:13:47.743  2227  2794 V KeyguardUpdateMonitor: *** unregister callback for ${c}`;
  const prose = templates([cb('com.android.systemui.statusbar.policy.KeyguardMonitor@712d093'), cb('null'), cb('com.android.systemui.statusbar.phone.Bar@1c2d3e4')]);
  assert.equal(prose.count, 2);
});

test('KEY_NOT_GLUED: an optional key=<*> pair ending a line is another statement, whatever came first', () => {
  const a = (h: string) => `2024-06-12 10:00:01,267 p=51377 u=deploy n=ansible | changed: [${h}]`;
  const b = (h: string, item: string) => `2024-06-12 10:00:02,267 p=51377 u=deploy n=ansible | changed: [${h}] => (item=${item})`;
  // `item` spreads (its values vary in two statements), so a new loop line's item is a variable at once
  const spread = ['ok', 'failed again'].flatMap((w) => ['nginx', 'htop'].map((it) => `2024-06-12 10:00:03,267 p=51377 u=deploy n=ansible | ${w}: [web01] => (item=${it})`));
  const { count } = templates([...spread, b('db02.corp', 'htop'), b('lb01.corp', 'nginx'), a('web02.corp')]);
  assert.equal(count, 4);
});

test('LISTED_FLAG: a bare word between key=value items of a comma list is a field', () => {
  const login = (n: number, flag: string) => `imap-login: Login: user=<u${n}@example.com>, method=PLAIN, rip=10.0.0.${n}, lip=10.0.0.25, mpid=${1000 + n}, ${flag}, session=<a3SwSYzP${n}QULG>`;
  const { count } = templates([login(1, 'TLS'), login(2, 'secured'), login(3, 'TLS'), login(4, 'secured')]);
  assert.equal(count, 1);
});
