import type { StoredEntry } from '../types.js';
import { isContinuation } from './entries.js';

export interface ChunkerOptions {
  /** Upper bound of a chunk's estimated tokens (a single oversized entry still forms one chunk). */
  maxTokens: number;
  /** Entries further apart than this start a new chunk. */
  maxGapNs: bigint;
}

export interface PlannedChunk {
  entries: StoredEntry[];
  startNs: bigint;
  endNs: bigint;
  text: string;
  tokenCount: number;
  templateIds: number[];
}

/**
 * Estimated tokens: words and punctuation runs. Within ~20% of MiniLM's WordPiece count on log
 * lines, which is what the budget needs; the exact count would cost a tokenizer call per line.
 */
export function estimateTokens(text: string): number {
  const m = text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu);
  return m ? m.length : 0;
}

/** A logical entry: a head line plus the trace lines that continue it. */
interface LogicalEntry {
  entries: StoredEntry[];
  tokens: number;
}

export function groupLogicalEntries(entries: readonly StoredEntry[]): LogicalEntry[] {
  const out: LogicalEntry[] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    const tokens = estimateTokens(e.line);
    if (last && isContinuation(e.line)) {
      last.entries.push(e);
      last.tokens += tokens;
    } else {
      out.push({ entries: [e], tokens });
    }
  }
  return out;
}

/**
 * Packs consecutive entries of ONE stream into chunks under a token budget, never cutting a
 * logical entry. With `final` false the trailing partial chunk is held back (returned in
 * `pending`) so that a live tail does not produce a flood of one-line chunks; callers flush it
 * once it is full, old, or the source ends.
 */
export function planChunks(
  entries: readonly StoredEntry[],
  opts: ChunkerOptions,
  final: boolean,
): { chunks: PlannedChunk[]; pending: StoredEntry[] } {
  const logical = groupLogicalEntries(entries);
  const chunks: PlannedChunk[] = [];
  let cur: LogicalEntry[] = [];
  let curTokens = 0;
  const flush = () => {
    if (cur.length === 0) return;
    const es = cur.flatMap((l) => l.entries);
    const templateIds = [...new Set(es.map((e) => e.templateId).filter((t): t is number => t !== null))];
    chunks.push({
      entries: es,
      startNs: es[0].tsNs,
      endNs: es[es.length - 1].tsNs,
      text: es.map((e) => e.line).join('\n'),
      tokenCount: curTokens,
      templateIds,
    });
    cur = [];
    curTokens = 0;
  };
  for (const le of logical) {
    const prev = cur[cur.length - 1];
    const gap = prev ? le.entries[0].tsNs - prev.entries[prev.entries.length - 1].tsNs : 0n;
    if (cur.length > 0 && (curTokens + le.tokens > opts.maxTokens || gap > opts.maxGapNs)) flush();
    cur.push(le);
    curTokens += le.tokens;
  }
  if (final) {
    flush();
    return { chunks, pending: [] };
  }
  return { chunks, pending: cur.flatMap((l) => l.entries) };
}
