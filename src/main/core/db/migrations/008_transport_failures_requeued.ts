import type { Migration } from '../migration';

/**
 * Transport failures are no longer final (the sender waits out an outage and retries 5xx
 * without a last try). Before, a welcome or a recovery that failed six times for network
 * or 5xx reasons was marked failed for good, with the error "Gave up after N attempts: …".
 * Those rows go back to the queue here, with a lead event saying why; the sender holds the
 * ones older than the bot's recovery window for the operator, as it does any stale welcome.
 */
export const migration008: Migration = {
  version: 8,
  name: '008_transport_failures_requeued',
  up(db) {
    db.exec(`
      CREATE TEMP TABLE requeued AS
        SELECT id, lead_id FROM deliveries
        WHERE status = 'failed' AND kind IN ('welcome', 'recovery') AND error LIKE 'Gave up after % attempts: %';
      INSERT INTO lead_events (lead_id, kind, at, detail)
        SELECT lead_id, 'welcome_requeued', CAST(unixepoch('subsec') * 1000 AS INTEGER), json_object('deliveryId', id, 'why', 'transport_failure')
        FROM requeued ORDER BY id;
      UPDATE deliveries SET status = 'pending', attempts = 0, not_before = 0, updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
        WHERE id IN (SELECT id FROM requeued);
      DROP TABLE requeued;
    `);
  },
};
