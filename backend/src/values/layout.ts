// The value store's tables: a dictionary layout. At 1M lines the former one-table layout (each row
// repeating its stream, template, time, key and kind, with two indexes over text and (template,
// key)) was the largest part of the store (449 of 1,016 B/line; bench/values-layout.ts).
//
//   value_slots  (template, key, kind, unit) -> id: a kind of line's slots, listed per template
//   value_texts  distinct lower-cased text (SQLite's lower(): ASCII only) -> id, indexed once
//   value_rows   (entry, pos) -> slot, text, stream, number, the text as written when it differs
//                from its lower case, the word after; indexed by (text, stream) and by slot
//   entry_values a view with the former table's columns (and `norm`, the indexed lower-cased text):
//                what readers query. An identifier look-up filters on `norm`, not lower(text).
//
// A stream is kept in the row (one or two bytes) so an identifier is found within a tenant's
// streams on the text index alone; the time is the entry's (joined when asked for).
// 445 -> 305 B/line on 200k lines (bench/values-layout.ts: rows 119, text index 69, slot index 60,
// texts 55); the slot index is what lists a template's keys exactly and samples a key in line order.
import type { Database, Statement } from 'better-sqlite3';
import type { ExtractedValue } from './types.js';

export const VALUE_TABLES = `
  CREATE TABLE value_slots (
    id INTEGER PRIMARY KEY,
    template_id INTEGER,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT ''
  );
  CREATE UNIQUE INDEX value_slots_key ON value_slots (template_id, key, kind, unit);
  CREATE TABLE value_texts (id INTEGER PRIMARY KEY, norm TEXT NOT NULL);
  CREATE UNIQUE INDEX value_texts_norm ON value_texts (norm);
  CREATE TABLE value_rows (
    entry_id INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    slot_id INTEGER NOT NULL,
    text_id INTEGER NOT NULL,
    stream_id INTEGER NOT NULL,
    num REAL,
    cased TEXT,
    after TEXT,
    PRIMARY KEY (entry_id, pos)
  ) WITHOUT ROWID;
  CREATE INDEX value_rows_text ON value_rows (text_id, stream_id);
  CREATE INDEX value_rows_slot ON value_rows (slot_id);
  CREATE VIEW entry_values AS
    SELECT r.entry_id, r.pos, r.stream_id, s.template_id, e.ts_ns, s.key, s.kind, COALESCE(r.cased, t.norm) AS text, t.norm,
           r.num, NULLIF(s.unit, '') AS unit, r.after, r.slot_id, r.text_id
      FROM value_rows r JOIN value_slots s ON s.id = r.slot_id JOIN value_texts t ON t.id = r.text_id LEFT JOIN entries e ON e.id = r.entry_id;
`;

/** SQLite's lower(): ASCII letters only (the build has no ICU), so `norm` equals lower(text) as the former index held it. */
export function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

/** Whether the store holds the former one-table layout (entry_values a table, not the view). */
export function hasFormerLayout(db: Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entry_values'").get() !== undefined;
}

/**
 * Converts the former layout in place, every row kept (its time is its entry's). Runs in the
 * migration's transaction: a crash leaves the former layout whole.
 */
export function convertFormerLayout(db: Database): void {
  if (!hasFormerLayout(db)) return;
  db.exec(`
    DROP INDEX IF EXISTS entry_values_text;
    DROP INDEX IF EXISTS entry_values_template;
    ALTER TABLE entry_values RENAME TO entry_values_former;
    ${VALUE_TABLES}
    INSERT INTO value_slots (template_id, key, kind, unit)
      SELECT DISTINCT template_id, key, kind, COALESCE(unit, '') FROM entry_values_former ORDER BY 1, 2, 3, 4;
    INSERT INTO value_texts (norm) SELECT DISTINCT lower(text) FROM entry_values_former ORDER BY 1;
    INSERT INTO value_rows (entry_id, pos, slot_id, text_id, stream_id, num, cased, after)
      SELECT f.entry_id, f.pos, s.id, t.id, f.stream_id, f.num, CASE WHEN f.text = lower(f.text) THEN NULL ELSE f.text END, f.after
        FROM entry_values_former f
        JOIN value_slots s ON s.template_id IS f.template_id AND s.key = f.key AND s.kind = f.kind AND s.unit = COALESCE(f.unit, '')
        JOIN value_texts t ON t.norm = lower(f.text);
    DROP TABLE entry_values_former;
  `);
}

