import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callSiteOf, CALL_SITE_MARK } from './structured.js';
import { SOURCE_FILE } from './mask.js';
import { TemplateMiner } from './miner.js';

const isSource = (n: string) => SOURCE_FILE.test(n);

test('a JSON caller field names one call site: two values of a word there are one statement', () => {
  const m = new TemplateMiner();
  const line = (caller: string, op: string, i: number) =>
    `{"level":"info","ts":"2024-06-12T10:00:0${i}.781Z","caller":"${caller}","msg":"trace[${7291 + i}] ${op}","duration":"${100 + i}ms"}`;
  const a = m.add(line('traceutil/trace.go:171', 'range', 1)).templateId;
  const b = m.add(line('traceutil/trace.go:171', 'transaction', 2)).templateId;
  assert.equal(m.resolve(a), m.resolve(b), 'one call site: range and transaction are its parameter');
  // the same words from two call sites stay two statements
  const c = m.add(line('mvcc/kvstore.go:88', 'compaction', 3)).templateId;
  const d = m.add(line('mvcc/kvstore.go:90', 'defrag', 4)).templateId;
  assert.notEqual(m.resolve(c), m.resolve(d));
});

test('callSiteOf: only a caller field holding a source location', () => {
  assert.equal(callSiteOf([['caller', 'etcdserver/zap_raft.go:77']], isSource), `${CALL_SITE_MARK}etcdserver/zap_raft.go:77`);
  assert.equal(callSiteOf([['file', 'app.py:12']], isSource), `${CALL_SITE_MARK}app.py:12`);
  assert.equal(callSiteOf([['caller', 'main']], isSource), '');
  assert.equal(callSiteOf([['msg', 'trace.go:171']], isSource), '', 'not a caller field');
  assert.equal(callSiteOf([['caller', 'archive.tar:12']], isSource), '', 'not a source file');
});
