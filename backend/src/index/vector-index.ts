// The vector index over chunk embeddings: cosine similarity via inner product on L2-normalised
// vectors, in one of three faiss layouts (exact Flat, HNSW graph, IVF inverted lists).
//
// Each distinct vector is stored once; chunk ids are kept beside the faiss index in VectorGroups
// (faiss "label" = insertion position -> the chunks on it): faiss-node has no add_with_ids, so
// IndexIDMap cannot be filled from JS, and chunks mostly share vectors (template means), which an
// id map could not express anyway. A vector whose chunks are all deleted stays in faiss as dead
// (faiss HNSW cannot remove at all, and IVF/Flat removal renumbers positions) until a rebuild.
import type { FaissIndex, FaissModule } from './faiss.js';
import { METRIC_INNER_PRODUCT } from './faiss.js';
import { VectorGroups, vectorKey } from './groups.js';
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
  /** Live (non-deleted) chunks, each counted once however many share a vector. */
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
  /** 1: one vector per chunk, ids file = slot -> chunk id. 2: shared vectors, ids file = VectorGroups. */
  version: 1 | 2;
  dim: number;
  spec: IndexSpec;
  /** Live chunks. */
  count: number;
  /** faiss ntotal: live + dead vectors. */
  total: number;
  /** Version 2: distinct vectors with a live chunk. */
  vectors?: number;
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

/** Tombstone in a version-1 slot -> chunk id array (ids.<gen>.bin). Chunk ids are SQLite rowids, never negative. */
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

function allowFn(filter: IdFilter | undefined): ((id: number) => boolean) | undefined {
  if (filter === undefined || typeof filter === 'function') return filter;
  return (id) => filter.has(id);
}

/** Saves an index's files; injected so this module stays free of file-system policy. */
export type IndexSaver = (index: FaissVectorIndex) => Promise<IndexManifest>;

