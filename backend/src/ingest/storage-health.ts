// Whether the store can be written: every write path that can meet a full (or failing) disk
// reports here, so the push API can answer 507 / 503 with Retry-After instead of a 500, /readyz can
// say `storage: full`, and the loglens_storage_* metrics can count it. Reads never need to.
//
// State: "full" (or "failing") from a write that failed for that reason until a write of the same
// writer succeeds; an ingest write that goes through clears it whatever failed. A few-KiB cache
// row can fit where a push cannot (into what a refused push left allocated in the WAL file), so
// it only clears what cache writes failed. Nothing polls the disk: the retried push, the next
// Loki page, is what says space came back.

/** full: no space (or quota) left; io: the device refused the write for another reason. */
export type StorageProblem = 'full' | 'io';
/** What a failed write counts as in loglens_storage_write_failures_total; other: not a storage error (a bug, a constraint). */
export type StorageFailureReason = StorageProblem | 'other';
export const STORAGE_FAILURE_REASONS = ['full', 'io', 'other'] as const satisfies readonly StorageFailureReason[];

/** Writers that report here: ingest transactions (push, Loki, files, chunking) and the embedding cache. */
export const STORAGE_COMPONENTS = ['ingest', 'embedding_cache'] as const;
export type StorageComponent = (typeof STORAGE_COMPONENTS)[number];

export type StorageState = 'ok' | 'full' | 'failing';
export const STORAGE_STATES = ['ok', 'full', 'failing'] as const satisfies readonly StorageState[];

/**
 * SQLite's unix VFS turns a write's ENOSPC into SQLITE_FULL; any other failed write (EDQUOT, EIO,
 * EROFS, a short write) is SQLITE_IOERR_WRITE, and failed fsyncs, truncates and shared-memory
 * growth are their own SQLITE_IOERR_* codes. Node's fs reports errno names. EDQUOT (a quota) is
 * "no space" for whoever hits it.
 */
const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const IO_ERRNOS = new Set(['EIO', 'EROFS']);
/** SQLITE_IOERR_NOMEM is memory, not the disk. */
const NOT_STORAGE = new Set(['SQLITE_IOERR_NOMEM']);
/** faiss reports a failed write in its message: "write error in <file>: 4051 != 3072000 (No space left on device)". */
const FULL_MESSAGE = /\((?:No space left on device|Disk quota exceeded)\)/;

/** Why a write failed, as far as storage goes; undefined when the error is not about storage. */
export function storageProblem(err: unknown): StorageProblem | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && !NOT_STORAGE.has(code)) {
    if (FULL_CODES.has(code)) return 'full';
    if (code.startsWith('SQLITE_IOERR') || IO_ERRNOS.has(code)) return 'io';
  }
  const message = (err as { message?: unknown }).message;
  if (typeof message === 'string' && FULL_MESSAGE.test(message)) return 'full';
  return undefined;
}

/** What a writer reports: each write that committed something, and each that failed. */
export interface StorageWriteObserver {
  succeeded(): void;
  failed(err: unknown): StorageFailureReason;
}

export interface StorageStatus {
  state: StorageState;
  /** When the current problem began (ISO 8601), while there is one. */
  since?: string;
  /** The writer and error code of the latest failed write, while there is a problem. */
  component?: StorageComponent;
  code?: string;
  /** Failed writes since the problem began. */
  failures?: number;
}

export interface StorageHealthHooks {
  /** A failed write (metric: loglens_storage_write_failures_total). */
  onFailure?: (component: StorageComponent, reason: StorageFailureReason) => void;
  /** The state changed (metric: loglens_storage_state). */
  onState?: (state: StorageState) => void;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  nowMs?: () => number;
}

/**
 * A full disk fails every push, Loki page and embedding cache write: one log line per writer and
 * reason per minute (with the count of those not logged) says it without flooding the log.
 */
export const STORAGE_LOG_PERIOD_MS = 60_000;

export class StorageHealth {
  private problem:
    | { state: Exclude<StorageState, 'ok'>; sinceMs: number; component: StorageComponent; code?: string; failures: number; failing: Set<StorageComponent> }
    | undefined;
  private readonly lastLogged = new Map<string, { atMs: number; suppressed: number }>();
  private readonly nowMs: () => number;

  constructor(private readonly hooks: StorageHealthHooks = {}) {
    this.nowMs = hooks.nowMs ?? Date.now;
  }

  observer(component: StorageComponent): StorageWriteObserver {
    return { succeeded: () => this.succeeded(component), failed: (err) => this.failed(component, err) };
  }

  /** Records a failed write; returns what it counted as. */
  failed(component: StorageComponent, err: unknown): StorageFailureReason {
    const reason: StorageFailureReason = storageProblem(err) ?? 'other';
    this.hooks.onFailure?.(component, reason);
    const code = errorCode(err);
    if (reason !== 'other') {
      const state = reason === 'full' ? 'full' : 'failing';
      if (this.problem?.state !== state) {
        this.problem = { state, sinceMs: this.nowMs(), component, code, failures: 0, failing: new Set() };
        this.hooks.onState?.(state);
      }
      this.problem.component = component;
      this.problem.code = code;
      this.problem.failures++;
      this.problem.failing.add(component);
    }
    this.logFailure(component, reason, code, err);
    return reason;
  }

  /** Records a write that committed something. */
  succeeded(component: StorageComponent): void {
    const p = this.problem;
    if (!p) return;
    if (component === 'ingest') p.failing.clear();
    else p.failing.delete(component);
    if (p.failing.size > 0) return;
    this.problem = undefined;
    this.lastLogged.clear();
    this.hooks.onState?.('ok');
    this.hooks.log?.('info', 'storage writable again', { component, wasState: p.state, failedWrites: p.failures, forSeconds: Math.round((this.nowMs() - p.sinceMs) / 1000) });
  }

  status(): StorageStatus {
    const p = this.problem;
    if (!p) return { state: 'ok' };
    return { state: p.state, since: new Date(p.sinceMs).toISOString(), component: p.component, code: p.code, failures: p.failures };
  }

  private logFailure(component: StorageComponent, reason: StorageFailureReason, code: string | undefined, err: unknown): void {
    const key = `${component}|${reason}`;
    const now = this.nowMs();
    const last = this.lastLogged.get(key);
    if (last && now - last.atMs < STORAGE_LOG_PERIOD_MS) {
      last.suppressed++;
      return;
    }
    this.lastLogged.set(key, { atMs: now, suppressed: 0 });
    const what =
      reason === 'full'
        ? component === 'ingest'
          ? 'disk full: ingest refused (507) until space is freed'
          : 'disk full: embedding cache not written (answers unaffected)'
        : reason === 'io'
          ? `storage write failed: ${component === 'ingest' ? 'ingest refused (503)' : 'embedding cache not written (answers unaffected)'}`
          : `${component} write failed`;
    this.hooks.log?.(reason === 'other' && component === 'ingest' ? 'error' : 'warn', what, {
      component,
      reason,
      code,
      err: err instanceof Error ? err.message : String(err),
      ...(last ? { notLoggedSinceLast: last.suppressed } : {}),
    });
  }
}

function errorCode(err: unknown): string | undefined {
  const code = err !== null && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
