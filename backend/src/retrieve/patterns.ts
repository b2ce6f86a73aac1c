import type { Store } from '../store/store.js';
import { analyzeChanges, type TemplateChange } from '../templates/index.js';
import type { Labels, StoredEntry, TimeWindow } from '../types.js';
import { matchesLabels, parseSelector } from './selector.js';

/** Default baseline: the hour before the window, the span on-call engineers compare against. */
export const DEFAULT_BASELINE_NS = 60n * 60_000_000_000n;

export interface PatternChange extends Omit<TemplateChange, 'exampleEntryIds'> {
  labels: Labels;
  examples: StoredEntry[];
}

/**
 * Template changes of a tenant's streams (optionally narrowed by a LogQL selector) in `window`
 * against `baseline`: new and surging kinds earliest first, then drops (analyzeChanges' order).
 */
export function patternChanges(
  store: Store,
  q: { tenant: string; selector?: string; window: TimeWindow; baseline: TimeWindow; limit: number },
): PatternChange[] {
  const matchers = q.selector ? parseSelector(q.selector) : [];
  const streams = store.streams(q.tenant).filter((s) => matchesLabels(s.labels, matchers));
  if (streams.length === 0) return [];
  const byId = new Map(streams.map((s) => [s.id, s]));
  const changes = analyzeChanges(store.db, {
    tenant: q.tenant,
    streamIds: streams.map((s) => s.id),
    window: q.window,
    baseline: q.baseline,
  }).slice(0, q.limit);
  const examples = store.entriesByIds(changes.flatMap((c) => c.exampleEntryIds));
  return changes.map(({ exampleEntryIds, ...c }) => ({
    ...c,
    labels: byId.get(c.streamId)!.labels,
    examples: exampleEntryIds.map((id) => examples.get(id)).filter((e): e is StoredEntry => e !== undefined),
  }));
}
