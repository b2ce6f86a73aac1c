// Round 4 of issue #12: one entity under several slot names, quoted text in the other number,
// "when" clauses that are conditions, words that only say "lines holding X", MAC addresses.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IngestPipeline } from '../ingest/pipeline.js';
import { Store } from '../store/store.js';
import { TemplateRepo, templatesMigration } from '../templates/index.js';
import { extractValues } from '../values/extract.js';
import { valuesMigration } from '../values/migration.js';
import { ValueWriter } from '../values/store.js';
import { executePlan } from './execute.js';
import { Planner } from './planner.js';
import { identifiers, intentOf, numberVariants, readQuestion } from './question.js';

const SEC = 1_000_000_000n;
const T0 = BigInt(Date.UTC(2026, 10, 24, 14, 0, 0)) * 1_000_000n;

function fixture(lines: string[]) {
  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-plan4-')), 'x.db'), { migrations: [templatesMigration, valuesMigration] });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const p = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger });
  p.ingest('test', lines.map((line, i) => ({ tenant: 't', labels: { job: 'sshd' }, tsNs: T0 + BigInt(i) * SEC, line })));
  const streamIds = store.streams('t').map((s) => s.id);
  const planner = new Planner(store.db);
  return async (question: string) => {
    const plan = await planner.plan({ tenant: 't', question, streamIds, asksForCause: false });
    return { plan, result: plan.route === 'exact' ? executePlan(store.db, plan) : undefined };
  };
}

test('a ranking groups one entity across kinds of line that name its slot differently ("for root", "invalid user admin")', async () => {
  const lines: string[] = [];
  const failed = (user: string, ip: string, port: number) => lines.push(`Failed password for ${user} from ${ip} port ${port} ssh2`);
  const invalid = (user: string, ip: string, port: number) => lines.push(`Failed password for invalid user ${user} from ${ip} port ${port} ssh2`);
  // admin: 2 + 2 = 4 overall; test 3 (invalid only); root 2 (valid only)
  failed('root', '10.0.0.1', 4001);
  invalid('test', '10.0.0.2', 4002);
  failed('admin', '10.0.0.3', 4003);
  invalid('admin', '10.0.0.4', 4004);
  failed('root', '10.0.0.5', 4005);
  invalid('test', '10.0.0.6', 4006);
  failed('admin', '10.0.0.7', 4007);
  invalid('admin', '10.0.0.8', 4008);
  invalid('test', '10.0.0.9', 4009);
  // one attempt each: enough distinct names that both kinds of line hold the user as a value
  ['oracle', 'ubuntu', 'pi', 'git'].forEach((u, i) => invalid(u, `10.0.2.${i}`, 4100 + i));
  ['backup', 'daemon', 'mail'].forEach((u, i) => failed(u, `10.0.3.${i}`, 4200 + i));
  for (let i = 0; i < 4; i++) lines.push(`Accepted password for deploy${i % 2 ? 'x' : 'y'} from 10.0.1.${i} port ${5000 + i} ssh2`);
  const ask = fixture(lines);
  const { plan, result } = await ask('who had the most failed passwords?');
  assert.equal(plan.intent, 'topk');
  assert.equal(plan.targets.length, 2, plan.reason);
  assert.ok(plan.slot?.keys && plan.slot.keys.length === 2, JSON.stringify(plan.slot) + plan.reason + JSON.stringify(result?.top) + JSON.stringify(plan.targets.map((t) => t.template)));
  assert.equal(result?.value, 'admin');
  assert.deepEqual(result?.top?.slice(0, 3), [
    { key: 'admin', value: 4 },
    { key: 'test', value: 3 },
    { key: 'root', value: 2 },
  ]);
  // a look-up of one line keeps its own slot (no aliasing outside rankings)
  const ip = await ask('which user tried to log in from 10.0.0.9?');
  assert.equal(ip.result?.value, 'test');
});

test('quoted text matches the lines that write it in the other number ("failures" and "failure;")', async () => {
  const ask = fixture([
    'PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.188.10.180',
    'PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.188.10.180',
    'PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.188.10.180',
    'PAM 3 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4',
  ]);
  assert.deepEqual(numberVariants('more authentication failures'), ['more authentication failure']);
  assert.deepEqual(numberVariants('connection reset'), ['connection resets', 'connection resetes']);
  const { plan, result } = await ask('how many "more authentication failures" reports were there for 5.188.10.180?');
  assert.equal(plan.intent, 'count');
  assert.equal(result?.value, 3, plan.reason);
  // only the singular in the question: the plural lines match too
  const one = await ask('how many "more authentication failure" lines name 5.188.10.180?');
  assert.equal(one.result?.value, 3, one.plan.reason);
});

test('"... when it expired" is a condition on the value asked, not a question about a time', () => {
  assert.equal(intentOf('timeout in ms of session 0x14edfaa86f60031 when it expired?').intent, 'lookup');
  assert.equal(intentOf('what timeout did session 0x24ed exceed when it expired?').intent, 'lookup');
  assert.equal(intentOf('who received blk_1 when it was served?').intent, 'lookup');
  assert.equal(intentOf('when did session 0x1 expire?').intent, 'first');
  assert.equal(intentOf('[zookeeper] when did the session expire?').intent, 'first');
  assert.equal(intentOf('latest pause of instance x: when?').intent, 'last');
});

test('"in how many lines does X show up / appear / mention": no description of the line, every line holding X', async () => {
  assert.deepEqual(readQuestion('in how many lines does 10.0.0.1 show up?').words, []);
  assert.deepEqual(readQuestion('how many log lines mention 10.0.0.1?').words, []);
  const ask = fixture([
    'Failed password for root from 10.0.0.1 port 1 ssh2',
    'Failed password for root from 10.0.0.1 port 2 ssh2',
    'Connection closed by 10.0.0.1 [preauth]',
    'Connection closed by 10.0.0.2 [preauth]',
    'Received disconnect from 10.0.0.1: 11: Bye Bye [preauth]',
  ]);
  for (const q of ['in how many lines does 10.0.0.1 show up?', 'how many log lines mention 10.0.0.1?', 'in how many lines does 10.0.0.1 appear?']) {
    const { plan, result } = await ask(q);
    assert.equal(result?.value, 4, `${q}: ${plan.reason}`);
  }
});

test('MAC addresses are one identifier in questions and one value in lines', () => {
  assert.deepEqual(identifiers('which IP did DHCPACK give to 00:11:43:e3:ba:c3?').filters, ['00:11:43:e3:ba:c3']);
  const vs = extractValues('DHCPACK on 10.100.4.251 to 00:11:43:e3:ba:c3 via eth1');
  assert.deepEqual(
    vs.map((v) => [v.kind, v.text]),
    [
      ['ip', '10.100.4.251'],
      ['id', '00:11:43:e3:ba:c3'],
    ],
  );
});
