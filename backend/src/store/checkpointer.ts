// WAL checkpoints on a worker thread, off the event loop. With SQLite's automatic checkpoint the
// commit that crosses wal_autocheckpoint copies the WAL into the database file and fsyncs it,
// inside a push's slice on the event loop: about half of what commits cost on the push path
// (1.7 of 3.5 ms per 256-line slice, measured in-process with wal_autocheckpoint on and off,
// load 4.5), and every request waits behind the fsync. Here a second connection, on its own
// thread, runs PASSIVE checkpoints: they copy what committed frames no reader needs and never
// block the writer or take its locks for long. The writer's connection keeps an automatic
// checkpoint only as a backstop (Store's WAL_BACKSTOP_PAGES), for a worker that cannot keep up.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

/** 64 MiB: several seconds of pushes at full rate fit before a checkpoint, and no more stays on disk. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * WAL pages (4 KiB) before a commit checkpoints. SQLite's 1,000 (4 MiB) made a 5,000-line push
 * checkpoint several times on the request path (commits + checkpoints 155-173 ms of a push);
 * 4,096 (16 MiB) checkpoints a quarter as often, and pages written again between checkpoints
 * are copied once; under WAL_SIZE_LIMIT_BYTES. Evidence (bench/push.ts, this change with the
 * push path's other three against the tree before, side by side, 40 pushes each, load 1.1-1.9):
 * 8,961 -> 9,812 and 8,858 -> 9,608 lines/s over HTTP (+8-10%), /healthz p99 while pushing
 * 113 -> 111 and 121 -> 113 ms.
 */
const WAL_AUTOCHECKPOINT_PAGES = 4096;
/**
 * With a checkpointer thread, the writer's own automatic checkpoint is a backstop only: at
 * WAL_SIZE_LIMIT_BYTES of WAL (the worker fell behind or failed) a commit checkpoints as before.
 */
const WAL_BACKSTOP_PAGES = WAL_SIZE_LIMIT_BYTES / 4096;

/** The writer's WAL limits, set on every store opened for writing. */
export function walLimits(db: Database): void {
  // After a checkpoint the WAL is cut back to this size: a retention pass or a burst of pushes
  // would otherwise leave a WAL file as large as its biggest moment, for good.
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
}

/**
 * For a second writing connection to a file whose WAL a checkpointer thread already copies (the
 * ingest writer thread, ingest/writer.ts): its own checkpoint is the backstop only.
 */
export function backstopOnly(db: Database): void {
  db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
}

/**
 * How often the worker checkpoints. A PASSIVE checkpoint with nothing new to copy reads the
 * WAL index and returns; at 10k lines/s a quarter second of pushes is ~25 MB of WAL, well under
 * the writer's backstop, and one fsync of the database file per interval at most.
 */
export const CHECKPOINT_INTERVAL_MS = 250;

// Plain JavaScript (eval'd): the worker needs no TypeScript loader in any way the sidecar runs.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let stopped = false;
const timer = setInterval(() => {
  try {
    const r = checkpoint.get();
    parentPort.postMessage({ busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop' || stopped) return;
  stopped = true;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface CheckpointReport {
  busy?: number;
  log?: number;
  checkpointed?: number;
  error?: string;
}

/** A worker thread checkpointing one database file's WAL until stop(). */
export class WalCheckpointer {
  private readonly worker: Worker;
  /** The last report (tests and metrics): frames in the WAL and frames copied into the database. */
  last?: CheckpointReport;
  checkpoints = 0;

  /** A checkpointer for the writer `db` (the file at `path`), whose own checkpoint becomes the backstop. */
  static start(db: Database, path: string): WalCheckpointer {
    const checkpointer = new WalCheckpointer(path);
    db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
    return checkpointer;
  }

  constructor(path: string, intervalMs = CHECKPOINT_INTERVAL_MS) {
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, { eval: true, workerData: { path, sqlite, intervalMs } });
    this.worker.on('message', (m: CheckpointReport) => {
      this.last = m;
      this.checkpoints++;
      const waiting = this.waiting;
      this.waiting = [];
      if (waiting.length > 0) this.worker.unref();
      for (const w of waiting) w(m);
    });
    // A worker that fails leaves the writer's backstop checkpoint doing the work, as before.
    this.worker.on('error', (err) => {
      this.last = { error: String(err) };
    });
    // It must not keep the process alive.
    this.worker.unref();
  }

  private waiting: ((r: CheckpointReport) => void)[] = [];

  /** The worker's next report (after its next checkpoint); the process stays up for it. */
  next(): Promise<CheckpointReport> {
    this.worker.ref();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Closes the worker's connection and ends it (asynchronously: it may be inside a checkpoint). */
  stop(): void {
    this.worker.postMessage('stop');
  }
}
