// Where the change analyses run. Both are synchronous SQL and bookkeeping over the store: the
// what-changed analysis (analyze.ts) takes 100-400 ms on a 40k-stream tenant, the template change
// analysis (templates/changes.ts) 20-100 ms. On the event loop that is as long a stall for every
// other request of every tenant, /healthz included. With the store in a file they run in worker
// threads, each with its own read-only connection to the same WAL database: readers wait neither
// for the writer nor it for them, and the same functions over the same committed rows give the
// same results. An in-memory store (unit tests, evaluations) has no file another connection could
// open: there they run on the calling thread, after a turn of the event loop.
//
// Created once in the composition root (app.ts) and passed to what runs analyses (Retriever,
// AskService, the patterns route); close() ends its threads.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import BetterSqlite3 from 'better-sqlite3';
import { Piscina } from 'piscina';
import { analyzeChanges, type ChangeQuery, type TemplateChange } from '../templates/index.js';
import { analyzeWhatChanged } from './analyze.js';
import type { WhatChanged, WhatChangedQuery } from './types.js';
import type { AnalysisFailure, AnalysisTask } from './worker.js';

export interface ChangeAnalysis {
  /** The what-changed analysis of a window (analyze.ts). */
  whatChanged(q: WhatChangedQuery): Promise<WhatChanged>;
  /** New, surging and dropped kinds of line (templates/changes.ts). */
  templateChanges(q: ChangeQuery): Promise<TemplateChange[]>;
  /**
   * Starts a worker thread and opens its connection now, so the first "why" does not wait for it
   * (~0.3 s; more when the modules are compiled on the fly). Optional: the first analysis does it too.
   */
  warmUp(): Promise<void>;
  /** Ends the worker threads, if any; later calls fail. */
  close(): Promise<void>;
}

/**
 * Worker threads at most. An ask's two analyses (template changes, what changed) and the patterns
 * route's two run side by side; a thread per concurrent ask would only contend for the 2-4 cores a
 * sidecar shares with ingest and the embedder's workers. A further analysis waits in the queue.
 */
export const ANALYSIS_THREADS = 2;
/** A thread beyond the first ends after this long without work. */
export const EXTRA_THREAD_IDLE_MS = 60_000;

/**
 * Analyses kept for the store as it is (their queries' results; all dropped at its next commit).
 * An ask asked again over unchanged data (a rephrasing, a second user, a dashboard refresh) reads
 * the same window and baseline: without a time or a selector every cause question of a tenant
 * does (the newest 30 minutes of all its streams). The scale bench's four ways of asking its three
 * cause questions make 16 distinct queries; a result is ~56 kB of JSON on its 1M-line store (50
 * value changes, 50 onsets, 21 change lines; 178 template changes) and a copy of it 0.7 ms.
 */
export const RESULT_CACHE_ENTRIES = 32;

/** Query fields in a key: bigints as text (JSON has none). */
const keyOf = (kind: string, q: unknown) => `${kind}:${JSON.stringify(q, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`;

/**
 * The results of the latest analyses, valid while the database has no new commit. The store's
 * writer commits on its own connection: a connection of its own here sees each of those commits
 * as a new PRAGMA data_version (SQLite changes it for commits of other connections), read before
 * an analysis starts. A commit while it runs moves the version on, so its result is kept under a
 * version already past and served to nobody. Each caller gets its own copy.
 */
class ResultCache {
  private watcher?: InstanceType<typeof BetterSqlite3>;
  private version: number | undefined;
  private readonly results = new Map<string, Promise<unknown>>();

  constructor(private readonly path: string) {}

