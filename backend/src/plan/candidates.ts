// The kinds of line a plan can be about: the templates of the streams in scope, one candidate per
// distinct template text. A DaemonSet's 20k pods each hold their own copy of the same few templates;
// ranking and choosing happen once per text, and the chosen texts' copies in every stream are the
// plan's targets. Read in pages that yield to the event loop: at 20k streams x 3 templates one
// read of every row held the main thread 0.8-1.6 s, and a row cap (20k rows) cut the copies, so a
// count over 40k templates counted half of the lines.
import type { Database, Statement } from 'better-sqlite3';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** One distinct template text in scope. */
export interface Candidate {
  /** The first copy's id: the text's id in ranking (TargetTemplate.templateId before expansion). */
  id: number;
  streamId: number;
  template: string;
  /** Lines of all its copies. */
  count: number;
  /** Every template id whose entries are of this kind: each copy and the templates merged into one. */
  members: number[];
  /** Each stream's copy (live template id and its stream), the first one included. */
  copies: { id: number; streamId: number }[];
}

/**
 * Distinct template texts kept per plan: more than any real scope holds (LogHub's 16 systems have
 * ~1,200; the 40k-stream tests a few dozen), so a text is only ever left out under abuse.
 */
export const MAX_CANDIDATE_TEXTS = 5000;
/** Streams read per query: ~3 templates each, a page is ~2-6 ms of SQL and grouping. */
const PAGE_STREAMS = 512;
/** Longest stretch of reading between two turns of the event loop. */
const SLICE_MS = 8;

export interface CandidateSet {
  /** By the candidate's id (its first copy), in the order the texts were met. */
  all: Map<number, Candidate>;
  /** Texts were left out past MAX_CANDIDATE_TEXTS. */
  truncated: boolean;
}

export class CandidateReader {
  private readonly page: Statement;

  constructor(db: Database) {
    this.page = db.prepare(
      `SELECT id, stream_id, template, count, merged_into FROM templates
        WHERE stream_id IN (SELECT value FROM json_each(?)) ORDER BY stream_id, id`,
    );
  }

  /** The candidates of these streams, read in slices. */
  async read(streamIds: readonly number[]): Promise<CandidateSet> {
    const byText = new Map<string, Candidate>();
    const byLiveId = new Map<number, Candidate>();
    const merged: { id: number; into: number }[] = [];
    let truncated = false;
    let sliceStart = performance.now();
    for (let i = 0; i < streamIds.length; i += PAGE_STREAMS) {
      const rows = this.page.all(JSON.stringify(streamIds.slice(i, i + PAGE_STREAMS))) as {
        id: number;
        stream_id: number;
        template: string;
        count: number;
        merged_into: number | null;
      }[];
      for (const r of rows) {
        if (r.merged_into !== null) {
          merged.push({ id: r.id, into: r.merged_into });
          continue;
        }
        let c = byText.get(r.template);
        if (!c) {
          if (byText.size >= MAX_CANDIDATE_TEXTS) {
            truncated = true;
            continue;
          }
          c = { id: r.id, streamId: r.stream_id, template: r.template, count: 0, members: [], copies: [] };
          byText.set(r.template, c);
        }
        c.count += r.count;
        c.members.push(r.id);
        c.copies.push({ id: r.id, streamId: r.stream_id });
        byLiveId.set(r.id, c);
      }
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
    // A merged template's entries are of the kind it was merged into (same stream, so read above).
    for (const m of merged) byLiveId.get(m.into)?.members.push(m.id);
    const all = new Map<number, Candidate>();
    for (const c of byText.values()) all.set(c.id, c);
    return { all, truncated };
  }
}
