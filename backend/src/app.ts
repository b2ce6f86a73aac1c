import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { embeddingCacheMigration, MINILM_DIM, MINILM_Q_MODEL_ID, OnnxEmbedder, SqliteEmbeddingStore, type Embedder } from './embed/index.js';
import { lokiAuthOf, openSearchOptions } from './backend/follow.js';
import { BackendAskService } from './ask-backend/ask.js';
import { OpenSearchBackend } from './opensearch/backend.js';
import { OpenSearchFollow } from './backend/opensearch-follow.js';
import { LazyEmbedder } from './embed/lazy.js';
import { FaissUnavailableError, loadFaiss } from './index/faiss.js';
import { VectorService } from './index/service.js';
import { TenantIndexes } from './index/tenants.js';
import { createReranker } from './retrieve/rerank.js';
import type { Server } from 'node:http';
import type { TracerProvider } from '@opentelemetry/api';
import { AskService } from './answer/ask.js';
import { askLlmPort } from './answer/llm/adapter.js';
import { createLlmAnswerer, type LlmAnswerer } from './answer/llm/answerer.js';
import { buildApi, type ReadinessCheck } from './api/server.js';
import type { Config } from './config/schema.js';
import { IngestPipeline, type IngestHooks } from './ingest/pipeline.js';
import { IngestWriter, writerIngest, type Ingest } from './ingest/writer.js';
import { StorageHealth, storageProblem, type StorageWriteObserver } from './ingest/storage-health.js';
import { TemplateRepo, templatesMigration } from './templates/index.js';
import { valuesDictionaryMigration, valuesKeysMigration, valuesMigration, valuesNegativeKeyedMigration, valuesOwnedKeyMigration, valuesReadAgainMigration } from './values/migration.js';
import { ValueWriter } from './values/store.js';
import { Planner } from './plan/planner.js';
import { createLokiIngest, type LokiIngest } from './ingest/loki/index.js';
import { Retriever } from './retrieve/retriever.js';
import { RetentionService } from './retention/retention.js';
import { Store } from './store/store.js';
import { createChangeAnalysis } from './whatchanged/analysis.js';
import { createLogger, type Logger } from './telemetry/logger.js';
import { Metrics } from './telemetry/metrics.js';
import { disabledTracing, externalTracing, loglensTracer, otlpTracing } from './telemetry/tracing.js';

