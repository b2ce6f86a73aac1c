import type { Store } from '../store/store.js';
import type { RetrieveResult } from '../retrieve/retriever.js';
import { textTerms } from '../retrieve/bm25.js';
import { selectorFor } from '../retrieve/selector.js';
import type { StoredEntry } from '../types.js';
import { parseLeadingTimestamp } from '../ingest/timestamps.js';
import { parseLogfmt } from '../ingest/file.js';
import { exploreUrl, type ExploreTarget } from './explore.js';
import { clock, rfc3339Nano } from '../lib/time.js';
import type { SearchedPeriod } from '../retrieve/bm25.js';
import type { AnswerBody, Citation, Evidence, PatternEvidence } from './types.js';

const CHANGE_REASON = { new: 'new', surge: 'surging', drop: 'dropped' } as const;

/** Change kinds turned into evidence: the first few tell the story; more is noise for a reader. */
const MAX_CHANGE_EVIDENCE = 5;
/** Distinct matching messages the prose lists; the citations hold them all. */
const MAX_PROSE_MATCHES = 5;
/** Lines quoted per matching chunk. */
const LINES_PER_CHUNK = 2;
/** Quoted lines are cut here in prose (the citation keeps the whole line). */
const PROSE_LINE_CHARS = 160;

export interface EvidenceSet {
  evidence: Evidence[];
  patterns: PatternEvidence[];
}

/**
 * Control, format (bidi embeddings, overrides and isolates, zero-width characters, joiners, BOM,
 * soft hyphen, Unicode tags) and line/paragraph separator characters: from a log line they could
 * start a line of their own in prose ("\nSYSTEM: ...") or reorder the text after them.
 */
const UNSAFE_PROSE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const UNSAFE_PROSE_KEEP_NL = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * Text from log lines made safe for answer prose: each such character is written as a visible
 * escape (\n, \u202E), a tab as a space. Citation lines keep them (escaped on the wire only).
 * keepNewlines: the prose's own line breaks stay (the LLM's paragraphs, the extractive sections).
 */
export function neutralizeProse(text: string, opts: { keepNewlines?: boolean } = {}): string {
  return text.replace(opts.keepNewlines ? UNSAFE_PROSE_KEEP_NL : UNSAFE_PROSE, (c) => {
    if (c === '\t') return ' ';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    const cp = c.codePointAt(0)!;
    return cp > 0xffff ? `\\u{${cp.toString(16).toUpperCase()}}` : `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

function lineScore(line: string, terms: ReadonlySet<string>): number {
  let s = 0;
  for (const w of textTerms(line)) {
    for (const t of terms) if (w.startsWith(t.slice(0, Math.max(4, t.length - 3)))) s++;
  }
  return s;
}

/** What collectEvidence reads of a store: the embedded Store, or chunks and lines another backend returned. */
export type EvidenceSource = Pick<Store, 'chunk' | 'chunks' | 'chunkEntries' | 'entryChunkIds'>;

/**
 * Turns retrieval results into numbered evidence: change evidence first (new or surging kinds of
 * lines, earliest first), then the chunks that best match the question's words.
 */
export function collectEvidence(store: EvidenceSource, r: RetrieveResult, maxChunks: number): EvidenceSet {
  const evidence: Evidence[] = [];
  const usedEntries = new Set<number>();
  const patterns: PatternEvidence[] = [];
  const changes = r.changes.filter((c) => c.exampleEntryIds.length > 0).slice(0, MAX_CHANGE_EVIDENCE);
  const chunkOf = store.entryChunkIds(changes.map((c) => c.exampleEntryIds[0]));
  for (const c of changes) {
    const entryId = c.exampleEntryIds[0];
    const reason = CHANGE_REASON[c.kind];
    const chunkId = chunkOf.get(entryId);
    if (chunkId === undefined) continue;
    const chunk = store.chunk(chunkId)!;
    const entry = store.chunkEntries(chunkId).find((e) => e.id === entryId)!;
    usedEntries.add(entryId);
    evidence.push({
      n: evidence.length + 1,
      chunkId,
      tenant: chunk.tenant,
      labels: chunk.labels,
      startNs: chunk.startNs,
      endNs: chunk.endNs,
      reason,
      lines: [{ entryId, tsNs: entry.tsNs, line: entry.line, count: c.kind === 'drop' ? c.baselineCount : c.windowCount }],
    });
    patterns.push({
      stream: selectorFor(chunk.labels),
      template: c.template,
      count: c.windowCount,
      baselineCount: c.baselineCount,
      firstSeenNs: c.firstSeenNs ?? entry.tsNs,
      kind: reason,
    });
  }
  const terms = new Set(r.parsed.terms);
  const chunks = store.chunks(r.candidates.slice(0, maxChunks).map((c) => c.chunkId));
  for (const chunk of chunks) {
    const entries = store.chunkEntries(chunk.id).filter((e) => !usedEntries.has(e.id));
    if (entries.length === 0) continue;
    const best = pickLines(entries, terms);
    for (const g of best) usedEntries.add(g.first.id);
    evidence.push({
      n: evidence.length + 1,
      chunkId: chunk.id,
      tenant: chunk.tenant,
      labels: chunk.labels,
      startNs: chunk.startNs,
      endNs: chunk.endNs,
      reason: 'match',
      lines: best.map((g) => ({
        entryId: g.first.id,
        tsNs: g.first.tsNs,
        line: g.first.line,
        ...(g.count > 1 ? { count: g.count, lastNs: g.lastNs } : {}),
      })),
    });
  }
  return { evidence, patterns };
}

interface LineGroup {
  first: StoredEntry;
  count: number;
  lastNs: bigint;
  order: number;
}

/** Lines of one template are one group (shown once with a count); best-matching groups first. */
function pickLines(entries: StoredEntry[], terms: ReadonlySet<string>): LineGroup[] {
  const groups = new Map<string, LineGroup>();
  entries.forEach((e, i) => {
    const key = e.templateId === null ? `e${e.id}` : `t${e.templateId}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      if (e.tsNs > g.lastNs) g.lastNs = e.tsNs;
    } else groups.set(key, { first: e, count: 1, lastNs: e.tsNs, order: i });
  });
  return [...groups.values()]
    .map((g) => ({ g, s: lineScore(g.first.line, terms) }))
    .sort((a, b) => b.s - a.s || a.g.order - b.g.order)
    .slice(0, LINES_PER_CHUNK)
    .map((x) => x.g); // best first: prose quotes lines[0]
}

