// Round 18's rules (README.md of eval/generality, "Round 17's formats, tuned"): an XML element
// ending a line is a record after a header (XML_RECORD, xml-record.ts); a `[Label: value]` field
// keeps its label (LABELLED_BRACKET), a quoted string may open with a bracket (QUOTE_OPENS_BRACKET,
// span-candidates.ts), and a span's context reads the separator after a quoted span from its
// closing quote on (CLOSED_BEFORE_SPAN, spans.ts); a name restated in brackets is a value
// (RESTATED_NAME, restated-name.ts), as is an id of many colon-joined values (COLON_ID,
// colon-id.ts). Each test fails with its constant off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';
import { parseXmlRecord } from './xml-record.js';
import { tokenize } from './mask.js';

/** Each line's template once the whole stream is mined (a rule may decide only at its end). */
function ids(miner: TemplateMiner, lines: readonly string[]): number[] {
  for (const l of lines) miner.add(l);
  return lines.map((l) => miner.resolve(miner.add(l).templateId));
}
const distinct = (xs: readonly number[]) => new Set(xs).size;

const HOSTS = ['web-01', 'web-02', 'db-01'];
const IMAGES = ['/usr/bin/curl', '/usr/sbin/sshd', '/usr/bin/python3.11', '/bin/bash', '/usr/lib/postgresql/16/bin/postgres'];
const USERS = ['root', 'www-data', 'postgres', 'deploy'];
const CMDS = ['curl -s https://api.example.com/health', 'sshd: deploy [priv]', 'python3 /opt/app/worker.py --queue high', 'bash -c "tar czf /backup/etc.tgz /etc"', 'postgres: checkpointer'];
const sysmon = (i: number, id: number, data: Array<[string, string]>) =>
  `Jun 12 10:0${i % 10}:1${i % 7} ${HOSTS[i % 3]} sysmon[${800 + (i % 3)}]: <Event><System><Provider Name="Linux-Sysmon" Guid="{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"/><EventID>${id}</EventID><Version>5</Version><Level>4</Level><Task>${id}</Task><Computer>${HOSTS[i % 3]}</Computer></System><EventData>${data
    .map(([k, v]) => `<Data Name="${k}">${v}</Data>`)
    .join('')}</EventData></Event>`;
const create = (i: number) => sysmon(i, 1, [['UtcTime', `2024-06-12 10:00:${10 + i}.123`], ['ProcessId', String(4000 + 37 * i)], ['Image', IMAGES[i % 5]], ['CommandLine', CMDS[(i * 3) % 5]], ['User', USERS[i % 4]]]);
const terminate = (i: number) => sysmon(i, 5, [['UtcTime', `2024-06-12 10:01:${10 + i}.456`], ['ProcessId', String(4000 + 37 * i)], ['Image', IMAGES[(i + 2) % 5]], ['User', USERS[(i + 1) % 4]]]);

test('XML_RECORD: one XML event per line is one statement per event id and layout', () => {
  const lines: string[] = [];
  for (let i = 0; i < 30; i++) lines.push(create(i), terminate(i));
  const out = ids(new TemplateMiner(), lines);
  assert.equal(distinct(out.filter((_, j) => j % 2 === 0)), 1, 'process creates are one statement whatever their image, user and command line');
  assert.equal(distinct(out.filter((_, j) => j % 2 === 1)), 1, 'process terminations are one statement');
  assert.equal(distinct(out), 2, 'EventID names the record: 1 and 5 stay apart');
});

test('XML_RECORD: names and the keys of repeated elements are the statement, values are not', () => {
  const r = parseXmlRecord(create(1));
  assert.ok(r);
  assert.match(r.header, /sysmon\[801\]:$/);
  assert.match(r.skeleton, /<Provider Name="<\*>" Guid="<\*>"\/><EventID>1<\/EventID>/);
  assert.match(r.skeleton, /<Data Name="Image"><\*><\/Data><Data Name="CommandLine"><\*><\/Data>/);
  assert.equal(parseXmlRecord('request failed: <b>bad</b> gateway'), undefined, 'markup inside prose is not a record');
  assert.equal(parseXmlRecord('x <a><b>1</b><c>2</c><d>3</d></a> trailing'), undefined, 'the element must end the line');
});

