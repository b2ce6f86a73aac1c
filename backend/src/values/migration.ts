import type { Migration } from '../store/migrations.js';
import { ValueWriter } from './store.js';

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
    const hasTemplates = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'templates'").get() !== undefined;
    const writer = new ValueWriter(db);
    const rows = db
      .prepare(
        hasTemplates
          ? `SELECT e.id, e.stream_id, e.ts_ns, e.line, e.template_id, COALESCE(m.template, t.template) AS template
               FROM entries e LEFT JOIN templates t ON t.id = e.template_id LEFT JOIN templates m ON m.id = t.merged_into
              WHERE e.id > ? ORDER BY e.id LIMIT 5000`
          : 'SELECT id, stream_id, ts_ns, line, NULL AS template_id, NULL AS template FROM entries WHERE id > ? ORDER BY id LIMIT 5000',
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
  },
};
