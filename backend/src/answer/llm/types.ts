// Shapes the LLM answer stage consumes and produces. The evidence shapes mirror the lead's
// answer-stage types structurally, so the lead's objects can be passed in as they are.

/** One retrieved chunk offered to the model as citable evidence. */
export interface LlmEvidence {
  /** 1-based citation number the model must use as [n]. */
  n: number;
  chunkId: number;
  tenant: string;
  labels: Record<string, string>;
  startNs: bigint;
  endNs: bigint;
  lines: { tsNs: bigint; line: string; count?: number }[];
}

/** A mined log template that changed in the window (context for the model, not citable). */
export interface PatternEvidence {
  stream: string;
  template: string;
  count: number;
  firstSeenNs: bigint;
  kind: 'new' | 'surging' | 'dropped';
  baselineCount: number;
}

/** Why the LLM answer was not used; the caller shows the extractive answer instead. */
export type FallbackReason =
  | 'ollama_down'
  | 'timeout_first_token'
  | 'timeout_total'
  | 'circuit_open'
  | 'model_missing'
  | 'no_valid_citation'
  /** Every checkable sentence was flagged, and at least one states numbers its cited lines do not hold. */
  | 'unsupported_claims'
  /** Retrieval found nothing: no prompt is sent, the extractive path answers "nothing found". */
  | 'no_evidence'
  | 'error';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}
