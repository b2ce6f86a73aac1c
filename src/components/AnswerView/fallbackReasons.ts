/** Why the sidecar answered extractively, in words; unknown codes are shown humanized. */
const REASONS: Record<string, string> = {
  // The sidecar's FallbackReason values (backend/src/answer/llm/types.ts) plus llm_not_configured.
  llm_not_configured: 'no LLM is configured for the sidecar (LOGLENS_OLLAMA_URL is not set)',
  ollama_down: 'Ollama could not be reached',
  model_missing: 'the configured model is not pulled in Ollama',
  timeout_first_token: 'the LLM did not start answering in time',
  timeout_total: 'the LLM took too long to answer',
  circuit_open: 'recent LLM calls kept failing, so the sidecar is skipping it for a while',
  no_valid_citation: 'the LLM answer did not cite the log lines correctly, so it was not trusted',
  unsupported_claims: 'the LLM answer stated numbers its cited log lines do not hold, so it was not trusted',
  no_evidence: 'no log lines matched, so there was nothing to summarize',
  error: 'the LLM call failed',
};

export function describeFallbackReason(reason: string | undefined): string | undefined {
  if (!reason) {
    return undefined;
  }
  return REASONS[reason] ?? reason.replace(/[_-]+/g, ' ');
}
