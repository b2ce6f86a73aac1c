// The storage backend: what the sidecar stores and asks, independent of where it lives (issue #20).
// The embedded backend (SQLite + FTS5 + faiss, backend/embedded.ts) and the OpenSearch backend
// (src/opensearch/) both implement it; each compiles these requests its own way (SQL or DSL).
//
// Writes carry what the stages before storage produced (template id, typed slot values, chunk
// text and vector) with the source cursor they advance, so a backend stores them without mining
// state of its own. Entries are identified by content (tenant, stream, ts, line, seq), never by a
// backend's row id: that is what makes a replay idempotent on a cluster with no local state.
import type { LabelMatcher, Labels, TimeWindow } from '../types.js';
import type { ExtractedValue, ValueKind } from '../values/types.js';

/**
 * A typed template-slot value of one entry, as values/extract.ts reads it; `after` (the word right
 * after it, its second name) is what the planner's slot profile and alias keys read.
 */
export type SlotValue = ExtractedValue;

export interface EntryWrite {
  tenant: string;
  labels: Labels;
  tsNs: bigint;
  line: string;
  /** Occurrence among identical (stream, ts, line) entries; 0 for Loki. */
  seq?: number;
  templateId: number | null;
  /** The template's text (what the question planner ranks kinds of line by); stored once per template and period. */
  template?: string;
  values: readonly SlotValue[];
}

/**
 * A chunk: consecutive entries of one stream. `entries` are indices into the batch's entries (the
 * embedded store links them). A chunk is stored in the period of its start (OpenSearch: the
 * tenant-day index of startNs), so writers cut chunks at day boundaries (UTC) for retention to
 * drop a day whole.
 */
export interface ChunkWrite {
  tenant: string;
  labels: Labels;
  startNs: bigint;
  endNs: bigint;
  text: string;
  templateIds: readonly number[];
  /** The chunk's embedding (any length the backend was opened with); none: not in k-NN. */
  vector?: Float32Array;
  entries: readonly number[];
}

export interface CursorUpdate {
  sourceId: string;
  cursor: string;
}

/** Entries, chunks and the cursor they advance: stored together, or the cursor does not move. */
export interface WriteBatch {
  entries: readonly EntryWrite[];
  chunks?: readonly ChunkWrite[];
  cursor?: CursorUpdate;
}

export interface WriteResult {
  /** Entries stored that were not there (OpenSearch: `created` results). */
  inserted: number;
  /** Entries that were there already (a replay): overwritten in place, never added twice. */
  duplicates: number;
  chunks: number;
}

/** Where a read looks: one tenant (the isolation boundary), its streams a selector picks, a window. */
export interface Scope {
  tenant: string;
  /** LogQL-style matchers on stream labels (all must hold); none: every stream of the tenant. */
  selector?: readonly LabelMatcher[];
  /** [startNs, endNs); a chunk overlapping it counts. */
  window?: TimeWindow;
}

export interface ChunkHit {
  /** The backend's id of the chunk (opaque; stable for the chunk's life). */
  id: string;
  score: number;
  labels: Labels;
  startNs: bigint;
  endNs: bigint;
  text: string;
}

/** A kind of line of a stream: its template id and text. */
export interface TemplateText {
  templateId: number;
  labels: Labels;
  text: string;
}

/** An entry with its slot values, as a scan of a tenant reads it. */
export interface ScannedEntry extends EntryHit {
  values: SlotValue[];
}

export interface EntryHit {
  /** The backend's id of the entry (opaque). */
  id: string;
  labels: Labels;
  tsNs: bigint;
  line: string;
  seq: number;
  templateId: number | null;
}

/**
 * An identifier a line must hold as a slot value: equal case-insensitively, an IPv4 also matching
 * its own `ip:port` values (plan/sql.ts valueEquals); `key` narrows it to one slot name.
 */
export interface ValueFilter {
  text: string;
  key?: string;
}

/** The entries a look-up or an aggregate reads. */
export interface EntryQuery {
  scope: Scope;
  /** Lines of these templates only (the planner's member ids); none: any template. */
  templateIds?: readonly number[];
  /** Every filter must hold. */
  values?: readonly ValueFilter[];
  /**
   * Every group must hold: the line contains one of its texts (a case-sensitive substring, as
   * plan/execute.ts `instr(line, text)`; the alternatives are the text in the other grammatical number).
   */
  literals?: readonly (readonly string[])[];
}

/** A slot resolved by the planner: values with one of these keys and kinds (plan/sql.ts slotWhere). */
export interface SlotRef {
  keys: readonly string[];
  kinds: readonly ValueKind[];
}

export type Aggregate =
  /** Lines matched. */
  | { op: 'count' }
  /** sum/min/max/count of the slot's numbers, per unit (mixed units are the caller's to convert). */
  | { op: 'stats'; slot: SlotRef }
  /** Lines per distinct slot value (case-insensitive), most first, ties by value; the first k. */
  | { op: 'top'; slot: SlotRef; k: number }
  /** Lines per template id (what change analysis compares between two windows). */
  | { op: 'templates' };

