// The analysis as the API returns it (additive fields of /api/v1/patterns, and `whatChanged` of an
// ask or explain-alert response): streams as labels and selectors, times in RFC 3339, every
// quoted line bounded.
import type { Store } from '../store/store.js';
import { selectorFor } from '../retrieve/selector.js';
import { rfc3339Nano } from '../lib/time.js';
import type { Labels, StoredEntry } from '../types.js';
import { serviceName } from './links.js';
import type { NumericSummary, Onset, StoryStep, ValueChange, WhatChanged } from './types.js';

/** Bytes of a quoted line or template a response carries (as the API bounds citation lines). */
export const WIRE_LINE_BYTES = 4096;

function bounded(s: string): string {
  if (s.length * 3 <= WIRE_LINE_BYTES) return s;
  const buf = Buffer.from(s, 'utf8');
  if (buf.length <= WIRE_LINE_BYTES) return s;
  let end = WIRE_LINE_BYTES;
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  return `${buf.subarray(0, end).toString('utf8')}…`;
}

export interface WireExample {
  ts: string;
  tsNs: string;
  line: string;
}

export interface WireValueChange {
  stream: Labels;
  selector: string;
  template: string;
  kind: ValueChange['kind'];
  key: string;
  values: string[];
  before: string[];
  baseline?: NumericSummary;
  window?: NumericSummary;
  max?: number;
  maxKey?: string;
  firstSeen: string;
  count: number;
  errorLike: boolean;
  example?: WireExample;
}

export interface WireOnset {
  stream: Labels;
  selector: string;
  template: string;
  kind: Onset['kind'];
  key?: string;
  value?: string;
  onset: string;
  last: string;
  count: number;
  baselineCount: number;
  errorLike: boolean;
  oneOff: boolean;
  example?: WireExample;
}

export interface WireStep {
  service: string;
  /** The service the step is about, when another stream reported it. */
  subject?: string;
  stream: Labels;
  at: string;
  template: string;
  example?: WireExample;
}

export interface WhatChangedWire {
  window: { start: string; end: string };
  baseline: { start: string; end: string };
  valueChanges: WireValueChange[];
  onsets: WireOnset[];
  links: { from: string; to: string; via: 'named' | 'shared-id'; evidence: string; onFailure: boolean }[];
  story: {
    change?: WireStep;
    failure?: WireStep;
    symptom?: WireStep;
    path: string[];
    setAside: { service: string; template: string; reason: string }[];
  };
  partial: boolean;
}

export function whatChangedWire(store: Store, wc: WhatChanged, opts: { maxValueChanges?: number; maxOnsets?: number } = {}): WhatChangedWire {
  const valueChanges = wc.valueChanges.slice(0, opts.maxValueChanges ?? wc.valueChanges.length);
  const onsets = wc.onsets.slice(0, opts.maxOnsets ?? wc.onsets.length);
  const s = wc.story;
  const steps = [s.change, s.failure, s.symptom].filter((x): x is StoryStep => x !== undefined);
  const entries = store.entriesByIds([...valueChanges.map((v) => v.entryId), ...onsets.map((o) => o.entryId), ...steps.map((x) => x.entryId)]);
  const labels = new Map<number, Labels>();
  const labelsOf = (id: number): Labels => {
    let l = labels.get(id);
    if (!l) labels.set(id, (l = store.stream(id)?.labels ?? {}));
    return l;
  };
  const name = (id: number) => serviceName(labelsOf(id)) ?? selectorFor(labelsOf(id));
  const example = (e: StoredEntry | undefined): WireExample | undefined => (e ? { ts: rfc3339Nano(e.tsNs), tsNs: e.tsNs.toString(), line: bounded(e.line) } : undefined);
  const step = (x: StoryStep | undefined): WireStep | undefined =>
    x && {
      service: name(x.streamId),
      ...(x.subjectStreamId !== undefined ? { subject: name(x.subjectStreamId) } : {}),
      stream: labelsOf(x.streamId),
      at: rfc3339Nano(x.tsNs),
      template: bounded(x.template),
      example: example(entries.get(x.entryId)),
    };
  return {
    window: { start: rfc3339Nano(wc.window.startNs), end: rfc3339Nano(wc.window.endNs) },
    baseline: { start: rfc3339Nano(wc.baseline.startNs), end: rfc3339Nano(wc.baseline.endNs) },
    valueChanges: valueChanges.map((v) => ({
      stream: labelsOf(v.streamId),
      selector: selectorFor(labelsOf(v.streamId)),
      template: bounded(v.template),
      kind: v.kind,
      key: v.key,
      values: v.values.map(bounded),
      before: v.before.map(bounded),
      ...(v.baselineStats ? { baseline: v.baselineStats } : {}),
      ...(v.windowStats ? { window: v.windowStats } : {}),
      ...(v.max !== undefined ? { max: v.max } : {}),
      ...(v.maxKey !== undefined ? { maxKey: v.maxKey } : {}),
      firstSeen: rfc3339Nano(v.firstNs),
      count: v.count,
      errorLike: v.errorLike,
      example: example(entries.get(v.entryId)),
    })),
    onsets: onsets.map((o) => ({
      stream: labelsOf(o.streamId),
      selector: selectorFor(labelsOf(o.streamId)),
      template: bounded(o.template),
      kind: o.kind,
      ...(o.key !== undefined ? { key: o.key, value: bounded(o.value ?? '') } : {}),
      onset: rfc3339Nano(o.onsetNs),
      last: rfc3339Nano(o.lastNs),
      count: o.windowCount,
      baselineCount: o.baselineCount,
      errorLike: o.errorLike,
      oneOff: o.oneOff,
      example: example(entries.get(o.entryId)),
    })),
    links: wc.links.map((l) => ({ from: name(l.from), to: name(l.to), via: l.via, evidence: bounded(l.evidence), onFailure: l.onFailure })),
    story: {
      ...(s.change ? { change: step(s.change) } : {}),
      ...(s.failure ? { failure: step(s.failure) } : {}),
      ...(s.symptom ? { symptom: step(s.symptom) } : {}),
      path: s.path.map(name),
      setAside: s.setAside.map((a) => ({ service: name(a.streamId), template: bounded(a.template), reason: a.reason })),
    },
    partial: wc.partial,
  };
}
