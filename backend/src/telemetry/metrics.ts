import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Ask latencies run from ~1 ms (BM25 on a small store) to tens of seconds (an LLM on CPU):
 * buckets cover 1 ms..60 s, denser where retrieval and first tokens land.
 */
const ASK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];
/** An embedding batch takes ~5 ms..2 s on two cores. */
const EMBED_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5];

/**
 * Every metric of the sidecar on one registry built by the composition root (no global default
 * registry), so tests can build several apps in one process.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly askDuration: Histogram<'stage' | 'outcome'>;
  readonly answers: Counter<'mode' | 'fallback_reason'>;
  readonly ingestLines: Counter<'source'>;
  readonly ingestDuplicates: Counter<'source'>;
  readonly ingestBytes: Counter<'source'>;
  readonly ingestLag: Gauge<'source'>;
  readonly lokiRequests: Counter<'endpoint' | 'outcome'>;
  readonly chunksIndexed: Counter;
  readonly vectorsIndexed: Gauge;
  readonly indexState: Gauge<'state'>;
  readonly embedBatchDuration: Histogram;
  readonly llmTokens: Counter<'kind'>;
  readonly llmErrors: Counter<'reason'>;
  readonly cacheHits: Counter<'cache'>;
  readonly cacheMisses: Counter<'cache'>;
  readonly httpRequests: Counter<'route' | 'status'>;

  constructor(opts: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'loglens_' });
    this.askDuration = new Histogram({
      name: 'loglens_ask_duration_seconds',
      help: 'Time spent answering a question, by stage (retrieve, rerank, prompt, first_token, total) and outcome.',
      labelNames: ['stage', 'outcome'],
      buckets: ASK_BUCKETS,
      registers,
    });
    this.answers = new Counter({
      name: 'loglens_answers_total',
      help: 'Answers returned, by mode (llm, extractive) and fallback reason (none when the LLM answered).',
      labelNames: ['mode', 'fallback_reason'],
      registers,
    });
    this.ingestLines = new Counter({
      name: 'loglens_ingest_lines_total',
      help: 'Log lines stored, by source.',
      labelNames: ['source'],
      registers,
    });
    this.ingestDuplicates = new Counter({
      name: 'loglens_ingest_duplicate_lines_total',
      help: 'Log lines received again and dropped as duplicates, by source.',
      labelNames: ['source'],
      registers,
    });
    this.ingestBytes = new Counter({
      name: 'loglens_ingest_bytes_total',
      help: 'Bytes of log lines received, by source.',
      labelNames: ['source'],
      registers,
    });
    this.ingestLag = new Gauge({
      name: 'loglens_ingest_lag_seconds',
      help: 'Age of the newest stored line of a source (now minus its timestamp).',
      labelNames: ['source'],
      registers,
    });
    this.lokiRequests = new Counter({
      name: 'loglens_loki_requests_total',
      help: 'Requests to Loki, by endpoint and outcome (ok, retry, error, timeout).',
      labelNames: ['endpoint', 'outcome'],
      registers,
    });
    this.chunksIndexed = new Counter({
      name: 'loglens_chunks_indexed_total',
      help: 'Chunks stored and indexed for BM25.',
      registers,
    });
    this.vectorsIndexed = new Gauge({
      name: 'loglens_vectors_indexed',
      help: 'Vectors in the vector index.',
      registers,
    });
    this.indexState = new Gauge({
      name: 'loglens_index_state',
      help: 'Vector index state: 1 for the current state, 0 for the others.',
      labelNames: ['state'],
      registers,
    });
    this.embedBatchDuration = new Histogram({
      name: 'loglens_embed_batch_duration_seconds',
      help: 'Time to embed one batch of chunks.',
      buckets: EMBED_BUCKETS,
      registers,
    });
    this.llmTokens = new Counter({
      name: 'loglens_llm_tokens_total',
      help: 'LLM tokens, by kind (prompt, completion).',
      labelNames: ['kind'],
      registers,
    });
    this.llmErrors = new Counter({
      name: 'loglens_llm_errors_total',
      help: 'LLM calls that failed, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.cacheHits = new Counter({
      name: 'loglens_cache_hits_total',
      help: 'Cache hits, by cache.',
      labelNames: ['cache'],
      registers,
    });
    this.cacheMisses = new Counter({
      name: 'loglens_cache_misses_total',
      help: 'Cache misses, by cache.',
      labelNames: ['cache'],
      registers,
    });
    this.httpRequests = new Counter({
      name: 'loglens_http_requests_total',
      help: 'HTTP requests served, by route and status code.',
      labelNames: ['route', 'status'],
      registers,
    });
    for (const state of INDEX_STATES) this.indexState.set({ state }, 0);
  }

  setIndexState(state: IndexStateName): void {
    for (const s of INDEX_STATES) this.indexState.set({ state: s }, s === state ? 1 : 0);
  }
}

export const INDEX_STATES = ['disabled', 'ready', 'missing', 'stale', 'corrupt', 'rebuilding'] as const;
export type IndexStateName = (typeof INDEX_STATES)[number];
