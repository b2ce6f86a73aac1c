// The "what changed" analysis of a window against its baseline, in SQL over the store, bounded in
// rows (each scan has a cap; a capped result is flagged `partial`):
//   1. rates: lines per minute of each kind of line (stream, template), window and baseline;
//   2. values: a bounded sample of each kind's entries and their slot values (values/ store);
//   3. onsets: new or surging kinds, and error values of a slot, departing from a robust baseline;
//   4. value changes: new and vanished category values, numeric shifts, saturation, climbs, and
//      new kinds of line that are an old kind with other words (the miner split them off);
//   5. change lines: lines announcing a deploy, rollout, restart, reload, migration, scale, flag
//      or version;
//   6. links between services named in each other's lines or sharing identifiers;
//   7. the story: first change -> first failure -> path to the symptom (story.ts).
// Its cost follows the lines of the window and baseline (a sample of every kind's lines and their
// values), not the store: reads come back in bulk and exact look-ups stay inside the kinds' id
// ranges. Per-kind summaries kept at ingest were measured and not used: at the scale bench's
// density (32k lines an hour, ~1,000 kinds in 90 minutes) they hold 9.4k (kind, minute) cells for
// 46k lines and 133k (kind, slot, value, minute) cells for 197k values, and the decisions read
// one sampled line's values together (used/max pairs, a failing line's ids, a sample's level
// majority, numbers in time order) and window-relative minute buckets, which summaries lose.
import type { Database } from 'better-sqlite3';
import type { TimeWindow } from '../types.js';
import { ServiceNames, findLinks } from './links.js';
import { kindRates, rateGrid, templateOnsets, type KindRates } from './rates.js';
import { buildStory } from './story.js';
import type { ChangeLine, Onset, ValueChange, WhatChanged, WhatChangedQuery } from './types.js';
import { analyzeValues, kindKey, sampleKinds, siblingChanges, type KindSample } from './values.js';
import { CHANGE_WORDS, ERROR_LEVELS, ERROR_WORDS, errorLikeValue, LEVEL_KEY, VERSION_VALUE } from './words.js';

/** Default baseline: the hour before the window, as template change analysis uses. */
export const BASELINE_NS = 3_600_000_000_000n;
/**
 * A kind of line logged more often than this in the window is routine traffic, not an announcement
 * (a request log carrying a "version" field): a deploy or reload is a handful of lines.
 */
export const ANNOUNCE_MAX_LINES = 60;
/** Announcing lines read per kind: the first ones tell when the change began. */
export const ANNOUNCE_LINES_PER_KIND = 10;
/** Value changes returned: the story uses the first few; the API lists these, earliest first. */
export const MAX_VALUE_CHANGES = 50;
/** Onsets returned, earliest first. */
export const MAX_ONSETS = 50;

/** A kind's template text without its wildcards, for word tests. */
const constant = (template: string) => template.replace(/<\*>/g, ' ');

/** A kind reads like a failure: its words, or the level most of its sampled window lines carry. */
function errorLikeKind(k: KindRates, s: KindSample | undefined): boolean {
  if (ERROR_WORDS.test(constant(k.template))) return true;
  if (!s) return false;
  let levels = 0;
  let errors = 0;
  for (const e of s.entries) {
    if (e.side !== 1) continue;
    const lv = e.values.find((v) => LEVEL_KEY.test(v.key));
    if (!lv) continue;
    levels++;
    if (ERROR_LEVELS.test(lv.text)) errors++;
  }
  return levels > 0 && errors * 2 > levels;
}

export interface AnalyzeOptions {
  /**
   * Exact look-ups bounded by the entry ids the rate scan read (values.ts, Exact); false reads
   * them by value and time only, as before the bound (benches and tests compare the two).
   */
  boundLookups?: boolean;
}

