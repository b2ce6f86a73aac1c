// The LLM answer stage: build a fenced prompt, stream the model's answer, verify its citations,
// and fall back to the extractive answer (inside the same request) when any of that fails.
import { buildPrompt, type PromptOptions } from './prompt.js';
import { OllamaLlmClient, LlmError, type OllamaClientOptions } from './client.js';
import { verifyCitations, type FlaggedSentence } from './verify.js';
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
  timings: { promptBuildMs: number; firstTokenMs: number | null; totalMs: number };
  /** prompt: Ollama's prompt_eval_count when reported, else our estimate. */
  tokens: { prompt: number; completion: number; promptEstimated: number };
  evidenceUsed: { included: number[]; omitted: number[]; truncated: number[]; patterns: number };
  /** Evidence blocks (shown to the model) whose log text reads like an instruction to an AI.
   * The fence keeps them data; this lets the UI warn that the logs contain an injection attempt. */
  injectionSuspects: number[];
  model: string;
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
}

export class LlmAnswerer {
  private readonly client: OllamaLlmClient;
  private readonly counter: TokenCounter;
  private readonly calibration: TokenCalibration;

  constructor(private readonly deps: LlmAnswererDeps) {
    this.client = deps.client;
    this.counter = deps.counter ?? cl100kTokenCounter();
    this.calibration = new TokenCalibration(deps.tokenSafetyFactor ?? defaultTokenSafetyFactor(this.client.options.model));
  }

  get tokenFactor(): number {
    return this.calibration.value;
  }

  readiness(signal?: AbortSignal) {
    return this.client.readiness(signal);
  }

  async answerWithLlm(args: AnswerWithLlmArgs): Promise<LlmAnswer> {
    const t0 = performance.now();
    args.signal?.throwIfAborted();
    const built = buildPrompt(
      { question: args.question, evidence: args.evidence, patterns: args.patterns },
      {
        counter: this.counter,
        safetyFactor: this.calibration.value,
        makeFence: this.deps.makeFence,
        options: {
          ...this.deps.prompt,
          contextTokens: this.client.options.contextTokens,
          maxAnswerTokens: this.client.options.maxAnswerTokens,
        },
      },
    );
    const promptBuildMs = performance.now() - t0;
    const base = {
      evidenceUsed: { included: built.includedNumbers, omitted: built.omittedNumbers, truncated: built.truncatedNumbers, patterns: built.patternsIncluded },
      injectionSuspects: injectionSuspects(args.evidence, built.includedNumbers),
      model: this.client.options.model,
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
      result = await this.client.chatStream({ messages: built.messages, signal: args.signal, onToken: args.onToken });
    } catch (err) {
      if (args.signal?.aborted) throw args.signal.reason;
      // Only Ollama-side failures fall back; anything else (a throwing onToken) is the caller's.
      if (!(err instanceof LlmError)) throw err;
      const e = err;
      return fallback(e.reason, e.message);
    }
    if (result.promptEvalCount !== undefined) {
      this.calibration.observe(built.rawPromptTokens, result.promptEvalCount - built.templateOverheadTokens);
    }

    const v = verifyCitations(result.text, built.includedNumbers);
    const timings = { promptBuildMs, firstTokenMs: result.firstTokenMs, totalMs: performance.now() - t0 };
    const tokens = {
      prompt: result.promptEvalCount ?? built.estimatedPromptTokens,
      completion: result.evalCount ?? 0,
      promptEstimated: built.estimatedPromptTokens,
    };
    if (v.replace) {
      const detail = v.invalidCitations.length
        ? `answer cites only evidence that was not given: ${v.invalidCitations.map((n) => `[${n}]`).join(' ')}`
        : 'answer has no citation of the evidence';
      return fallback('no_valid_citation', detail, { discardedLlmText: result.text, timings, tokens, invalidCitations: v.invalidCitations });
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
