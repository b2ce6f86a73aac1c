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
