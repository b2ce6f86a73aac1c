import type { Labels } from '../types.js';

/** One numbered block of evidence handed to the answer stage (extractive or LLM). */
export interface Evidence {
  /** 1-based citation number. */
  n: number;
  chunkId: number;
  tenant: string;
  labels: Labels;
  startNs: bigint;
  endNs: bigint;
  /** Why it was chosen: a new or surging kind of line, or a match for the question's words. */
  reason: 'new' | 'surging' | 'match';
  lines: { entryId: number; tsNs: bigint; line: string; count?: number }[];
}

/** Change evidence: a kind of line new in the window or surging against the baseline before it. */
export interface PatternEvidence {
  stream: string;
  template: string;
  count: number;
  baselineCount: number;
  firstSeenNs: bigint;
  kind: 'new' | 'surging' | 'dropped';
}

/** A cited line as the API returns it. */
export interface Citation {
  n: number;
  chunkId: number;
  entryId: number;
  tenant: string;
  labels: Labels;
  ts: string;
  tsNs: string;
  line: string;
  count?: number;
  reason: Evidence['reason'];
  exploreUrl: string;
}

export interface AnswerBody {
  mode: 'llm' | 'extractive';
  text: string;
  fallbackReason?: string;
  flaggedSentences?: string[];
}
