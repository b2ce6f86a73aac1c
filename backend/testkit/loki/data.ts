// In-memory log data of the Loki stand-in: tenants -> streams -> entries ordered by timestamp,
// equal timestamps in push order, exact (ts, line) duplicates in a stream dropped as Loki does.

import type { Labels } from '../../src/types.js';
import { lokiLabelString, type LogQuery } from './logql.js';
import { nsToRfc3339 } from './params.js';

export interface StoredLine {
  ts: bigint;
  line: string;
  /** Structured metadata (the optional third element of a pushed value). */
  meta?: Labels;
}

export interface StreamData {
  labels: Labels;
  key: string;
  entries: StoredLine[];
  seen: Set<string>;
}

export interface PushValue {
  ts: bigint;
  line: string;
  meta?: Labels;
}

export interface PushStream {
  labels: Labels;
  values: PushValue[];
}

export interface ValidationLimits {
  /** Reject entries older than now - this (Loki: reject_old_samples_max_age 168h); null = off. */
  rejectOldSamplesMaxAgeMs: number | null;
  /** Reject entries newer than now + this (Loki: creation_grace_period 10m); null = off. */
  creationGracePeriodMs: number | null;
  /** Loki 3.x max_line_size default 256KB; 0 = unlimited. */
  maxLineSize: number;
  /** Add service_name like Loki 3.x when the stream has none. */
  discoverServiceName: boolean;
}

/** Loki's discover_service_name default list, in priority order. */
const SERVICE_NAME_SOURCES = [
  'service', 'app', 'application', 'app_name', 'name', 'app_kubernetes_io_name', 'container',
  'container_name', 'k8s_container_name', 'component', 'workload', 'job', 'k8s_job_name',
];

export interface Selected {
  stream: StreamData;
  entry: StoredLine;
}

export type Direction = 'forward' | 'backward';

export interface PushOutcome {
  accepted: number;
  duplicates: number;
  errors: string[];
  /** Accepted entries, for tail subscribers. */
  added: Array<{ stream: StreamData; entry: StoredLine }>;
}

export class TenantData {
  readonly streams = new Map<string, StreamData>();

  stream(labels: Labels): StreamData {
    const key = lokiLabelString(labels);
    let s = this.streams.get(key);
    if (!s) {
      s = { labels: { ...labels }, key, entries: [], seen: new Set() };
      this.streams.set(key, s);
    }
    return s;
  }
}

export class LokiData {
  private readonly tenants = new Map<string, TenantData>();

  constructor(private readonly limits: ValidationLimits) {}

  tenant(id: string): TenantData {
    let t = this.tenants.get(id);
    if (!t) {
      t = new TenantData();
      this.tenants.set(id, t);
    }
    return t;
  }

  clear(): void {
    this.tenants.clear();
  }

  lineCount(tenant: string): number {
    let n = 0;
    for (const s of this.tenant(tenant).streams.values()) n += s.entries.length;
    return n;
  }

  /** Validates and stores; valid entries are stored even when others in the push fail (as Loki). */
  push(tenant: string, streams: PushStream[], nowNs: bigint): PushOutcome {
    const out: PushOutcome = { accepted: 0, duplicates: 0, errors: [], added: [] };
    const t = this.tenant(tenant);
    const { rejectOldSamplesMaxAgeMs: maxAge, creationGracePeriodMs: grace, maxLineSize } = this.limits;
    const oldest = maxAge === null ? null : nowNs - BigInt(maxAge) * 1_000_000n;
    const newest = grace === null ? null : nowNs + BigInt(grace) * 1_000_000n;
    for (const ps of streams) {
      if (ps.values.length === 0) continue;
      const labels = this.withServiceName(ps.labels);
      const labelStr = lokiLabelString(labels);
      const s = t.stream(labels);
      for (const v of ps.values) {
        if (oldest !== null && v.ts < oldest) {
          out.errors.push(`entry for stream '${labelStr}' has timestamp too old: ${nsToRfc3339(v.ts)}, oldest acceptable timestamp is: ${nsToRfc3339(oldest)}`);
          continue;
        }
        if (newest !== null && v.ts > newest) {
          out.errors.push(`entry for stream '${labelStr}' has timestamp too new: ${nsToRfc3339(v.ts)}`);
          continue;
        }
        const size = Buffer.byteLength(v.line);
        if (maxLineSize > 0 && size > maxLineSize) {
          out.errors.push(`Max entry size '${maxLineSize}' bytes exceeded for stream '${labelStr}' while adding an entry with length '${size}' bytes`);
          continue;
        }
        const dedupKey = `${v.ts}\u0000${v.line}`;
        if (s.seen.has(dedupKey)) {
          out.duplicates++;
          continue;
        }
        s.seen.add(dedupKey);
        const entry: StoredLine = v.meta && Object.keys(v.meta).length > 0 ? { ts: v.ts, line: v.line, meta: v.meta } : { ts: v.ts, line: v.line };
        insertSorted(s.entries, entry);
        out.accepted++;
        out.added.push({ stream: s, entry });
      }
    }
    return out;
  }

