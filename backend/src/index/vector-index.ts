// The vector index over chunk embeddings: cosine similarity via inner product on L2-normalised
// vectors, in one of three faiss layouts (exact Flat, HNSW graph, IVF inverted lists).
//
// Chunk ids are kept in our own array beside the faiss index (faiss "label" = insertion position =
// array slot): faiss-node has no add_with_ids, so IndexIDMap cannot be filled from JS. Deletes are
// tombstones in that array (faiss HNSW cannot remove at all, and IVF/Flat removal renumbers or
// collides positions); a rebuild compacts them away.
import type { FaissIndex, FaissModule } from './faiss.js';
import { METRIC_INNER_PRODUCT } from './faiss.js';
import { createIndex, type SearchParams } from './search-params.js';

export type IndexSpec =
  | { kind: 'flat' }
  | { kind: 'hnsw'; m: number; efConstruction: number; efSearch: number }
  | { kind: 'ivf'; nlist: number; nprobe: number };

export type IndexKind = IndexSpec['kind'];

export interface SearchHit {
  /** Chunk id (chunks.id in SQLite). */
  id: number;
  /** Cosine similarity in [-1, 1]; higher is closer. */
  score: number;
}

/**
 * Restricts a search to some chunk ids. Applied while widening the faiss search until k allowed
 * hits are found or the whole index was scanned, so an allowed neighbour is never lost to a
 * too-small top-k (exact for Flat; for ANN indexes up to ANN_FILTER_MAX_FETCH candidates).
 * It is NOT the tenant boundary: tenants get separate indexes (see tenants.ts).
 */
export type IdFilter = ReadonlySet<number> | ((id: number) => boolean);

export interface VectorIndex {
  readonly dim: number;
  readonly spec: IndexSpec;
  /** Live (non-deleted) vectors. */
  readonly size: number;
  /** Largest chunk id ever added (deleted ones included), -1 when empty: what the index covers. */
  readonly maxId: number;
  add(ids: number[], vectors: Float32Array[]): void;
  search(query: Float32Array, k: number, filter?: IdFilter): SearchHit[];
  remove?(ids: number[]): number;
  save(): Promise<IndexManifest>;
}

/** What is persisted beside the index files; see persistence.ts. */
export interface IndexManifest {
  version: 1;
  dim: number;
  spec: IndexSpec;
  /** Live vectors. */
  count: number;
  /** faiss ntotal: live + tombstoned. */
  total: number;
  maxId: number;
  generation: number;
  indexFile: string;
  indexSha256: string;
  idsFile: string;
  idsSha256: string;
  savedAt: string;
}

/**
 * How far a filtered search on an ANN index may widen. An HNSW search for k candidates explores at
 * least k nodes (efSearch = max(efSearch, k)), so widening toward ntotal degenerates into a slow
 * exhaustive walk; past this a filter is too selective for the vector index and the caller should
 * narrow by SQL instead. Flat indexes widen all the way: their cost is a full scan anyway.
 */
export const ANN_FILTER_MAX_FETCH = 8192;

/** Tombstone in the slot -> chunk id array. Chunk ids are SQLite rowids, never negative. */
export const DELETED = -1;

/** Vectors per faiss-node call when streaming: bounds the temporary number[] (8 bytes/float) to ~12 MiB at 384 dims. */
export const ADD_BATCH = 4096;

export function descriptorFor(spec: IndexSpec): string {
  switch (spec.kind) {
    case 'flat':
      return 'Flat';
    case 'hnsw':
      return `HNSW${spec.m}`;
    case 'ivf':
      return `IVF${spec.nlist},Flat`;
  }
}

function paramsFor(spec: IndexSpec): SearchParams {
  switch (spec.kind) {
    case 'flat':
      return {};
    case 'hnsw':
      return { efSearch: spec.efSearch, efConstruction: spec.efConstruction };
    case 'ivf':
      return { nprobe: spec.nprobe };
  }
}

/**
 * Flattens vectors into `out`, L2-normalising each so inner product equals cosine. A preallocated
 * target filled by index is measurably faster than Array.from + concat (bench/ann.ts reports it).
 */
function normalizeInto<T extends number[] | Float32Array>(vectors: readonly Float32Array[], dim: number, out: T): T {
  for (let v = 0; v < vectors.length; v++) {
    const vec = vectors[v];
    if (vec.length !== dim) throw new Error(`vector ${v} has ${vec.length} dims, index has ${dim}`);
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += vec[i] * vec[i];
    // A zero vector stays zero (cosine 0 with everything) rather than becoming NaN.
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const base = v * dim;
    for (let i = 0; i < dim; i++) out[base + i] = vec[i] * inv;
  }
  return out;
}

