import type { Store } from '../store/store.js';
import { ChunkScope } from '../store/chunk-scope.js';
import type { TimeWindow } from '../types.js';
import { rankChanges, type RankedChange } from './changes.js';
import { Bm25Retriever, type Candidate, type SearchedPeriod } from './bm25.js';
import { parseQuestion, type ParsedQuestion } from './query.js';
import { streamCatalog } from './catalog.js';
import { validWindow } from './query.js';
import { SPAN_PAGE_IDS, streamSpanAsync } from './span.js';
import type { Reranker } from './rerank.js';
import { InProcessChangeAnalysis, type ChangeAnalysis } from '../whatchanged/analysis.js';

/**
 * How far past the wall clock the newest stored line may be and still be the reference for clock
 * times in questions: the push path's default limits.maxFutureSeconds (hosts whose clocks run a
 * little ahead); beyond it the wall clock is the reference.
 */
export const REFERENCE_FUTURE_SKEW_NS = 600n * 1_000_000_000n;

/**
 * Reciprocal rank fusion constant. 60 is the value Cormack, Clarke & Buettcher (SIGIR 2009) found
 * robust across collections: it flattens the head of each list enough that one retriever's #1
 * cannot outvote a chunk both retrievers rank well.
 */
export const RRF_K = 60;

/** Baseline for change analysis: the hour before the window, long enough to hold routine lines. */
const BASELINE_NS = 60n * 60_000_000_000n;
/** A cause question without a time looks at the newest data: this much of it. */
const DEFAULT_CAUSE_WINDOW_NS = 30n * 60_000_000_000n;

export interface RetrieveRequest {
  tenant: string;
  question: string;
  /** LogQL stream selector restricting the search. */
  selector?: string;
  /**
   * The selector's streams when already matched (the API matches them with StreamCatalog.selectAsync,
   * off the event loop's critical path, before the ask takes its slot); matched here otherwise.
   */
  selectedStreamIds?: readonly number[];
  /** Explicit window (from the dashboard's time range); a time in the question narrows inside it. */
  window?: TimeWindow;
  /** Label hints from dashboard variables. */
  labels?: Record<string, string>;
  /** Evidence chunks wanted; the answer stage's configured default when absent. */
  limit?: number;
  nowNs?: bigint;
  /** Which retrievers to use; default hybrid when a vector index is available. (Evaluation.) */
  method?: RetrievalMethod;
  /** Re-rank fused candidates with the cross-encoder when one is configured (default true). */
  rerank?: boolean;
}

export type RetrievalMethod = 'bm25' | 'vector' | 'hybrid';

/** A question read and scoped (Retriever.scope). */
export interface QuestionScope {
  parsed: ParsedQuestion;
  window?: TimeWindow;
  /** Streams the selector allows (all of the tenant's without one). */
  scopedStreamIds: number[];
  selectorUsed: boolean;
  /** The streams the question is about given label hints (narrowed from the scoped ones). */
  about: (hints: Readonly<Record<string, string>>) => number[];
  /** Time range of the scoped streams. */
  range?: TimeWindow;
  /** Time range of some of them (of the whole tenant without a list of every id when given all). */
  rangeOf?: (ids: readonly number[]) => TimeWindow | undefined;
  /** rangeOf, a long list read in slices between turns of the event loop (streamSpanAsync). */
  rangeAsync?: (ids: readonly number[]) => Promise<TimeWindow | undefined>;
  /** A selection of most of the tenant's streams as the few it leaves out (SearchScope.allBut); undefined otherwise. */
  allBut?: () => { streamIds: readonly number[]; upTo: number } | undefined;
}

/** Long lists whose span scopeAsync reads in slices before reading the question (the streams it is about, then all in scope). */
const MAX_SPAN_READS = 2;

/** Spans already read, with the id lists they are of. */
type SpanMemo = { ids: readonly number[]; range: TimeWindow | undefined }[];

/** The span read for these very ids, if any (a list is compared by content: scope() makes its lists anew). */
function knownSpan(memo: SpanMemo, ids: readonly number[]): { range: TimeWindow | undefined } | undefined {
  return memo.find((m) => m.ids.length === ids.length && (m.ids === ids || m.ids.every((id, i) => id === ids[i])));
}

/** Thrown out of scope() by scopeAsync's request: the span of a long list is needed (read it in slices, then scope again). */
class SpanNeeded {
  constructor(readonly ids: readonly number[]) {}
}

/** The vector side, as retrieval needs it (index/service.ts implements it). */
export interface VectorSearcher {
  /** null when the tenant's index cannot serve right now. */
  search(tenant: string, text: string, k: number, filter?: ReadonlySet<number> | ((id: number) => boolean)): Promise<{ id: number; score: number }[] | null>;
}