export function citationsFor(evidence: readonly Evidence[], target: ExploreTarget): Citation[] {
  return evidence.flatMap((ev) =>
    ev.lines.map((l) => ({
      n: ev.n,
      chunkId: ev.chunkId,
      entryId: l.entryId,
      tenant: ev.tenant,
      labels: ev.labels,
      ts: rfc3339Nano(l.tsNs),
      tsNs: l.tsNs.toString(),
      line: l.line,
      ...(l.count !== undefined ? { count: l.count } : {}),
      ...(l.lastNs !== undefined ? { lastTs: rfc3339Nano(l.lastNs) } : {}),
      reason: ev.reason,
      exploreUrl: exploreUrl(target, ev.labels, l.tsNs),
    })),
  );
}

function streamName(labels: Record<string, string>): string {
  return neutralizeProse(labels.job ?? labels.service ?? labels.app ?? labels.service_name ?? selectorFor(labels));
}

/** The human part of a structured line: its message and error fields. */
function structuredMessage(line: string): string | undefined {
  let fields: Record<string, unknown> | undefined;
  if (line.startsWith('{')) {
    try {
      fields = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  } else if (/^\w+=/.test(line)) {
    fields = parseLogfmt(line);
  }
  if (!fields) return undefined;
  const msg = fields.msg ?? fields.message ?? fields.event;
  if (typeof msg !== 'string') return undefined;
  const err = fields.error ?? fields.err ?? fields.exception;
  return typeof err === 'string' && err ? `${msg}: ${err}` : msg;
}

function quote(line: string): string {
  return `"${neutralizeProse(message(line))}"`;
}

function message(line: string): string {
  const structured = structuredMessage(line);
  if (structured) return cutProse(structured);
  // The citation carries the time; prose quotes the message after the line's own timestamp.
  const ts = line.startsWith('{') ? undefined : parseLeadingTimestamp(line, 2000);
  const msg = ts && ts.end < 40 ? line.slice(ts.end).replace(/^[\s\]|,:-]*(UTC|GMT|Z)?\s*/, '') : line;
  return cutProse(msg);
}

