// "What changed": value-level changes, failure onsets and the path between services, for a window
// against its baseline (analyze.ts), told as the lead of a cause answer (answer.ts) and returned by
// the API (wire.ts).
export { analyzeWhatChanged, BASELINE_NS } from './analyze.js';
export { storyAnswer, storyPhrasing, describeValue, lineMessage, withStoryEvidence } from './answer.js';
export type { Phrasing, StoryAnswer } from './answer.js';
export { whatChangedWire } from './wire.js';
export { ANALYSIS_THREADS, createChangeAnalysis, InProcessChangeAnalysis, WorkerChangeAnalysis } from './analysis.js';
export type { ChangeAnalysis } from './analysis.js';
export type { WhatChangedWire } from './wire.js';
export { serviceName } from './links.js';
export type { ChangeLine, Onset, ServiceLink, Story, StoryStep, ValueChange, ValueChangeKind, WhatChanged, WhatChangedQuery } from './types.js';

/** A cause question without a window looks at the newest data: this much of it (as retrieval does). */
export const DEFAULT_WINDOW_NS = 30n * 60_000_000_000n;
