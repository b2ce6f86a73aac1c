// FIELD_RECORD_ACCESS (structured.ts): an access record in any single-space field layout with a
// quoted request line (an AWS ALB's 30 fields) is its method and layout; every field a value.
// Fails on the round-7 code, which read only NCSA's layout and split an ALB's GETs by record
// type and by which fields were empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStructured } from './structured.js';
import { TemplateMiner } from './miner.js';

const alb = (type: string, target: string, tls: string, method: string, reason: string) =>
  `${type} 2024-06-12T10:00:00.032967Z app/shop-prod-alb/50dc6c495c0c9188 141.69.68.209:44021 ${target} 0.001 0.346 0.001 200 200 2421 59512 "${method} https://shop.example.com:443/api/v2/products/42 HTTP/1.1" "curl/8.5.0" ${tls} ${target === '-' ? '-' : 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-web/73e2d6bc24d8a067'} "Root=1-6669f1a0-1a2b3c4d5e6f" "shop.example.com" "-" 0 2024-06-12T10:00:00.000000Z "forward" "-" "${reason}" "${target}" "200" "-" "-" TID_0123456789abcdef`;

test('FIELD_RECORD_ACCESS: an ALB record is read by field; the method and the layout name it', () => {
  const st = parseStructured(alb('https', '10.3.67.136:3000', 'TLS_AES_128_GCM_SHA256 TLSv1.3', 'GET', '-'))!;
  assert.equal(st.kind, 'access');
  assert.ok(st.fields.some(([k, v]) => k === 'method' && v === 'GET'));
  assert.match(st.shape, /^<\*> <\*> .* "GET <\*> <\*>" "<\*>" /);
  // a sentence with a quoted request line is not a record; nor are labelled values (LogHub OpenStack)
  assert.equal(parseStructured('client 10.0.0.5 sent "GET /x HTTP/1.1" twice'), undefined);
  assert.equal(
    parseStructured('10.11.10.1 "GET /v2/54fadb41/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477'),
    undefined
  );
  // padding or an empty field (two spaces) is not a single-space record
  assert.equal(parseStructured(alb('https', '10.3.67.136:3000', 'TLS_AES_128_GCM_SHA256  TLSv1.3', 'GET', '-')), undefined);
});

test('FIELD_RECORD_ACCESS: records of one method are one template whatever their fields hold', () => {
  const m = new TemplateMiner();
  const ids = [
    m.add(alb('https', '10.3.67.136:3000', 'TLS_AES_128_GCM_SHA256 TLSv1.3', 'GET', '-')).templateId,
    m.add(alb('h2', '10.3.67.137:3000', 'ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2', 'GET', '-')).templateId,
    m.add(alb('http', '-', '- -', 'GET', 'TargetConnectionError')).templateId,
    m.add(alb('wss', '10.0.0.9:80', 'TLS_AES_128_GCM_SHA256 TLSv1.3', 'GET', '-')).templateId,
  ];
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
  const post = m.add(alb('https', '10.3.67.136:3000', 'TLS_AES_128_GCM_SHA256 TLSv1.3', 'POST', '-')).templateId;
  assert.notEqual(m.resolve(post), m.resolve(ids[0]));
});

test('EMPTY_REQUEST_LINE: a TCP session\'s "- - -" record is one template whatever its flags', () => {
  const tcp = (flags: string, up: string) =>
    `[2024-06-12T10:00:00.108Z] "- - -" 0 ${flags} 847903 224339 584059 - "-" "-" "-" "-" "${up}"`;
  const st = parseStructured(tcp('UF,URX', '10.3.2.63:5432'))!;
  assert.equal(st.kind, 'access');
  assert.match(st.shape, /^\[<\*>\] "- - -" <\*>/);
  const m = new TemplateMiner();
  const ids = [tcp('-', '10.3.2.63:5432'), tcp('UF,URX', '10.3.2.64:5432'), tcp('UC', '10.3.5.9:5432')].map((l) => m.add(l).templateId);
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
});
