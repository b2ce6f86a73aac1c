// What the stages before storage make of followed lines when the index lives in a LogBackend
// (issue #20): templates, typed values, chunks and chunk vectors, so BM25 and k-NN over lines
// followed into OpenSearch find them as they find lines in the embedded store.
//
// The same stages as the embedded path (ingest/pipeline.ts with templates/TemplateRepo and
// index/template-vectors.ts), without their state in SQLite:
// - Templates: one in-memory TemplateMiner per stream (least recently used dropped past
//   MAX_MINED_STREAMS). A template id is a hash of (tenant, stream, template text), not a counter,
//   so every sidecar (and a restarted one) names one template text alike. A miner that starts over
//   (a new process, a lease taken over, an evicted stream) mines more specific templates until it
//   has seen enough lines, so early lines can carry other ids than the same kind of line later.
// - Values: values/extract.ts with the line's template, as the embedded ValueWriter reads them.
// - Chunks: chunking/chunker.ts over each write's lines of one stream, final (nothing is held back
//   for the next page: a sidecar without state of its own cannot keep a partial chunk across a
//   crash), cut at UTC day boundaries (a chunk lives in its start's day index). A live tail's small
//   pages therefore make small chunks. Chunk ids are content ids, so a replayed page overwrites.
// - Vectors: as index/template-vectors.ts: a chunk's vector is the normalised mean of its distinct
//   templates' embeddings (text embedded directly when it has none), so a question embedded by the
//   same model meets them as in the embedded index.
import { createHash } from 'node:crypto';
import { planChunks, type ChunkerOptions } from '../chunking/chunker.js';
import type { Embedder } from '../embed/index.js';
import { meanVector, normalizeInPlace } from '../index/template-vectors.js';
import { labelsKey } from '../store/labels.js';
import { TemplateMiner } from '../templates/index.js';
import type { LogEntry, StoredEntry } from '../types.js';
import { extractValues } from '../values/extract.js';
import type { ChunkWrite, EntryWrite, WriteBatch } from './types.js';

/**
 * Streams whose miners are kept in memory. templates/TemplateRepo's 64 MiB default budget holds
 * ~5k streams of LogHub-like lines (config/schema.ts minerCacheBytes); 4,096 stays inside it.
 */
export const MAX_MINED_STREAMS = 4096;
const NS_PER_DAY = 86_400_000_000_000n;

/** A template's id: the first 48 bits of sha-256(tenant, stream, text), exact in a double and an OpenSearch long. */
export function templateIdOf(tenant: string, streamKey: string, template: string): number {
  const h = createHash('sha256').update(tenant).update('\0').update(streamKey).update('\0').update(template).digest();
  return h.readUIntBE(0, 6) || 1;
}

export interface DeriveOptions {
  chunking: ChunkerOptions;
  /** Chunk vectors; none: chunks are written without one (BM25 finds them, k-NN does not). */
  embedder?: Embedder;
  maxStreams?: number;
  /** Told when embedding failed and chunks went without vectors (the write itself goes on). */
  onEmbedFailure?: (err: unknown) => void;
}

export interface DeriveStats {
  miners: number;
  chunks: number;
  /** Chunks written without a vector because embedding failed. */
  chunksWithoutVector: number;
}

interface Derived {
  entry: EntryWrite;
  template: string;
}

interface StreamRun {
  tenant: string;
  labels: LogEntry['labels'];
  /** Indices into the page's derived entries, in time order. */
  members: number[];
}

export class FollowDeriver {
  /** In least recently used order (a Map iterates in insertion order; a hit re-inserts). */
  private readonly miners = new Map<string, TemplateMiner>();
  private readonly maxStreams: number;
  private readonly counts = { chunks: 0, chunksWithoutVector: 0 };

  constructor(private readonly o: DeriveOptions) {
    this.maxStreams = o.maxStreams ?? MAX_MINED_STREAMS;
  }

  stats(): DeriveStats {
    return { miners: this.miners.size, ...this.counts };
  }

  private miner(key: string): TemplateMiner {
    let m = this.miners.get(key);
    if (m) {
      this.miners.delete(key);
    } else {
      m = new TemplateMiner();
      if (this.miners.size >= this.maxStreams) this.miners.delete(this.miners.keys().next().value!);
    }
    this.miners.set(key, m);
    return m;
  }

