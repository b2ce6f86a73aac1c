// MASKED_CONTENT_COUNTS (spans.ts): a bracketed span that a line masks whole (`[Catalina-utility-2]`)
// still counts as a content of its context, so `[main]` and it make the thread one value. Fails on
// the round-8 code, which only ever saw `main` and kept the thread a word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from './miner.js';

test('MASKED_CONTENT_COUNTS: a header thread is one value whether masked or a word', () => {
  const m = new TemplateMiner();
  const ids = ['main', 'Catalina-utility-2', 'main', 'Catalina-utility-1', 'main', 'Catalina-utility-2'].map(
    (th, i) =>
      m.add(`12-Jun-2024 10:01:2${i}.643 WARNING [${th}] org.apache.catalina.loader.WebappClassLoaderBase.clearReferencesThreads The web application [api] appears to have started a thread named [OkHttp ConnectionPool] but has failed to stop it.`).templateId
  );
  assert.equal(new Set(ids.map((id) => m.resolve(id))).size, 1);
});
