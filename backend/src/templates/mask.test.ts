import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, render, ESCAPED_QUOTE, EMPTY_QUOTED_VALUE } from './mask.js';

const masked = (line: string) => {
  const t = tokenize(line);
  return render(t.tokens, t.post);
};

test('ESCAPED_QUOTE: a backslash before a quote separates tokens with the quote', () => {
  assert.ok(ESCAPED_QUOTE.test('\\"'));
  const words = tokenize('err="failed to \\"StartContainer\\" for \\"web\\""').tokens.map((t) => t.text);
  assert.deepEqual(words, ['err', 'failed', 'to', 'StartContainer', 'for', 'web']);
  // a URL inside an escaped quoted string ends before the escape
  assert.equal(masked('output="Get \\"http://10.0.0.1:8080/healthz\\": EOF"'), 'output="Get \\"<*>\\": EOF"');
});

test('EMPTY_QUOTED_VALUE: an empty quoted value after key= holds a variable', () => {
  assert.ok(new RegExp(EMPTY_QUOTED_VALUE.source).test('status=""'));
  assert.equal(
    tokenize('probe status="" pod="a"').tokens.length,
    tokenize('probe status="ready" pod="a"').tokens.length
  );
  assert.equal(masked('probe status="" pod'), 'probe status="<*>" pod');
});

test('masks skip lines without the text they need, with the same result', () => {
  // lines without ':' '-' '/' '.' still get numbers and quantities masked
  assert.equal(masked('took 12ms and 1.5 KB'), 'took <*> and <*>');
  assert.equal(masked('at 2024-05-01T12:00:03.123Z from 10.0.0.1 see http://x.io/a'), 'at <*> from <*> see <*>');
  assert.equal(masked('addr 0x7fa823a04400 in C:\\Windows\\x.dll'), 'addr <*> in <*>');
});

test('FLAG_LIST_ITEM: a whitespace-delimited comma list of lower-case words is one value', () => {
  const texts = (l: string) => tokenize(l).tokens.map((t) => t.text);
  assert.deepEqual(texts('NOERROR qr,aa,rd 348'), ['NOERROR', '<*>', '<*>']);
  assert.deepEqual(texts('mounted rw,relatime on /'), ['mounted', '<*>', 'on', '/']);
  // spaced lists, lists glued to a word, and a single word stay as they are
  assert.deepEqual(texts('flags qr, rd end'), ['flags', 'qr', 'rd', 'end']);
  assert.deepEqual(texts('tag=null,pkg end'), ['tag', 'null', 'pkg', 'end']);
});

test('printer lines: a JVM frame and a Python source line are one statement each; an exception line is text', () => {
  assert.equal(
    masked(
      '\tat org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:138) ~[tomcat-embed-core-10.1.25.jar:10.1.25]'
    ),
    'at <*>'
  );
  assert.equal(masked('\tat java.base/sun.nio.ch.Net.pollConnect(Native Method) ~[na:na]'), 'at <*>');
  // an exception line is mined as text: its message tells one failure from another
  assert.equal(masked('Caused by: java.net.ConnectException: Connection refused'), 'Caused by: java.net.ConnectException: Connection refused');
  assert.equal(masked('    return self.run(*args, **kwargs)'), '<*>');
});

test('MASK_HOST_BEFORE_ADDR: a name glued to its bracketed address is a value, unknown included', () => {
  assert.equal(masked('connect from unknown[203.0.113.5]'), 'connect from <*>[<*>]');
  assert.equal(masked('connect from mail.example.net[203.0.113.5]'), 'connect from <*>[<*>]');
  // a program's pid in brackets is not an address
  assert.equal(masked('postfix/smtpd[1234]: connect'), 'postfix/smtpd[<*>]: connect');
});
