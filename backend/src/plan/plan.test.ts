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
import { planLogql } from './logql.js';
import { Planner } from './planner.js';
import { identifiers, intentOf, readQuestion } from './question.js';
import { joinedWordPairs } from './pairs.js';

const SEC = 1_000_000_000n;
const T0 = BigInt(Date.UTC(2026, 10, 24, 14, 0, 0)) * 1_000_000n;

/** A small sshd + storage + api store with known answers (counted by hand below). */
function fixture() {
  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-plan-')), 'x.db'), { migrations: [templatesMigration, valuesMigration] });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const p = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger });
  const lines: { job: string; line: string }[] = [];
  const ips = ['10.0.0.1', '10.0.0.2', '10.0.0.1', '10.0.0.3', '10.0.0.1', '10.0.0.2'];
  const users = ['root', 'admin', 'root', 'guest', 'root', 'oracle'];
  ips.forEach((ip, i) => lines.push({ job: 'sshd', line: `Failed password for ${users[i]} from ${ip} port ${4000 + i} ssh2` }));
  lines.push({ job: 'sshd', line: 'Accepted password for deploy from 10.0.0.9 port 5000 ssh2' });
  lines.push({ job: 'sshd', line: 'Accepted password for ops from 10.0.0.8 port 5001 ssh2' });
  const sizes = [100, 250, 4000, 75];
  sizes.forEach((sz, i) => lines.push({ job: 'store', line: `block blk_${1000 + i} added to 10.1.1.${i % 2}:50010 size ${sz}` }));
  lines.push({ job: 'store', line: 'block blk_1002 deleted by admin' });
  [12, 30, 18].forEach((ms, i) => lines.push({ job: 'spark', line: `Reading broadcast variable ${i} took ${ms} ms` }));
  p.ingest(
    'test',
    lines.map((l, i) => ({ tenant: 't', labels: { job: l.job }, tsNs: T0 + BigInt(i) * 10n * SEC, line: l.line })),
  );
  // Another tenant with the same identifiers: never counted.
  p.ingest('test', [{ tenant: 'other', labels: { job: 'sshd' }, tsNs: T0, line: 'Failed password for root from 10.0.0.1 port 1 ssh2' }]);
  const streamIds = store.streams('t').map((s) => s.id);
  const planner = new Planner(store.db);
  const ask = async (question: string) => {
    const plan = await planner.plan({ tenant: 't', question, streamIds, asksForCause: false });
    const result = plan.route === 'exact' ? executePlan(store.db, plan) : undefined;
    return { plan, result, line: (i: number) => store.entriesByIds([result!.entryIds[i]]).get(result!.entryIds[i])?.line };
  };
  return { store, ask, planner, streamIds };
}

test('question reading: identifiers, quoted text, intent; clock times and names with an index are not identifiers', async () => {
  assert.deepEqual(identifiers('how many failed passwords from 10.0.0.1 at 14:05 via ssh2 for "foo bar"?'), { filters: ['10.0.0.1'], literals: ['foo bar'], shortNames: [] });
  assert.deepEqual(identifiers('what happened to order ord-3ed5bf and blk_-123 on 10.1.1.0:50010?').filters, ['ord-3ed5bf', 'blk_-123', '10.1.1.0:50010']);
  assert.equal(intentOf('which IP had the most failed passwords?').intent, 'topk');
  assert.equal(intentOf('top 3 users by failures').k, 3);
  assert.equal(intentOf('how many 502s since 14:00?').intent, 'count');
  assert.deepEqual(identifiers('how many 502s since 14:00?').filters, ['502']);
  assert.equal(intentOf('total bytes sent').intent, 'sum');
  assert.equal(intentOf('what is the largest block size?').intent, 'max');
  assert.equal(intentOf('when did the errors start?').intent, 'first');
  assert.equal(intentOf('errors in the last 5 minutes').intent, undefined);
  assert.deepEqual(readQuestion('how long did reading broadcast variable 9 take?').keyed, [{ key: 'variable', text: '9' }]);
});

