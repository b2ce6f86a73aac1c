import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './mask.js';
import { TemplateMiner } from './miner.js';
import { SpanRules, SPAN_QUOTED_VALUES, SPAN_TAIL_PHRASE_VALUES, SPAN_TAIL_VALUES } from './spans.js';

function note(r: SpanRules, line: string, id: number) {
  const { tokens, post } = tokenize(line);
  return r.note('', tokens, post, id);
}

test('spans: a quoted value is one after two contents, a word tail after three', () => {
  assert.deepEqual([SPAN_QUOTED_VALUES, SPAN_TAIL_VALUES, SPAN_TAIL_PHRASE_VALUES], [2, 3, 2]);
  const r = new SpanRules();
  assert.equal(note(r, 'app[1]: pulling image "nginx:1.25 (alpine)" for pod web', 1), undefined);
  const made = note(r, 'app[1]: pulling image "redis:7 (debian)" for pod web', 2);
  assert.deepEqual(made?.subs, [1, 2]);
  assert.equal(r.size, 1);
  const words = new SpanRules();
  assert.equal(note(words, 'app[1]: the node status is now: NodeReady', 1), undefined);
  assert.equal(note(words, 'app[1]: the node status is now: NodeNotReady', 2), undefined, 'two outcomes stay apart');
  assert.ok(note(words, 'app[1]: the node status is now: NodeUnknown', 3));
});

test('SPAN_TAIL_PHRASE_VALUES: two unrelated sentences are one value; sentences sharing a word are not', () => {
  const r = new SpanRules();
  note(r, "app[1]: IP address '10.0.0.1' could not be resolved: Name or service not known", 1);
  assert.ok(note(r, "app[1]: IP address '10.0.0.2' could not be resolved: Temporary failure in name resolution", 2));
  const s = new SpanRules();
  note(s, 'app[1]: the radio woke up early: Wake on Scan offload', 1);
  assert.equal(note(s, 'app[1]: the radio woke up early: Wake on TCP Timeout', 2), undefined);
});

test('spans: rules and undecided families survive a round trip; a line collapses as before', () => {
  const r = new SpanRules();
  note(r, 'app[1]: pulling image "nginx:1.25 (alpine)" for pod web', 1);
  note(r, 'app[1]: pulling image "redis:7 (debian)" for pod web', 2);
  note(r, 'app[1]: the node status is now: NodeReady', 3);
  const back = SpanRules.fromState(JSON.parse(JSON.stringify(r.toState())));
  assert.deepEqual(back.toState(), r.toState());
  const { tokens, post } = tokenize('app[1]: pulling image "postgres:16 (bookworm)" for pod web');
  const a = r.collapse('', tokens, post);
  assert.deepEqual(back.collapse('', tokens, post), a);
  assert.equal(a.tokens.length, tokens.length - 2, 'postgres, 16, bookworm: one variable');
});

test('SHAPE_BY_START: span shapes saved before round 3 (`q5:3`) load as shapes by start', () => {
  const m = new TemplateMiner();
  const lines = ['lookup for user "ann" done', 'lookup for user "bob" done', 'lookup for user "cy" done'];
  for (const l of lines.slice(0, 2)) m.add(l);
  const state = m.toJSON();
  // a state written before round 3: quoted spans' shapes held the tokens after them too
  const old = { ...state, spans: { ...state.spans!, shapes: state.spans!.shapes.map((s) => `${s}:1`) } };
  const a = TemplateMiner.fromJSON(JSON.parse(JSON.stringify(old)));
  const b = TemplateMiner.fromJSON(JSON.parse(JSON.stringify(state)));
  assert.deepEqual(a.add(lines[2]), b.add(lines[2]));
  assert.equal(a.add(lines[2]).template, 'lookup for user "<*>" done');
});

test('TAIL_OPENING_IN_CONTENT, TAIL_OPENS_BRACKET: a tail opening with a quote or brace shares the context', () => {
  const r = new SpanRules();
  const head = 'app[1]: Task sync succeeded in 3s:';
  assert.equal(note(r, `${head} None`, 1), undefined);
  assert.equal(note(r, `${head} 'done'`, 2), undefined);
  assert.ok(note(r, `${head} {'updated': 3}`, 3));
});

test('PHRASES_IN_PARENTHESES: two reasons in parentheses after a statement are one value', () => {
  const r = new SpanRules();
  note(r, 'app[1]: [net] TCP connection failed to the host: db:80 (Connection refused)', 1);
  assert.ok(note(r, 'app[1]: [net] TCP connection failed to the host: db:80 (Connection timed out)', 2));
  // with no statement before them, two asides stay apart
  const s = new SpanRules();
  note(s, 'v1 (Kernel Module GPG key)', 1);
  assert.equal(note(s, 'v2 (Release Date now)', 2), undefined);
});
