// Measures how far our budget counter (cl100k_base) is from real model tokenizers on prompts
// built from LogHub-2k logs: Llama 3 (llama3.x models in Ollama) and Mistral 7B (32K SentencePiece).
// Dev-only (llama3-tokenizer-js / mistral-tokenizer-js are devDependencies).
//   cd backend && npx tsx ../bench/llm-tokens.ts
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import llama3 from 'llama3-tokenizer-js';
// @ts-expect-error no type declarations shipped
import mistral from 'mistral-tokenizer-js';
import { buildPrompt } from '../backend/src/answer/llm/prompt.js';
import { cl100kTokenCounter } from '../backend/src/answer/llm/tokens.js';
import type { LlmEvidence } from '../backend/src/answer/llm/types.js';

const DATA = new URL('../../shared/data/loghub-2k/', import.meta.url).pathname;
if (!existsSync(DATA)) {
  console.log(`skip: ${DATA} absent (team data set)`);
  process.exit(0);
}
const counter = cl100kTokenCounter();
const rows: string[] = [];
let sum = { cl: 0, l3: 0, mi: 0 };
let buildMs = 0;
let builds = 0;
for (const name of readdirSync(DATA).sort()) {
  const file = join(DATA, name, `${name}_2k.log`);
  if (!existsSync(file)) continue;
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  // 8 chunks of 25 lines, as retrieval would hand them over.
  const evidence: LlmEvidence[] = Array.from({ length: 8 }, (_, k) => ({
    n: k + 1,
    chunkId: k,
    tenant: 'bench',
    labels: { job: name.toLowerCase() },
    startNs: 1_700_000_000_000_000_000n,
    endNs: 1_700_000_060_000_000_000n,
    lines: lines.slice(k * 250, k * 250 + 25).map((line, i) => ({ tsNs: 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000n, line })),
  }));
  const t0 = performance.now();
  const p = buildPrompt({ question: `What errors happened in ${name}?`, evidence }, { counter, safetyFactor: 1.15, options: { contextTokens: 8192 } });
  buildMs += performance.now() - t0;
  builds++;
  const text = p.messages.map((m) => m.content).join('\n');
  const cl = counter.count(text);
  const l3 = llama3.encode(text, { bos: false, eos: false }).length;
  const mi = mistral.encode(text, false).length;
  sum = { cl: sum.cl + cl, l3: sum.l3 + l3, mi: sum.mi + mi };
  rows.push(`${name.padEnd(12)} cl100k=${String(cl).padStart(5)} llama3=${String(l3).padStart(5)} (x${(l3 / cl).toFixed(3)}) mistral=${String(mi).padStart(5)} (x${(mi / cl).toFixed(3)})`);
}
console.log(rows.join('\n'));
console.log(`ALL          cl100k=${sum.cl} llama3=${sum.l3} (x${(sum.l3 / sum.cl).toFixed(3)}) mistral=${sum.mi} (x${(sum.mi / sum.cl).toFixed(3)})`);
console.log(`buildPrompt: ${(buildMs / builds).toFixed(1)} ms mean over ${builds} prompts (8 blocks x 25 lines, num_ctx 8192)`);
