// SIGIL_KEYS (structured.ts): a leading `@` marks the logger's own field (hclog JSON, Logstash,
// Serilog), so `@message` is the message even beside a call's own `msg` field, and `@caller` is
// a caller. Fails on the round-7 code, which took `msg` for the message and `@caller` for nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldRole, parseStructured } from './structured.js';
import { TemplateMiner } from './miner.js';

const hclog = (message: string, msg: string, type: string) =>
  JSON.stringify({
    '@level': 'info',
    '@message': message,
    '@module': 'client.alloc_runner.task_runner',
    '@timestamp': '2024-06-12T10:00:02.017403Z',
    alloc_id: '39d8fbc8-ba65-4c18-83fb-dbff56496ac2',
    msg,
    task: 'web',
    type,
  });

test('SIGIL_KEYS: hclog JSON: @message is the message, not the call field msg; @caller is a caller', () => {
  const st = parseStructured(hclog('Task event', 'Task started by client', 'Started'))!;
  assert.equal(st.messageKey, '@message');
  assert.equal(st.message, 'Task event');
  assert.equal(fieldRole('@caller'), 'caller');
  assert.equal(fieldRole('@module'), undefined);
  // a bare name is what it was
  assert.equal(parseStructured(JSON.stringify({ level: 'info', msg: 'a b c', message: 'x y z' }))!.messageKey, 'msg');
  // GELF's `_` marks the call's additional fields: `_msg` is not the message
  assert.equal(parseStructured(JSON.stringify({ short_message: 'disk full on node', _msg: 'x y z' }))!.messageKey, 'short_message');
});

test('SIGIL_KEYS: one hclog statement whose msg field varies is one template', () => {
  const m = new TemplateMiner();
  const ids = new Set<number>();
  const events: Array<[string, string]> = [
    ['Task received by client', 'Received'],
    ['Building Task Directory', 'Task Setup'],
    ['Downloading image', 'Driver'],
    ['Task started by client', 'Started'],
    ['Exit Code: 0', 'Terminated'],
  ];
  for (let i = 0; i < 20; i++) {
    const [msg, type] = events[i % events.length];
    ids.add(m.add(hclog('Task event', msg, type)).templateId);
  }
  assert.equal(new Set([...ids].map((id) => m.resolve(id))).size, 1);
  assert.match(m.templates()[0].template, /"@message":"Task event"/);
});