/** Lines holding a value of a slot: what an exact answer cites (its first, last and extreme lines). */
export interface SlotLineQuery {
  slot: SlotRef;
  /** By time, or by the slot's number (numbers only; equal numbers oldest first). */
  order: 'oldest' | 'newest' | 'largest' | 'smallest';
  /** Only this value, compared as `top` groups (case-insensitive). */
  value?: string;
  /** Only numbers, in this unit ('' for none). */
  unit?: string;
  /** Only values with a number (implied by `unit` and by the numeric orders). */
  numeric?: boolean;
}

/** A value of a slot as the lines write it: the first spelling in binary order, the smallest number and unit. */
export interface SlotValueInfo {
  text: string;
  num: number | null;
  unit: string | null;
}

export interface UnitStats {
  /** '' for none. */
  unit: string;
  /** Values read (a line can hold two values of one slot). */
  values: number;
  sum: number;
  min: number;
  max: number;
}

export type AggregateResult =
  | { op: 'count'; lines: number }
  | { op: 'stats'; byUnit: UnitStats[] }
  /** `groups` counts every distinct value (not only the top k): what "how many different" asks. */
  | { op: 'top'; top: { value: string; lines: number }[]; groups: number }
  /** Ascending template id; lines without a template are not counted. */
  | { op: 'templates'; counts: { templateId: number; lines: number }[] };

/** A read the backend refuses rather than answer from a part of the lines (the API's 501, naming it). */
export class TooBroadError extends Error {}

/** Who holds a Loki source. */
export interface Lease {
  sourceId: string;
  owner: string;
  expiresMs: number;
}

export type LeaseAttempt =
  | { ok: true; lease: Lease; takenOver: boolean }
  /** Refused: another sidecar holds it until `held.expiresMs` (or won a race: `conflict`). */
  | { ok: false; held?: Lease; conflict: boolean };

export interface RetentionResult {
  /** Periods (OpenSearch: indices) or chunks dropped whole. */
  dropped: string[];
}

export interface LogBackend {
  readonly kind: 'embedded' | 'opensearch';
  /**
   * Stores a batch and, only once every entry and chunk of it is acknowledged, its cursor. A
   * rejected write throws and leaves the cursor where it was; a replay overwrites, never adds.
   */
  write(batch: WriteBatch): Promise<WriteResult>;
  cursor(sourceId: string): Promise<string | undefined>;
  /** Makes every acknowledged write visible to the reads below (OpenSearch: refresh). */
  flush(): Promise<void>;

  /** BM25 over chunk text (and labels) within the scope, best first. */
  searchText(scope: Scope, terms: readonly string[], k: number): Promise<ChunkHit[]>;
  /** The k chunks nearest a vector (cosine) within the scope, nearest first. */
  searchVector(scope: Scope, vector: Float32Array, k: number): Promise<ChunkHit[]>;
  /**
   * The lines of each chunk (ids from searchText/searchVector), oldest first: what an answer
   * cites. A chunk id the tenant does not hold (another tenant's, or dropped) maps to no lines.
   */
  chunkEntries(tenant: string, chunkIds: readonly string[]): Promise<Map<string, EntryHit[]>>;
  /** The label sets of the tenant's streams with chunks (what question reading matches label values against). */
  streams(tenant: string): Promise<Labels[]>;
  /** The tenant's templates with their texts (written with EntryWrite.template), by stream. */
  templates(tenant: string): Promise<TemplateText[]>;
  /**
   * Every entry of the tenant with its slot values, page by page (oldest first within a page; pages
   * in no promised order): what a planning copy of the tenant reads (ask-backend/plan-copy.ts).
   */
  scan(tenant: string, pageSize: number): AsyncIterable<ScannedEntry[]>;

  /**
   * Lines holding every filter, oldest (or newest) first, at most `limit`, with the exact total:
   * a look-up, and the first/last occurrence the planner cites.
   */
  lookup(query: EntryQuery, limit: number, order?: 'oldest' | 'newest'): Promise<{ total: number; entries: EntryHit[] }>;
  aggregate(query: EntryQuery, agg: Aggregate): Promise<AggregateResult>;
  /** Distinct lines holding a value of the slot, in the order asked, at most `limit`. */
  slotLines(query: EntryQuery, q: SlotLineQuery, limit: number): Promise<EntryHit[]>;
  /** These values of the slot (lower-cased, as `top` names them) as written: keyed by the lower-cased value. */
  slotValues(query: EntryQuery, slot: SlotRef, values: readonly string[]): Promise<Map<string, SlotValueInfo>>;

  /** Drops the tenant's data stamped before `beforeNs` (whole periods or chunks; see each backend). */
  dropBefore(tenant: string, beforeNs: bigint): Promise<RetentionResult>;

  /**
   * Takes (or renews) the lease on a source for `ttlMs` from `nowMs` (an injected clock): granted
   * when free, held by `owner`, or expired; refused while another owner's lease runs.
   */
  acquireLease(sourceId: string, owner: string, nowMs: number, ttlMs: number): Promise<LeaseAttempt>;
  releaseLease(sourceId: string, owner: string): Promise<boolean>;
  /**
   * Every lease whose source id starts with `prefix`, expired ones included (the caller's clock
   * judges). For planning only (who is alive, how to split sources); acquireLease stays the one
   * authority on who holds what.
   */
  listLeases(prefix: string): Promise<Lease[]>;

  close(): Promise<void>;
}
