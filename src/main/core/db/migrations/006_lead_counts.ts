import type { Migration } from '../migration';

/**
 * Counts of leads kept by day, so the leads screen's counts need not count a million index
 * entries on every filter change. `lead_counts` holds, for each (archived, status, bot, UTC
 * day of first-seen time), how many leads there are and their recorded revenue; a count
 * for any filter without a source or a search sums whole days here and counts only the
 * partial days at the ends of a first-seen range from the leads' indexes
 * (`src/main/core/leads/lead-counts.ts`).
 *
 * Triggers keep it exact in the transaction of every write to `leads`, whoever makes it:
 * a capture adds one row's worth, a status move, an archive or a sale moves it. Only a
 * change of a counted column fires them, and the table is small (at most one row per bot,
 * status and day), so a /start pays one small keyed write. Rows that fall to zero stay:
 * they count nothing.
 */
export const migration006: Migration = {
  version: 6,
  name: '006_lead_counts',
  up(db) {
    db.exec(`
      CREATE TABLE lead_counts (
        archived      INTEGER NOT NULL,
        status        TEXT NOT NULL,
        bot_id        INTEGER NOT NULL,
        day           INTEGER NOT NULL,
        leads         INTEGER NOT NULL,
        revenue_cents INTEGER NOT NULL,
        PRIMARY KEY (archived, status, bot_id, day)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO lead_counts (archived, status, bot_id, day, leads, revenue_cents)
        SELECT archived, status, bot_id, first_seen_at / 86400000, count(*), coalesce(sum(revenue_cents), 0) FROM leads GROUP BY 1, 2, 3, 4;

      CREATE TRIGGER lead_counts_after_insert AFTER INSERT ON leads BEGIN
        INSERT INTO lead_counts (archived, status, bot_id, day, leads, revenue_cents)
          VALUES (new.archived, new.status, new.bot_id, new.first_seen_at / 86400000, 1, coalesce(new.revenue_cents, 0))
          ON CONFLICT DO UPDATE SET leads = leads + 1, revenue_cents = revenue_cents + excluded.revenue_cents;
      END;
      CREATE TRIGGER lead_counts_after_delete AFTER DELETE ON leads BEGIN
        UPDATE lead_counts SET leads = leads - 1, revenue_cents = revenue_cents - coalesce(old.revenue_cents, 0)
          WHERE archived = old.archived AND status = old.status AND bot_id = old.bot_id AND day = old.first_seen_at / 86400000;
      END;
      CREATE TRIGGER lead_counts_after_update AFTER UPDATE OF archived, status, bot_id, first_seen_at, revenue_cents ON leads
        WHEN old.archived IS NOT new.archived OR old.status IS NOT new.status OR old.bot_id IS NOT new.bot_id
          OR old.first_seen_at / 86400000 IS NOT new.first_seen_at / 86400000 OR old.revenue_cents IS NOT new.revenue_cents
      BEGIN
        UPDATE lead_counts SET leads = leads - 1, revenue_cents = revenue_cents - coalesce(old.revenue_cents, 0)
          WHERE archived = old.archived AND status = old.status AND bot_id = old.bot_id AND day = old.first_seen_at / 86400000;
        INSERT INTO lead_counts (archived, status, bot_id, day, leads, revenue_cents)
          VALUES (new.archived, new.status, new.bot_id, new.first_seen_at / 86400000, 1, coalesce(new.revenue_cents, 0))
          ON CONFLICT DO UPDATE SET leads = leads + 1, revenue_cents = revenue_cents + excluded.revenue_cents;
      END;
    `);
  },
};
