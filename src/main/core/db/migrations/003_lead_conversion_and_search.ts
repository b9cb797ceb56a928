import type { Migration } from '../migration';

/**
 * What the leads screen needs: a sale recorded on the lead, indexes that keep its pages
 * fast on a million leads, and a text search over the names.
 *
 * The `leads_active_*` indexes are partial (`archived = 0`): archived leads are hidden by
 * default, and a partial index both skips them and stays smaller. Each index has one job
 * in `src/main/core/leads/lead-queries.ts`, which names it with INDEXED BY:
 * - filter indexes, led by bot and status (queries always constrain both, naming every
 *   bot or status when the operator picked none), then first-seen time, so a filter's
 *   leads are found by seeks and counted without reading the table; they also carry every
 *   sort column, so up to 10,000 matches are sorted from the index alone. The `_source`
 *   one serves a source filter.
 * - sort indexes, one per sortable column, walked in order when a filter matches more
 *   than 10,000 leads: the key, the tie-breakers the console sorts by (first-seen time
 *   and/or id), then the filter columns, so leads the filter rejects are skipped inside
 *   the index. Username and revenue are often empty, so theirs hold only leads with a value.
 * - `leads_archived_bot_status` lets "include archived" add archived leads without
 *   scanning the active ones.
 * On 1,000,000 leads they take about 350 MB (the search index another 50 MB) next to the
 * table's 100 MB: the price of pages in milliseconds whatever the filter and the order.
 *
 * Search: an FTS5 trigram index finds a substring of 3+ characters anywhere in username,
 * first or last name, ignoring case and accents. It is external content (the text lives
 * only in `leads`), so triggers keep it in step; the update trigger fires only when a name
 * really changes, because capture rewrites the names on every repeated /start.
 */
export const migration003: Migration = {
  version: 3,
  name: '003_lead_conversion_and_search',
  up(db) {
    db.exec(`
      ALTER TABLE leads ADD COLUMN converted_at INTEGER;
      ALTER TABLE leads ADD COLUMN revenue_cents INTEGER CHECK (revenue_cents >= 0);

      CREATE INDEX leads_active_bot_status ON leads (bot_id, status, first_seen_at, last_seen_at, starts, revenue_cents, username, first_name) WHERE archived = 0;
      CREATE INDEX leads_active_bot_status_source ON leads (bot_id, status, source, first_seen_at, last_seen_at, starts, revenue_cents, username, first_name) WHERE archived = 0;
      CREATE INDEX leads_archived_bot_status ON leads (bot_id, status, first_seen_at) WHERE archived = 1;

      CREATE INDEX leads_active_first_seen ON leads (first_seen_at, id, bot_id, status, source) WHERE archived = 0;
      CREATE INDEX leads_active_last_seen ON leads (last_seen_at, first_seen_at, id, bot_id, status, source) WHERE archived = 0;
      CREATE INDEX leads_active_username ON leads (username COLLATE NOCASE, id, bot_id, status, source, first_seen_at) WHERE archived = 0 AND username IS NOT NULL;
      CREATE INDEX leads_active_first_name ON leads (first_name COLLATE NOCASE, first_seen_at, id, bot_id, status, source) WHERE archived = 0;
      CREATE INDEX leads_active_status ON leads (status, first_seen_at, id, bot_id, source) WHERE archived = 0;
      CREATE INDEX leads_active_starts ON leads (starts, first_seen_at, id, bot_id, status, source) WHERE archived = 0;
      CREATE INDEX leads_active_revenue ON leads (revenue_cents, id, bot_id, status, source, first_seen_at) WHERE archived = 0 AND revenue_cents IS NOT NULL;

      CREATE VIRTUAL TABLE leads_fts USING fts5(
        username, first_name, last_name,
        content = 'leads', content_rowid = 'id',
        tokenize = 'trigram remove_diacritics 1',
        columnsize = 0
      );

      CREATE TRIGGER leads_fts_after_insert AFTER INSERT ON leads BEGIN
        INSERT INTO leads_fts (rowid, username, first_name, last_name) VALUES (new.id, new.username, new.first_name, new.last_name);
      END;
      CREATE TRIGGER leads_fts_after_delete AFTER DELETE ON leads BEGIN
        INSERT INTO leads_fts (leads_fts, rowid, username, first_name, last_name) VALUES ('delete', old.id, old.username, old.first_name, old.last_name);
      END;
      CREATE TRIGGER leads_fts_after_update AFTER UPDATE OF id, username, first_name, last_name ON leads
        WHEN old.id IS NOT new.id OR old.username IS NOT new.username OR old.first_name IS NOT new.first_name OR old.last_name IS NOT new.last_name
      BEGIN
        INSERT INTO leads_fts (leads_fts, rowid, username, first_name, last_name) VALUES ('delete', old.id, old.username, old.first_name, old.last_name);
        INSERT INTO leads_fts (rowid, username, first_name, last_name) VALUES (new.id, new.username, new.first_name, new.last_name);
      END;

      -- Existing leads enter the search index.
      INSERT INTO leads_fts (leads_fts) VALUES ('rebuild');
    `);
  },
};
