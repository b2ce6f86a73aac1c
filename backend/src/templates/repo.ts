import type { Database, Statement } from 'better-sqlite3';
import { TemplateMiner, type MinerOptions, type MinerState } from './miner.js';

/** An entry to tag: what the repo needs from a stored entry. */
export interface EntryToTag {
  id: number;
  streamId: number;
  tsNs: bigint;
  line: string;
}

export interface TemplateRow {
  /** Global id (what entries.template_id holds). */
  id: number;
  streamId: number;
  template: string;
  count: number;
  firstSeenNs: bigint | null;
  lastSeenNs: bigint | null;
}

export interface TagResult {
  entryId: number;
  /** Global template id stored on the entry. */
  templateId: number;
}

/** An entry just tagged, with the template text it was tagged with. */
export interface TaggedEntry extends EntryToTag {
  templateId: number;
  template: string;
}

/**
 * Told, inside the tagging transaction, of every entry tagged and every template whose text
 * changed (the value store reads slot values against template text).
 */
export interface TagListener {
  tagged(batch: readonly TaggedEntry[]): void;
  templateChanged(templateId: number, template: string): void;
  /** The transaction it was told things in rolled back. */
  reset(): void;
}

export interface TemplateRepoOptions {
  /** Options for miners of streams that have no saved state yet. */
  miner?: Partial<MinerOptions>;
  listener?: TagListener;
  /**
   * Estimated heap bytes of stream miners kept in memory between batches (least recently used
   * evicted first; see DEFAULT_MINER_CACHE_BYTES). Infinity keeps every miner, 0 none.
   */
  minerCacheBytes?: number;
}

/**
 * Default bound on in-memory miner state (estimated heap bytes). 64 MiB keeps ~5k streams' miners
 * hot (3 LogHub lines each in bench/miner-memory.ts) and caps their share of a sidecar that idles
 * near 200 MB RSS, where 100k streams unbounded held 2.4 GB of heap; a stream not held costs one
 * reload when it logs again (an indexed row read and a JSON.parse: 0.2-0.4 ms on 2 shared cores).
 */
export const DEFAULT_MINER_CACHE_BYTES = 64 * 2 ** 20;

// The byte estimate: the length of the miner's saved state (in hand already: every batch saves
// what it touched, every load reads it) times factors measured by bench/miner-memory.ts. Restored
// state weighs ~12 bytes per character on V8; what a miner learns in this process weighs more,
// ~30 (the sibling-rule families and the exact-match cache it builds are not in the state).
// Measured heap / estimate on LogHub streams: restored 0.64-1.11, reloaded then fed 0.66-1.62,
// mined wholly here 0.38-2.85 (the top: 2k lines of one log, a large exact-match cache); 0.90
// over all miners of 20k and 100k streams. Cheaper than walking the miner, and close enough.
/** Heap bytes per character of saved state, for state restored from the database. */
const RESTORED_BYTES_PER_STATE_CHAR = 12;
/** Heap bytes per character of saved state learned since the miner was loaded or created. */
const LIVE_BYTES_PER_STATE_CHAR = 30;
/** The cache entry, the record and its id map (fixed part). */
const STREAM_OVERHEAD_BYTES = 400;
/** One miner-local -> global id pair in a Map. */
const BYTES_PER_GLOBAL_ID = 40;

export interface MinerCacheStats {
  /** Streams whose miner is in memory. */
  miners: number;
  /** Their estimated heap bytes. */
  bytes: number;
  budgetBytes: number;
  /** Lookups served from memory. */
  hits: number;
  /** Miners read back from template_miners. */
  loads: number;
  /** Miners started for streams with no saved state. */
  creates: number;
  evictions: number;
}

interface StreamMiner {
  streamId: number;
  miner: TemplateMiner;
  /** Miner-local id -> global templates.id. */
  globalIds: Map<number, number>;
  /** Estimated heap bytes (see the byte estimate above). */
  bytes: number;
  /** Length of the state it was loaded from; 0 for a miner created here. */
  loadedChars: number;
  /**
   * The miner's structureVersion when its state was last written or read (-1: never written).
   * A batch whose lines only matched known templates moves nothing but line counts, and its
   * state is not written again: at 16 streams that write was ~800 KB per transaction, which made
   * a push stored in 128-line slices cost 2x the CPU of one transaction (bench/push-slices.ts).
   * The saved counts then lag; nothing reads them (the templates table keeps exact counts).
   */
  savedStructure: number;
}

/** Bumps of one template row not yet written (TemplateRepo.tagEntries). */
interface PendingBump {
  template: string;
  n: number;
  lo: bigint;
  hi: bigint;
}

interface RowStats {
  count: bigint;
  first_seen_ns: bigint | null;
  last_seen_ns: bigint | null;
}

