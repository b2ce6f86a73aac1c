import type { Tracer } from '@opentelemetry/api';
import type { Store } from '../store/store.js';
import type { QuestionScope, RetrievalMethod, Retriever, RetrieveRequest, RetrieveResult } from '../retrieve/retriever.js';
import { yieldToLoop } from '../retrieve/retriever.js';
import { AskTrace, evidenceAttributes, retrievalAttributes } from '../telemetry/ask-trace.js';
import type { Metrics } from '../telemetry/metrics.js';
import { noopTracer } from '../telemetry/tracing.js';
import { exploreQueryUrl, type ExploreTarget } from './explore.js';
import { askPlan, askResult, exactAnswer, resultEvidence, type AskPlan, type AskResult } from './exact.js';
import { executePlan } from '../plan/execute.js';
import { planLogql } from '../plan/logql.js';
import type { Planner } from '../plan/planner.js';
import type { Plan } from '../plan/types.js';
import { selectorFor } from '../retrieve/selector.js';
import { citationsFor, collectEvidence, extractiveAnswer, type EvidenceSet } from './extractive.js';
import { rfc3339Nano } from '../lib/time.js';
import type { AnswerBody, AnswerSeries, Citation, Evidence } from './types.js';
import { SeriesBuilder } from '../series/index.js';
import type { TimeWindow } from '../types.js';
import { DEFAULT_WINDOW_NS, InProcessChangeAnalysis, storyAnswer, storyPhrasing, whatChangedWire, withStoryEvidence, type ChangeAnalysis, type StoryAnswer, type WhatChangedWire } from '../whatchanged/index.js';

export interface AskResponse {
  answer: AnswerBody;
  citations: Citation[];
  /** The computed result of an exact question (count, sum, extreme, top-k, occurrence, value). */
  result?: AskResult;
  /** How the question was read and answered: route, intent, templates, slot, and the LogQL. */
  plan?: AskPlan;
  /** The answer as a picture: counts per time bucket of each cited kind of line, with roles, onsets and LogQL. */
  series: AnswerSeries;
  /** For why / what-changed / what-failed-first questions: value changes, onsets, links and the story (whatchanged/). */
  whatChanged?: WhatChangedWire;
  query: {
    window: { start: string; end: string } | null;
    selectorHints: Record<string, string>;
    timeHint?: string;
    terms: string[];
  };
  /** `exact`: answered from the plan over the store, no search. */
  retrieval: {
    mode: RetrievalMethod | 'exact';
    degraded: boolean;
    candidates: number;
    /** A question without a time that searched the newest data only: the period searched (older data exists). */
    searched?: { start: string; end: string; olderChunks: number };
  };
  timings: Record<string, number>;
}

/** Events of a streamed answer, in the order they are emitted. */
export type AskEvent =
  | { type: 'retrieval'; data: Pick<AskResponse, 'query' | 'retrieval'> }
  | { type: 'evidence'; data: { citations: Citation[] } }
  /** With an LLM configured: the extractive answer at once, while the model reads the evidence. */
  | { type: 'extractive'; data: { answer: AnswerBody } }
  | { type: 'token'; data: { text: string } }
  | { type: 'answer'; data: AskResponse };

/**
 * The LLM stage, when configured: given the evidence it either answers with valid citations or
 * says why it could not, and the extractive answer stands in within the same request.
 */
export interface LlmAnswerer {
  answer(input: {
    question: string;
    evidence: EvidenceSet;
    signal?: AbortSignal;
    onToken?: (text: string) => void;
  }): Promise<{ body: AnswerBody; timings: Record<string, number> }>;
}

export interface AskServiceOptions {
  evidenceChunks: number;
  /** The question planner: exact answers from templates and values. Without it every ask searches. */
  planner?: Planner;
  explore: ExploreTarget;
  /** Spans of each ask (retrieve, evidence, llm); none recorded when absent. */
  tracer?: Tracer;
  /** The LLM's model name, for span attributes. */
  llmModel?: string;
  /** Where the what-changed analysis runs (worker threads in the app); the calling thread when absent. */
  analysis?: ChangeAnalysis;
}

function seconds(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e9;
}

export class AskService {
  private readonly analysis: ChangeAnalysis;

  constructor(
    private readonly store: Store,
    private readonly retriever: Retriever,
    private readonly metrics: Metrics,
    private readonly opts: AskServiceOptions,
    private readonly llm?: LlmAnswerer,
  ) {
    this.analysis = opts.analysis ?? new InProcessChangeAnalysis(store.db);
  }

