import type { Database, Statement } from 'better-sqlite3';
import type { TaggedEntry, TagListener } from '../templates/repo.js';
import { extractValues } from './extract.js';
import { ValueRows } from './layout.js';

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
 * Entries re-read at once when their template family is generalised (a constant became `<*>`):
 * their words at the new slot are values now. Templates generalise while they are young (a
 * position turns variable after a handful of distinct values), so the cap is rarely reached (once
 * in the 55k lines of LogHub-2k + demo, a family of more than 2,000 lines); the older entries are
 * read by later batches, BACKLOG_PER_BATCH at a time.
 */
export const REEXTRACT_CAP = 2000;
/**
 * Older entries of generalised families read per tagging batch: no more than the immediate re-read
 * may cost (REEXTRACT_CAP), so a batch's worst case at most doubles what the cap already allowed.
 */
export const BACKLOG_PER_BATCH = 2000;
/** Compiled template patterns kept (one per live template of the busiest streams). */
const ALIGN_CACHE_MAX = 4096;

/**
 * Writes entry values (tables in values/layout.ts). Runs inside the caller's transaction
 * (tagging happens in the ingest transaction), so entries, tags and values commit together.
 */
export class ValueWriter implements TagListener {
  private readonly rows: ValueRows;
  private readonly anyInRange: Statement;
  private readonly ofTemplate: Statement;
  /** Statements over the templates table, prepared on first use (a values backfill may run without one). */
  private familyStmts?: { family: Statement; familyText: Statement };
  private readonly align = new Map<string, RegExp | null>();
  /** Template families re-read in the current tagging batch (a batch may change one several times). */
  private readonly reread = new Set<number>();
  /**
   * Template rows whose older entries still hold values read with an older text: row id -> the
   * entry id below which they are still to be read. In memory: a restart forgets it (those
   * entries keep their older values, as before the cap had a backlog).
   */
  private backlog = new Map<number, number>();
  /** The backlog as the current batch found it: a rolled-back batch read nothing. */
  private backlogBefore?: Map<number, number>;
  /**
   * Entries of the current tagging batch -> the template row and text tagged() read them with. A
   * re-read of the batch's generalised families (templateChanged) comes right after, with the
   * family's text as the batch left it, which is the text tagged() used: for those entries it
   * would delete and write again the same rows. It skips them (they still count against the cap,
   * so which older entries are read is unchanged). At 20k young streams (the soak test) the
   * re-reads were 16% of the writer thread's time (bench: soak with LOGLENS_SOAK_PROF, load 14-18).
   */
  private batchRead = new Map<number, { templateId: number; template: string }>();

