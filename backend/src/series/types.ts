// The series stage: what it is given and what it returns. The wire shape (AnswerSeries) is part of
// the ask response and lives with the other API types in answer/types.ts.
import type { ExploreTarget } from '../answer/explore.js';
import type { Evidence } from '../answer/types.js';
import type { Plan } from '../plan/types.js';
import type { TimeWindow } from '../types.js';

export type { AnswerSeries, AnswerSeriesItem, SeriesRole } from '../answer/types.js';

export interface SeriesRequest {
  /** The answer's numbered evidence: each cited line's kind (stream and template) becomes a series. */
  evidence: readonly Evidence[];
  /** The window the answer covered; without one, the cited lines' span with some margin. */
  window?: TimeWindow;
  /**
   * Label values the question named (`job=checkout`): changes in streams carrying them are what
   * the user saw (symptoms); changes elsewhere that started earlier are cause candidates.
   */
  hints?: Readonly<Record<string, string>>;
  /**
   * An exact answer's plan: its target lines (with its identifier filters) are counted, so the
   * series adds up to the answer's number; without targets, the filtered lines per stream.
   */
  plan?: Plan;
}

export interface SeriesOptions {
  explore: ExploreTarget;
  /** Most buckets per series (default MAX_BUCKETS). */
  maxBuckets?: number;
  /** Most entry rows one request counts (default DEFAULT_ROW_CAP); past it counts are lower bounds. */
  rowCap?: number;
  /** Most series returned (default MAX_SERIES). */
  maxSeries?: number;
}
