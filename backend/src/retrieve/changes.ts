import type { Store } from '../store/store.js';
import type { StoredEntry, TimeWindow } from '../types.js';

// "What changed": kinds of lines that appear in a window but not in the baseline before it, or
// surge against it. A kind is the entry's mined template when it has one, else its text with the
// variable parts masked, so "pool exhausted (12 waiting)" and "(40 waiting)" are one kind.

/** Entries read per window; beyond this the analysis samples the earliest, which is what "since when" needs. */
const MAX_WINDOW_ENTRIES = 200_000;
/** A kind seen at least this often in the window is a burst: a cause repeats, a stray line does not. */
const BURST_MIN = 3;
/** A kind surges when its rate is at least this many times its baseline rate. */
const SURGE_RATIO = 5;
/** ...and it occurs at least this often in the window, so one stray line is not a "surge". */
const SURGE_MIN_COUNT = 5;

const ERRORISH = /\b(error|err|fatal|fail(ed|ure|ing)?|exception|timeout|timed out|refused|exhausted|unavailable|denied|panic|critical|reset|5\d\d|unreachable|killed|oom|deadlock|lock wait|waiting for \w*lock)\b/i;

export function maskLine(line: string): string {
  return line
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<*>')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<*>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<*>')
    .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{6,}\b/gi, '<*>')
    .replace(/\d+(\.\d+)?/g, '<*>')
    .replace(/(<\*>[\s:.,/-]*)+<\*>/g, '<*>');
}

export interface ChangedKind {
  streamId: number;
  kind: 'new' | 'surging';
  signature: string;
  count: number;
  baselineCount: number;
  firstSeenNs: bigint;
  errorish: boolean;
  /** Entry ids of the first few occurrences in the window. */
  exampleEntryIds: number[];
}

function kindKey(e: StoredEntry): string {
  return e.templateId !== null ? `t${e.templateId}` : `m${maskLine(e.line)}`;
}

/**
 * Kinds new in `window` (absent from `baseline`) or surging against it, per stream: error-like
 * bursts first, then earliest first.
 */
export function analyzeChanges(
  store: Store,
  streamIds: readonly number[],
  window: TimeWindow,
  baseline: TimeWindow,
): ChangedKind[] {
  const baseCounts = new Map<string, number>();
  for (const e of store.entriesInWindow(streamIds, baseline, MAX_WINDOW_ENTRIES)) {
    const k = `${e.streamId}|${kindKey(e)}`;
    baseCounts.set(k, (baseCounts.get(k) ?? 0) + 1);
  }
  const cur = new Map<string, ChangedKind>();
  for (const e of store.entriesInWindow(streamIds, window, MAX_WINDOW_ENTRIES)) {
    const k = `${e.streamId}|${kindKey(e)}`;
    let c = cur.get(k);
    if (!c) {
      c = {
        streamId: e.streamId,
        kind: 'new',
        signature: maskLine(e.line),
        count: 0,
        baselineCount: baseCounts.get(k) ?? 0,
        firstSeenNs: e.tsNs,
        errorish: ERRORISH.test(e.line),
        exampleEntryIds: [],
      };
      cur.set(k, c);
    }
    c.count++;
    if (c.exampleEntryIds.length < 3) c.exampleEntryIds.push(e.id);
  }
  const winLen = Number(window.endNs - window.startNs);
  const baseLen = Math.max(1, Number(baseline.endNs - baseline.startNs));
  const out: ChangedKind[] = [];
  for (const c of cur.values()) {
    if (c.baselineCount === 0) {
      out.push(c);
    } else {
      const expected = (c.baselineCount * winLen) / baseLen;
      if (c.count >= SURGE_MIN_COUNT && c.count >= SURGE_RATIO * expected) out.push({ ...c, kind: 'surging' });
    }
  }
  out.sort(
    (a, b) =>
      Number(b.errorish) - Number(a.errorish) ||
      Number(b.count >= BURST_MIN) - Number(a.count >= BURST_MIN) ||
      (a.firstSeenNs < b.firstSeenNs ? -1 : a.firstSeenNs > b.firstSeenNs ? 1 : 0),
  );
  return out;
}
