import { context, SpanStatusCode, type Attributes, type Context, type Tracer } from '@opentelemetry/api';
import { LLM_ERROR_REASONS } from './metrics.js';
import { inSpan, recordFailure, startChild, type ChildSpan } from './tracing.js';

/**
 * Span names of one ask. The tree is loglens.ask > {retrieve, evidence, llm > {prompt_build, first_token}}.
 * Attributes are counts, modes, model and fallback reasons only: never a log line, the question
 * (only its length), a selector's values or a key.
 */
export const ASK_SPANS = {
  root: 'loglens.ask',
  retrieve: 'loglens.ask.retrieve',
  evidence: 'loglens.ask.evidence',
  llm: 'loglens.ask.llm',
  promptBuild: 'loglens.ask.llm.prompt_build',
  firstToken: 'loglens.ask.llm.first_token',
} as const;

/** What an ask span needs from the request (structurally a RetrieveRequest). */
export interface AskSpanRequest {
  tenant: string;
  question: string;
  selector?: string;
  window?: unknown;
  labels?: Record<string, string>;
  limit?: number;
}

export interface RetrievalSummary {
  mode: string;
  degraded: boolean;
  candidates: readonly unknown[];
  changes: readonly unknown[];
  streamIds: readonly unknown[];
  window?: unknown;
  parsed: { terms: readonly unknown[]; timeHint?: string };
}

export interface EvidenceSummary {
  evidence: readonly { lines: readonly unknown[] }[];
  patterns: readonly unknown[];
}

export interface LlmResultSummary {
  body: { mode: string; fallbackReason?: string; flaggedSentences?: readonly unknown[] };
  timings: Readonly<Record<string, number>>;
}

export function retrievalAttributes(r: RetrievalSummary): Attributes {
  return {
    'loglens.retrieval.mode': r.mode,
    'loglens.retrieval.degraded': r.degraded,
    'loglens.retrieval.candidates': r.candidates.length,
    'loglens.retrieval.changes': r.changes.length,
    'loglens.retrieval.streams': r.streamIds.length,
    'loglens.retrieval.terms': r.parsed.terms.length,
    'loglens.retrieval.has_window': r.window !== undefined,
    'loglens.retrieval.has_time_hint': r.parsed.timeHint !== undefined,
  };
}

export function evidenceAttributes(s: EvidenceSummary): Attributes {
  let lines = 0;
  for (const e of s.evidence) lines += e.lines.length;
  return { 'loglens.evidence.chunks': s.evidence.length, 'loglens.evidence.lines': lines, 'loglens.evidence.patterns': s.patterns.length };
}

/** One ask's spans. Children get their parent explicitly, so the tree holds with or without a context manager. */
export class AskTrace {
  private readonly root: ChildSpan;

  constructor(
    private readonly tracer: Tracer,
    req: AskSpanRequest,
    private readonly llmModel?: string,
  ) {
    // A root span when nothing is active (an HTTP ask), a child of the active span otherwise.
    this.root = startChild(tracer, ASK_SPANS.root, context.active(), {
      'loglens.tenant': req.tenant,
      'loglens.question.length': req.question.length,
      'loglens.ask.limit': req.limit,
      'loglens.ask.has_selector': req.selector !== undefined,
      'loglens.ask.has_window': req.window !== undefined,
      'loglens.ask.label_hints': req.labels ? Object.keys(req.labels).length : 0,
    });
  }

  private get ctx(): Context {
    return this.root.ctx;
  }

  /** A synchronous stage as a child span, with attributes read from its result. */
  stage<T>(name: 'retrieve' | 'evidence', fn: () => T, attributesOf: (r: T) => Attributes): T {
    return inSpan(this.tracer, ASK_SPANS[name], this.ctx, (span) => {
      const r = fn();
      span.setAttributes(attributesOf(r));
      return r;
    });
  }

  /** An asynchronous stage (retrieval awaits the query embedding) as a child span. */
  async stageAsync<T>(name: 'retrieve' | 'evidence', fn: () => Promise<T>, attributesOf: (r: T) => Attributes): Promise<T> {
    const child = startChild(this.tracer, ASK_SPANS[name], this.ctx);
    try {
      const r = await context.with(child.ctx, fn);
      child.span.setAttributes(attributesOf(r));
      return r;
    } catch (err) {
      recordFailure(child.span, err);
      throw err;
    } finally {
      child.end();
    }
  }

  /**
   * The LLM stage. Prompt build and first token are measured inside the answerer; they become
   * child spans placed by those timings (prompt build from the stage's start, first token after it).
   */
  async llm<T extends LlmResultSummary>(fn: () => Promise<T>): Promise<T> {
    const child = startChild(this.tracer, ASK_SPANS.llm, this.ctx, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'ollama',
      ...(this.llmModel ? { 'gen_ai.request.model': this.llmModel } : {}),
    });
    const { span, ctx } = child;
    const startMs = child.clock.now();
    try {
      const res = await context.with(ctx, fn);
      const t = res.timings;
      const prompt = t.llmPromptBuildMs;
      if (prompt !== undefined) {
        this.tracer.startSpan(ASK_SPANS.promptBuild, { startTime: startMs }, ctx).end(startMs + prompt);
        const first = t.llmFirstTokenMs;
        if (first !== undefined) {
          this.tracer
            .startSpan(ASK_SPANS.firstToken, { startTime: startMs + prompt, attributes: { 'loglens.llm.first_token_ms': first } }, ctx)
            .end(startMs + prompt + first);
        }
      }
      const reason = res.body.fallbackReason;
      span.setAttributes({
        'loglens.answer.mode': res.body.mode,
        ...(reason ? { 'loglens.llm.fallback_reason': reason } : {}),
        ...(t.llmPromptTokens !== undefined ? { 'gen_ai.usage.input_tokens': t.llmPromptTokens } : {}),
        ...(t.llmCompletionTokens !== undefined ? { 'gen_ai.usage.output_tokens': t.llmCompletionTokens } : {}),
        ...(t.llmEvidenceIncluded !== undefined ? { 'loglens.llm.evidence_included': t.llmEvidenceIncluded } : {}),
        ...(t.llmEvidenceOmitted !== undefined ? { 'loglens.llm.evidence_omitted': t.llmEvidenceOmitted } : {}),
        'loglens.llm.flagged_sentences': res.body.flaggedSentences?.length ?? 0,
      });
      if (reason && (LLM_ERROR_REASONS as readonly string[]).includes(reason)) {
        span.setAttribute('error.type', reason);
        span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
      }
      return res;
    } catch (err) {
      recordFailure(span, err);
      throw err;
    } finally {
      child.end();
    }
  }

  answered(answer: { mode: string; fallbackReason?: string }, citations: number): void {
    this.root.span.setAttributes({
      'loglens.answer.mode': answer.mode,
      'loglens.answer.fallback_reason': answer.fallbackReason ?? 'none',
      'loglens.answer.citations': citations,
    });
  }

  failed(err: unknown): void {
    recordFailure(this.root.span, err);
  }

  end(): void {
    this.root.end();
  }
}
