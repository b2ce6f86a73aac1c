import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, render, ESCAPED_QUOTE, EMPTY_QUOTED_VALUE, SOURCE_FILE, MASK_BARE_REQUEST_TARGET } from './mask.js';

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
  assert.equal(
    masked('Caused by: java.net.ConnectException: Connection refused'),
    'Caused by: java.net.ConnectException: Connection refused'
  );
  assert.equal(masked('    return self.run(*args, **kwargs)'), '<*>');
});

test('MASK_HOST_BEFORE_ADDR: a name glued to its bracketed address is a value, unknown included', () => {
  assert.equal(masked('connect from unknown[203.0.113.5]'), 'connect from <*>[<*>]');
  assert.equal(masked('connect from mail.example.net[203.0.113.5]'), 'connect from <*>[<*>]');
  // a program's pid in brackets is not an address
  assert.equal(masked('postfix/smtpd[1234]: connect'), 'postfix/smtpd[<*>]: connect');
});

test("SOURCE_FILE: a header's source location keeps its line number (one call site, one statement)", () => {
  assert.ok(SOURCE_FILE.test('CompactionTask.java'));
  // logback `%F:%L - %msg`, Go Lshortfile `file.go:41: `, klog `file.go:2458]`, Airflow `{file.py:12}`
  assert.equal(
    masked('INFO  [CompactionExecutor:7] 2024-06-12 10:00:00,446 CompactionTask.java:253 - Compacted (x) 4 sstables'),
    'INFO  [CompactionExecutor:<*>] <*> CompactionTask.java:253 - Compacted (x) <*> sstables'
  );
  assert.equal(masked('2024/06/12 10:00:00.058289 middleware.go:41: GET'), '<*> middleware.go:41: GET');
  assert.equal(masked('I0612 10:00:00.1 1234 kubelet.go:2458] "SyncLoop"'), '<*> kubelet.go:2458] "SyncLoop"');
  assert.equal(masked('[t] {taskinstance.py:2306} INFO - Starting'), '[t] {taskinstance.py:2306} INFO - Starting');
  // a location inside a message is that message's parameter; a port is no line number
  assert.equal(masked('call from main.writeJSON (handlers.go:77)'), 'call from main.writeJSON (handlers.go:<*>)');
  assert.equal(masked('dial db.example.go:5432: refused'), 'dial db.example.go:<*>: refused');
});

test("MASK_BARE_REQUEST_TARGET: an unquoted request line's target is a value, whatever its shape", () => {
  assert.ok(new RegExp(MASK_BARE_REQUEST_TARGET.source).test('GET /healthz 200'));
  assert.equal(masked('middleware.go:41: GET /healthz 200 1.2ms 10.0.0.5'), 'middleware.go:41: GET <*>');
  assert.equal(masked('DELETE / 204'), 'DELETE <*>');
  // a method word in prose, or before a non-path, is left alone
  assert.equal(masked('use GET for reads'), 'use GET for reads');
});

test('QUALIFIED_NAME_COLON: `::` inside a qualified name does not split it; a colon elsewhere does', async () => {
  const { QUALIFIED_NAME_COLON } = await import('./mask.js');
  assert.equal(QUALIFIED_NAME_COLON, true);
  assert.deepEqual(
    tokenize('Ci::BuildFinishedWorker JID-1: start').tokens.map((t) => t.text),
    ['Ci::BuildFinishedWorker', 'JID-<*>', 'start']
  );
  assert.deepEqual(
    tokenize('a: b :: c key:value').tokens.map((t) => t.text),
    ['a', 'b', 'c', 'key', 'value']
  );
});

test('PHP_FRAME_LINE: a PHP stack trace frame is one statement of its printer, whatever the call', () => {
  const a = masked("#0 /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php(398): Illuminate\\Database\\Connection->run('select * from `...', Array, Object(Closure))");
  const b = masked('#2 /var/www/html/app/Http/Controllers/OrderController.php(58): Illuminate\\Database\\Eloquent\\Builder->firstOrFail()');
  assert.equal(a, '<*>(<*>): <*>');
  assert.equal(b, a);
  // the printer's other lines keep their words; a `#` comment is not a frame
  assert.equal(masked('#5 {main}'), '#<*> {main}');
  assert.notEqual(masked('#4 [internal function]: App\\Jobs\\Sync->handle()'), a);
  assert.equal(masked('# comment (see below): ok'), '# comment (see below): ok');
});
