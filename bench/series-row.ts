// The series stage (backend/src/series) timed on its own: the answer's picture for a 1-hour window,
// counted per bucket in SQL over the store. Goal (issue 14): p95 under 50 ms on the demo store.
import type { Evidence } from '../backend/src/answer/types.js';
import { SeriesBuilder } from '../backend/src/series/index.js';
import type { Store } from '../backend/src/store/store.js';
import type { TimeWindow } from '../backend/src/types.js';
import { stats } from './lib.js';

export const SERIES_WINDOW_MS = 3_600_000;
/** Builds timed: enough for a p95 that is not one slow run, a second or so in all. */
const RUNS = 200;
const GOAL_P95_MS = 50;

export async function seriesRow(
  store: Store,
  answers: { evidence: Evidence[]; hints: Record<string, string> }[],
  window: TimeWindow,
): Promise<{ row: (string | number)[]; stats: ReturnType<typeof stats> & { items: number; goalMs: number } }> {
  const builder = new SeriesBuilder(store, { explore: { grafanaUrl: 'http://localhost:3000/', datasourceUid: 'loki', orgId: 1 } });
  // Warm-up: statement compilation and page cache.
  for (const a of answers) await builder.build({ evidence: a.evidence, window, hints: a.hints });
  const ms: number[] = [];
  let items = 0;
  for (let i = 0; i < RUNS; i++) {
    const a = answers[i % answers.length];
    const t = performance.now();
    const s = await builder.build({ evidence: a.evidence, window, hints: a.hints });
    ms.push(performance.now() - t);
    items = Math.max(items, s.items.length);
  }
  const st = stats(ms);
  const verdict = st.p95 < GOAL_P95_MS ? 'meets' : 'MISSES';
  return {
    row: ['series (1 h window)', st.p50, st.p95, `${RUNS} builds, up to ${items} series; goal p95 < ${GOAL_P95_MS} ms: ${verdict}`],
    stats: { ...st, items, goalMs: GOAL_P95_MS },
  };
}
