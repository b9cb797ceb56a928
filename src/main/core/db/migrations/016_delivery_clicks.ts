import type { Migration } from '../migration';

/**
 * When a lead first pressed a button of a message Botdeck sent (the press names the
 * message; the message names its delivery), or NULL. A campaign's or a follow-up step's
 * clicks are counted from its own deliveries, so the count needs no scan of the timelines.
 */
export const migration016: Migration = {
  version: 16,
  name: '016_delivery_clicks',
  up(db) {
    db.exec(`
      ALTER TABLE deliveries ADD COLUMN clicked_at INTEGER;
    `);
  },
};
