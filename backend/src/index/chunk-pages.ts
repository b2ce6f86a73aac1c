// The tenant's chunks past the last one a vector index holds, a page at a time in id order: what
// a catch-up and a rebuild read (source.ts, template-vectors.ts). Joined to streams by tenant,
// SQLite reads every chunk of each of the tenant's streams through chunks_stream_time (its order
// is start time, not id), keeps those past the id and sorts them: a catch-up after a push of
// 1,000 lines read all 218k chunks of the scale bench's 1M-line store on the event loop (27-77 ms
// a page, two pages a catch-up, load 12) and 3x that at 3M: the /healthz stalls while pushes
// trickle in. When few ids lie past the last one, the primary key's range is read instead (the
// tenant checked per row): the same rows in the same order (0.1-0.4 ms a page).
import type { Database, Statement } from 'better-sqlite3';

/**
 * Ids past the last one read at most for the primary-key range: reading 16,384 chunk rows none of
 * which is the tenant's took 0.6-1.2 ms on the 1M-line store (65,536: 12-16 ms; load 11). Past
 * it (a first build, a tenant idle while others grew) the per-stream read, which costs what the
 * tenant holds, not what the others added, stays the cheaper bound.
 */
export const ID_RANGE_MAX = 16_384;

export type PagePlan = 'id range' | 'per stream';

export interface ChunkPages<R> {
  /** Up to `limit` of the tenant's chunks with id > afterId, ascending. */
  page(tenant: string, afterId: number, limit: number): R[];
  /** The read page() makes for this afterId now. */
  plan(afterId: number): PagePlan;
}

/** Each read's statement; named parameters tenant, after, limit. */
export function pageSql(plan: PagePlan, columns: string): string {
  return plan === 'per stream'
    ? `SELECT ${columns} FROM chunks c JOIN streams s ON s.id = c.stream_id WHERE s.tenant = @tenant AND c.id > @after ORDER BY c.id LIMIT @limit`
    : // The unary + keeps SQLite off chunks_stream_time: the rowid range is the scan.
      `SELECT ${columns} FROM chunks c WHERE c.id > @after AND +c.stream_id IN (SELECT id FROM streams WHERE tenant = @tenant) ORDER BY c.id LIMIT @limit`;
}

/** `columns`: the select list over chunks aliased `c`; `rangeMax`: ID_RANGE_MAX (tests pass less). */
export function chunkPages<R>(db: Database, columns: string, rangeMax = ID_RANGE_MAX): ChunkPages<R> {
  const perStream: Statement = db.prepare(pageSql('per stream', columns));
  const idRange: Statement = db.prepare(pageSql('id range', columns));
  const maxId = db.prepare('SELECT max(id) FROM chunks').pluck();
  const plan = (afterId: number): PagePlan => ((maxId.get() as number | null) ?? 0) - afterId <= rangeMax ? 'id range' : 'per stream';
  return {
    plan,
    page: (tenant, afterId, limit) => (plan(afterId) === 'id range' ? idRange : perStream).all({ tenant, after: afterId, limit }) as R[],
  };
}
