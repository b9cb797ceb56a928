import type { Migration } from '../migration';

/**
 * A campaign's results without reading each of its rows: its clicked deliveries, and the
 * leads converted while its messages could still be credited (see campaign-results.ts).
 * Both are partial, so a /start or a welcome writes neither.
 */
export const migration018: Migration = {
  version: 18,
  name: '018_campaign_results_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX deliveries_campaign_clicked ON deliveries (campaign_id, clicked_at) WHERE campaign_id IS NOT NULL AND clicked_at IS NOT NULL;
      CREATE INDEX leads_converted ON leads (converted_at) WHERE converted_at IS NOT NULL;
    `);
  },
};