/** Cut to PROSE_LINE_CHARS, never between the two halves of a non-BMP character. */
function cutProse(t: string): string {
  if (t.length <= PROSE_LINE_CHARS) return t;
  let end = PROSE_LINE_CHARS - 1;
  if (/[\ud800-\udbff]/.test(t[end - 1])) end--;
  return `${t.slice(0, end)}…`;
}

/**
 * The answer without an LLM: what changed, in time order, then what matches, every sentence
 * citing its evidence. It only restates evidence, so it cannot invent anything.
 */
export function extractiveAnswer(
  set: EvidenceSet,
  r: RetrieveResult,
  /** A "what changed" story (whatchanged/) leading the answer: its sentences, and its blocks 1..blocks. */
  story?: { lead: readonly string[]; blocks: number },
): AnswerBody {
  const { evidence } = set;
  if (evidence.length === 0) {
    const scope = r.parsed.timeHint ? ` (${r.parsed.timeHint})` : '';
    const older = r.searched ? ` ${searchedNote(r.searched)}` : '';
    return { mode: 'extractive', text: `No stored log lines match this question${scope}. Try a wider time range or other words.${older}` };
  }
  const parts: string[] = [...(story?.lead ?? [])];
  // The story's own blocks are told by its lead; the other evidence follows it.
  const rest = story ? evidence.filter((e) => e.n > story.blocks) : evidence;
  const changes = rest.filter((e) => e.reason !== 'match').sort((a, b) => (a.lines[0].tsNs < b.lines[0].tsNs ? -1 : 1));
  const cause = story ? undefined : evidence.find((e) => e.reason !== 'match');
  if (story && changes.length > 0) {
    const seq = changes.map((e) => `${streamName(e.labels)} ${quote(e.lines[0].line)} from ${clock(e.lines[0].tsNs)} [${e.n}]`).join('; ');
    parts.push(`Other new or surging lines in the window, in time order: ${seq}.`);
  }
  if (cause) {
    const l = cause.lines[0];
    parts.push(
      `Earliest change: ${streamName(cause.labels)} logged ${quote(l.line)} at ${clock(l.tsNs)} UTC [${cause.n}]` +
        `${l.count && l.count > 1 ? `, ${l.count} times in the window` : ''}` +
        `${cause.reason === 'new' ? ', never in the hour before' : cause.reason === 'surging' ? ', far above its rate in the hour before' : ', far below its rate in the hour before'}.`,
    );
    const after = changes.filter((e) => e !== cause);
    if (after.length > 0) {
      const seq = after
        .map((e) => `${streamName(e.labels)} ${quote(e.lines[0].line)} from ${clock(e.lines[0].tsNs)} [${e.n}]`)
        .join('; ');
      parts.push(`Other new or surging lines in the window, in time order: ${seq}.`);
    }
  }
  const matches = rest.filter((e) => e.reason === 'match').sort((a, b) => (a.startNs < b.startNs ? -1 : 1));
  if (matches.length > 0) {
    // The same message from the same service is one item: "from 14:05:55 to 14:10:59 (4 times)".
    const items = new Map<string, { first: bigint; last: bigint; n: number[]; label: string }>();
    for (const e of matches) {
      const label = `${streamName(e.labels)} ${quote(e.lines[0].line)}`;
      const it = items.get(label);
      const t = e.lines[0].tsNs;
      if (it) {
        it.last = t > it.last ? t : it.last;
        it.n.push(e.n);
      } else items.set(label, { first: t, last: t, n: [e.n], label });
    }
    const seq = [...items.values()]
      .slice(0, MAX_PROSE_MATCHES)
      .map((it) =>
        it.n.length === 1
          ? `${clock(it.first)} ${it.label} [${it.n[0]}]`
          : `${clock(it.first)}-${clock(it.last)} ${it.label}, ${it.n.length} times ${it.n.map((n) => `[${n}]`).join('')}`,
      )
      .join('; ');
    parts.push(`Lines that best match the question, in time order: ${seq}.`);
  }
  if (r.searched) parts.push(searchedNote(r.searched));
  return { mode: 'extractive', text: parts.join('\n') };
}

const minute = (ns: bigint) => rfc3339Nano(ns).slice(0, 16).replace('T', ' ');

/** What a question without a time searched, when the store holds older data it did not read. */
export function searchedNote(s: SearchedPeriod): string {
  return `Searched the newest data, ${minute(s.startNs)} to ${minute(s.endNs)} UTC; older lines were not searched: give a time range to search them.`;
}
