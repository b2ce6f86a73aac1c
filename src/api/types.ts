// Wire types of the LogLens sidecar HTTP API, as seen by the browser through the Grafana plugin proxy.

export type AnswerMode = 'llm' | 'extractive';

export interface Answer {
  mode: AnswerMode;
  text: string;
  fallbackReason?: string;
  flaggedSentences?: string[];
}

export interface Citation {
  n: number;
  chunkId: number;
  tenant: string;
  labels: Record<string, string>;
  /** RFC3339 with nanoseconds */
  ts: string;
  /** unix nanoseconds as a decimal string (exceeds Number precision) */
  tsNs: string;
  line: string;
  count?: number;
  exploreUrl?: string;
  /** The line was cut for the response (4 KiB); the whole line is in Explore. */
  truncated?: boolean;
  /** With `truncated`: the whole line's size in bytes. */
  lineBytes?: number;
}

export interface QueryInfo {
  window: { start: string; end: string } | null;
  selectorHints: Record<string, string>;
  timeHint?: string;
}

export interface RetrievalInfo {
  /** `exact`: computed by the question planner over the store, no search. */
  mode: 'hybrid' | 'bm25' | 'vector' | 'exact';
  degraded: boolean;
  /**
   * Set when a question without a time searched only the newest data (the store holds older data
   * that was not read): the period searched, RFC 3339.
   */
  searched?: { start: string; end: string; olderChunks: number };
}

/** The computed result of an exact question. */
export interface AskResult {
  intent: 'lookup' | 'count' | 'sum' | 'min' | 'max' | 'avg' | 'topk' | 'first' | 'last' | 'rate';
  value: number | string | null;
  unit?: string;
  at?: string;
  top?: Array<{ key: string; value: number }>;
  matched: number;
  partial?: boolean;
}

/** How the question was answered, with the LogQL that reproduces it. */
export interface AskPlan {
  route: 'exact' | 'cause' | 'search';
  intent: AskResult['intent'];
  reason: string;
  filters: Array<{ text: string; key?: string; match: 'value' | 'literal' }>;
  targets: Array<{ template: string; stream: string; score: number }>;
  /** How many targets the plan has, when more than are listed (a kind of line logged by thousands of pods). */
  targetsTotal?: number;
  alternatives: Array<{ template: string; stream: string; score: number }>;
  slot?: { key: string; kind: string; part?: 'address' };
  logql?: { expr: string; kind: 'log' | 'metric'; exploreUrl: string };
}

/** What a series is to the answer: a cause candidate, the symptom, another change, or a matching line. */
export type SeriesRole = 'cause' | 'symptom' | 'change' | 'match';

/** One cited kind of line counted per time bucket over the answer's window. */
export interface AnswerSeriesItem {
  id: string;
  name: string;
  role: SeriesRole;
  change?: 'new' | 'surging' | 'dropped';
  /** LogQL stream selector. */
  stream: string;
  labels: Record<string, string>;
  template: string;
  /** RFC3339: when it started (new and surging kinds). */
  onset?: string;
  /** Lines per bucket; bucket i starts at window.start + i * stepMs. */
  counts: number[];
  total: number;
  /** Citation numbers (Citation.n) of lines of this kind. */
  citations: number[];
  /** LogQL metric query reproducing the series: sum by (...) (count_over_time(... [$__interval])). */
  logql: string;
  /** The sidecar's Explore link for `logql` (its configured Grafana and Loki). */
  exploreUrl?: string;
  approximate?: boolean;
}

/** The answer as a picture: a time series per cited kind of line. */
export interface AnswerSeries {
  window: { start: string; end: string } | null;
  stepMs: number;
  items: AnswerSeriesItem[];
  partial?: boolean;
}

export interface AskResponse {
  answer: Answer;
  citations: Citation[];
  result?: AskResult;
  plan?: AskPlan;
  /** Absent from sidecars older than the series stage. */
  series?: AnswerSeries;
  query: QueryInfo;
  retrieval: RetrievalInfo;
  timings: Record<string, number>;
}

export interface AskRequest {
  question: string;
  selector?: string;
  labels?: Record<string, string>;
  start?: string;
  end?: string;
  limit?: number;
}

export interface ExplainAlertRequest {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
}

export interface SidecarErrorBody {
  error: { code: string; message: string; field?: string };
}

export type ReadyStatus = 'ready' | 'degraded' | 'not_ready';

export interface ReadyzResponse {
  status: ReadyStatus;
  checks: {
    store?: Record<string, unknown>;
    index?: { state?: string; [k: string]: unknown };
    llm?: { state?: string; [k: string]: unknown };
    [k: string]: unknown;
  };
}

/** Events delivered while an answer streams, in the order the sidecar sends them. */
export type AskStreamEvent =
  | { type: 'retrieval'; query: QueryInfo; retrieval: RetrievalInfo }
  | { type: 'evidence'; citations: Citation[] }
  /** The extractive answer, sent at once when an LLM will answer after it. */
  | { type: 'extractive'; answer: Answer }
  | { type: 'token'; text: string }
  | { type: 'answer'; response: AskResponse };