/** Lets pending I/O (other requests) run: a macrotask turn, which awaiting a resolved promise is not. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Fuses ranked lists by reciprocal rank: score = sum of 1 / (RRF_K + rank). */
export function reciprocalRankFusion(lists: readonly (readonly Candidate[])[], k = RRF_K): Candidate[] {
  const scores = new Map<number, number>();
  for (const list of lists) {
    list.forEach((c, i) => scores.set(c.chunkId, (scores.get(c.chunkId) ?? 0) + 1 / (k + i + 1)));
  }
  return [...scores.entries()].map(([chunkId, score]) => ({ chunkId, score })).sort((a, b) => b.score - a.score);
}

export interface RetrieveResult {
  parsed: ParsedQuestion;
  window?: TimeWindow;
  streamIds: number[];
  candidates: Candidate[];
  changes: RankedChange[];
  mode: RetrievalMethod;
  /** True when a vector index is configured but could not serve this query (BM25 alone answered). */
  degraded: boolean;
  /** True when a cross-encoder re-ordered the candidates. */
  reranked: boolean;
  /** Set when a question without a time searched the newest data only: which period, how much was left. */
  searched?: SearchedPeriod;
  /** Per retriever timings in ms. */
  timings: Record<string, number>;
}

export interface RetrieverOptions {
  candidates: number;
  clockWindowMinutes: number;
  /** Fused candidates a cross-encoder re-scores, when one is configured. */
  rerankCandidates?: number;
  /** Chunks a question without a time searches, newest first, before it may stop (Bm25Options). */
  searchBudgetChunks?: number;
}

export class Retriever {
  private readonly bm25: Bm25Retriever;
  private readonly analysis: ChangeAnalysis;
  private readonly chunkScope: ChunkScope;

  constructor(
    private readonly store: Store,
    private readonly opts: RetrieverOptions,
    private readonly vectors?: VectorSearcher,
    private readonly reranker?: Promise<Reranker | null>,
    /** Where template change analysis runs (worker threads in the app); the calling thread when absent. */
    analysis?: ChangeAnalysis,
  ) {
    this.bm25 = new Bm25Retriever(store, { budgetChunks: opts.searchBudgetChunks });
    this.analysis = analysis ?? new InProcessChangeAnalysis(store.db);
    this.chunkScope = new ChunkScope(store.db);
  }

