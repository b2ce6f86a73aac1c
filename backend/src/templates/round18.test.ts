// Round 18's rules (README.md of eval/generality, "Round 17's formats, tuned"): an XML element
// ending a line is a record after a header (XML_RECORD, xml-record.ts). Each test fails with its
// constant off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';
import { parseXmlRecord } from './xml-record.js';

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
