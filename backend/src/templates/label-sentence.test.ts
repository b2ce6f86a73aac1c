// LABEL_AFTER_SENTENCE (span-candidates.ts): a capitalised label opening a new sentence (`...
// for user 'sa'. Reason: <detail>`) starts a tail like a phrase before a colon does, so the
// detail is one value once its context has held enough of them. Fails on the round-8 code, which
// read `Reason:` as a header's tag and kept every reason its own template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';

const REASONS = [
  'Password did not match that for the login provided.',
  'Could not find a login matching the name provided.',
  'The account is disabled.',
  "Failed to open the explicitly specified database 'shop_archive'.",
];

test('LABEL_AFTER_SENTENCE: the detail after a sentence-opening label is one value', () => {
  const m = new TemplateMiner();
  const ids: number[] = [];
  for (let k = 0; k < 3; k++)
    REASONS.forEach((r, i) =>
      ids.push(m.add(`2024-06-12 10:0${k}:1${i}.41 Logon       Login failed for user '${['sa', 'shop_app', 'CORP\\svc'][k]}'. Reason: ${r} [CLIENT: 10.1.17${i}.13]`).templateId)
    );
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
});

test('LABEL_AFTER_SENTENCE: a label without a full stop before it stays a header tag', () => {
  const m = new TemplateMiner();
  const a = m.add('Jun 12 10:00:01 host Kernel: Out of memory: Killed process 42').templateId;
  const b = m.add('Jun 12 10:00:02 host Kernel: Freeing unused memory of 4 pages now').templateId;
  const c = m.add('Jun 12 10:00:03 host Kernel: Mounted filesystem with ordered data mode').templateId;
  assert.equal(new Set([a, b, c].map((id) => m.resolve(id))).size, 3);
});
