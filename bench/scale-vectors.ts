// For bench/scale.ts: the vector stage under two layouts, side by side on the same chunk vectors and
// the same questions, built in scratch directories by the bench's own process (the sidecar keeps
// running):
//   one vector per chunk   the layout before (what the index held until shared vectors): every
//                          chunk's template-mean vector added to faiss, the layout sized by the
//                          chunk count and trained on the first nlist x 39 vectors, as it was built;
//   shared vectors         the product's index (index/managed.ts): each distinct vector once, the
//                          layout sized by the distinct count.
// Per layout: build seconds (with one save), bytes on disk (index + ids files), the process's RSS growth while the
// index is held, search p50/p95 (k = 50, no filter), Hit@5 (a top-5 chunk holds a line of a
// relevant LogHub event), and recall@50 against an exact search over every chunk, counted by score
// (chunks that share a vector tie, so which of them is returned is not a recall question).
// Chunk vectors come from the store's templates and the embedding cache the sidecar filled; the
// questions are embedded here by the same model.
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MINILM_DIM, OnnxEmbedder, type EmbeddingStore } from '../backend/src/embed/index.js';
import { SqliteEmbeddingStore } from '../backend/src/embed/cache.js';
import { chooseSpec, createIndex, descriptorFor, IVF_TRAIN_PER_LIST, loadFaiss, ManagedVectorIndex, METRIC_INNER_PRODUCT, toNormalizedFloat32, type EmbeddedChunk } from '../backend/src/index/index.js';
import { chunkVectorsFromTemplates } from '../backend/src/index/template-vectors.js';
import { stats } from './lib.js';

export interface VectorLayoutRow {
  layout: string;
  vectors: number;
  buildS: number;
  bytes: number;
  rssMiB: number;
  search: { p50: number; p95: number };
  hit5: number;
  recall50: number;
}

const K = 50;
const MODEL_DIR = fileURLToPath(new URL('../backend/.cache/models/all-minilm-l6-v2-q/', import.meta.url));

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

