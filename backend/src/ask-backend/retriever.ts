// Hybrid retrieval through LogBackend only (issue #20): what asking needs from a backend that is not
// this sidecar's SQLite store (OpenSearch). The same stages as retrieve/retriever.ts, each through
// the interface: the question read by retrieve/query.ts (label values from backend.streams, clock
// times against the newest line of the streams it is about), BM25 (searchText) over its terms, k-NN
// (searchVector) over the question embedded by the same model, and the same reciprocal rank fusion
// (retrieve/retriever.ts reciprocalRankFusion, imported, not copied).
//
// Not here (the embedded retriever has them): the newest-data search budget (`searched`: OpenSearch
// searches every day index of the scope at once), the cross-encoder re-rank, template change
// analysis for cause questions, and "has data at that time" when choosing the day of a clock time
// (it takes the reference's day).
import type { ChunkHit, LogBackend, Scope } from '../backend/types.js';
import type { Embedder } from '../embed/index.js';
import { parseQuestion, validWindow, type ParsedQuestion } from '../retrieve/query.js';
import { reciprocalRankFusion, REFERENCE_FUTURE_SKEW_NS, type RetrievalMethod } from '../retrieve/retriever.js';
import { matchesLabels, parseSelector } from '../retrieve/selector.js';
import type { LabelMatcher, TimeWindow } from '../types.js';


export interface BackendRetrieveRequest {
  tenant: string;
  question: string;
  /** LogQL stream selector restricting the search. */
  selector?: string;
  /** Explicit window (the dashboard's range); a time in the question narrows inside it. */
  window?: TimeWindow;
  /** Label hints from dashboard variables. */
  labels?: Record<string, string>;
  nowNs?: bigint;
  /** Which retrievers (evaluation); hybrid by default, BM25 alone without an embedder. */
  method?: RetrievalMethod;
}

export interface BackendRetrieveResult {
  parsed: ParsedQuestion;
  window?: TimeWindow;
  /** Best first; `score` is the fused (RRF) score in hybrid mode, the retriever's own otherwise. */
  hits: ChunkHit[];
  mode: RetrievalMethod;
  /** An embedder is configured but the vector side failed (BM25 alone answered). */
  degraded: boolean;
  timings: Record<string, number>;
}

export interface BackendRetrieverOptions {
  /** Candidates each retriever returns and the fused list keeps (config retrieval.candidates). */
  candidates: number;
  clockWindowMinutes: number;
}

/** The matchers of a selector string (validated by the caller: the API parses it before asking). */
export function matchersOf(selector: string | undefined): LabelMatcher[] {
  return selector ? parseSelector(selector).map((m) => ({ name: m.name, op: m.op, value: m.value })) : [];
}

export class BackendRetriever {
  constructor(
    private readonly backend: LogBackend,
    private readonly opts: BackendRetrieverOptions,
    /** The same model the chunks' vectors were made with (derive.ts); none: BM25 alone. */
    private readonly embedder?: Embedder,
  ) {}

