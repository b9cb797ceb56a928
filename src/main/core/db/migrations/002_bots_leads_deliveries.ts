import type { Migration } from '../migration';

/**
 * The engine's tables. Times are milliseconds since the epoch (INTEGER) so that the
 * health checks and the leads screen compare numbers, not strings.
 *
 * A bot row is a slot the operator manages; the Telegram bot behind it can change when
 * its token is replaced, so Telegram's ids live in their own column and leads hang off
 * the slot. Nothing is ever deleted: removed bots and replaced bots' leads are archived.
 */
export const migration002: Migration = {
  version: 2,
  name: '002_bots_leads_deliveries',
  up(db) {
    db.exec(`
      CREATE TABLE bots (
        id            INTEGER PRIMARY KEY,
        telegram_id   INTEGER NOT NULL,
        username      TEXT NOT NULL,
        name          TEXT NOT NULL,
        token_sealed  TEXT NOT NULL,
        token_hint    TEXT NOT NULL,
        desired_state TEXT NOT NULL DEFAULT 'stopped' CHECK (desired_state IN ('running', 'stopped')),
        update_offset INTEGER NOT NULL DEFAULT 0,
        welcome       TEXT NOT NULL,
        send_rate     INTEGER NOT NULL DEFAULT 25 CHECK (send_rate BETWEEN 1 AND 30),
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        removed_at    INTEGER
      ) STRICT;
      CREATE UNIQUE INDEX bots_active_telegram_id ON bots (telegram_id) WHERE removed_at IS NULL;

      CREATE TABLE updates (
        telegram_bot_id INTEGER NOT NULL,
        update_id       INTEGER NOT NULL,
        bot_id          INTEGER NOT NULL REFERENCES bots (id),
        kind            TEXT NOT NULL,
        received_at     INTEGER NOT NULL,
        PRIMARY KEY (telegram_bot_id, update_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE leads (
        id              INTEGER PRIMARY KEY,
        bot_id          INTEGER NOT NULL REFERENCES bots (id),
        user_id         INTEGER NOT NULL,
        chat_id         INTEGER NOT NULL,
        username        TEXT,
        first_name      TEXT NOT NULL,
        last_name       TEXT,
        language_code   TEXT,
        source          TEXT,
        source_invalid  TEXT,
        status          TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'welcomed', 'clicked', 'converted', 'blocked')),
        starts          INTEGER NOT NULL DEFAULT 1,
        first_seen_at   INTEGER NOT NULL,
        last_seen_at    INTEGER NOT NULL,
        last_start_at   INTEGER,
        welcomed_at     INTEGER,
        archived        INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        archived_reason TEXT,
        archived_at     INTEGER
      ) STRICT;
      CREATE UNIQUE INDEX leads_bot_user_active ON leads (bot_id, user_id) WHERE archived = 0;
      CREATE INDEX leads_bot_first_seen ON leads (bot_id, first_seen_at);

      CREATE TABLE lead_events (
        id      INTEGER PRIMARY KEY,
        lead_id INTEGER NOT NULL REFERENCES leads (id),
        kind    TEXT NOT NULL,
        at      INTEGER NOT NULL,
        detail  TEXT
      ) STRICT;
      CREATE INDEX lead_events_lead ON lead_events (lead_id, at);

      CREATE TABLE deliveries (
        id          INTEGER PRIMARY KEY,
        bot_id      INTEGER NOT NULL REFERENCES bots (id),
        lead_id     INTEGER NOT NULL REFERENCES leads (id),
        chat_id     INTEGER NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('welcome', 'recovery', 'broadcast')),
        lane        INTEGER NOT NULL CHECK (lane IN (0, 1, 2)),
        content     TEXT,
        status      TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'blocked', 'failed', 'held')),
        attempts    INTEGER NOT NULL DEFAULT 0,
        not_before  INTEGER NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL,
        sent_at     INTEGER,
        message_id  INTEGER,
        error       TEXT
      ) STRICT;
      -- Partial indexes: a row leaves the sender's queue index when it is claimed, so the
      -- many status changes of sent rows do not rewrite index pages.
      CREATE INDEX deliveries_due ON deliveries (bot_id, lane, id) WHERE status = 'pending';
      CREATE INDEX deliveries_open ON deliveries (bot_id, kind, created_at) WHERE status IN ('pending', 'sending', 'held');
      CREATE INDEX deliveries_lead ON deliveries (lead_id);

      CREATE TABLE heartbeat (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        started_at INTEGER NOT NULL,
        beat_at    INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE engine_gaps (
        id          INTEGER PRIMARY KEY,
        offline_from INTEGER NOT NULL,
        offline_to   INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
