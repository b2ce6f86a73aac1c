// Token counting for prompt budgeting.
//
// Ollama does not expose its tokenizer over HTTP, so we count with OpenAI's cl100k_base BPE
// (gpt-tokenizer, pure JS). Llama 3.x's 128K vocabulary is cl100k_base plus 28K extra tokens, so
// for Llama 3 models cl100k counts are close to, and usually at or above, the real count. Models
// with smaller vocabularies (Mistral 32K, Phi, Gemma on code-ish log text) need more tokens for the
// same text, hence a safety factor, and the factor is raised from what Ollama itself reports
// (prompt_eval_count) after each request.
import { countTokens as cl100kCount } from 'gpt-tokenizer/encoding/cl100k_base';

export interface TokenCounter {
  /** Approximate token count of `text` in the model's tokenizer units (before the safety factor). */
  count(text: string): number;
  readonly name: string;
}

// Special-token strings in log text are counted as ordinary text (they are escaped before
// they reach the model anyway); the library throws on them by default.
const NO_SPECIALS = { disallowedSpecial: new Set<string>() };

export function cl100kTokenCounter(): TokenCounter {
  return { name: 'cl100k_base', count: (text) => (text ? cl100kCount(text, NO_SPECIALS) : 0) };
}

/**
 * Ratio real-model-tokens / our-count, raised (never lowered below the configured floor) from the
 * prompt_eval_count Ollama reports. Only raises: Ollama may report fewer tokens than the prompt
 * when it reuses a cached prefix, which must not shrink the margin.
 */
export class TokenCalibration {
  private factor: number;

  constructor(
    private readonly floor: number,
    /** Cap so one odd report cannot starve the evidence budget. */
    private readonly ceiling = 2.5,
  ) {
    this.factor = floor;
  }

  get value(): number {
    return this.factor;
  }

  observe(estimatedTokens: number, reportedPromptEvalCount: number | undefined): void {
    if (!reportedPromptEvalCount || estimatedTokens <= 0) return;
    // 5% headroom over the observed ratio: the next prompt's text mix may tokenize a bit worse.
    const observed = (reportedPromptEvalCount / estimatedTokens) * 1.05;
    if (observed > this.factor) this.factor = Math.min(observed, this.ceiling);
  }
}

/**
 * Starting factor (model tokens per cl100k token) by model family, from bench-tokens.ts on
 * LogHub-2k prompts: Llama 3.x counts equal cl100k (ratio 1.000); Mistral's 32K SentencePiece
 * needs 1.36-1.67x. 5% over the measurement covers escaping/gutters and text mix.
 */
export function defaultTokenSafetyFactor(model: string): number {
  const m = model.toLowerCase();
  if (/^llama3|^llama-3/.test(m)) return 1.05;
  // SentencePiece 32K vocabularies: measured up to 1.668 on HDFS logs.
  if (/mistral|mixtral|llama2|^llama:|codellama|vicuna|orca-mini/.test(m)) return 1.75;
  // Unmeasured: assume a small-vocabulary tokenizer until prompt_eval_count says otherwise.
  return 1.5;
}
