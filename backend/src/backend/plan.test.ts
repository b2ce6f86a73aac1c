import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slotWhere } from '../plan/sql.js';
import type { Plan, Slot } from '../plan/types.js';
import { planRequest, slotRef } from './plan.js';

test('slotRef reads the keys and kinds slotWhere reads (the SQL the embedded executor runs)', () => {
  const slots: Slot[] = [
    { key: 'size', kind: 'int' },
    { key: 'size', kind: 'float' },
    { key: 'user', kind: 'word' },
    { key: 'from', kind: 'ip' },
    { key: 'request', kind: 'ipport' },
    { key: 'target', kind: 'hostport' },
    { key: 'took', kind: 'duration' },
    { key: 'src', kind: 'ip', keys: ['src', 'dest'] },
    { key: 'sent', kind: 'int', keys: ['sent', 'received'] },
  ];
  for (const slot of slots) {
    const r = slotRef(slot);
    assert.deepEqual([...r.keys, ...r.kinds], slotWhere(slot).params, JSON.stringify(slot));
  }
});

test('planRequest: intents to aggregates; what has no neutral form says so', () => {
  const plan: Plan = {
    intent: 'sum',
    route: 'exact',
    reason: '',
    filters: [{ text: '10.0.0.1', match: 'value' }],
    targets: [{ templateId: 7, template: 'x <*>', streamId: 1, score: 1 }],
    alternatives: [],
    slot: { key: 'size', kind: 'int' },
    streamIds: [1],
    window: { startNs: 1n, endNs: 2n },
    memberIds: [7, 9],
  };
  assert.deepEqual(planRequest(plan, { tenant: 'a' }), {
    query: { scope: { tenant: 'a', window: { startNs: 1n, endNs: 2n } }, templateIds: [7, 9], values: [{ text: '10.0.0.1' }] },
    aggregates: [{ op: 'stats', slot: { keys: ['size'], kinds: ['int', 'float'] } }],
  });
  const top = planRequest({ ...plan, intent: 'topk', k: 3, slot: { key: 'user', kind: 'word' } }, { tenant: 'a' });
  assert.ok('aggregates' in top);
  assert.deepEqual(top.aggregates[1], { op: 'top', slot: { keys: ['user'], kinds: ['word', 'id', 'host', 'uuid'] }, k: 10 });
  // A literal filter is a substring group (with its other grammatical number); value filters stay values.
  const literal = planRequest({ ...plan, filters: [{ text: '10.0.0.1', match: 'value' }, { text: 'failure', match: 'literal', alternatives: ['failures'] }] }, { tenant: 'a' });
  assert.ok('query' in literal);
  assert.deepEqual(literal.query.values, [{ text: '10.0.0.1' }]);
  assert.deepEqual(literal.query.literals, [['failure', 'failures']]);
  assert.ok('unsupported' in planRequest({ ...plan, weight: { key: 'bytes', kind: 'int' } }, { tenant: 'a' }));
  assert.ok('unsupported' in planRequest({ ...plan, slot: { key: 'src', kind: 'ipport', part: 'port' } }, { tenant: 'a' }));
  assert.ok('unsupported' in planRequest({ ...plan, memberIds: undefined }, { tenant: 'a' }));
  assert.ok('unsupported' in planRequest({ ...plan, intent: 'lookup', pick: 'first' }, { tenant: 'a' }));
  assert.ok('unsupported' in planRequest({ ...plan, intent: 'topk', weight: { key: 'took', kind: 'duration' }, weightBy: 'max' }, { tenant: 'a' }));
  assert.ok('unsupported' in planRequest({ ...plan, intent: 'topk', weight: { key: 'sent', kind: 'size' } }, { tenant: 'a' }));
  assert.ok('unsupported' in planRequest({ ...plan, slot: { key: '', kind: 'host', writer: true } as Slot }, { tenant: 'a' }));
  assert.ok('unsupported' in planRequest({ ...plan, slot: { key: '', kind: 'word', labels: { 7: 'INFO' } } as Slot }, { tenant: 'a' }));
});
