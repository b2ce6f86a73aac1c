// Counts per time bucket, in SQL over the store, of each kind of line an answer cites: the
// picture under the answer (a graph per kind, with when each started and its role), plus the
// LogQL metric query that draws the same series from Loki. Bounded in rows (a capped count says
// `partial`) and in buckets (at most MAX_BUCKETS per series).
import type { Database } from 'better-sqlite3';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Store } from '../store/store.js';
import type { Labels, TimeWindow } from '../types.js';
import { exploreQueryUrl } from '../answer/explore.js';
import type { Evidence } from '../answer/types.js';
import { logqlString, selectorOf, templateLiteral, templateMessage } from '../plan/logql.js';
import { valueEquals } from '../plan/sql.js';
import type { Filter } from '../plan/types.js';
import { rfc3339Nano } from '../lib/time.js';
import { bucketGrid, MAX_BUCKETS, type BucketGrid } from './buckets.js';
import type { AnswerSeries, AnswerSeriesItem, SeriesOptions, SeriesRequest, SeriesRole } from './types.js';

/**
 * Entry rows one request counts. The demo's busiest stream writes ~9k lines an hour; 100k rows
 * take ~30 ms on one core here, so a day of a busy stream stays interactive and is flagged partial.
 */
export const DEFAULT_ROW_CAP = 100_000;
/** Series returned at most: an answer cites ~20 lines; the panel folds past 10 into "others". */
export const MAX_SERIES = 30;
/** Margin around the cited lines when the answer has no window: a fifth of their span, at least this. */
const MIN_MARGIN_NS = 5n * 60_000_000_000n;
/** The baseline a surge is measured against: the hour before the window (as change analysis does). */
const BASELINE_NS = 3_600_000_000_000n;
/** A surge starts in the first bucket holding this many times its baseline share, and at least SURGE_MIN lines. */
const SURGE_RATIO = 3;
const SURGE_MIN = 2;
/** Display names are cut here. */
const NAME_CHARS = 60;

const CHANGE = { new: 'new', surging: 'surging', dropped: 'dropped' } as const;

interface Key {
  streamId: number;
  /** Surviving template id; null: any line of the stream (an exact look-up without target kinds). */
  templateId: number | null;
}

interface Acc extends Key {
  id: string;
  /** Read for the series kept only (an exact answer over 20k streams has a key per stream). */
  labels?: Labels;
  template: string;
  reason?: Evidence['reason'];
  citations: Set<number>;
  counts: number[];
  firstNs?: bigint;
  baseline?: number;
}

const keyOf = (k: Key) => `${k.streamId}:${k.templateId ?? '*'}`;

