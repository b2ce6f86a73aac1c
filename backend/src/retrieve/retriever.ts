import type { Store } from '../store/store.js';
import type { TimeWindow } from '../types.js';
import { rankedChanges, type RankedChange } from './changes.js';
import { Bm25Retriever, type Candidate } from './bm25.js';
import { parseQuestion, type ParsedQuestion } from './query.js';
import { matchesLabels, parseSelector } from './selector.js';

/** Baseline for change analysis: the hour before the window, long enough to hold routine lines. */
const BASELINE_NS = 60n * 60_000_000_000n;
/** A cause question without a time looks at the newest data: this much of it. */
const DEFAULT_CAUSE_WINDOW_NS = 30n * 60_000_000_000n;

export interface RetrieveRequest {
  tenant: string;
  question: string;
  /** LogQL stream selector restricting the search. */
  selector?: string;
  /** Explicit window (from the dashboard's time range); a time in the question narrows inside it. */
  window?: TimeWindow;
  /** Label hints from dashboard variables. */
  labels?: Record<string, string>;
  limit: number;
  nowNs?: bigint;
}

export interface RetrieveResult {
  parsed: ParsedQuestion;
  window?: TimeWindow;
  streamIds: number[];
  candidates: Candidate[];
  changes: RankedChange[];
  mode: 'bm25' | 'hybrid';
  degraded: boolean;
}

export interface RetrieverOptions {
  candidates: number;
  clockWindowMinutes: number;
}

export class Retriever {
  private readonly bm25: Bm25Retriever;

  constructor(
    private readonly store: Store,
    private readonly opts: RetrieverOptions,
  ) {
    this.bm25 = new Bm25Retriever(store.db);
  }

  retrieve(req: RetrieveRequest): RetrieveResult {
    const streams = this.store.streams(req.tenant);
    const matchers = req.selector ? parseSelector(req.selector) : [];
    const scoped = streams.filter((s) => matchesLabels(s.labels, matchers));
    const labelValues = new Map<string, Set<string>>();
    for (const s of streams) {
      for (const [k, v] of Object.entries(s.labels)) {
        if (!labelValues.has(k)) labelValues.set(k, new Set());
        labelValues.get(k)!.add(v.toLowerCase());
      }
    }
    const nowNs = req.nowNs ?? BigInt(Date.now()) * 1_000_000n;
    const range = this.store.timeRange(req.tenant);
    const referenceNs = req.window?.endNs ?? (range ? range.endNs : nowNs);
    const parsed = parseQuestion(req.question, {
      nowNs,
      referenceNs,
      clockWindowMinutes: this.opts.clockWindowMinutes,
      labelValues,
    });
    Object.assign(parsed.selectorHints, req.labels ?? {});
    // Hinted label values are search words too: "checkout" lifts the checkout stream's chunks
    // through the labels column without excluding the services that caused its trouble.
    for (const v of Object.values(req.labels ?? {})) {
      for (const w of v.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []) if (!parsed.terms.includes(w)) parsed.terms.push(w);
    }
    const window = parsed.window ?? req.window;
    const streamIds = scoped.map((s) => s.id);
    const candidates =
      streamIds.length === 0
        ? []
        : this.bm25.search(parsed.terms, { tenant: req.tenant, streamIds: matchers.length ? streamIds : undefined, window }, this.opts.candidates);
    let changes: RankedChange[] = [];
    if (parsed.asksForCause && streamIds.length > 0) {
      const w = window ?? (range ? { startNs: range.endNs - DEFAULT_CAUSE_WINDOW_NS, endNs: range.endNs } : undefined);
      if (w) {
        // The window opens before the moment the user noticed, so a cause that precedes it is inside.
        changes = rankedChanges(this.store.db, req.tenant, streamIds, w, {
          startNs: w.startNs - BASELINE_NS,
          endNs: w.startNs,
        });
      }
    }
    return { parsed, window, streamIds, candidates, changes, mode: 'bm25', degraded: false };
  }
}
