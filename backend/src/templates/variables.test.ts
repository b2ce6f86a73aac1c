import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';
import { OUTCOME_WORDS, learnableValue } from './variables.js';
import { NOUN_SLOT_VALUES, valueWord } from './value-context.js';

const live = (m: TemplateMiner, lines: string[]) => new Set(lines.map((l) => m.resolve(m.add(l).templateId)));

test('NOUN_SLOT_VALUES: the word after an entity noun is a variable at three values, not two', () => {
  assert.equal(NOUN_SLOT_VALUES, 3);
  const m = new TemplateMiner();
  const two = ['job cleanup finished in 5ms', 'job digest finished in 7ms'];
  assert.equal(live(m, two).size, 2, 'two names may be two kinds of line');
  const ids = live(m, [...two, 'job reindex finished in 9ms']);
  assert.equal(new Set([...ids].map((id) => m.resolve(id))).size, 1);
  assert.equal(m.template([...ids][0]), 'job <*> finished in <*>');
});

test('BRACKETED_LABEL: a labelled value in brackets is a slot (two values, another slot varying)', () => {
  const m = new TemplateMiner();
  const lines = [
    "Access denied for user 'report'@'10.0.0.1' (using password: YES)",
    "Access denied for user 'root'@'10.0.0.2' (using password: NO)",
    "Access denied for user 'app'@'10.0.0.3' (using password: YES)",
  ];
  const ids = lines.map((l) => m.add(l).templateId);
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
  assert.equal(m.template(ids[0]), "Access denied for user '<*>'@'<*>' (using password: <*>)");
});

test('known values: words that filled a variable elsewhere are values at two; key= slots and outcomes are not', () => {
  const m = new TemplateMiner();
  for (const u of ['deploy', 'ubuntu', 'root']) m.add(`host systemd-logind[812]: New session 4 of user ${u}.`);
  const sudo = live(m, [
    'host sudo[99]: deploy : TTY=pts/0 ; PWD=/srv ; USER=root ; COMMAND=/usr/bin/id',
    'host sudo[99]: ubuntu : TTY=pts/0 ; PWD=/srv ; USER=root ; COMMAND=/usr/bin/id',
  ]);
  assert.equal(sudo.size, 1, 'deploy and ubuntu are users: one statement');
  // `key=` slots are left to otherValueVaries (LogHub Linux keeps user=root apart from user=guest)
  const keyed = live(m, ['auth failure; logname= uid=0 user=root', 'auth failure; logname= uid=0 user=deploy']);
  assert.equal(keyed.size, 2);
  // booleans name outcomes, however often they fill variables
  assert.equal(OUTCOME_WORDS.has('true'), true);
  assert.equal(learnableValue('false'), false);
  assert.equal(learnableValue('deploy.'), true);
  assert.equal(valueWord('deploy.'), 'deploy');
});

test('flankedByValues: a word between two values of a record is a field (two values)', () => {
  const m = new TemplateMiner();
  const lines: string[] = [];
  for (const [i, rcode] of ['NOERROR', 'NXDOMAIN', 'NOERROR', 'NXDOMAIN', 'NOERROR', 'NXDOMAIN'].entries())
    lines.push(
      `[INFO] 10.0.0.${i}:5353 - 4${i} "${i % 3 ? 'A' : 'AAAA'} IN n${i}.example.com. udp 6${i} false 512" ${rcode} ${i % 2 ? 'qr,rd,ra' : 'qr,aa,rd'} 10${i} 0.0${i}s`
    );
  const ids = lines.map((l) => m.add(l).templateId);
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
});

test('componentLabel and methodSlot: a logger before `: ` stays a word; `method=` is a slot', () => {
  const m = new TemplateMiner();
  const a = live(m, [
    '2024-06-12T10:00:01.620Z [INFO]  agent.server.raft: snapshot complete up to: index=4270610',
    '2024-06-12T10:00:07.573Z [INFO]  storage.raft: snapshot complete up to: index=2171911',
  ]);
  assert.equal(a.size, 2, 'two loggers are two statements');
  const b = live(m, [
    '2024-06-12T10:00:06.351Z [DEBUG] agent.http: Request finished: method=PUT url=/v1/kv/a from=127.0.0.1:31552 latency=90.429µs',
    '2024-06-12T10:00:11.178Z [DEBUG] agent.http: Request finished: method=GET url=/v1/kv/b from=127.0.0.1:44870 latency=2.563ms',
  ]);
  assert.equal(new Set([...b].map((id) => m.resolve(id))).size, 1);
});