/**
 * Mines templates per stream and persists them: loads a stream's miner state on first use, tags
 * entries (entries.template_id = global template id), keeps template rows (text, count, first and
 * last seen) and records merges (`merged_into`). Needs the `templatesMigration` tables. One
 * writer per database, as SQLite itself requires.
 *
 * Miners live in an LRU bounded by estimated bytes. Eviction writes nothing: every change to a
 * miner (its lines, merges, new global ids) is saved in the transaction that made it, so an
 * evicted miner reloads as it was. Miners are evicted only between tagEntries calls, never while
 * a batch is using them.
 */
export class TemplateRepo {
  private readonly db: Database;
  private readonly minerOptions: Partial<MinerOptions>;
  private readonly listener?: TagListener;
  /** In least recently used order (a Map iterates in insertion order; a hit re-inserts). */
  private readonly streams = new Map<number, StreamMiner>();
  private readonly budget: number;
  private held = 0;
  private readonly counts = { hits: 0, loads: 0, creates: 0, evictions: 0 };
  /** Inside tagEntries: miners in use there must not be evicted. */
  private tagging = false;
  /** Highest entry id tagUntagged has reached (0n: start from the beginning). */
  private untaggedAfter = 0n;
  private readonly stmts: Record<
    | 'loadState'
    | 'loadIds'
    | 'saveState'
    | 'insertTemplate'
    | 'bumpTemplate'
    | 'tagEntry'
    | 'stats'
    | 'setStats'
    | 'mergeRow'
    | 'repointMerged'
    | 'setText'
    | 'byStream'
    | 'resolve'
    | 'untagged',
    Statement
  >;

  constructor(db: Database, options: TemplateRepoOptions = {}) {
    this.db = db;
    this.minerOptions = options.miner ?? {};
    this.listener = options.listener;
    const budget = options.minerCacheBytes ?? DEFAULT_MINER_CACHE_BYTES;
    if (!(budget >= 0)) throw new RangeError(`minerCacheBytes must be >= 0, got ${String(budget)}`);
    this.budget = budget;
    this.stmts = {
      loadState: db.prepare('SELECT state FROM template_miners WHERE stream_id = ?'),
      loadIds: db.prepare('SELECT id, local_id FROM templates WHERE stream_id = ?'),
      saveState: db.prepare(
        `INSERT INTO template_miners (stream_id, state, updated_at_ms) VALUES (?, ?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET state = excluded.state, updated_at_ms = excluded.updated_at_ms`
      ),
      insertTemplate: db.prepare(
        `INSERT INTO templates (stream_id, local_id, template, count, first_seen_ns, last_seen_ns)
         VALUES (?, ?, ?, 1, ?, ?) RETURNING id`
      ),
      bumpTemplate: db.prepare(
        `UPDATE templates SET template = @template, count = count + @n,
           first_seen_ns = MIN(COALESCE(first_seen_ns, @lo), @lo),
           last_seen_ns = MAX(COALESCE(last_seen_ns, @hi), @hi)
         WHERE id = @id`
      ),
      tagEntry: db.prepare('UPDATE entries SET template_id = ? WHERE id = ?'),
      stats: db.prepare('SELECT count, first_seen_ns, last_seen_ns FROM templates WHERE id = ?'),
      setStats: db.prepare('UPDATE templates SET count = ?, first_seen_ns = ?, last_seen_ns = ? WHERE id = ?'),
      mergeRow: db.prepare('UPDATE templates SET merged_into = ? WHERE id = ?'),
      repointMerged: db.prepare('UPDATE templates SET merged_into = ? WHERE merged_into = ?'),
      setText: db.prepare('UPDATE templates SET template = ? WHERE id = ?'),
      byStream: db.prepare(
        `SELECT id, stream_id, template, count, first_seen_ns, last_seen_ns FROM templates
         WHERE stream_id = ? AND merged_into IS NULL ORDER BY id`
      ),
      resolve: db.prepare('SELECT COALESCE(merged_into, id) AS id FROM templates WHERE id = ?'),
      untagged: db.prepare(
        'SELECT id, stream_id, ts_ns, line FROM entries WHERE template_id IS NULL AND id > ? ORDER BY id LIMIT ?'
      ),
    };
    // nanosecond timestamps exceed 2^53: read them as bigint
    for (const k of ['stats', 'byStream', 'untagged'] as const) this.stmts[k].safeIntegers(true);
  }

  /**
   * The stream's miner, loaded from saved state when not in memory. For reading: the repo may
   * evict it on a later call, and lines added to it directly are never saved.
   */
  miner(streamId: number): TemplateMiner {
    const s = this.stream(streamId);
    this.shrink();
    return s.miner;
  }

