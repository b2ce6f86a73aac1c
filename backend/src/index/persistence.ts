// On-disk layout of one vector index directory, crash-safe by construction:
//
//   manifest.json         the commit point: names the live generation's files and their checksums
//   index.<gen>.faiss     faiss's own serialisation (faiss-node write())
//   ids.<gen>.bin         which chunks sit on which vector (VectorGroups, format in groupsBuffer());
//                         manifest version 1: slot -> chunk id, float64 little-endian, -1 = deleted
//
// A save writes generation gen+1 under temp names, fsyncs, renames, fsyncs the directory, and only
// then atomically replaces manifest.json. A crash at any point before that rename leaves the old
// manifest pointing at the old, untouched files; leftovers are swept after the next good save.
// A save that fails (a full disk) removes what it wrote and throws: the previous generation stays
// the committed one on disk, and the index in memory keeps serving.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { FaissModule } from './faiss.js';
import { KEY_BYTES, VectorGroups } from './groups.js';
import { FaissVectorIndex, type IndexManifest, type IndexSaver } from './vector-index.js';

/** "N chunks on M vectors" (version 2) or "N vectors" (version 1: one per chunk). */
export function describeCoverage(m: Pick<IndexManifest, 'count' | 'vectors'>): string {
  return m.vectors === undefined ? `${m.count} vectors` : `${m.count} chunks on ${m.vectors} vectors`;
}

export type IndexState = 'ready' | 'missing' | 'stale' | 'corrupt' | 'rebuilding';

/** What SQLite says the index should cover (e.g. count and max id of embedded chunks of a tenant). */
export interface ExpectedCoverage {
  count: number;
  maxId: number;
}

export interface OpenResult {
  state: Exclude<IndexState, 'rebuilding'>;
  /** Human-readable cause, for logs and /health. */
  reason: string;
  /** Loaded index for 'ready' and 'stale' (a stale index is valid, just incomplete); otherwise null. */
  index: FaissVectorIndex | null;
  manifest: IndexManifest | null;
}

export const MANIFEST_FILE = 'manifest.json';

const specSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('flat') }),
  z.object({
    kind: z.literal('hnsw'),
    m: z.number().int().positive(),
    efConstruction: z.number().int().positive(),
    efSearch: z.number().int().positive(),
  }),
  z.object({ kind: z.literal('ivf'), nlist: z.number().int().positive(), nprobe: z.number().int().positive() }),
]);

const manifestSchema = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  dim: z.number().int().positive(),
  spec: specSchema,
  count: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  vectors: z.number().int().nonnegative().optional(),
  maxId: z.number().int().min(-1),
  generation: z.number().int().positive(),
  indexFile: z.string().regex(/^index\.\d+\.faiss$/),
  indexSha256: z.string().regex(/^[0-9a-f]{64}$/),
  idsFile: z.string().regex(/^ids\.\d+\.bin$/),
  idsSha256: z.string().regex(/^[0-9a-f]{64}$/),
  savedAt: z.string(),
});

const OWNED_FILE = /^(index\.\d+\.faiss|ids\.\d+\.bin|manifest\.json)(\.tmp-[0-9a-f]+)?$/;

function tempName(final: string): string {
  return `${final}.tmp-${randomBytes(6).toString('hex')}`;
}

