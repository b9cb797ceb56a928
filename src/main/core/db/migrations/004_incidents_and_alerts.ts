import type { Migration } from '../migration';

/**
 * Knowing in seconds: incidents (down periods of a bot, or of the engine itself when
 * `bot_id` is NULL), the leads that arrived during each, the operator's alert channels
 * and the history of every alert sent.
 *
 * An incident's leads are linked when their /start is recorded, by the date Telegram put
 * on the message: during an outage the leads wait at Telegram and are only captured
 * after it ends, so the capture time would place them outside the incident.
 *
 * A channel's destination (webhook URL, bot token) is a secret: it is stored sealed, like
 * bot tokens, with a hint the console may show. The alert log copies the channel's kind
 * and name so the history stays readable after a channel is removed.
 */
export const migration004: Migration = {
  version: 4,
  name: '004_incidents_and_alerts',
  up(db) {
    db.exec(`
      CREATE TABLE incidents (
        id            INTEGER PRIMARY KEY,
        bot_id        INTEGER REFERENCES bots (id),
        cause         TEXT NOT NULL,
        detail        TEXT,
        started_at    INTEGER NOT NULL,
        detected_at   INTEGER NOT NULL,
        ended_at      INTEGER,
        end_reason    TEXT CHECK (end_reason IN ('recovered', 'stopped', 'engine_stopped')),
        last_alert_at INTEGER,
        CHECK ((ended_at IS NULL) = (end_reason IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX incidents_open_per_bot ON incidents (bot_id) WHERE ended_at IS NULL;
      CREATE INDEX incidents_bot_started ON incidents (bot_id, started_at);

      CREATE TABLE incident_leads (
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        lead_id     INTEGER NOT NULL REFERENCES leads (id),
        sent_at     INTEGER NOT NULL,
        PRIMARY KEY (incident_id, lead_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX incident_leads_lead ON incident_leads (lead_id);

      CREATE TABLE alert_channels (
        id              INTEGER PRIMARY KEY,
        kind            TEXT NOT NULL CHECK (kind IN ('desktop', 'telegram', 'discord', 'slack', 'webhook', 'heartbeat')),
        name            TEXT NOT NULL,
        enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        config_sealed   TEXT NOT NULL,
        hint            TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        last_attempt_at INTEGER,
        last_ok_at      INTEGER,
        last_error      TEXT
      ) STRICT;

      CREATE TABLE alert_log (
        id           INTEGER PRIMARY KEY,
        channel_id   INTEGER REFERENCES alert_channels (id) ON DELETE SET NULL,
        channel_kind TEXT NOT NULL,
        channel_name TEXT NOT NULL,
        incident_id  INTEGER REFERENCES incidents (id),
        type         TEXT NOT NULL CHECK (type IN ('down', 'still_down', 'recovered', 'engine_offline', 'test')),
        status       TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
        attempts     INTEGER NOT NULL DEFAULT 0,
        created_at   INTEGER NOT NULL,
        finished_at  INTEGER,
        error        TEXT
      ) STRICT;
      CREATE INDEX alert_log_incident ON alert_log (incident_id);
      CREATE INDEX alert_log_channel ON alert_log (channel_id);
    `);
  },
};
