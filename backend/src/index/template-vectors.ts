// Chunk vectors from what is distinct in logs: a chunk's vector is the normalised mean of the
// embeddings of its lines' templates (each distinct template once), so 23,000 demo lines cost 40
// model runs instead of 7,000, and a template seen again costs a cache lookup. Chunks without
// template ids (entries stored before tagging) embed their text directly.
import type { Database } from 'better-sqlite3';
import type { EmbeddedChunk } from './managed.js';
import type { EmbedTexts } from './source.js';
import { chunkTextSql } from '../store/chunk-text.js';
import { chunkPages } from './chunk-pages.js';

/** Chunks read per round: one embed() call for the templates they hold that are not cached yet. */
export const TEMPLATE_SOURCE_PAGE = 512;

/**
 * Template sets whose mean vector is kept, so every chunk of a set yields the same array (the index
 * then stores it once and hashes it once per batch). 16k sets of 384 floats is 24 MiB; at ~165k
 * LogHub-replica lines there were 3,729 sets. Past it the memo starts over: only a shortcut.
 */
const MEAN_MEMO_MAX = 16_384;

export function normalizeInPlace(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const n = Math.sqrt(s) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

/** Normalised mean of unit vectors (their centroid direction). */
export function meanVector(vs: readonly Float32Array[], dim: number): Float32Array {
  const out = new Float32Array(dim);
  for (const v of vs) for (let i = 0; i < dim; i++) out[i] += v[i];
  return normalizeInPlace(out);
}

/**
 * The tenant's chunks with id > afterId (ascending), with template-mean vectors. A fresh statement
 * per page keeps no read cursor open across awaits, so the writer is never blocked by a rebuild.
 */
export async function* chunkVectorsFromTemplates(
  db: Database,
  tenant: string,
  embed: EmbedTexts,
  dim: number,
  opts: { afterId?: number; pageSize?: number } = {},
): AsyncGenerator<EmbeddedChunk> {
  // The text is read only for a chunk without templates (the lines are embedded as they are).
  const pages = chunkPages<{ id: number; text: string; template_ids: string }>(db, `c.id, CASE WHEN c.template_ids IS NULL OR c.template_ids = '[]' THEN ${chunkTextSql('c')} END AS text, c.template_ids`);
  // A merged template reads as the template it was merged into.
  const texts = db.prepare<[string], { id: number; text: string }>(
    `SELECT t.id, COALESCE(m.template, t.template) AS text FROM templates t
       LEFT JOIN templates m ON m.id = t.merged_into
      WHERE t.id IN (SELECT value FROM json_each(?))`,
  );
  const vectorOf = new Map<number, Float32Array>();
  const meanOf = new Map<string, Float32Array>();
  let last = opts.afterId ?? -1;
  for (;;) {
    const rows = pages.page(tenant, last, opts.pageSize ?? TEMPLATE_SOURCE_PAGE);
    if (rows.length === 0) return;
    // A set in one order: the mean's float sum must come out bit for bit the same for every chunk.
    const tids = rows.map((r) => [...new Set(JSON.parse(r.template_ids) as number[])].sort((a, b) => a - b));
    const missing = [...new Set(tids.flat())].filter((t) => !vectorOf.has(t));
    const textRows = missing.length ? texts.all(JSON.stringify(missing)) : [];
    const untagged = rows.filter((_, i) => tids[i].length === 0);
    const vecs = await embed([...textRows.map((r) => r.text), ...untagged.map((r) => r.text)]);
    textRows.forEach((r, i) => vectorOf.set(r.id, vecs[i]));
    const direct = new Map(untagged.map((r, i) => [r.id, vecs[textRows.length + i]]));
    for (let i = 0; i < rows.length; i++) {
      const own = direct.get(rows[i].id);
      if (own) {
        yield { id: rows[i].id, vector: normalizeInPlace(Float32Array.from(own)) };
        continue;
      }
      const key = tids[i].join(',');
      let mean = meanOf.get(key);
      if (!mean) {
        mean = meanVector(
          tids[i].map((t) => vectorOf.get(t)).filter((v): v is Float32Array => v !== undefined),
          dim,
        );
        if (meanOf.size >= MEAN_MEMO_MAX) meanOf.clear();
        meanOf.set(key, mean);
      }
      yield { id: rows[i].id, vector: mean };
    }
    last = rows[rows.length - 1].id;
  }
}
