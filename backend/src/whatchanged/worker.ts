// Piscina worker of analysis.ts: runs one change analysis on this thread's own read-only
// connection to the store's database file (opened on the first task, kept for the thread's life).
// Each analysis reads inside one read transaction: one snapshot, as when it ran on the event loop
// between two ingest transactions.
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { analyzeChanges, type ChangeQuery, type TemplateChange } from '../templates/index.js';
import { analyzeWhatChanged } from './analyze.js';
import type { WhatChanged, WhatChangedQuery } from './types.js';

export type AnalysisTask =
  | { db: string; kind: 'whatChanged'; query: WhatChangedQuery }
  | { db: string; kind: 'templateChanges'; query: ChangeQuery }
  /** Opens the connection only (warm-up). */
  | { db: string; kind: 'open' };

/** How long a read waits on a lock (a checkpoint truncating the WAL), as the writer's connection does. */
const BUSY_TIMEOUT_MS = 5000;

let open: { path: string; db: Database } | undefined;

function connection(path: string): Database {
  if (open?.path === path) return open.db;
  open?.db.close();
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  open = { path, db };
  return db;
}

/**
 * A failure as it crosses to the calling thread. Structured clone keeps an Error's message and
 * stack but neither its name nor its code, and of better-sqlite3's SqliteError only the code: it
 * goes as a plain object and analysis.ts makes an Error of it again.
 */
export interface AnalysisFailure {
  analysisFailure: true;
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

export default function analysisTask(task: AnalysisTask): WhatChanged | TemplateChange[] | undefined {
  try {
    const db = connection(task.db);
    if (task.kind === 'open') return undefined;
    return db.transaction(() => (task.kind === 'whatChanged' ? analyzeWhatChanged(db, task.query) : analyzeChanges(db, task.query)))();
  } catch (err) {
    const e = err as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown };
    const failure: AnalysisFailure = {
      analysisFailure: true,
      name: typeof e?.name === 'string' ? e.name : 'Error',
      message: typeof e?.message === 'string' ? e.message : String(err),
      ...(typeof e?.code === 'string' ? { code: e.code } : {}),
      ...(typeof e?.stack === 'string' ? { stack: e.stack } : {}),
    };
    throw failure;
  }
}