/**
 * Writes and removes value rows through the dictionaries. Ids are cached for one write only (a
 * caller's transaction): a rolled-back write's ids, or texts swept by retention between writes,
 * are never reused from a cache.
 */
export class ValueRows {
  private readonly stmts: Record<'slot' | 'addSlot' | 'text' | 'addText' | 'insert' | 'clear' | 'sweep', Statement>;
  private slots = new Map<string, number>();
  private texts = new Map<string, number>();
  /** Text ids whose rows were removed in this write: swept at its end when nothing refers to them. */
  private freed = new Set<number>();

  constructor(db: Database) {
    this.stmts = {
      slot: db.prepare('SELECT id FROM value_slots WHERE template_id IS ? AND key = ? AND kind = ? AND unit = ?').pluck(),
      addSlot: db.prepare('INSERT INTO value_slots (template_id, key, kind, unit) VALUES (?, ?, ?, ?)'),
      text: db.prepare('SELECT id FROM value_texts WHERE norm = ?').pluck(),
      addText: db.prepare('INSERT INTO value_texts (norm) VALUES (?)'),
      insert: db.prepare('INSERT OR REPLACE INTO value_rows (entry_id, pos, slot_id, text_id, stream_id, num, cased, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      clear: db.prepare('DELETE FROM value_rows WHERE entry_id = ? RETURNING text_id').pluck(),
      sweep: db.prepare(
        `DELETE FROM value_texts WHERE id IN (SELECT value FROM json_each(?))
           AND NOT EXISTS (SELECT 1 FROM value_rows r WHERE r.text_id = value_texts.id)`,
      ),
    };
  }

  private slotId(templateId: number | null, key: string, kind: string, unit: string): number {
    const k = `${templateId}\u0000${key}\u0000${kind}\u0000${unit}`;
    let id = this.slots.get(k);
    if (id === undefined) {
      id = (this.stmts.slot.get(templateId, key, kind, unit) as number | undefined) ?? Number(this.stmts.addSlot.run(templateId, key, kind, unit).lastInsertRowid);
      this.slots.set(k, id);
    }
    return id;
  }

  private textId(norm: string): number {
    let id = this.texts.get(norm);
    if (id === undefined) {
      id = (this.stmts.text.get(norm) as number | undefined) ?? Number(this.stmts.addText.run(norm).lastInsertRowid);
      this.texts.set(norm, id);
    }
    return id;
  }

  /** Removes an entry's rows (their texts are swept by end()). */
  clear(entryId: number): void {
    for (const t of this.stmts.clear.all(entryId) as number[]) this.freed.add(t);
  }

  insert(entryId: number, streamId: number, templateId: number | null, v: ExtractedValue): void {
    const norm = asciiLower(v.text);
    this.stmts.insert.run(
      entryId,
      v.pos,
      this.slotId(templateId, v.key, v.kind, v.unit ?? ''),
      this.textId(norm),
      streamId,
      v.num ?? null,
      norm === v.text ? null : v.text,
      v.after ?? null,
    );
  }

  /** Ends a write: texts no row refers to any more are deleted. */
  end(): void {
    if (this.freed.size > 0) this.stmts.sweep.run(JSON.stringify([...this.freed]));
    this.forget();
  }

  /** Drops what this write cached (called however the write ended). */
  forget(): void {
    this.freed.clear();
    this.slots = new Map();
    this.texts = new Map();
  }
}

/**
 * Deletes the value rows of these entries and the texts only they referred to (retention: the
 * dictionary of texts shrinks with the rows; slots stay until their template's stream goes).
 */
export function deleteValuesOf(db: Database): (entryIdsJson: string) => void {
  const del = db.prepare('DELETE FROM value_rows WHERE entry_id IN (SELECT value FROM json_each(?)) RETURNING text_id').pluck();
  const sweep = db.prepare(
    `DELETE FROM value_texts WHERE id IN (SELECT value FROM json_each(?))
       AND NOT EXISTS (SELECT 1 FROM value_rows r WHERE r.text_id = value_texts.id)`,
  );
  return (ids) => {
    const freed = new Set(del.all(ids) as number[]);
    if (freed.size > 0) sweep.run(JSON.stringify([...freed]));
  };
}