async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Makes completed renames in `dir` durable (POSIX: the directory entry lives in the directory). */
export async function fsyncDir(dir: string): Promise<void> {
  await fsyncPath(dir);
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Writes `dir/name` atomically: `produce` fills a temp file in the same directory (same file
 * system, so rename is atomic), which is fsynced and renamed over the target; then the directory
 * is fsynced. Returns the sha256 of what was written.
 */
export async function writeFileAtomic(
  dir: string,
  name: string,
  produce: Buffer | ((tmpPath: string) => void | Promise<void>),
): Promise<string> {
  const tmp = join(dir, tempName(name));
  try {
    if (Buffer.isBuffer(produce)) {
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(produce);
        await fh.sync();
      } finally {
        await fh.close();
      }
    } else {
      await produce(tmp);
      await fsyncPath(tmp);
    }
    const sha = Buffer.isBuffer(produce) ? createHash('sha256').update(produce).digest('hex') : await sha256File(tmp);
    await rename(tmp, join(dir, name));
    await fsyncDir(dir);
    return sha;
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function readManifest(dir: string): Promise<IndexManifest | null> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return manifestSchema.parse(JSON.parse(text)) as IndexManifest;
}

/** Deletes files this module owns that the committed manifest does not reference. */
async function sweep(dir: string, keep: ReadonlySet<string>): Promise<void> {
  for (const name of await readdir(dir)) {
    if (OWNED_FILE.test(name) && !keep.has(name)) await rm(join(dir, name), { force: true });
  }
}

/** Magic of an ids file of manifest version 2 (then u32 positions, u32 entries, little-endian). */
const GROUPS_MAGIC = Buffer.from('LLVGRP02');
const GROUPS_HEADER = GROUPS_MAGIC.length + 8;

function padTo8(n: number): number {
  return (n + 7) & ~7;
}

/**
 * ids.<gen>.bin of version 2: header, KEY_BYTES per vector position (padded to 8 bytes), then per
 * live chunk its id (float64) and its position (int32). Every platform Node ships for (x64,
 * arm64) is little-endian, so the typed arrays are written as they are in memory.
 */
function groupsBuffer(index: FaissVectorIndex): Buffer {
  const { keys, ids, positions } = index.serializeGroups();
  const header = Buffer.alloc(GROUPS_HEADER);
  GROUPS_MAGIC.copy(header);
  header.writeUInt32LE(keys.length / KEY_BYTES, GROUPS_MAGIC.length);
  header.writeUInt32LE(ids.length, GROUPS_MAGIC.length + 4);
  return Buffer.concat([
    header,
    keys,
    Buffer.alloc(padTo8(keys.length) - keys.length),
    Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength),
    Buffer.from(positions.buffer, positions.byteOffset, positions.byteLength),
  ]);
}

/** Parses groupsBuffer()'s output; throws on any size that does not add up. */
function parseGroups(bytes: Buffer, maxId: number): VectorGroups {
  if (bytes.length < GROUPS_HEADER || !bytes.subarray(0, GROUPS_MAGIC.length).equals(GROUPS_MAGIC)) throw new Error('not a vector groups file');
  const positions = bytes.readUInt32LE(GROUPS_MAGIC.length);
  const entries = bytes.readUInt32LE(GROUPS_MAGIC.length + 4);
  const keyBytes = positions * KEY_BYTES;
  const idsAt = GROUPS_HEADER + padTo8(keyBytes);
  const posAt = idsAt + entries * 8;
  if (bytes.length !== posAt + entries * 4) throw new Error(`vector groups file: ${bytes.length} bytes, header says ${posAt + entries * 4}`);
  // Copies into aligned, owned arrays: readFile's buffer may be a slice of a shared pool.
  const ids = new Float64Array(entries);
  new Uint8Array(ids.buffer).set(bytes.subarray(idsAt, posAt));
  const pos = new Int32Array(entries);
  new Uint8Array(pos.buffer).set(bytes.subarray(posAt));
  return VectorGroups.deserialize(bytes.subarray(GROUPS_HEADER, GROUPS_HEADER + keyBytes), ids, pos, maxId);
}

/** Slack on top of the estimate: faiss headers, the manifest, file-system blocks. */
const SAVE_SLACK_BYTES = 1 << 20;

/**
 * Bytes a save of `index` may take, generously: every layout here keeps the raw float vectors
 * (Flat, HNSW<m> over Flat storage, IVF<n>,Flat), plus HNSW links (2m neighbours at level 0, ~1/m
 * more above), IVF ids and centroids, and ids.<gen>.bin.
 */