export function analyzeWhatChanged(db: Database, q: WhatChangedQuery, opts: AnalyzeOptions = {}): WhatChanged {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[`${name}Ms`] = now - t;
    t = now;
  };
  const window = q.window;
  const baseline = q.baseline ?? { startNs: window.startNs - BASELINE_NS, endNs: window.startNs };
  const empty = (partial = false): WhatChanged => ({ window, baseline, valueChanges: [], onsets: [], changeLines: [], links: [], story: { path: [], setAside: [] }, partial, timings });
  if (window.endNs <= window.startNs || baseline.endNs <= baseline.startNs || (q.streamIds && q.streamIds.length === 0)) return empty();

  const grid = rateGrid(window, baseline);
  const rates = kindRates(db, { tenant: q.tenant, streamIds: q.streamIds, window, baseline }, grid);
  lap('rates');
  if (rates.kinds.size === 0) return empty(rates.partial);
  const sampled = sampleKinds(db, rates.kinds, window, baseline);
  lap('sample');
  const errorLike = new Map<string, boolean>();
  for (const [key, k] of rates.kinds) errorLike.set(key, errorLikeKind(k, sampled.samples.get(key)));
  const isErrorLike = (k: KindRates) => errorLike.get(kindKey(k.streamId, k.templateId)) ?? false;

  const onsets: Onset[] = templateOnsets(rates.kinds.values(), window.endNs - window.startNs, baseline.endNs - baseline.startNs, isErrorLike);
  lap('onsets');

  // Error values are onsets of their own only in kinds that are neither new nor failing as a whole.
  const values = analyzeValues(db, sampled.samples, window, baseline, grid, (s) => isErrorLike(s.kind), !rates.partial && (opts.boundLookups ?? true));
  onsets.push(...values.onsets);
  onsets.sort((a, b) => (a.onsetNs < b.onsetNs ? -1 : a.onsetNs > b.onsetNs ? 1 : 0));
  const valueChanges: ValueChange[] = [...values.changes];
  valueChanges.push(...siblingChanges(rates.kinds.values()));
  valueChanges.sort((a, b) => (a.firstNs < b.firstNs ? -1 : a.firstNs > b.firstNs ? 1 : 0));
  lap('values');

  const changeLines = announcements(db, sampled.samples, window, isErrorLike);
  // An announcing kind new in the window has no baseline to hold its values against: the versions
  // and image references its lines name are its new values.
  for (const l of changeLines) {
    const k = rates.kinds.get(kindKey(l.streamId, l.templateId));
    if (!k || k.baselineCount > 0 || valueChanges.some((v) => v.entryId === l.entryId)) continue;
    valueChanges.push(...versionsIn(l));
  }
  lap('announcements');

  const names = new ServiceNames(db, [...rates.kinds.values()].map((k) => k.streamId));
  const valueFailures = new Map<string, Set<string>>();
  for (const o of values.onsets) {
    const key = kindKey(o.streamId, o.templateId);
    valueFailures.set(key, (valueFailures.get(key) ?? new Set()).add(`${o.key}\u0000${o.value}`));
  }
  const links = findLinks(db, sampled.samples.values(), names, window, (s) => {
    const key = kindKey(s.kind.streamId, s.kind.templateId);
    const bad = valueFailures.get(key);
    const entries = new Set<number>();
    if (bad) for (const e of s.entries) if (e.side === 1 && e.values.some((v) => bad.has(`${v.key}\u0000${v.text}`) && errorLikeValue(v.key, v.text))) entries.add(e.id);
    return { all: isErrorLike(s.kind) && onsets.some((o) => o.streamId === s.kind.streamId && o.templateId === s.kind.templateId && !o.oneOff), entries };
  });
  lap('links');

  const withOnset = new Set(onsets.filter((o) => o.kind !== 'value').map((o) => kindKey(o.streamId, o.templateId)));
  const recurring = [...rates.kinds.entries()]
    .filter(([key, k]) => k.windowCount > 0 && k.baselineCount > 0 && isErrorLike(k) && !withOnset.has(key))
    .map(([, k]) => ({ streamId: k.streamId, templateId: k.templateId, template: k.template, entryId: k.firstId.find((x) => x !== undefined)! }));
  const story = buildStory({ onsets, valueChanges, changeLines, links, names, symptomStreamIds: q.symptomStreamIds, recurring });
  lap('story');
  return {
    window,
    baseline,
    valueChanges: valueChanges.slice(0, MAX_VALUE_CHANGES),
    onsets: onsets.slice(0, MAX_ONSETS),
    changeLines,
    links,
    story,
    partial: rates.partial || sampled.partial,
    timings,
  };
}

/** Lines of the window announcing a change: kinds whose words say so, not failing, not routine traffic. */
function announcements(db: Database, samples: Map<string, KindSample>, window: TimeWindow, isErrorLike: (k: KindRates) => boolean): ChangeLine[] {
  const out: ChangeLine[] = [];
  const read = db
    .prepare('SELECT id, ts_ns, line FROM entries WHERE stream_id = ? AND ts_ns >= ? AND ts_ns < ? AND template_id IN (SELECT value FROM json_each(?)) ORDER BY ts_ns LIMIT ?')
    .safeIntegers(true);
  // One global copy for every kind: match() starts a global search at 0 whatever the last one left.
  const changeWords = new RegExp(CHANGE_WORDS.source, 'gi');
  for (const s of samples.values()) {
    const k = s.kind;
    if (k.windowCount === 0 || k.windowCount > ANNOUNCE_MAX_LINES || isErrorLike(k)) continue;
    const words = constant(k.template).match(changeWords);
    if (!words) continue;
    for (const r of read.all(k.streamId, window.startNs, window.endNs, JSON.stringify(s.members), ANNOUNCE_LINES_PER_KIND) as { id: bigint; ts_ns: bigint; line: string }[]) {
      out.push({ entryId: Number(r.id), tsNs: r.ts_ns, streamId: k.streamId, templateId: k.templateId, template: k.template, words: [...new Set(words.map((w) => w.toLowerCase()))], line: r.line });
    }
  }
  return out.sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0));
}

/** Version-shaped words of an announcing line ("payments:1.9.0", "v2.3.1") as new values of the slot named by the word before. */
function versionsIn(l: ChangeLine): ValueChange[] {
  const out: ValueChange[] = [];
  const toks = l.line.split(/\s+/).map((t) => t.replace(/^["'([{]+|["')\]},;.]+$/g, ''));
  toks.forEach((tok, i) => {
    const value = tok.includes('=') ? tok.slice(tok.indexOf('=') + 1) : tok;
    // a time ("14:10:01Z") is not a version
    if (!VERSION_VALUE.test(value) || /^\d{4}-\d{2}-\d{2}|^\d{1,2}:\d{2}/.test(value) || value.length > 200) return;
    const key = tok.includes('=') ? tok.slice(0, tok.indexOf('=')).toLowerCase() : (toks[i - 1] ?? '').replace(/[^\w-]+/g, '').toLowerCase();
    out.push({ kind: 'new-value', streamId: l.streamId, templateId: l.templateId, template: l.template, key, values: [value], before: [], firstNs: l.tsNs, entryId: l.entryId, count: 1, errorLike: false });
  });
  return out;
}
