import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseStructured,
  parseLogfmtStrict,
  renderStructured,
  messageTemplateOf,
  flattenFields,
  fieldRole,
  levelName,
  MAX_FLATTEN_DEPTH,
  MAX_FLATTENED_FIELDS,
  MAX_TOP_LEVEL_KEYS,
  MAX_STRUCTURED_CHARS,
} from './structured.js';
import { TemplateMiner } from './miner.js';

test('JSON lines: message found by name, shape keeps keys and separators, trace ids not in the key set', () => {
  const a = parseStructured(
    '{"level":"info","ts":1718,"caller":"a.go:1","msg":"request handled","status":200,"trace_id":"abc"}'
  )!;
  assert.equal(a.kind, 'json');
  assert.equal(a.message, 'request handled');
  assert.equal(a.messageKey, 'msg');
  assert.equal(a.shape, '{"level":<*>,"ts":<*>,"caller":<*>,"msg":\u0002,"status":<*>,"trace_id":<*>}');
  const b = parseStructured('{"level":"info","ts":1719,"caller":"a.go:1","msg":"request handled","status":500}')!;
  assert.equal(a.ns, b.ns, 'a trace id on some lines of a statement does not change its kind');
  // Python's json.dumps spacing is kept
  const py = parseStructured('{"event": "user_login", "user": "alice", "level": "info"}')!;
  assert.equal(py.message, 'user_login');
  assert.equal(renderStructured(py.shape, 'user_login'), '{"event": "user_login", "user": <*>, "level": <*>}');
  // by shape: no message name, the sentence-like field (error texts are values, never the message)
  const s = parseStructured('{"t":"x","err":"connection refused by peer","m":"could not reach the billing service"}')!;
  assert.equal(s.messageKey, 'm');
  // no message at all: the key set is the template
  const n = parseStructured('{"eventSource":"s3","bucket":"b"}')!;
  assert.equal(n.message, '');
  assert.equal(parseStructured('[1,2,3]'), undefined);
  assert.equal(parseStructured('{not json}'), undefined);
});

test('logfmt is strict: every part a key=value pair, at least two', () => {
  assert.deepEqual(parseLogfmtStrict('level=info msg="pool exhausted" pool=db')?.fields, [
    ['level', 'info'],
    ['msg', 'pool exhausted'],
    ['pool', 'db'],
  ]);
  assert.equal(parseLogfmtStrict('user=alice logged in from 10.0.0.1'), undefined);
  assert.equal(parseLogfmtStrict('a=1'), undefined);
  const l = parseStructured('ts=2024-06-12T10:00:00Z level=warn msg="Creating checkpoint" from=1 to=9')!;
  assert.equal(l.kind, 'logfmt');
  assert.equal(
    renderStructured(l.shape, 'Creating checkpoint'),
    'ts=<*> level=<*> msg="Creating checkpoint" from=<*> to=<*>'
  );
  assert.equal(messageTemplateOf('ts=<*> msg="user <*> left" a=<*>', 'msg', 'logfmt'), 'user <*> left');
  assert.equal(messageTemplateOf('{"a":<*>,"msg":"user <*> left"}', 'msg', 'json'), 'user <*> left');
});

test('access-log lines (common, combined, vhost) are read by field; the method names the kind', () => {
  const line =
    '10.0.0.1 - alice [12/Jun/2024:10:00:00 +0000] "GET /api/v1/orders/12 HTTP/1.1" 200 512 "-" "curl/8.5.0"';
  const a = parseStructured(line)!;
  assert.equal(a.kind, 'access');
  assert.equal(a.shape, '<*> - <*> [<*>] "GET <*> <*>" <*> <*> "<*>" "<*>"');
  assert.deepEqual(Object.fromEntries(a.fields).path, '/api/v1/orders/12');
  assert.deepEqual(Object.fromEntries(a.fields).user_agent, 'curl/8.5.0');
  const post = parseStructured(line.replace('GET', 'POST'))!;
  assert.notEqual(post.ns, a.ns);
  const vhost = parseStructured(`www.example.org:443 ${line}`)!;
  assert.equal(vhost.shape.startsWith('<*> <*> - '), true);
  assert.equal(
    parseStructured('10.0.0.1 - - [12/Jun/2024:10:00:00 +0000] "-" 408 - "-" "-"')!.shape.includes('"<*>"'),
    true
  );
});

test('recognised fields, levels, and the bounds on flattening', () => {
  assert.equal(fieldRole('ts'), 'time');
  assert.equal(fieldRole('Level'), 'level');
  assert.equal(fieldRole('caller'), 'caller');
  assert.equal(fieldRole('logger'), 'logger');
  assert.equal(fieldRole('span_id'), 'trace');
  assert.equal(fieldRole('user'), undefined);
  assert.equal(levelName(30), 'info');
  assert.equal(levelName('WARNING'), 'warning');
  const deep = { a: { b: { c: { d: { e: 1 } } } } };
  const flat = flattenFields(Object.entries(deep));
  assert.equal(flat.length, 1);
  assert.equal(flat[0][0].split('.').length, MAX_FLATTEN_DEPTH);
  const wide = Object.entries({ h: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])) });
  assert.equal(flattenFields(wide).length, MAX_FLATTENED_FIELDS);
  const tooMany = JSON.stringify(
    Object.fromEntries(Array.from({ length: MAX_TOP_LEVEL_KEYS + 1 }, (_, i) => [`k${i}`, i]))
  );
  assert.equal(parseStructured(tooMany), undefined);
  assert.equal(parseStructured(`{"msg":"${'x'.repeat(MAX_STRUCTURED_CHARS)}"}`), undefined);
});

