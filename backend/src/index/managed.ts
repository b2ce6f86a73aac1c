// One persisted vector index with a lifecycle: open -> ready | stale | missing | corrupt, and a
// rebuild that streams vectors into a NEW generation while the old files stay untouched, then swaps
// by replacing the manifest. While the state is not searchable, search() returns null and the
// caller serves BM25 alone.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FaissModule } from './faiss.js';
import { chooseSpec, IVF_TRAIN_PER_LIST } from './policy.js';
import { vectorKey } from './groups.js';
import { describeCoverage, openIndex, serialSaver, type ExpectedCoverage, type IndexState } from './persistence.js';
import {
  ADD_BATCH,
  FaissVectorIndex,
  toNormalizedFloat32,
  type IdFilter,
  type IndexManifest,
  type IndexSaver,
  type IndexSpec,
  type SearchHit,
} from './vector-index.js';

/**
 * A save rewrites the whole index file (1 GB at 650k vectors), so changes are checkpointed only
 * once they are this many, or CHECKPOINT_FRACTION of the index, whichever is more; shutdown saves
 * whatever is left. What a crash loses is rebuilt from SQLite at the next start: open() calls the
 * index stale and the catch-up re-adds chunks above its maxId from cached template vectors
 * (4,096 in well under a second), then reconcile() drops vectors of chunks deleted since.
 */
export const CHECKPOINT_MIN_CHANGES = 4096;
/** A save per 1/8 growth keeps total bytes written within 9x the final index, not once per push. */
export const CHECKPOINT_FRACTION = 1 / 8;

/**
 * Vectors added per turn of the event loop during a rebuild: assigning 4,096 vectors to 2,048 IVF
 * lists held the loop ~0.1 s (index/README.md), a quarter of that is what a request may wait.
 */
const REBUILD_ADD_SLICE = 1024;

/**
 * Distinct vectors a rebuild holds before it fixes the layout (192 MiB at 384 dims). The layout
 * is sized for distinct vectors, which only a pass over the chunks can count: up to here the
 * count is exact; past it, it is extrapolated from the share of chunks seen (the fraction of
 * distinct vectors falls as a store grows, so the estimate errs large, toward more IVF lists).
 */
const BUILD_STAGE_MAX = 131_072;

export interface EmbeddedChunk {
  id: number;
  vector: Float32Array;
}

export interface ManagedIndexOptions {
  faiss: FaissModule;
  /** Directory owned by this index (created on first save). */
  dir: string;
  dim: number;
  /** Layout for a given vector count; defaults to the measured policy in policy.ts. */
  chooseSpec?: (count: number) => IndexSpec;
  /** Distinct vectors a rebuild stages before fixing the layout (BUILD_STAGE_MAX; smaller in tests). */
  buildStageMax?: number;
}

export class ManagedVectorIndex {
  private stateValue: IndexState = 'missing';
  private reasonValue = 'not opened';
  private currentIndex: FaissVectorIndex | null = null;
  /** Vectors added or tombstoned since the last save (what a crash now would leave to the catch-up). */
  private unsavedChanges = 0;
  /** Live vectors in the files on disk (the manifest's count): the base CHECKPOINT_FRACTION applies to. */
  private savedCount = 0;
  private readonly saver: IndexSaver;
  private readonly choose: (count: number) => IndexSpec;

  constructor(private readonly opts: ManagedIndexOptions) {
    this.saver = serialSaver(opts.dir);
    this.choose = opts.chooseSpec ?? chooseSpec;
  }

  get state(): IndexState {
    return this.stateValue;
  }

  get reason(): string {
    return this.reasonValue;
  }

  /**
   * The index being served, if any (a stale one is served: its hits are valid, just incomplete).
   * Do not keep it across awaits: a rebuild disposes the index it replaces.
   */
  get current(): FaissVectorIndex | null {
    return this.currentIndex;
  }

  get dir(): string {
    return this.opts.dir;
  }

  /** Loads the on-disk index and classifies it against what SQLite expects it to cover. */
  async open(expected?: ExpectedCoverage): Promise<IndexState> {
    const res = await openIndex(this.opts.faiss, this.opts.dir, this.saver, expected);
    if (res.index && res.index.dim !== this.opts.dim) {
      this.set('corrupt', `index has ${res.index.dim} dims, expected ${this.opts.dim}`, null);
    } else {
      this.set(res.state, res.reason, res.index);
    }
    this.savedCount = res.manifest?.count ?? 0;
    this.unsavedChanges = 0;
    return this.stateValue;
  }

  /** null = no vector index available right now; fall back to lexical search. */
  search(query: Float32Array, k: number, filter?: IdFilter): SearchHit[] | null {
    return this.currentIndex ? this.currentIndex.search(query, k, filter) : null;
  }

