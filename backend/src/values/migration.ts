import type { Database } from 'better-sqlite3';
import type { Migration } from '../store/migrations.js';
import { convertFormerLayout, VALUE_TABLES } from './layout.js';
import { ValueWriter } from './store.js';

/** Entries read per statement of a backfill. */
const BACKFILL_BATCH = 5000;

/**
 * Typed template-slot values per entry (values/extract.ts). Keyed by (entry, position) so a replay
 * or a re-extraction rewrites rows instead of adding them. The lower-cased text is indexed with the
 * stream for exact look-ups of identifiers inside a tenant's streams; the slot for aggregates over
 * one slot of one kind of line. Existing stores are backfilled from their tagged entries in the
 * migration's transaction.
 */
export const valuesMigration: Migration = {
  version: 6,
  name: 'values: typed template-slot values per entry',
  up(db) {
    // Created in today's layout (values/layout.ts); stores that ran this before hold the former
    // one-table layout, converted by valuesDictionaryMigration (or first thing by version 9).
    db.exec(VALUE_TABLES);
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
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'entry_values'").get() === undefined) return;
    convertFormerLayout(db);
    readAllValues(db);
  },
};

/**
 * The dictionary layout (values/layout.ts): slots listed per template, each distinct text once.
 * A store written in the former one-table layout is converted in this migration's transaction,
 * every value kept (a crash leaves the former layout whole, and the next open converts it).
 * 445 -> 305 B/line on 200k LogHub replica lines (bench/values-layout.ts), 485 -> 285 on the storage bench.
 */
export const valuesDictionaryMigration: Migration = {
  version: 10,
  name: 'values: dictionary layout (slots per template, distinct texts once)',
  up(db) {
    convertFormerLayout(db);
  },
};

/**
 * Values the extractor now reads apart or whole (values/extract.ts): a logcat header's pid and tid
 * are values of their own, not part of the time value; a host:port whose host name starts with a
 * digit (Hadoop's `04DN8IQ.fareast.corp.microsoft.com:54883`) is one address. Stores written
 * before hold the old rows, so a ranking by pid or a look-up of that address misses them: every
 * entry's values are read again (version 9's backfill, replacing each entry's rows).
 */
export const valuesReadAgainMigration = readAgain(12, 'values: logcat pid/tid apart, host:port names starting with a digit, read again');

/**
 * A negative number after a camelCase key is that key's value (values/extract.ts: Hadoop's
 * "vCores:-27" was an id). Stores written before hold it as an id, so a sum or minimum of the
 * headroom misses those lines: every entry's values are read again (version 9's backfill).
 */
export const valuesNegativeKeyedMigration = readAgain(13, 'values: negative camelCase-keyed numbers (vCores:-27) read again');

/**
 * A possessive before `key =` makes the line's own slot (values/extract.ts: Zookeeper's "Connection
 * broken for id <peer>, my id = <self>" keys the second `my_id`), and a particle key takes its verb
 * ("Notification time out: 60000" keys `timeout`, not `out`). Stores written before hold both as
 * `id` and the timeout as `out`, so "which my id broke most" ranks them mixed and "longest
 * notification timeout" finds no slot: every entry's values are read again.
 */
export const valuesOwnedKeyMigration = readAgain(14, 'values: a possessive or particle before key= (my id = 3, time out: 5) keys my_id / timeout, read again');

/**
 * A migration that reads every entry's values again after an extractor change (nothing to do before
 * the value tables exist). When a later one in the same run reads them again too, this one passes:
 * a store from before 12 read its values twice on upgrade (~65 s each at 1M lines). A crash between
 * the two is safe: the later one is recorded only with its own read, so the next start does it.
 */
function readAgain(version: number, name: string): Migration {
  return {
    version,
    name,
    readsAllValues: true,
    up(db, later) {
      if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'value_rows'").get() === undefined) return;
      if (later?.some((m) => m.readsAllValues)) return;
      readAllValues(db);
    },
  };
}

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
