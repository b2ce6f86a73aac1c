// The LLM answer stage: build a fenced prompt, stream the model's answer, verify its citations,
// and fall back to the extractive answer (inside the same request) when any of that fails.
import { buildPrompt, type PromptOptions } from './prompt.js';
import { OllamaLlmClient, LlmError, type OllamaClientOptions } from './client.js';
import { verifyCitations, type FlaggedSentence, type NumberSupport } from './verify.js';
import { GenerationRates, PrefillRates } from './prefill.js';
import { TokenCalibration, cl100kTokenCounter, defaultTokenSafetyFactor, type TokenCounter } from './tokens.js';
import type { FallbackReason, LlmEvidence, PatternEvidence } from './types.js';

export interface ExtractiveAnswer {
  text: string;
  citations: number[];
}

export interface AnswerWithLlmArgs {
  question: string;
  /** Best first: the budget keeps a prefix of this list. */
  evidence: LlmEvidence[];
  patterns?: PatternEvidence[];
  /** Fires when the HTTP client goes away; the Ollama request is cancelled and this call rejects with signal.reason. */
  signal?: AbortSignal;
  /** Each generated piece, in order, as it arrives. */
  onToken?: (piece: string) => void;
  /** Called (synchronously) whenever the LLM answer cannot be used. */
  extractive: () => ExtractiveAnswer;
}

export interface LlmAnswer {
  mode: 'llm' | 'extractive';
  text: string;
  citations: number[];
  flaggedSentences: FlaggedSentence[];
  invalidCitations: number[];
  fallbackReason?: FallbackReason;
  /** Human-readable cause, for logs and the UI's "why no AI answer" hint. */
  fallbackDetail?: string;
  /** The model's text when it was replaced, for logs/debugging; never shown as the answer. */
  discardedLlmText?: string;
  /** done_reason was "length": the answer hit num_predict and may stop mid-sentence. */
  cutAtMaxTokens: boolean;
  timings: {
    promptBuildMs: number;
    firstTokenMs: number | null;
    totalMs: number;
    /** Ollama's own: reading the prompt, generating, loading the model (0 when it was loaded). */
    promptEvalMs?: number;
    evalMs?: number;
    loadMs?: number;
  };
  /** prompt: Ollama's prompt_eval_count when reported, else our estimate. */
  tokens: { prompt: number; completion: number; promptEstimated: number };
  evidenceUsed: { included: number[]; omitted: number[]; truncated: number[]; patterns: number };
  /** Evidence blocks (shown to the model) whose log text reads like an instruction to an AI.
   * The fence keeps them data; this lets the UI warn that the logs contain an injection attempt. */
  injectionSuspects: number[];
  model: string;
  /** The prompt budget the model's prefill rate allowed, and the rate it was planned with. */
  prefill: { tokensPerS?: number; affordableTokens?: number; numCtx: number };
  /** num_predict sent: maxAnswerTokens, or fewer when the measured writing rate would not finish in time. */
  numPredict: number;
}

/**
 * num_ctx headroom over the planned prompt + answer. Our token counts are estimates (cl100k times a
 * learnt factor); a prompt over num_ctx is silently truncated by Ollama ("truncating input prompt"),
 * dropping evidence the answer may cite. 25% covers the worst first-request error measured
 * (Mistral-style 32K vocabularies at 1.67x against a 1.5 default factor is 11%; SmolLM2 and Gemma
 * measured in bench llm-real) and is constant per model, because a new num_ctx makes Ollama reload it.
 */
export const NUM_CTX_HEADROOM = 0.25;
/** Ollama allocates the KV cache in whole pages; a round num_ctx wastes nothing. */
const NUM_CTX_STEP = 256;

export function numCtxFor(contextTokens: number): number {
  return Math.ceil((contextTokens * (1 + NUM_CTX_HEADROOM)) / NUM_CTX_STEP) * NUM_CTX_STEP;
}