  /** The question read against the tenant's streams, as Retriever.scope reads it. */
  async read(req: BackendRetrieveRequest): Promise<{ parsed: ParsedQuestion; window?: TimeWindow; scope: Scope }> {
    const selector = matchersOf(req.selector);
    const nowNs = req.nowNs ?? BigInt(Date.now()) * 1_000_000n;
    const labelValues = new Map<string, Set<string>>();
    const inScope = (await this.backend.streams(req.tenant)).filter((l) => matchesLabels(l, selector));
    for (const labels of inScope) {
      for (const [k, v] of Object.entries(labels)) {
        let set = labelValues.get(k);
        if (!set) labelValues.set(k, (set = new Set()));
        set.add(v.toLowerCase());
      }
    }
    // The streams the question is about: the selector's, narrowed by the label values it names
    // (when some stream has them). Their newest line decides which day "at 14:05" means.
    const newestOf = async (hints: Readonly<Record<string, string>>): Promise<bigint | undefined> => {
      // Each named label as an equality on the value the streams spell it with (a hint is read in
      // lower case); a name spelled several ways, or by no stream in scope, narrows nothing.
      const about: LabelMatcher[] = [];
      for (const [name, hint] of Object.entries(hints)) {
        const spellings = new Set(inScope.map((l) => l[name]).filter((v): v is string => v !== undefined && v.toLowerCase() === hint.toLowerCase()));
        if (spellings.size === 1) about.push({ name, op: '=', value: [...spellings][0]! });
      }
      const newest = async (extra: LabelMatcher[]) => (await this.backend.lookup({ scope: { tenant: req.tenant, selector: [...selector, ...extra] } }, 1, 'newest')).entries[0]?.tsNs;
      return (about.length > 0 ? await newest(about) : undefined) ?? (await newest([]));
    };
    const parseWith = (referenceNs: bigint) =>
      parseQuestion(req.question, { nowNs, referenceNs, clockWindowMinutes: this.opts.clockWindowMinutes, labelValues }, req.labels ?? {});
    // Read once for the hints, then again with the reference time of the streams they name (the
    // reference only matters to clock times, which the first reading already found or not).
    let parsed = parseWith(req.window?.endNs ?? nowNs);
    if (!req.window && parsed.timeHint) {
      const newest = (await newestOf(parsed.selectorHints)) ?? nowNs;
      parsed = parseWith(newest > nowNs + REFERENCE_FUTURE_SKEW_NS ? nowNs : newest);
    }
    // Hinted label values are search words too (as Retriever.scope).
    for (const v of Object.values(req.labels ?? {})) {
      for (const w of v.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []) if (!parsed.terms.includes(w)) parsed.terms.push(w);
    }
    const window = validWindow(parsed.window ?? req.window);
    return { parsed, window, scope: { tenant: req.tenant, ...(selector.length > 0 ? { selector } : {}), ...(window ? { window } : {}) } };
  }

  /** @param read the question as read() read it, when the caller read it already. */
  async retrieve(req: BackendRetrieveRequest, read?: Awaited<ReturnType<BackendRetriever['read']>>): Promise<BackendRetrieveResult> {
    const { parsed, window, scope } = read ?? (await this.read(req));
    const k = this.opts.candidates;
    const method = req.method ?? 'hybrid';
    const timings: Record<string, number> = {};
    let t = performance.now();
    const lexical = method === 'vector' ? [] : await this.backend.searchText(scope, parsed.terms, k);
    timings.bm25Ms = performance.now() - t;
    let semantic: ChunkHit[] | null = null;
    if (this.embedder && method !== 'bm25') {
      t = performance.now();
      try {
        const [q] = await this.embedder.embed([req.question]);
        semantic = await this.backend.searchVector(scope, q!, k);
      } catch {
        semantic = null;
      }
      timings.vectorMs = performance.now() - t;
    }
    const degraded = this.embedder !== undefined && method !== 'bm25' && semantic === null;
    const mode: RetrievalMethod = semantic === null ? 'bm25' : method === 'vector' ? 'vector' : 'hybrid';
    let hits: ChunkHit[];
    if (mode === 'hybrid') {
      // The fusion works on numeric chunk ids: backend ids (strings) get ordinals for it.
      const byOrdinal: ChunkHit[] = [];
      const ordinal = new Map<string, number>();
      const asCandidates = (list: readonly ChunkHit[]) =>
        list.map((h) => {
          let n = ordinal.get(h.id);
          if (n === undefined) {
            ordinal.set(h.id, (n = byOrdinal.length));
            byOrdinal.push(h);
          }
          return { chunkId: n, score: h.score };
        });
      const fused = reciprocalRankFusion([asCandidates(lexical), asCandidates(semantic!)]).slice(0, k);
      hits = fused.map((c) => ({ ...byOrdinal[c.chunkId]!, score: c.score }));
    } else hits = mode === 'vector' ? semantic! : lexical;
    return { parsed, window, hits, mode, degraded, timings };
  }
}
