// For bench/scale.ts: the BM25 stage of an ask under the layouts, side by side on the same chunks
// and the same questions, on connections of the bench's own (the sidecar keeps running):
//   one table     the layout before segments, rebuilt here in a scratch file from the store's chunks
//                 (one FTS5 table for the tenant) and searched as before: one query over every chunk,
//                 joined to chunks and streams, coordination from every posting of every term;
//   bounded pool  the alternative the scale issue names, on that one table: FTS5 alone in a subquery
//                 with its own LIMIT (no join around bm25()), coordination probed for the pool only;
//   segments      the product's search (store/segments.ts): an FTS5 table per 16k chunks, newest
//                 first until the budget, with a window only the segments overlapping it; and the
//                 same reading every segment (budget 0).
// Per layout: time p50/p95 and Hit@5 (a top-5 chunk holding a line of a relevant LogHub event).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChunkFts, labelsText } from '../backend/src/store/fts.js';
import { chunkTextSql } from '../backend/src/store/chunk-text.js';
import { Bm25Retriever, ftsQuery, type Candidate, type FtsTables } from '../backend/src/retrieve/bm25.js';
import { parseQuestion } from '../backend/src/retrieve/query.js';
import { SegmentCatalog } from '../backend/src/store/segments.js';
import { stats } from './lib.js';

export interface LayoutRow {
  layout: string;
  noTime: { p50: number; p95: number };
  window: { p50: number; p95: number };
  hit5: number;
  /** Share of the one-table top 5 the layout also ranks in its top 5 (no time). */
  sameTop5: number;
}

/** The product's default budget (config retrieval.searchBudgetChunks). */
const BUDGET = 65_536;
const LIMIT = 50;