  /** Counters for metrics: what is held, and how often miners were found, loaded and evicted. */
  cacheStats(): MinerCacheStats {
    return { miners: this.streams.size, bytes: this.held, budgetBytes: this.budget, ...this.counts };
  }

  private stream(streamId: number): StreamMiner {
    let s = this.streams.get(streamId);
    if (s) {
      this.counts.hits++;
      this.streams.delete(streamId);
      this.streams.set(streamId, s);
      return s;
    }
    const row = this.stmts.loadState.get(streamId) as { state: string } | undefined;
    const miner = row
      ? TemplateMiner.fromJSON(JSON.parse(row.state) as MinerState)
      : new TemplateMiner(this.minerOptions);
    if (row) this.counts.loads++;
    else this.counts.creates++;
    const globalIds = new Map<number, number>();
    for (const r of this.stmts.loadIds.all(streamId) as Array<{ id: number; local_id: number }>) {
      globalIds.set(r.local_id, r.id);
    }
    s = { streamId, miner, globalIds, bytes: 0, loadedChars: row ? row.state.length : 0, savedStructure: row ? miner.structureVersion : -1 };
    this.setBytes(s, estimateBytes(s, s.loadedChars));
    this.streams.set(streamId, s);
    return s;
  }

  private setBytes(s: StreamMiner, bytes: number): void {
    this.held += bytes - s.bytes;
    s.bytes = bytes;
  }

  /** Evict least recently used miners until the estimate is within budget (never mid-batch). */
  private shrink(): void {
    if (this.tagging) return;
    for (const s of this.streams.values()) {
      if (this.held <= this.budget) break;
      this.drop(s);
      this.counts.evictions++;
    }
  }

  private drop(s: StreamMiner): void {
    if (this.streams.get(s.streamId) !== s) return;
    this.streams.delete(s.streamId);
    this.held -= s.bytes;
  }

  /**
   * Mine and tag entries in order, in one transaction, and save the state of every miner touched
   * in the same transaction (so tags and miner state never disagree after a crash). Feed entries
   * in ingest order per stream.
   */
  tagEntries(entries: readonly EntryToTag[]): TagResult[] {
    const touched = new Set<StreamMiner>();
    const run = this.db.transaction((batch: readonly EntryToTag[]) => {
      const out: TagResult[] = [];
      const tagged: TaggedEntry[] = [];
      const changed = new Map<number, string>();
      // A template's row is bumped once per batch, not once per line: its count grows by its
      // lines, its first/last seen take their min/max and its text is the last one seen. Pending
      // bumps are written before anything else reads or writes template rows (a merge folds
      // statistics) and before the batch ends, so the rows end as line-by-line updates left them.
      const bumps = new Map<number, PendingBump>();
      const flushBumps = () => {
        for (const [id, b] of bumps) this.stmts.bumpTemplate.run({ template: b.template, n: b.n, lo: b.lo, hi: b.hi, id });
        bumps.clear();
      };
      for (const e of batch) {
        const s = this.stream(e.streamId);
        touched.add(s);
        const res = s.miner.add(e.line);
        const merges = s.miner.drainMerges();
        if (merges.length > 0) {
          flushBumps();
          for (const [absorbed, text] of this.foldMerges(s, merges)) changed.set(absorbed, text);
        }
        let gid = s.globalIds.get(res.templateId);
        if (gid === undefined) {
          const row = this.stmts.insertTemplate.get(e.streamId, res.templateId, res.template, e.tsNs, e.tsNs) as {
            id: number;
          };
          gid = Number(row.id);
          s.globalIds.set(res.templateId, gid);
        } else {
          const b = bumps.get(gid);
          if (b === undefined) bumps.set(gid, { template: res.template, n: 1, lo: e.tsNs, hi: e.tsNs });
          else {
            b.template = res.template;
            b.n++;
            if (e.tsNs < b.lo) b.lo = e.tsNs;
            if (e.tsNs > b.hi) b.hi = e.tsNs;
          }
        }
        this.stmts.tagEntry.run(gid, e.id);
        out.push({ entryId: e.id, templateId: gid });
        if (this.listener) {
          tagged.push({ ...e, templateId: gid, template: res.template });
          if (res.changed) changed.set(gid, res.template);
        }
      }
      flushBumps();
      if (this.listener) {
        this.listener.tagged(tagged);
        for (const [id, text] of changed) this.listener.templateChanged(id, text);
      }
      for (const s of touched) {
        if (s.miner.structureVersion === s.savedStructure) continue;
        const state = JSON.stringify(s.miner.toJSON());
        this.stmts.saveState.run(s.streamId, state, Date.now());
        this.setBytes(s, estimateBytes(s, state.length));
        s.savedStructure = s.miner.structureVersion;
      }
      return out;
    });
    // a call from inside a batch (a listener that tags) must not evict that batch's miners
    const outer = this.tagging;
    this.tagging = true;
    try {
      return run(entries);
    } catch (err) {
      // the miners touched learned lines (and global ids) that rolled back with the batch: read
      // them again from the database on their next use
      for (const s of touched) this.drop(s);
      this.listener?.reset();
      throw err;
    } finally {
      this.tagging = outer;
      this.shrink();
    }
  }

