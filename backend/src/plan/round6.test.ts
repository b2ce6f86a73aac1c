// Round 6 of issue #12: an entity's own lines ("how many lines did node-35 log?"), short machine
// names with a number as entities ("gige1", "dn38"), and "how many <noun>" read as a count when the
// noun is the `key=` of the next value ("1 ambient=29" states no number of readings).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IngestPipeline } from '../ingest/pipeline.js';
import { Store } from '../store/store.js';
import { TemplateRepo, templatesMigration } from '../templates/index.js';
import { valuesMigration } from '../values/migration.js';
import { ValueWriter } from '../values/store.js';
import { executePlan } from './execute.js';
import { asksAllLines, asksWriter, namesNextValue, templateField } from './lines-of.js';
import { Planner } from './planner.js';
import { identifiers } from './question.js';

const SEC = 1_000_000_000n;
const T0 = BigInt(Date.UTC(2026, 10, 24, 14, 0, 0)) * 1_000_000n;

function fixture(lines: string[]) {
  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-plan6-')), 'x.db'), { migrations: [templatesMigration, valuesMigration] });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const p = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger });
  p.ingest('test', lines.map((line, i) => ({ tenant: 't', labels: { job: 'hpc' }, tsNs: T0 + BigInt(i) * SEC, line })));
  const streamIds = store.streams('t').map((s) => s.id);
  const planner = new Planner(store.db);
  return async (question: string) => {
    const plan = await planner.plan({ tenant: 't', question, streamIds, asksForCause: false });
    return { plan, result: plan.route === 'exact' ? executePlan(store.db, plan) : undefined };
  };
}

/** HPC-like lines: "<logid> <node> <component> <state> <epoch> <flag> <message>", several kinds. */
function hpcLines(): string[] {
  const lines: string[] = [];
  let id = 10_000;
  for (let n = 30; n < 40; n++) {
    lines.push(`${id++} node-${n} node status ${1077215250 + n} 1 configured out`);
    lines.push(`${id++} node-${n} node temperature ${1103654431 + n} 1 ambient=${20 + (n % 7)}`);
    if (n % 2) lines.push(`${id++} node-${n} node status ${1114098974 + n} 1 running`);
  }
  lines.push(`${id++} node-35 node temperature 1103654999 1 ambient=31`);
  for (const t of [1114099001, 1114099002]) lines.push(`${id++} node-35 node status ${t} 1 running`);
  // another node's line that mentions node-35: not a line node-35 logged
  for (const d of [1, 2, 3]) lines.push(`${id++} node-D${d} domain status ${1077875820 + d} 1 inconsistent nodesets node-3${d} 0x00000002 <ok> node-35 0x000001fe <ok>`);
  for (let g = 1; g <= 4; g++) for (let i = 0; i < g + 1; i++) lines.push(`${id++} gige${g} gige temperature ${1110144671 + i} 1 ${i % 2 ? 'warning' : 'normal'}`);
  return lines;
}

test('"how many lines did node-35 log?": every kind of line it wrote, not lines of other nodes that mention it', async () => {
  const ask = fixture(hpcLines());
  // node-35 (odd) wrote status, temperature x2, running x3: 6 lines; 3 more lines mention it
  const own = await ask('how many lines did node-35 log?');
  assert.equal(own.result?.value, 6, own.plan.reason);
  const from = await ask('how many log entries came from node-35?');
  assert.equal(from.result?.value, 6, from.plan.reason);
  const mention = await ask('how many lines mention node-35?');
  assert.equal(mention.result?.value, 9, mention.plan.reason);
});

test('"gige1": a short name with a number is an entity where the store holds it', async () => {
  const ask = fixture(hpcLines());
  const r = await ask('how many "warning" lines did gige3 log?');
  assert.equal(r.result?.value, 2, r.plan.reason);
  const all = await ask('how many lines did gige4 write?');
  assert.ok(all.plan.filters.some((f) => f.text === 'gige4' && f.match === 'value'), all.plan.reason);
  assert.deepEqual(identifiers('lines from gige1 over ssh2').shortNames, ['gige1']);
  assert.deepEqual(identifiers('most common wifi channel en0 changed to').shortNames, [], 'a word of the line, not a machine');
});

test('"how many ambient readings": a count when "ambient" is the next value\'s key= (the 1 before it counts nothing)', async () => {
  const ask = fixture(hpcLines());
  const r = await ask('how many ambient readings did node-35 report?');
  assert.equal(r.plan.intent, 'count', r.plan.reason);
  assert.equal(r.result?.value, 2);
});

test('generic line words and writer verbs', () => {
  assert.ok(asksAllLines(['log', 'entries', 'came']));
  assert.ok(!asksAllLines(['failed', 'passwords']));
  assert.ok(asksWriter('how many lines did node-35 log?'));
  assert.ok(!asksWriter('how many lines mention node-35?'));
});

