import type { Migration } from '../migration';

/**
 * The Recovery figures (`src/main/core/recovery/loss-report.ts`) read every active lead
 * who never got a welcome and did not buy. Found without an index, that set cost a scan of
 * every lead: about 2 s on a store of 1,000,000 leads, whatever its size. This partial
 * index holds only those leads, usually a handful, so reading them costs what they are: a
 * lead enters it at its capture and leaves it at its welcome (or its sale). It is ordered
 * by first-seen time and id, the Recovery page's order and its age filter, and carries the bot and
 * the status, so the figures are counted from the index alone.
 */
export const migration009: Migration = {
  version: 9,
  name: '009_never_welcomed_leads',
  up(db) {
    db.exec(`
      CREATE INDEX leads_never_welcomed ON leads (first_seen_at, id, bot_id, status) WHERE archived = 0 AND welcomed_at IS NULL AND status != 'converted';
    `);
  },
};
