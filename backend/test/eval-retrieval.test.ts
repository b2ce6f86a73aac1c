import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_QUESTIONS, evaluate } from '../eval/retrieval.js';
import { sharedMissing } from './paths.js';

// The product's claim, as a regression gate: on LogHub-2k with the team's questions, hybrid
// retrieval ranks relevant chunks better than either retriever alone (MRR@10).
test('hybrid MRR@10 beats BM25 and vector alone on the LogHub questions', { skip: sharedMissing() || (!existsSync(DEFAULT_QUESTIONS) && 'no questions file') }, async () => {
  const { results } = await evaluate(DEFAULT_QUESTIONS, 0);
  const by = Object.fromEntries(results.map((r) => [r.method, r]));
  for (const m of ['BM25 only', 'vector only', 'hybrid (RRF)']) assert.ok(by[m]?.available, `${m}: ${by[m]?.reason}`);
  const mrr = (m: string) => by[m].mrr10!;
  assert.ok(mrr('hybrid (RRF)') > mrr('BM25 only'), JSON.stringify(results.map((r) => [r.method, r.mrr10])));
  assert.ok(mrr('hybrid (RRF)') > mrr('vector only'), JSON.stringify(results.map((r) => [r.method, r.mrr10])));
  assert.equal(by['hybrid + re-rank'].available, false, 'no cross-encoder is configured by default');
});
