import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startOllamaServer, type OllamaServerHandle } from '../../../testkit/ollama/server.js';
import { createLlmAnswerer } from './answerer.js';
import { askLlmPort } from './adapter.js';
import { BASIC_EVIDENCE } from './test-fixtures.js';
import type { EvidenceSet } from '../extractive.js';

let srv: OllamaServerHandle;
before(async () => {
  srv = await startOllamaServer({ port: 0 });
});
after(() => srv.close());

// The lead's Evidence carries extra fields; it must be accepted as LlmEvidence as it is.
const evidence: EvidenceSet = {
  evidence: BASIC_EVIDENCE.map((e) => ({ ...e, reason: 'match' as const, lines: e.lines.map((l, i) => ({ ...l, entryId: e.n * 100 + i })) })),
  patterns: [],
};

test('AskService port: llm body with flagged sentence texts and timings', async () => {
  srv.setScript({ behaviour: 'mixed-citations' });
  const port = askLlmPort(createLlmAnswerer({ url: srv.url }));
  const tokens: string[] = [];
  const res = await port.answer({ question: 'why?', evidence, onToken: (t) => tokens.push(t) });
  assert.equal(res.body.mode, 'llm');
  assert.equal(res.body.text, tokens.join(''));
  assert.deepEqual(res.body.flaggedSentences, ['The outage was caused by a bad deploy [12].', 'Restarting the pods fixed it.']);
  assert.ok(res.timings.llmFirstTokenMs! >= 0 && res.timings.llmTotalMs >= res.timings.llmFirstTokenMs!);
  assert.equal(res.timings.llmEvidenceIncluded, 3);
});

test('AskService port: fallback body carries the reason for the service to substitute', async () => {
  srv.setScript({ behaviour: 'bad-citations' });
  const res = await askLlmPort(createLlmAnswerer({ url: srv.url })).answer({ question: 'why?', evidence });
  assert.deepEqual(res.body, { mode: 'extractive', text: '', fallbackReason: 'no_valid_citation' });
});
