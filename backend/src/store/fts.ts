import type { Database } from 'better-sqlite3';
import type { Labels } from '../types.js';

/**
 * Creates an FTS5 table for chunks: labels apart from text so bm25() can weigh a service name
 * apart from words in lines; contentless (the text lives in chunks), with deletes; porter so
 * "failing" finds "failed".
 */
export function createChunkFts(db: Database, table: string): void {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING fts5 (
    labels, text,
    content = '',
    contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`);
}

/** Labels as indexed text: "job checkout env demo" so a service name in a question can match. */
export function labelsText(labels: Labels): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k} ${v}`)
    .join(' ');
}
