// Distinct vectors and the chunks that share them. A chunk's vector is the mean of its templates'
// embeddings (template-vectors.ts), so chunks of one stream with the same kinds of line carry the
// same vector: at ~165k LogHub-replica lines, 35,982 chunks held 3,729 distinct template sets. The
// faiss index stores each distinct vector once (a "position", faiss's label); this class keeps
// which chunks sit on which position, so a search hit on one position yields all of its chunks.
//
// Entries (one per chunk) live in parallel typed arrays, 17 bytes per chunk, instead of one JS
// object per chunk: at a million chunks that is 17 MB, not ~100 MB of objects and Map slots.
// Within a position the entries form a list from newest (highest id) to oldest, so a search
// cites the newest chunks of a position first.
import { createHash } from 'node:crypto';

/**
 * Bytes of sha-1 kept as a vector's key. 96 bits: the chance that two of a million distinct
 * vectors collide is ~6e-18, and a key is 16 base64 characters in the map.
 */
export const KEY_BYTES = 12;

/**
 * Dead entries (chunks removed by retention) are compacted away once they exceed a third of the
 * live ones: the same bound the index uses for dead vectors, and it keeps remove() amortised O(1).
 */
const COMPACT_DEAD_FRACTION = 1 / 3;
/** Below this many dead entries compaction is not worth a pass over the arrays. */
const COMPACT_MIN_DEAD = 4096;

/** The key of a vector: sha-1 of its bytes (normalised float32, as stored), truncated. */
export function vectorKey(v: Float32Array): string {
  return createHash('sha1')
    .update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
    .digest()
    .subarray(0, KEY_BYTES)
    .toString('base64');
}

export class VectorGroups {
  /** Entry -> chunk id (kept after a removal, so the ids stay sorted for bisection). */
  private ids = new Float64Array(1024);
  /** Entry -> 1 while its chunk is live. */
  private alive = new Uint8Array(1024);
  /** Entry -> position. */
  private pos = new Int32Array(1024);
  /** Entry -> the previous (older) entry of the same position, -1 at the end of its list. */
  private prev = new Int32Array(1024);
  private entries = 0;
  private deadEntries = 0;
  /** Entries were appended in ascending chunk id order (catch-up and rebuild do): remove() bisects. */
  private ascending = true;

  /** Position -> its newest entry (-1 when none). */
  private head = new Int32Array(256);
  /** Position -> live chunks on it. */
  private live = new Int32Array(256);
  /** Position -> key ('' when unknown: loaded from a file that did not store keys). */
  private keys: string[] = [];
  private byKey = new Map<string, number>();
  private liveVectors = 0;
  private maxIdSeen = -1;

  /** Positions, live or not (faiss ntotal). */
  get positions(): number {
    return this.keys.length;
  }

  /** Positions with at least one live chunk. */
  get vectors(): number {
    return this.liveVectors;
  }

  /** Positions whose chunks are all gone: searched past, compacted by a rebuild. */
  get deadVectors(): number {
    return this.keys.length - this.liveVectors;
  }

  /** Live chunks. */
  get size(): number {
    return this.entries - this.deadEntries;
  }

  get maxId(): number {
    return this.maxIdSeen;
  }

  set coveredMaxId(id: number) {
    if (id > this.maxIdSeen) this.maxIdSeen = id;
  }

  /** The position holding a vector with this key, if any (dead positions too: they revive). */
  positionOf(key: string): number | undefined {
    return this.byKey.get(key);
  }

  /** A new position for a vector not seen before; the caller adds the vector to faiss at this label. */
  newPosition(key: string): number {
    const p = this.keys.length;
    this.keys.push(key);
    if (key) this.byKey.set(key, p);
    if (p >= this.head.length) {
      this.head = grow(this.head, p + 1, -1);
      this.live = grow(this.live, p + 1, 0);
    } else {
      this.head[p] = -1;
      this.live[p] = 0;
    }
    return p;
  }

  /** Puts a chunk on a position. */
  attach(id: number, p: number): void {
    if (p < 0 || p >= this.keys.length) throw new Error(`no vector position ${p}`);
    if (this.entries === this.ids.length) {
      this.ids = growF64(this.ids, this.entries + 1);
      this.alive = growU8(this.alive, this.entries + 1);
      this.pos = grow(this.pos, this.entries + 1, 0);
      this.prev = grow(this.prev, this.entries + 1, 0);
    }
    const e = this.entries++;
    if (id <= this.maxIdSeen) this.ascending = false;
    this.ids[e] = id;
    this.alive[e] = 1;
    this.pos[e] = p;
    this.prev[e] = this.head[p];
    this.head[p] = e;
    if (this.live[p]++ === 0) this.liveVectors++;
    if (id > this.maxIdSeen) this.maxIdSeen = id;
  }

  /**
   * Chunks on position p that pass `allow`, newest first, pushed into `out` until it holds `limit`.
   * Returns how many were pushed.
   */
  chunksOf(p: number, allow: ((id: number) => boolean) | undefined, out: number[], limit: number): number {
    let pushed = 0;
    for (let e = this.head[p]; e >= 0 && out.length < limit; e = this.prev[e]) {
      if (!this.alive[e]) continue;
      const id = this.ids[e];
      if (allow && !allow(id)) continue;
      out.push(id);
      pushed++;
    }
    return pushed;
  }