/** The number[] stock faiss-node requires (it rejects typed arrays). */
export function toNormalizedArray(vectors: readonly Float32Array[], dim: number): number[] {
  return normalizeInto(vectors, dim, new Array<number>(vectors.length * dim));
}

/** A Float32Array, for our faiss-node build that reads typed arrays in place. */
export function toNormalizedFloat32(vectors: readonly Float32Array[], dim: number): Float32Array {
  return normalizeInto(vectors, dim, new Float32Array(vectors.length * dim));
}

function allows(filter: IdFilter | undefined, id: number): boolean {
  if (filter === undefined) return true;
  return typeof filter === 'function' ? filter(id) : filter.has(id);
}

/** Saves an index's files; injected so this module stays free of file-system policy. */
export type IndexSaver = (index: FaissVectorIndex) => Promise<IndexManifest>;

export class FaissVectorIndex implements VectorIndex {
  private slots: Float64Array;
  private total = 0;
  private deleted = 0;
  private maxIdSeen = -1;
  private disposed = false;
  /** Native calls running on a pool thread (writeAsync/trainAsync): the native index must not change meanwhile. */
  private backgroundCalls = 0;
  private training = false;
  private freeWhenIdle = false;

  private constructor(
    readonly native: FaissIndex,
    readonly dim: number,
    readonly spec: IndexSpec,
    private readonly saver: IndexSaver,
    slots: Float64Array,
    total: number,
    /** Whether the addon reads Float32Array in place (FaissModule.loglensFloat32Input). */
    private readonly float32Input: boolean,
  ) {
    this.slots = slots;
    this.total = total;
    for (let i = 0; i < total; i++) {
      const id = slots[i];
      if (id === DELETED) this.deleted++;
      else if (id > this.maxIdSeen) this.maxIdSeen = id;
    }
  }

  static create(faiss: FaissModule, dim: number, spec: IndexSpec, saver: IndexSaver): FaissVectorIndex {
    const native = createIndex(faiss, dim, descriptorFor(spec), METRIC_INNER_PRODUCT, paramsFor(spec));
    return new FaissVectorIndex(native, dim, spec, saver, new Float64Array(1024), 0, faiss.loglensFloat32Input === true);
  }

  /** Wraps a native index read from disk with its slot array (length must equal ntotal). */
  static fromParts(
    faiss: FaissModule,
    native: FaissIndex,
    spec: IndexSpec,
    slots: Float64Array,
    maxId: number,
    saver: IndexSaver,
  ): FaissVectorIndex {
    if (native.ntotal() !== slots.length) {
      throw new Error(`index holds ${native.ntotal()} vectors but ${slots.length} ids`);
    }
    const float32 = faiss.loglensFloat32Input === true;
    const ix = new FaissVectorIndex(native, native.getDimension(), spec, saver, slots, slots.length, float32);
    // Deleted ids still count as covered, and only the manifest remembers them.
    ix.maxIdSeen = Math.max(ix.maxIdSeen, maxId);
    return ix;
  }

  get size(): number {
    return this.total - this.deleted;
  }

  get maxId(): number {
    return this.maxIdSeen;
  }

  /** Slot -> chunk id for every faiss position (DELETED for tombstones); a view, do not mutate. */
  get slotIds(): Float64Array {
    return this.slots.subarray(0, this.total);
  }

  get deletedCount(): number {
    return this.deleted;
  }

  get needsTraining(): boolean {
    return !this.native.isTrained();
  }

  /** IVF only: learns the coarse centroids. Needs at least nlist vectors; faiss wants ~39 per list. */
  train(vectors: Float32Array[]): void {
    this.assertLive();
    this.assertNotBusy('train');
    this.assertEnoughToTrain(vectors.length);
    this.native.train(this.pack(vectors));
  }

  /** train() off the event loop where the addon can (our build); the same result either way. */
  async trainInBackground(vectors: Float32Array[]): Promise<void> {
    if (!this.float32Input || !this.native.trainAsync) return this.train(vectors);
    this.assertLive();
    // Training writes the index: nothing else may run on it, not even a write (which reads it).
    this.assertNotBusy('train');
    this.assertEnoughToTrain(vectors.length);
    const packed = this.pack(vectors) as Float32Array;
    this.training = true;
    try {
      await this.inBackground(() => this.native.trainAsync!(packed));
    } finally {
      this.training = false;
    }
  }

