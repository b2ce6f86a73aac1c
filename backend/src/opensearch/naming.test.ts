import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chunkDocId, dayOf, dayStartNs, entryDocId, IndexNames, MAX_NAMED_DAYS, tenantToken, valueDocId } from './naming.js';

/** OpenSearch's index wildcard: `*` is any run of characters. */
const globMatches = (pattern: string, name: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(name);

const DAY = 86_400_000_000_000n;
const T0 = BigInt(Date.UTC(2026, 11, 2)) * 1_000_000n;

describe('index naming', () => {
  const names = new IndexNames('loglens');
  const tenants = ['a', 'a-b', 'a_b', 'A', 'a-', 'ab', 'a.b', 'a*', 'team one', 'éclair', '租户', '🙂', 'fake', 'a_000061', 'x'.repeat(300)];

  test('a tenant pattern never matches another tenant index (prefix collisions, case, escapes)', () => {
    for (const a of tenants) {
      for (const b of tenants) {
        const idx = names.data(b, T0);
        assert.equal(globMatches(names.tenantPattern(a), idx), a === b, `${a} pattern vs ${b} index ${idx}`);
        assert.equal(names.dayOfIndex(a, idx) !== undefined, a === b);
      }
    }
  });

  test('tokens are valid index name parts: lower case, no separators, bounded; hashing is its own namespace', () => {
    for (const t of tenants) {
      const tok = tenantToken(t);
      assert.match(tok, /^[th][a-z0-9_]+$/, t);
      assert.ok(tok.length <= 121, `${t}: ${tok.length}`);
      assert.ok(Buffer.byteLength(names.data(t, T0)) < 255);
    }
    assert.equal(tenantToken('a-b'), 't' + 'a' + '_00002d' + 'b');
    assert.equal(tenantToken('x'.repeat(300))[0], 'h');
    assert.notEqual(tenantToken('x'.repeat(300)), tenantToken('x'.repeat(301)));
    assert.throws(() => tenantToken(''), RangeError);
    assert.throws(() => new IndexNames('Log*'), RangeError);
  });

  test('days: UTC, before 1970 too; a windowed read names the days it touches and the one before', () => {
    assert.equal(dayOf(T0), '2026.12.02');
    assert.equal(dayOf(T0 + DAY - 1n), '2026.12.02');
    assert.equal(dayOf(T0 + DAY), '2026.12.03');
    assert.equal(dayOf(-1n), '1969.12.31');
    assert.equal(dayStartNs('2026.12.02'), T0);
    assert.equal(dayStartNs('2026-12-02'), undefined);
    assert.deepEqual(names.forRead('a', { startNs: T0 + 5n, endNs: T0 + DAY + 1n }), [
      'loglens-data-ta-2026.12.01',
      'loglens-data-ta-2026.12.02',
      'loglens-data-ta-2026.12.03',
    ]);
    // endNs is exclusive: a window ending at midnight does not name the next day
    assert.deepEqual(names.forRead('a', { startNs: T0, endNs: T0 + DAY }), ['loglens-data-ta-2026.12.01', 'loglens-data-ta-2026.12.02']);
    assert.deepEqual(names.forRead('a', { startNs: T0, endNs: T0 + BigInt(MAX_NAMED_DAYS) * DAY }), ['loglens-data-ta-*']);
    assert.deepEqual(names.forRead('a'), ['loglens-data-ta-*']);
  });

  test('document ids are functions of content: stable, and apart where the key differs', () => {
    const labels = { job: 'hdfs', host: 'n1' };
    const id = entryDocId('acme', labels, T0, 'line', 0);
    assert.equal(id, entryDocId('acme', { host: 'n1', job: 'hdfs' }, T0, 'line', 0));
    assert.match(id, /^[0-9a-f]{64}$/);
    const others = [
      entryDocId('acme2', labels, T0, 'line', 0),
      entryDocId('acme', { job: 'hdfs' }, T0, 'line', 0),
      entryDocId('acme', labels, T0 + 1n, 'line', 0),
      entryDocId('acme', labels, T0, 'line ', 0),
      entryDocId('acme', labels, T0, 'line', 1),
    ];
    assert.equal(new Set([id, ...others]).size, 6);
    assert.equal(valueDocId(id, 3), `${id}.3`);
    assert.equal(chunkDocId('a', labels, 1n, 2n, 'x'), chunkDocId('a', labels, 1n, 2n, 'x'));
    assert.notEqual(chunkDocId('a', labels, 1n, 2n, 'x'), chunkDocId('a', labels, 1n, 3n, 'x'));
  });
});