  private withServiceName(labels: Labels): Labels {
    if (!this.limits.discoverServiceName || labels.service_name !== undefined) return labels;
    const from = SERVICE_NAME_SOURCES.find((n) => labels[n] !== undefined && labels[n] !== '');
    return { ...labels, service_name: from ? labels[from] : 'unknown_service' };
  }

  /**
   * Entries of all matching streams in [start, end), merged by timestamp in `direction`, cut at
   * `limit` globally (Loki's semantics). Cross-stream ties: label string ascending in both directions.
   */
  select(tenant: string, q: LogQuery, startNs: bigint, endNs: bigint, limit: number, direction: Direction, intervalNs = 0n): Selected[] {
    const t = this.tenant(tenant);
    const cursors: Array<{ s: StreamData; i: number; stop: number }> = [];
    const matching = [...t.streams.values()].filter((s) => q.matchesStream(s.labels)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const s of matching) {
      const lo = lowerBound(s.entries, startNs);
      const hi = lowerBound(s.entries, endNs);
      if (lo >= hi) continue;
      cursors.push(direction === 'forward' ? { s, i: lo, stop: hi } : { s, i: hi - 1, stop: lo - 1 });
    }
    // A k-way merge over a binary heap: with 20k streams a linear scan of every cursor per emitted
    // entry made one 5,000-line query cost ~10^8 comparisons (seconds). Ties go to the lower cursor
    // index, i.e. the label string ascending, in both directions, as before.
    const step = direction === 'forward' ? 1 : -1;
    const skip = (cur: { s: StreamData; i: number; stop: number }) => {
      while (cur.i !== cur.stop && !q.matchesLine(cur.s.entries[cur.i].line)) cur.i += step;
      return cur.i !== cur.stop;
    };
    const before = (a: number, b: number): boolean => {
      const x = cursors[a].s.entries[cursors[a].i].ts;
      const y = cursors[b].s.entries[cursors[b].i].ts;
      if (x !== y) return direction === 'forward' ? x < y : x > y;
      return a < b;
    };
    const heap: number[] = [];
    const up = (k: number) => {
      while (k > 0) {
        const p = (k - 1) >> 1;
        if (!before(heap[k], heap[p])) break;
        [heap[k], heap[p]] = [heap[p], heap[k]];
        k = p;
      }
    };
    const down = (k: number) => {
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === k) return;
        [heap[k], heap[m]] = [heap[m], heap[k]];
        k = m;
      }
    };
    for (let c = 0; c < cursors.length; c++) {
      if (!skip(cursors[c])) continue;
      heap.push(c);
      up(heap.length - 1);
    }
    const out: Selected[] = [];
    let lastEmitted: bigint | null = null;
    while (out.length < limit && heap.length > 0) {
      const cur = cursors[heap[0]];
      const entry = cur.s.entries[cur.i];
      cur.i += step;
      if (skip(cur)) down(0);
      else {
        const tail = heap.pop()!;
        if (heap.length > 0) {
          heap[0] = tail;
          down(0);
        }
      }
      if (intervalNs > 0n && lastEmitted !== null) {
        const gap = direction === 'forward' ? entry.ts - lastEmitted : lastEmitted - entry.ts;
        if (gap < intervalNs) continue;
      }
      lastEmitted = entry.ts;
      out.push({ stream: cur.s, entry });
    }
    return out;
  }

  matchingStreams(tenant: string, q: LogQuery | null, startNs: bigint, endNs: bigint): StreamData[] {
    const res: StreamData[] = [];
    for (const s of this.tenant(tenant).streams.values()) {
      if (q && !q.matchesStream(s.labels)) continue;
      const lo = lowerBound(s.entries, startNs);
      if (lo < s.entries.length && s.entries[lo].ts < endNs) res.push(s);
    }
    return res;
  }
}

/** First index whose ts >= ns. */
function lowerBound(entries: StoredLine[], ns: bigint): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].ts < ns) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts after every entry with ts <= e.ts, so equal timestamps keep push order. */
function insertSorted(entries: StoredLine[], e: StoredLine): void {
  const n = entries.length;
  if (n === 0 || entries[n - 1].ts <= e.ts) {
    entries.push(e);
    return;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].ts <= e.ts) lo = mid + 1;
    else hi = mid;
  }
  entries.splice(lo, 0, e);
}