// Phrases typical of prompt-injection attempts. A hint for the UI, not a security boundary.
const INJECTION_HINT = /\b(?:ignore|disregard|forget)\b[^.\n]{0,40}\b(?:instructions|rules|prompt)\b|\byou are now\b|\bsystem prompt\b|\bnew instructions\b|<\|(?:im_start|start_header_id|eot_id)\|>|\[INST\]/i;

export function injectionSuspects(evidence: LlmEvidence[], shown: number[]): number[] {
  const set = new Set(shown);
  return evidence.filter((e) => set.has(e.n) && e.lines.some((l) => INJECTION_HINT.test(l.line))).map((e) => e.n);
}

export interface LlmAnswererDeps {
  client: OllamaLlmClient;
  counter?: TokenCounter;
  prompt?: Partial<Omit<PromptOptions, 'contextTokens' | 'maxAnswerTokens'>>;
  /** Floor of the cl100k -> model tokenizer factor; default by model family (tokens.ts). */
  tokenSafetyFactor?: number;
  makeFence?: () => string;
  /** Shared so the rate learnt on one answer sizes the next; one per answerer by default. */
  prefill?: PrefillRates;
  generation?: GenerationRates;
}

export type WarmUp =
  | { ok: true; tokensPerS?: number; generationTokensPerS?: number; loadMs?: number; promptTokens?: number }
  | { ok: false; reason: string; detail: string };

/**
 * What the warm-up asks the model to read: log-shaped text (timestamps, key=value pairs, ids, paths)
 * of 400-700 tokens (SmolLM2 reads digits one by one), tokenized like real evidence, long enough that fixed per-request costs do not
 * dominate the measured rate.
 */
const WARM_UP_PROMPT = Array.from(
  { length: 6 },
  (_, i) =>
    `2026-01-01T00:00:${String(i).padStart(2, '0')}.${100 + i}Z level=${i % 3 ? 'info' : 'error'} service=checkout-${i % 4} pod=checkout-7d9f${i}b trace_id=4bf92f3577b34da6a3ce929d0e0e${1000 + i} msg="POST /api/v1/orders/ord-${3000 + i} upstream=payments:8443 status=${i % 3 ? 200 : 502} duration_ms=${40 + i * 7}"`,
).join('\n') + '\nDescribe what these log lines show.';
/**
 * Tokens the warm-up writes: enough past the first token to measure the writing rate (a sample needs
 * 16), few enough to cost seconds even on a slow CPU.
 */
const WARM_UP_ANSWER_TOKENS = 32;

/** The text behind each evidence number and what every sentence may draw on, for the number check. */
function numberSupport(args: AnswerWithLlmArgs): NumberSupport {
  const iso = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString();
  const blocks = new Map(
    args.evidence.map((e) => [
      e.n,
      [iso(e.startNs), iso(e.endNs), ...Object.values(e.labels), ...e.lines.flatMap((l) => [iso(l.tsNs), l.line, String(l.count ?? '')])].join('\n'),
    ]),
  );
  const patterns = (args.patterns ?? []).flatMap((p) => [p.stream, p.template, String(p.count), String(p.baselineCount), iso(p.firstSeenNs)]);
  return { blockText: (n) => blocks.get(n), common: [args.question, ...patterns].join('\n') };
}

export class LlmAnswerer {
  private readonly client: OllamaLlmClient;
  private readonly counter: TokenCounter;
  private readonly calibration: TokenCalibration;
  readonly prefill: PrefillRates;
  readonly generation: GenerationRates;

  constructor(private readonly deps: LlmAnswererDeps) {
    this.client = deps.client;
    this.prefill = deps.prefill ?? new PrefillRates();
    this.generation = deps.generation ?? new GenerationRates();
    this.counter = deps.counter ?? cl100kTokenCounter();
    this.calibration = new TokenCalibration(deps.tokenSafetyFactor ?? defaultTokenSafetyFactor(this.client.options.model));
  }