test('SHARE_OF_UNMASKED: a record of values may turn its few words into variables', () => {
  const m = new TemplateMiner();
  const states = ['--', 'cD', 'sD', 'CD'];
  const ids = states.map(
    (st, i) =>
      m.add(
        `Jun 12 10:00:1${i} lb-01 haproxy[2211]: 10.0.0.${i + 1}:2732${i} [12/Jun/2024:09:59:5${i}.681] fe_pg be_pg/pg1 2/3/234480${i} 868687${i} ${st} 798/649/82/65/0 0/0`
      ).templateId
  );
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
});

test('MASKED_SLOT: a value-like word joins a slot that held masked values, however few constants remain', () => {
  const m = new TemplateMiner();
  m.add('mx postfix/cleanup[101]: 0B6A7FAA05E: message-id=<1755393583.k2vm@shop.example.org>');
  const a = m.add('mx postfix/cleanup[102]: 0B6A7FAA06E: message-id=<1755393584.k2vn@shop.example.org>');
  const b = m.add('mx postfix/cleanup[103]: F440864FBB: message-id=<kqfcmdphjmllfwgc@mail.example.net>');
  assert.equal(m.resolve(a.templateId), m.resolve(b.templateId));
});

test('KEY_SET_CONSTANTS: a structured message whose first word is a parameter keeps its key set as constants', () => {
  const m = new TemplateMiner();
  const classes = ['PostReceive', 'ProjectCacheWorker', 'PipelineProcessWorker', 'StuckCiJobsWorker', 'Ci::BuildFinishedWorker'];
  const lines = classes.map(
    (c, i) => `{"severity":"INFO","time":"2024-06-12T10:00:0${i}.000Z","class":"${c}","jid":"a${i}","message":"${c} JID-${i}f3e9a0c1d2b4: start","job_status":"start"}`
  );
  const ids = lines.map((l) => m.add(l).templateId);
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1, 'one statement: the worker class is its parameter');
  assert.match(m.template(m.resolve(ids[0]))!, /"message":"<\*> JID-?<\*>: start"/);
});

test('REQUEST_TARGET_AFTER_METHOD: an unquoted request line keeps its method (one template per method)', () => {
  const m = new TemplateMiner();
  const lines: string[] = [];
  for (const meth of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'])
    for (let i = 1; i <= 3; i++) lines.push(`I, [12] INFO -- : Started ${meth} "/items/${i * 7}" for 10.0.0.${i} at 2024-06-12 10:00:0${i}`);
  const ids = lines.map((l) => m.resolve(m.add(l).templateId));
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 5);
  // after key= a method is a request's parameter (methodSlot): one template
  const k = new TemplateMiner();
  const kv = ['GET', 'PUT'].map((meth, i) => k.add(`http: request method=${meth} path=/v1/kv/${i} status=200`).templateId);
  assert.equal(new Set(kv.map((id) => k.resolve(id))).size, 1);
});

test('SAME_CALL_SITE: lines from one source location differ at a parameter, even at two word values', () => {
  const m = new TemplateMiner();
  const at = (state: string, i: number) =>
    `[2024-06-12, 10:00:0${i} UTC] {taskinstance.py:1206} INFO - Marking task as ${state}. dag_id=shop_sync, task_id=t${i}`;
  const ids = [at('SUCCESS', 1), at('UP_FOR_RETRY', 2), at('SUCCESS', 3)].map((l) => m.add(l).templateId);
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
  // without a location two state words stay two kinds of line
  const n = new TemplateMiner();
  const plain = ['SUCCESS', 'UP_FOR_RETRY'].map((s, i) => n.add(`INFO - Marking task as ${s}. dag_id=shop_sync, task_id=t${i}`).templateId);
  assert.equal(new Set(plain.map((id) => n.resolve(id))).size, 2);
});
