// Loki entries into a LogBackend (issue #20): the sink and cursor read a LokiFollower is given
// when the index lives in the backend (OpenSearch) instead of this sidecar's SQLite store.
//
// Each page becomes one WriteBatch per slice, the source cursor on the last slice only.
// The backend stores the cursor only once the entries are acknowledged, so a crash between
// slices, or a rejected bulk, leaves the cursor behind and the page is read again; entry ids are
// content ids, so the replay overwrites.
//
// Given a FollowDeriver (derive.ts), each write is whole chunks with their entries: templates
// mined per stream, values read with the template, chunk text and vectors, so BM25 and k-NN find
// followed lines. Without one, entries alone: no template (null), values read from the line
// alone, no chunks (what the fault tests' sidecars wrote before derive.ts existed).
import type { LogEntry } from '../types.js';
import { extractValues } from '../values/extract.js';
import type { FollowDeriver } from './derive.js';
import type { EntryWrite, LogBackend, WriteBatch, WriteResult } from './types.js';

/** Lines per write: a 5,000-line Loki page with its values is ~30,000 bulk documents otherwise. */
export const BACKEND_WRITE_SLICE = 1000;

/** A write was refused because this sidecar no longer holds the source's lease. */
export class LeaseLostError extends Error {
  constructor(readonly sourceId: string) {
    super(`lease on source ${JSON.stringify(sourceId)} is not held: write refused`);
  }
}

/** An entry as the backend stores it: Loki's seq is 0 (Loki drops identical (stream, ts, line) entries). */
export function entryWrite(e: LogEntry): EntryWrite {
  return {
    tenant: e.tenant,
    labels: e.labels,
    tsNs: e.tsNs,
    line: e.line,
    seq: e.seq ?? 0,
    templateId: null,
    values: extractValues(e.line).map((v) => ({ pos: v.pos, key: v.key, kind: v.kind, text: v.text, num: v.num, unit: v.unit })),
  };
}

export interface BackendSinkOptions {
  backend: Pick<LogBackend, 'write'>;
  sourceId: string;
  /** Checked before every write: false (the lease ran out or was lost) refuses it. */
  isHeld?: () => boolean;
  sliceLines?: number;
  /** Templates, chunks and vectors of each page (derive.ts); none: entries only. */
  derive?: Pick<FollowDeriver, 'batches'>;
  /** After a page and its cursor are acknowledged (metrics): what it added, its line bytes and newest stamp. */
  onWritten?: (r: { inserted: number; duplicates: number; bytes: number; newestTsNs: bigint | undefined }) => void;
}

/** The follower's sink: (entries, cursor) written through LogBackend.write, the cursor with the last slice. */
export function backendSink(o: BackendSinkOptions): (entries: LogEntry[], cursor: string) => Promise<{ inserted: number; duplicates: number }> {
  const slice = o.sliceLines ?? BACKEND_WRITE_SLICE;
  return async (entries, cursor) => {
    const batches: WriteBatch[] = o.derive
      ? await o.derive.batches(entries, slice)
      : Array.from({ length: Math.ceil(entries.length / slice) }, (_, k) => ({ entries: entries.slice(k * slice, (k + 1) * slice).map(entryWrite) }));
    // A page with nothing new still moves the cursor.
    if (batches.length === 0) batches.push({ entries: [] });
    let inserted = 0;
    let duplicates = 0;
    for (let i = 0; i < batches.length; i++) {
      if (o.isHeld && !o.isHeld()) throw new LeaseLostError(o.sourceId);
      const last = i === batches.length - 1;
      const r: WriteResult = await o.backend.write({ ...batches[i]!, ...(last ? { cursor: { sourceId: o.sourceId, cursor } } : {}) });
      inserted += r.inserted;
      duplicates += r.duplicates;
    }
    if (o.onWritten) {
      let bytes = 0;
      let newestTsNs: bigint | undefined;
      for (const e of entries) {
        bytes += Buffer.byteLength(e.line);
        if (newestTsNs === undefined || e.tsNs > newestTsNs) newestTsNs = e.tsNs;
      }
      o.onWritten({ inserted, duplicates, bytes, newestTsNs });
    }
    return { inserted, duplicates };
  };
}

/** The follower's getCursor: the backend's stored cursor of the source. */
export function backendCursor(backend: Pick<LogBackend, 'cursor'>, sourceId: string): () => Promise<string | undefined> {
  return () => backend.cursor(sourceId);
}