test('count with an identifier: only the lines of the kind asked about that hold it, in this tenant', async () => {
  const { ask } = fixture();
  const { plan, result } = (await ask('how many failed passwords came from 10.0.0.1?'));
  assert.equal(plan.route, 'exact');
  assert.equal(result!.value, 3);
  assert.equal(result!.entryIds.length, 3, 'few lines: all cited');
  assert.equal((await ask('how many failed passwords came from 10.0.0.9?')).result!.value, 0, 'the accepted login from .9 is another kind of line');
});

test('top-k by a slot, sums and extremes with units, first and last', async () => {
  const { ask } = fixture();
  const top = (await ask('which IP had the most failed passwords?'));
  assert.equal(top.plan.slot?.kind, 'ip');
  assert.deepEqual(top.result!.top!.slice(0, 2), [{ key: '10.0.0.1', value: 3 }, { key: '10.0.0.2', value: 2 }]);
  const users = (await ask('which user had the most failed passwords?'));
  assert.equal(users.result!.value, 'root');
  const max = (await ask('what is the largest block size added?'));
  assert.equal(max.result!.value, 4000);
  assert.match(max.line(0)!, /size 4000/);
  assert.equal((await ask('what is the total size of blocks added?')).result!.value, 4425);
  assert.equal((await ask('what is the smallest block size added on 10.1.1.1:50010?')).result!.value, 75);
  const avg = (await ask('average time to read a broadcast variable?'));
  assert.equal(avg.result!.value, 20);
  assert.equal(avg.result!.unit, 'ms');
  const first = (await ask('when was the first accepted password?'));
  assert.equal(first.result!.atNs, T0 + 6n * 10n * SEC);
  const last = (await ask('when was the last failed password?'));
  assert.equal(last.result!.atNs, T0 + 5n * 10n * SEC);
});

test('look-ups: a value of the lines holding an identifier; a numbered name; every line of an identifier', async () => {
  const { ask } = fixture();
  const who = (await ask('which user logged in from 10.0.0.9?'));
  assert.equal(who.result!.value, 'deploy');
  const took = (await ask('how long did reading broadcast variable 1 take?'));
  assert.equal(took.result!.value, 30);
  assert.equal(took.result!.unit, 'ms');
  const blk = (await ask('what happened to blk_1002?'));
  assert.equal(blk.plan.slot, undefined);
  assert.equal(blk.result!.matched, 2);
  assert.deepEqual(blk.result!.entryIds.map((_, i) => blk.line(i)), ['block blk_1002 added to 10.1.1.0:50010 size 4000', 'block blk_1002 deleted by admin']);
});

test('a question about nothing stored, or with no aggregate and no identifier, is not planned as exact', async () => {
  const { ask } = fixture();
  assert.equal((await ask('why is the sky blue')).plan.route, 'search');
  assert.equal((await ask('tell me about kubernetes')).plan.route, 'search');
});

test('row cap: a capped count says "at least" (partial)', async () => {
  const { store, planner, streamIds } = fixture();
  const plan = await planner.plan({ tenant: 't', question: 'how many failed passwords?', streamIds, asksForCause: false });
  const capped = executePlan(store.db, plan, { rowCap: 4 });
  assert.equal(capped.partial, true);
  assert.equal(capped.matched, 4);
  assert.equal(executePlan(store.db, plan).matched, 6);
});

