// The planner's round tests' fixture (not used by production code): lines ingested through the real
// pipeline, tagger and value writer into an in-memory store, then asked through the planner and the
// executor, with the lines the answer cites.
import { IngestPipeline } from '../ingest/pipeline.js';
import { Store } from '../store/store.js';
import { TemplateRepo, templatesMigration } from '../templates/index.js';
import { valuesMigration } from '../values/migration.js';
import { ValueWriter } from '../values/store.js';
import { executePlan } from './execute.js';
import { Planner } from './planner.js';

const SEC = 1_000_000_000n;
/** The lines are a second apart from here (a fixed day: nothing depends on today's date). */
export const FIXTURE_T0 = BigInt(Date.UTC(2026, 10, 24, 14, 0, 0)) * 1_000_000n;

export function askFixture(lines: string[], job = 'app') {
  const store = Store.open(':memory:', { migrations: [templatesMigration, valuesMigration] });
  const tagger = new TemplateRepo(store.db, { listener: new ValueWriter(store.db) });
  const p = new IngestPipeline(store, { maxTokens: 200, maxGapNs: 60n * SEC }, { tagger });
  p.ingest('test', lines.map((line, i) => ({ tenant: 't', labels: { job }, tsNs: FIXTURE_T0 + BigInt(i) * SEC, line })));
  const streamIds = store.streams('t').map((s) => s.id);
  const planner = new Planner(store.db);
  const lineOf = (id: number) => store.db.prepare('SELECT line FROM entries WHERE id = ?').pluck().get(id) as string;
  return {
    store,
    streamIds,
    lineOf,
    ask: async (question: string) => {
      const plan = await planner.plan({ tenant: 't', question, streamIds, asksForCause: false });
      const result = plan.route === 'exact' ? executePlan(store.db, plan) : undefined;
      return { plan, result, cited: (result?.entryIds ?? []).map(lineOf) };
    },
  };
}

/** The top group's key of a ranking, or the value of any other answer. */
export const topOf = (r: { result?: { top?: { key: string }[]; value: unknown } }) => r.result?.top?.[0]?.key ?? r.result?.value;
