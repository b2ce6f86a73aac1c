import type { Tracer } from '@opentelemetry/api';
import type { Store } from '../store/store.js';
import type { RetrievalMethod, Retriever, RetrieveRequest, RetrieveResult } from '../retrieve/retriever.js';
import { AskTrace, evidenceAttributes, retrievalAttributes } from '../telemetry/ask-trace.js';
import type { Metrics } from '../telemetry/metrics.js';
import { noopTracer } from '../telemetry/tracing.js';
import type { ExploreTarget } from './explore.js';
import { citationsFor, collectEvidence, extractiveAnswer, type EvidenceSet } from './extractive.js';
import { rfc3339Nano } from './time.js';
import type { AnswerBody, Citation } from './types.js';

export interface AskResponse {
  answer: AnswerBody;
  citations: Citation[];
  query: {
    window: { start: string; end: string } | null;
    selectorHints: Record<string, string>;
    timeHint?: string;
    terms: string[];
  };
  retrieval: { mode: RetrievalMethod; degraded: boolean; candidates: number };
  timings: Record<string, number>;
}

/** Events of a streamed answer, in the order they are emitted. */
export type AskEvent =
  | { type: 'retrieval'; data: Pick<AskResponse, 'query' | 'retrieval'> }
  | { type: 'evidence'; data: { citations: Citation[] } }
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
  explore: ExploreTarget;
  /** Spans of each ask (retrieve, evidence, llm); none recorded when absent. */
  tracer?: Tracer;
  /** The LLM's model name, for span attributes. */
  llmModel?: string;
}

function seconds(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e9;
}

export class AskService {
  constructor(
    private readonly store: Store,
    private readonly retriever: Retriever,
    private readonly metrics: Metrics,
    private readonly opts: AskServiceOptions,
    private readonly llm?: LlmAnswerer,
  ) {}

  async ask(
    req: RetrieveRequest,
    hooks: { onEvent?: (e: AskEvent) => void; signal?: AbortSignal } = {},
  ): Promise<AskResponse> {
    const t0 = process.hrtime.bigint();
    let outcome = 'ok';
    const spans = new AskTrace(this.opts.tracer ?? noopTracer(), req, this.opts.llmModel);
    try {
      const r: RetrieveResult = await spans.stageAsync('retrieve', () => this.retriever.retrieve(req), retrievalAttributes);
      const tRetrieve = seconds(t0);
      this.metrics.askDuration.observe({ stage: 'retrieve', outcome: 'ok' }, tRetrieve);
      const query: AskResponse['query'] = {
        window: r.window ? { start: rfc3339Nano(r.window.startNs), end: rfc3339Nano(r.window.endNs) } : null,
        selectorHints: r.parsed.selectorHints,
        ...(r.parsed.timeHint ? { timeHint: r.parsed.timeHint } : {}),
        terms: r.parsed.terms,
      };
      const retrieval: AskResponse['retrieval'] = { mode: r.mode, degraded: r.degraded, candidates: r.candidates.length };
      hooks.onEvent?.({ type: 'retrieval', data: { query, retrieval } });
      const tEvidence = process.hrtime.bigint();
      const set = spans.stage('evidence', () => collectEvidence(this.store, r, req.limit ?? this.opts.evidenceChunks), evidenceAttributes);
      const citations = citationsFor(set.evidence, this.opts.explore);
      hooks.onEvent?.({ type: 'evidence', data: { citations } });
      const timings: Record<string, number> = {
        retrieveMs: tRetrieve * 1000,
        ...Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [`retrieve_${k}`, v])),
        evidenceMs: seconds(tEvidence) * 1000,
      };
      let answer = extractiveAnswer(set, r);
      if (this.llm && set.evidence.length > 0) {
        const llm = this.llm;
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
      timings.totalMs = seconds(t0) * 1000;
      const response: AskResponse = { answer, citations, query, retrieval, timings };
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
}
