import { describeFallbackReason } from './fallbackReasons';

it('words every reason the sidecar sends, and humanizes unknown ones', () => {
  for (const r of [
    'llm_not_configured',
    'ollama_down',
    'model_missing',
    'timeout_first_token',
    'timeout_total',
    'circuit_open',
    'no_valid_citation',
    'no_evidence',
    'error',
  ]) {
    expect(describeFallbackReason(r)).not.toBe(r.replace(/_/g, ' '));
  }
  expect(describeFallbackReason('gpu_on_fire')).toBe('gpu on fire');
  expect(describeFallbackReason(undefined)).toBeUndefined();
});