  /**
   * Question understanding and scope, without searching: the streams (selector), the window
   * (dashboard range, narrowed by a time in the question), the label hints. The planner starts here.
   */
  scope(req: RetrieveRequest, spans: SpanMemo = [], deferLongSpans = false): QuestionScope {
    const catalogs = streamCatalog(this.store.db);
    const catalog = catalogs.get(req.tenant);
    // The selector's streams, matched once per distinct label value within a budget (a 400 beyond it).
    const selectorUsed = Boolean(req.selector);
    const scopedIds = selectorUsed ? (req.selectedStreamIds ?? catalogs.select(req.tenant, req.selector!)) : catalog.ids;
    const scopedSet = selectorUsed && scopedIds.length < catalog.ids.length ? new Set(scopedIds) : undefined;
    const scoped = scopedSet ? catalog.streams.filter((s) => scopedSet.has(s.id)) : catalog.streams;
    const nowNs = req.nowNs ?? BigInt(Date.now()) * 1_000_000n;
    // Ids are always the tenant's: as many as the tenant has means all of them, and the store then
    // reads the tenant's own span rather than a list of 40k ids.
    let reading: 'parse' | 'after' = 'parse';
    const rangeOf = (ids: readonly number[]) => {
      const known = knownSpan(spans, ids);
      if (known) return known.range;
      if (deferLongSpans && reading === 'parse' && ids.length > SPAN_PAGE_IDS) throw new SpanNeeded(ids);
      return ids.length === catalog.ids.length ? this.store.timeRange(req.tenant) : this.store.timeRange(req.tenant, ids);
    };
    // One read per list when stages ask at once (the what-changed analysis starts beside retrieval).
    const pending = new Map<readonly number[], Promise<TimeWindow | undefined>>();
    const rangeAsync = async (ids: readonly number[]) => {
      if (knownSpan(spans, ids) || ids.length <= SPAN_PAGE_IDS) return rangeOf(ids);
      let read = pending.get(ids);
      if (!read) {
        const list = [...ids];
        read = streamSpanAsync(this.store.db, req.tenant, list)
          .then((range) => {
            spans.push({ ids: list, range });
            return range;
          })
          .finally(() => pending.delete(ids));
        pending.set(ids, read);
      }
      return read;
    };
    // The streams a question is about: the selector's, narrowed to the label values it names when
    // any stream has them. Their newest line, not the tenant's, decides which day "at 14:05" means:
    // one live stream with today's lines must not move every other stream's clock times to today.
    const aboutCache = new Map<string, number[]>();
    const about = (hints: Readonly<Record<string, string>>): number[] => {
      const named = Object.entries(hints);
      if (named.length === 0) return scopedIds as number[];
      const key = JSON.stringify(named);
      const hit = aboutCache.get(key);
      if (hit) return hit;
      // own properties only: a hint named "constructor" must not read Object.prototype
      const narrowed = scoped.filter((s) => named.every(([k, v]) => (Object.hasOwn(s.labels, k) ? s.labels[k] : '').toLowerCase() === v.toLowerCase()));
      const ids = narrowed.length > 0 ? narrowed.map((s) => s.id) : (scopedIds as number[]);
      aboutCache.set(key, ids);
      return ids;
    };
    // The selection's complement among the streams held when it was made, when that is shorter.
    const held = catalog.ids.length;
    let complement: { streamIds: readonly number[]; upTo: number } | undefined | null = null;
    const allBut = () => {
      if (complement === null) {
        complement =
          scopedSet && held > 0 && scopedIds.length > held / 2
            ? { streamIds: catalog.ids.slice(0, held).filter((id) => !scopedSet.has(id)), upTo: catalog.ids[held - 1] }
            : undefined;
      }
      return complement;
    };
    // The scoped streams' span, read only when a stage needs it (a list of 40k ids costs ~30 ms).
    let rangeRead = false;
    let rangeValue: TimeWindow | undefined;
    const range = () => {
      if (!rangeRead) [rangeRead, rangeValue] = [true, rangeOf(scopedIds)];
      return rangeValue;
    };
    const parsed = parseQuestion(
      req.question,
      {
        nowNs,
        referenceNs: (hints) => {
          if (req.window) return req.window.endNs;
          // A line stamped far ahead (a file or a Loki source with a wrong clock: only pushes are
          // checked on arrival) must not move "now": "at 01:27" would look in 2199.
          const newest = rangeOf(about(hints))?.endNs ?? range()?.endNs ?? nowNs;
          return newest > nowNs + REFERENCE_FUTURE_SKEW_NS ? nowNs : newest;
        },
        hasData: (hints, w) => this.store.hasEntries(about(hints), w),
        clockWindowMinutes: this.opts.clockWindowMinutes,
        labelValues: catalog.labelValues as Map<string, Set<string>>,
      },
      req.labels ?? {},
    );
    reading = 'after';
    // Hinted label values are search words too: "checkout" lifts the checkout stream's chunks
    // through the labels column without excluding the services that caused its trouble.
    for (const v of Object.values(req.labels ?? {})) {
      for (const w of v.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []) if (!parsed.terms.includes(w)) parsed.terms.push(w);
    }
    const window = validWindow(parsed.window ?? req.window);
    return {
      parsed,
      window,
      scopedStreamIds: scopedIds as number[],
      // A selector matching every stream narrows nothing: the SQL stays tenant-wide.
      selectorUsed: selectorUsed && scopedIds.length < catalog.ids.length,
      about,
      get range() {
        return range();
      },
      rangeOf,
      rangeAsync,
      allBut,
    };
  }

  /**
   * scope(), after the tenant's streams are brought up to date between turns of the event loop
   * (all of them on the tenant's first request: ~0.6 s of CPU for 40k). The request path's way in.
   */
  async scopeAsync(req: RetrieveRequest): Promise<QuestionScope> {
    await streamCatalog(this.store.db).getAsync(req.tenant);
    // A clock time in the question ("at 14:05") resolves against the newest data of the streams it
    // is about. When those are many (no label value narrows them) their span, one query of tens of
    // ms, is read in slices and the question read again with it.
    const spans: SpanMemo = [];
    for (let tries = 0; ; tries++) {
      try {
        return this.scope(req, spans, tries < MAX_SPAN_READS);
      } catch (err) {
        if (!(err instanceof SpanNeeded)) throw err;
        const ids = [...err.ids];
        spans.push({ ids, range: await streamSpanAsync(this.store.db, req.tenant, ids) });
      }
    }
  }

