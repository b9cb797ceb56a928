import type { Migration } from '../migration';

/**
 * The end of a recovery job is announced on the alert channels and logged like the other
 * alerts: the alert log's list of types gains `recovery_done`. A CHECK cannot be altered,
 * so the table is rebuilt (new table, copy, drop, rename) with its indexes.
 */
export const migration012: Migration = {
  version: 12,
  name: '012_recovery_done_alerts',
  up(db) {
    db.exec(`
      CREATE TABLE alert_log_new (
        id           INTEGER PRIMARY KEY,
        channel_id   INTEGER REFERENCES alert_channels (id) ON DELETE SET NULL,
        channel_kind TEXT NOT NULL,
        channel_name TEXT NOT NULL,
        incident_id  INTEGER REFERENCES incidents (id),
        type         TEXT NOT NULL CHECK (type IN ('down', 'still_down', 'recovered', 'engine_offline', 'recovery_done', 'test')),
        status       TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
        attempts     INTEGER NOT NULL DEFAULT 0,
        created_at   INTEGER NOT NULL,
        finished_at  INTEGER,
        error        TEXT
      ) STRICT;
      INSERT INTO alert_log_new (id, channel_id, channel_kind, channel_name, incident_id, type, status, attempts, created_at, finished_at, error)
        SELECT id, channel_id, channel_kind, channel_name, incident_id, type, status, attempts, created_at, finished_at, error FROM alert_log;
      DROP TABLE alert_log;
      ALTER TABLE alert_log_new RENAME TO alert_log;
      CREATE INDEX alert_log_incident ON alert_log (incident_id);
      CREATE INDEX alert_log_channel ON alert_log (channel_id);
    `);
  },
};
