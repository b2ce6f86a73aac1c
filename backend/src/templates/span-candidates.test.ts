import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './mask.js';
import { spanCandidates, MIN_PHRASE_BEFORE_FIRST_COLON, ONE_WORD_KEY_TAIL, type SpanCandidate } from './span-candidates.js';

function spans(line: string, plain = true): Array<[string, string]> {
  const { tokens, post } = tokenize(line);
  return spanCandidates(tokens, post, plain).map((c: SpanCandidate) => [
    c.kind,
    tokens
      .slice(c.start, c.end)
      .map((t, i) => (i === 0 ? '' : t.pre) + t.text)
      .join(''),
  ]);
}

test('quoted spans: an escaped quote does not end a value; inner escaped quotes are spans', () => {
  const got = spans(
    'E0612 10:00:01.000 7 pod_workers.go:1] "Error syncing pod" err="failed to \\"StartContainer\\" for \\"web\\"" pod="a/b"'
  );
  assert.deepEqual(
    got.filter(([k]) => k === 'q').map(([, s]) => s),
    ['failed to \\"StartContainer\\" for \\"web', 'StartContainer', 'web', 'a/b']
  );
});

test('QUOTED_MESSAGE_AFTER_HEADER: a klog message is not a span, its values are', () => {
  const got = spans(
    'I0612 10:00:01.466565 2187 kubelet.go:2383] "SyncLoop UPDATE" source="api" pods=["default/web-1"] reason="probe"'
  );
  assert.deepEqual(
    got.map(([, s]) => s),
    ['api', 'probe']
  );
  // the bracketed list after `pods=` is one value already (mask.ts MASK_KEY_BRACKETED_VALUE), not a span
  assert.ok(tokenize('I0612 kubelet.go:2383] "SyncLoop UPDATE" pods=["default/web-1"]').tokens.some((t) => t.isVar && t.text === '<*>'));
  // a quoted value after a word is still a span
  assert.deepEqual(
    spans('Pulling image "nginx:1.25" now').map(([, s]) => s),
    ['nginx:<*>']
  );
});

test('MIN_PHRASE_BEFORE_FIRST_COLON: a first colon after a tag ends a header; after a phrase it starts a tail', () => {
  assert.equal(MIN_PHRASE_BEFORE_FIRST_COLON, 2);
  assert.deepEqual(spans('web-01 sshd[42]: Accepted publickey for bob'), []);
  assert.deepEqual(
    spans('- 1117838570 R02-M1-N0-C:J12-U11 RAS KERNEL INFO ciod: generating core files for the job'),
    []
  );
  assert.deepEqual(
    spans("[Warning] [MY-010055] [Server] IP address '10.0.0.1' could not be resolved: Name or service not known").at(
      -1
    ),
    ['t', 'Name or service not known']
  );
  // a structured line's message has no header
  assert.deepEqual(spans('Readiness probe failed: connection refused', false), [['t', 'connection refused']]);
});

test('FIELD_SEP: the last key= value that runs to the end of the line is a tail', () => {
  const got = spans('host sudo[1]: deploy : TTY=pts/0 ; PWD=/srv ; USER=root ; COMMAND=/usr/bin/apt-get update');
  assert.deepEqual(got.at(-1)?.[0], 't');
  assert.match(got.at(-1)![1], /update$/);
  // a one-word last value is a tail only beside several-word ones of its context (ONE_WORD_KEY_TAIL)
  const { tokens, post } = tokenize('login ok user=root uid=0');
  assert.deepEqual(
    spanCandidates(tokens, post, true).map((c) => [c.kind, c.oneWord]),
    ONE_WORD_KEY_TAIL ? [['t', true]] : []
  );
});

test('DESCRIPTION_DASH: text after ` - ` that follows a value is a description span', () => {
  const got = spans('host systemd[1]: Finished logrotate.service - Rotate log files.');
  assert.deepEqual(got.at(-1), ['d', 'Rotate log files.']);
  assert.deepEqual(spans('host app[1]: Finished Job - Rotate log files.'), [], 'after a word, not a value');
});

test('BRACKETED_SPAN: keyless parameters in brackets are spans; calls, records and column lists are not', () => {
  assert.deepEqual(spans('moving index in policy [logs] now'), [['b', 'logs']]);
  assert.deepEqual(
    spans('changed from [YELLOW] to [GREEN] (reason: [shards started])').map(([k]) => k),
    ['b', 'b', 'p', 'b']
  );
  assert.deepEqual(spans('Failed authentication (SSL handshake failed) done'), [['p', 'SSL handshake failed']]);
  // a call, a record of key= pairs, a comma list in parentheses: no span
  assert.deepEqual(spans('Servlet.service() failed in f(x) call'), []);
  assert.deepEqual(spans('START u0 {act=main flg=0x1} from uid 7'), []);
  assert.deepEqual(spans('INSERT INTO orders (id, payload) now'), []);
});

test('DESCRIPTION_STARTS_WITH_WORD: a description after ` - ` is prose, not a placeholder', () => {
  assert.deepEqual(
    spans('Finished apt-daily.service - Daily apt download activities.').filter(([k]) => k === 'd').length,
    1
  );
  // httplog's `- -` cookie placeholders, then the termination state and counters
  assert.deepEqual(
    spans('be_web/web1 0/0/2/675/680 200 148970 - - ---- 305/149/95/94/2 0/0').filter(([k]) => k === 'd'),
    []
  );
});
