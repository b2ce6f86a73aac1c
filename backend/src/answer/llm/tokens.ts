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
