import type { Migration } from '../migration';

/**
 * Campaigns: a message to an audience, sent once per lead, now or at a time. Audience and
 * message are JSON (validated by src/shared/campaigns.ts when read). When a campaign starts
 * its audience is frozen into broadcast deliveries that name it; the unique index keeps a
 * lead from being frozen twice into one campaign, and the campaign's figures are counted
 * from its deliveries through a covering index (as a recovery job's, migration 013).
 */
export const migration015: Migration = {
  version: 15,
  name: '015_campaigns',
  up(db) {
    db.exec(`
      CREATE TABLE campaigns (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'running', 'paused', 'done', 'cancelled')),
        audience     TEXT NOT NULL,
        message      TEXT NOT NULL,
        recipients   INTEGER NOT NULL DEFAULT 0,
        scheduled_at INTEGER,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL,
        started_at   INTEGER,
        finished_at  INTEGER,
        CHECK (status != 'scheduled' OR scheduled_at IS NOT NULL),
        -- A cancelled campaign was started or not (cancelled while scheduled).
        CHECK (status NOT IN ('running', 'paused', 'done') OR started_at IS NOT NULL),
        CHECK (status NOT IN ('draft', 'scheduled') OR started_at IS NULL),
        CHECK ((finished_at IS NULL) = (status IN ('draft', 'scheduled', 'running', 'paused')))
      ) STRICT;
      CREATE INDEX campaigns_scheduled ON campaigns (scheduled_at) WHERE status = 'scheduled';
      ALTER TABLE deliveries ADD COLUMN campaign_id INTEGER REFERENCES campaigns (id);
      CREATE UNIQUE INDEX deliveries_campaign_lead ON deliveries (campaign_id, lead_id) WHERE campaign_id IS NOT NULL;
      CREATE INDEX deliveries_campaign_progress ON deliveries (campaign_id, status, sent_at, bot_id, error) WHERE campaign_id IS NOT NULL;
    `);
  },
};
