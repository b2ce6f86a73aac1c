/** Why the sidecar answered extractively, in words; unknown codes are shown humanized. */
const REASONS: Record<string, string> = {
  llm_disabled: 'the LLM is switched off in the sidecar configuration',
  llm_unavailable: 'Ollama could not be reached',
  ollama_unreachable: 'Ollama could not be reached',
  model_missing: 'the configured model is not pulled in Ollama',
  model_not_found: 'the configured model is not pulled in Ollama',
  timeout: 'the LLM took too long to answer',
  llm_timeout: 'the LLM took too long to answer',
  ungrounded: 'the LLM answer was not supported by the cited log lines',
  grounding_failed: 'the LLM answer was not supported by the cited log lines',
  no_evidence: 'no log lines matched, so there was nothing to summarize',
  circuit_open: 'recent LLM calls kept failing, so the sidecar is skipping it for a while',
  budget_exceeded: 'the question and evidence did not fit the LLM context budget',
};

export function describeFallbackReason(reason: string | undefined): string | undefined {
  if (!reason) {
    return undefined;
  }
  return REASONS[reason] ?? reason.replace(/[_-]+/g, ' ');
}