  async retrieve(req: RetrieveRequest, given?: QuestionScope): Promise<RetrieveResult> {
    const scope = given ?? this.scope(req);
    // `range` is read only when needed: over a 40k-stream selection it is a ~40 ms query.
    const { parsed, window, scopedStreamIds: streamIds, selectorUsed, about, rangeOf, rangeAsync } = scope;
    const allBut = selectorUsed ? scope.allBut?.() : undefined;
    const timings: Record<string, number> = {};
    const method = req.method ?? 'hybrid';
    // Every stage below is synchronous SQLite work, up to tens of ms over 40k streams: the event
    // loop gets a turn between them (other tenants' requests, /healthz).
    await yieldToLoop();
    let t = performance.now();
    const bm25 =
      streamIds.length === 0 || method === 'vector'
        ? { candidates: [] }
        : this.bm25.searchScoped(parsed.terms, { tenant: req.tenant, ...(allBut ? { allBut } : { streamIds: selectorUsed ? streamIds : undefined }), window }, this.opts.candidates);
    const lexical = bm25.candidates;
    const searched = bm25.searched;
    timings.bm25Ms = performance.now() - t;
    let semantic: Candidate[] | null = null;
    if (this.vectors && method !== 'bm25' && streamIds.length > 0) {
      t = performance.now();
      // Scope restrictions (selector, window) apply inside the search, not to a top-k afterwards.
      const allowed = selectorUsed || window ? this.chunkScope.idsInScope(streamIds, window) : undefined;
      // The period the answer says was searched is the vectors' too: the index looks past older
      // chunks for the k nearest inside it (a filter after the search left the old ones' places
      // empty, and at 3M lines the evidence hit fell from 0.65 to 0.54).
      const from = searched?.fromChunkId;
      const filter = from === undefined ? allowed : allowed ? (id: number) => id >= from && allowed.has(id) : (id: number) => id >= from;
      const hits = await this.vectors.search(req.tenant, req.question, this.opts.candidates, filter);
      semantic = hits ? hits.map((h) => ({ chunkId: h.id, score: h.score })) : null;
      timings.vectorMs = performance.now() - t;
    }
    const degraded = this.vectors !== undefined && method !== 'bm25' && semantic === null && streamIds.length > 0;
    const mode: RetrievalMethod = semantic === null ? 'bm25' : method === 'vector' ? 'vector' : 'hybrid';
    let candidates =
      mode === 'hybrid' ? reciprocalRankFusion([lexical, semantic!]).slice(0, this.opts.candidates) : mode === 'vector' ? semantic! : lexical;
    const reranker = req.rerank === false ? null : await this.reranker;
    let reranked = false;
    if (reranker && candidates.length > 1) {
      t = performance.now();
      candidates = await this.rerank(reranker, req.question, candidates);
      reranked = true;
      timings.rerankMs = performance.now() - t;
    }
    let changes: RankedChange[] = [];
    if (parsed.asksForCause && streamIds.length > 0) {
      await yieldToLoop();
      let w = window;
      if (!w) {
        const ids = about(parsed.selectorHints);
        const newest = rangeAsync
          ? ((await rangeAsync(ids)) ?? (await rangeAsync(streamIds)))
          : ((rangeOf ? rangeOf(ids) : this.store.timeRange(req.tenant, ids)) ?? scope.range);
        w = newest ? { startNs: newest.endNs - DEFAULT_CAUSE_WINDOW_NS, endNs: newest.endNs } : undefined;
      }
      if (w && w.startNs < w.endNs) {
        // The window opens before the moment the user noticed, so a cause that precedes it is inside.
        // Without a selector every stream of the tenant counts: no list of ids goes to SQL.
        // The analysis runs off the event loop (worker threads) when the store is a file.
        changes = rankChanges(
          await this.analysis.templateChanges({
            tenant: req.tenant,
            streamIds: selectorUsed ? streamIds : undefined,
            window: w,
            baseline: { startNs: w.startNs - BASELINE_NS, endNs: w.startNs },
          }),
        );
      }
    }
    return { parsed, window, streamIds, candidates, changes, mode, degraded, reranked, timings, ...(searched ? { searched } : {}) };
  }

  /** Cross-encoder scores for the head of the list; the tail keeps its fused order behind it. */
  private async rerank(reranker: Reranker, question: string, candidates: Candidate[]): Promise<Candidate[]> {
    const head = candidates.slice(0, this.opts.rerankCandidates ?? 20);
    const texts = this.store.chunks(head.map((c) => c.chunkId)).map((c) => c.text);
    const scores = await reranker.rerank(question, texts);
    const rescored = head.map((c, i) => ({ chunkId: c.chunkId, score: scores[i] })).sort((a, b) => b.score - a.score);
    return [...rescored, ...candidates.slice(head.length)];
  }
}
