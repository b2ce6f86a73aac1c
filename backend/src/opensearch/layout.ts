// The index template of the tenant-day data indices: one index holds a tenant's day of entries,
// their slot values and their chunks (field `doc` tells them apart), so retention drops a day with
// one index deletion and a read names only the tenant's indices.
//
// Template documents (`doc: template`) hold each template's text once per tenant-day it has lines in.
// Entry documents carry their values' texts (`vals`, `kvals`) so a value filter is a term query on
// the entry; value documents (one per slot value) carry their entry's fields too, so an aggregate
// over a slot is one exact composite aggregation over value documents.

/**
 * Log tokens (the groundwork's analyzer, test/opensearch-cluster.test.ts): runs of letters, digits
 * and `_` joined by `. : @ / -`, so IPs, host:port, blk ids and uuids stay whole; at index time a
 * host:port also yields its host.
 */
export const LOG_TOKEN = '[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_.:@/\\-]*[\\p{L}\\p{N}_])?';

/** Separator of key and value in `kvals` (never in a key: keys are words). */
export const KEY_SEP = '\u001f';

/** Longest value text indexed (values/extract.ts bounds a value at 256 characters). */
const VALUE_IGNORE_ABOVE = 1024;

export interface LayoutOptions {
  /** Chunk vector dimension. */
  dim: number;
  /**
   * Primary shards per tenant-day index. 1 by default: a tenant-day is small next to a shard's
   * comfortable size (10-50 GB), and every shard costs heap on every node.
   */
  shards?: number;
  /** 1 by default: a node can die without losing a write. */
  replicas?: number;
}

/**
 * Fields added to the template after its first release, put on existing day indices by
 * OpenSearchBackend.open. `chunk`: an entry's chunk id (the lines an answer cites). `ttext`: a
 * template document's text; `after` (the word after a value) and `vcased` (the value as written):
 * what the question planner reads of a slot.
 */
export const ADDED_FIELDS = {
  chunk: { type: 'keyword' },
  ttext: { type: 'keyword', index: false, doc_values: false },
  after: { type: 'keyword', ignore_above: VALUE_IGNORE_ABOVE },
  vcased: { type: 'keyword', ignore_above: VALUE_IGNORE_ABOVE },
  // An entry's own id, sortable: the tie-break of lines stamped alike (`_id` has no doc values).
  eid: { type: 'keyword' },
  // An entry's line for substring filters (the plan's `literal` filters): trigram-indexed wildcard.
  line_w: { type: 'wildcard' },
} as const;

const labelsMapping = {
  type: 'object',
  dynamic: true,
};

export function dataTemplate(pattern: string, opts: LayoutOptions): Record<string, unknown> {
  return {
    index_patterns: [pattern],
    priority: 10,
    template: {
      settings: {
        number_of_shards: opts.shards ?? 1,
        number_of_replicas: opts.replicas ?? 1,
        'index.knn': true,
        analysis: {
          tokenizer: {
            log_token: { type: 'pattern', pattern: LOG_TOKEN, group: 0 },
            // FTS5's unicode61 splits at every character that is not a letter or digit; the
            // standard tokenizer (UAX#29) would keep org.apache.hadoop, blk_123 and 3.14 whole,
            // so a question's "hadoop" would not meet the line that FTS5 finds.
            non_alnum: { type: 'pattern', pattern: '[^\\p{L}\\p{N}]+' },
          },
          filter: { host_of_host_port: { type: 'pattern_capture', preserve_original: true, patterns: ['^(.+):\\d{1,5}$'] } },
          analyzer: {
            log: { type: 'custom', tokenizer: 'log_token', filter: ['lowercase', 'host_of_host_port'] },
            log_search: { type: 'custom', tokenizer: 'log_token', filter: ['lowercase'] },
            // The embedded FTS5 tokenizer's counterpart (porter unicode61 remove_diacritics):
            // words split at every non-alphanumeric, folded, stemmed.
            words: { type: 'custom', tokenizer: 'non_alnum', filter: ['lowercase', 'asciifolding', 'porter_stem'] },
          },
        },
      },
      mappings: {
        dynamic: 'strict',
        dynamic_templates: [{ labels_as_keywords: { path_match: 'labels.*', match_mapping_type: 'string', mapping: { type: 'keyword' } } }],
        properties: {
          doc: { type: 'keyword' },
          tenant: { type: 'keyword' },
          stream: { type: 'keyword' },
          labels: labelsMapping,
          // entries and values
          ts: { type: 'date_nanos' },
          ts_ns: { type: 'keyword' },
          line: { type: 'keyword', index: false, doc_values: false },
          seq: { type: 'integer' },
          template_id: { type: 'long' },
          vals: { type: 'keyword', ignore_above: VALUE_IGNORE_ABOVE },
          kvals: { type: 'keyword', ignore_above: VALUE_IGNORE_ABOVE },
          // values
          entry: { type: 'keyword' },
          ...ADDED_FIELDS,
          pos: { type: 'integer' },
          key: { type: 'keyword' },
          kind: { type: 'keyword' },
          vtext: { type: 'keyword', ignore_above: VALUE_IGNORE_ABOVE },
          num: { type: 'double' },
          unit: { type: 'keyword' },
          // chunks
          start: { type: 'date_nanos' },
          end: { type: 'date_nanos' },
          start_ns: { type: 'keyword' },
          end_ns: { type: 'keyword' },
          template_ids: { type: 'long' },
          labels_text: { type: 'text', analyzer: 'words' },
          text: { type: 'text', analyzer: 'words', fields: { log: { type: 'text', analyzer: 'log', search_analyzer: 'log_search' } } },
          vec: { type: 'knn_vector', dimension: opts.dim, method: { name: 'hnsw', engine: 'lucene', space_type: 'cosinesimil' } },
        },
      },
    },
  };
}

/** Cursors and leases: small documents read by id (GET is real-time: no refresh needed). */
export const stateIndexBody = {
  settings: { number_of_shards: 1, number_of_replicas: 1 },
  mappings: {
    dynamic: 'strict',
    properties: {
      cursor: { type: 'keyword', index: false },
      owner: { type: 'keyword' },
      expires_ms: { type: 'long' },
    },
  },
};
