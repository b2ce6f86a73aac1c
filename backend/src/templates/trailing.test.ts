import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitTrailingFields } from './trailing.js';
import { TemplateMiner } from './miner.js';

test('a JSON object of fields after a text message: its keys are the statement, its values variables', () => {
  // zap console encoder (tab before the fields): error texts of different shapes, one call site
  const m = new TemplateMiner();
  const errors = [
    'context deadline exceeded',
    'rpc error: code = Unavailable desc = connection error: desc = \\"transport: dial tcp 10.0.4.12:4317: connect: connection refused\\"',
    'Permanent error: HTTP 429 \\"Too Many Requests\\": rate limit exceeded',
    'Post \\"https://mimir.example.com/api/v1/push\\": net/http: request canceled',
  ];
  const ids = new Set<number>();
  errors.forEach((e, i) => {
    const line = `2024-06-12T10:00:0${i}.793Z\tinfo\texporterhelper/retry_sender.go:118\tExporting failed. Will retry the request after interval.\t{"kind": "exporter", "name": "${['otlp', 'loki'][i % 2]}", "error": "${e}", "interval": "${i + 2}.5s"}`;
    ids.add(m.add(line).templateId);
  });
  assert.equal(ids.size, 1);
  const t = m.template([...ids][0])!;
  assert.ok(t.endsWith('\t{"kind": <*>, "name": <*>, "error": <*>, "interval": <*>}'), t);
  assert.ok(t.includes('Exporting failed. Will retry the request after interval.'), t);
  // another key set is another statement (Monolog's context, no spaces)
  const a = m.add('[2024-06-12 10:00:01] production.INFO: Order placed {"order_id":74796,"user_id":1992}').templateId;
  const b = m.add('[2024-06-12 10:00:02] production.INFO: Order placed {"order_id":74797,"user_id":1993,"coupon":"X"}').templateId;
  assert.notEqual(a, b);
});

test('trailing fields: only a whole JSON object at the end, after whitespace or `=`', () => {
  assert.equal(splitTrailingFields('value={"a":1}')?.message, 'value=', 'EQUALS_OBJECT');
  assert.equal(splitTrailingFields('value:{"a":1}'), undefined);
  assert.equal(splitTrailingFields('payload {"a":1} trailing'), undefined);
  assert.equal(splitTrailingFields('payload {"a":1'), undefined);
  assert.equal(splitTrailingFields('{"a":1}'), undefined, 'a JSON line is parsed as one');
  const s = splitTrailingFields('Order placed {"order_id":1,"user_id":2}  ')!;
  assert.equal(s.message, 'Order placed');
  assert.equal(s.shape, '\u0003 {"order_id":<*>,"user_id":<*>}');
});
