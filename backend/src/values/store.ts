import type { Database, Statement } from 'better-sqlite3';
import type { TaggedEntry, TagListener } from '../templates/repo.js';
import { extractValues } from './extract.js';

/** An entry as the value store records it: with the template it was tagged with, when known. */
export interface ValueSource {
  entryId: number;
  streamId: number;
  tsNs: bigint;
  line: string;
  templateId: number | null;
  template?: string;
}

/**
 * Entries re-read when their template is generalised (a constant became `<*>`): their words at
 * the new slot are values now. Templates generalise while they are young (a position turns
 * variable after a handful of distinct values), so the cap is rarely reached; beyond it the oldest
 * entries keep the values read with the older template (their typed values are unaffected).
 */
export const REEXTRACT_CAP = 2000;
/** Compiled template patterns kept (one per live template of the busiest streams). */
const ALIGN_CACHE_MAX = 4096;

/**
 * Writes entry values (table from values/migration.ts). Runs inside the caller's transaction
 * (tagging happens in the ingest transaction), so entries, tags and values commit together.
 */
export class ValueWriter implements TagListener {
  private readonly insert: Statement;
  private readonly clear: Statement;
  private readonly anyInRange: Statement;
  private readonly ofTemplate: Statement;
  private readonly align = new Map<string, RegExp | null>();

  constructor(private readonly db: Database) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO entry_values (entry_id, pos, stream_id, template_id, ts_ns, key, kind, text, num, unit, after)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.clear = db.prepare('DELETE FROM entry_values WHERE entry_id = ?');
    this.anyInRange = db.prepare('SELECT 1 FROM entry_values WHERE entry_id BETWEEN ? AND ? LIMIT 1').pluck();
    this.ofTemplate = db
      .prepare('SELECT id, stream_id, ts_ns, line FROM entries WHERE template_id = ? ORDER BY id DESC LIMIT ?')
      .safeIntegers(true);
  }

  /**
   * Replaces the values of each entry of the batch with those read from its line. `fresh`: the
   * caller expects none of the entries to have values yet (tagged for the first time).
   */
  record(batch: readonly ValueSource[], fresh = false): number {
    if (this.align.size > ALIGN_CACHE_MAX) this.align.clear();
    if (batch.length === 0) return 0;
    // A row per (entry, pos): replacing an entry's values means removing the old ones first (a
    // re-read may find fewer), a DELETE per entry. Entries tagged for the first time have none
    // (values are written with the tag), except those a values migration read before they were
    // tagged: one range read over the batch's ids tells, and only then do the DELETEs run.
    const clear = !fresh || this.mayHaveValues(batch);
    let n = 0;
    for (const e of batch) {
      if (clear) this.clear.run(e.entryId);
      for (const v of extractValues(e.line, e.template, this.align)) {
        this.insert.run(e.entryId, v.pos, e.streamId, e.templateId, e.tsNs, v.key, v.kind, v.text, v.num ?? null, v.unit ?? null, v.after ?? null);
        n++;
      }
    }
    return n;
  }

  /** Whether some entry of the batch may hold values already: one range read, or an id twice (its second read replaces the first). */
  private mayHaveValues(batch: readonly ValueSource[]): boolean {
    const ids = new Set<number>();
    let lo = Infinity;
    let hi = -Infinity;
    for (const e of batch) {
      ids.add(e.entryId);
      if (e.entryId < lo) lo = e.entryId;
      if (e.entryId > hi) hi = e.entryId;
    }
    return ids.size !== batch.length || this.anyInRange.get(lo, hi) !== undefined;
  }

  tagged(batch: readonly TaggedEntry[]): void {
    this.record(batch.map((e) => ({ entryId: e.id, streamId: e.streamId, tsNs: e.tsNs, line: e.line, templateId: e.templateId, template: e.template })), true);
  }

  /**
   * Called after tagging with each template whose text changed: its earlier entries are read
   * again with the new text (newest first, at most REEXTRACT_CAP).
   */
  templateChanged(templateId: number, template: string): void {
    const rows = this.ofTemplate.all(templateId, REEXTRACT_CAP) as { id: bigint; stream_id: bigint; ts_ns: bigint; line: string }[];
    this.record(rows.map((r) => ({ entryId: Number(r.id), streamId: Number(r.stream_id), tsNs: r.ts_ns, line: r.line, templateId, template })));
  }

  /** Nothing is kept between transactions: a rolled-back one leaves nothing to forget. */
  reset(): void {
    this.align.clear();
  }
}
