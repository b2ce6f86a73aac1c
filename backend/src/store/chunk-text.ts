/**
 * A chunk's text, read from its lines. Chunks keep no copy of them: the chunker joins a chunk's
 * entries with "\n" in time order (ties in insertion order, the order `unchunkedEntries` reads
 * them in), and entries are the one place a line is stored. The copy in `chunks.text` cost 172-181
 * bytes per stored line, a fifth of the store (scale bench, 100k and 3M lines); reading a chunk
 * back is one look-up on `entries_chunk` per chunk. Retention deletes a chunk with all its
 * entries, so a chunk's lines are always all there.
 */
export function chunkTextSql(chunkAlias: string): string {
  return `(SELECT group_concat(ct.line, char(10) ORDER BY ct.ts_ns, ct.id) FROM entries ct WHERE ct.chunk_id = ${chunkAlias}.id)`;
}

/**
 * Migration 11: the copy goes. The table is rebuilt rather than altered: ALTER TABLE DROP COLUMN
 * rewrites each row in place and leaves its pages ~95% empty (measured on a 1M-line store: 168 MB
 * of pages for 9 MB of rows); a packed copy frees them for later writes and retention's
 * incremental vacuum. Chunk ids are kept (they only grow; the vector index and FTS rows name them).
 */
export const CHUNK_TEXT_MIGRATION = {
  version: 11,
  name: "chunks keep no copy of their lines: a chunk's text is read from its entries",
  up(db: { exec(sql: string): unknown }): void {
    db.exec(`
      CREATE TABLE chunks_packed (
        id INTEGER PRIMARY KEY,
        stream_id INTEGER NOT NULL REFERENCES streams(id),
        start_ns INTEGER NOT NULL,
        end_ns INTEGER NOT NULL,
        entry_count INTEGER NOT NULL,
        token_count INTEGER NOT NULL,
        template_ids TEXT NOT NULL DEFAULT '[]'
      );
      INSERT INTO chunks_packed (id, stream_id, start_ns, end_ns, entry_count, token_count, template_ids)
        SELECT id, stream_id, start_ns, end_ns, entry_count, token_count, template_ids FROM chunks ORDER BY id;
      DROP TABLE chunks;
      ALTER TABLE chunks_packed RENAME TO chunks;
      CREATE INDEX chunks_stream_time ON chunks (stream_id, start_ns);
      CREATE INDEX chunks_time ON chunks (start_ns);
    `);
  },
};
