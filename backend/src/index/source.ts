// Glue between the store's chunks and a tenant's vector index: what the index should cover, and
// the stream of (chunk id, vector) that rebuild() and catch-up consume.
//
// Vectors are not stored per chunk (the embed stage caches them by content hash), so the source
// runs chunk texts through the caller's embed function, which answers from that cache when it can.
import type { Database } from 'better-sqlite3';
import type { EmbeddedChunk, ManagedVectorIndex } from './managed.js';
import type { ExpectedCoverage } from './persistence.js';
import { chunkTextSql } from '../store/chunk-text.js';
import { chunkPages } from './chunk-pages.js';

/** Chunks fetched and embedded per round; one embed() call each. */
export const SOURCE_PAGE = 256;

export type EmbedTexts = (texts: string[]) => Promise<Float32Array[]>;

/** Count and max id of the tenant's chunks: pass to open() to detect a stale index. */
export function tenantCoverage(db: Database, tenant: string): ExpectedCoverage {
  const row = db
    .prepare<[string], { n: number; maxId: number | null }>(
      `SELECT count(*) AS n, max(c.id) AS maxId
         FROM chunks c JOIN streams s ON s.id = c.stream_id
        WHERE s.tenant = ?`,
    )
    .get(tenant);
  return { count: row?.n ?? 0, maxId: row?.maxId ?? -1 };
}

/**
 * The tenant's chunks with id > afterId in ascending id order, embedded. Pages by keyset
 * (id > last) with a fresh statement per page, so no read cursor stays open across the awaits
 * and the single writer is never blocked by a long rebuild.
 */
export async function* tenantChunkVectors(
  db: Database,
  tenant: string,
  embed: EmbedTexts,
  opts: { afterId?: number; pageSize?: number } = {},
): AsyncGenerator<EmbeddedChunk> {
  const pages = chunkPages<{ id: number; text: string }>(db, `c.id, ${chunkTextSql('c')} AS text`);
  let last = opts.afterId ?? -1;
  for (;;) {
    const rows = pages.page(tenant, last, opts.pageSize ?? SOURCE_PAGE);
    if (rows.length === 0) return;
    const vectors = await embed(rows.map((r) => r.text));
    if (vectors.length !== rows.length) throw new Error(`embed returned ${vectors.length} vectors for ${rows.length} texts`);
    for (let i = 0; i < rows.length; i++) yield { id: rows[i].id, vector: vectors[i] };
    last = rows[rows.length - 1].id;
  }
}

/**
 * Brings a 'stale' (or freshly rebuilt) index up to date with chunks added since it was saved.
 * Returns how many were added; saving is the caller's choice (see ManagedVectorIndex.checkpointDue).
 * Chunks deleted from SQLite are not detected here; when coverage still disagrees afterwards, rebuild.
 */
export async function catchUp(
  index: ManagedVectorIndex,
  chunks: AsyncIterable<EmbeddedChunk>,
  batch = SOURCE_PAGE,
): Promise<number> {
  let added = 0;
  let pending: EmbeddedChunk[] = [];
  for await (const c of chunks) {
    pending.push(c);
    if (pending.length >= batch) {
      index.add(pending);
      added += pending.length;
      pending = [];
    }
  }
  index.add(pending);
  added += pending.length;
  return added;
}
