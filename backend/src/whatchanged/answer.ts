// The story as an answer: numbered evidence blocks (the first change, the first failure, the
// symptom, the services between) and the sentences that lead the answer, each citing its block.
// It restates what the analysis found in the store; nothing is invented.
import type { Store } from '../store/store.js';
import type { Evidence } from '../answer/types.js';
import { neutralizeProse } from '../answer/extractive.js';
import { parseLogfmt } from '../ingest/file.js';
import { parseLeadingTimestamp } from '../ingest/timestamps.js';
import { clock } from '../lib/time.js';
import type { Labels, StoredEntry } from '../types.js';
import { serviceName } from './links.js';
import type { StoryStep, ValueChange, WhatChanged } from './types.js';

/** Quoted messages are cut here in the lead (the citation keeps the whole line). */
const QUOTE_CHARS = 110;
/** Values are shown whole up to this length (an image reference), else the value alone. */
const TOKEN_CHARS = 80;
/** Set-aside lines named in the lead: the first few tell the reader they were weighed. */
const MAX_SET_ASIDE = 3;
/** Services between the first failure and the symptom cited with their first failing line. */
const MAX_HOPS = 2;

export type Phrasing = 'cause' | 'first';

/**
 * "which component failed first?", "what failed first?": the answer leads with the first failure.
 * Not "when did X first fail?" (a time, for the exact planner) nor "which user failed most?" (a top-k).
 */
const FIRST =
  /\b(fail(ed|ing|s)?|broke|went down|errored|died)\s+first\b|\bfirst\s+to\s+(fail|break|go down|error)|\bwhich\s+(component|service|system|part|dependency|node|pod|host|container|database|app|application|server)s?\s+(failed|broke|went down|started failing|errored)\b/i;
const WHEN = /\b(when|what time)\b/i;
/** Questions the story answers: why, what changed, root cause, what failed first. */
const WHAT_CHANGED = /\b(why|what\s+(has\s+|was\s+|just\s+)?changed|what\s+(was\s+)?different|root\s+cause|caused?|since\s+when|start(ed)?\s+(to\s+)?fail(ing)?|began\s+(to\s+)?fail(ing)?|broke|went\s+wrong)\b/i;

/** How a question wants the story told; undefined when it does not ask for one. */
export function storyPhrasing(question: string): Phrasing | undefined {
  if (FIRST.test(question) && !WHEN.test(question)) return 'first';
  return WHAT_CHANGED.test(question) ? 'cause' : undefined;
}

/**
 * The story's blocks first (numbered 1..k), then the other evidence renumbered after them; a block
 * quoting only lines the story already cites is dropped.
 */
export function withStoryEvidence<T extends { evidence: Evidence[] }>(story: readonly Evidence[], set: T): T {
  const cited = new Set(story.flatMap((e) => e.lines.map((l) => l.entryId)));
  const rest = set.evidence.filter((e) => !e.lines.every((l) => cited.has(l.entryId)));
  return { ...set, evidence: [...story, ...rest.map((e, i) => ({ ...e, n: story.length + i + 1 }))] };
}

export interface StoryAnswer {
  /** Numbered 1..k: the answer's first blocks. */
  evidence: Evidence[];
  /** Sentences leading the answer, citing the blocks. */
  lead: string[];
}

const nameOf = (labels: Labels | undefined, id: number) => neutralizeProse((labels && serviceName(labels)) ?? `stream ${id}`);

/** The human part of a line: a JSON or logfmt line's message (and error), else the text after its timestamp. */
export function lineMessage(line: string): string {
  let fields: Record<string, unknown> | undefined;
  if (line.startsWith('{')) {
    try {
      fields = JSON.parse(line) as Record<string, unknown>;
    } catch {
      fields = undefined;
    }
  } else if (/^[\w.]+=/.test(line)) fields = parseLogfmt(line);
  const msg = fields?.msg ?? fields?.message ?? fields?.event;
  if (typeof msg === 'string') {
    const err = fields!.error ?? fields!.err ?? fields!.exception;
    return typeof err === 'string' && err ? `${msg}: ${err}` : msg;
  }
  const ts = line.startsWith('{') ? undefined : parseLeadingTimestamp(line, 2000);
  return ts && ts.end < 40 ? line.slice(ts.end).replace(/^[\s\]|,:-]*(UTC|GMT|Z)?\s*/, '') : line;
}

/** A message quoted inside a sentence: cut, neutralised, and without a full stop that would end the sentence early. */
function quote(line: string): string {
  let m = lineMessage(line).replace(/\s+/g, ' ').trim();
  if (m.length > QUOTE_CHARS) m = `${m.slice(0, QUOTE_CHARS - 1)}…`;
  return `"${neutralizeProse(m).replace(/([.!?])(?=\s)/g, ',').replace(/[.!?]+$/, '')}"`;
}