  /** Mark rows whose miner ids were merged away and fold their statistics into the survivor. */
  private foldMerges(s: StreamMiner, merges: ReadonlyArray<[number, number]>): Map<number, string> {
    // absorbed global id -> the survivor's text (its entries are read again with it)
    const absorbed = new Map<number, string>();
    for (const [from, to] of merges) {
      const gFrom = s.globalIds.get(from);
      const gTo = s.globalIds.get(to);
      if (gFrom === undefined || gTo === undefined || gFrom === gTo) continue;
      const a = this.stmts.stats.get(gFrom) as RowStats | undefined;
      const b = this.stmts.stats.get(gTo) as RowStats | undefined;
      if (!a || !b) continue;
      this.stmts.setStats.run(
        a.count + b.count,
        minNs(a.first_seen_ns, b.first_seen_ns),
        maxNs(a.last_seen_ns, b.last_seen_ns),
        gTo
      );
      this.stmts.mergeRow.run(gTo, gFrom);
      this.stmts.repointMerged.run(gTo, gFrom);
      const text = s.miner.template(to);
      if (text !== undefined) {
        this.stmts.setText.run(text, gTo);
        absorbed.set(gFrom, text);
      }
    }
    return absorbed;
  }

  /** Live (not merged) templates of a stream, oldest first. */
  templates(streamId: number): TemplateRow[] {
    return (this.stmts.byStream.all(streamId) as Array<Record<string, bigint | string | null>>).map((r) => ({
      id: Number(r.id),
      streamId: Number(r.stream_id),
      template: String(r.template),
      count: Number(r.count),
      firstSeenNs: r.first_seen_ns === null ? null : BigInt(r.first_seen_ns),
      lastSeenNs: r.last_seen_ns === null ? null : BigInt(r.last_seen_ns),
    }));
  }

  /** The surviving global id for a template id stored on an entry. */
  resolve(templateId: number): number | undefined {
    const r = this.stmts.resolve.get(templateId) as { id: number } | undefined;
    return r ? Number(r.id) : undefined;
  }

  /** Streams deleted (retention): their miners leave memory; their rows went in the same pass. */
  forgetStreams(streamIds: readonly number[]): void {
    for (const id of streamIds) {
      const s = this.streams.get(id);
      if (s) this.drop(s);
    }
  }

  /**
   * Forgets the in-memory miners, so the next call reloads them from the database. The pipeline
   * calls it when the transaction it tagged inside rolled back: the miners had learned from lines
   * that were never stored (a miner evicted meanwhile reloads from the database, which rolled back
   * with them).
   */
  reset(): void {
    this.streams.clear();
    this.held = 0;
    this.untaggedAfter = 0n;
    this.listener?.reset();
  }

  /**
   * Tag entries that have no template yet, oldest first, in batches; returns how many were tagged.
   * Call it after each ingest batch (or on a timer): the first call scans the table once, later
   * calls only read entries added since.
   */
  tagUntagged(batchSize = 5000): number {
    // entries get ascending rowids, so later calls resume after the last entry already looked at
    let after = this.untaggedAfter;
    let total = 0;
    for (;;) {
      const rows = this.stmts.untagged.all(after, batchSize) as Array<{
        id: bigint;
        stream_id: bigint;
        ts_ns: bigint;
        line: string;
      }>;
      if (rows.length === 0) {
        this.untaggedAfter = after;
        return total;
      }
      this.tagEntries(
        rows.map((r) => ({ id: Number(r.id), streamId: Number(r.stream_id), tsNs: r.ts_ns, line: r.line }))
      );
      total += rows.length;
      after = rows[rows.length - 1].id;
    }
  }
}

function estimateBytes(s: StreamMiner, stateChars: number): number {
  const restored = Math.min(stateChars, s.loadedChars);
  return (
    STREAM_OVERHEAD_BYTES +
    RESTORED_BYTES_PER_STATE_CHAR * restored +
    LIVE_BYTES_PER_STATE_CHAR * (stateChars - restored) +
    BYTES_PER_GLOBAL_ID * s.globalIds.size
  );
}

function minNs(a: bigint | null, b: bigint | null): bigint | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

function maxNs(a: bigint | null, b: bigint | null): bigint | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
