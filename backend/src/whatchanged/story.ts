// The story of an incident from its evidence: which failures belong together (linked services
// failing at overlapping times), which of them the user asked about (the symptom), which failed
// first, the path between them, and the first change before the first failure on that path.
import type { ChangeLine, Onset, ServiceLink, Story, StoryStep, ValueChange } from './types.js';
import { CONFIG_KEY, VERSION_VALUE } from './words.js';
import type { ServiceNames } from './links.js';

const NS_PER_MIN = 60_000_000_000n;
/**
 * How long before the first failure a change may have caused it. 30 minutes: deploys, config
 * pushes and migrations break things within minutes; a leak or a filling disk may take longer,
 * and then the climb itself is the change found.
 */
export const LEAD_NS = 30n * NS_PER_MIN;
/**
 * Two linked services' failures belong to one incident when they overlap in time or the second
 * starts within this of the first one's last line: a failure propagates in seconds.
 */
export const PROPAGATION_GAP_NS = 2n * NS_PER_MIN;

/** A candidate change: one line, with the value changes and the announcement it carries. */
interface Candidate {
  entryId: number;
  tsNs: bigint;
  streamId: number;
  templateId: number;
  template: string;
  values: ValueChange[];
  line?: ChangeLine;
  subjects: number[];
}

/**
 * How much a change explains a failure by its kind. A new version or image is what incident
 * reviews find first, then a new configuration value, a line announcing a change, or a resource
 * at its limit; a new value elsewhere (a new user) less; a latency shift is as often an effect
 * as a cause. A line that announces the change it carries counts one more.
 */
function strength(c: Candidate): number {
  let s = 0;
  for (const v of c.values) {
    const k = v.kind === 'new-value' ? (v.values.some((x) => VERSION_VALUE.test(x)) ? 4 : CONFIG_KEY.test(v.key) ? 3 : 2) : v.kind === 'saturation' ? 3 : v.kind === 'climb' ? 2 : 1;
    s = Math.max(s, k);
  }
  if (c.line) s = c.values.length > 0 ? s + 1 : Math.max(s, 3);
  return s;
}

export interface StoryInput {
  onsets: Onset[];
  valueChanges: ValueChange[];
  changeLines: ChangeLine[];
  links: ServiceLink[];
  names: ServiceNames;
  symptomStreamIds?: readonly number[];
  /** Error-like kinds present in the window that have no onset (at their baseline rate): set aside as recurring. */
  recurring: { streamId: number; templateId: number; template: string; entryId: number }[];
}

export function buildStory(input: StoryInput): Story {
  const failures = input.onsets.filter((o) => o.errorLike && !o.oneOff);
  const setAside: Story['setAside'] = [
    ...input.recurring.map((r) => ({ ...r, reason: 'recurring' as const })),
    ...input.onsets.filter((o) => o.errorLike && o.oneOff).map((o) => ({ streamId: o.streamId, templateId: o.templateId, template: o.template, entryId: o.entryId, reason: 'one-off' as const })),
  ];
  if (failures.length === 0) return { path: [], setAside, ...firstChangeOnly(input) };

  // Failure span per stream.
  const span = new Map<number, { start: bigint; end: bigint; lines: number }>();
  for (const f of failures) {
    const s = span.get(f.streamId);
    if (!s) span.set(f.streamId, { start: f.onsetNs, end: f.lastNs, lines: f.windowCount });
    else {
      if (f.onsetNs < s.start) s.start = f.onsetNs;
      if (f.lastNs > s.end) s.end = f.lastNs;
      s.lines += f.windowCount;
    }
  }
  const overlaps = (a: number, b: number) => {
    const x = span.get(a)!;
    const y = span.get(b)!;
    return x.start <= y.end + PROPAGATION_GAP_NS && y.start <= x.end + PROPAGATION_GAP_NS;
  };
  // Edges between failing streams: a failing line naming the other, or any link when both fail together.
  const adj = new Map<number, Set<number>>();
  const edge = (a: number, b: number) => {
    adj.set(a, (adj.get(a) ?? new Set()).add(b));
    adj.set(b, (adj.get(b) ?? new Set()).add(a));
  };
  for (const l of input.links) {
    if (!span.has(l.from) || !span.has(l.to)) continue;
    if ((l.onFailure && l.via === 'named') || overlaps(l.from, l.to)) edge(l.from, l.to);
  }
  const component = (start: number): number[] => {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length) for (const n of adj.get(queue.shift()!) ?? []) if (!seen.has(n)) (seen.add(n), queue.push(n));
    return [...seen];
  };
  const comps: number[][] = [];
  const placed = new Set<number>();
  for (const s of [...span.keys()].sort((a, b) => a - b)) {
    if (placed.has(s)) continue;
    const c = component(s);
    c.forEach((x) => placed.add(x));
    comps.push(c);
  }
  const lines = (c: number[]) => c.reduce((a, s) => a + span.get(s)!.lines, 0);
  const hinted = new Set(input.symptomStreamIds ?? []);
  const hintedFailing = [...span.keys()].filter((s) => hinted.has(s)).sort((a, b) => span.get(b)!.lines - span.get(a)!.lines);
  const chosen = hintedFailing.length
    ? comps.find((c) => c.includes(hintedFailing[0]))!
    : [...comps].sort((a, b) => b.length - a.length || lines(b) - lines(a))[0];
  const inChosen = new Set(chosen);

  // The symptom: the named service's failure, else the most downstream one (names others, named by none).
  let symptomStream: number;
  if (hintedFailing.length) symptomStream = hintedFailing[0];
  else {
    const named = new Set(input.links.filter((l) => inChosen.has(l.from) && inChosen.has(l.to) && l.onFailure).map((l) => l.to));
    const naming = (s: number) => input.links.filter((l) => l.from === s && inChosen.has(l.to)).length;
    const roots = chosen.filter((s) => !named.has(s));
    const pool = roots.length ? roots : chosen;
    symptomStream = [...pool].sort((a, b) => naming(b) - naming(a) || (span.get(b)!.start > span.get(a)!.start ? 1 : span.get(b)!.start < span.get(a)!.start ? -1 : 0))[0];
  }
  const byOnset = (a: Onset, b: Onset) => (a.onsetNs < b.onsetNs ? -1 : a.onsetNs > b.onsetNs ? 1 : b.windowCount - a.windowCount);
  const symptomOnset = failures.filter((f) => f.streamId === symptomStream).sort(byOnset)[0];
  const firstFailure = failures.filter((f) => inChosen.has(f.streamId) && f.onsetNs <= symptomOnset.onsetNs).sort(byOnset)[0] ?? symptomOnset;
  const path = chosen
    .filter((s) => s !== symptomStream && span.get(s)!.start <= symptomOnset.onsetNs)
    .sort((a, b) => (span.get(a)!.start < span.get(b)!.start ? -1 : 1));
  path.push(symptomStream);
  for (const f of failures) {
    if (!inChosen.has(f.streamId) && !setAside.some((x) => x.streamId === f.streamId && x.templateId === f.templateId)) {
      setAside.push({ streamId: f.streamId, templateId: f.templateId, template: f.template, entryId: f.entryId, reason: 'unlinked' });
    }
  }
  // Services on the path, and those its failing lines name (a dependency that changed without logging a failure).
  const onPath = new Set(chosen);
  for (const l of input.links) if (l.onFailure && inChosen.has(l.from)) onPath.add(l.to);
  const change = firstChange(input, firstFailure.onsetNs, onPath);
  return {
    change,
    failure: stepOf(firstFailure),
    symptom: stepOf(symptomOnset),
    path,
    setAside,
  };
}

