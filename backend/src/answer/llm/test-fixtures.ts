// Evidence fixtures shared by this folder's tests (not used at run time).
import type { LlmEvidence } from './types.js';

const T0 = 1_717_000_000_000_000_000n; // 2024-05-29T16:26:40Z

export function ev(n: number, lines: string[], labels: Record<string, string> = { app: 'checkout', level: 'error' }): LlmEvidence {
  return {
    n,
    chunkId: 100 + n,
    tenant: 'acme',
    labels,
    startNs: T0 + BigInt(n) * 60_000_000_000n,
    endNs: T0 + BigInt(n) * 60_000_000_000n + BigInt(lines.length) * 1_000_000_000n,
    lines: lines.map((line, i) => ({ tsNs: T0 + BigInt(n) * 60_000_000_000n + BigInt(i) * 1_000_000_000n, line })),
  };
}

export const BASIC_EVIDENCE: LlmEvidence[] = [
  ev(1, ['ERROR payment-gateway timeout after 30000ms order=8812', 'ERROR payment-gateway timeout after 30000ms order=8813']),
  ev(2, ['WARN db pool exhausted: 50/50 connections in use'], { app: 'db', level: 'warn' }),
  ev(3, ['INFO retrying order=8812 attempt=2']),
];

export const extractiveFor = (evidence: LlmEvidence[]) => () => ({
  text: `Most relevant log lines: ${evidence.map((e) => `${e.lines[0]?.line} [${e.n}]`).join('; ')}`,
  citations: evidence.map((e) => e.n),
});