function re2Escape(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The window to draw: the answer's, else the cited lines' span with a margin. */
function windowFor(req: SeriesRequest): TimeWindow | undefined {
  if (req.window && req.window.endNs > req.window.startNs) return req.window;
  const ts = req.evidence.flatMap((e) => e.lines.flatMap((l) => [l.tsNs, ...(l.lastNs !== undefined ? [l.lastNs] : [])]));
  if (ts.length === 0) return undefined;
  const lo = ts.reduce((a, b) => (b < a ? b : a));
  const hi = ts.reduce((a, b) => (b > a ? b : a));
  const margin = (hi - lo) / 5n > MIN_MARGIN_NS ? (hi - lo) / 5n : MIN_MARGIN_NS;
  return { startNs: lo - margin, endNs: hi + margin };
}

function streamName(labels: Labels): string {
  return labels.job ?? labels.service ?? labels.app ?? labels.service_name ?? selectorOf([labels]);
}

/** A JSON line's message even when it holds a wildcard: `"msg":"returning <*> to client"`. */
function jsonMessage(template: string): string | undefined {
  const m = template.startsWith('{') ? /"(?:msg|message|event)"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(template) : null;
  return m?.[1];
}

function displayName(labels: Labels, template: string): string {
  const text = templateMessage(template) ?? jsonMessage(template) ?? templateLiteral(template) ?? template;
  const name = `${streamName(labels)}: ${text}`;
  return name.length > NAME_CHARS ? `${name.slice(0, NAME_CHARS - 1)}…` : name;
}

/** `sum by (job) (count_over_time({...} |= "..." [$__interval]))`: the series as Loki draws it. */
function seriesLogql(labels: Labels, template: string | undefined, filters: readonly Filter[]): { expr: string; approximate: boolean } {
  let pipeline = '';
  const literal = template ? templateLiteral(template) : undefined;
  if (literal) pipeline += ` |= ${logqlString(literal)}`;
  for (const f of filters) pipeline += f.key ? ` |~ ${logqlString(`${re2Escape(f.key)}[=:\\s]+${re2Escape(f.text)}\\b`)}` : ` |= ${logqlString(f.text)}`;
  const by = 'job' in labels ? ['job'] : Object.keys(labels).sort();
  return {
    expr: `sum by (${by.join(', ')}) (count_over_time(${selectorOf([labels])}${pipeline} [$__interval]))`,
    approximate: template !== undefined && literal === undefined,
  };
}

/** Extra WHERE terms for an exact plan's identifier filters, as plan/execute.ts applies them. */
function filterSql(filters: readonly Filter[], streamIds: readonly number[]): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const f of filters) {
    if (f.match === 'value') {
      const eq = valueEquals(f.text);
      parts.push(`e.id IN (SELECT entry_id FROM entry_values WHERE ${eq.sql} ${f.key ? 'AND key = ?' : ''} AND stream_id IN (SELECT value FROM json_each(?)))`);
      params.push(...eq.params, ...(f.key ? [f.key] : []), JSON.stringify(streamIds));
    } else {
      parts.push('instr(e.line, ?) > 0');
      params.push(f.text);
    }
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

export class SeriesBuilder {
  constructor(
    private readonly store: Store,
    private readonly opts: SeriesOptions,
  ) {}

  private get db(): Database {
    return this.store.db;
  }

  /** Yields between its stages: over 20k streams' copies of a kind, each is tens of milliseconds. */
  async build(req: SeriesRequest): Promise<AnswerSeries> {
    // A plan that read its templates names every member: looked up by id, not by a scan for roots.
    const known = req.plan?.route === 'exact' && req.plan.memberIds ? this.membersById(req.plan.memberIds) : undefined;
    const accs = req.plan?.route === 'exact' ? this.planKeys(req, known) : this.evidenceKeys(req.evidence);
    await yieldToLoop();
    // An exact answer without a window covers every matching line: draw their whole span.
    const window = req.plan?.route === 'exact' && !req.window ? this.span([...accs.values()], req.plan.filters, req.plan.streamIds, known) ?? windowFor(req) : windowFor(req);
    if (!window) return { window: null, stepMs: 0, items: [] };
    const grid = bucketGrid(window, this.opts.maxBuckets ?? MAX_BUCKETS);
    const items = [...accs.values()];
    if (items.length === 0) return { window: this.wire(grid), stepMs: Number(grid.stepNs / 1_000_000n), items: [] };
    for (const a of items) a.counts = new Array<number>(grid.buckets).fill(0);
    const filters = req.plan?.route === 'exact' ? req.plan.filters : [];
    await yieldToLoop();
    const partial = this.count(items, grid, filters, req.plan?.streamIds ?? [], known);
    await yieldToLoop();
    const surging = items.filter((a) => a.reason === 'surging');
    if (surging.length) this.baseline(surging, window.startNs);
    // Ranked before they are built: an exact answer over 20k streams has a key per stream, and
    // building each (names, LogQL, Explore links) took 0.4 s of the event loop for the 30 kept.
    const out = items
      .map((a) => ({ a, onsetNs: onsetOf(a, grid), total: a.counts.reduce((x, y) => x + y, 0) }))
      .sort((x, y) =>
        x.onsetNs !== undefined && y.onsetNs !== undefined
          ? x.onsetNs < y.onsetNs ? -1 : x.onsetNs > y.onsetNs ? 1 : 0
          : x.onsetNs !== undefined ? -1 : y.onsetNs !== undefined ? 1 : y.total - x.total,
      )
      .slice(0, this.opts.maxSeries ?? MAX_SERIES)
      .map((r) => this.item(r.a, grid, filters, r.onsetNs, r.total));
    assignRoles(out, (labels) => matchesHints(labels, req.hints ?? {}));
    return { window: this.wire(grid), stepMs: Number(grid.stepNs / 1_000_000n), items: out, ...(partial ? { partial: true } : {}) };
  }

  private wire(grid: BucketGrid): AnswerSeries['window'] {
    return { start: rfc3339Nano(grid.startNs), end: rfc3339Nano(grid.endNs) };
  }

  /** One series per (stream, template) of the cited lines; a change's reason wins over a match. */
  private evidenceKeys(evidence: readonly Evidence[]): Map<string, Acc> {
    const ids = evidence.flatMap((e) => e.lines.map((l) => l.entryId));
    const entries = this.store.entriesByIds(ids);
    const tids = [...new Set([...entries.values()].map((e) => e.templateId).filter((t): t is number => t !== null))];
    const roots = new Map<number, { root: number; template: string }>();
    if (tids.length) {
      const rows = this.db
        .prepare(
          `SELECT t.id, COALESCE(t.merged_into, t.id) AS root, r.template FROM templates t JOIN templates r ON r.id = COALESCE(t.merged_into, t.id)
            WHERE t.id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(tids)) as { id: number; root: number; template: string }[];
      for (const r of rows) roots.set(r.id, { root: r.root, template: r.template });
    }
    const out = new Map<string, Acc>();
    for (const ev of evidence) {
      for (const l of ev.lines) {
        const e = entries.get(l.entryId);
        const t = e?.templateId != null ? roots.get(e.templateId) : undefined;
        if (!e || !t) continue;
        const key = { streamId: e.streamId, templateId: t.root };
        const id = keyOf(key);
        let a = out.get(id);
        if (!a) {
          a = { ...key, id, labels: ev.labels, template: t.template, citations: new Set(), counts: [] };
          out.set(id, a);
        }
        a.citations.add(ev.n);
        // The change that cites this kind (its first line) names it; matches do not override it.
        if (ev.reason !== 'match' && (a.reason === undefined || a.reason === 'match')) a.reason = ev.reason;
        else if (a.reason === undefined) a.reason = 'match';
      }
    }
    return out;
  }

  /** An exact answer: one series per target kind, or per stream when the plan names no kinds. */
  private planKeys(req: SeriesRequest, known?: Map<number, number>): Map<string, Acc> {
    const plan = req.plan!;
    const out = new Map<string, Acc>();
    const entries = this.store.entriesByIds(req.evidence.flatMap((e) => e.lines.map((l) => l.entryId)));
    const keys: (Key & { template: string })[] = plan.targets.length
      ? plan.targets.map((t) => ({ streamId: t.streamId, templateId: t.templateId, template: t.template }))
      : plan.streamIds.map((s) => ({ streamId: s, templateId: null, template: '' }));
    const members = known ?? this.members(keys.map((k) => k.templateId).filter((t): t is number => t !== null));
    for (const k of keys) {
      const id = keyOf(k);
      const citations = new Set<number>();
      for (const ev of req.evidence) {
        for (const l of ev.lines) {
          const e = entries.get(l.entryId);
          if (e && e.streamId === k.streamId && (k.templateId === null || (e.templateId !== null && members.get(e.templateId) === k.templateId))) citations.add(ev.n);
        }
      }
      // Streams of a look-up that hold none of the cited lines add nothing to the picture.
      if (k.templateId === null && citations.size === 0) continue;
      out.set(id, { ...k, id, template: k.template, reason: 'match', citations, counts: [] });
    }
    return out;
  }

  /** These template ids mapped to their roots (one lookup each by primary key). */
  private membersById(ids: readonly number[]): Map<number, number> {
    const m = new Map<number, number>();
    const rows = this.db
      .prepare('SELECT id, COALESCE(merged_into, id) AS root FROM templates WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids)) as { id: number; root: number }[];
    for (const r of rows) m.set(r.id, r.root);
    return m;
  }

  /** Every template id merged into each root, mapped to its root. */
  private members(roots: readonly number[]): Map<number, number> {
    const m = new Map<number, number>();
    if (roots.length === 0) return m;
    const rows = this.db
      .prepare('SELECT id, COALESCE(merged_into, id) AS root FROM templates WHERE COALESCE(merged_into, id) IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(roots)) as { id: number; root: number }[];
    for (const r of rows) m.set(r.id, r.root);
    return m;
  }

  /** The first and last line of the series' kinds (with the filters), over at most the row cap of them, with a margin. */
  private span(items: Acc[], filters: readonly Filter[], planStreams: readonly number[], known?: Map<number, number>): TimeWindow | undefined {
    if (items.length === 0) return undefined;
    const streams = [...new Set(items.map((a) => a.streamId))];
    const anyLine = items.some((a) => a.templateId === null);
    const members = known ?? this.members(items.filter((a) => a.templateId !== null).map((a) => a.templateId!));
    const f = filterSql(filters, planStreams.length ? planStreams : streams);
    // Template ids are per stream: with the members known, the streams are implied.
    const byMembers = known !== undefined && !anyLine;
    const row = this.db
      .prepare(
        `SELECT min(ts) AS lo, max(ts) AS hi FROM (
           SELECT e.ts_ns AS ts FROM entries e WHERE ${byMembers ? '1' : 'e.stream_id IN (SELECT value FROM json_each(?))'}
             ${anyLine ? '' : 'AND e.template_id IN (SELECT value FROM json_each(?))'}${f.sql} LIMIT ?)`,
      )
      .safeIntegers(true)
      .get(...(byMembers ? [] : [JSON.stringify(streams)]), ...(anyLine ? [] : [JSON.stringify([...members.keys()])]), ...f.params, this.opts.rowCap ?? DEFAULT_ROW_CAP) as
      | { lo: bigint | null; hi: bigint | null }
      | undefined;
    if (!row || row.lo === null || row.hi === null) return undefined;
    const margin = (row.hi - row.lo) / 20n > 60_000_000_000n ? (row.hi - row.lo) / 20n : 60_000_000_000n;
    return { startNs: row.lo - margin, endNs: row.hi + margin };
  }

  /** Fills each series' buckets and first line in one bounded scan; true when the row cap stopped it. */
  private count(items: Acc[], grid: BucketGrid, filters: readonly Filter[], planStreams: readonly number[], known?: Map<number, number>): boolean {
    const cap = this.opts.rowCap ?? DEFAULT_ROW_CAP;
    const streams = [...new Set(items.map((a) => a.streamId))];
    const withTemplate = items.filter((a) => a.templateId !== null);
    const members = known ?? this.members(withTemplate.map((a) => a.templateId!));
    const byKey = new Map(items.map((a) => [a.id, a]));
    // Series without a template (a look-up's streams) count every filtered line of their stream.
    const anyLine = items.some((a) => a.templateId === null);
    const f = filterSql(filters, planStreams.length ? planStreams : streams);
    const byMembers = known !== undefined && !anyLine;
    const rows = this.db
      .prepare(
        `SELECT s, t, b, count(*) AS n, min(ts) AS first FROM (
           SELECT e.stream_id AS s, e.template_id AS t, (e.ts_ns - ?) / ? AS b, e.ts_ns AS ts FROM entries e
            WHERE ${byMembers ? '1' : 'e.stream_id IN (SELECT value FROM json_each(?))'} AND e.ts_ns >= ? AND e.ts_ns < ?
              ${anyLine ? '' : 'AND e.template_id IN (SELECT value FROM json_each(?))'}${f.sql}
            LIMIT ?)
         GROUP BY s, t, b`,
      )
      .safeIntegers(true)
      .all(
        grid.startNs,
        grid.stepNs,
        ...(byMembers ? [] : [JSON.stringify(streams)]),
        grid.startNs,
        grid.endNs,
        ...(anyLine ? [] : [JSON.stringify([...members.keys()])]),
        ...f.params,
        cap,
      ) as { s: bigint; t: bigint | null; b: bigint; n: bigint; first: bigint }[];
    let total = 0;
    for (const r of rows) {
      const streamId = Number(r.s);
      const root = r.t === null ? undefined : members.get(Number(r.t));
      const a = (root !== undefined ? byKey.get(keyOf({ streamId, templateId: root })) : undefined) ?? byKey.get(keyOf({ streamId, templateId: null }));
      if (!a) continue;
      const n = Number(r.n);
      total += n;
      a.counts[Number(r.b)] += n;
      if (a.firstNs === undefined || r.first < a.firstNs) a.firstNs = r.first;
    }
    return total >= cap;
  }

  /** Lines of each surging kind in the hour before the window (bounded like the main count). */
  private baseline(items: Acc[], windowStartNs: bigint): void {
    const members = this.members(items.map((a) => a.templateId!));
    const rows = this.db
      .prepare(
        `SELECT s, t, count(*) AS n FROM (
           SELECT stream_id AS s, template_id AS t FROM entries
            WHERE stream_id IN (SELECT value FROM json_each(?)) AND template_id IN (SELECT value FROM json_each(?)) AND ts_ns >= ? AND ts_ns < ?
            LIMIT ?)
         GROUP BY s, t`,
      )
      .all(JSON.stringify([...new Set(items.map((a) => a.streamId))]), JSON.stringify([...members.keys()]), windowStartNs - BASELINE_NS, windowStartNs, this.opts.rowCap ?? DEFAULT_ROW_CAP) as {
      s: number;
      t: number;
      n: number;
    }[];
    const byKey = new Map(items.map((a) => [a.id, a]));
    for (const a of items) a.baseline = 0;
    for (const r of rows) {
      const a = byKey.get(keyOf({ streamId: r.s, templateId: members.get(r.t) ?? r.t }));
      if (a) a.baseline! += r.n;
    }
  }

  private item(acc: Acc, grid: BucketGrid, filters: readonly Filter[], onsetNs: bigint | undefined, total: number): AnswerSeriesItem {
    const a = { ...acc, labels: acc.labels ?? this.store.stream(acc.streamId)?.labels ?? {} };
    const q = seriesLogql(a.labels, a.templateId === null ? undefined : a.template, filters);
    return {
      id: a.id,
      name: a.templateId === null ? `${streamName(a.labels)}: ${filters.map((f) => f.text).join(' ') || 'lines'}` : displayName(a.labels, a.template),
      role: 'match',
      ...(a.reason && a.reason !== 'match' ? { change: CHANGE[a.reason] } : {}),
      stream: selectorOf([a.labels]),
      labels: a.labels,
      template: a.template,
      ...(onsetNs !== undefined ? { onset: rfc3339Nano(onsetNs) } : {}),
      counts: a.counts,
      total,
      citations: [...a.citations].sort((x, y) => x - y),
      logql: q.expr,
      // Explore's range query (its `log` kind) draws a metric query as a graph over the window.
      exploreUrl: exploreQueryUrl(this.opts.explore, q.expr, { startNs: grid.startNs, endNs: grid.endNs }, 'log'),
      ...(q.approximate ? { approximate: true } : {}),
    };
  }
}

/**
 * When a kind of line started: a new kind at its first line in the window; a surging kind at the
 * first bucket well above its baseline share (its first line may be routine). Unknown otherwise.
 */
function onsetOf(a: Acc, grid: BucketGrid): bigint | undefined {
  if (a.reason === 'new') return a.firstNs;
  if (a.reason !== 'surging') return undefined;
  const perBucket = ((a.baseline ?? 0) * Number(grid.stepNs)) / Number(BASELINE_NS);
  const threshold = Math.max(SURGE_MIN, SURGE_RATIO * perBucket);
  const i = a.counts.findIndex((n) => n >= threshold);
  if (i < 0) return a.firstNs;
  const bucketStart = grid.startNs + BigInt(i) * grid.stepNs;
  // The first line of that bucket is not known without another read: its start, or the first line if later.
  return a.firstNs !== undefined && a.firstNs > bucketStart ? a.firstNs : bucketStart;
}

function matchesHints(labels: Labels, hints: Readonly<Record<string, string>>): boolean {
  const named = Object.entries(hints);
  return named.length > 0 && named.every(([k, v]) => Object.hasOwn(labels, k) && labels[k].toLowerCase() === v.toLowerCase());
}

/**
 * Roles: a change in the streams the question names is the symptom; a change elsewhere that
 * started before the earliest symptom is a cause candidate; without a symptom to anchor on, the
 * earliest change is. Other changes stay `change`; cited matches stay `match`.
 */
export function assignRoles(items: AnswerSeriesItem[], isSymptomStream: (labels: Labels) => boolean): void {
  const started = items.filter((i) => i.change && i.change !== 'dropped');
  const symptoms = started.filter((i) => isSymptomStream(i.labels));
  const anchor = symptoms
    .map((i) => i.onset)
    .filter((o): o is string => o !== undefined)
    .sort()[0];
  const earliest = started
    .filter((i) => !isSymptomStream(i.labels) && i.onset)
    .sort((a, b) => (a.onset! < b.onset! ? -1 : 1))[0];
  for (const i of items) {
    let role: SeriesRole = 'match';
    if (i.change === 'dropped') role = 'change';
    else if (i.change) {
      if (isSymptomStream(i.labels)) role = 'symptom';
      else if (anchor !== undefined) role = i.onset !== undefined && i.onset < anchor ? 'cause' : 'change';
      else role = i === earliest ? 'cause' : 'change';
    }
    i.role = role;
  }
}