function stepOf(o: Onset): StoryStep {
  return { streamId: o.streamId, entryId: o.entryId, tsNs: o.onsetNs, templateId: o.templateId, template: o.template, onset: o };
}

function candidates(input: StoryInput): Candidate[] {
  const byEntry = new Map<number, Candidate>();
  const get = (entryId: number, tsNs: bigint, streamId: number, templateId: number, template: string): Candidate => {
    let c = byEntry.get(entryId);
    if (!c) {
      c = { entryId, tsNs, streamId, templateId, template, values: [], subjects: [] };
      byEntry.set(entryId, c);
    }
    return c;
  };
  for (const v of input.valueChanges) {
    if (v.errorLike || v.kind === 'vanished-value') continue;
    get(v.entryId, v.firstNs, v.streamId, v.templateId, v.template).values.push(v);
  }
  for (const l of input.changeLines) get(l.entryId, l.tsNs, l.streamId, l.templateId, l.template).line = l;
  for (const c of byEntry.values()) {
    const text = [c.line?.line ?? c.template.replace(/<\*>/g, ' '), ...c.values.flatMap((v) => v.values)].join(' ');
    c.subjects = [c.streamId, ...input.names.mentioned(text).map((m) => m.streamId)];
  }
  return [...byEntry.values()];
}

/** The first change before `beforeNs` (within LEAD_NS) about a service in `onPath`: strongest kind, then earliest. */
function firstChange(input: StoryInput, beforeNs: bigint, onPath: ReadonlySet<number>): StoryStep | undefined {
  const from = beforeNs - LEAD_NS;
  const cs = candidates(input).filter((c) => c.tsNs <= beforeNs && c.tsNs >= from && c.subjects.some((s) => onPath.has(s)));
  if (cs.length === 0) return undefined;
  cs.sort((a, b) => strength(b) - strength(a) || (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0));
  const c = cs[0];
  if (strength(c) <= 0) return undefined;
  return toStep(c, onPath);
}

function toStep(c: Candidate, onPath: ReadonlySet<number>): StoryStep {
  // Reported by another stream (a Kubernetes event naming deployment/payments): about that service.
  const subject = c.subjects.find((s) => s !== c.streamId && onPath.has(s)) ?? (onPath.has(c.streamId) ? undefined : c.subjects.find((s) => s !== c.streamId));
  const values = [...c.values].sort((a, b) => (CONFIG_KEY.test(b.key) || b.values.some((x) => VERSION_VALUE.test(x)) ? 1 : 0) - (CONFIG_KEY.test(a.key) || a.values.some((x) => VERSION_VALUE.test(x)) ? 1 : 0));
  return {
    streamId: c.streamId,
    ...(subject !== undefined && subject !== c.streamId && !onPath.has(c.streamId) ? { subjectStreamId: subject } : {}),
    entryId: c.entryId,
    tsNs: c.tsNs,
    templateId: c.templateId,
    template: c.template,
    ...(values.length ? { valueChange: values[0], related: values.slice(1) } : {}),
    ...(c.line ? { changeLine: c.line } : {}),
  };
}

/** Without any failure: the strongest change of the window (the question may be "what changed?"). */
function firstChangeOnly(input: StoryInput): Pick<Story, 'change'> {
  const cs = candidates(input).sort((a, b) => strength(b) - strength(a) || (a.tsNs < b.tsNs ? -1 : 1));
  return cs.length && strength(cs[0]) > 0 ? { change: toStep(cs[0], new Set(cs[0].subjects)) } : {};
}