  /**
   * Adds freshly embedded chunks to the served index, creating an empty one (layout for `count`
   * ids) when there is none yet. Persist with save(); a crash before that loses only these adds,
   * which open() then reports as 'stale'.
   */
  add(chunks: readonly EmbeddedChunk[]): void {
    if (this.stateValue === 'rebuilding') {
      throw new Error('index is rebuilding; add after rebuild() resolves (ids above its maxId)');
    }
    if (chunks.length === 0) return;
    if (!this.currentIndex) {
      const spec = this.choose(chunks.length);
      if (spec.kind === 'ivf') throw new Error('an IVF index needs training: use rebuild() to create it');
      this.currentIndex = FaissVectorIndex.create(this.opts.faiss, this.opts.dim, spec, this.saver);
    }
    this.currentIndex.add(
      chunks.map((c) => c.id),
      chunks.map((c) => c.vector),
    );
    this.unsavedChanges += chunks.length;
  }

  /**
   * Tombstones chunks that no longer exist (retention deleted them); returns how many live vectors
   * went. Persist with save(). While a rebuild runs, nothing is served from the old index for long:
   * the new one is built from SQLite, which no longer holds them.
   */
  remove(ids: readonly number[]): number {
    if (!this.currentIndex || ids.length === 0) return 0;
    const removed = this.currentIndex.remove([...ids]);
    this.unsavedChanges += removed;
    return removed;
  }

  /**
   * The index in memory now covers what SQLite holds (a catch-up ran): it is served as complete,
   * whatever the files say until the next checkpoint.
   */
  markCaughtUp(): void {
    if (this.stateValue === 'rebuilding' || !this.currentIndex) return;
    const unsaved = this.unsavedChanges ? `, ${this.unsavedChanges} changes not saved yet` : '';
    const ix = this.currentIndex;
    this.set('ready', `${describeCoverage({ count: ix.size, vectors: ix.liveVectors })}${unsaved}`, ix);
  }

  /** Changes since the last save; 0 when the files on disk match the index in memory. */
  get unsaved(): number {
    return this.unsavedChanges;
  }

  /** Whether enough changed since the last save to rewrite the file now (see CHECKPOINT_MIN_CHANGES). */
  checkpointDue(): boolean {
    return this.unsavedChanges > 0 && this.unsavedChanges >= Math.max(CHECKPOINT_MIN_CHANGES, this.savedCount * CHECKPOINT_FRACTION);
  }

  async save(): Promise<IndexManifest> {
    if (!this.currentIndex) throw new Error('nothing to save');
    // Changes made while the file is written (tombstones) are not in it: count only those before.
    const covered = this.unsavedChanges;
    const manifest = await this.currentIndex.save();
    this.unsavedChanges -= covered;
    this.savedCount = manifest.count;
    if (this.stateValue !== 'rebuilding') this.set('ready', `${describeCoverage(manifest)} saved`, this.currentIndex);
    return manifest;
  }

  /** True when the served layout is not what the policy would pick for its size any more. */
  shouldRebuild(): boolean {
    const ix = this.currentIndex;
    if (!ix) return true;
    // Rebuilding re-sizes the layout and lets new chunks share the old vectors.
    if (ix.legacyLayout) return true;
    const wanted = this.choose(ix.liveVectors);
    if (wanted.kind !== ix.spec.kind) return true;
    // IVF search cost grows with list length; once the policy wants 4x the lists (the data grew
    // ~16x since the build), a rebuild restores the latency the policy was measured at.
    if (wanted.kind === 'ivf' && ix.spec.kind === 'ivf' && wanted.nlist >= 4 * ix.spec.nlist) return true;
    // Dead vectors cost search work and memory; past a quarter dead (1/3 of live), compacting pays off.
    return ix.deletedCount > ix.liveVectors / 3;
  }

  /**
   * Builds a fresh index from `source` (ascending chunk ids, e.g. SELECT ... ORDER BY id) and swaps
   * it in atomically. `countHint` (from SQLite) picks the layout. The previous index keeps serving
   * (if it was loadable) until the swap; adds are refused meanwhile. On failure the old files and
   * index stay as they were and the error propagates.
   */
  async rebuild(source: AsyncIterable<EmbeddedChunk>, countHint: number): Promise<IndexManifest> {
    if (this.stateValue === 'rebuilding') throw new Error('a rebuild is already running');
    const prev = { state: this.stateValue, reason: this.reasonValue };
    this.set('rebuilding', `rebuilding from ${countHint} chunks`, this.currentIndex);
    try {
      const built = await this.build(source, countHint);
      let manifest: IndexManifest;
      try {
        manifest = await built.save();
      } catch (err) {
        built.dispose();
        throw err;
      }
      const old = this.currentIndex;
      this.set('ready', `rebuilt: ${describeCoverage(manifest)}, ${manifest.spec.kind}`, built);
      this.unsavedChanges = 0;
      this.savedCount = manifest.count;
      // Searches are synchronous, so none is using the old index at this point; free it now rather
      // than holding two full indexes until a GC notices the small wrapper is garbage.
      old?.dispose();
      return manifest;
    } catch (err) {
      this.set(prev.state, prev.reason, this.currentIndex);
      throw err;
    }
  }

