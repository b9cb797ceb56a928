import type { Migration } from '../migration';

/**
 * Takes the trigram search index (migration 003) off the /start path. Indexing each new
 * lead in the transaction that captures it cost about as much as the rest of the capture:
 * FTS5 writes a segment and merges at every commit, and the engine commits every few
 * milliseconds. Now a new lead is indexed by the first search after it: the leads above
 * `indexed_upto` are the backlog, and `src/main/core/leads/search-index.ts` indexes them
 * all in one transaction before a search runs.
 *
 * The triggers keep the index exact for the leads below the mark (renames, deletes, and an
 * insert that reuses a lower id); a lead above it enters the index later, with the names it
 * has then. Every lead that exists now was indexed by migration 003's triggers.
 */
export const migration005: Migration = {
  version: 5,
  name: '005_search_index_catch_up',
  up(db) {
    db.exec(`
      CREATE TABLE lead_search_progress (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        indexed_upto INTEGER NOT NULL
      ) STRICT;
      INSERT INTO lead_search_progress (id, indexed_upto) VALUES (1, (SELECT coalesce(max(id), 0) FROM leads));

      DROP TRIGGER leads_fts_after_insert;
      DROP TRIGGER leads_fts_after_delete;
      DROP TRIGGER leads_fts_after_update;

      CREATE TRIGGER leads_fts_after_insert AFTER INSERT ON leads
        WHEN new.id <= (SELECT indexed_upto FROM lead_search_progress)
      BEGIN
        INSERT INTO leads_fts (rowid, username, first_name, last_name) VALUES (new.id, new.username, new.first_name, new.last_name);
      END;
      CREATE TRIGGER leads_fts_after_delete AFTER DELETE ON leads
        WHEN old.id <= (SELECT indexed_upto FROM lead_search_progress)
      BEGIN
        INSERT INTO leads_fts (leads_fts, rowid, username, first_name, last_name) VALUES ('delete', old.id, old.username, old.first_name, old.last_name);
      END;
      CREATE TRIGGER leads_fts_after_update AFTER UPDATE OF id, username, first_name, last_name ON leads
        WHEN old.id IS NOT new.id OR old.username IS NOT new.username OR old.first_name IS NOT new.first_name OR old.last_name IS NOT new.last_name
      BEGIN
        INSERT INTO leads_fts (leads_fts, rowid, username, first_name, last_name)
          SELECT 'delete', old.id, old.username, old.first_name, old.last_name WHERE old.id <= (SELECT indexed_upto FROM lead_search_progress);
        INSERT INTO leads_fts (rowid, username, first_name, last_name)
          SELECT new.id, new.username, new.first_name, new.last_name WHERE new.id <= (SELECT indexed_upto FROM lead_search_progress);
      END;
    `);
  },
};