test('miner: a structured line is its message template plus its key set', () => {
  const m = new TemplateMiner();
  const j = (msg: string, extra: Record<string, unknown>) => JSON.stringify({ level: 'info', ts: 1, msg, ...extra });
  const a = m.add(j('order created', { order_id: 'o1', db: 'orders' }));
  const b = m.add(j('order created', { order_id: 'o2', db: 'users' }));
  assert.equal(b.templateId, a.templateId, 'a field with two values is a slot, not a kind of line');
  assert.equal(b.template, '{"level":<*>,"ts":<*>,"msg":"order created","order_id":<*>,"db":<*>}');
  const c = m.add(j('order created', { order_id: 'o3' }));
  assert.notEqual(c.templateId, a.templateId, 'another key set is another statement');
  const d = m.add(j('order cancelled', { order_id: 'o4', db: 'orders' }));
  assert.notEqual(d.templateId, a.templateId);
  // the message is mined as text
  const e = m.add(j('user 42 logged in', {}));
  const f = m.add(j('user 77 logged in', {}));
  assert.equal(f.templateId, e.templateId);
  assert.equal(f.template, '{"level":<*>,"ts":<*>,"msg":"user <*> logged in"}');
  // and the same text as a plain line is another template
  assert.notEqual(m.add('order created').templateId, a.templateId);
});

test('miner: state with structured namespaces and span rules survives a round trip; version 2 still loads', () => {
  const lines = [
    ...Array.from(
      { length: 6 },
      (_, i) =>
        `{"level":"error","msg":"dial failed: ${['connection refused', 'i/o timeout', 'no such host'][i % 3]}","n":${i}}`
    ),
    ...Array.from({ length: 6 }, (_, i) => `lookup for user "${['ann', 'bob', 'cy'][i % 3]}" done`),
    'level=info msg="pool exhausted" pool=db used=5',
  ];
  const a = new TemplateMiner();
  for (const l of lines.slice(0, 8)) a.add(l);
  const b = TemplateMiner.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  assert.deepEqual(b.templates(), a.templates());
  for (const l of lines.slice(8)) assert.deepEqual(b.add(l), a.add(l));
  assert.deepEqual(b.toJSON(), a.toJSON());
  const v2 = { ...new TemplateMiner().toJSON(), version: 2 as const };
  delete (v2 as { shapes?: unknown }).shapes;
  delete (v2 as { spans?: unknown }).spans;
  assert.equal(TemplateMiner.fromJSON(v2).add('x y z').template, 'x y z');
});

test('miner: quoted values and error tails are one variable once their context has seen enough of them', () => {
  const m = new TemplateMiner();
  const q = ['report', 'app'].map((u) => m.add(`FATAL password authentication failed for user "${u}"`));
  assert.equal(q[1].templateId, q[0].templateId);
  assert.equal(m.template(q[0].templateId), 'FATAL password authentication failed for user "<*>"');
  const errs = ['EOF', 'remote error: tls: bad certificate', 'read tcp 10.0.0.5:443: connection reset by peer', 'EOF'];
  const t = errs.map((e) => m.add(`http: TLS handshake error from 10.1.2.3:5555: ${e}`));
  assert.equal(new Set(t.map((r) => m.resolve(r.templateId))).size, 1);
  assert.equal(m.template(t[0].templateId), 'http: TLS handshake error from <*>:<*>: <*>');
  // two outcomes after a colon stay two kinds of line
  const s = ['NodeReady', 'NodeNotReady'].map((v) => m.add(`Node node-3 status is now: ${v}`));
  assert.notEqual(s[0].templateId, s[1].templateId);
  // a header is not a statement: messages after `LOG:` stay apart
  const l = ['checkpoint starting', 'connection received from host', 'database system is ready'].map((x) =>
    m.add(`[42] LOG:  ${x}`)
  );
  assert.equal(new Set(l.map((r) => m.resolve(r.templateId))).size, 3);
});

test('miner: an HTTP method names the request however many methods a log has', () => {
  const m = new TemplateMiner({ structured: false });
  const ids = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'].flatMap((meth) =>
    [1, 2].map((i) => m.add(`wsgi 10.0.0.${i} "${meth} /v2/x/servers HTTP/1.1" status: 200 len: ${i}`).templateId)
  );
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 6);
});

test('MIN_PROSE_SHARE: a user agent is not a message found by shape; a sentence is', () => {
  const ua =
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36';
  const a = parseStructured(JSON.stringify({ method: 'GET', path: '/', user_agent: ua, response_code: 200 }))!;
  assert.equal(a.messageKey, undefined);
  assert.equal(a.message, '');
  const b = parseStructured(
    JSON.stringify({ method: 'GET', path: '/', user_agent: 'curl/8.5.0', response_code: 200 })
  )!;
  assert.equal(a.ns, b.ns, 'browser and curl lines share one key set');
  const s = parseStructured(JSON.stringify({ t: 1, note: 'could not reach the billing service, retrying' }))!;
  assert.equal(s.messageKey, 'note');
});
