// One key's values sampled over some kinds of line, for the planner's slot profile (plan/planner.ts).
import type { Database, Statement } from 'better-sqlite3';

/** What the planner profiles of one (key, kind): the GROUP BY key, kind of its sampled rows. */
export interface KeyKindProfile {
  key: string;
  kind: string;
  rows: number;
  distinct_n: number;
  sample: string;
  highest: string;
  after: string | null;
}

/** SQLite's order of TEXT (binary collation: UTF-8 bytes), which min() and max() follow. */
function cmp(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * The first `limit` rows of `key` in these templates and streams, in (template, entry, position)
 * order, as one scan of an index on (template, key) read them, grouped by kind. The value store
 * indexes rows by slot (template, key, kind, unit; values/layout.ts): each slot's rows are read in
 * entry order, at most what is still wanted, and merged, so a key written with several kinds
 * ("curl/8.4.0" a word, a browser's agent a text) is sampled by line, not kind by kind.
 */
export class KeySampler {
  private readonly slots: Statement;
  private readonly rows: Statement;

  constructor(db: Database) {
    this.slots = db.prepare('SELECT id FROM value_slots WHERE template_id = ? AND key = ?').pluck();
    this.rows = db
      .prepare(
        `SELECT s.kind, r.entry_id, r.pos, COALESCE(r.cased, t.norm) AS text, t.norm, r.after
           FROM value_rows r INDEXED BY value_rows_slot JOIN value_slots s ON s.id = r.slot_id JOIN value_texts t ON t.id = r.text_id
          WHERE r.slot_id = ? AND r.stream_id IN (SELECT value FROM json_each(?)) ORDER BY r.entry_id, r.pos LIMIT ?`,
      )
      .raw(true);
  }

  profile(templateIds: readonly number[], key: string, streamIdsJson: string, limit: number): KeyKindProfile[] {
    type Row = [kind: string, entry: number, pos: number, text: string, norm: string, after: string | null];
    const taken: Row[] = [];
    for (const t of [...new Set(templateIds)].sort((a, b) => a - b)) {
      const want = limit - taken.length;
      if (want <= 0) break;
      const rows = (this.slots.all(t, key) as number[]).flatMap((slot) => this.rows.all(slot, streamIdsJson, want) as Row[]);
      rows.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
      taken.push(...rows.slice(0, want));
    }
    const byKind = new Map<string, { rows: number; norms: Set<string>; sample: string; highest: string; after: string | null }>();
    for (const [kind, , , text, norm, after] of taken) {
      const g = byKind.get(kind);
      if (!g) {
        byKind.set(kind, { rows: 1, norms: new Set([norm]), sample: text, highest: text, after });
        continue;
      }
      g.rows++;
      g.norms.add(norm);
      if (cmp(text, g.sample) < 0) g.sample = text;
      if (cmp(text, g.highest) > 0) g.highest = text;
      if (after !== null && (g.after === null || cmp(after, g.after) > 0)) g.after = after;
    }
    return [...byKind.entries()]
      .sort((a, b) => cmp(a[0], b[0]))
      .map(([kind, g]) => ({ key, kind, rows: g.rows, distinct_n: g.norms.size, sample: g.sample, highest: g.highest, after: g.after }));
  }
}