  /**
   * A page's entries as write batches of whole chunks with their entries and vectors, each at
   * most `sliceLines` lines (a chunk longer than that alone), in the page's stream order.
   * Batches carry no cursor: the caller adds it to the last one.
   */
  async batches(entries: readonly LogEntry[], sliceLines: number): Promise<WriteBatch[]> {
    const derived: Derived[] = [];
    const runs = new Map<string, StreamRun>();
    // Mining is order-dependent: each stream's lines in time order (a stable sort keeps the page's
    // order among equal stamps), as the embedded store tags them.
    const order = entries.map((_, i) => i).sort((a, b) => (entries[a]!.tsNs < entries[b]!.tsNs ? -1 : entries[a]!.tsNs > entries[b]!.tsNs ? 1 : a - b));
    for (const i of order) {
      const e = entries[i]!;
      const stream = labelsKey(e.labels);
      const key = `${e.tenant}\0${stream}`;
      const { template } = this.miner(key).add(e.line);
      const values = extractValues(e.line, template).map((v) => ({ pos: v.pos, key: v.key, kind: v.kind, text: v.text, num: v.num, unit: v.unit, ...(v.after !== undefined ? { after: v.after } : {}) }));
      const run = runs.get(key) ?? { tenant: e.tenant, labels: e.labels, members: [] };
      runs.set(key, run);
      run.members.push(derived.length);
      derived.push({ template, entry: { tenant: e.tenant, labels: e.labels, tsNs: e.tsNs, line: e.line, seq: e.seq ?? 0, templateId: templateIdOf(e.tenant, stream, template), template, values } });
    }

    const chunks: { run: StreamRun; members: number[]; startNs: bigint; endNs: bigint; text: string; templateIds: number[] }[] = [];
    for (const run of runs.values()) {
      // Day by day: a chunk never spans midnight UTC (it is stored in its start's day).
      for (let i = 0; i < run.members.length; ) {
        const day = derived[run.members[i]!]!.entry.tsNs / NS_PER_DAY;
        let j = i;
        while (j < run.members.length && derived[run.members[j]!]!.entry.tsNs / NS_PER_DAY === day) j++;
        const stored: StoredEntry[] = run.members.slice(i, j).map((m) => ({ id: m, streamId: 0, tsNs: derived[m]!.entry.tsNs, line: derived[m]!.entry.line, templateId: derived[m]!.entry.templateId }));
        for (const c of planChunks(stored, this.o.chunking, true).chunks) {
          chunks.push({ run, members: c.entries.map((s) => s.id), startNs: c.startNs, endNs: c.endNs, text: c.text, templateIds: c.templateIds });
        }
        i = j;
      }
    }

    const vectors = await this.vectors(chunks, derived);
    const out: WriteBatch[] = [];
    let cur: { entries: EntryWrite[]; chunks: ChunkWrite[] } = { entries: [], chunks: [] };
    chunks.forEach((c, ci) => {
      if (cur.entries.length > 0 && cur.entries.length + c.members.length > sliceLines) {
        out.push(cur);
        cur = { entries: [], chunks: [] };
      }
      const base = cur.entries.length;
      for (const m of c.members) cur.entries.push(derived[m]!.entry);
      const vector = vectors[ci];
      cur.chunks.push({
        tenant: c.run.tenant,
        labels: c.run.labels,
        startNs: c.startNs,
        endNs: c.endNs,
        text: c.text,
        templateIds: c.templateIds,
        ...(vector ? { vector } : {}),
        entries: c.members.map((_, k) => base + k),
      });
    });
    if (cur.entries.length > 0) out.push(cur);
    this.counts.chunks += chunks.length;
    return out;
  }

  /** One vector per chunk (undefined without an embedder or when embedding failed). */
  private async vectors(chunks: { members: number[]; text: string; templateIds: number[] }[], derived: Derived[]): Promise<(Float32Array | undefined)[]> {
    const embedder = this.o.embedder;
    if (!embedder || chunks.length === 0) return chunks.map(() => undefined);
    const textOf = new Map<number, string>();
    for (const c of chunks) for (const m of c.members) textOf.set(derived[m]!.entry.templateId!, derived[m]!.template);
    const ids = [...textOf.keys()];
    const untagged = chunks.filter((c) => c.templateIds.length === 0);
    let vecs: Float32Array[];
    try {
      vecs = await embedder.embed([...ids.map((id) => textOf.get(id)!), ...untagged.map((c) => c.text)]);
    } catch (err) {
      this.counts.chunksWithoutVector += chunks.length;
      this.o.onEmbedFailure?.(err);
      return chunks.map(() => undefined);
    }
    const vectorOf = new Map(ids.map((id, i) => [id, vecs[i]!]));
    const direct = new Map(untagged.map((c, i) => [c, vecs[ids.length + i]!]));
    return chunks.map((c) => {
      const own = direct.get(c);
      if (own) return normalizeInPlace(Float32Array.from(own));
      // A set in one order, as template-vectors.ts: the mean comes out the same for every chunk of it.
      const tids = [...new Set(c.templateIds)].sort((a, b) => a - b);
      return meanVector(tids.map((t) => vectorOf.get(t)!), embedder.dim);
    });
  }
}
