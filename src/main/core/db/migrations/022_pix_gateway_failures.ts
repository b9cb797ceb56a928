import type { Migration } from '../migration';

/**
 * The PIX gateway's last failure (when, its error code, its catalog text as JSON) and the
 * last good answer, so Settings and the dashboard can tell the operator that charges are
 * failing: before this only the log said so. Nullable columns on the one-row table.
 */
export const migration022: Migration = {
  version: 22,
  name: '022_pix_gateway_failures',
  up(db) {
    db.exec(`
      ALTER TABLE pix_gateway ADD COLUMN failed_at INTEGER;
      ALTER TABLE pix_gateway ADD COLUMN failure_code TEXT;
      ALTER TABLE pix_gateway ADD COLUMN failure_text TEXT;
      ALTER TABLE pix_gateway ADD COLUMN answered_at INTEGER;
    `);
  },
};
