import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cosineOfScore, entryQueryFilter, matcherClause, scopeFilter, searchTerms, slotFilter, textQuery, valueFilterClause } from './dsl.js';

const T0 = BigInt(Date.UTC(2026, 11, 2)) * 1_000_000n;

test('label matchers: a missing label reads as "" (Loki)', () => {
  assert.deepEqual(matcherClause({ name: 'job', op: '=', value: 'hdfs' }), { term: { 'labels.job': 'hdfs' } });
  assert.deepEqual(matcherClause({ name: 'job', op: '=', value: '' }), { bool: { must_not: [{ exists: { field: 'labels.job' } }] } });
  // != "x" takes streams without the label; != "" only those with it
  assert.deepEqual(matcherClause({ name: 'job', op: '!=', value: 'x' }), { bool: { must_not: [{ term: { 'labels.job': 'x' } }] } });
  assert.deepEqual(matcherClause({ name: 'job', op: '!=', value: '' }), {
    bool: { filter: [{ bool: { must_not: [{ term: { 'labels.job': '' } }] } }, { exists: { field: 'labels.job' } }] },
  });
  assert.deepEqual(matcherClause({ name: 'job', op: '=~', value: 'hd.*' }), { regexp: { 'labels.job': { value: 'hd.*', flags: 'NONE' } } });
  const any = matcherClause({ name: 'job', op: '=~', value: '.*' }) as { bool: { should: unknown[] } };
  assert.equal(any.bool.should.length, 2);
});

test('scope: doc kind and tenant always; window as ts range, or as overlap for chunks', () => {
  const w = { startNs: T0, endNs: T0 + 1_500n };
  assert.deepEqual(scopeFilter({ tenant: 'a', window: w }, 'entry'), [
    { term: { doc: 'entry' } },
    { term: { tenant: 'a' } },
    { range: { ts: { gte: '2026-12-02T00:00:00.000000000Z', lt: '2026-12-02T00:00:00.000001500Z' } } },
  ]);
  assert.deepEqual(scopeFilter({ tenant: 'a', window: w }, 'chunk').slice(2), [
    { range: { end: { gte: '2026-12-02T00:00:00.000000000Z' } } },
    { range: { start: { lt: '2026-12-02T00:00:00.000001500Z' } } },
  ]);
});

test('value filters: lower-cased term; an IPv4 also matches its ip:port values; a key narrows to kvals', () => {
  assert.deepEqual(valueFilterClause({ text: 'BLK_-16' }), { term: { vals: 'blk_-16' } });
  assert.deepEqual(valueFilterClause({ text: '10.0.0.1' }), {
    bool: { should: [{ term: { vals: '10.0.0.1' } }, { range: { vals: { gt: '10.0.0.1:', lt: '10.0.0.1;' } } }], minimum_should_match: 1 },
  });
  assert.deepEqual(valueFilterClause({ text: 'Bob', key: 'user' }), { term: { kvals: 'user\u001fbob' } });
  const f = entryQueryFilter({ scope: { tenant: 'a' }, templateIds: [3, 4], values: [{ text: 'x' }] }, 'value');
  assert.deepEqual(f, [{ term: { doc: 'value' } }, { term: { tenant: 'a' } }, { terms: { template_id: [3, 4] } }, { term: { vals: 'x' } }]);
  assert.deepEqual(slotFilter({ keys: ['size'], kinds: ['int', 'float'] }), [{ terms: { key: ['size'] } }, { terms: { kind: ['int', 'float'] } }]);
  // Literal (substring) filters: on entries a wildcard over the line, wildcard characters escaped; value
  // documents hold no line (the backend filters them by the ids of the entries holding the text).
  const lit = { scope: { tenant: 'a' }, literals: [['failure', 'failures'], ['50% *done?\\']] };
  assert.deepEqual(entryQueryFilter(lit, 'entry').slice(2), [
    { bool: { should: [{ wildcard: { line_w: { value: '*failure*' } } }, { wildcard: { line_w: { value: '*failures*' } } }], minimum_should_match: 1 } },
    { wildcard: { line_w: { value: '*50% \\*done\\?\\\\*' } } },
  ]);
  assert.equal(entryQueryFilter(lit, 'value').length, 2);
});

test('BM25 query ORs the terms over text and labels, one named clause per term (coord reads them); k-NN scores map back to cosine', () => {
  type Term = { bool: { should: { match: Record<string, { query: string; boost?: number }> }[]; _name: string } };
  const q = textQuery({ tenant: 'a' }, ['block', 'failed']) as { bool: { should: Term[]; minimum_should_match: number } };
  assert.deepEqual(q.bool.should.map((c) => c.bool._name), ['t0', 't1']);
  assert.equal(q.bool.should[1]!.bool.should[0]!.match.text!.query, 'failed');
  assert.equal(q.bool.should[1]!.bool.should[1]!.match.labels_text!.boost, 1.5);
  assert.equal(q.bool.minimum_should_match, 1);
  // As the embedded FTS query keeps them: no term without a letter or digit, each once, cut at 64.
  assert.deepEqual(searchTerms(['block', '--', 'block', 'x'.repeat(70), 'a\u0001b']), ['block', 'x'.repeat(64), 'a b']);
  assert.equal(cosineOfScore(1), 1);
  assert.equal(cosineOfScore(0.5), 0);
});
