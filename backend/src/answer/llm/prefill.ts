// How many prompt tokens a model can read before the first-token timeout, and how many answer tokens
// it can write before the total timeout, learnt per model from what Ollama reports
// (prompt_eval_count / prompt_eval_duration, eval_count / eval_duration). A CPU model reads its prompt at tens
// to hundreds of tokens per second, so a prompt sized only by the context window (4k tokens) can
// take longer than the first-token timeout, and the user gets a fallback after waiting for nothing.

// Before a model has been measured the prompt is sized by the context window alone: any prior
// would be wrong by 10-100x somewhere (measured here: 135M-270M models read 250-340 tokens/s on 2
// loaded cores, a scalar build 17-57, a GPU thousands). The sidecar measures at boot instead
// (LlmAnswerer.warmUp: one short generate that also loads the model), and every answer refines it.
/**
 * Share of the first-token timeout the prompt may take to read. The rest covers a cold model load
 * (0.6-1 s for these models, seconds for a 3B one) and a machine busier than when it was measured.
 */
export const PREFILL_TIMEOUT_SHARE = 0.6;
/** Weight of the newest measurement: follows a machine getting busier within a few answers. */
const EWMA_NEW = 0.4;
/** Shorter prompts are dominated by fixed per-request costs and say little about the rate. */
const MIN_PREFILL_SAMPLE_TOKENS = 64;
/** Fewer generated tokens than this are mostly the first token's latency, not the steady rate. */
const MIN_GENERATION_SAMPLE_TOKENS = 16;
/** A first-token timeout means the rate was at most this share of what the prompt needed. */
const TIMEOUT_BACKOFF = 0.5;
/** Models remembered; a sidecar uses one or two, the bound only stops a misconfiguration leaking. */
const MAX_MODELS = 32;
/**
 * Never plan for less: the fixed instructions and question take ~450 tokens, so below this no
 * evidence block fits. A model too slow even for this times out and falls back, with the
 * extractive answer already on screen.
 */
const MIN_AFFORDABLE_TOKENS = 1024;

export interface RateEstimate {
  /** Undefined until the model has been measured (or has timed out once). */
  tokensPerS?: number;
  samples: number;
}

/** Tokens per second per model, from Ollama's own counts and durations (EWMA, bounded). */
class TokenRates {
  private readonly byModel = new Map<string, { rate: number; samples: number }>();

  constructor(private readonly minSampleTokens: number) {}

  /** One finished request: `tokens` processed in `ms` (Ollama's own numbers). */
  observe(model: string, tokens: number | undefined, ms: number | undefined): void {
    if (!tokens || !ms || tokens < this.minSampleTokens || ms <= 0) return;
    const rate = (tokens / ms) * 1000;
    const cur = this.byModel.get(model);
    this.set(model, cur ? { rate: cur.rate * (1 - EWMA_NEW) + rate * EWMA_NEW, samples: cur.samples + 1 } : { rate, samples: 1 });
  }

  /** `tokens` were not done within `timeoutMs`: the model is slower than that. */
  timedOut(model: string, tokens: number, timeoutMs: number): void {
    const bound = (tokens / (timeoutMs / 1000)) * TIMEOUT_BACKOFF;
    const cur = this.byModel.get(model);
    if (!cur || bound < cur.rate) this.set(model, { rate: bound, samples: cur?.samples ?? 0 });
  }

  estimate(model: string): RateEstimate {
    const cur = this.byModel.get(model);
    return cur ? { tokensPerS: cur.rate, samples: cur.samples } : { samples: 0 };
  }

  protected set(model: string, v: { rate: number; samples: number }): void {
    this.byModel.delete(model);
    this.byModel.set(model, v);
    if (this.byModel.size > MAX_MODELS) this.byModel.delete(this.byModel.keys().next().value!);
  }
}

/** How fast each model reads a prompt: sizes the evidence to the first-token timeout. */
export class PrefillRates extends TokenRates {
  constructor() {
    super(MIN_PREFILL_SAMPLE_TOKENS);
  }

  /**
   * Prompt tokens the model can read within the share of `firstTokenTimeoutMs` held for prefill;
   * Infinity while unmeasured (the context window is then the only limit).
   */
  affordableTokens(model: string, firstTokenTimeoutMs: number): number {
    const rate = this.estimate(model).tokensPerS;
    if (rate === undefined) return Infinity;
    return Math.max(MIN_AFFORDABLE_TOKENS, Math.floor(rate * (firstTokenTimeoutMs / 1000) * PREFILL_TIMEOUT_SHARE));
  }
}

/**
 * Share of the time left after prefill that generation may plan to use. Measured on a loaded 2-core
 * machine (bench llm-real): generation slowed from ~30 to ~3.5 tokens/s between runs as load rose,
 * so the plan keeps a third in reserve; an answer cut at num_predict is flagged, a timed-out one is lost.
 */
export const GENERATION_TIMEOUT_SHARE = 0.66;
/** A shorter answer than this is not worth asking for: one or two cited sentences. */
const MIN_ANSWER_TOKENS = 64;

/** How fast each model writes: sizes num_predict so the answer ends before the total timeout. */
export class GenerationRates extends TokenRates {
  constructor() {
    super(MIN_GENERATION_SAMPLE_TOKENS);
  }

  /** num_predict for an answer that must finish within `seconds`; `max` while unmeasured. */
  answerTokens(model: string, seconds: number, max: number): number {
    const rate = this.estimate(model).tokensPerS;
    if (rate === undefined) return max;
    return Math.min(max, Math.max(MIN_ANSWER_TOKENS, Math.floor(rate * Math.max(0, seconds) * GENERATION_TIMEOUT_SHARE)));
  }
}