function rssMiB(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

/** Reads the sidecar's embedding cache; writes nothing to its store. */
function readOnlyStore(db: Database.Database): EmbeddingStore {
  const s = new SqliteEmbeddingStore(db);
  return { getMany: (m, h) => s.getMany(m, h), putMany: () => undefined };
}

export async function compareVectorLayouts(
  dbPath: string,
  tenant: string,
  questions: { question: string; relevant: (job: string, tsNs: bigint) => boolean }[],
): Promise<VectorLayoutRow[]> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const embedder = await OnnxEmbedder.create({ modelDir: MODEL_DIR, workers: 0, store: readOnlyStore(db) });
  const faiss = loadFaiss();
  const scratch = mkdtempSync(join(tmpdir(), 'loglens-bench-vectors-'));
  const embed = (texts: string[]) => embedder.embed(texts);
  try {
    // Every chunk's vector, once, in memory (both layouts are fed the same arrays).
    const chunks: EmbeddedChunk[] = [];
    for await (const c of chunkVectorsFromTemplates(db, tenant, embed, MINILM_DIM)) chunks.push(c);
    const queries = await embedder.embed(questions.map((q) => q.question));
    const lines = db.prepare('SELECT e.ts_ns, s.labels_json FROM entries e JOIN streams s ON s.id = e.stream_id WHERE e.chunk_id = ?').safeIntegers(true);
    const relevantChunk = (qi: number, id: number) =>
      (lines.all(id) as { ts_ns: bigint; labels_json: string }[]).some((r) => questions[qi].relevant((JSON.parse(r.labels_json) as { job: string }).job, r.ts_ns));

    // Exact reference: every chunk's score for every question (a dot product over unit vectors),
    // computed once per distinct array (the source hands one array to every chunk of a set).
    const unitOf = new Map<Float32Array, Float32Array>();
    for (const c of chunks) if (!unitOf.has(c.vector)) unitOf.set(c.vector, toNormalizedFloat32([c.vector], MINILM_DIM));
    const exactKth = queries.map((q) => {
      const qn = toNormalizedFloat32([q], MINILM_DIM);
      const scoreOf = new Map<Float32Array, number>();
      for (const [obj, v] of unitOf) {
        let s = 0;
        for (let i = 0; i < MINILM_DIM; i++) s += v[i] * qn[i];
        scoreOf.set(obj, s);
      }
      const scores = chunks.map((c) => scoreOf.get(c.vector)!).sort((a, b) => b - a);
      return scores[Math.min(K, scores.length) - 1];
    });

    /** Search time, Hit@5 and recall@50 of one layout's search over every question. */
    const measure = (search: (q: Float32Array) => { id: number; score: number }[]): Pick<VectorLayoutRow, 'search' | 'hit5' | 'recall50'> => {
      const ms: number[] = [];
      let hits = 0;
      let recall = 0;
      queries.forEach((q, qi) => {
        const t = performance.now();
        const r = search(q);
        ms.push(performance.now() - t);
        hits += r.slice(0, 5).some((h) => relevantChunk(qi, h.id)) ? 1 : 0;
        recall += r.filter((h) => h.score >= exactKth[qi] - 1e-5).length / Math.min(K, chunks.length);
      });
      const s = stats(ms);
      return { search: { p50: s.p50, p95: s.p95 }, hit5: hits / queries.length, recall50: recall / queries.length };
    };
    const rows: VectorLayoutRow[] = [];
    // --- one vector per chunk (before) ---
    {
      const rss0 = rssMiB();
      const t0 = performance.now();
      const spec = chooseSpec(chunks.length);
      const native = createIndex(faiss, MINILM_DIM, descriptorFor(spec), METRIC_INNER_PRODUCT, spec.kind === 'ivf' ? { nprobe: spec.nprobe } : {});
      if (spec.kind === 'ivf') native.train(toNormalizedFloat32(chunks.slice(0, spec.nlist * IVF_TRAIN_PER_LIST).map((c) => c.vector), MINILM_DIM));
      for (let i = 0; i < chunks.length; i += 4096) native.add(toNormalizedFloat32(chunks.slice(i, i + 4096).map((c) => c.vector), MINILM_DIM));
      const dir = join(scratch, 'per-chunk');
      mkdirSync(dir);
      native.write(join(dir, 'index.faiss'));
      // Build and one save, as rebuild() below does.
      const buildS = (performance.now() - t0) / 1000;
      const bytes = dirBytes(dir) + chunks.length * 8; // + the ids file: one float64 per chunk
      const rss = rssMiB() - rss0;
      const k = Math.min(K, chunks.length);
      const m = measure((q) => {
        const r = native.search(toNormalizedFloat32([q], MINILM_DIM), k);
        return r.labels.flatMap((l, i) => (l >= 0 ? [{ id: chunks[l].id, score: r.distances[i] }] : []));
      });
      rows.push({ layout: `one vector per chunk (before), ${spec.kind === 'ivf' ? `IVF${spec.nlist}` : 'Flat'}`, vectors: chunks.length, buildS, bytes, rssMiB: rss, ...m });
      native.dispose?.();
    }
    // --- shared vectors (the product) ---
    {
      const rss0 = rssMiB();
      const t0 = performance.now();
      const dir = join(scratch, 'shared');
      const m = new ManagedVectorIndex({ faiss, dir, dim: MINILM_DIM });
      await m.open({ count: 0, maxId: -1 });
      const source = (async function* () {
        yield* chunks;
      })();
      const manifest = await m.rebuild(source, chunks.length);
      const buildS = (performance.now() - t0) / 1000;
      const ix = m.current!;
      const rss = rssMiB() - rss0;
      const measured = measure((q) => ix.search(q, Math.min(K, chunks.length)));
      const kind = manifest.spec.kind === 'ivf' ? `IVF${manifest.spec.nlist}` : 'Flat';
      rows.push({ layout: `shared vectors (now), ${kind}`, vectors: ix.vectorCount, buildS, bytes: dirBytes(dir), rssMiB: rss, ...measured });
      ix.dispose();
    }
    return rows;
  } finally {
    await embedder.close();
    db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
