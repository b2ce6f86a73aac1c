import type { TemplateChange } from '../templates/index.js';

// Which changes lead an answer to "why / what changed / since when". Template analysis finds the
// kinds of lines that are new, surging or dropping in a window; this ranks them for a reader: a
// cause usually repeats and reads like a failure, while a one-off line is more often noise.

/** A kind seen at least this often in the window is a burst: a cause repeats, a stray line does not. */
const BURST_MIN = 3;

const ERRORISH =
  /\b(error|err|fatal|fail(ed|ure|ing)?|exception|timeout|timed out|refused|exhausted|unavailable|denied|panic|critical|reset|5\d\d|unreachable|killed|oom|deadlock|lock wait|waiting for \w*lock)\b/i;

export interface RankedChange extends TemplateChange {
  errorish: boolean;
}

function before(a: bigint | null, b: bigint | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * New and surging kinds first, error-like bursts ahead, then earliest first; drops last (they
 * tell what stopped, which matters less than what started).
 */
export function rankChanges(changes: readonly TemplateChange[]): RankedChange[] {
  return changes
    .map((c) => ({ ...c, errorish: ERRORISH.test(c.template) }))
    .sort(
      (a, b) =>
        Number(a.kind === 'drop') - Number(b.kind === 'drop') ||
        Number(b.errorish) - Number(a.errorish) ||
        Number(b.windowCount >= BURST_MIN) - Number(a.windowCount >= BURST_MIN) ||
        before(a.firstSeenNs, b.firstSeenNs),
    );
}

