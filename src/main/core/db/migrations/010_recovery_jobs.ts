import type { Migration } from '../migration';

/**
 * Recovery jobs: the operator's "recover these leads" as a persisted job, so a kill or a
 * restart finishes it. Each recovery delivery names its job; the unique index keeps one job
 * from queuing a lead twice, and the job's figures are counted from its deliveries.
 */
export const migration010: Migration = {
  version: 10,
  name: '010_recovery_jobs',
  up(db) {
    db.exec(`
      CREATE TABLE recovery_jobs (
        id           INTEGER PRIMARY KEY,
        scope        TEXT NOT NULL,
        message      TEXT NOT NULL CHECK (message IN ('welcome', 'apology')),
        apology      TEXT,
        status       TEXT NOT NULL CHECK (status IN ('running', 'paused', 'cancelled', 'done')),
        leads        INTEGER NOT NULL,
        already_in   TEXT NOT NULL DEFAULT '{}',
        on_their_way INTEGER NOT NULL DEFAULT 0,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL,
        finished_at  INTEGER,
        CHECK ((message = 'apology') = (apology IS NOT NULL)),
        CHECK ((finished_at IS NULL) = (status IN ('running', 'paused')))
      ) STRICT;
      ALTER TABLE deliveries ADD COLUMN recovery_job_id INTEGER REFERENCES recovery_jobs (id);
      CREATE UNIQUE INDEX deliveries_recovery_job_lead ON deliveries (recovery_job_id, lead_id) WHERE recovery_job_id IS NOT NULL;
    `);
  },
};