test('LogQL: a metric query for aggregates (unwrap on a regexp stage), a log query for look-ups', async () => {
  const { store, ask } = fixture();
  const labels = (id: number) => store.stream(id)?.labels;
  const count = (await ask('how many failed passwords came from 10.0.0.1?'));
  const q = planLogql(count.plan, count.result!, labels);
  assert.match(q.expr, /^sum\(count_over_time\(\{job="sshd"\} \|= "Failed password for" \|= "10\.0\.0\.1" \[\d+s\]\)\)$/);
  const max = (await ask('what is the largest block size added?'));
  assert.match(planLogql(max.plan, max.result!, labels).expr, /^max\(max_over_time\(\{job="store"\} .*\| regexp "size\[=:\\"\\\\s\]\+\(\?P<value>-\?\[0-9\.\]\+\)" \| unwrap value \[/);
  const top = (await ask('which IP had the most failed passwords?'));
  assert.match(planLogql(top.plan, top.result!, labels).expr, /^topk\(5, sum by \(value\) \(count_over_time\(/);
  const blk = (await ask('what happened to blk_1002?'));
  assert.equal(planLogql(blk.plan, blk.result!, labels).kind, 'log');
});

test('values commit with their entries: a rolled-back ingest leaves none, a replay duplicates none', async () => {
  const { store } = fixture();
  const before = store.db.prepare('SELECT count(*) FROM entry_values').pluck().get() as number;
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const p = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger });
  assert.throws(() =>
    store.atomically(() => {
      p.ingest('x', [{ tenant: 't', labels: { job: 'sshd' }, tsNs: T0 + 999n * SEC, line: 'Failed password for eve from 10.9.9.9 port 1 ssh2' }]);
      throw new Error('crash');
    }),
  );
  assert.equal(store.db.prepare('SELECT count(*) FROM entry_values').pluck().get(), before);
  const again = fixture();
  const n = again.store.db.prepare('SELECT count(*) FROM entry_values').pluck().get() as number;
  assert.ok(n > 0);
});

test('paraphrases an on-call engineer types: tally, busiest, "the IP with the highest number of", "stage 15.0:"', async () => {
  assert.equal(intentOf('tally of failed passwords from 10.0.0.1').intent, 'count');
  assert.equal(intentOf('occurrences of failed password for 10.0.0.1').intent, 'count');
  assert.equal(intentOf('busiest datanode by blocks added?').intent, 'topk');
  assert.equal(intentOf('IP with the highest number of disconnects').intent, 'topk');
  assert.equal(intentOf('which IP had more failures than any other?').intent, 'topk');
  assert.equal(intentOf('what was the highest number of threads waiting?').intent, 'max', 'no group named: a maximum');
  assert.equal(intentOf('when did 10.0.0.1 fail a password most recently?').intent, 'last');
  assert.deepEqual(readQuestion('stage 15.0: how many tasks started?').keyed, [{ key: 'stage', text: '15.0' }]);
  assert.deepEqual(readQuestion('since 14:05, how many errors?').keyed, []);
  assert.deepEqual(readQuestion('how many "generating core" lines from node R27-M0-N1-C:J05-U01?').kindWords, [{ word: 'node', ident: 'R27-M0-N1-C:J05-U01' }]);
});

test('an identifier in two slots of one kind of line: the slot the question names; a number named by another noun', async () => {
  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-plan-')), 'x.db'), { migrations: [templatesMigration, valuesMigration] });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const p = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger });
  const lines: string[] = [];
  // listener A logs requests from B; B (as listener) logs requests from C
  const pairs = [['10.9.0.1', '10.9.0.2'], ['10.9.0.1', '10.9.0.2'], ['10.9.0.2', '10.9.0.3'], ['10.9.0.2', '10.9.0.3'], ['10.9.0.2', '10.9.0.1'], ['10.9.0.3', '10.9.0.2']];
  pairs.forEach(([l, r], i) => lines.push(`INFO [/${l}:3888:Listener@493] - Received connection request /${r}:${40000 + i}`));
  [1, 2, 3, 3, 2, 3].forEach((to, i) => lines.push(`WARN [Sender[myid=${(i % 3) + 1}]:Cnx@368] - Cannot open channel to ${to} at election address /10.9.0.${to}:3888`));
  p.ingest('test', lines.map((line, i) => ({ tenant: 't', labels: { job: 'zk' }, tsNs: T0 + BigInt(i) * SEC, line })));
  const planner = new Planner(store.db);
  const streamIds = store.streams('t').map((s) => s.id);
  const ask = async (question: string) => executePlan(store.db, await planner.plan({ tenant: 't', question, streamIds, asksForCause: false }));
  assert.equal((await ask('how many connection requests came from 10.9.0.2?')).value, 3, 'requests from .2, not those .2 received');
  assert.equal((await ask('number of failed channel opens to server 3')).value, 3, 'the channel slot, not myid=3');
});

test('round 2: snake, dotted and ~-joined names are identifiers; "the most times", "how long ... altogether", "who" without a user', async () => {
  assert.deepEqual(identifiers('which node stopped serving root5_domain or cluster_var_backup?').filters, ['root5_domain', 'cluster_var_backup']);
  assert.deepEqual(identifiers('max wait of com.apple.icloud.fmfd.heartbeat?').filters, ['com.apple.icloud.fmfd.heartbeat']);
  assert.deepEqual(identifiers('state of Package_for_KB3010788~31bf3856ad364e35~amd64~~6.1.1.1?').filters, ['Package_for_KB3010788~31bf3856ad364e35~amd64~~6.1.1.1']);
  assert.deepEqual(identifiers('how many times did mod_jk fail?').filters, [], 'a two-part snake name without a digit is a word pair');
  assert.equal(intentOf('job the scheduler told to wait the most times').intent, 'topk');
  assert.equal(intentOf('how long did the early wakes take altogether?').intent, 'sum');
  assert.equal(intentOf('how long did the early wake take?').intent, 'lookup');
  assert.equal(intentOf('what was the hottest ambient value on node-3?').intent, 'max');

  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-plan-')), 'x.db'), { migrations: [templatesMigration, valuesMigration] });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const p = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger });
  const lines: string[] = [];
  ['10.7.0.1', '10.7.0.2', '10.7.0.1', '10.7.0.3', '10.7.0.1'].forEach((ip, i) => lines.push(`Received disconnect from ${ip}: 11: Bye Bye [preauth] ${i}`));
  [1077804742, 1077804800, 1077804900].forEach((t, i) => lines.push(`${t} node-${i % 2} temp ${t + 7} 1 totalAltitude=${[240, 30, 12][i]}`));
  p.ingest('test', lines.map((line, i) => ({ tenant: 't', labels: { job: 'mix' }, tsNs: T0 + BigInt(i) * SEC, line })));
  const planner = new Planner(store.db);
  const streamIds = store.streams('t').map((s) => s.id);
  const ask = async (question: string) => executePlan(store.db, await planner.plan({ tenant: 't', question, streamIds, asksForCause: false }));
  assert.equal((await ask('who disconnected the most?')).top?.[0]?.key, '10.7.0.1', 'no user in the lines: the address they come from');
  assert.equal((await ask('largest total altitude?')).value, 240, 'totalAltitude=, not the epoch clock beside it');
});

test('round 3: "<verb>ed the most <noun>" and "most tried" rank; program names are identifiers; two slots joined by "and" are summed', async () => {
  assert.equal(intentOf('address that was served the most blocks?').intent, 'topk');
  assert.equal(intentOf('most tried user name from 10.0.0.1?').intent, 'topk');
  assert.equal(intentOf('which block received the most bytes?').intent, 'max', 'a quantity after "the most" is still a maximum');
  assert.equal(intentOf('what was the most recent failure?').intent, 'last');
  assert.deepEqual(identifiers('total bytes received by Dropbox.exe through the proxy?').filters, ['Dropbox.exe']);
  assert.deepEqual(joinedWordPairs('how many bytes were sent and received for a.b.com:443?'), [['sent', 'received']]);

  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-plan-')), 'x.db'), { migrations: [templatesMigration, valuesMigration] });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const p = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger });
  const lines = [
    'chrome.exe - a.example.com:443 close, 100 bytes sent, 1000 bytes received, lifetime 00:01',
    'chrome.exe - a.example.com:443 close, 200 bytes sent, 2000 bytes received, lifetime 00:02',
    'chrome.exe - b.example.com:443 close, 300 bytes sent, 3000 bytes received, lifetime 00:03',
  ];
  p.ingest('test', lines.map((line, i) => ({ tenant: 't', labels: { job: 'proxy' }, tsNs: T0 + BigInt(i) * SEC, line })));
  const planner = new Planner(store.db);
  const streamIds = store.streams('t').map((s) => s.id);
  const plan = await planner.plan({ tenant: 't', question: 'how many bytes were sent and received for a.example.com:443?', streamIds, asksForCause: false });
  assert.equal(plan.intent, 'sum');
  assert.deepEqual(plan.slot?.keys, ['sent', 'received']);
  assert.equal(executePlan(store.db, plan).value, 3300, 'both slots of the two lines of that target');
  assert.equal(executePlan(store.db, await planner.plan({ tenant: 't', question: 'total bytes sent to a.example.com:443?', streamIds, asksForCause: false })).value, 300, 'one slot named: that slot only');
});