  get tokenFactor(): number {
    return this.calibration.value;
  }

  readiness(signal?: AbortSignal) {
    return this.client.readiness(signal);
  }

  private warm?: Promise<WarmUp>;

  /**
   * Once per answerer: loads the model (so the first question does not pay a cold load) and
   * measures how fast it reads a prompt, so the first answer's evidence already fits the CPU.
   * Never throws; a failure leaves the rate to be learnt from the first answer.
   */
  warmUp(signal?: AbortSignal): Promise<WarmUp> {
    this.warm ??= (async (): Promise<WarmUp> => {
      const ready = await this.client.readiness(signal);
      if (!ready.ok) return { ok: false, reason: ready.reason, detail: ready.detail };
      try {
        const r = await this.client.probe(WARM_UP_PROMPT, numCtxFor(this.client.options.contextTokens), WARM_UP_ANSWER_TOKENS, signal);
        const model = this.client.options.model;
        this.prefill.observe(model, r.promptEvalCount, r.promptEvalMs);
        this.generation.observe(model, r.evalCount, r.evalMs);
        return {
          ok: true,
          tokensPerS: this.prefill.estimate(model).tokensPerS,
          generationTokensPerS: this.generation.estimate(model).tokensPerS,
          loadMs: r.loadMs,
          promptTokens: r.promptEvalCount,
        };
      } catch (err) {
        const e = err instanceof LlmError ? err : new LlmError('error', String(err));
        return { ok: false, reason: e.reason, detail: e.message };
      }
    })();
    return this.warm;
  }

