// Typed access to the faiss-node addon (built by backend/scripts/build-faiss-node.sh).
//
// faiss-node is an optionalDependency whose own install script cannot succeed offline, so it may
// be absent or unbuilt; `loadFaiss` turns both cases into one actionable error instead of a
// `bindings` stack trace. Only the part of the addon's API that LogLens uses is typed here.
import { createRequire } from 'node:module';

/** faiss::MetricType values the addon accepts in `fromFactory`. */
export const METRIC_INNER_PRODUCT = 0;

export interface FaissSearchResult {
  distances: number[];
  /** Positions in insertion order (faiss "labels"); -1 pads when fewer than k were found. */
  labels: number[];
}

/** One native index. Every method is synchronous and runs on the calling thread. */
export interface FaissIndex {
  ntotal(): number;
  getDimension(): number;
  isTrained(): boolean;
  /** Float32Array only where FaissModule.loglensFloat32Input is true (our build); number[] always. */
  add(x: number[] | Float32Array): void;
  train(x: number[] | Float32Array): void;
  search(x: number[] | Float32Array, k: number): FaissSearchResult;
  write(fname: string): void;
  toBuffer(): Buffer;
  /**
   * Added by build-faiss-node.sh (absent from upstream builds): frees the native index now, leaving
   * an empty one. Without it the memory goes only when V8 happens to collect the tiny JS wrapper.
   */
  dispose?(): void;
  /**
   * Added by build-faiss-node.sh: write(fname) and train(x) on a libuv pool thread, settled by the
   * promise, so a large write or an IVF k-means does not block the event loop. The caller must not
   * add, train or dispose until it settles (FaissVectorIndex enforces it); searches may run.
   */
  writeAsync?(fname: string): Promise<void>;
  trainAsync?(x: Float32Array): Promise<void>;
}

export interface FaissModule {
  /**
   * Set by build-faiss-node.sh's patch: add/train/search read a Float32Array in place. Upstream
   * builds only take number[], read element by element through N-API (~110-175 ns per float).
   */
  loglensFloat32Input?: boolean;
  Index: {
    fromFactory(dims: number, descriptor: string, metric?: number): FaissIndex;
    fromBuffer(src: Buffer): FaissIndex;
    read(fname: string): FaissIndex;
  };
}

export class FaissUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      'faiss-node is not installed or not built. Run `backend/scripts/build-faiss-node.sh` as root ' +
        '(it installs libfaiss-dev and compiles the addon); until then vector search is unavailable ' +
        `and retrieval must fall back to BM25. Cause: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'FaissUnavailableError';
  }
}

/**
 * Loads the addon. Node caches the module, so calling this from several places is cheap.
 * Load it on one thread only: the addon keeps its class constructors in C++ statics, so a second
 * copy in a worker_thread would overwrite them under the first.
 */
export function loadFaiss(): FaissModule {
  const require = createRequire(import.meta.url);
  try {
    return require('faiss-node') as FaissModule;
  } catch (err) {
    throw new FaissUnavailableError(err);
  }
}
