// W3C_RECORD (w3c.ts): a W3C extended record (IIS) is read by field: one template per method
// whatever its user agent (`+`-joined), query, user or referer hold. Fails on the round-8 code,
// which mined these lines as text and split each agent shape and each `-` against a value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStructured } from './structured.js';
import { parseW3cRecord } from './w3c.js';
import { TemplateMiner } from './miner.js';

const iis = (method: string, query: string, user: string, ua: string, ref: string, status = 200) =>
  `2024-06-12 10:00:01 10.0.4.21 ${method} /shop/cart.aspx ${query} 443 ${user} 34.78.36.204 ${ua} ${ref} ${status} 0 0 187`;
const CHROME = 'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/125.0.0.0+Safari/537.36';
const BOT = 'Mozilla/5.0+(compatible;+Googlebot/2.1;++http://www.google.com/bot.html)';

test('W3C_RECORD: an IIS record is read by field, its method named; sentences are not records', () => {
  const st = parseStructured(iis('GET', '-', '-', CHROME, '-'))!;
  assert.equal(st.kind, 'access');
  assert.ok(st.fields.some(([k, v]) => k === 'method' && v === 'GET'));
  assert.ok(st.fields.some(([k, v]) => k === 'path' && v === '/shop/cart.aspx'));
  // a dated sentence with a request in it is text; so are labelled values and padded columns
  assert.equal(parseW3cRecord('2024-06-12 10:00:01 handler GET /api/orders took 12 ms for 10.0.0.5'), undefined);
  assert.equal(parseW3cRecord('2024-06-12 10:00:01 10.0.0.5 GET /api/orders status: 200 len: 1893 time: 0.2'), undefined);
  assert.equal(parseW3cRecord('2024-06-12 10:00:01 10.0.0.5 GET /x  - 443 - 1.2.3.4 curl/8 - 200 0 0 1'), undefined);
  assert.equal(parseW3cRecord('#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip'), undefined);
});

test('W3C_RECORD: records of one method are one template; methods stay apart', () => {
  const m = new TemplateMiner();
  const ids = [
    m.add(iis('GET', '-', '-', CHROME, '-')).templateId,
    m.add(iis('GET', 'id=42&page=3', 'CORP\\jsmith', BOT, 'https://shop.example.com/api/orders')).templateId,
    m.add(iis('GET', 'id=7', '-', 'curl/8.5.0', '-', 404)).templateId,
    m.add(iis('GET', '-', 'api-client', 'python-requests/2.31.0', 'https://shop.example.com/login.aspx', 500)).templateId,
  ];
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
  const post = m.add(iis('POST', '-', '-', CHROME, '-')).templateId;
  assert.notEqual(m.resolve(post), m.resolve(ids[0]));
});
