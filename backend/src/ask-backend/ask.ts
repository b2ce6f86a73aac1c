// /ask on a LogBackend that is not this sidecar's store (backend.kind opensearch, issue #20):
// - exact questions (counts, sums, extremes, top-k, first/last, look-ups of a value): planned by the
//   embedded planner over the tenant's planning copy (plan-copy.ts) and executed on the backend
//   (exact.ts, execute.ts), composed by the answer stage's exact composer;
// - retrieval questions (and exact ones the planner sends to search): BackendRetriever's chunks with
//   the answer stage's own extractive composer (answer/extractive.ts collectEvidence, citationsFor,
//   extractiveAnswer), the same words and citations the embedded path gives for the same chunks.
// What is not built through the interface yet is refused with NotBuiltError (the API's 501), naming it:
// - why / what-changed questions: template change analysis and the what-changed story read the store;
// - plans the backend cannot run yet (backend/plan.ts planRequest's `unsupported`: literal filters,
//   the port or address part of an address slot, the writer slot, rankings by a total, ...);
// - a tenant larger than a planning copy holds (plan-copy.ts MAX_COPY_LINES).
// The answer's series (counts per bucket of each cited kind of line) reads the store too: empty here.
import type { AskEvent, AskResponse, LlmAnswerer } from '../answer/ask.js';
import type { ExploreTarget } from '../answer/explore.js';
import { citationsFor, collectEvidence, extractiveAnswer, type EvidenceSource } from '../answer/extractive.js';
import { TooBroadError, type EntryHit, type LogBackend } from '../backend/types.js';
import type { Embedder } from '../embed/index.js';
import { rfc3339Nano } from '../lib/time.js';
import { readQuestion } from '../plan/question.js';
import { parseQuestion } from '../retrieve/query.js';
import type { RetrieveResult } from '../retrieve/retriever.js';
import type { Chunk, StoredEntry } from '../types.js';
import { storyPhrasing } from '../whatchanged/index.js';
import { answerExactly } from './exact.js';
import { UnsupportedPlanError } from './execute.js';
import { PlanningCopies, TooLargeError } from './plan-copy.js';
import { BackendRetriever, matchersOf, type BackendRetrieveRequest, type BackendRetrieveResult } from './retriever.js';

/** Intents answered by aggregating lines even when the question asks why ("why so many 502s?" counts), as plan/planner.ts. */
const AGGREGATES = ['count', 'sum', 'min', 'max', 'avg', 'topk', 'first', 'last'];

/** A question whose answer needs a stage not built on this backend: the API answers 501 with it. */
export class NotBuiltError extends Error {}

/** The backend did not answer (a cluster down or still starting): the API answers 503. */
export class BackendUnavailableError extends Error {}

export interface BackendAskRequest extends BackendRetrieveRequest {
  /** Evidence chunks wanted; the configured default when absent. */
  limit?: number;
}

export interface BackendAskOptions {
  evidenceChunks: number;
  candidates: number;
  clockWindowMinutes: number;
  explore: ExploreTarget;
  /** Name of the backend in refusals ("backend.kind opensearch"). */
  kind: string;
}


/**
 * The hits as the store reads collectEvidence makes: chunk n is the n-th hit (1-based), entries
 * numbered in order of appearance. These numbers are the citations' chunkId/entryId: stable within
 * one answer only (the backend's own ids are strings).
 */
function evidenceSource(tenant: string, r: BackendRetrieveResult, lines: Map<string, EntryHit[]>): EvidenceSource {
  const chunks: Chunk[] = [];
  const entries = new Map<number, StoredEntry[]>();
  let nextEntry = 1;
  r.hits.forEach((h, i) => {
    const own = lines.get(h.id) ?? [];
    const id = i + 1;
    chunks.push({ id, streamId: 0, tenant, labels: h.labels, startNs: h.startNs, endNs: h.endNs, text: h.text, entryCount: own.length, tokenCount: 0 });
    entries.set(id, own.map((e) => ({ id: nextEntry++, streamId: 0, tsNs: e.tsNs, line: e.line, templateId: e.templateId })));
  });
  const byId = new Map(chunks.map((c) => [c.id, c]));
  return {
    chunk: (id) => byId.get(id),
    chunks: (ids) => ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
    chunkEntries: (id) => entries.get(id) ?? [],
    // No change evidence on this path: nothing asks for an entry's chunk.
    entryChunkIds: () => new Map(),
  };
}

export class BackendAskService {
  private retriever: BackendRetriever | undefined;
  private copies: PlanningCopies | undefined;

  constructor(
    /** The backend, once reachable (it may connect after the sidecar starts). */
    private readonly backendOf: () => Promise<LogBackend>,
    private readonly opts: BackendAskOptions,
    private readonly embedder?: Embedder,
    /** The LLM stage, when configured: it reads the same evidence as on the embedded path. */
    private readonly llm?: LlmAnswerer,
  ) {}

  /** Why this question cannot be answered on the backend yet, or undefined: checked before any work. */
  refusal(question: string): string | undefined {
    // Only whether it asks for a cause: no label values or reference time needed for that.
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const cause = parseQuestion(question, { nowNs, referenceNs: nowNs, clockWindowMinutes: this.opts.clockWindowMinutes, labelValues: new Map() }).asksForCause;
    // "why so many 502s?" is a count and "when did renewals start failing?" a first occurrence (the
    // planner answers them, as on the embedded path); "which component failed first?" is the story's.
    if ((cause && !AGGREGATES.includes(readQuestion(question).intent ?? '')) || storyPhrasing(question) === 'first') return this.whyRefusal();
    return undefined;
  }

