// The "what changed" stage: what it is asked and what it returns. See analyze.ts for the steps.
import type { TimeWindow } from '../types.js';

export interface WhatChangedQuery {
  tenant: string;
  /** Streams to analyse; undefined: every stream of the tenant. */
  streamIds?: readonly number[];
  /** The window the user looks at (dashboard range, a time in the question, an alert's span). */
  window: TimeWindow;
  /** What the window is compared with; default: the hour before the window. */
  baseline?: TimeWindow;
  /** Streams the question or alert names: the symptom is looked for there first. */
  symptomStreamIds?: readonly number[];
}

/**
 * A change in the values of one slot of one kind of line, window against baseline:
 * - `new-value`: values never seen in the slot in the baseline (a version, an image tag, a config
 *   value, a host, an error code), the slot otherwise holding a few values only;
 * - `vanished-value`: a value frequent in the baseline and absent from the window;
 * - `shift`: a numeric slot whose distribution moved (median and p95, rank test);
 * - `saturation`: a slot reaching the maximum stated in the same line (used/max, 50/50);
 * - `climb`: a numeric slot climbing steadily to a plateau well above its baseline.
 */
export type ValueChangeKind = 'new-value' | 'vanished-value' | 'shift' | 'saturation' | 'climb';

export interface NumericSummary {
  n: number;
  median: number;
  p95: number;
}

export interface ValueChange {
  kind: ValueChangeKind;
  streamId: number;
  /** Surviving template id (merged templates count as their root). */
  templateId: number;
  template: string;
  /** Slot name (field name, `key=` name or the word before the value). */
  key: string;
  /** new-value: the new values (first first); vanished-value: the values that went away. */
  values: string[];
  /** new-value: the slot's values in the baseline (most frequent first, a few). */
  before: string[];
  /** shift / climb / saturation: the slot in the baseline and in the window. */
  baselineStats?: NumericSummary;
  windowStats?: NumericSummary;
  /** saturation: the maximum the line states, and the slot naming it. */
  max?: number;
  maxKey?: string;
  unit?: string;
  /** When it began: the first line with the new value, the first saturated line, the first minute shifted. */
  firstNs: bigint;
  /** The line showing it first. */
  entryId: number;
  /** Lines of the window showing it (sampled slots: an estimate). */
  count: number;
  /** The new value reads like a failure (5xx status, level error, an error message). */
  errorLike: boolean;
  /** Read from a new kind of line that differs from an old one only here (the miner split it off). */
  sibling?: boolean;
}

/** When a kind of line (or an error value of a slot) departed from its baseline rate. */
export interface Onset {
  streamId: number;
  templateId: number;
  template: string;
  /** `new`: no line in the baseline; `surge`: well above its baseline rate; `value`: an error value of a slot. */
  kind: 'new' | 'surge' | 'value';
  /** For `value` onsets: the slot and its value. */
  key?: string;
  value?: string;
  onsetNs: bigint;
  /** The first line at the onset. */
  entryId: number;
  /** The last line of it in the window. */
  lastNs: bigint;
  windowCount: number;
  baselineCount: number;
  errorLike: boolean;
  /** Fewer than BURST_MIN lines in the window: a stray line, not a failure. */
  oneOff: boolean;
}

/** A line announcing a change (deploy, rollout, restart, config reload, migration, scale, flag, version). */
export interface ChangeLine {
  entryId: number;
  tsNs: bigint;
  streamId: number;
  templateId: number;
  template: string;
  /** The change words it holds, e.g. ["rollout"]. */
  words: string[];
  /** The line itself (the services and versions it names). */
  line: string;
}

/** One stream's lines naming another service (`upstream=inventory:8080`), or sharing an identifier with it. */
export interface ServiceLink {
  from: number;
  to: number;
  via: 'named' | 'shared-id';
  /** The text that links them: the mention or the shared identifier. */
  evidence: string;
  /** Seen on a failing line of `from` (a failure pointing at `to`). */
  onFailure: boolean;
}

/** One step of the story: what happened, where and when, and the line that shows it. */
export interface StoryStep {
  streamId: number;
  /** The service the step is about when another stream reports it (a Kubernetes event naming deployment/payments). */
  subjectStreamId?: number;
  entryId: number;
  tsNs: bigint;
  templateId: number;
  template: string;
  /** The value change behind it, when it is one. */
  valueChange?: ValueChange;
  /** The onset behind it, when it is one. */
  onset?: Onset;
  /** The announcing line behind it, when it is one. */
  changeLine?: ChangeLine;
  /** Further value changes of the same line (several slots of one config reload). */
  related?: ValueChange[];
}

export interface Story {
  /** The first change before the first failure, on the failing services' path. */
  change?: StoryStep;
  /** The earliest failure onset of the failing group that reaches the symptom. */
  failure?: StoryStep;
  /** The failure the user asked about (the named service's), or the most downstream one. */
  symptom?: StoryStep;
  /** Streams from the first failure to the symptom, by onset. */
  path: number[];
  /** Error-like lines that are not presented as causes, and why. */
  setAside: { streamId: number; templateId: number; template: string; entryId: number; reason: 'recurring' | 'one-off' | 'unlinked' }[];
}

export interface WhatChanged {
  window: TimeWindow;
  baseline: TimeWindow;
  valueChanges: ValueChange[];
  onsets: Onset[];
  changeLines: ChangeLine[];
  links: ServiceLink[];
  story: Story;
  /** A row cap stopped a count or a read: counts are lower bounds, samples narrower. */
  partial: boolean;
  timings: Record<string, number>;
}
