// Exact answers through LogBackend (ask-backend/execute.ts), over the embedded backend (real
// SQLite): each plan executed through the interface gives the numbers and cites the lines that
// plan/execute.ts gives over the same lines in SQL, and BackendAskService answers exact questions
// instead of refusing them. The same path over a real OpenSearch cluster: test/opensearch-ask.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FollowDeriver } from '../backend/derive.js';
import { EmbeddedBackend, embeddedBackendMigration } from '../backend/embedded.js';
import { executePlan } from '../plan/execute.js';
import { Planner } from '../plan/planner.js';
import { Store } from '../store/store.js';
import { templatesMigration } from '../templates/index.js';
import type { LogEntry } from '../types.js';
import { valuesKeysMigration, valuesMigration } from '../values/migration.js';
import { BackendAskService, NotBuiltError } from './ask.js';
import { executeOnBackend } from './execute.js';
import { PlanningCopy } from './plan-copy.js';

const T0 = BigInt(Date.UTC(2026, 10, 24, 14, 0, 0)) * 1_000_000n;

function lines(): LogEntry[] {
  const out: LogEntry[] = [];
  for (let i = 0; i < 60; i++) {
    const ts = (k: number) => T0 + BigInt(4 * i + k) * 1_000_000_000n;
    out.push({ tenant: 'acme', labels: { app: 'web' }, tsNs: ts(0), line: `GET /static/app.${i % 9}.js 200 ${(i % 40) + 3} ms` });
    out.push({ tenant: 'acme', labels: { app: 'disk' }, tsNs: ts(1), line: `volume /dev/sd${'abc'[i % 3]} usage ${60 + ((i * 7) % 30)}% inodes ${i * 11}` });
    out.push({ tenant: 'acme', labels: { app: 'payments' }, tsNs: ts(2), line: `payment accepted for order ${7000 + i} amount ${(i * 13) % 97}.50 USD by user u${i % 4}` });
    if (i % 10 === 3) out.push({ tenant: 'acme', labels: { app: 'payments' }, tsNs: ts(3), line: `payment gateway timeout after ${20 + i} s for order ${7000 + i}` });
  }
  return out;
}

/** Questions of each intent the executor runs, over these lines. */
const QUESTIONS = [
  'how many payment gateway timeouts were there?',
  'how many payments were accepted?',
  'what was the largest amount of an accepted payment?',
  'what was the smallest volume usage?',
  'what was the total amount of accepted payments?',
  'what was the average gateway timeout?',
  'which user made the most payments?',
  'which volume was reported most often?',
  'when was the first payment gateway timeout?',
  'when was the last payment gateway timeout?',
  'what happened to order 7043?',
  'how long was the gateway timeout for order 7033?',
  // quoted text: literal (substring) filters, on entries and (for a slot) through the entries holding them
  'how many "timeout after 3" lines were there?',
  'what was the total amount of "by user u1" payments?',
];

describe('exact answers through LogBackend (embedded backend)', () => {
  let store: Store;
  let backend: EmbeddedBackend;
  let copy: PlanningCopy;

  before(async () => {
    store = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration, valuesKeysMigration, embeddedBackendMigration] });
    backend = new EmbeddedBackend(store, { dim: 4 });
    const deriver = new FollowDeriver({ chunking: { maxTokens: 40, maxGapNs: 60_000_000_000n } });
    for (const b of await deriver.batches(lines(), 1000)) await backend.write(b);
    copy = await PlanningCopy.build(backend, 'acme', lines().length);
  });
  after(() => {
    copy?.close();
    store?.close();
  });

  test('each plan executed through the interface equals plan/execute.ts over the same lines (value, matched, groups, times, cited lines)', async () => {
    const planner = new Planner(copy.store.db);
    const streamIds = copy.streams().map((s) => s.id);
    const intents = new Set<string>();
    let literals = 0;
    for (const question of QUESTIONS) {
      const plan = await planner.plan({ tenant: 'acme', question, streamIds, asksForCause: false });
      assert.equal(plan.route, 'exact', `${question}: ${plan.reason}`);
      const sql = executePlan(copy.store.db, plan);
      const { result, lines: hits } = await executeOnBackend(backend, plan, { tenant: 'acme' });
      const where = `${question} (${plan.reason})`;
      assert.deepEqual(
        { value: result.value, unit: result.unit, matched: result.matched, top: result.top, values: result.values, atNs: result.atNs, firstNs: result.firstNs, lastNs: result.lastNs },
        { value: sql.value, unit: sql.unit, matched: sql.matched, top: sql.top, values: sql.values, atNs: sql.atNs, firstNs: sql.firstNs, lastNs: sql.lastNs },
        where,
      );
      const lineOf = copy.store.db.prepare('SELECT ts_ns, line FROM entries WHERE id = ?').safeIntegers(true);
      const expected = sql.entryIds.map((id) => {
        const r = lineOf.get(id) as { ts_ns: bigint; line: string };
        return `${r.ts_ns} ${r.line}`;
      });
      assert.deepEqual(
        result.entryIds.map((id) => `${hits[id - 1]!.tsNs} ${hits[id - 1]!.line}`),
        expected,
        `${where}: cited lines`,
      );
      intents.add(plan.intent);
      if (plan.filters.some((f) => f.match === 'literal')) literals++;
    }
    assert.equal(literals, 2, 'both quoted questions filter by text');
    for (const i of ['count', 'max', 'min', 'sum', 'avg', 'topk', 'first', 'last', 'lookup']) assert.ok(intents.has(i), `no question planned as ${i}`);
  });

  test('BackendAskService answers an exact question with the exact composer and refuses a why question', async () => {
    const ask = new BackendAskService(async () => backend, { evidenceChunks: 5, candidates: 20, clockWindowMinutes: 15, explore: { grafanaUrl: 'http://grafana', datasourceUid: 'loki', orgId: 1 }, kind: 'embedded (test)' });
    const res = await ask.ask({ tenant: 'acme', question: 'how many payment gateway timeouts were there?', nowNs: T0 });
    assert.equal(res.retrieval.mode, 'exact');
    assert.equal(res.result?.value, 6);
    assert.match(res.answer.text, /^6 "payment gateway timeout after <\*> s for order <\*>" lines in \{app="payments"\} between .* \[1\]\[2\]\.$/);
    assert.match(res.plan?.logql?.expr ?? '', /count_over_time/);
    // More than CITE_ALL lines: the first and the last are cited.
    assert.deepEqual(res.citations.map((c) => c.line), ['payment gateway timeout after 23 s for order 7003', 'payment gateway timeout after 73 s for order 7053']);
    await assert.rejects(ask.ask({ tenant: 'acme', question: 'why did the payment fail?' }), NotBuiltError);
    // A first occurrence phrased as a failure starting is the planner's (as on the embedded path), not the story's.
    const started = await ask.ask({ tenant: 'acme', question: 'when did payment gateway timeouts start failing orders?', nowNs: T0 });
    assert.equal(started.retrieval.mode, 'exact');
    assert.equal(started.result?.intent, 'first');
    assert.equal(ask.refusal('which service failed first?') !== undefined, true);
  });
});
