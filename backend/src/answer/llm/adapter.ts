// Fits LlmAnswerer to the AskService's `LlmAnswerer` port (src/answer/ask.ts). AskService builds
// the extractive answer itself and substitutes it when the body comes back with mode 'extractive',
// so the extractive callback here only has to satisfy the answerer's contract.
import type { LlmAnswerer as AskLlmPort } from '../ask.js';
import type { AnswerBody } from '../types.js';
import type { LlmAnswer, LlmAnswerer } from './answerer.js';

/** Numbers for AskResponse.timings (all milliseconds or token counts). */
export function llmTimings(a: LlmAnswer): Record<string, number> {
  const t: Record<string, number> = {
    llmPromptBuildMs: a.timings.promptBuildMs,
    llmTotalMs: a.timings.totalMs,
    llmPromptTokens: a.tokens.prompt,
    llmPromptTokensEstimated: a.tokens.promptEstimated,
    llmCompletionTokens: a.tokens.completion,
    llmEvidenceIncluded: a.evidenceUsed.included.length,
    llmEvidenceOmitted: a.evidenceUsed.omitted.length,
  };
  if (a.timings.firstTokenMs !== null) t.llmFirstTokenMs = a.timings.firstTokenMs;
  if (a.timings.promptEvalMs !== undefined) t.llmPromptEvalMs = a.timings.promptEvalMs;
  if (a.timings.evalMs !== undefined) t.llmEvalMs = a.timings.evalMs;
  if (a.timings.loadMs !== undefined) t.llmLoadMs = a.timings.loadMs;
  if (a.prefill.affordableTokens !== undefined) t.llmPrefillBudgetTokens = a.prefill.affordableTokens;
  t.llmNumPredict = a.numPredict;
  return t;
}

export function answerBody(a: LlmAnswer): AnswerBody {
  if (a.mode === 'extractive') return { mode: 'extractive', text: a.text, fallbackReason: a.fallbackReason };
  return {
    mode: 'llm',
    text: a.text,
    ...(a.flaggedSentences.length ? { flaggedSentences: a.flaggedSentences.map((f) => f.text) } : {}),
  };
}

export function askLlmPort(answerer: LlmAnswerer): AskLlmPort {
  return {
    async answer({ question, evidence, signal, onToken }) {
      const a = await answerer.answerWithLlm({
        question,
        evidence: evidence.evidence,
        patterns: evidence.patterns,
        signal,
        onToken,
        extractive: () => ({ text: '', citations: [] }),
      });
      return { body: answerBody(a), timings: llmTimings(a) };
    },
  };
}
