import type { Migration } from '../store/migrations.js';

/**
 * Tables for mined templates. `templates.id` is global (what entries.template_id holds); `local_id`
 * is the id the stream's miner uses. When the miner merges two templates, the absorbed row keeps
 * its id (entries already point at it) and `merged_into` names the surviving row, so queries group
 * by `COALESCE(merged_into, id)`. Miner state is stored per stream as JSON so mining resumes
 * where it stopped after a restart.
 */
export const templatesMigration: Migration = {
  version: 2,
  name: 'templates: mined log templates and per-stream miner state',
  up(db) {
    db.exec(`
      CREATE TABLE templates (
        id INTEGER PRIMARY KEY,
        stream_id INTEGER NOT NULL REFERENCES streams(id),
        local_id INTEGER NOT NULL,
        template TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 0,
        first_seen_ns INTEGER,
        last_seen_ns INTEGER,
        merged_into INTEGER REFERENCES templates(id),
        UNIQUE (stream_id, local_id)
      );
      CREATE INDEX templates_merged ON templates (merged_into) WHERE merged_into IS NOT NULL;
      CREATE INDEX entries_template ON entries (template_id) WHERE template_id IS NOT NULL;
      CREATE TABLE template_miners (
        stream_id INTEGER PRIMARY KEY REFERENCES streams(id),
        state TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL
      );
    `);
  },
};
