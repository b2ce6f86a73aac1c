// Sets faiss search-time parameters that faiss-node has no setter for.
//
// faiss-node exposes neither ParameterSpace nor nprobe/efSearch, and faiss 1.7.3's index_factory
// grammar has no syntax for them ("IVF1024,Flat" always starts with nprobe=1, "HNSW32" with
// efSearch=16, efConstruction=40). Those defaults cost a lot of recall (see bench/ann.ts). faiss
// does serialise these fields, so we build the EMPTY index with fromFactory, patch the fields in its
// serialised bytes, and load it back with fromBuffer before any training or adding. The values
// then live in the native object and survive write/read, so nothing large is ever re-serialised.
//
// Layout (faiss/impl/index_write.cpp, identical in 1.7.3 and 1.7.4), all little-endian:
//   fourcc[4] | d:i32 | ntotal:i64 | dummy:i64 | dummy:i64 | is_trained:u8 | metric:i32
//   [metric_arg:f32 only when metric > 1]
//   IVF  ("IwFl"): nlist:u64 | nprobe:u64 | quantizer... | direct map...
//   HNSW ("IHNf"): 5 vectors (u64 length + items: f64, i32, i32, u64, i32) | entry_point:i32 |
//                  max_level:i32 | efConstruction:i32 | efSearch:i32 | upper_beam:i32 | storage...
import type { FaissIndex, FaissModule } from './faiss.js';

export interface SearchParams {
  nprobe?: number;
  efSearch?: number;
  efConstruction?: number;
}

const HEADER_BYTES = 4 + 4 + 8 + 8 + 8 + 1 + 4;
const METRIC_OFFSET = 4 + 4 + 8 + 8 + 8 + 1;
const HNSW_VECTOR_ITEM_BYTES = [8, 4, 4, 8, 4] as const;

function headerEnd(buf: Buffer): number {
  const metric = buf.readInt32LE(METRIC_OFFSET);
  return HEADER_BYTES + (metric > 1 ? 4 : 0);
}

function hnswParamsOffset(buf: Buffer): number {
  let off = headerEnd(buf);
  for (const itemBytes of HNSW_VECTOR_ITEM_BYTES) {
    const n = Number(buf.readBigUInt64LE(off));
    off += 8 + n * itemBytes;
  }
  return off + 8; // skip entry_point and max_level
}

/** Returns a copy of a serialised index with the given parameters written in. */
export function patchSearchParams(serialized: Buffer, params: SearchParams): Buffer {
  const buf = Buffer.from(serialized);
  const fourcc = buf.toString('latin1', 0, 4);
  if (fourcc === 'IwFl') {
    if (params.efSearch !== undefined || params.efConstruction !== undefined) {
      throw new Error('efSearch/efConstruction apply to HNSW indexes, not IVF');
    }
    if (params.nprobe !== undefined) {
      const nlistOff = headerEnd(buf);
      const nlist = buf.readBigUInt64LE(nlistOff);
      if (params.nprobe < 1 || BigInt(params.nprobe) > nlist) {
        throw new Error(`nprobe must be in 1..${nlist}, got ${params.nprobe}`);
      }
      buf.writeBigUInt64LE(BigInt(params.nprobe), nlistOff + 8);
    }
    return buf;
  }
  if (fourcc === 'IHNf') {
    if (params.nprobe !== undefined) throw new Error('nprobe applies to IVF indexes, not HNSW');
    const off = hnswParamsOffset(buf);
    if (params.efConstruction !== undefined) buf.writeInt32LE(params.efConstruction, off);
    if (params.efSearch !== undefined) buf.writeInt32LE(params.efSearch, off + 4);
    return buf;
  }
  throw new Error(`cannot set search parameters on a "${fourcc}" index`);
}

/** Reads the parameters back (used by tests and the benchmark to prove the patch took). */
export function readSearchParams(serialized: Buffer): SearchParams {
  const fourcc = serialized.toString('latin1', 0, 4);
  if (fourcc === 'IwFl') {
    return { nprobe: Number(serialized.readBigUInt64LE(headerEnd(serialized) + 8)) };
  }
  if (fourcc === 'IHNf') {
    const off = hnswParamsOffset(serialized);
    return { efConstruction: serialized.readInt32LE(off), efSearch: serialized.readInt32LE(off + 4) };
  }
  return {};
}

/** fromFactory, then (if any parameter is given) patch-and-reload while the index is still empty. */
export function createIndex(
  faiss: FaissModule,
  dim: number,
  descriptor: string,
  metric: number,
  params: SearchParams,
): FaissIndex {
  const empty = faiss.Index.fromFactory(dim, descriptor, metric);
  if (Object.values(params).every((v) => v === undefined)) return empty;
  if (empty.ntotal() !== 0) throw new Error('parameters must be set before adding vectors');
  return faiss.Index.fromBuffer(patchSearchParams(empty.toBuffer(), params));
}