export function compareBm25Layouts(
  dbPath: string,
  tenant: string,
  questions: { question: string; relevant: (job: string, tsNs: bigint) => boolean }[],
  window: { startNs: bigint; endNs: bigint },
): { rows: LayoutRow[]; oneTableBuildS: number } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const scratchDir = mkdtempSync(join(tmpdir(), 'loglens-bench-onetable-'));
  const one = new Database(join(scratchDir, 'one.db'));
  try {
    const tenantId = db.prepare('SELECT id FROM tenants WHERE name = ?').pluck().get(tenant) as number;
    const catalog = new SegmentCatalog(db);
    const fts: FtsTables = { db, segmentsOf: () => catalog.list(tenantId) };
    const segmented = new Bm25Retriever(fts, { budgetChunks: BUDGET });
    const allSegments = new Bm25Retriever(fts, { budgetChunks: 0 });
    const t0 = performance.now();
    const table = buildOneTable(db, one, tenant, dbPath);
    const oneTableBuildS = (performance.now() - t0) / 1000;
    const pooled = boundedPool(one, table, tenant);
    const before = oneTableSearch(one, table, tenant);
    const lines = db.prepare('SELECT e.ts_ns, s.labels_json FROM entries e JOIN streams s ON s.id = e.stream_id WHERE e.chunk_id = ?').safeIntegers(true);
    const relevantChunk = (q: (typeof questions)[number], id: number) =>
      (lines.all(id) as { ts_ns: bigint; labels_json: string }[]).some((r) => q.relevant((JSON.parse(r.labels_json) as { job: string }).job, r.ts_ns));
    const ctx = { nowNs: 0n, referenceNs: () => 0n, hasData: () => true, clockWindowMinutes: 15, labelValues: new Map() };
    const layouts: [string, (terms: string[], w?: typeof window) => Candidate[]][] = [
      ['one table per tenant (before)', (t, w) => before(t, w)],
      ['one table, bounded pool (alternative)', (t, w) => pooled(t, w)],
      [`segments, newest first (${BUDGET.toLocaleString('en-US')} chunks)`, (t, w) => segmented.search(t, { tenant, window: w }, LIMIT)],
      ['segments, every one', (t, w) => allSegments.search(t, { tenant, window: w }, LIMIT)],
    ];
    const times = layouts.map(() => ({ noTime: [] as number[], window: [] as number[], hits: 0, same: 0, n: 0 }));
    for (const q of questions) {
      const terms = parseQuestion(q.question, ctx as never).terms;
      if (!ftsQuery(terms)) continue;
      const top5s: number[][] = [];
      // Alternate the order so no layout always runs on a cache the one before warmed.
      const order = layouts.map((_, i) => i);
      if (questions.indexOf(q) % 2 === 1) order.reverse();
      for (const i of order) {
        const t0 = performance.now();
        const top = layouts[i][1](terms);
        times[i].noTime.push(performance.now() - t0);
        const t1 = performance.now();
        layouts[i][1](terms, window);
        times[i].window.push(performance.now() - t1);
        const top5 = top.slice(0, 5).map((c) => c.chunkId);
        times[i].hits += top5.some((id) => relevantChunk(q, id)) ? 1 : 0;
        times[i].n++;
        top5s[i] = top5;
      }
      // The first layout (one table, the layout before) is the reference.
      const reference = new Set(top5s[0]);
      times.forEach((t, i) => (t.same += top5s[i].filter((id) => reference.has(id)).length / Math.max(1, reference.size)));
    }
    const rows = layouts.map(([layout], i) => {
      const t = times[i];
      const a = stats(t.noTime);
      const b = stats(t.window);
      return { layout, noTime: { p50: a.p50, p95: a.p95 }, window: { p50: b.p50, p95: b.p95 }, hit5: t.hits / Math.max(1, t.n), sameTop5: t.same / Math.max(1, t.n) };
    });
    return { rows, oneTableBuildS };
  } finally {
    db.close();
    one.close();
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

/** The layout before segments in a scratch file: one FTS5 table of all the tenant's chunks, the store attached for the join. */
function buildOneTable(src: Database.Database, one: Database.Database, tenant: string, dbPath: string): string {
  createChunkFts(one, 'one_fts');
  const insert = one.prepare('INSERT INTO one_fts (rowid, labels, text) VALUES (?, ?, ?)');
  const page = src.prepare(`SELECT c.id, ${chunkTextSql('c')} AS text, s.labels_json FROM chunks c JOIN streams s ON s.id = c.stream_id WHERE s.tenant = ? AND c.id > ? ORDER BY c.id LIMIT 10000`);
  for (let after = 0; ; ) {
    const rows = page.all(tenant, after) as { id: number; text: string; labels_json: string }[];
    if (rows.length === 0) break;
    one.transaction(() => {
      for (const r of rows) insert.run(r.id, labelsText(JSON.parse(r.labels_json) as Record<string, string>), r.text);
    })();
    after = rows[rows.length - 1].id;
  }
  one.prepare('ATTACH DATABASE ? AS st').run(dbPath);
  return 'one_fts';
}

/** The search before segments (retrieve/bm25.ts as it was): one query joined around bm25(), coordination over every posting. */
function oneTableSearch(one: Database.Database, table: string, tenant: string) {
  const ids = one.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`).pluck();
  return (terms: string[], w?: { startNs: bigint; endNs: bigint }): Candidate[] => {
    const match = ftsQuery(terms)!;
    const quoted = match.split(' OR ');
    const pool = (
      one
        .prepare(
          `SELECT ${table}.rowid AS id, bm25(${table}, 1.5, 1.0) AS score FROM ${table} JOIN st.chunks c ON c.id = ${table}.rowid JOIN st.streams s ON s.id = c.stream_id
            WHERE ${table} MATCH @match AND s.tenant = @tenant ${w ? 'AND c.end_ns >= @start AND c.start_ns < @end' : ''} ORDER BY score LIMIT 200`,
        )
        .all({ match, tenant, ...(w ? { start: w.startNs, end: w.endNs } : {}) }) as { id: number; score: number }[]
    ).map((r) => ({ chunkId: r.id, score: -r.score }));
    if (quoted.length === 1) return pool.slice(0, LIMIT);
    const inPool = new Set(pool.map((c) => c.chunkId));
    const held = new Map<number, number>();
    for (const q of quoted) for (const id of ids.iterate(q) as Iterable<number>) if (inPool.has(id)) held.set(id, (held.get(id) ?? 0) + 1);
    return pool
      .map((c) => ({ chunkId: c.chunkId, score: (c.score * (held.get(c.chunkId) ?? 1)) / quoted.length }))
      .sort((a, b) => b.score - a.score)
      .slice(0, LIMIT);
  };
}

/**
 * The alternative: bm25() over the FTS table alone, bounded by its own LIMIT in a subquery, the
 * join and the scope applied to the pool; coordination from a rowid probe per pooled chunk and term.
 */
function boundedPool(db: Database.Database, table: string, tenant: string) {
  const probe = db.prepare(`SELECT 1 FROM ${table} WHERE ${table} MATCH ? AND rowid = ?`);
  return (terms: string[], w?: { startNs: bigint; endNs: bigint }): Candidate[] => {
    const match = ftsQuery(terms)!;
    const quoted = match.split(' OR ');
    const rows = db
      .prepare(
        `SELECT p.id, p.score FROM (SELECT rowid AS id, bm25(${table}, 1.5, 1.0) AS score FROM ${table} WHERE ${table} MATCH @match ORDER BY score LIMIT 200) p
           JOIN st.chunks c ON c.id = p.id JOIN st.streams s ON s.id = c.stream_id
          WHERE s.tenant = @tenant ${w ? 'AND c.end_ns >= @start AND c.start_ns < @end' : ''} ORDER BY p.score`,
      )
      .all({ match, tenant, ...(w ? { start: w.startNs, end: w.endNs } : {}) }) as { id: number; score: number }[];
    return rows
      .map((r) => {
        const held = quoted.length === 1 ? 1 : quoted.filter((q) => probe.get(q, r.id) !== undefined).length;
        return { chunkId: r.id, score: (-r.score * Math.max(1, held)) / quoted.length };
      })
      .sort((x, y) => y.score - x.score)
      .slice(0, LIMIT);
  };
}
