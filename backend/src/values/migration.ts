import type { Database } from 'better-sqlite3';
import type { Migration } from '../store/migrations.js';
import { ValueWriter } from './store.js';

/** Entries read per statement of a backfill. */
const BACKFILL_BATCH = 5000;

/**
 * Typed template-slot values per entry (values/extract.ts). Keyed by (entry, position) so a replay
 * or a re-extraction rewrites rows instead of adding them. `lower(text)` is indexed with the
 * stream for exact look-ups of identifiers inside a tenant's streams; (template, key) for
 * aggregates over one slot of one kind of line. Existing stores are backfilled from their tagged
 * entries in the migration's transaction.
 */
export const valuesMigration: Migration = {
  version: 6,
  name: 'values: typed template-slot values per entry',
  up(db) {
    db.exec(`
      CREATE TABLE entry_values (
        entry_id INTEGER NOT NULL,
        pos INTEGER NOT NULL,
        stream_id INTEGER NOT NULL,
        template_id INTEGER,
        ts_ns INTEGER NOT NULL,
        key TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        num REAL,
        unit TEXT,
        after TEXT,
        PRIMARY KEY (entry_id, pos)
      ) WITHOUT ROWID;
      CREATE INDEX entry_values_text ON entry_values (lower(text), stream_id);
      CREATE INDEX entry_values_template ON entry_values (template_id, key);
    `);
    readAllValues(db);
  },
};

/**
 * Slot keys that name the entity the same way in every kind of line (values/extract.ts): the host
 * of a syslog header is `host`, `client /1.2.3.4:5` and `src: /1.2.3.4:5` are keyed by the word before
 * the slash, a value restated in brackets takes the key of the value it restates, and host names
 * with digits in their labels are one host value. Stores written before hold the old keys: every
 * entry's values are read again (the same backfill as version 6, replacing each entry's rows).
 */
export const valuesKeysMigration: Migration = {
  version: 9,
  name: 'values: entity keys (syslog host, /address, restatements, host names) read again',
  up(db) {
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entry_values'").get() === undefined) return;
    readAllValues(db);
  },
};

/** Every entry's values read from its line and template (batches of BACKFILL_BATCH, in id order). */
function readAllValues(db: Database): void {
  const hasTemplates = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'templates'").get() !== undefined;
  const writer = new ValueWriter(db);
  const rows = db
    .prepare(
      hasTemplates
        ? `SELECT e.id, e.stream_id, e.ts_ns, e.line, e.template_id, COALESCE(m.template, t.template) AS template
             FROM entries e LEFT JOIN templates t ON t.id = e.template_id LEFT JOIN templates m ON m.id = t.merged_into
            WHERE e.id > ? ORDER BY e.id LIMIT ${BACKFILL_BATCH}`
        : `SELECT id, stream_id, ts_ns, line, NULL AS template_id, NULL AS template FROM entries WHERE id > ? ORDER BY id LIMIT ${BACKFILL_BATCH}`,
    )
    .safeIntegers(true);
  let after = 0n;
  for (;;) {
    const batch = rows.all(after) as { id: bigint; stream_id: bigint; ts_ns: bigint; line: string; template_id: bigint | null; template: string | null }[];
    if (batch.length === 0) break;
    writer.record(
      batch.map((r) => ({
        entryId: Number(r.id),
        streamId: Number(r.stream_id),
        tsNs: r.ts_ns,
        line: r.line,
        templateId: r.template_id === null ? null : Number(r.template_id),
        template: r.template ?? undefined,
      })),
    );
    after = batch[batch.length - 1].id;
  }
}