export interface App {
  config: Config;
  log: Logger;
  metrics: Metrics;
  store: Store;
  /** The vector index and its embedder, unless embedding is off or faiss is not built. */
  vectors?: VectorService;
  /** The LLM stage, when `ollama.url` is configured. */
  llm?: LlmAnswerer;
  /** Ingest for every source: on this thread, or (AppOptions.ingestThread) on the writer thread. */
  pipeline: Ingest;
  /** The ingest writer thread, when AppOptions.ingestThread. */
  writer?: IngestWriter;
  retriever: Retriever;
  ask: AskService;
  /** Deletes what is past each tenant's age and size limits, on a timer. */
  retention: RetentionService;
  http: ReturnType<typeof buildApi>;
  /**
   * backend.kind opensearch: the lease-keeping follower of Loki into the cluster (connected in
   * start(), retried until the cluster answers). Retrieval asks read the cluster (ask-backend/);
   * the push path and the other asks still use the embedded store (they answer 501).
   */
  openSearch?: OpenSearchFollow;
  /** Starts background work (Loki followers, index rebuilds). */
  start(): Promise<void>;
  listen(): Promise<{ server: Server; url: string }>;
  close(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  /** Tests build several apps in one process; process metrics would register twice per process. */
  processMetrics?: boolean;
  /** Spans go here (tests pass an in-memory one); else OTLP when telemetry.otlpEndpoint is set, else nowhere. */
  tracerProvider?: TracerProvider;
  /** Wall clock in ms for retention (the soak test compresses time); Date.now by default. */
  now?: () => number;
  /** Chunks per store segment (tests make segments tiny); store/segments.ts SEGMENT_CHUNKS by default. */
  segmentChunks?: number;
  /**
   * Ingest (miner, values, chunks, their writes) on a writer thread (ingest/writer.ts), off the
   * event loop; the sidecar's serve entries turn it on. Without it app.pipeline is synchronous
   * (the CLI's file ingest and in-process tests call it and read its result at once).
   */
  ingestThread?: boolean;
}

/** The composition root: builds the whole object graph from one validated config. */
export function createApp(config: Config, opts: AppOptions = {}): App {
  const log = opts.logger ?? createLogger(config.log.level);
  const metrics = new Metrics({ processMetrics: opts.processMetrics });
  // Writes that fail for want of space: 507 on ingest, `storage: full` in /readyz, loglens_storage_*.
  const storage = new StorageHealth({
    onFailure: (component, reason) => metrics.storageWriteFailures.inc({ component, reason }),
    onState: (state) => metrics.setStorageState(state),
    log: (level, msg, fields) => log[level](fields ?? {}, msg),
  });
  const tracing = opts.tracerProvider
    ? externalTracing(opts.tracerProvider)
    : config.telemetry.otlpEndpoint
      ? otlpTracing({ endpoint: config.telemetry.otlpEndpoint, serviceName: config.telemetry.serviceName })
      : disabledTracing();
  const tracer = loglensTracer(tracing.provider);
  const store = Store.open(join(config.dataDir, 'loglens.db'), { migrations: [templatesMigration, embeddingCacheMigration, valuesMigration, valuesKeysMigration, valuesDictionaryMigration, valuesReadAgainMigration, valuesNegativeKeyedMigration, valuesOwnedKeyMigration], segmentChunks: opts.segmentChunks, walCheckpointer: true });
  const chunking = { maxTokens: config.chunking.maxTokens, maxGapNs: BigInt(Math.round(config.chunking.maxGapSeconds * 1e9)) };
  const ingestHooks: Omit<IngestHooks, 'tagger'> = {
    storage: storage.observer('ingest'),
    onChunks: (ids) => {
      metrics.chunksIndexed.inc(ids.length);
      vectors?.notifyChunks();
    },
    onInserted: (source, r, bytes, newestTsNs) => {
      if (newestTsNs !== undefined) metrics.noteNewestLine(source, newestTsNs);
      metrics.ingestLines.inc({ source }, r.inserted);
      metrics.ingestDuplicates.inc({ source }, r.duplicates);
      metrics.ingestBytes.inc({ source }, bytes);
    },
  };
  // Slot values are written in the tagging step, inside the ingest transaction.
  const templates = opts.ingestThread ? undefined : new TemplateRepo(store.db, { listener: new ValueWriter(store.db), minerCacheBytes: config.limits.minerCacheBytes });
  const writer = opts.ingestThread
    ? new IngestWriter({ path: store.path, chunking, segmentChunks: opts.segmentChunks, minerCacheBytes: config.limits.minerCacheBytes }, ingestHooks, tracer)
    : undefined;
  metrics.watchMinerCache(() => templates?.cacheStats() ?? writer!.miner);
  const embedder = buildEmbedder(config, { store, cacheWrites: storage.observer('embedding_cache'), writer });
  const vectors = buildVectors(config, store, metrics, log, embedder);
  const pipeline: Ingest = writer ? writerIngest(writer) : new IngestPipeline(store, chunking, { ...ingestHooks, tagger: templates }, tracer);
  const reranker = createReranker({ enabled: config.rerank.enabled, modelDir: config.rerank.modelDir }, (m) => log.info(m));
  // Change analyses (template changes, what changed) run in worker threads on read-only connections: off the event loop.
  const analysis = createChangeAnalysis(store);
  const retriever = new Retriever(
    store,
    {
      candidates: config.retrieval.candidates,
      clockWindowMinutes: config.retrieval.clockWindowMinutes,
      rerankCandidates: config.rerank.candidates,
      searchBudgetChunks: config.retrieval.searchBudgetChunks,
    },
    vectors,
    reranker,
    analysis,
  );
  const llm: LlmAnswerer | undefined = config.ollama.url
    ? createLlmAnswerer({
        url: config.ollama.url,
        model: config.ollama.model,
        firstTokenTimeoutMs: config.ollama.firstTokenTimeoutMs,
        totalTimeoutMs: config.ollama.totalTimeoutMs,
        contextTokens: config.ollama.contextTokens,
        maxAnswerTokens: config.ollama.maxAnswerTokens,
      })
    : undefined;
  const ask = new AskService(
    store,
    retriever,
    metrics,
    {
      evidenceChunks: config.retrieval.evidenceChunks,
      planner: new Planner(store.db),
      explore: { grafanaUrl: config.grafana.url, datasourceUid: config.grafana.lokiDatasourceUid, orgId: config.grafana.orgId },
      tracer,
      llmModel: llm ? config.ollama.model : undefined,
      analysis,
    },
    llm ? askLlmPort(llm) : undefined,
  );
  if (!vectors) metrics.setIndexState('disabled');
  const retention = new RetentionService(
    store,
    { policy: config.retention, now: opts.now },
    {
      onDeleted: (_tenant, reason, b) => {
        metrics.retentionDeletedLines.inc({ reason }, b.entries);
        metrics.retentionDeletedBytes.inc({ reason }, b.lineBytes);
        metrics.retentionDeletedChunks.inc({ reason }, b.chunks);
      },
      forgetChunks: (tenant, ids) => {
        void vectors?.forget(tenant, ids);
        // Retention may have dropped or merged the segment the writer thread cached as open.
        void writer?.forget().catch((err) => log.warn({ err }, 'ingest writer did not forget deleted chunks'));
      },
      forgetStreams: (_tenant, ids) => {
        templates?.forgetStreams(ids);
        // The writer thread's connection cached ids of what this one deleted.
        void writer?.forget(ids).catch((err) => log.warn({ err }, 'ingest writer did not forget deleted streams'));
        metrics.retentionDeletedStreams.inc(ids.length);
      },
      onVacuum: (bytes) => metrics.retentionVacuumedBytes.inc(bytes),
      onPass: () => metrics.retentionLastPass.set((opts.now ?? Date.now)() / 1000),
      log: (level, msg, fields) => log[level](fields ?? {}, msg),
    },
  );
  const readiness: ReadinessCheck[] = [
    {
      name: 'store',
      check: (tenant) => {
        try {
          const c = store.tenantCounts(tenant);
          return { state: 'ok', detail: { entries: c.entries, chunks: c.chunks } };
        } catch {
          return { state: 'down' };
        }
      },
    },
    {
      // Degraded, not down, while writes fail: reads and asks still work, and a pod taken out of
      // service would refuse those too (and pushes would get no 507 saying why).
      name: 'storage',
      check: () => {
        const s = storage.status();
        return s.state === 'ok' ? { state: 'ok', detail: { state: 'ok' } } : { state: 'degraded', detail: { ...s, ingest: 'refused' } };
      },
    },
    {
      name: 'index',
      check: (tenant) => {
        if (!vectors) return { state: 'degraded', detail: { state: 'disabled', serving: 'bm25' } };
        const own = vectors.status().find((t) => t.tenant === tenant);
        // The caller's own index: whether its answers are hybrid now, and how many vectors it has.
        const state = own?.state ?? 'missing';
        const serving = vectors.canServe(tenant) ? 'hybrid' : 'bm25';
        return {
          state: own === undefined || state === 'ready' || state === 'stale' ? 'ok' : 'degraded',
          detail: { state: own === undefined ? 'empty' : state, serving, vectors: own?.vectors ?? 0, distinctVectors: own?.distinctVectors ?? 0 },
        };
      },
    },
    {
      // Which backend holds the followed lines, and whether this sidecar reaches it.
      name: 'backend',
      check: () => {
        if (!openSearch) return { state: 'ok', detail: { kind: 'embedded' } };
        const st = openSearch.status();
        return { state: st.state === 'connected' ? 'ok' : 'degraded', detail: { kind: 'opensearch', state: st.state, held: st.follow?.keeper.held.length ?? 0 } };
      },
    },
    {
      name: 'llm',
      check: async () => {
        if (!llm) return { state: 'degraded', detail: { state: 'not_configured', serving: 'extractive' } };
        const r = await llm.readiness();
        return r.ok
          ? { state: 'ok', detail: { state: 'ready', model: r.model } }
          : { state: 'degraded', detail: { state: r.reason, model: config.ollama.model, serving: 'extractive' } };
      },
    },
  ];
  const followLoki = config.loki.url !== undefined && config.loki.sources.length > 0;
  // backend.kind opensearch: Loki is followed into the cluster by leases (any number of sidecars
  // share the sources), not into this sidecar's store.
  const openSearch =
    config.backend.kind === 'opensearch' && followLoki
      ? new OpenSearchFollow(config, {
          embedder,
          now: opts.now,
          log: (level, msg, fields) => log[level](fields ?? {}, msg),
          // The same ingest metrics as the embedded Loki path (source "loki").
          onWritten: (r) => {
            if (r.newestTsNs !== undefined) metrics.noteNewestLine('loki', r.newestTsNs);
            metrics.ingestLines.inc({ source: 'loki' }, r.inserted);
            metrics.ingestDuplicates.inc({ source: 'loki' }, r.duplicates);
            metrics.ingestBytes.inc({ source: 'loki' }, r.bytes);
          },
        })
      : undefined;
  // backend.kind opensearch: asks read the cluster through LogBackend (ask-backend/), on a
  // connection of their own, opened at the first ask and again after a failed one.
  let askBackend: Promise<OpenSearchBackend> | undefined;
  const backendAsk =
    config.backend.kind === 'opensearch'
      ? new BackendAskService(
          () =>
            (askBackend ??= OpenSearchBackend.open(openSearchOptions(config.backend.opensearch, MINILM_DIM)).catch((err) => {
              askBackend = undefined;
              throw err;
            })),
          {
            evidenceChunks: config.retrieval.evidenceChunks,
            candidates: config.retrieval.candidates,
            clockWindowMinutes: config.retrieval.clockWindowMinutes,
            explore: { grafanaUrl: config.grafana.url, datasourceUid: config.grafana.lokiDatasourceUid, orgId: config.grafana.orgId },
            kind: 'backend.kind opensearch',
          },
          embedder,
          llm ? askLlmPort(llm) : undefined,
        )
      : undefined;
  if (config.backend.kind === 'opensearch' && !followLoki) log.warn('backend.kind is opensearch but no Loki sources are followed (LOGLENS_LOKI_URL, LOGLENS_LOKI_SOURCES): nothing is written to OpenSearch');
  const loki: LokiIngest | undefined =
    config.loki.url && followLoki && !openSearch
      ? createLokiIngest(
          {
            // Through the pipeline so Loki lines are chunked and counted like every other source;
            // entries and cursor still commit in one transaction.
            insertEntries: (entries, o) => pipeline.ingestAsync('loki', entries, { cursor: o.cursor, final: false }),
            insertPage: (entries, o) => pipeline.ingestSliced('loki', entries, { cursor: o.cursor, final: false }),
            getCursor: (id) => store.getCursor(id),
          },
          {
            url: config.loki.url,
            auth: lokiAuthOf(config.loki),
            timeoutMs: config.loki.timeoutMs,
            sources: config.loki.sources,
            tuning: config.loki.tuning,
            onAttempt: (endpoint, outcome) => metrics.lokiRequests.inc({ endpoint, outcome }),
          },
          { log: (level, msg, fields) => log[level](fields ?? {}, msg) },
        )
      : undefined;
  if (config.loki.sources.length > 0 && !config.loki.url) log.warn('loki.sources configured but LOGLENS_LOKI_URL is not set: not following Loki');
  let flushTimer: NodeJS.Timeout | undefined;
  if (!config.auth.disabled && config.auth.apiKeys.length === 0) {
    log.warn('no API keys configured (LOGLENS_API_KEYS): every API route but /healthz answers 401');
  }
  const http = buildApi({
    store,
    pipeline,
    ask,
    metrics,
    log,
    apiKeys: config.auth.apiKeys,
    metricsKey: config.auth.metricsKey,
    limits: config.limits,
    authDisabled: config.auth.disabled,
    defaultTenant: config.defaultTenant,
    bodyLimitBytes: config.server.bodyLimitBytes,
    readiness,
    sources: () => loki?.status() ?? openSearch?.status().follow?.followers ?? [],
    analysis,
    ...(config.backend.kind === 'opensearch'
      ? {
          notServed:
            'backend.kind is opensearch: Loki is followed into the cluster; patterns, alert explanations and pushes there are not built yet (this sidecar store holds none of the followed lines); /api/v1/ask answers retrieval questions from the cluster',
          backendAsk,
        }
      : {}),
    explore: { grafanaUrl: config.grafana.url, datasourceUid: config.grafana.lokiDatasourceUid, orgId: config.grafana.orgId },
  });
  let server: Server | undefined;
  return {
    config,
    log,
    metrics,
    store,
    vectors,
    llm,
    pipeline,
    writer,
    retriever,
    ask,
    retention,
    http,
    openSearch,
    async start() {
      // The change analysis threads start now, so the first "why" does not wait for them.
      void analysis.warmUp().catch((err) => log.warn({ err }, 'change analysis threads did not start; why-questions and patterns fail until they do'));
      // Load the model and measure its prefill in the background, so the first question neither
      // pays a cold load nor sends more evidence than the CPU reads before the first-token timeout.
      if (llm) {
        void llm.warmUp().then((w) =>
          w.ok
            ? log.info({ model: config.ollama.model, prefillTokensPerS: w.tokensPerS && Math.round(w.tokensPerS), generationTokensPerS: w.generationTokensPerS && Math.round(w.generationTokensPerS), loadMs: w.loadMs && Math.round(w.loadMs) }, 'LLM warmed up')
            : log.warn({ model: config.ollama.model, reason: w.reason, detail: w.detail }, 'LLM warm-up failed; answers fall back to extractive until it answers'),
        );
      }
      await vectors?.start();
      if (config.retention.maxAgeHours > 0 || config.retention.maxBytesPerTenant > 0 || Object.keys(config.retention.tenants).length > 0) {
        const t0 = performance.now();
        // One-off for stores made before incremental vacuum: a full VACUUM, so deleted pages can
        // later go back to the file system. Time and free space in proportion to the file.
        if (store.convertToIncrementalVacuum()) log.info({ ms: Math.round(performance.now() - t0) }, 'store converted to incremental vacuum');
        retention.start(config.retention.intervalSeconds * 1000);
      }
      openSearch?.start();
      if (!loki) return;
      loki.start();
      // A tailed stream's last chunk waits for more lines; after one gap's length nothing more
      // will join it, so close it then (chunking never cuts an entry either way).
      let flushing = false;
      flushTimer = setInterval(() => {
        if (flushing) return;
        flushing = true;
        // In slices that yield (20k streams with open chunks are seconds of work). A failed round
        // (a full disk) is redone by the next; an unhandled rejection would end the process.
        pipeline
          .flushPending()
          .catch((err) => {
            if (!storageProblem(err)) log.error({ err }, 'chunking round failed');
          })
          .finally(() => {
            flushing = false;
          });
      }, config.chunking.maxGapSeconds * 1000);
      flushTimer.unref();
    },
    listen() {
      return new Promise((resolve, reject) => {
        const s = http.listen(config.server.port, config.server.host);
        // A slow client cannot hold a socket forever: whole request and header deadlines.
        s.requestTimeout = config.limits.requestTimeoutMs;
        s.headersTimeout = Math.min(60_000, config.limits.requestTimeoutMs);
        s.once('error', reject);
        s.once('listening', () => {
          server = s;
          const addr = s.address();
          const port = typeof addr === 'object' && addr ? addr.port : config.server.port;
          resolve({ server: s, url: `http://${config.server.host}:${port}` });
        });
      });
    },
    async close() {
      if (flushTimer) clearInterval(flushTimer);
      await retention.stop();
      await loki?.stop();
      // Stops its followers and releases its leases (others take the sources over at once) before
      // the embedder they share with the vector index goes.
      await openSearch?.stop();
      await (await askBackend?.catch(() => undefined))?.close();
      await vectors?.close();
      if (!vectors) await embedder?.close();
      await (await reranker)?.close();
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        });
      }
      await analysis.close();
      await writer?.close();
      store.close();
      await tracing.shutdown();
    },
  };
}