  constructor(
    private readonly db: Database,
    private readonly caps: { reextract: number; backlogPerBatch: number } = { reextract: REEXTRACT_CAP, backlogPerBatch: BACKLOG_PER_BATCH },
  ) {
    this.rows = new ValueRows(db);
    this.anyInRange = db.prepare('SELECT 1 FROM value_rows WHERE entry_id BETWEEN ? AND ? LIMIT 1').pluck();
    this.ofTemplate = db
      .prepare('SELECT id, stream_id, ts_ns, line FROM entries WHERE template_id = ? AND id < ? ORDER BY id DESC LIMIT ?')
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
    try {
      for (const e of batch) {
        if (clear) this.rows.clear(e.entryId);
        for (const v of extractValues(e.line, e.template, this.align)) {
          this.rows.insert(e.entryId, e.streamId, e.templateId, v);
          n++;
        }
      }
      this.rows.end();
    } finally {
      this.rows.forget();
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

  /**
   * Entries just tagged, read with their family's text as the batch left it: a kind of line
   * generalised by a later line of the same batch (or merged into another) has slots the text an
   * earlier line was tagged with lacked (a whole file is one batch: OpenSSH's first "Failed
   * password for root" lines were tagged while "root" was still constant).
   */
  tagged(batch: readonly TaggedEntry[]): void {
    this.reread.clear();
    this.batchRead = new Map();
    const texts = new Map<number, string>();
    const textOf = (e: TaggedEntry): string => {
      let t = texts.get(e.templateId);
      if (t === undefined) {
        t = (this.familyText.get(e.templateId) as string | undefined) ?? e.template;
        texts.set(e.templateId, t);
      }
      return t;
    };
    const sources = batch.map((e) => ({ entryId: e.id, streamId: e.streamId, tsNs: e.tsNs, line: e.line, templateId: e.templateId, template: textOf(e) }));
    this.record(sources, true);
    for (const s of sources) this.batchRead.set(s.entryId, { templateId: s.templateId, template: s.template });
    this.backlogBefore = new Map(this.backlog);
    this.drainBacklog(this.caps.backlogPerBatch);
  }

  /** Reads up to `budget` older entries of generalised families (oldest rows' backlog last). */
  private drainBacklog(budget: number): void {
    for (const [id, below] of this.backlog) {
      if (budget <= 0) return;
      const text = this.familyText.get(id) as string | undefined;
      if (text === undefined) {
        this.backlog.delete(id);
        continue;
      }
      const read = this.readBelow(id, text, below, budget);
      budget -= read.n;
      if (read.done) this.backlog.delete(id);
      else this.backlog.set(id, read.lowest);
    }
  }

  /** Reads a row's entries below `below`, newest first, at most `limit`; `done` when none are left. */
  private readBelow(id: number, text: string, below: number, limit: number): { n: number; lowest: number; done: boolean } {
    const rows = this.ofTemplate.all(id, below, limit) as { id: bigint; stream_id: bigint; ts_ns: bigint; line: string }[];
    const stale = rows.filter((r) => {
      const read = this.batchRead.get(Number(r.id));
      return read === undefined || read.templateId !== id || read.template !== text;
    });
    this.record(stale.map((r) => ({ entryId: Number(r.id), streamId: Number(r.stream_id), tsNs: r.ts_ns, line: r.line, templateId: id, template: text })));
    for (const r of stale) this.batchRead.set(Number(r.id), { templateId: id, template: text });
    const lowest = rows.length ? Number(rows[rows.length - 1].id) : below;
    return { n: rows.length, lowest, done: rows.length < limit };
  }

  /**
   * Called after tagging with each template whose text changed, or that was merged into another:
   * the entries of its whole family (the surviving row and every row merged into it) are read
   * again with the family's text, newest first per row, at most REEXTRACT_CAP in all (the
   * survivor's own entries first). The family, not the row: a merge generalises the survivor
   * ("for root" absorbing "for uucp" becomes "for <*>"), and entries tagged with the survivor or
   * with rows merged earlier hold no value at the new slot until they are read again (the repo
   * tells of the absorbed row only: OpenSSH's "Failed password for root" lines had no user).
   */
  templateChanged(templateId: number, template: string): void {
    const members = this.family.all(templateId) as { id: number; root: number; template: string }[];
    // Told after the whole batch is tagged: every call sees the family's final text, so one read
    // per family and batch is enough however many of its rows changed.
    const root = members.length > 0 ? members[0].root : templateId;
    if (this.reread.has(root)) return;
    this.reread.add(root);
    const text = members.length > 0 ? members[0].template : template;
    let budget = this.caps.reextract;
    for (const id of members.length > 0 ? members.map((m) => m.id) : [templateId]) {
      // what is not read now is read by later batches (drainBacklog), from where this read stopped
      if (budget <= 0) {
        this.backlog.set(id, Number.MAX_SAFE_INTEGER);
        continue;
      }
      const read = this.readBelow(id, text, Number.MAX_SAFE_INTEGER, budget);
      budget -= read.n;
      if (read.done) this.backlog.delete(id);
      else this.backlog.set(id, read.lowest);
    }
  }

  /** Template rows with older entries still to be read again (for metrics and tests). */
  backlogSize(): number {
    return this.backlog.size;
  }

  private get family(): Statement {
    return this.templateStmts().family;
  }

  private get familyText(): Statement {
    return this.templateStmts().familyText;
  }

  private templateStmts(): { family: Statement; familyText: Statement } {
    this.familyStmts ??= {
      // The template rows a family's entries point at: the surviving row (its text is the
      // family's) and every row merged into it, the survivor first.
      family: this.db.prepare(
        `SELECT t.id, r.id AS root, r.template FROM templates r JOIN templates t ON t.id = r.id OR t.merged_into = r.id
          WHERE r.id = (SELECT COALESCE(merged_into, id) FROM templates WHERE id = ?)
          ORDER BY t.id = r.id DESC, t.id DESC`,
      ),
      familyText: this.db.prepare('SELECT r.template FROM templates t JOIN templates r ON r.id = COALESCE(t.merged_into, t.id) WHERE t.id = ?').pluck(),
    };
    return this.familyStmts;
  }

  /** A rolled-back batch read nothing: the backlog is as that batch found it. */
  reset(): void {
    this.align.clear();
    this.reread.clear();
    this.batchRead = new Map();
    if (this.backlogBefore) this.backlog = this.backlogBefore;
    this.backlogBefore = undefined;
  }
}