const isStructured = (line: string) => line.startsWith('{') || /^[\w.]+=\S/.test(line);

/** The whitespace-separated word of the line holding a value, and the word before it. */
function tokenAround(line: string, value: string): { token?: string; before?: string } {
  const toks = line.split(/\s+/);
  const i = toks.findIndex((t) => t.includes(value));
  if (i < 0) return {};
  const clean = (t: string) => t.replace(/^["'([{]+|["')\]},;:.]+$/g, '');
  return { token: clean(toks[i]), before: i > 0 ? clean(toks[i - 1]) : undefined };
}

/** What a slot is called in prose: the field name of a structured line, else the word before the value. */
function slotLabel(v: ValueChange, line: string): string {
  // a slot no word names is known by its position (`#3`): in prose, the word before it or "value"
  const fallback = v.key.startsWith('#') ? 'value' : v.key;
  if (isStructured(line) || !v.values[0]) return fallback;
  const { token, before } = tokenAround(line, v.values[0]);
  if (token?.includes('=')) return token.slice(0, token.indexOf('='));
  if (before && /^[A-Za-z][\w-]*$/.test(before)) return before;
  return fallback;
}

/** A value as written: the whole word holding it (an image reference) when short, else the value. */
function shown(v: string, line: string): string {
  if (isStructured(line)) return v;
  const { token } = tokenAround(line, v);
  return token && !token.includes('=') && token.length <= TOKEN_CHARS ? token : v;
}

/** Whether a baseline value is the same thing as the new one (payments:1.8.2 and payments:1.9.0, not notifications:2.4.0). */
function comparable(before: string, after: string): boolean {
  const stem = (s: string) => (s.includes(':') || s.includes('/') ? s.slice(0, s.lastIndexOf(s.includes(':') ? ':' : '/')) : '');
  return stem(before) === stem(after);
}

const num = (x: number) => (Math.abs(x) >= 100 || Number.isInteger(x) ? String(Math.round(x)) : x.toPrecision(3));

/** One value change in words: "cache_ttl 300s -> 0s", "totalCount at its maximum 50/50". */
export function describeValue(v: ValueChange, line: string): string {
  const label = neutralizeProse(slotLabel(v, line));
  switch (v.kind) {
    case 'new-value': {
      const nowShown = shown(v.values[0], line);
      // The word as it was: the same word of the line with the old value in place of the new one.
      const wasShown = v.before.length === 1 && comparable(v.before[0], v.values[0]) ? (nowShown === v.values[0] ? v.before[0] : nowShown.replace(v.values[0], v.before[0])) : undefined;
      return wasShown ? `${label} ${neutralizeProse(wasShown)} -> ${neutralizeProse(nowShown)}` : `${label} ${neutralizeProse(nowShown)} (new)`;
    }
    case 'saturation':
      return `${label} at its maximum ${v.values[0]}/${num(v.max ?? 0)}${v.maxKey && v.maxKey !== v.key ? ` (${neutralizeProse(v.maxKey)})` : ''}`;
    case 'shift':
      return `${label} median ${num(v.baselineStats!.median)} -> ${num(v.windowStats!.median)}, p95 ${num(v.baselineStats!.p95)} -> ${num(v.windowStats!.p95)}`;
    case 'climb':
      return `${label} climbing from ${num(v.baselineStats!.median)} to ${num(v.windowStats!.p95)}`;
    case 'vanished-value':
      return `${label} ${neutralizeProse(v.values[0])} gone`;
  }
}

/** Question words that say something failed or changed without saying what. */
const GENERIC_WORDS =
  /^(fail\w*|error\w*|start\w*|began|begin\w*|broke\w*|break\w*|wrong|chang\w*|caus\w*|why|component\w*|service\w*|system\w*|first|before|after|around|shortly|right|which|happen\w*|issue\w*|problem\w*|incident\w*|alert\w*|fire\w*|fired|root|down|outage\w*|went|slow\w*|timeout\w*|5xx|4xx)$/;

/**
 * Whether the question is about a line the story set aside ("why did checkout fail to send the
 * order confirmation email?" names a one-off, not the incident): then the story does not lead.
 * Its specific words (not services, not "fail" or "error") must fit a set-aside kind of line,
 * at least two of them, and better than they fit the story's own lines.
 */
export function asksAboutSetAside(wc: WhatChanged, terms: readonly string[], serviceNames: ReadonlySet<string>): boolean {
  const words = terms.map((t) => t.toLowerCase()).filter((t) => t.length >= 3 && !GENERIC_WORDS.test(t) && !serviceNames.has(t) && !/^\d+$/.test(t));
  if (words.length < 2) return false;
  const fit = (template: string) => {
    const text = template.replace(/<\*>/g, ' ').toLowerCase();
    return words.filter((w) => text.includes(w.length > 5 ? w.slice(0, w.length - 2) : w)).length;
  };
  const s = wc.story;
  const story = Math.max(0, ...[s.change, s.failure, s.symptom].filter((x): x is StoryStep => x !== undefined).map((x) => fit(x.template)));
  const other = Math.max(0, ...s.setAside.map((a) => fit(a.template)));
  return other >= 2 && other > story;
}

export function storyAnswer(store: Store, wc: WhatChanged, phrasing: Phrasing, terms: readonly string[] = []): StoryAnswer {
  const s = wc.story;
  const names = new Set<string>();
  for (const id of new Set([...wc.onsets.map((o) => o.streamId), ...s.setAside.map((a) => a.streamId)])) {
    const name = serviceName(store.stream(id)?.labels ?? {});
    if (name) names.add(name.toLowerCase());
  }
  if (asksAboutSetAside(wc, terms, names)) return { evidence: [], lead: [] };
  const hops = s.failure && s.symptom ? s.path.slice(1, -1).slice(0, MAX_HOPS) : [];
  const hopSteps: StoryStep[] = [];
  for (const streamId of hops) {
    const o = wc.onsets.filter((x) => x.streamId === streamId && x.errorLike && !x.oneOff).sort((a, b) => (a.onsetNs < b.onsetNs ? -1 : 1))[0];
    if (o && o.entryId !== s.failure?.entryId) hopSteps.push({ streamId, entryId: o.entryId, tsNs: o.onsetNs, templateId: o.templateId, template: o.template, onset: o });
  }
  const steps: { role: 'change' | 'failure' | 'symptom' | 'hop'; step: StoryStep }[] = [];
  if (s.change) steps.push({ role: 'change', step: s.change });
  if (s.failure) steps.push({ role: 'failure', step: s.failure });
  if (s.symptom && s.symptom.entryId !== s.failure?.entryId && s.symptom.streamId !== s.failure?.streamId) steps.push({ role: 'symptom', step: s.symptom });
  for (const h of hopSteps) steps.push({ role: 'hop', step: h });
  if (steps.length === 0) return { evidence: [], lead: [] };

  const ids = [...steps.map((x) => x.step.entryId), ...s.setAside.map((x) => x.entryId)];
  const entries = store.entriesByIds(ids);
  const chunkOf = store.entryChunkIds(steps.map((x) => x.step.entryId));
  const evidence: Evidence[] = [];
  const n = new Map<string, number>();
  for (const { role, step } of steps) {
    const e = entries.get(step.entryId);
    const chunkId = chunkOf.get(step.entryId);
    const chunk = chunkId === undefined ? undefined : store.chunk(chunkId);
    // A line not chunked yet (the newest lines of a live stream) cannot be cited.
    if (!e || !chunk) continue;
    const count = step.onset ? step.onset.windowCount : step.valueChange ? step.valueChange.count : undefined;
    const isNew = role === 'change' ? !(step.valueChange && ['shift', 'climb', 'saturation'].includes(step.valueChange.kind)) : step.onset?.baselineCount === 0;
    evidence.push({
      n: evidence.length + 1,
      chunkId: chunk.id,
      tenant: chunk.tenant,
      labels: chunk.labels,
      startNs: chunk.startNs,
      endNs: chunk.endNs,
      reason: isNew ? 'new' : 'surging',
      lines: [{ entryId: e.id, tsNs: e.tsNs, line: e.line, ...(count !== undefined && count > 1 ? { count, ...(step.onset ? { lastNs: step.onset.lastNs } : {}) } : {}) }],
    });
    n.set(role === 'hop' ? `hop:${step.streamId}` : role, evidence.length);
  }
  const labelsOf = (id: number) => store.stream(id)?.labels;
  const name = (id: number) => nameOf(labelsOf(id), id);
  const lead: string[] = [];
  const cite = (role: string) => (n.has(role) ? ` [${n.get(role)}]` : '');
  const changeText = s.change && n.has('change') ? describeStep(s.change, entries.get(s.change.entryId)!, name) : undefined;
  const failureText = s.failure && n.has('failure') ? failureWords(s.failure, entries.get(s.failure.entryId)!, wc) : undefined;

  if (phrasing === 'first' && s.failure && failureText) {
    lead.push(
      `${name(s.failure.streamId)} failed first, from ${clock(s.failure.tsNs)} UTC${cite('failure')}` +
        (changeText ? `, right after ${changeText.subject} changed: ${changeText.what} at ${clock(s.change!.tsNs)} UTC${cite('change')}` : ', with no change to a value, version or configuration found before it') +
        `; its first failing line: ${failureText.quote}.`,
    );
  } else if (changeText) {
    lead.push(`Earliest change: ${changeText.subject} ${changeText.what} at ${clock(s.change!.tsNs)} UTC${cite('change')}${changeText.news}.`);
    if (s.failure && failureText) lead.push(`First failure: ${name(s.failure.streamId)} ${failureText.quote} from ${clock(s.failure.tsNs)} UTC${cite('failure')}${failureText.counts}.`);
  } else if (s.failure && failureText) {
    lead.push(`No change to a value, version or configuration was found before the first failure: ${name(s.failure.streamId)} ${failureText.quote} from ${clock(s.failure.tsNs)} UTC${cite('failure')}${failureText.counts}.`);
  }
  if (s.symptom && s.failure && s.path.length > 1) {
    const symLine = entries.get(s.symptom.entryId);
    const through = s.path.map(name).join(' -> ');
    const link = wc.links.find((l) => l.from === s.symptom!.streamId && s.path.includes(l.to) && l.onFailure);
    lead.push(
      `Path to ${name(s.symptom.streamId)}: ${through}` +
        (symLine && n.has('symptom') ? `; ${name(s.symptom.streamId)} ${quote(symLine.line)} from ${clock(s.symptom.tsNs)} UTC${cite('symptom')}` : '') +
        (link ? ` (its failing lines name ${name(link.to)}: ${neutralizeProse(link.evidence)})` : '') +
        (hopSteps.length ? `; in between ${hopSteps.map((h) => `${name(h.streamId)} from ${clock(h.tsNs)}${cite(`hop:${h.streamId}`)}`).join(', ')}` : '') +
        '.',
    );
  }
  const aside = setAsideWords(s.setAside, entries, name);
  if (aside) lead.push(aside);
  return { evidence, lead };
}

function describeStep(step: StoryStep, e: StoredEntry, name: (id: number) => string): { subject: string; what: string; news: string } {
  const subject = step.subjectStreamId !== undefined ? `${name(step.subjectStreamId)} (${name(step.streamId)})` : name(step.streamId);
  const values = [step.valueChange, ...(step.related ?? [])].filter((v): v is ValueChange => v !== undefined && v.kind !== 'vanished-value');
  const msg = isStructured(e.line) ? lineMessage(e.line) : undefined;
  const what = values.length
    ? `${msg && msg !== e.line ? `${neutralizeProse(msg.slice(0, 60))}, ` : ''}${values.map((v) => describeValue(v, e.line)).join(', ')}`
    : quote(e.line);
  const v = step.valueChange;
  const news = v?.kind === 'new-value' ? `, not in the baseline before` : '';
  // A full stop inside a value or a message would end the lead's first sentence early.
  return { subject, what: what.replace(/([.!?])(?=\s)/g, ','), news };
}

function failureWords(step: StoryStep, e: StoredEntry, wc: WhatChanged): { quote: string; counts: string } {
  const o = step.onset;
  const hour = wc.baseline.endNs - wc.baseline.startNs === 3_600_000_000_000n ? 'the hour before' : 'the baseline';
  const what = o?.kind === 'value' ? `${neutralizeProse(o.key ?? '')}=${neutralizeProse(o.value ?? '')} in ${quote(e.line)}` : quote(e.line);
  const counts = o ? `, ${o.windowCount} ${o.windowCount === 1 ? 'line' : 'lines'} in the window${o.baselineCount ? ` (${o.baselineCount} in ${hour})` : `, none in ${hour}`}` : '';
  return { quote: what, counts };
}

function setAsideWords(aside: WhatChanged['story']['setAside'], entries: Map<number, StoredEntry>, name: (id: number) => string): string | undefined {
  const seen = new Set<string>();
  const items: string[] = [];
  // Unrelated bursts first (they look most like a cause), then stray lines, then old recurring errors.
  const order = { unlinked: 0, 'one-off': 1, recurring: 2 } as const;
  for (const a of [...aside].sort((x, y) => order[x.reason] - order[y.reason])) {
    const key = `${a.streamId}:${a.reason}`;
    const e = entries.get(a.entryId);
    if (seen.has(key) || !e || items.length >= MAX_SET_ASIDE) continue;
    seen.add(key);
    const why = a.reason === 'recurring' ? 'recurring at its usual rate' : a.reason === 'one-off' ? 'a single line' : 'not linked to the failing services';
    items.push(`${name(a.streamId)} ${quote(e.line)} (${why})`);
  }
  return items.length ? `Not presented as causes: ${items.join('; ')}.` : undefined;
}