/** Where provision-models.sh puts models by default: backend/.cache/models. */
const DEFAULT_MODEL_ROOT = fileURLToPath(new URL('../.cache/models/', import.meta.url));

/**
 * The embedding model (loaded on first use), or undefined when embedding is off. `store` gives it
 * the SQLite vector cache (the embedded sidecar); a sidecar without a store of its own has none.
 */
export function buildEmbedder(config: Config, o: { store?: Store; cacheWrites?: StorageWriteObserver; writer?: IngestWriter } = {}): Embedder | undefined {
  if (!config.embedding.enabled) return undefined;
  const modelDir = config.embedding.modelDir ?? join(config.embedding.modelDirRoot ?? DEFAULT_MODEL_ROOT, 'all-minilm-l6-v2-q');
  return new LazyEmbedder(MINILM_DIM, MINILM_Q_MODEL_ID, () =>
    OnnxEmbedder.create({
      modelDir,
      workers: config.embedding.workers,
      provider: config.embedding.provider,
      cacheEntries: config.embedding.cacheEntries,
      // with an ingest writer thread, the cache's writes go to its connection (ingest/writer.ts)
      store: o.store ? (o.writer ? o.writer.embeddingStore(new SqliteEmbeddingStore(o.store.db), o.cacheWrites) : new SqliteEmbeddingStore(o.store.db)) : undefined,
      storeWrites: o.cacheWrites,
    }),
  );
}

/** The vector side, or undefined (BM25 only) when embedding is off or faiss-node is not built. */
function buildVectors(config: Config, store: Store, metrics: Metrics, log: Logger, embedder: Embedder | undefined): VectorService | undefined {
  if (!embedder) {
    log.info('embedding off (embedding.enabled=false): retrieval is BM25 only');
    return undefined;
  }
  let faiss;
  try {
    faiss = loadFaiss();
  } catch (err) {
    if (!(err instanceof FaissUnavailableError)) throw err;
    log.warn({ reason: err.message }, 'vector index unavailable: retrieval is BM25 only');
    return undefined;
  }
  return new VectorService(store, new TenantIndexes({ faiss, rootDir: join(config.dataDir, 'index'), dim: MINILM_DIM }), embedder, {
    log: (level, msg, fields) => log[level](fields ?? {}, msg),
    onState: (state) => metrics.setIndexState(state),
    onVectors: (n) => metrics.vectorsIndexed.set(n),
    onEmbedBatch: (s) => metrics.embedBatchDuration.observe(s),
  });
}
