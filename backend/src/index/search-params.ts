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
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import type { FaissIndex, FaissModule } from './faiss.js';

export interface SearchParams {
  nprobe?: number;
  efSearch?: number;
  efConstruction?: number;
}

const HEADER_BYTES = 4 + 4 + 8 + 8 + 8 + 1 + 4;
const METRIC_OFFSET = 4 + 4 + 8 + 8 + 8 + 1;
const HNSW_VECTOR_ITEM_BYTES = [8, 4, 4, 8, 4] as const;

/** Reads `length` bytes at `offset` of a serialised index (a Buffer or a file). */
type ByteReader = (offset: number, length: number) => Buffer;

type ParamLayout =
  | { kind: 'ivf'; nlist: number; nprobeAt: number }
  | { kind: 'hnsw'; efConstructionAt: number; efSearchAt: number }
  | { kind: 'other'; fourcc: string };

function locate(read: ByteReader): ParamLayout {
  const head = read(0, HEADER_BYTES);
  const fourcc = head.toString('latin1', 0, 4);
  const headerEnd = HEADER_BYTES + (head.readInt32LE(METRIC_OFFSET) > 1 ? 4 : 0);
  if (fourcc === 'IwFl') {
    const nlist = Number(read(headerEnd, 8).readBigUInt64LE(0));
    return { kind: 'ivf', nlist, nprobeAt: headerEnd + 8 };
  }
  if (fourcc === 'IHNf') {
    let off = headerEnd;
    for (const itemBytes of HNSW_VECTOR_ITEM_BYTES) {
      off += 8 + Number(read(off, 8).readBigUInt64LE(0)) * itemBytes;
    }
    off += 8; // entry_point, max_level
    return { kind: 'hnsw', efConstructionAt: off, efSearchAt: off + 4 };
  }
  return { kind: 'other', fourcc };
}

/** The byte edits that set `params`, validated against the index type. */
function edits(layout: ParamLayout, params: SearchParams): { at: number; bytes: Buffer }[] {
  const out: { at: number; bytes: Buffer }[] = [];
  const i32 = (v: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    return b;
  };
  if (layout.kind === 'ivf') {
    if (params.efSearch !== undefined || params.efConstruction !== undefined) {
      throw new Error('efSearch/efConstruction apply to HNSW indexes, not IVF');
    }
    if (params.nprobe !== undefined) {
      if (!Number.isInteger(params.nprobe) || params.nprobe < 1 || params.nprobe > layout.nlist) {
        throw new Error(`nprobe must be in 1..${layout.nlist}, got ${params.nprobe}`);
      }
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(BigInt(params.nprobe));
      out.push({ at: layout.nprobeAt, bytes: b });
    }
    return out;
  }
  if (layout.kind === 'hnsw') {
    if (params.nprobe !== undefined) throw new Error('nprobe applies to IVF indexes, not HNSW');
    if (params.efConstruction !== undefined) out.push({ at: layout.efConstructionAt, bytes: i32(params.efConstruction) });
    if (params.efSearch !== undefined) out.push({ at: layout.efSearchAt, bytes: i32(params.efSearch) });
    return out;
  }
  throw new Error(`cannot set search parameters on a "${layout.fourcc}" index`);
}

const bufferReader =
  (buf: Buffer): ByteReader =>
  (offset, length) => {
    if (offset + length > buf.length) throw new Error('serialised index is truncated');
    return buf.subarray(offset, offset + length);
  };

/** Returns a copy of a serialised index with the given parameters written in. */
export function patchSearchParams(serialized: Buffer, params: SearchParams): Buffer {
  const buf = Buffer.from(serialized);
  for (const e of edits(locate(bufferReader(buf)), params)) e.bytes.copy(buf, e.at);
  return buf;
}

/**
 * Same, in place on an index file written by faiss (reads a few header bytes, writes 4-8 bytes).
 * For large indexes this avoids toBuffer/fromBuffer, which each hold a full in-memory copy.
 */
export function patchSearchParamsFile(path: string, params: SearchParams): void {
  const fd = openSync(path, 'r+');
  try {
    const read: ByteReader = (offset, length) => {
      const b = Buffer.alloc(length);
      if (readSync(fd, b, 0, length, offset) !== length) throw new Error(`${path}: truncated index file`);
      return b;
    };
    for (const e of edits(locate(read), params)) writeSync(fd, e.bytes, 0, e.bytes.length, e.at);
  } finally {
    closeSync(fd);
  }
}

/** Reads the parameters back (used by tests and the benchmark to prove the patch took). */
export function readSearchParams(serialized: Buffer): SearchParams {
  const read = bufferReader(serialized);
  const layout = locate(read);
  if (layout.kind === 'ivf') return { nprobe: Number(read(layout.nprobeAt, 8).readBigUInt64LE(0)) };
  if (layout.kind === 'hnsw') {
    return {
      efConstruction: read(layout.efConstructionAt, 4).readInt32LE(0),
      efSearch: read(layout.efSearchAt, 4).readInt32LE(0),
    };
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