  /**
   * Two phases. First the chunks are grouped by vector in memory (a stage of distinct vectors) until
   * the source ends or BUILD_STAGE_MAX is reached; then the layout is chosen for the distinct count,
   * trained on a spread sample of the stage (on a pool thread), and filled, the staged chunks first,
   * then the rest of the source, REBUILD_ADD_SLICE at a time with a turn of the loop between.
   */
  private async build(source: AsyncIterable<EmbeddedChunk>, countHint: number): Promise<FaissVectorIndex> {
    const { faiss, dim } = this.opts;
    const stage: Float32Array[] = [];
    const stageOfKey = new Map<string, number>();
    const stageOfObject = new Map<Float32Array, number>();
    const stagedIds: number[] = [];
    const stagedAt: number[] = [];
    let seen = 0;
    let index: FaissVectorIndex | null = null;
    let pendingIds: number[] = [];
    let pendingVecs: Float32Array[] = [];

    const addSliced = async (ids: number[], vecs: Float32Array[]): Promise<void> => {
      for (let i = 0; i < ids.length; i += REBUILD_ADD_SLICE) {
        index!.add(ids.slice(i, i + REBUILD_ADD_SLICE), vecs.slice(i, i + REBUILD_ADD_SLICE));
        // faiss calls block the thread; yielding between batches keeps the API responsive.
        await yieldToLoop();
      }
    };

    /** `ended`: the source is exhausted, so the stage's count is exact (the hint may have overstated it). */
    const materialize = async (ended: boolean): Promise<FaissVectorIndex> => {
      const estimate = ended || seen >= countHint ? stage.length : Math.max(stage.length, Math.ceil((stage.length * countHint) / Math.max(1, seen)));
      let spec = this.choose(estimate);
      if (spec.kind === 'ivf' && stage.length < spec.nlist * IVF_TRAIN_PER_LIST) {
        // The stage cannot train the lists the estimate asks for (faiss wants 39 points a list):
        // as many as it can train, or none (exact search) when it is that small.
        const fits = stage.length < IVF_TRAIN_PER_LIST ? 0 : 2 ** Math.floor(Math.log2(stage.length / IVF_TRAIN_PER_LIST));
        spec = fits === 0 ? { kind: 'flat' } : { kind: 'ivf', nlist: fits, nprobe: Math.min(spec.nprobe, fits) };
      }
      const trainTarget = spec.kind === 'ivf' ? spec.nlist * IVF_TRAIN_PER_LIST : 0;
      const built = FaissVectorIndex.create(faiss, dim, spec, this.saver);
      try {
        if (built.needsTraining) {
          const step = stage.length / trainTarget;
          const sample = Array.from({ length: trainTarget }, (_, i) => stage[Math.floor(i * step)]);
          // k-means over nlist x 39 vectors takes seconds to minutes: on a pool thread, not the loop.
          await built.trainInBackground(sample);
        }
        index = built;
        // The stage's own arrays go in again: add() keys each distinct object once per slice.
        await addSliced(stagedIds, stagedAt.map((s) => stage[s]));
        return built;
      } catch (err) {
        built.dispose();
        throw err;
      }
    };

    try {
      for await (const chunk of source) {
        seen++;
        if (index) {
          pendingIds.push(chunk.id);
          pendingVecs.push(chunk.vector);
          if (pendingIds.length >= ADD_BATCH) {
            await addSliced(pendingIds, pendingVecs);
            pendingIds = [];
            pendingVecs = [];
          }
          continue;
        }
        let at = stageOfObject.get(chunk.vector);
        if (at === undefined) {
          const unit = toNormalizedFloat32([chunk.vector], dim);
          const key = vectorKey(unit);
          at = stageOfKey.get(key);
          if (at === undefined) {
            at = stage.length;
            stage.push(unit);
            stageOfKey.set(key, at);
          }
          // Sources hand one array to every chunk of a template set; bounded, it is only a shortcut.
          if (stageOfObject.size >= BUILD_STAGE_MAX) stageOfObject.clear();
          stageOfObject.set(chunk.vector, at);
        }
        stagedIds.push(chunk.id);
        stagedAt.push(at);
        if (stage.length >= (this.opts.buildStageMax ?? BUILD_STAGE_MAX)) await materialize(false);
      }
      if (!index) await materialize(true);
      await addSliced(pendingIds, pendingVecs);
      return index!;
    } catch (err) {
      (index as FaissVectorIndex | null)?.dispose();
      throw err;
    }
  }

  private set(state: IndexState, reason: string, index: FaissVectorIndex | null): void {
    this.stateValue = state;
    this.reasonValue = reason;
    this.currentIndex = index;
  }
}
