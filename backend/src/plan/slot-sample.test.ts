import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../store/store.js';
import { templatesMigration } from '../templates/index.js';
import { ValueRows } from '../values/layout.js';
import { valuesMigration } from '../values/migration.js';
import { KeySampler } from './slot-sample.js';

test('a key written with several kinds is sampled in (template, entry) order, as one scan of (template, key) read it', () => {
  const store = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration] });
  const rows = new ValueRows(store.db);
  // template 7: entries 1..10, a word and a text in turns ("curl/8.4.0", "Mozilla/5.0 (X11)"); template 5: entries 11, 12
  for (let e = 1; e <= 10; e++) rows.insert(e, 1, 7, { pos: 0, key: 'agent', kind: e % 2 ? 'word' : 'text', text: e % 2 ? `curl/${e}` : `Mozilla/${e} (X11)` });
  for (const e of [11, 12]) rows.insert(e, 1, 5, { pos: 0, key: 'agent', kind: 'text', text: `Mozilla/${e} (Z)` });
  rows.insert(13, 2, 7, { pos: 0, key: 'agent', kind: 'text', text: 'other stream' });
  rows.end();
  const sampler = new KeySampler(store.db);
  for (const limit of [1, 2, 3, 4, 5, 9, 50]) {
    const oracle = store.db
      .prepare(
        `SELECT kind, count(*) AS rows, count(DISTINCT lower(text)) AS distinct_n, min(text) AS sample, max(text) AS highest FROM (
           SELECT kind, text FROM entry_values WHERE template_id IN (5, 7) AND key = 'agent' AND stream_id = 1 ORDER BY template_id, entry_id, pos LIMIT ?)
         GROUP BY kind ORDER BY kind`,
      )
      .all(limit);
    const got = sampler.profile([7, 5, 7], 'agent', '[1]', limit).map(({ kind, rows: n, distinct_n, sample, highest }) => ({ kind, rows: n, distinct_n, sample, highest }));
    assert.deepEqual(got, oracle, `limit ${limit}`);
  }
  store.close();
});
