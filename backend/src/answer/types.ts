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
  /** Why it was chosen: a kind of line new, surging or dropped in the window, or a match for the question's words. */
  reason: 'new' | 'surging' | 'dropped' | 'match';
  /**
   * Quoted lines. Lines of one template inside a chunk are shown once, with how many there were
   * (`count`) and the time of the last one (`lastNs`).
   */
  lines: { entryId: number; tsNs: bigint; line: string; count?: number; lastNs?: bigint }[];
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
  /** With `count`: the time of the last of the repeated lines. */
  lastTs?: string;
  reason: Evidence['reason'];
  exploreUrl: string;
}

export interface AnswerBody {
  mode: 'llm' | 'extractive';
  text: string;
  fallbackReason?: string;
  flaggedSentences?: string[];
}
