import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';

const roots = (m: TemplateMiner, ids: number[]) => new Set(ids.map((x) => m.resolve(x)));

test('ROUTE_SLOT: the word after via/from is a parameter at two values', () => {
  const m = new TemplateMiner();
  const ids = ['stripe', 'adyen', 'stripe', 'adyen'].map(
    (p, i) => m.add(`2024-06-12T10:00:0${i}.138Z  INFO 1 --- [exec-${i}] c.a.PaymentClient : Payment authorized for order ${72145 + i} via ${p} in ${90 + i} ms`).templateId
  );
  assert.equal(roots(m, ids).size, 1);
  // an event word elsewhere keeps its two kinds of line
  const up = m.add('Link 3 is Up').templateId;
  const down = m.add('Link 4 is Down').templateId;
  assert.notEqual(m.resolve(up), m.resolve(down));
});

test('CODE_AFTER_AMOUNT: a currency code after an amount is part of its value', () => {
  const m = new TemplateMiner();
  const ids = ['EUR', 'GBP', 'EUR', 'CHF'].map(
    (c, i) => m.add(`INFO 2024-06-12 10:00:1${i},654 views 9 1402139 Order ${22111 + i} created for customer ${3119 + i} (${i + 2} items, total ${11 + i}.89 ${c})`).templateId
  );
  assert.equal(roots(m, ids).size, 1);
});
