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
  private readonly ofTemplate: Statement;
  private readonly align = new Map<string, RegExp | null>();

  constructor(private readonly db: Database) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO entry_values (entry_id, pos, stream_id, template_id, ts_ns, key, kind, text, num, unit, after)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.clear = db.prepare('DELETE FROM entry_values WHERE entry_id = ?');
    this.ofTemplate = db
      .prepare('SELECT id, stream_id, ts_ns, line FROM entries WHERE template_id = ? ORDER BY id DESC LIMIT ?')
      .safeIntegers(true);
  }

  record(batch: readonly ValueSource[]): number {
    let n = 0;
    if (this.align.size > ALIGN_CACHE_MAX) this.align.clear();
    for (const e of batch) {
      this.clear.run(e.entryId);
      for (const v of extractValues(e.line, e.template, this.align)) {
        this.insert.run(e.entryId, v.pos, e.streamId, e.templateId, e.tsNs, v.key, v.kind, v.text, v.num ?? null, v.unit ?? null, v.after ?? null);
        n++;
      }
    }
    return n;
  }

  tagged(batch: readonly TaggedEntry[]): void {
    this.record(batch.map((e) => ({ entryId: e.id, streamId: e.streamId, tsNs: e.tsNs, line: e.line, templateId: e.templateId, template: e.template })));
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