  /** faiss's own serialisation to `path`, off the event loop where the addon can. */
  async writeTo(path: string): Promise<void> {
    this.assertLive();
    if (this.training) throw new Error('vector index: write while a training runs on it');
    if (!this.native.writeAsync) return this.native.write(path);
    await this.inBackground(() => this.native.writeAsync!(path));
  }

  private async inBackground(call: () => Promise<void>): Promise<void> {
    this.backgroundCalls++;
    try {
      await call();
    } finally {
      this.backgroundCalls--;
      if (this.backgroundCalls === 0 && this.freeWhenIdle) this.native.dispose?.();
    }
  }

  private assertEnoughToTrain(n: number): void {
    if (this.spec.kind === 'ivf' && n < this.spec.nlist) {
      throw new Error(`IVF${this.spec.nlist} needs at least ${this.spec.nlist} training vectors, got ${n}`);
    }
  }

  private assertNotBusy(what: string): void {
    if (this.backgroundCalls > 0) throw new Error(`vector index: ${what} while a background write or training runs on it`);
  }

  add(ids: number[], vectors: Float32Array[]): void {
    this.assertLive();
    if (ids.length !== vectors.length) throw new Error(`${ids.length} ids for ${vectors.length} vectors`);
    if (ids.length === 0) return;
    this.assertNotBusy('add');
    if (this.needsTraining) throw new Error(`${descriptorFor(this.spec)} must be trained before add`);
    for (const id of ids) {
      if (!Number.isSafeInteger(id) || id < 0) throw new Error(`chunk id must be a non-negative integer, got ${id}`);
    }
    this.native.add(this.pack(vectors));
    this.ensureCapacity(this.total + ids.length);
    for (const id of ids) {
      this.slots[this.total++] = id;
      if (id > this.maxIdSeen) this.maxIdSeen = id;
    }
  }

  search(query: Float32Array, k: number, filter?: IdFilter): SearchHit[] {
    this.assertLive();
    if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
    if (this.size === 0) return [];
    const q = this.pack([query]);
    // faiss-node rejects k > ntotal, and tombstones occupy result places, so ask for more up front.
    const limit = this.spec.kind === 'flat' ? this.total : Math.min(this.total, Math.max(ANN_FILTER_MAX_FETCH, k + this.deleted));
    let fetch = Math.min(limit, k + this.deleted);
    for (;;) {
      const { labels, distances } = this.native.search(q, fetch);
      const hits: SearchHit[] = [];
      for (let i = 0; i < labels.length && hits.length < k; i++) {
        const label = labels[i];
        if (label < 0) continue; // IVF pads with -1 when the probed lists hold fewer than k
        const id = this.slots[label];
        if (id === DELETED || !allows(filter, id)) continue;
        hits.push({ id, score: distances[i] });
      }
      if (hits.length >= k || fetch >= limit) return hits;
      // Widen geometrically: a handful of rounds reach the limit even for very selective filters.
      fetch = Math.min(limit, fetch * 4);
    }
  }

  /** Tombstones the given chunk ids; returns how many live vectors were removed. O(total). */
  remove(ids: number[]): number {
    const drop = new Set(ids);
    let removed = 0;
    for (let i = 0; i < this.total; i++) {
      if (this.slots[i] !== DELETED && drop.has(this.slots[i])) {
        this.slots[i] = DELETED;
        removed++;
      }
    }
    this.deleted += removed;
    return removed;
  }

  save(): Promise<IndexManifest> {
    this.assertLive();
    return this.saver(this);
  }

  /**
   * Frees the native memory now (needs the dispose() the build script adds; otherwise it is left
   * to GC). The index is unusable afterwards. Safe to call twice.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // A pool thread still reads the native index: free it when that call settles.
    if (this.backgroundCalls > 0) this.freeWhenIdle = true;
    else this.native.dispose?.();
    this.slots = new Float64Array(0);
    this.total = 0;
    this.deleted = 0;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private pack(vectors: readonly Float32Array[]): number[] | Float32Array {
    return this.float32Input ? toNormalizedFloat32(vectors, this.dim) : toNormalizedArray(vectors, this.dim);
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('vector index was disposed (replaced by a rebuild?)');
  }

  private ensureCapacity(n: number): void {
    if (n <= this.slots.length) return;
    let cap = Math.max(this.slots.length, 1024);
    while (cap < n) cap *= 2;
    const grown = new Float64Array(cap);
    grown.set(this.slots.subarray(0, this.total));
    this.slots = grown;
  }
}
