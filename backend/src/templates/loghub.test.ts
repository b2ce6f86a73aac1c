// Accuracy regression guard on the team's LogHub-2k ground truth (the full table comes from
// `npm run eval:templates`). Skips when ../shared/data/loghub-2k is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOGHUB_DATASETS, loadDataset, loghubAvailable, defaultLoghubDir } from '../../eval/templates-data.js';
import { mineAndLabel, score } from '../../eval/templates-score.js';

const available = loghubAvailable();

test(
  'LogHub-2k: one configuration keeps average GA >= 0.98 and every dataset >= 0.90',
  { skip: available ? false : `LogHub-2k not found at ${defaultLoghubDir()}` },
  () => {
    const ga: Record<string, number> = {};
    for (const name of LOGHUB_DATASETS) {
      ga[name] = score(mineAndLabel(loadDataset(name)).scored).groupingAccuracy;
    }
    const avg = Object.values(ga).reduce((a, b) => a + b, 0) / LOGHUB_DATASETS.length;
    for (const [name, v] of Object.entries(ga)) assert.ok(v >= 0.9, `${name} GA ${v.toFixed(3)} < 0.90`);
    assert.ok(avg >= 0.98, `average GA ${avg.toFixed(4)} < 0.98`);
  }
);

test('scoring: GA needs exact group equality, PA compares normalised templates', () => {
  const s = score([
    { truth: 'A', truthTemplate: 'open <*>', predicted: 1, predictedTemplate: 'open <*>' },
    { truth: 'A', truthTemplate: 'open <*>', predicted: 1, predictedTemplate: 'open <*>' },
    { truth: 'B', truthTemplate: 'close <*>:<*>', predicted: 2, predictedTemplate: 'close <*>' },
    { truth: 'C', truthTemplate: 'x <*>', predicted: 2, predictedTemplate: 'close <*>' },
  ]);
  assert.equal(s.groupingAccuracy, 0.5);
  assert.equal(s.parsingAccuracy, 0.75);
});
