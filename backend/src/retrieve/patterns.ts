import type { Store } from '../store/store.js';
import type { TemplateChange } from '../templates/index.js';
import type { Labels, StoredEntry, TimeWindow } from '../types.js';
import { streamCatalog } from './catalog.js';
import { whatChangedWire, type ChangeAnalysis, type WhatChangedWire } from '../whatchanged/index.js';

/** Default baseline: the hour before the window, the span on-call engineers compare against. */
export const DEFAULT_BASELINE_NS = 60n * 60_000_000_000n;

export interface PatternChange extends Omit<TemplateChange, 'exampleEntryIds'> {
  labels: Labels;
  examples: StoredEntry[];
}

/**
 * Template changes of a tenant's streams (optionally narrowed by a LogQL selector) in `window`
 * against `baseline`: new and surging kinds earliest first, then drops (analyzeChanges' order).
 * The analysis runs where `analysis` runs it (worker threads in the app).
 */
export async function patternChanges(
  store: Store,
  analysis: ChangeAnalysis,
  q: {
    tenant: string;
    selector?: string;
    /** The selector's streams, when already matched (StreamCatalog.selectAsync). */
    selectedStreamIds?: readonly number[];
    window: TimeWindow;
    baseline: TimeWindow;
    limit: number;
  },
): Promise<PatternChange[]> {
  const catalog = streamCatalog(store.db);
  // The tenant's streams, read between turns of the event loop when not yet held.
  const all = await catalog.getAsync(q.tenant);
  // A selector's streams are matched within the selector budget; without one, every stream counts
  // and no list of ids goes to SQL.
  const selected = q.selector ? (q.selectedStreamIds ?? catalog.select(q.tenant, q.selector)) : undefined;
  if ((selected ?? all.ids).length === 0) return [];
  // One that matches every stream narrows nothing.
  const ids = selected && selected.length < all.ids.length ? selected : undefined;
  const changes = (
    await analysis.templateChanges({
      tenant: q.tenant,
      streamIds: ids,
      window: q.window,
      baseline: q.baseline,
    })
  ).slice(0, q.limit);
  const examples = store.entriesByIds(changes.flatMap((c) => c.exampleEntryIds));
  return changes.map(({ exampleEntryIds, ...c }) => ({
    ...c,
    labels: store.stream(c.streamId)?.labels ?? {},
    examples: exampleEntryIds.map((id) => examples.get(id)).filter((e): e is StoredEntry => e !== undefined),
  }));
}

/**
 * Value-level changes, onsets, links and the story (whatchanged/) of the same streams, window and
 * baseline as patternChanges: the additive fields of the patterns response.
 */
export async function patternWhatChanged(
  store: Store,
  analysis: ChangeAnalysis,
  q: { tenant: string; selector?: string; selectedStreamIds?: readonly number[]; window: TimeWindow; baseline: TimeWindow; limit: number },
): Promise<WhatChangedWire | undefined> {
  const catalog = streamCatalog(store.db);
  // The tenant's streams, read between turns of the event loop when not yet held.
  const all = await catalog.getAsync(q.tenant);
  const selected = q.selector ? (q.selectedStreamIds ?? catalog.select(q.tenant, q.selector)) : undefined;
  if ((selected ?? all.ids).length === 0) return undefined;
  const ids = selected && selected.length < all.ids.length ? selected : undefined;
  const wc = await analysis.whatChanged({ tenant: q.tenant, streamIds: ids, window: q.window, baseline: q.baseline });
  return whatChangedWire(store, wc, { maxValueChanges: q.limit, maxOnsets: q.limit });
}
