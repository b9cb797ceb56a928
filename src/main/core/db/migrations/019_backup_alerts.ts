import type { Migration } from '../migration';

/**
 * Scheduled backups alert the operator when one fails, when none is good for too long, and
 * when a good one follows: the alert log's list of types gains `backup_failed`,
 * `backup_overdue` and `backup_ok` (logged without an incident). As in 012, the CHECK
 * cannot be altered, so the table is rebuilt with its indexes.
 */
export const migration019: Migration = {
  version: 19,
  name: '019_backup_alerts',
  up(db) {
    db.exec(`
      CREATE TABLE alert_log_new (
        id           INTEGER PRIMARY KEY,
        channel_id   INTEGER REFERENCES alert_channels (id) ON DELETE SET NULL,
        channel_kind TEXT NOT NULL,
        channel_name TEXT NOT NULL,
        incident_id  INTEGER REFERENCES incidents (id),
        type         TEXT NOT NULL CHECK (type IN ('down', 'still_down', 'recovered', 'engine_offline', 'recovery_done', 'backup_failed', 'backup_overdue', 'backup_ok', 'test')),
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