const IPS = ['10.10.2.166', '172.227.32.83', '185.29.42.111', '81.204.129.83', '203.0.113.25'];
const ET = ['ET POLICY curl User-Agent Outbound', 'ET SCAN Nmap Scripting Engine User-Agent Detected', 'ET WEB_SERVER Possible SQL Injection Attempt', 'OS-OTHER Bash CGI environment variable injection attempt'];
const CLASSES = ['Attempted Information Leak', 'Web Application Attack', 'Attempted Administrator Privilege Gain'];
const alert = (i: number, msg: string, rule: string, fields: string) =>
  `24/06/12-10:0${i % 10}:1${i % 6}.${510930 + 7 * i} [**] [${rule}] "${msg}" [**] ${fields} {TCP} ${IPS[i % 5]}:${40000 + 13 * i} -> ${IPS[(i + 2) % 5]}:${[80, 443, 8080][i % 3]}`;
const classified = (i: number, appId: boolean, msg = ET[i % 4]) =>
  alert(i, msg, `1:${2013028 + (i % 4)}:${1 + (i % 7)}`, `[Classification: ${CLASSES[i % 3]}] [Priority: ${1 + (i % 3)}]${appId ? ` [AppID: ${['HTTP', 'SSL', 'SIP'][i % 3]}]` : ''}`);

test('LABELLED_BRACKET: a line with one more `[Label: value]` field is another layout', () => {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) lines.push(classified(i, i % 2 === 0));
  const out = ids(new TemplateMiner(), lines);
  assert.equal(distinct(out.filter((_, j) => j % 2 === 0)), 1, 'the AppID layout is one statement');
  assert.equal(distinct(out.filter((_, j) => j % 2 === 1)), 1, 'the layout without AppID is one statement');
  assert.equal(distinct(out), 2, 'the two layouts stay apart');
});

test('QUOTE_OPENS_BRACKET: a quoted message that opens with a bracket is one value', () => {
  const msgs = ['(http_inspect) too many pipelined requests', '(http_inspect) URI path contains consecutive slash characters', '(stream_tcp) TCP session without 3-way handshake', '(http_inspect) HTTP request method is not known to Snort'];
  const lines: string[] = [];
  for (let i = 0; i < 32; i++) lines.push(alert(i, msgs[i % 4], `${[119, 129][i % 2]}:${20 + (i % 4)}:1`, `[Priority: 3]`));
  assert.equal(distinct(ids(new TemplateMiner(), lines)), 1);
});

test('CLOSED_BEFORE_SPAN: a quoted message ending in a bracket meets the others of its layout', () => {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) lines.push(i % 5 === 4 ? classified(i, false, `ET EXPLOIT Apache log4j RCE Attempt (http ldap) (CVE-2021-${44228 + (i % 3)})`) : classified(i, false));
  assert.equal(distinct(ids(new TemplateMiner(), lines)), 1);
});

test('RESTATED_NAME: a name restated in brackets is a value', () => {
  const users = ['shop', 'report', 'etl'];
  const lines = [0, 1, 2, 3, 4, 5].map((i) => `# User@Host: ${users[i % 3]}[${users[i % 3]}] @  [10.0.2.${60 + i}]  Id: ${64852 + 31 * i}`);
  assert.equal(distinct(ids(new TemplateMiner(), lines)), 1, 'three users are one statement');
});

const NODES = ['pve01', 'pve02', 'pve03'];
const TASKS = ['vncproxy', 'qmstart', 'qmsnapshot'];
const upid = (i: number) =>
  `UPID:${NODES[i % 3]}:00${(2480000 + 977 * i).toString(16).toUpperCase()}:0A3D${(4000 + i).toString(16).toUpperCase()}:6669${(7000 + 13 * i).toString(16).toUpperCase()}:${TASKS[i % 3]}:${100 + (i % 12)}:root@pam:`;
const task = (i: number) => `Jun 12 10:0${i % 10}:4${i % 6} ${NODES[i % 3]} pvedaemon[${4600 + i}]: <root@pam> starting task ${upid(i)}`;

test('COLON_ID: an id of many colon-joined fields, half or more of them values, is one value', () => {
  assert.equal(distinct(ids(new TemplateMiner(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(task))), 1, 'task types inside the id do not split the statement');
});

test('COLON_ID: a bracketed logger with an address inside is not an id', () => {
  const t = tokenize('2015-07-29 17:42:30,405 - INFO  [QuorumPeer[myid=2]/0:0:0:0:0:0:0:0:2181:Environment@100] - Server environment:java.vendor=Oracle Corporation');
  assert.ok(t.tokens.some((x) => !x.isVar && x.text === 'QuorumPeer'), 'the thread name stays a word');
  assert.ok(tokenize(task(1)).tokens.every((x) => x.isVar || !x.text.startsWith('UPID')), 'a UPID is one value');
});