  async ask(
    req: RetrieveRequest,
    hooks: { onEvent?: (e: AskEvent) => void; signal?: AbortSignal } = {},
  ): Promise<AskResponse> {
    const t0 = process.hrtime.bigint();
    let outcome = 'ok';
    const spans = new AskTrace(this.opts.tracer ?? noopTracer(), req, this.opts.llmModel);
    try {
      const scope = await this.retriever.scopeAsync(req);
      const scopeMs = seconds(t0) * 1000;
      let planMs: number | undefined;
      let plan: Plan | undefined;
      if (this.opts.planner) {
        // Reading the question (scope) and planning it are ~20 ms each over a large tenant: a turn between.
        await yieldToLoop();
        const tPlan = process.hrtime.bigint();
        plan = await this.opts.planner.plan({
          tenant: req.tenant,
          question: req.question,
          streamIds: scope.about(scope.parsed.selectorHints),
          window: scope.window,
          asksForCause: scope.parsed.asksForCause,
          usedWords: Object.values(scope.parsed.selectorHints),
        });
        planMs = seconds(tPlan) * 1000;
        // "which component failed first?" is the story's, not a first-occurrence look-up.
        if (plan.route === 'exact' && storyPhrasing(req.question) === 'first') plan = { ...plan, route: 'cause', reason: 'which failed first: answered from change evidence and onsets' };
        if (plan.route === 'exact') {
          const exact = await this.exact(req, plan, scope, t0, tPlan);
          if (exact) {
            hooks.onEvent?.({ type: 'retrieval', data: { query: exact.query, retrieval: exact.retrieval } });
            hooks.onEvent?.({ type: 'evidence', data: { citations: exact.citations } });
            this.metrics.observeAsk(exact.timings, exact.answer);
            spans.answered(exact.answer, exact.citations.length);
            hooks.onEvent?.({ type: 'answer', data: exact });
            return exact;
          }
        }
      }
      // A why / what-changed / what-failed-first question: its what-changed analysis needs only the
      // question's scope, so it starts now and runs (in a worker thread when the store is a file)
      // while retrieval searches and ranks template changes (in another).
      const storyPending = this.whatChanged(req, scope);
      // Awaited below; until then a failure of retrieval must not leave its rejection unhandled.
      storyPending.catch(() => undefined);
      const r: RetrieveResult = await spans.stageAsync('retrieve', () => this.retriever.retrieve(req, scope), retrievalAttributes);
      const tRetrieve = seconds(t0);
      this.metrics.askDuration.observe({ stage: 'retrieve', outcome: 'ok' }, tRetrieve);
      const query: AskResponse['query'] = {
        window: r.window ? { start: rfc3339Nano(r.window.startNs), end: rfc3339Nano(r.window.endNs) } : null,
        selectorHints: r.parsed.selectorHints,
        ...(r.parsed.timeHint ? { timeHint: r.parsed.timeHint } : {}),
        terms: r.parsed.terms,
      };
      const retrieval: AskResponse['retrieval'] = {
        mode: r.mode,
        degraded: r.degraded,
        candidates: r.candidates.length,
        ...(r.searched ? { searched: { start: rfc3339Nano(r.searched.startNs), end: rfc3339Nano(r.searched.endNs), olderChunks: r.searched.olderChunks } } : {}),
      };
      hooks.onEvent?.({ type: 'retrieval', data: { query, retrieval } });
      const tEvidence = process.hrtime.bigint();
      // Evidence reads chunks from the store: other requests (/healthz, pushes) get a turn first.
      await yieldToLoop();
      // The story's blocks lead the evidence.
      let story = undefined as Awaited<ReturnType<AskService['whatChanged']>>;
      const set = await spans.stageAsync(
        'evidence',
        async () => {
          const collected = collectEvidence(this.store, r, req.limit ?? this.opts.evidenceChunks);
          story = await storyPending;
          return story?.answer.evidence.length ? withStoryEvidence(story.answer.evidence, collected) : collected;
        },
        evidenceAttributes,
      );
      const citations = citationsFor(set.evidence, this.opts.explore);
      hooks.onEvent?.({ type: 'evidence', data: { citations } });
      const timings: Record<string, number> = {
        // retrieveMs counts from the start of the ask: reading the question and planning it are in it.
        scopeMs,
        ...(planMs !== undefined ? { planMs } : {}),
        retrieveMs: tRetrieve * 1000,
        ...Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [`retrieve_${k}`, v])),
        evidenceMs: seconds(tEvidence) * 1000,
      };
      if (story) timings.whatChangedMs = story.ms;
      let answer = extractiveAnswer(set, r, story?.answer.evidence.length ? { lead: story.answer.lead, blocks: story.answer.evidence.length } : undefined);
      if (this.llm && set.evidence.length > 0) {
        const llm = this.llm;
        // A CPU model may take tens of seconds to its first token: show the grounded extractive
        // answer now, and the model's (marked as such) when it comes.
        hooks.onEvent?.({ type: 'extractive', data: { answer } });
        const res = await spans.llm(() =>
          llm.answer({
            question: req.question,
            evidence: set,
            signal: hooks.signal,
            onToken: (text) => hooks.onEvent?.({ type: 'token', data: { text } }),
          }),
        );
        Object.assign(timings, res.timings);
        answer = res.body.mode === 'llm' ? res.body : { ...answer, fallbackReason: res.body.fallbackReason };
      } else {
        // Nothing to ground an LLM answer in: say so rather than let a model improvise.
        answer = { ...answer, fallbackReason: this.llm ? 'no_evidence' : 'llm_not_configured' };
      }
      this.metrics.observeAsk(timings, answer);
      spans.answered(answer, citations.length);
      const series = await this.series(timings, set.evidence, r.window, r.parsed.selectorHints);
      timings.totalMs = seconds(t0) * 1000;
      const response: AskResponse = { answer, citations, ...(plan ? { plan: askPlan(plan, this.streamSelector) } : {}), series, ...(story ? { whatChanged: story.wire } : {}), query, retrieval, timings };
      hooks.onEvent?.({ type: 'answer', data: response });
      return response;
    } catch (err) {
      outcome = 'error';
      spans.failed(err);
      throw err;
    } finally {
      this.metrics.askDuration.observe({ stage: 'total', outcome }, seconds(t0));
      spans.end();
    }
  }

  private readonly streamSelector = (id: number): string => selectorFor(this.store.stream(id)?.labels ?? {});

  /**
   * The "what changed" story of a why / what-changed / what-failed-first question: the window's
   * value changes, onsets and links (whatchanged/), the symptom looked for in the streams the
   * question names. Undefined for other questions.
   */
  private async whatChanged(req: RetrieveRequest, scope: QuestionScope): Promise<{ answer: StoryAnswer; wire: WhatChangedWire; ms: number } | undefined> {
    const phrasing = storyPhrasing(req.question);
    if (!scope.parsed.asksForCause && phrasing !== 'first') return undefined;
    const t = process.hrtime.bigint();
    const about = scope.about(scope.parsed.selectorHints);
    // Without a window: the newest data of the streams it is about (over many, read in slices).
    const newest = scope.window ? undefined : scope.rangeAsync ? await scope.rangeAsync(about) : scope.rangeOf ? scope.rangeOf(about) : scope.range;
    const window = scope.window ?? (newest ? { startNs: newest.endNs - DEFAULT_WINDOW_NS, endNs: newest.endNs + 1n } : undefined);
    if (!window || window.endNs <= window.startNs || scope.scopedStreamIds.length === 0) return undefined;
    const wc = await this.analysis.whatChanged({
      tenant: req.tenant,
      streamIds: scope.selectorUsed ? scope.scopedStreamIds : undefined,
      window,
      symptomStreamIds: about.length < scope.scopedStreamIds.length ? about : undefined,
    });
    const answer = storyAnswer(this.store, wc, phrasing ?? 'cause', scope.parsed.terms);
    return { answer, wire: whatChangedWire(this.store, wc, { maxValueChanges: 20, maxOnsets: 20 }), ms: seconds(t) * 1000 };
  }

  private seriesBuilder?: SeriesBuilder;

  /** The answer's picture (series/): counts per bucket of each cited kind of line; its time goes to `seriesMs`. */
  private async series(timings: Record<string, number>, evidence: readonly Evidence[], window: TimeWindow | undefined, hints: Record<string, string>, plan?: Plan): Promise<AnswerSeries> {
    const t = process.hrtime.bigint();
    this.seriesBuilder ??= new SeriesBuilder(this.store, { explore: this.opts.explore });
    const series = await this.seriesBuilder.build({ evidence, window, hints, plan });
    timings.seriesMs = seconds(t) * 1000;
    return series;
  }

  /**
   * Runs an exact plan. Undefined when it matched nothing and is not a count (zero is an answer
   * to "how many", not to "which"): the question then goes to search.
   */
  private async exact(req: RetrieveRequest, plan: Plan, scope: QuestionScope, t0: bigint, tPlan: bigint): Promise<AskResponse | undefined> {
    const planMs = seconds(tPlan) * 1000;
    const tExec = process.hrtime.bigint();
    const result = executePlan(this.store.db, plan);
    if (result.matched === 0 && plan.intent !== 'count') return undefined;
    const executeMs = seconds(tExec) * 1000;
    // A turn between the stages: over a wide scope each is tens of milliseconds.
    await yieldToLoop();
    const evidence = resultEvidence(this.store, result);
    const citations = citationsFor(evidence, this.opts.explore);
    const query = planLogql(plan, result, (id) => this.store.stream(id)?.labels);
    await yieldToLoop();
    const logql = { ...query, exploreUrl: exploreQueryUrl(this.opts.explore, query.expr, query.window, query.kind) };
    const answer = exactAnswer(plan, result, evidence, (id) => this.store.stream(id)?.labels.job ?? this.streamSelector(id));
    const timings: Record<string, number> = { planMs, executeMs };
    await yieldToLoop();
    const series = await this.series(timings, evidence, scope.window, scope.parsed.selectorHints, plan);
    timings.totalMs = seconds(t0) * 1000;
    return {
      answer: this.llm ? { ...answer, fallbackReason: 'exact_result' } : answer,
      citations,
      result: askResult(result),
      plan: askPlan(plan, this.streamSelector, logql),
      series,
      query: {
        window: scope.window ? { start: rfc3339Nano(scope.window.startNs), end: rfc3339Nano(scope.window.endNs) } : null,
        selectorHints: scope.parsed.selectorHints,
        ...(scope.parsed.timeHint ? { timeHint: scope.parsed.timeHint } : {}),
        terms: scope.parsed.terms,
      },
      retrieval: { mode: 'exact', degraded: false, candidates: 0 },
      timings,
    };
  }
}