  /** Live chunks on position p. */
  liveOn(p: number): number {
    return this.live[p] ?? 0;
  }

  /** Removes chunks; returns how many were live. */
  remove(chunkIds: readonly number[]): number {
    let removed = 0;
    if (this.ascending) {
      for (const id of chunkIds) {
        const e = this.find(id);
        if (e >= 0) removed += this.kill(e);
      }
    } else {
      const drop = new Set(chunkIds);
      for (let e = 0; e < this.entries; e++) if (this.alive[e] && drop.has(this.ids[e])) removed += this.kill(e);
    }
    if (this.deadEntries >= COMPACT_MIN_DEAD && this.deadEntries > this.size * COMPACT_DEAD_FRACTION) this.compact();
    return removed;
  }

  /** Live chunk ids in entry order (ascending when added in order). */
  liveIds(): Float64Array {
    const out = new Float64Array(this.size);
    let n = 0;
    for (let e = 0; e < this.entries; e++) if (this.alive[e]) out[n++] = this.ids[e];
    return out;
  }

  /**
   * The persisted form: keys (KEY_BYTES each, zeros when unknown), then the live entries' chunk ids
   * (float64) and positions (int32). Little-endian, as every platform Node ships for.
   */
  serialize(): { keys: Buffer; ids: Float64Array; positions: Int32Array } {
    const keys = Buffer.alloc(this.keys.length * KEY_BYTES);
    this.keys.forEach((k, p) => {
      if (k) Buffer.from(k, 'base64').copy(keys, p * KEY_BYTES);
    });
    const ids = new Float64Array(this.size);
    const positions = new Int32Array(this.size);
    let n = 0;
    for (let e = 0; e < this.entries; e++) {
      if (!this.alive[e]) continue;
      ids[n] = this.ids[e];
      positions[n++] = this.pos[e];
    }
    return { keys, ids, positions };
  }

  /** Rebuilds the groups from their persisted form (see serialize()). */
  static deserialize(keys: Uint8Array, ids: Float64Array, positions: Int32Array, maxId: number): VectorGroups {
    if (keys.length % KEY_BYTES !== 0) throw new Error(`vector keys: ${keys.length} bytes is not a multiple of ${KEY_BYTES}`);
    if (ids.length !== positions.length) throw new Error(`${ids.length} chunk ids for ${positions.length} positions`);
    const g = new VectorGroups();
    const zero = Buffer.alloc(KEY_BYTES);
    for (let p = 0; p < keys.length / KEY_BYTES; p++) {
      const raw = Buffer.from(keys.buffer, keys.byteOffset + p * KEY_BYTES, KEY_BYTES);
      g.newPosition(raw.equals(zero) ? '' : raw.toString('base64'));
    }
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isSafeInteger(id) || id < 0) throw new Error(`entry ${i}: chunk id ${id} is not a non-negative integer`);
      g.attach(id, positions[i]);
    }
    g.coveredMaxId = maxId;
    return g;
  }

  /**
   * One chunk per position, no keys: the layout before vectors were shared (ids.<gen>.bin of
   * manifest version 1, slot -> chunk id with -1 for deleted). It serves as it is; the service
   * rebuilds it into shared vectors at its next catch-up (FaissVectorIndex.legacyLayout).
   */
  static fromSlots(slots: Float64Array, maxId: number): VectorGroups {
    const g = new VectorGroups();
    for (let p = 0; p < slots.length; p++) {
      g.newPosition('');
      if (slots[p] >= 0) g.attach(slots[p], p); // -1: deleted
    }
    g.coveredMaxId = maxId;
    return g;
  }

  /** The entry of a chunk id (ids ascend), -1 when absent. */
  private find(id: number): number {
    let lo = 0;
    let hi = this.entries - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.ids[mid];
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private kill(e: number): number {
    if (!this.alive[e]) return 0;
    this.alive[e] = 0;
    this.deadEntries++;
    const p = this.pos[e];
    if (--this.live[p] === 0) this.liveVectors--;
    return 1;
  }

  /** Drops dead entries and relinks the lists; positions are untouched. */
  private compact(): void {
    this.head.fill(-1, 0, this.keys.length);
    let n = 0;
    for (let e = 0; e < this.entries; e++) {
      if (!this.alive[e]) continue;
      const p = this.pos[e];
      this.ids[n] = this.ids[e];
      this.alive[n] = 1;
      this.pos[n] = p;
      this.prev[n] = this.head[p];
      this.head[p] = n;
      n++;
    }
    this.entries = n;
    this.deadEntries = 0;
  }
}

function grow(a: Int32Array<ArrayBuffer>, need: number, fill: number): Int32Array<ArrayBuffer> {
  let cap = Math.max(a.length, 256);
  while (cap < need) cap *= 2;
  const out = new Int32Array(cap).fill(fill);
  out.set(a);
  return out;
}

function growU8(a: Uint8Array<ArrayBuffer>, need: number): Uint8Array<ArrayBuffer> {
  let cap = Math.max(a.length, 1024);
  while (cap < need) cap *= 2;
  const out = new Uint8Array(cap);
  out.set(a);
  return out;
}

function growF64(a: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  let cap = Math.max(a.length, 1024);
  while (cap < need) cap *= 2;
  const out = new Float64Array(cap);
  out.set(a);
  return out;
}
