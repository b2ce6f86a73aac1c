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
  /** Set by the API when the line was cut at 4 KiB for the response; the whole line is in Explore. */
  truncated?: boolean;
  /** With `truncated`: the whole line's size in UTF-8 bytes. */
  lineBytes?: number;
}

export interface AnswerBody {
  mode: 'llm' | 'extractive';
  text: string;
  fallbackReason?: string;
  flaggedSentences?: string[];
}

/**
 * What a series is to the answer: a `cause` candidate (a change that started before what the user
 * looked at), the `symptom` (a change in the streams the question names, or after them), another
 * `change` (new, surging or dropped, not placed), or a `match` (lines cited for their words, or
 * counted by an exact answer).
 */
export type SeriesRole = 'cause' | 'symptom' | 'change' | 'match';

/** One cited kind of line counted per time bucket over the answer's window. */
export interface AnswerSeriesItem {
  /** Stable within one response: `<streamId>:<templateId>`. */
  id: string;
  /** Short display name: the stream's job and the template's constant text. */
  name: string;
  role: SeriesRole;
  /** For change evidence: how it changed against the hour before the window. */
  change?: 'new' | 'surging' | 'dropped';
  /** The stream selector. */
  stream: string;
  labels: Labels;
  template: string;
  /** When it started (RFC 3339), for new and surging kinds: the first line, or the first bucket well above its baseline rate. */
  onset?: string;
  /** Lines per bucket; `counts[i]` covers `[start + i * stepMs, start + (i + 1) * stepMs)`. */
  counts: number[];
  /** Sum of `counts`. */
  total: number;
  /** Citation numbers (`Citation.n`) whose lines are of this kind. */
  citations: number[];
  /** The LogQL metric query that reproduces the counts in Loki, per `$__interval`. */
  logql: string;
  /** Explore, running `logql` as a range query over the window. */
  exploreUrl: string;
  /** True when the template has no constant text to filter on: the query counts every line of the stream. */
  approximate?: boolean;
}

/** The picture of an answer: a time series per cited kind of line, over the answer's window. */
export interface AnswerSeries {
  /** First bucket's start (aligned to the step) and the window's end; null when nothing was cited. */
  window: { start: string; end: string } | null;
  stepMs: number;
  items: AnswerSeriesItem[];
  /** True when the row cap stopped counting: counts are lower bounds. */
  partial?: boolean;
}