  private whyRefusal(): string {
    return `${this.opts.kind}: why / what-changed questions are not built yet: change analysis reads templates from the embedded store, not through the backend; retrieval and exact questions are answered`;
  }

  async ask(req: BackendAskRequest, hooks: { onEvent?: (e: AskEvent) => void; signal?: AbortSignal } = {}): Promise<AskResponse> {
    const t0 = performance.now();
    const why = this.refusal(req.question);
    if (why) throw new NotBuiltError(why);
    let backend: LogBackend;
    try {
      backend = await this.backendOf();
    } catch (err) {
      throw new BackendUnavailableError(`${this.opts.kind}: the backend is not reachable (${(err as Error).message}); retry shortly`);
    }
    this.retriever ??= new BackendRetriever(backend, { candidates: this.opts.candidates, clockWindowMinutes: this.opts.clockWindowMinutes }, this.embedder);
    this.copies ??= new PlanningCopies(backend);
    const read = await this.retriever.read(req);
    const exact = await this.exact(backend, req, read);
    if (exact) {
      const answered: AskResponse = { ...exact, answer: this.llm ? { ...exact.answer, fallbackReason: 'exact_result' } : exact.answer, timings: { ...exact.timings, totalMs: performance.now() - t0 } };
      hooks.onEvent?.({ type: 'retrieval', data: { query: answered.query, retrieval: answered.retrieval } });
      hooks.onEvent?.({ type: 'evidence', data: { citations: answered.citations } });
      hooks.onEvent?.({ type: 'answer', data: answered });
      return answered;
    }
    const r = await this.retriever.retrieve(req, read);
    const retrieveMs = performance.now() - t0;
    const query: AskResponse['query'] = {
      window: r.window ? { start: rfc3339Nano(r.window.startNs), end: rfc3339Nano(r.window.endNs) } : null,
      selectorHints: r.parsed.selectorHints,
      ...(r.parsed.timeHint ? { timeHint: r.parsed.timeHint } : {}),
      terms: r.parsed.terms,
    };
    const retrieval: AskResponse['retrieval'] = { mode: r.mode, degraded: r.degraded, candidates: r.hits.length };
    hooks.onEvent?.({ type: 'retrieval', data: { query, retrieval } });
    const tEvidence = performance.now();
    const limit = req.limit ?? this.opts.evidenceChunks;
    const lines = await backend.chunkEntries(req.tenant, r.hits.slice(0, limit).map((h) => h.id));
    const source = evidenceSource(req.tenant, r, lines);
    const shaped: RetrieveResult = {
      parsed: r.parsed,
      window: r.window,
      streamIds: [],
      candidates: r.hits.map((h, i) => ({ chunkId: i + 1, score: h.score })),
      changes: [],
      mode: r.mode,
      degraded: r.degraded,
      reranked: false,
      timings: r.timings,
    };
    const set = collectEvidence(source, shaped, limit);
    const citations = citationsFor(set.evidence, this.opts.explore);
    hooks.onEvent?.({ type: 'evidence', data: { citations } });
    const timings: Record<string, number> = {
      retrieveMs,
      ...Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [`retrieve_${k}`, v])),
      evidenceMs: performance.now() - tEvidence,
    };
    let answer = extractiveAnswer(set, shaped);
    if (this.llm && set.evidence.length > 0) {
      // As AskService: the grounded extractive answer at once, the model's when it comes.
      hooks.onEvent?.({ type: 'extractive', data: { answer } });
      const res = await this.llm.answer({ question: req.question, evidence: set, signal: hooks.signal, onToken: (text) => hooks.onEvent?.({ type: 'token', data: { text } }) });
      Object.assign(timings, res.timings);
      answer = res.body.mode === 'llm' ? res.body : { ...answer, fallbackReason: res.body.fallbackReason };
    } else answer = { ...answer, fallbackReason: this.llm ? 'no_evidence' : 'llm_not_configured' };
    timings.totalMs = performance.now() - t0;
    const response: AskResponse = { answer, citations, series: { window: null, stepMs: 0, items: [] }, query, retrieval, timings };
    hooks.onEvent?.({ type: 'answer', data: response });
    return response;
  }

  /** The exact answer, or undefined when the planner sends the question to search. */
  private async exact(backend: LogBackend, req: BackendAskRequest, read: Awaited<ReturnType<BackendRetriever['read']>>): Promise<AskResponse | undefined> {
    try {
      const copy = await this.copies!.get(req.tenant);
      const out = await answerExactly(backend, copy, { tenant: req.tenant, question: req.question, parsed: read.parsed, window: read.window, selector: matchersOf(req.selector), explore: this.opts.explore });
      if ('answered' in out) return out.answered;
      // The embedded path tells a what-changed story beside the searched evidence: not built here.
      if (out.route === 'cause' || storyPhrasing(req.question)) throw new NotBuiltError(this.whyRefusal());
      return undefined;
    } catch (err) {
      if (err instanceof UnsupportedPlanError) throw new NotBuiltError(`${this.opts.kind}: this exact question's plan is not built on the backend yet: ${err.message}`);
      if (err instanceof TooBroadError) throw new NotBuiltError(`${this.opts.kind}: this exact question reads ${err.message}`);
      if (err instanceof TooLargeError) throw new NotBuiltError(`${this.opts.kind}: exact answers plan over a copy of the tenant's templates and values, and ${err.message}`);
      throw err;
    }
  }
}
