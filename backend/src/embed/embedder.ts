// The embedding stage: text -> unit-length 384-d vectors with all-MiniLM-L6-v2 (int8 ONNX).
// Layers, outside in: per-call dedup and in-flight sharing -> LRU -> optional SQLite store ->
// model, run either in Piscina worker threads (default: keeps tokenisation, pooling and the
// session's own work away from the event loop) or on the calling thread (workers: 0).
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { contentHash, LruCache, type EmbeddingStore } from './cache.js';
import {
  DEFAULT_MAX_TOKENS,
  MINILM_DIM,
  modelFiles,
  OnnxEmbeddingModel,
  type EmbedOutcome,
  type ExecutionProvider,
  type OnnxModelOptions,
  type OverflowPolicy,
} from './onnx-model.js';
import type { EmbedTask, EmbedTaskResult } from './worker.js';

export interface Embedder {
  /** Vector length of every output. */
  readonly dim: number;
  /** Identifies the model (and anything that changes its vectors); caches and indexes are scoped by it. */
  readonly modelId: string;
  /** One L2-normalised Float32Array(dim) per text, in input order. Treat results as read-only: they may be shared with the cache. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /**
   * As embed(), for texts asked once (a question): the in-memory cache keeps their vectors, the
   * persistent store is read but not written. A write there is a commit to the store's database,
   * and every commit drops the change analyses kept for it (whatchanged/analysis.ts): a new
   * question, not new logs, made the next "why" analyse its window again.
   */
  embedQuery?(texts: string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/**
 * Rows per ONNX session.run. 1 because the int8 model quantizes activations dynamically with one
 * scale per tensor: padded multi-row batches make a text's vector depend on its batch mates (cosine
 * to the unbatched vector ~0.991 measured), and on this 2-core CPU bigger runs were also slower
 * (bench/embed.ts: 60 vs 28 vs 25 chunks/s for 1/8/32 rows; at 256 tokens a big batch's attention
 * buffers leave the cache).
 */
export const DEFAULT_RUN_BATCH_SIZE = 1;
/** Texts per worker task: big enough that message passing (~0.1 ms) is noise next to ~15 ms per text, small enough to spread over workers. */
export const DEFAULT_TASK_BATCH_SIZE = 16;
/**
 * Worker threads, one ORT thread each: one session per core. bench/embed.ts: 2x1 beat 1x1 when a
 * core was free (73 vs 51 chunks/s) and tied under load; one session with 2 ORT threads was always
 * slowest (30-38) because its threads spin-wait for a core that other processes hold.
 */
export const DEFAULT_WORKERS = 2;
/** ORT threads per session: workers x intra-op threads should not exceed the cores. */
export const DEFAULT_INTRA_OP_THREADS = 1;
/** ~15 MB of vectors (10k x 384 x 4 B): enough for the distinct templates/chunks of a busy hour. */
export const DEFAULT_CACHE_ENTRIES = 10_000;
export const MINILM_Q_MODEL_ID = 'all-minilm-l6-v2-q';

export interface OnnxEmbedderOptions {
  /** Directory with model.onnx + tokenizer.json (backend/.cache/models/all-minilm-l6-v2-q after provisioning). */
  modelDir: string;
  /** Default: all-minilm-l6-v2-q, with "@<maxTokens>-<overflow>" appended when those differ from the defaults. */
  modelId?: string;
  /** Token budget per model row including [CLS]/[SEP]. */
  maxTokens?: number;
  /** Longer texts: 'windows' (default) pools several windows, 'truncate' drops the tail. */
  overflow?: OverflowPolicy;
  runBatchSize?: number;
  taskBatchSize?: number;
  /** 0 runs the model on the calling thread. */
  workers?: number;
  intraOpThreads?: number;
  provider?: ExecutionProvider;
  /** In-memory LRU capacity in vectors; 0 disables it. */
  cacheEntries?: number;
  /** Persistent cache, e.g. SqliteEmbeddingStore over the migration-200 table. */
  store?: EmbeddingStore;
  /**
   * Told of each write to `store` that went through and each that failed. Writes are best effort:
   * a failed one (a full disk) is reported here and counted, and the vectors are returned anyway.
   */
  storeWrites?: { succeeded(): void; failed(err: unknown): unknown };
}

export interface EmbedStats {
  /** Texts passed to embed(). */
  requested: number;
  /** Repeats of a text inside one embed() call. */
  duplicateInCall: number;
  lruHits: number;
  /** Texts already being computed by a concurrent call. */
  inFlightHits: number;
  storeHits: number;
  /** Texts the model actually ran on. */
  computed: number;
  /** Of those, texts whose tail did not reach the vector (policy 'truncate', or past MAX_WINDOWS). */
  truncated: number;
  /** Of those, texts embedded as several windows. */
  windowed: number;
  /** Writes to the persistent store that failed (a full disk); their vectors were returned all the same. */
  storeWriteErrors: number;
}

type Runner = (texts: string[]) => Promise<EmbedOutcome>;

export class OnnxEmbedder implements Embedder {
  readonly dim = MINILM_DIM;
  private readonly lru: LruCache<Float32Array>;
  private readonly inFlight = new Map<string, Promise<Float32Array>>();
  private readonly counters: EmbedStats = { requested: 0, duplicateInCall: 0, lruHits: 0, inFlightHits: 0, storeHits: 0, computed: 0, truncated: 0, windowed: 0, storeWriteErrors: 0 };

  private constructor(
    readonly modelId: string,
    private readonly runner: Runner,
    private readonly closeRunner: () => Promise<void>,
    private readonly taskBatchSize: number,
    cacheEntries: number,
    private readonly store: EmbeddingStore | undefined,
    private readonly storeWrites?: OnnxEmbedderOptions['storeWrites'],
  ) {
    this.lru = new LruCache(cacheEntries);
  }

  static async create(opts: OnnxEmbedderOptions): Promise<OnnxEmbedder> {
    modelFiles(opts.modelDir); // fail fast, on this thread, with the "run provision-models.sh" message
    const modelOpts: OnnxModelOptions = {
      modelDir: opts.modelDir,
      maxTokens: opts.maxTokens ?? DEFAULT_MAX_TOKENS,
      intraOpThreads: opts.intraOpThreads ?? DEFAULT_INTRA_OP_THREADS,
      provider: opts.provider ?? 'cpu',
      overflow: opts.overflow ?? 'windows',
    };
    const runBatchSize = positiveInt('runBatchSize', opts.runBatchSize ?? DEFAULT_RUN_BATCH_SIZE);
    const taskBatchSize = positiveInt('taskBatchSize', opts.taskBatchSize ?? DEFAULT_TASK_BATCH_SIZE);
    const workers = opts.workers ?? DEFAULT_WORKERS;
    let runner: Runner;
    let closeRunner: () => Promise<void>;
    if (workers === 0) {
      const model = await OnnxEmbeddingModel.load(modelOpts);
      runner = (texts) => model.embed(texts, runBatchSize);
      closeRunner = () => model.close();
    } else {
      positiveInt('workers', workers);
      const pool = new Piscina<EmbedTask, EmbedTaskResult>({
        filename: workerUrl(),
        minThreads: workers,
        maxThreads: workers,
        // Idle workers would otherwise exit and reload the model (~0.3 s) on the next burst.
        idleTimeout: Number.POSITIVE_INFINITY,
      });
      runner = async (texts) => {
        const { data, truncated, windowed } = await pool.run({ model: modelOpts, runBatchSize, texts });
        const vectors: Float32Array[] = [];
        for (let i = 0; i < texts.length; i++) vectors.push(data.slice(i * MINILM_DIM, (i + 1) * MINILM_DIM));
        return { vectors, truncated, windowed };
      };
      closeRunner = () => pool.destroy();
      // Load the model in every worker now so a bad model dir or provider fails create(), not the first embed().
      try {
        await Promise.all(Array.from({ length: workers }, () => runner(['warm up'])));
      } catch (err) {
        await pool.destroy();
        throw err;
      }
    }
    // Settings that change the vectors are part of the id, so stored vectors never mix across them.
    const variant = modelOpts.maxTokens === DEFAULT_MAX_TOKENS && modelOpts.overflow === 'windows' ? '' : `@${modelOpts.maxTokens}-${modelOpts.overflow}`;
    const modelId = opts.modelId ?? `${MINILM_Q_MODEL_ID}${variant}`;
    return new OnnxEmbedder(modelId, runner, closeRunner, taskBatchSize, opts.cacheEntries ?? DEFAULT_CACHE_ENTRIES, opts.store, opts.storeWrites);
  }

  stats(): EmbedStats {
    return { ...this.counters };
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    return this.vectors(texts, true);
  }

  embedQuery(texts: string[]): Promise<Float32Array[]> {
    return this.vectors(texts, false);
  }

  private async vectors(texts: string[], keep: boolean): Promise<Float32Array[]> {
    this.counters.requested += texts.length;
    const hashes = texts.map(contentHash);
    const results = new Map<string, Float32Array | Promise<Float32Array>>();
    const missing = new Map<string, string>();
    for (let i = 0; i < texts.length; i++) {
      const h = hashes[i];
      if (results.has(h) || missing.has(h)) {
        this.counters.duplicateInCall++;
        continue;
      }
      const cached = this.lru.get(h);
      if (cached) {
        this.counters.lruHits++;
        results.set(h, cached);
        continue;
      }
      const pending = this.inFlight.get(h);
      if (pending) {
        this.counters.inFlightHits++;
        results.set(h, pending);
        continue;
      }
      missing.set(h, texts[i]);
    }
    if (missing.size > 0 && this.store) {
      for (const [h, v] of this.store.getMany(this.modelId, [...missing.keys()])) {
        this.counters.storeHits++;
        this.lru.set(h, v);
        results.set(h, v);
        missing.delete(h);
      }
    }
    if (missing.size > 0) {
      const computing = this.compute(missing, keep);
      for (const h of missing.keys()) {
        const p = computing.then((m) => m.get(h) as Float32Array);
        this.inFlight.set(h, p);
        results.set(h, p);
      }
      computing
        .finally(() => {
          for (const h of missing.keys()) this.inFlight.delete(h);
        })
        .catch(() => {}); // the error reaches callers through `results`
    }
    return Promise.all(hashes.map((h) => results.get(h) as Float32Array | Promise<Float32Array>));
  }

  private async compute(missing: Map<string, string>, keep: boolean): Promise<Map<string, Float32Array>> {
    // Longest first so each task holds similar lengths (less padding when runBatchSize > 1).
    const entries = [...missing].sort((a, b) => b[1].length - a[1].length);
    const tasks: Array<ReturnType<Runner>> = [];
    for (let i = 0; i < entries.length; i += this.taskBatchSize) {
      tasks.push(this.runner(entries.slice(i, i + this.taskBatchSize).map((e) => e[1])));
    }
    const results = await Promise.all(tasks);
    const vectors = results.flatMap((r) => r.vectors);
    for (const r of results) {
      this.counters.truncated += r.truncated;
      this.counters.windowed += r.windowed;
    }
    const out = new Map<string, Float32Array>();
    entries.forEach(([h], i) => {
      out.set(h, vectors[i]);
      this.lru.set(h, vectors[i]);
    });
    this.counters.computed += entries.length;
    if (this.store && keep) {
      // A cache: a question must be answered when its vector cannot be kept (a full disk).
      try {
        this.store.putMany(this.modelId, entries.map(([hash], i) => ({ hash, vector: vectors[i] })));
        this.storeWrites?.succeeded();
      } catch (err) {
        this.counters.storeWriteErrors++;
        this.storeWrites?.failed(err);
      }
    }
    return out;
  }

  async close(): Promise<void> {
    this.lru.clear();
    await this.closeRunner();
  }
}

function workerUrl(): string {
  // Same extension as this module: .ts under tsx, .js once compiled.
  return new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
  return v;
}
