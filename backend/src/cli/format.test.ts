import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AskResponse } from '../answer/ask.js';
import { citationBlocks, formatAnswer } from './format.js';

const cite = (n: number, line: string, ts: string): AskResponse['citations'][number] => ({
  n,
  chunkId: n,
  entryId: n * 10 + line.length,
  tenant: 't',
  labels: { job: 'checkout' },
  ts,
  tsNs: '0',
  line,
  reason: 'match',
  exploreUrl: `http://g/explore?${n}`,
});

const response = (citations: AskResponse['citations']): AskResponse => ({
  answer: { mode: 'extractive', text: 'First [1]; then [2].' },
  citations,
  query: { window: null, selectorHints: {}, terms: [] },
  retrieval: { mode: 'hybrid', degraded: false, candidates: 2 },
  timings: {},
});

test('citation numbering: one number per evidence block, printed once, its lines under it', () => {
  const r = response([cite(1, 'alpha', '2026-11-24T14:00:00Z'), cite(2, 'beta one', '2026-11-24T14:01:00Z'), cite(2, 'beta two', '2026-11-24T14:02:00Z')]);
  const text = formatAnswer(r, { showUrls: true });
  assert.equal(text.match(/\[2\]/g)!.length, 2, 'once in the prose, once in the list');
  assert.equal(text.match(/\[1\]/g)!.length, 2);
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('  [2]'));
  assert.ok(lines[at + 1].includes('beta one'));
  assert.ok(lines[at + 3].includes('2026-11-24T14:02:00Z') && lines[at + 4].includes('beta two'), 'the second line of block 2 follows without a number');
  assert.ok(!lines[at + 3].includes('['));
  assert.deepEqual(
    citationBlocks(r.citations).map((b) => [b.n, b.lines.length]),
    [
      [1, 1],
      [2, 2],
    ],
  );
});

test('an exact answer says so and shows the LogQL that reproduces it', () => {
  const r: AskResponse = {
    ...response([cite(1, 'x', '2026-11-24T14:00:00Z')]),
    retrieval: { mode: 'exact', degraded: false, candidates: 0 },
    plan: {
      route: 'exact',
      intent: 'count',
      reason: 'count over 1 kind(s) of line',
      filters: [],
      targets: [],
      alternatives: [],
      logql: { expr: 'sum(count_over_time({job="x"} |= "y" [1h]))', kind: 'metric', exploreUrl: 'http://g/explore?q' },
    },
  };
  const text = formatAnswer(r, { showUrls: true });
  assert.match(text, /^== Exact answer; computed over the store/);
  assert.match(text, /LogQL: sum\(count_over_time\(\{job="x"\} \|= "y" \[1h\]\)\)/);
  assert.match(text, /Open in Explore: http:\/\/g\/explore\?q/);
});