export class FaissVectorIndex implements VectorIndex {
  private groups: VectorGroups;
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
    groups: VectorGroups,
    /** Whether the addon reads Float32Array in place (FaissModule.loglensFloat32Input). */
    private readonly float32Input: boolean,
    /**
     * Loaded from a manifest of version 1: one vector per chunk, no keys, so new chunks cannot
     * share its vectors. It serves as it is; the service rebuilds it (shouldRebuild()).
     */
    readonly legacyLayout = false,
  ) {
    this.groups = groups;
  }

  static create(faiss: FaissModule, dim: number, spec: IndexSpec, saver: IndexSaver): FaissVectorIndex {
    const native = createIndex(faiss, dim, descriptorFor(spec), METRIC_INNER_PRODUCT, paramsFor(spec));
    return new FaissVectorIndex(native, dim, spec, saver, new VectorGroups(), faiss.loglensFloat32Input === true);
  }

  /**
   * Wraps a native index of the version-1 layout (one vector per chunk) with its slot array
   * (slot -> chunk id, DELETED for tombstones; length must equal ntotal).
   */
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
    const groups = VectorGroups.fromSlots(slots, maxId);
    return new FaissVectorIndex(native, native.getDimension(), spec, saver, groups, faiss.loglensFloat32Input === true, true);
  }

  /** Wraps a native index whose labels are the positions of `groups` (manifest version 2). */
  static fromGroups(faiss: FaissModule, native: FaissIndex, spec: IndexSpec, groups: VectorGroups, saver: IndexSaver): FaissVectorIndex {
    if (native.ntotal() !== groups.positions) {
      throw new Error(`index holds ${native.ntotal()} vectors but ${groups.positions} positions`);
    }
    return new FaissVectorIndex(native, native.getDimension(), spec, saver, groups, faiss.loglensFloat32Input === true);
  }

  /** Live chunks (each counted once, however many share its vector). */
  get size(): number {
    return this.groups.size;
  }

  get maxId(): number {
    return this.groups.maxId;
  }

  /** Vectors in faiss (ntotal), dead ones included. */
  get vectorCount(): number {
    return this.groups.positions;
  }

  /** Distinct vectors with a live chunk: what the layout policy sizes for. */
  get liveVectors(): number {
    return this.groups.vectors;
  }

  /** Vectors none of whose chunks is left: searched past until a rebuild compacts them. */
  get deletedCount(): number {
    return this.groups.deadVectors;
  }

  /** Live chunk ids, ascending when they were added in order. */
  liveChunkIds(): Float64Array {
    return this.groups.liveIds();
  }

  /** The persisted form of the chunk -> vector mapping (persistence.ts). */
  serializeGroups(): ReturnType<VectorGroups['serialize']> {
    return this.groups.serialize();
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

  /**
   * Adds chunks with their vectors. A vector equal (bit for bit, once normalised) to one the index
   * holds is not added again: the chunk joins that vector's position. Only new vectors reach faiss.
   */
  add(ids: number[], vectors: Float32Array[]): void {
    this.assertLive();
    if (ids.length !== vectors.length) throw new Error(`${ids.length} ids for ${vectors.length} vectors`);
    if (ids.length === 0) return;
    this.assertNotBusy('add');
    if (this.needsTraining) throw new Error(`${descriptorFor(this.spec)} must be trained before add`);
    for (const id of ids) {
      if (!Number.isSafeInteger(id) || id < 0) throw new Error(`chunk id must be a non-negative integer, got ${id}`);
    }
    const packed = toNormalizedFloat32(vectors, this.dim);
    // The source hands the same array object to every chunk of one template set: hash it once.
    const keyOfObject = new Map<Float32Array, string>();
    const keys = vectors.map((v, i) => {
      let k = keyOfObject.get(v);
      if (k === undefined) {
        k = vectorKey(packed.subarray(i * this.dim, (i + 1) * this.dim));
        keyOfObject.set(v, k);
      }
      return k;
    });
    // New vectors (first occurrence in this call of a key the index lacks), in order.
    const fresh: number[] = [];
    const freshKeys = new Set<string>();
    keys.forEach((k, i) => {
      if (this.groups.positionOf(k) === undefined && !freshKeys.has(k)) {
        freshKeys.add(k);
        fresh.push(i);
      }
    });
    if (fresh.length > 0) {
      const rows = new Float32Array(fresh.length * this.dim);
      fresh.forEach((i, r) => rows.set(packed.subarray(i * this.dim, (i + 1) * this.dim), r * this.dim));
      // faiss first: if it throws, the groups have not moved and the index stays consistent.
      this.native.add(this.float32Input ? rows : Array.from(rows));
      for (const i of fresh) this.groups.newPosition(keys[i]);
    }
    for (let i = 0; i < ids.length; i++) this.groups.attach(ids[i], this.groups.positionOf(keys[i])!);
  }

  search(query: Float32Array, k: number, filter?: IdFilter): SearchHit[] {
    this.assertLive();
    if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
    if (this.size === 0) return [];
    const q = this.pack([query]);
    const allow = allowFn(filter);
    const total = this.groups.positions;
    const dead = this.groups.deadVectors;
    // faiss-node rejects k > ntotal, and dead vectors occupy result places, so ask for more up front.
    // One vector may stand for many chunks, so k vectors are an upper bound of what is needed.
    const limit = this.spec.kind === 'flat' ? total : Math.min(total, Math.max(ANN_FILTER_MAX_FETCH, k + dead));
    let fetch = Math.min(limit, k + dead);
    for (;;) {
      const { labels, distances } = this.native.search(q, fetch);
      const ids: number[] = [];
      const hits: SearchHit[] = [];
      for (let i = 0; i < labels.length && ids.length < k; i++) {
        const label = labels[i];
        if (label < 0 || this.groups.liveOn(label) === 0) continue; // IVF pads with -1; dead vectors
        // Chunks sharing a vector score alike: the newest come first.
        const n = this.groups.chunksOf(label, allow, ids, k);
        for (let j = ids.length - n; j < ids.length; j++) hits.push({ id: ids[j], score: distances[i] });
      }
      if (hits.length >= k || fetch >= limit) return hits;
      // Widen geometrically: a handful of rounds reach the limit even for very selective filters.
      fetch = Math.min(limit, fetch * 4);
    }
  }

  /** Removes chunks; returns how many were live. A vector goes (dead) with its last chunk. */
  remove(ids: number[]): number {
    return this.groups.remove(ids);
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
    this.groups = new VectorGroups();
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
}
