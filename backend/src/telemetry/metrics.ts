import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FallbackReason } from '../answer/llm/types.js';
import { STORAGE_COMPONENTS, STORAGE_FAILURE_REASONS, STORAGE_STATES, type StorageState } from '../ingest/storage-health.js';

/**
 * Ask latencies run from ~1 ms (BM25 on a small store) to tens of seconds (an LLM on CPU):
 * buckets cover 1 ms..60 s, denser where retrieval and first tokens land.
 */
const ASK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];
/** An embedding batch takes ~5 ms..2 s on two cores. */
const EMBED_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5];

/**
 * prom-client's default collectors export these gauges with a `_total` suffix, which the exposition
 * format reserves for counters (promtool: `non-counter metrics should not have "_total" suffix`).
 * Each is the sum of its per-type sibling (nodejs_active_handles{type}), so dropping them loses nothing.
 */
const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Stages of `loglens_ask_duration_seconds`, in the order an ask runs them. */
export const ASK_STAGES = ['retrieve', 'evidence', 'prompt', 'first_token', 'llm', 'total'] as const;
export type AskStage = (typeof ASK_STAGES)[number];

/** Why an answer is extractive: the LLM stage's reasons plus "no LLM configured". */
export const FALLBACK_REASONS = [
  'llm_not_configured',
  'ollama_down',
  'timeout_first_token',
  'timeout_total',
  'circuit_open',
  'model_missing',
  'no_valid_citation',
  'unsupported_claims',
  'no_evidence',
  'error',
] as const satisfies readonly (FallbackReason | 'llm_not_configured')[];

/** Fallback reasons that mean the LLM call itself failed (no_valid_citation is an answer we refused). */
export const LLM_ERROR_REASONS = [
  'ollama_down',
  'timeout_first_token',
  'timeout_total',
  'circuit_open',
  'model_missing',
  'error',
] as const satisfies readonly FallbackReason[];

/** Ingest sources known at build time (file import, push API, Loki follower). */
export const INGEST_SOURCES = ['file', 'push', 'loki'] as const;
/** Loki HTTP API endpoints the client counts (LokiClientOptions.onAttempt), and how an attempt ends. */
export const LOKI_ENDPOINTS = ['query_range', 'labels', 'label_values'] as const;
export const LOKI_OUTCOMES = ['ok', 'error', 'timeout'] as const;

export const INDEX_STATES = ['disabled', 'ready', 'missing', 'stale', 'corrupt', 'rebuilding'] as const;
export type IndexStateName = (typeof INDEX_STATES)[number];

export interface MetricsOptions {
  /** process_* and nodejs_* collectors; off in tests that build several apps in one process. */
  processMetrics?: boolean;
  /** Clock for the ingest lag gauge (ms since the epoch). */
  nowMs?: () => number;
}