export function saveBytesEstimate(index: Pick<FaissVectorIndex, 'dim' | 'spec' | 'vectorCount' | 'size'>): number {
  const total = index.vectorCount;
  const links = index.spec.kind === 'hnsw' ? index.spec.m * 2 * 4 * 1.25 + 16 : 0;
  const centroids = index.spec.kind === 'ivf' ? index.spec.nlist * index.dim * 4 : 0;
  return Math.ceil(total * (index.dim * 4 + 8 + links + KEY_BYTES) + index.size * 12 + centroids + SAVE_SLACK_BYTES);
}

/**
 * Refuses a save that cannot fit, before anything is written. faiss's file writer buffers the
 * last few KiB of a file and ignores a failed close (it prints "close error" and returns), so a
 * write that ran out of space there would look complete, with a checksum of the truncated file.
 */
async function ensureRoom(dir: string, bytes: number): Promise<void> {
  let free: number;
  try {
    const st = await statfs(dir);
    free = st.bavail * st.bsize;
  } catch {
    return; // no statfs here: the write itself reports ENOSPC (all but that last buffer)
  }
  if (free >= bytes) return;
  const mib = (n: number) => (n / 2 ** 20).toFixed(1);
  throw Object.assign(new Error(`vector index save needs about ${mib(bytes)} MiB in ${dir}, ${mib(free)} MiB free (No space left on device)`), {
    code: 'ENOSPC',
  });
}

/** Persists `index` as the next generation in `dir` and commits it by replacing the manifest. */
export async function saveIndex(dir: string, index: FaissVectorIndex): Promise<IndexManifest> {
  await mkdir(dir, { recursive: true });
  await ensureRoom(dir, saveBytesEstimate(index));
  let previous: IndexManifest | null = null;
  try {
    previous = await readManifest(dir);
  } catch {
    // A corrupt manifest is being replaced anyway; its generation number is not needed.
  }
  const generation = (previous?.generation ?? 0) + 1;
  const indexFile = `index.${generation}.faiss`;
  const idsFile = `ids.${generation}.bin`;

  const minIndexBytes = index.vectorCount * index.dim * 4;
  try {
    const indexSha256 = await writeFileAtomic(dir, indexFile, async (tmp) => {
      await index.writeTo(tmp);
      // The raw vectors alone take this much: less means faiss lost writes it did not report.
      const written = (await stat(tmp)).size;
      if (written < minIndexBytes) throw new Error(`${indexFile}: faiss wrote ${written} bytes, at least ${minIndexBytes} expected (a failed write it did not report)`);
    });
    return await commitGeneration(dir, index, { generation, indexFile, indexSha256, idsFile });
  } catch (err) {
    // Files of this generation the manifest does not name would hold disk space until the next
    // good save: remove them, unless the manifest was replaced (a failure after its rename).
    const live = await readManifest(dir).catch(() => null);
    if (live?.indexFile !== indexFile) {
      await rm(join(dir, indexFile), { force: true }).catch(() => undefined);
      await rm(join(dir, idsFile), { force: true }).catch(() => undefined);
    }
    throw err;
  }
}

