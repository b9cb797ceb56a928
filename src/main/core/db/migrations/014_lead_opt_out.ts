import type { Migration } from '../migration';

/**
 * A lead may opt out of campaigns (a "stop receiving offers" button, or /stop): when, or
 * NULL. Welcomes still reach them; no campaign or follow-up does. The operator can undo it.
 */
export const migration014: Migration = {
  version: 14,
  name: '014_lead_opt_out',
  up(db) {
    db.exec(`
      ALTER TABLE leads ADD COLUMN opted_out_at INTEGER;
    `);
  },
};