  async answerWithLlm(args: AnswerWithLlmArgs): Promise<LlmAnswer> {
    const t0 = performance.now();
    args.signal?.throwIfAborted();
    const co = this.client.options;
    const rate = this.prefill.estimate(co.model);
    const affordableTokens = this.prefill.affordableTokens(co.model, co.firstTokenTimeoutMs);
    const numCtx = numCtxFor(co.contextTokens);
    const built = buildPrompt(
      { question: args.question, evidence: args.evidence, patterns: args.patterns },
      {
        counter: this.counter,
        safetyFactor: this.calibration.value,
        makeFence: this.deps.makeFence,
        options: {
          ...this.deps.prompt,
          // The evidence is cut to what the model reads before the first-token timeout.
          contextTokens: Math.min(co.contextTokens, affordableTokens + co.maxAnswerTokens),
          maxAnswerTokens: co.maxAnswerTokens,
        },
      },
    );
    const promptBuildMs = performance.now() - t0;
    // The answer must end before the total timeout: what is left after reading the prompt, at the
    // measured writing rate (a cut answer is flagged; a timed-out one is lost).
    const prefillS = rate.tokensPerS ? built.estimatedPromptTokens / rate.tokensPerS : 0;
    const numPredict = this.generation.answerTokens(co.model, co.totalTimeoutMs / 1000 - prefillS, co.maxAnswerTokens);
    const base = {
      evidenceUsed: { included: built.includedNumbers, omitted: built.omittedNumbers, truncated: built.truncatedNumbers, patterns: built.patternsIncluded },
      injectionSuspects: injectionSuspects(args.evidence, built.includedNumbers),
      model: co.model,
      prefill: { tokensPerS: rate.tokensPerS, affordableTokens: Number.isFinite(affordableTokens) ? affordableTokens : undefined, numCtx },
      numPredict,
    };

    const fallback = (reason: FallbackReason, detail: string, extra: Partial<LlmAnswer> = {}): LlmAnswer => {
      const ex = args.extractive();
      return {
        mode: 'extractive',
        text: ex.text,
        citations: ex.citations,
        flaggedSentences: [],
        invalidCitations: [],
        fallbackReason: reason,
        fallbackDetail: detail,
        cutAtMaxTokens: false,
        timings: { promptBuildMs, firstTokenMs: null, totalMs: performance.now() - t0 },
        tokens: { prompt: 0, completion: 0, promptEstimated: built.estimatedPromptTokens },
        ...base,
        ...extra,
      };
    };

    if (built.includedNumbers.length === 0) {
      return fallback('no_evidence', args.evidence.length ? 'no evidence block fits the context budget' : 'retrieval returned no evidence');
    }

    let result;
    try {
      result = await this.client.chatStream({ messages: built.messages, signal: args.signal, onToken: args.onToken, numCtx, numPredict });
    } catch (err) {
      if (args.signal?.aborted) throw args.signal.reason;
      // Only Ollama-side failures fall back; anything else (a throwing onToken) is the caller's.
      if (!(err instanceof LlmError)) throw err;
      const e = err;
      if (e.reason === 'timeout_first_token') this.prefill.timedOut(co.model, built.estimatedPromptTokens, co.firstTokenTimeoutMs);
      if (e.reason === 'timeout_total') this.generation.timedOut(co.model, numPredict, co.totalTimeoutMs);
      return fallback(e.reason, e.message);
    }
    this.prefill.observe(co.model, result.promptEvalCount, result.promptEvalMs);
    this.generation.observe(co.model, result.evalCount, result.evalMs);
    if (result.promptEvalCount !== undefined) {
      this.calibration.observe(built.rawPromptTokens, result.promptEvalCount - built.templateOverheadTokens);
    }

    const v = verifyCitations(result.text, built.includedNumbers, numberSupport(args));
    const timings = {
      promptBuildMs,
      firstTokenMs: result.firstTokenMs,
      totalMs: performance.now() - t0,
      promptEvalMs: result.promptEvalMs,
      evalMs: result.evalMs,
      loadMs: result.loadMs,
    };
    const tokens = {
      prompt: result.promptEvalCount ?? built.estimatedPromptTokens,
      completion: result.evalCount ?? 0,
      promptEstimated: built.estimatedPromptTokens,
    };
    if (v.replace) {
      const unsupported = v.flaggedSentences.flatMap((f) => f.numbers ?? []);
      const detail =
        v.reason === 'unsupported_claims'
          ? `every statement is unsupported; numbers not in the cited lines: ${[...new Set(unsupported)].slice(0, 8).join(', ')}`
          : v.invalidCitations.length
            ? `answer cites only evidence that was not given: ${v.invalidCitations.map((n) => `[${n}]`).join(' ')}`
            : 'answer has no citation of the evidence';
      return fallback(v.reason ?? 'no_valid_citation', detail, { discardedLlmText: result.text, timings, tokens, invalidCitations: v.invalidCitations });
    }
    return {
      mode: 'llm',
      text: result.text,
      citations: v.citations,
      flaggedSentences: v.flaggedSentences,
      invalidCitations: v.invalidCitations,
      cutAtMaxTokens: result.doneReason === 'length',
      timings,
      tokens,
      ...base,
    };
  }
}

/** All config keys of the LLM stage in one flat object (what the lead's config module provides). */
export interface LlmStageConfig extends Partial<OllamaClientOptions> {
  tokenSafetyFactor?: number;
  maxLineChars?: number;
  maxQuestionTokens?: number;
  patternShare?: number;
}

export function createLlmAnswerer(config: LlmStageConfig = {}): LlmAnswerer {
  const { tokenSafetyFactor, maxLineChars, maxQuestionTokens, patternShare, ...clientOptions } = config;
  const prompt: LlmAnswererDeps['prompt'] = {};
  if (maxLineChars !== undefined) prompt.maxLineChars = maxLineChars;
  if (maxQuestionTokens !== undefined) prompt.maxQuestionTokens = maxQuestionTokens;
  if (patternShare !== undefined) prompt.patternShare = patternShare;
  return new LlmAnswerer({ client: new OllamaLlmClient(clientOptions), tokenSafetyFactor, prompt });
}
