import type { Migration } from '../migration';

/**
 * Follow-ups: per bot, a sequence of steps sent some time after the welcome. A step is
 * never deleted (its sends keep pointing at it), only marked removed. An enrollment is a
 * lead in a bot's sequence: `check_at` is when the engine looks at it next (NULL once the
 * lead went through or left). A send is one step reaching one lead, queued (its delivery)
 * or skipped (why); the unique key sends each step once per lead. The follow-up deliveries
 * name their step, so the claim can tell them from campaign messages (the frequency cap).
 */
export const migration017: Migration = {
  version: 17,
  name: '017_follow_ups',
  up(db) {
    db.exec(`
      CREATE TABLE follow_up_sequences (
        bot_id      INTEGER PRIMARY KEY REFERENCES bots (id),
        enabled     INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        -- Leads welcomed from this time on are enrolled: when the sequence was created or last enabled.
        enroll_from INTEGER NOT NULL,
        -- Leads welcomed up to this time were looked at for enrollment.
        scanned_to  INTEGER NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE follow_up_steps (
        id            INTEGER PRIMARY KEY,
        bot_id        INTEGER NOT NULL REFERENCES follow_up_sequences (bot_id),
        position      INTEGER NOT NULL,
        delay_minutes INTEGER NOT NULL CHECK (delay_minutes > 0),
        delay_unit    TEXT NOT NULL CHECK (delay_unit IN ('minutes', 'hours')),
        condition     TEXT NOT NULL CHECK (condition IN ('any', 'clicked', 'not_clicked')),
        message       TEXT NOT NULL,
        enabled       INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        removed_at    INTEGER
      ) STRICT;
      CREATE INDEX follow_up_steps_bot ON follow_up_steps (bot_id, position) WHERE removed_at IS NULL;

      CREATE TABLE follow_up_enrollments (
        lead_id     INTEGER PRIMARY KEY REFERENCES leads (id),
        bot_id      INTEGER NOT NULL REFERENCES follow_up_sequences (bot_id),
        -- The delays count from here: the welcome, or the operator's enrollment of an earlier lead.
        starts_at   INTEGER NOT NULL,
        enrolled_at INTEGER NOT NULL,
        check_at    INTEGER,
        ended       TEXT CHECK (ended IN ('done', 'converted', 'blocked', 'opted_out', 'archived')),
        CHECK ((check_at IS NULL) = (ended IS NOT NULL))
      ) STRICT;
      CREATE INDEX follow_up_enrollments_due ON follow_up_enrollments (bot_id, check_at) WHERE check_at IS NOT NULL;

      CREATE TABLE follow_up_sends (
        id          INTEGER PRIMARY KEY,
        step_id     INTEGER NOT NULL REFERENCES follow_up_steps (id),
        lead_id     INTEGER NOT NULL REFERENCES leads (id),
        due_at      INTEGER NOT NULL,
        at          INTEGER NOT NULL,
        delivery_id INTEGER REFERENCES deliveries (id),
        skipped     TEXT CHECK (skipped IN ('converted', 'blocked', 'opted_out', 'archived', 'missed', 'condition')),
        CHECK ((delivery_id IS NULL) != (skipped IS NULL)),
        UNIQUE (step_id, lead_id)
      ) STRICT;
      CREATE INDEX follow_up_sends_lead ON follow_up_sends (lead_id);

      ALTER TABLE deliveries ADD COLUMN follow_up_step_id INTEGER REFERENCES follow_up_steps (id);
      CREATE INDEX leads_bot_welcomed ON leads (bot_id, welcomed_at) WHERE archived = 0 AND welcomed_at IS NOT NULL;
    `);
  },
};
