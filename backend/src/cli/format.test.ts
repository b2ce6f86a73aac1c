import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AskResponse } from '../answer/ask.js';
import { citationBlocks, formatAnswer, formatSeries, sparkline, SPARK_COLUMNS } from './format.js';

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
  series: { window: null, stepMs: 0, items: [] },
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

test('sparkline: blank for none, ▁..█ scaled to the largest column, buckets folded into at most 60 columns', () => {
  assert.equal(sparkline([0, 1, 2, 4, 8, 0]), ' ▁▂▄█ ');
  assert.equal(sparkline([0, 0, 0]), '   ');
  // Any line at all shows: 1 next to 1000 is ▁, not blank.
  assert.equal(sparkline([1, 1000]), '▁█');
  const long = Array.from({ length: 120 }, (_, i) => (i >= 60 ? 3 : 0));
  const line = sparkline(long);
  assert.equal(line.length, SPARK_COLUMNS);
  assert.equal(line, `${' '.repeat(30)}${'█'.repeat(30)}`);
});

test('the timeline: one sparkline per series with its role, total, onset and citations', () => {
  const item = (name: string, role: 'cause' | 'symptom' | 'match', counts: number[], onset?: string, citations: number[] = []) => ({
    id: name,
    name,
    role,
    stream: '{job="x"}',
    labels: { job: 'x' },
    template: name,
    ...(onset ? { onset } : {}),
    counts,
    total: counts.reduce((a, b) => a + b, 0),
    citations,
    logql: '',
    exploreUrl: '',
  });
  const series: AskResponse['series'] = {
    window: { start: '2026-11-24T13:50:00.000000000Z', end: '2026-11-24T14:20:00.000000000Z' },
    stepMs: 15_000,
    items: [
      item('payment-db: lock wait', 'cause', [0, 0, 5, 9], '2026-11-24T14:04:41.000000000Z', [1]),
      item('checkout: payment failed', 'symptom', [0, 0, 0, 7], '2026-11-24T14:05:03.054000000Z', [2, 5]),
      item('checkout: order placed', 'match', [4, 4, 4, 4]),
    ],
  };
  const lines = formatSeries(series);
  assert.match(lines[0], /^Timeline 2026-11-24 13:50:00-14:20:00 UTC, 15s per column:$/);
  assert.equal(lines[1], '  cause?  |  ▅█| 14 from 14:04:41 payment-db: lock wait [1]');
  assert.equal(lines[2], '  symptom |   █|  7 from 14:05:03 checkout: payment failed [2][5]');
  assert.equal(lines[3], '  match   |████| 16               checkout: order placed');
  const text = formatAnswer({ ...response([cite(1, 'x', '2026-11-24T14:00:00Z')]), series }, { showUrls: false });
  assert.ok(text.indexOf('Timeline') < text.indexOf('Citations:'), 'the picture comes before the citations');
  assert.deepEqual(formatSeries({ window: null, stepMs: 0, items: [] }), []);
});
