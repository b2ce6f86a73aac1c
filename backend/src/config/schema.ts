import { z } from 'zod';

// One validated configuration object for the whole sidecar. Every default is documented here and in
// README.md; env vars (LOGLENS_*) and an optional JSON file override them (see load.ts).

const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Tenant ids as Loki accepts them in X-Scope-OrgID (no '|' which Loki uses for multi-tenant queries). */
export const TENANT_RE = /^[A-Za-z0-9_.!*'()-]{1,150}$/;

export const lokiSourceSchema = z.object({
  id: z.string().min(1).max(128).regex(/^[\w.:-]+$/),
  tenant: z.string().min(1).max(256).default('default'),
  /** LogQL stream selector, e.g. {job="checkout"}. */
  selector: z.string().min(2).max(2048),
  /** How far back to backfill on first start. */
  backfillSeconds: z.number().int().positive().max(90 * 24 * 3600).default(3600),
});

const ms = () => z.number().int().positive();
export const lokiTuningSchema = z
  .object({
    pageLimit: z.number().int().positive().max(5000),
    maxPageLimit: z.number().int().positive().max(5000),
    settleMs: z.number().int().min(0),
    pollIntervalMs: ms(),
    catchUpIntervalMs: ms(),
    lateArrivalHorizonMs: ms(),
    tailFlushMs: ms(),
    tailMaxBatch: z.number().int().positive(),
    useTail: z.boolean(),
    tailRetryMs: ms(),
    backoffInitialMs: ms(),
    backoffMaxMs: ms(),
  })
  .partial()
  .strict();

/**
 * Where the index lives (issue #20). `embedded` (the default): SQLite, FTS5 and faiss in dataDir,
 * one sidecar. `opensearch`: lines followed from Loki go to an OpenSearch cluster that any number
 * of sidecars share through leases (backend/src/opensearch/README.md says what is served there).
 */
export const backendSchema = z
  .object({
    kind: z.enum(['embedded', 'opensearch']).default('embedded'),
    opensearch: z
      .object({
        /** Node URLs (one is enough: the client discovers no others, it round-robins these). Required for kind opensearch. */
        urls: z.array(z.string().url().regex(/^https?:\/\//i, 'an http:// or https:// URL')).default([]),
        username: z.string().optional(),
        /** Write-only: redacted wherever the config is printed or logged (load.ts SECRET_PATHS). */
        password: z.string().optional(),
        /** Index names start with it, so several installs can share a cluster (opensearch/naming.ts). */
        indexPrefix: z
          .string()
          .max(64)
          .regex(/^[a-z0-9][a-z0-9_.]*$/, "lower-case letters, digits, '_' and '.', starting with a letter or digit")
          .default('loglens'),
        /** Primary shards per tenant-day index: a tenant-day is small next to a shard's 10-50 GB (opensearch/layout.ts). */
        shards: z.number().int().min(1).max(64).default(1),
        /** Replicas of every index: 1 keeps every acknowledged write through the loss of one node. */
        replicas: z.number().int().min(0).max(8).default(1),
        /** Per request; well inside a lease so a hung node cannot outlast it. */
        requestTimeoutMs: z.number().int().positive().default(10_000),
        /** A dead sidecar's sources wait this long for another to take them over (backend/follow.ts). */
        leaseTtlMs: z.number().int().min(1000).max(10 * 60_000).default(15_000),
        /** This sidecar's id among those sharing the cluster; unique per process when unset (never reuse one across restarts). */
        sidecarId: z.string().min(1).max(128).regex(/^[\w.:@-]+$/).optional(),
        /** backend/follow-main.ts prints one JSON status line this often. */
        statusIntervalMs: z.number().int().positive().default(1000),
      })
      .prefault({}),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'opensearch' && b.opensearch.urls.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['opensearch', 'urls'], message: 'required when backend.kind is opensearch (LOGLENS_OPENSEARCH_URL: one or more node URLs, comma-separated)' });
    }
  });

