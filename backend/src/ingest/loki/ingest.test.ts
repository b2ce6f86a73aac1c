// The Loki wiring with the sidecar's writer thread: a page goes to the writer whole (insertPage).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startLokiServer } from '../../../testkit/loki/server.js';
import { embeddingCacheMigration } from '../../embed/migration.js';
import { Store } from '../../store/store.js';
import { templatesMigration } from '../../templates/index.js';
import { valuesDictionaryMigration, valuesKeysMigration, valuesMigration, valuesReadAgainMigration } from '../../values/migration.js';
import { INGEST_SLICE_LINES } from '../pipeline.js';
import { IngestWriter } from '../writer.js';
import { createLokiIngest } from './ingest.js';

test('a Loki page goes to the writer thread in one request (its own slices), not one per 256-line slice; its cursor is stored with it', async () => {
  const loki = await startLokiServer({ port: 0 });
  const store = Store.open(join(mkdtempSync(join(tmpdir(), 'loglens-loki-page-')), 'x.db'), {
    migrations: [templatesMigration, embeddingCacheMigration, valuesMigration, valuesKeysMigration, valuesDictionaryMigration, valuesReadAgainMigration],
  });
  const stored: number[] = [];
  const writer = new IngestWriter({ path: store.path, chunking: { maxTokens: 200, maxGapNs: 10n ** 12n } }, { onInserted: (_s, r) => r.inserted > 0 && stored.push(r.inserted) });
  const n = 3 * INGEST_SLICE_LINES;
  const now = BigInt(Date.now()) * 1_000_000n;
  loki.push('t', [{ stream: { job: 'api' }, values: Array.from({ length: n }, (_, i) => [String(now - BigInt(n - i) * 1_000_000n), `request ${i} took ${i % 70} ms`] as [string, string]) }]);
  const ingest = createLokiIngest(
    {
      insertEntries: (entries, o) => writer.ingest('loki', entries, { cursor: o.cursor, final: false }),
      insertPage: (entries, o) => writer.ingestSliced('loki', entries, { cursor: o.cursor, final: false }),
      getCursor: (id) => store.getCursor(id),
    },
    { url: loki.url, sources: [{ id: 'a', tenant: 't', selector: '{job="api"}', backfillSeconds: 3600 }], tuning: { settleMs: 0, pageLimit: 5000 } },
  );
  try {
    ingest.start();
    for (let t = 0; store.counts().entries < n || store.getCursor('a') === undefined; t++) {
      assert.ok(t < 600, `stored ${store.counts().entries} of ${n}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // one page of 768 lines: one writer request that stored it whole (in 256-line slices: three)
    assert.deepEqual(stored, [n]);
  } finally {
    await ingest.stop();
    await writer.close();
    store.close();
    await loki.close();
  }
});
