// Exact-answer planning under hostile questions: SQL-like text, regex metacharacters, FTS5
// operators, thousands of identifiers, 10 KB identifiers. Every ask gets an answer or a 400
// naming the field, never a 5xx, and nothing stored changes.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/telemetry/logger.js';

const KEY = 'plan-fuzz-key-0123456789abcdef';
let app: App;
let base: string;

before(async () => {
  app = createApp(
    loadConfig({}, { dataDir: mkdtempSync(join(tmpdir(), 'loglens-planfuzz-')), server: { port: 0 }, auth: { apiKeys: [KEY] }, embedding: { enabled: false }, limits: { askPerMinute: 100_000 } }),
    { logger: createLogger('silent'), processMetrics: false },
  );
  base = (await app.listen()).url;
  const t0 = BigInt(Date.UTC(2026, 10, 24, 14, 0, 0)) * 1_000_000n;
  const values = Array.from({ length: 200 }, (_, i) => [
    String(t0 + BigInt(i) * 1_000_000_000n),
    i % 3 === 0 ? `Failed password for u${i % 7} from 10.0.${i % 5}.${i % 11} port ${4000 + i} ssh2` : `block blk_${1000 + i} size ${i * 10} took ${i % 50} ms`,
  ]);
  const r = await fetch(`${base}/api/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ streams: [{ stream: { job: 'fz' }, values }] }),
  });
  assert.equal(r.status, 200);
});
after(() => app.close());

const HOSTILE = [
  `'; DROP TABLE entries; --`,
  `" OR 1=1 --`,
  `SELECT * FROM entry_values WHERE lower(text) = lower('x')`,
  `NEAR("a" "b") AND NOT c* OR ^d`,
  `(.*)+$ [a-z]{1,99999} \\ \\\\ ${'('.repeat(50)}`,
  `%_% _% %`,
  `"unterminated`,
  '`backticks` and \u0000 nul',
  `{job=~"(a+)+"}`,
  `json_each('[1,2,3]')`,
];
const IDENTS = fc.oneof(
  fc.ipV4(),
  fc.stringMatching(/^[a-z]{2,5}[_-][0-9a-f]{3,12}$/),
  fc.integer({ min: 100, max: 1e9 }).map(String),
  fc.constantFrom('10.0.1.1', 'blk_1003', 'u3', '4003'),
);
const QUESTIONS = fc.oneof(
  fc.tuple(fc.constantFrom('how many', 'which', 'largest', 'total', 'when did', 'what happened to', 'top 3'), fc.constantFrom(...HOSTILE), IDENTS).map(([a, b, c]) => `${a} ${b} ${c}?`),
  fc.array(IDENTS, { minLength: 50, maxLength: 400 }).map((ids) => `how many failed passwords from ${ids.join(' ')}`),
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

async function ask(question: string): Promise<{ status: number; body: any }> {
  const r = await fetch(`${base}/api/v1/ask`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  return { status: r.status, body: await r.json() };
}

test('hostile questions: an answer or a 400 naming the field, never a 5xx; nothing stored changes', { timeout: 240_000 }, async () => {
  const before = app.store.contentHash();
  const values = app.store.db.prepare('SELECT count(*) FROM entry_values').pluck().get();
  await fc.assert(
    fc.asyncProperty(QUESTIONS, async (q) => {
      const r = await ask(q);
      assert.ok(r.status === 200 || r.status === 400, `${r.status} for ${JSON.stringify(q).slice(0, 200)}: ${JSON.stringify(r.body).slice(0, 300)}`);
      if (r.status === 400) assert.equal(r.body.error.field, 'question');
    }),
    { numRuns: 300, seed: 20261202 },
  );
  // Identifiers of 10 KB and 10,000 of them: over the question limit, a 400 naming it.
  for (const q of [`what happened to ${'a1'.repeat(5000)}?`, `how many from ${Array.from({ length: 10_000 }, (_, i) => `10.0.0.${i % 250}`).join(' ')}`]) {
    const r = await ask(q);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.field, 'question');
  }
  assert.equal(app.store.contentHash(), before, 'a question changed the store');
  assert.equal(app.store.db.prepare('SELECT count(*) FROM entry_values').pluck().get(), values);
});

test('the exact path still answers after the fuzz, with the numbers the data holds', async () => {
  const r = await ask('how many failed passwords came from 10.0.1.1?');
  assert.equal(r.status, 200);
  assert.equal(r.body.retrieval.mode, 'exact');
  // lines i % 3 == 0 with i % 5 == 1 and i % 11 == 1: i = 66, ... computed directly
  const want = Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 3 === 0 && i % 5 === 1 && i % 11 === 1).length;
  assert.ok(want > 0);
  assert.equal(r.body.result.value, want);
});