export const configSchema = z.object({
  dataDir: z.string().min(1).default('./data'),
  /** Tenant used when a request carries no X-Scope-OrgID (single-tenant installs). */
  defaultTenant: z.string().min(1).max(256).default('default'),
  server: z
    .object({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8787),
      /** 1 MiB: a Loki push batch from promtail is ~1 MiB by default (batchsize 1048576 bytes). */
      bodyLimitBytes: z.number().int().positive().max(64 * 1024 * 1024).default(1024 * 1024),
    })
    .prefault({}),
  auth: z
    .object({
      /**
       * Accepted API keys (several allow rotation). A key may be limited to some tenants. Empty means
       * the API is refused (not opened).
       */
      apiKeys: z
        .array(
          z.union([
            z.string().min(16, 'API keys must be at least 16 characters'),
            z
              .object({
                key: z.string().min(16, 'API keys must be at least 16 characters'),
                tenants: z.array(z.string().regex(TENANT_RE)).min(1),
              })
              .strict(),
          ]),
        )
        .default([]),
      /** A key for GET /metrics alone (Prometheus), so scrapers need no key that can read logs. */
      metricsKey: z.string().min(16).optional(),
      /** Lets the demo and tests run with auth off explicitly; never the default. */
      disabled: z.boolean().default(false),
    })
    .prefault({}),
  limits: z
    .object({
      /** Asks per minute per key and tenant: a person asks a few; 60 leaves room for a dashboard of panels. */
      askPerMinute: z.number().int().positive().default(60),
      /** Push requests per minute per key and tenant: promtail pushes about once a second per target. */
      ingestPerMinute: z.number().int().positive().default(1200),
      /** Asks answered at once: each holds SQLite reads, and an LLM call that is slow anyway. */
      maxConcurrentAsks: z.number().int().positive().default(4),
      /** Asks waiting for a slot; beyond it 429 + Retry-After. */
      askQueue: z.number().int().min(0).default(16),
      /** A queued ask gives up after this long (503 + Retry-After) rather than pile up. */
      askQueueTimeoutMs: z.number().int().positive().default(15_000),
      /**
       * How far past its arrival a pushed line may be stamped; later ones are refused (400 naming the
       * value's field), so a clock gone wrong (a line stamped 2200) never becomes the "now" that clock
       * times in questions resolve against. 600 s: Loki's own creation_grace_period default (10m).
       */
      maxFutureSeconds: z.number().int().min(0).max(100 * 365 * 24 * 3600).default(600),
      /**
       * Estimated heap of per-stream template miners kept in memory; the least recently used are
       * dropped and read back from SQLite on their next line (85-190 us each). 64 MiB holds ~5k
       * streams of LogHub-like lines; unbounded, 100k streams held 2.4 GB (bench miner-memory).
       */
      minerCacheBytes: z.number().int().min(0).default(64 * 2 ** 20),
      /** Whole-request limit for the HTTP server (an LLM answer included). */
      requestTimeoutMs: z.number().int().positive().default(180_000),
    })
    .prefault({}),
  grafana: z
    .object({
      /** Base URL used to build Explore links in citations. */
      url: z.string().url().default('http://localhost:3000'),
      lokiDatasourceUid: z.string().min(1).default('loki'),
      orgId: z.number().int().positive().default(1),
    })
    .prefault({}),
  chunking: z
    .object({
      /** all-MiniLM-L6-v2 reads 256 word pieces; ~200 estimated tokens keeps a chunk inside that window. */
      maxTokens: z.number().int().min(16).max(4096).default(200),
      /** Entries further apart than this start a new chunk, so one citation covers one moment. */
      maxGapSeconds: z.number().positive().default(30),
    })
    .prefault({}),
  retrieval: z
    .object({
      /** BM25 candidates fetched before fusion / evidence selection. */
      candidates: z.number().int().min(1).max(1000).default(50),
      /** Evidence chunks handed to the answer stage. */
      evidenceChunks: z.number().int().min(1).max(100).default(8),
      /** Half-width of the window a bare clock time ("at 14:05") becomes. */
      clockWindowMinutes: z.number().positive().max(24 * 60).default(15),
      /**
       * A question without a time searches the newest chunks first: at least this many (65,536:
       * ~300k lines of LogHub-like logs), further only while fewer than 10 good matches are found;
       * the answer says which period it searched. 0 searches the whole store every time.
       */
      searchBudgetChunks: z.number().int().min(0).default(65_536),
    })
    .prefault({}),
  embedding: z
    .object({
      /** Off: BM25 only (no model, no vector index). */
      enabled: z.boolean().default(true),
      /** Directory with model.onnx + tokenizer.json; default: <modelDirRoot>/all-minilm-l6-v2-q. */
      modelDir: z.string().optional(),
      /** Where provision-models.sh puts models (backend/.cache/models unless set). */
      modelDirRoot: z.string().optional(),
      /**
       * Worker threads running the model, so embedding never stalls the event loop; 0 = in-line.
       * 2 x 1 ORT thread measured fastest on 2 cores (bench/embed.ts: 121 chunks/s vs 58 with one).
       */
      workers: z.number().int().min(0).max(16).default(2),
      /** cuda needs an onnxruntime-node build with the CUDA provider (not installable here). */
      provider: z.enum(['cpu', 'cuda']).default('cpu'),
      /** In-memory vectors kept (each 1.5 KiB); templates and questions repeat. */
      cacheEntries: z.number().int().min(0).default(10_000),
    })
    .prefault({}),
  rerank: z
    .object({
      /** Off by default: no cross-encoder ships in a registry we can install from. */
      enabled: z.boolean().default(false),
      modelDir: z.string().optional(),
      /** Fused candidates re-scored by the cross-encoder. */
      candidates: z.number().int().min(1).max(200).default(20),
    })
    .prefault({}),
  loki: z
    .object({
      url: z.string().url().optional(),
      username: z.string().optional(),
      password: z.string().optional(),
      bearerToken: z.string().optional(),
      /** Per HTTP attempt, body included; retries with backoff follow. */
      timeoutMs: z.number().int().positive().default(15_000),
      sources: z.array(lokiSourceSchema).default([]),
      /**
       * Follower tuning (ingest/loki/follower.ts, each has its documented default there). Tests and
       * the fault runs shorten them; a production install leaves them alone.
       */
      tuning: lokiTuningSchema.default({}),
    })
    .prefault({}),
  backend: backendSchema.prefault({}),
  ollama: z
    .object({
      /** Unset: answers are extractive (no LLM). */
      url: z.string().url().optional(),
      model: z.string().min(1).default('llama3.2:3b'),
      /** Covers a cold model load on CPU; past it the extractive answer is returned. */
      firstTokenTimeoutMs: z.number().int().positive().default(30_000),
      totalTimeoutMs: z.number().int().positive().default(120_000),
      /** num_ctx sent to Ollama; the prompt's evidence is cut to fit it. */
      contextTokens: z.number().int().min(512).default(4096),
      maxAnswerTokens: z.number().int().min(16).default(512),
    })
    .prefault({}),
  retention: z
    .object({
      /**
       * Lines older than this go (by their timestamp, against the wall clock), as Loki's
       * retention_period; 0 keeps them forever. 720 h (30 days): the sidecar answers about recent
       * incidents, and Loki, the source of truth, keeps the history.
       */
      maxAgeHours: z.number().min(0).max(100 * 365 * 24).default(720),
      /** Line bytes (UTF-8, as pushed) each tenant may hold; the oldest go past it. 0: no size limit. */
      maxBytesPerTenant: z.number().int().min(0).default(0),
      /** Per-tenant overrides of the two limits, as Loki's runtime overrides. */
      tenants: z
        .record(
          z.string().regex(TENANT_RE),
          z.object({ maxAgeHours: z.number().min(0).max(100 * 365 * 24).optional(), maxBytes: z.number().int().min(0).optional() }).strict(),
        )
        .default({}),
      /** Seconds between passes (the first runs one interval after start): Loki's compactor default is 10m. */
      intervalSeconds: z.number().positive().max(7 * 24 * 3600).default(600),
    })
    .prefault({}),
  log: z
    .object({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
  telemetry: z
    .object({
      /** OTLP/HTTP base URL (spans go to <url>/v1/traces). Unset: spans are not recorded. */
      otlpEndpoint: z.string().url().optional(),
      serviceName: z.string().min(1).default('loglens'),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type LokiSourceConfig = z.infer<typeof lokiSourceSchema>;
export type BackendConfig = z.infer<typeof backendSchema>;
export const LABEL_NAME_RE = labelName;
