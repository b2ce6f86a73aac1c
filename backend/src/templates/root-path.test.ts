// ROOT_PATH_VALUE (variables.ts): a one-segment absolute path is a value like a masked longer one,
// so `request for /scriptText` joins `request for /job/a/build`. Fails on the round-8 code, which
// kept `/scriptText` a word of its own template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeValue } from './value-context.js';
import { TemplateMiner } from './miner.js';

test('ROOT_PATH_VALUE: /name is value-like; a lone slash or a word is not', () => {
  assert.ok(looksLikeValue('/scriptText'));
  assert.ok(looksLikeValue('/healthz/'));
  assert.ok(!looksLikeValue('/'));
  assert.ok(!looksLikeValue('request'));
});

test('ROOT_PATH_VALUE: a one-segment path fills the slot masked paths fill', () => {
  const m = new TemplateMiner();
  const line = (path: string, who: string, i: number) =>
    `2024-06-12 10:00:1${i}.781+0000 [id=29${i}]\tWARNING\thudson.security.csrf.CrumbFilter#doFilter: No valid crumb was included in request for ${path} by ${who}. Returning 403.`;
  const ids = [
    line('/job/shop/job/api/job/main/build', 'alice', 0),
    line('/job/infra/job/terraform/build', 'alice', 1),
    line('/scriptText', 'alice', 2),
    line('/job/shop/job/web/build', 'alice', 3),
    line('/scriptText', 'alice', 4),
  ].map((l) => m.add(l).templateId);
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
});