/**
 * Every metric of the sidecar on one registry built by the composition root (no global default
 * registry), so tests can build several apps in one process.
 *
 * Label values known in advance are set to zero at construction: a series that first appears
 * with its first event makes rate()/increase() miss that event, and dashboards show "no data"
 * instead of 0 until something happens.
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
  readonly storageWriteFailures: Counter<'component' | 'reason'>;
  readonly storageState: Gauge<'state'>;
  readonly retentionDeletedLines: Counter<'reason'>;
  readonly retentionDeletedBytes: Counter<'reason'>;
  readonly retentionDeletedChunks: Counter<'reason'>;
  readonly retentionDeletedStreams: Counter;
  readonly retentionVacuumedBytes: Counter;
  readonly retentionLastPass: Gauge;
  readonly minerCacheLoads: Counter;
  readonly minerCacheEvictions: Counter;
  /** Newest line timestamp (ns) seen per source; the lag gauge is computed from it at scrape time. */
  private readonly newestLineNs = new Map<string, bigint>();

  constructor(opts: MetricsOptions = {}) {
    const registers = [this.registry];
    const nowMs = opts.nowMs ?? Date.now;
    if (opts.processMetrics ?? true) {
      // Unprefixed on purpose: process_* / nodejs_* are the names every client library and
      // stock Node.js dashboard use; the scrape job's labels say which process they describe.
      collectDefaultMetrics({ register: this.registry });
      for (const name of MISNAMED_DEFAULT_GAUGES) this.registry.removeSingleMetric(name);
    }
    this.askDuration = new Histogram({
      name: 'loglens_ask_duration_seconds',
      help: 'Time spent answering a question, by stage (retrieve, evidence, prompt, first_token, llm, total) and outcome (ok, error).',
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
    const newest = this.newestLineNs;
    this.ingestLag = new Gauge({
      name: 'loglens_ingest_lag_seconds',
      help: 'Age of the newest stored line of a source (now minus its timestamp).',
      labelNames: ['source'],
      registers,
      collect() {
        const now = nowMs();
        for (const [source, ns] of newest) this.set({ source }, Math.max(0, now - Number(ns / 1_000_000n)) / 1000);
      },
    });
    this.lokiRequests = new Counter({
      name: 'loglens_loki_requests_total',
      help: 'Requests to Loki (each attempt, retries included), by endpoint and outcome (ok, error, timeout).',
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
      help: 'Chunks the vector index covers (chunks that share a vector count once each).',
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

    this.retentionDeletedLines = new Counter({
      name: 'loglens_retention_deleted_lines_total',
      help: 'Stored lines deleted by retention, by reason (age or size limit).',
      labelNames: ['reason'],
      registers,
    });
    this.retentionDeletedBytes = new Counter({
      name: 'loglens_retention_deleted_bytes_total',
      help: 'Line bytes (UTF-8, as pushed) deleted by retention, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.retentionDeletedChunks = new Counter({
      name: 'loglens_retention_deleted_chunks_total',
      help: 'Chunks (with their FTS rows and vectors) deleted by retention, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.retentionDeletedStreams = new Counter({
      name: 'loglens_retention_deleted_streams_total',
      help: 'Streams deleted, with their templates and miner state, once retention left them no line.',
      registers,
    });
    this.retentionVacuumedBytes = new Counter({
      name: 'loglens_retention_vacuumed_bytes_total',
      help: 'Bytes returned to the file system by incremental vacuum after retention.',
      registers,
    });
    this.retentionLastPass = new Gauge({
      name: 'loglens_retention_last_pass_timestamp_seconds',
      help: 'Unix time the last retention pass finished (0: none yet).',
      registers,
    });
    this.minerCacheLoads = new Counter({
      name: 'loglens_template_miner_loads_total',
      help: 'Per-stream template miners read back from SQLite (evicted from the miner cache, or after a restart).',
      registers,
    });
    this.minerCacheEvictions = new Counter({
      name: 'loglens_template_miner_evictions_total',
      help: 'Per-stream template miners dropped from memory to keep the miner cache within its byte budget.',
      registers,
    });
    for (const reason of ['age', 'size']) {
      this.retentionDeletedLines.inc({ reason }, 0);
      this.retentionDeletedBytes.inc({ reason }, 0);
      this.retentionDeletedChunks.inc({ reason }, 0);
    }
    this.storageWriteFailures = new Counter({
      name: 'loglens_storage_write_failures_total',
      help: 'Writes to the store that failed, by component (ingest, embedding_cache) and reason (full: no space; io: I/O error; other).',
      labelNames: ['component', 'reason'],
      registers,
    });
    this.storageState = new Gauge({
      name: 'loglens_storage_state',
      help: 'Store writability: 1 for the current state (ok; full: the last write failed for want of space and none has succeeded since; failing: the same for I/O errors), 0 for the others.',
      labelNames: ['state'],
      registers,
    });

    for (const stage of ASK_STAGES) this.askDuration.zero({ stage, outcome: 'ok' });
    this.askDuration.zero({ stage: 'total', outcome: 'error' });
    this.answers.inc({ mode: 'llm', fallback_reason: 'none' }, 0);
    for (const fallback_reason of FALLBACK_REASONS) this.answers.inc({ mode: 'extractive', fallback_reason }, 0);
    for (const source of INGEST_SOURCES) {
      this.ingestLines.inc({ source }, 0);
      this.ingestDuplicates.inc({ source }, 0);
      this.ingestBytes.inc({ source }, 0);
    }
    for (const endpoint of LOKI_ENDPOINTS) {
      for (const outcome of LOKI_OUTCOMES) this.lokiRequests.inc({ endpoint, outcome }, 0);
    }
    for (const kind of ['prompt', 'completion']) this.llmTokens.inc({ kind }, 0);
    for (const reason of LLM_ERROR_REASONS) this.llmErrors.inc({ reason }, 0);
    for (const state of INDEX_STATES) this.indexState.set({ state }, 0);
    for (const component of STORAGE_COMPONENTS) {
      for (const reason of STORAGE_FAILURE_REASONS) this.storageWriteFailures.inc({ component, reason }, 0);
    }
    this.setStorageState('ok');
  }

  setStorageState(state: StorageState): void {
    for (const s of STORAGE_STATES) this.storageState.set({ state: s }, s === state ? 1 : 0);
  }

  /**
   * Reports the template miner cache at each scrape: held miners and their estimated bytes as
   * gauges, loads and evictions as counters (advanced by what happened since the last scrape).
   */
  watchMinerCache(read: () => { miners: number; bytes: number; budgetBytes: number; loads: number; evictions: number }): void {
    let seen = { loads: 0, evictions: 0 };
    const sync = () => {
      const s = read();
      this.minerCacheLoads.inc(Math.max(0, s.loads - seen.loads));
      this.minerCacheEvictions.inc(Math.max(0, s.evictions - seen.evictions));
      seen = { loads: s.loads, evictions: s.evictions };
      return s;
    };
    new Gauge({
      name: 'loglens_template_miners_held',
      help: 'Per-stream template miners in memory.',
      registers: [this.registry],
      collect() {
        this.set(sync().miners);
      },
    });
    new Gauge({
      name: 'loglens_template_miner_cache_bytes',
      help: 'Estimated heap bytes of the per-stream template miners in memory (budget: limits.minerCacheBytes).',
      registers: [this.registry],
      collect() {
        this.set(read().bytes);
      },
    });
  }

  setIndexState(state: IndexStateName): void {
    for (const s of INDEX_STATES) this.indexState.set({ state: s }, s === state ? 1 : 0);
  }

  /** Records the newest timestamp of a stored batch; the lag gauge reports its age at each scrape. */
  noteNewestLine(source: string, tsNs: bigint): void {
    const prev = this.newestLineNs.get(source);
    if (prev === undefined || tsNs > prev) this.newestLineNs.set(source, tsNs);
  }

  /** Per-stage durations and token counts of one ask, as AskResponse.timings reports them. */
  observeAsk(timings: Readonly<Record<string, number>>, answer: { mode: string; fallbackReason?: string }): void {
    const stage = (s: AskStage, ms: number | undefined) => {
      if (ms !== undefined && Number.isFinite(ms)) this.askDuration.observe({ stage: s, outcome: 'ok' }, ms / 1000);
    };
    stage('evidence', timings.evidenceMs);
    stage('prompt', timings.llmPromptBuildMs);
    stage('first_token', timings.llmFirstTokenMs);
    stage('llm', timings.llmTotalMs);
    if (timings.llmPromptTokens) this.llmTokens.inc({ kind: 'prompt' }, timings.llmPromptTokens);
    if (timings.llmCompletionTokens) this.llmTokens.inc({ kind: 'completion' }, timings.llmCompletionTokens);
    const reason = answer.fallbackReason;
    if (answer.mode === 'extractive' && reason && (LLM_ERROR_REASONS as readonly string[]).includes(reason)) {
      this.llmErrors.inc({ reason });
    }
    this.answers.inc({ mode: answer.mode, fallback_reason: answer.fallbackReason ?? 'none' });
  }
}