async function commitGeneration(
  dir: string,
  index: FaissVectorIndex,
  g: { generation: number; indexFile: string; indexSha256: string; idsFile: string },
): Promise<IndexManifest> {
  const { generation, indexFile, indexSha256, idsFile } = g;
  const idsSha256 = await writeFileAtomic(dir, idsFile, groupsBuffer(index));
  const manifest: IndexManifest = {
    version: 2,
    dim: index.dim,
    spec: index.spec,
    count: index.size,
    total: index.vectorCount,
    vectors: index.liveVectors,
    maxId: index.maxId,
    generation,
    indexFile,
    indexSha256,
    idsFile,
    idsSha256,
    savedAt: new Date().toISOString(),
  };
  await writeFileAtomic(dir, MANIFEST_FILE, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  await sweep(dir, new Set([MANIFEST_FILE, indexFile, idsFile]));
  return manifest;
}

/** Saves of one directory run one at a time, in call order. */
export function serialSaver(dir: string): IndexSaver {
  let tail: Promise<unknown> = Promise.resolve();
  return (index) => {
    const next = tail.then(() => saveIndex(dir, index));
    tail = next.catch(() => undefined);
    return next;
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Opens the index in `dir` and classifies it. Checksums are verified BEFORE faiss parses the file:
 * faiss trusts length fields, so feeding it garbage can mean a huge allocation or worse.
 * Stale means the files are intact but `expected` (from SQLite) disagrees on count or max id.
 */
export async function openIndex(
  faiss: FaissModule,
  dir: string,
  saver: IndexSaver,
  expected?: ExpectedCoverage,
): Promise<OpenResult> {
  let manifest: IndexManifest | null;
  try {
    manifest = await readManifest(dir);
  } catch (err) {
    return { state: 'corrupt', reason: `unreadable manifest: ${(err as Error).message}`, index: null, manifest: null };
  }
  if (manifest === null) return { state: 'missing', reason: `no ${MANIFEST_FILE} in ${dir}`, index: null, manifest };

  const indexPath = join(dir, manifest.indexFile);
  const idsPath = join(dir, manifest.idsFile);
  if (!(await exists(indexPath))) {
    return { state: 'missing', reason: `manifest names ${manifest.indexFile}, which is absent`, index: null, manifest };
  }
  if (!(await exists(idsPath))) {
    return { state: 'corrupt', reason: `manifest names ${manifest.idsFile}, which is absent`, index: null, manifest };
  }
  if ((await sha256File(indexPath)) !== manifest.indexSha256) {
    return { state: 'corrupt', reason: `${manifest.indexFile}: checksum mismatch`, index: null, manifest };
  }
  const idsBytes = await readFile(idsPath);
  if (createHash('sha256').update(idsBytes).digest('hex') !== manifest.idsSha256) {
    return { state: 'corrupt', reason: `${manifest.idsFile}: checksum mismatch`, index: null, manifest };
  }

  let index: FaissVectorIndex;
  try {
    const native = faiss.Index.read(indexPath);
    if (native.getDimension() !== manifest.dim) throw new Error(`dim ${native.getDimension()} != manifest ${manifest.dim}`);
    if (manifest.version === 1) {
      // Copy into an aligned, owned array: readFile's buffer may be a slice of a shared pool.
      if (idsBytes.byteLength % 8 !== 0) throw new Error(`${manifest.idsFile}: ${idsBytes.byteLength} bytes is not a list of float64 ids`);
      const slots = new Float64Array(idsBytes.byteLength / 8);
      new Uint8Array(slots.buffer).set(idsBytes);
      index = FaissVectorIndex.fromParts(faiss, native, manifest.spec, slots, manifest.maxId, saver);
    } else {
      index = FaissVectorIndex.fromGroups(faiss, native, manifest.spec, parseGroups(idsBytes, manifest.maxId), saver);
    }
    if (index.size !== manifest.count) throw new Error(`${index.size} live ids != manifest count ${manifest.count}`);
    if (manifest.vectors !== undefined && index.liveVectors !== manifest.vectors) {
      throw new Error(`${index.liveVectors} live vectors != manifest ${manifest.vectors}`);
    }
  } catch (err) {
    return { state: 'corrupt', reason: `load failed: ${(err as Error).message}`, index: null, manifest };
  }

  if (expected && (expected.count !== manifest.count || expected.maxId !== manifest.maxId)) {
    return {
      state: 'stale',
      reason:
        `index covers ${manifest.count} chunks up to id ${manifest.maxId}; ` +
        `store has ${expected.count} up to id ${expected.maxId}`,
      index,
      manifest,
    };
  }
  return { state: 'ready', reason: `${describeCoverage(manifest)}, ${manifest.spec.kind}`, index, manifest };
}