  async get<T>(key: string, run: () => Promise<T>): Promise<T> {
    this.watcher ??= new BetterSqlite3(this.path, { readonly: true, fileMustExist: true });
    const version = this.watcher.pragma('data_version', { simple: true }) as number;
    if (version !== this.version) {
      this.results.clear();
      this.version = version;
    }
    let pending = this.results.get(key) as Promise<T> | undefined;
    // Least recently asked goes first: a hit moves to the end.
    if (pending) this.results.delete(key);
    if (pending) this.results.set(key, pending);
    else {
      if (this.results.size >= RESULT_CACHE_ENTRIES) this.results.delete(this.results.keys().next().value!);
      pending = run();
      this.results.set(key, pending);
      // A failed analysis is not kept: the next ask runs it again.
      pending.catch(() => this.results.get(key) === pending && this.results.delete(key));
    }
    return structuredClone(await pending);
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.results.clear();
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** On the calling thread (an in-memory store): the same functions, after a turn of the event loop. */
export class InProcessChangeAnalysis implements ChangeAnalysis {
  constructor(private readonly db: Database) {}

  async whatChanged(q: WhatChangedQuery): Promise<WhatChanged> {
    await turn();
    return analyzeWhatChanged(this.db, q);
  }

  async templateChanges(q: ChangeQuery): Promise<TemplateChange[]> {
    await turn();
    return analyzeChanges(this.db, q);
  }

  async warmUp(): Promise<void> {}

  async close(): Promise<void> {}
}

/**
 * In worker threads with read-only connections to the database file at `path`. The first thread
 * starts with the first analysis or warmUp() (a process that never asks "why" starts none) and
 * stays; idle threads do not keep the process alive.
 */
export class WorkerChangeAnalysis implements ChangeAnalysis {
  private pool?: Piscina<AnalysisTask, WhatChanged | TemplateChange[] | undefined>;
  private closed = false;
  private readonly cache: ResultCache;
  /** Analyses sent to a thread (not answered from the cache). */
  runs = 0;

  constructor(
    private readonly path: string,
    private readonly threads = ANALYSIS_THREADS,
  ) {
    this.cache = new ResultCache(path);
  }

  whatChanged(q: WhatChangedQuery): Promise<WhatChanged> {
    return this.cached(keyOf('whatChanged', q), () => this.run({ db: this.path, kind: 'whatChanged', query: q }) as Promise<WhatChanged>);
  }

  templateChanges(q: ChangeQuery): Promise<TemplateChange[]> {
    return this.cached(keyOf('templateChanges', q), () => this.run({ db: this.path, kind: 'templateChanges', query: q }) as Promise<TemplateChange[]>);
  }

  private async cached<T>(key: string, run: () => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('change analysis closed');
    return this.cache.get(key, () => {
      this.runs++;
      return run();
    });
  }

  async warmUp(): Promise<void> {
    await this.run({ db: this.path, kind: 'open' });
  }

  private run(task: AnalysisTask): Promise<WhatChanged | TemplateChange[] | undefined> {
    if (this.closed) return Promise.reject(new Error('change analysis closed'));
    this.pool ??= new Piscina<AnalysisTask, WhatChanged | TemplateChange[] | undefined>({
      filename: workerUrl(),
      // One resident; the others stay while asks keep coming. A thread started per ask would load
      // its modules and open its connection each time (~0.3 s, seconds on a loaded machine); each
      // costs ~40 MB (V8 heap, modules, SQLite page cache), so idle ones do not stay for good.
      minThreads: 1,
      maxThreads: this.threads,
      idleTimeout: EXTRA_THREAD_IDLE_MS,
    });
    return this.pool.run(task).catch((err: unknown) => {
      throw asError(err);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cache.close();
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }
}

/** Worker threads for a store in a file; the calling thread for an in-memory one. */
export function createChangeAnalysis(store: { db: Database; path: string }, opts: { threads?: number } = {}): ChangeAnalysis {
  const inMemory = store.db.memory || store.path === ':memory:' || store.path === '';
  return inMemory ? new InProcessChangeAnalysis(store.db) : new WorkerChangeAnalysis(store.path, opts.threads);
}

/** A worker's failure (AnalysisFailure) as the Error it was: name, message, code and stack. */
function asError(err: unknown): unknown {
  const f = err as Partial<AnalysisFailure> | undefined;
  if (!f?.analysisFailure) return err;
  const e = Object.assign(new Error(f.message), f.code !== undefined ? { code: f.code } : {});
  e.name = f.name ?? 'Error';
  if (f.stack) e.stack = f.stack;
  return e;
}

function workerUrl(): string {
  // Same extension as this module: .ts under tsx, .js once compiled.
  return new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;
}