test('"which node wrote the most log lines?": every kind of line, ranked by the machine that wrote each', async () => {
  const ask = fixture(hpcLines());
  // node-35 wrote 6 lines, no other more than 5: the nodesets lines name node-35 but node-D1..3 wrote them
  const r = await ask('which node wrote the most log lines?');
  assert.equal(r.plan.slot?.writer, true, r.plan.reason);
  assert.deepEqual(r.result?.top?.[0], { key: 'node-35', value: 6 }, JSON.stringify(r.result?.top));
  assert.ok(!r.result?.top?.some((t) => t.key.startsWith('node-3') && t.key !== 'node-35' && t.value > 3));
});

test('"ip:port" and "address with port" read the address slot that writes its port; "served from" is not the "to" slot', async () => {
  const lines: string[] = [];
  const blocks = ['blk_-1608999687919862906', 'blk_7503483334202473044', 'blk_-3544583377289625738', 'blk_2986720270598512615'];
  blocks.forEach((b, i) => lines.push(`081109 20400${i} 35 INFO dfs.DataNode$DataXceiver: 10.251.70.${211 + i}:50010 Served block ${b} to /10.250.19.${102 + i}`));
  const ask = fixture(lines);
  const whole = await ask(`which ip:port served ${blocks[1]}?`);
  assert.equal(whole.result?.value, '10.251.70.212:50010', whole.plan.reason);
  const withPort = await ask(`datanode address with port that served ${blocks[2]}?`);
  assert.equal(withPort.result?.value, '10.251.70.213:50010', withPort.plan.reason);
  const from = await ask(`what IP address was ${blocks[3]} served from?`);
  assert.equal(from.result?.value, '10.251.70.214', from.plan.reason);
  const to = await ask(`which IP was ${blocks[0]} served to?`);
  assert.equal(to.result?.value, '10.250.19.102', to.plan.reason);
});

test('"most frequent log level", "which component logged the most lines": the text each kind of line writes there', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) lines.push(`17/06/09 20:10:${10 + i} INFO executor.Executor: Running task ${i}.0 in stage 1.0 (TID ${100 + i})`);
  for (let i = 0; i < 4; i++) lines.push(`17/06/09 20:11:${10 + i} INFO storage.BlockManager: Found block rdd_${i}_1 locally`);
  for (let i = 0; i < 3; i++) lines.push(`17/06/09 20:12:${10 + i} WARN storage.BlockManager: Block rdd_${i}_2 could not be removed as it was not found on disk`);
  const ask = fixture(lines);
  const level = await ask('most frequent log level?');
  assert.equal(level.result?.value, 'INFO', level.plan.reason);
  assert.deepEqual(level.result?.top?.map((t) => t.value), [10, 3]);
  const component = await ask('which component logged the most lines?');
  assert.deepEqual(component.result?.top?.slice(0, 2), [{ key: 'storage.BlockManager', value: 7 }, { key: 'executor.Executor', value: 6 }], component.plan.reason);
  // Where the component stands beside the level rather than before a colon (BGL, Windows, OpenStack).
  assert.equal(templateField('APPREAD <*>:<*>:<*> RAS APP FATAL ciod: failed to read message prefix', 'component'), 'APP', 'a name: in the message is not the logger');
  assert.equal(templateField('<*> RAS KERNEL INFO instruction cache parity error corrected', 'component'), 'KERNEL');
  assert.equal(templateField('<*> RAS KERNEL INFO CE sym <*>, at <*>, mask <*>', 'component'), 'KERNEL', 'capitals opening the message are not the logger');
  assert.equal(templateField('<*>, Info CBS SQM: Cleaning up report files older than <*> days.', 'component'), 'CBS', 'the name after the level, not a name: in the message');
  assert.equal(templateField('<*> <*> INFO nova.osapi_compute.wsgi.server [req-<*>] <*> "GET <*>" status: <*>', 'component'), 'nova.osapi_compute.wsgi.server');
  assert.equal(templateField('<*> INFO instruction cache parity error corrected', 'component'), undefined, 'a plain word after the level is message text');
  assert.equal(templateField('<*> /apps/x86_64/system/ganglia-3.0.1/sbin/gmetad[<*>]: data_thread() got no answer', 'component'), '/apps/x86_64/system/ganglia-3.0.1/sbin/gmetad', 'a program named by its path');
});

test('namesNextValue: "ambient=" names the value after it; a word in text does not', () => {
  assert.ok(namesNextValue('<*> node temperature <*> ambient=<*>', 'ambient'));
  assert.ok(!namesNextValue('ciod: generated <*> core files for program <*>', 'core'));
  assert.ok(!namesNextValue('<*> a.b=<*>', 'a(b'), 'regex text in a word is escaped');
});
