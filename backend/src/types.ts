// Domain types shared by every pipeline stage. Data flows one way:
// Loki/file -> ingest -> chunking -> store + index -> retrieve -> answer -> api.

/** A Loki-style label set, e.g. {job="checkout", level="error"}. */
export type Labels = Record<string, string>;

/** One log entry as Loki models it: a stream (tenant + labels), a nanosecond timestamp and a line. */
export interface LogEntry {
  tenant: string;
  labels: Labels;
  /** Nanoseconds since the Unix epoch. bigint because 1.7e18 does not fit a double exactly. */
  tsNs: bigint;
  line: string;
  /**
   * Occurrence index among identical (stream, ts, line) entries of one source. Loki drops such
   * duplicates itself, so Loki entries use 0; a file can hold the same line twice in one second.
   */
  seq?: number;
}

/** An entry as stored: ids are SQLite rowids. */
export interface StoredEntry {
  id: number;
  streamId: number;
  tsNs: bigint;
  line: string;
  templateId: number | null;
}

export interface StreamInfo {
  id: number;
  tenant: string;
  labels: Labels;
}

/** A chunk: consecutive entries of one stream, never cutting a (multi-line) entry. */
export interface Chunk {
  id: number;
  streamId: number;
  tenant: string;
  labels: Labels;
  startNs: bigint;
  endNs: bigint;
  text: string;
  entryCount: number;
  tokenCount: number;
}

/** A time window in nanoseconds, inclusive start, exclusive end (Loki's query_range convention). */
export interface TimeWindow {
  startNs: bigint;
  endNs: bigint;
}

/** A label matcher as in a LogQL stream selector. */
export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}
