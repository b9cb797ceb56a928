import type { Migration } from '../migration';

/**
 * A recovery job may also announce its result on the alert channels: the operator's choice
 * is kept on the job, so a job that ends after a restart still announces it.
 */
export const migration011: Migration = {
  version: 11,
  name: '011_recovery_announce',
  up(db) {
    db.exec(`
      ALTER TABLE recovery_jobs ADD COLUMN announce INTEGER NOT NULL DEFAULT 0 CHECK (announce IN (0, 1));
    `);
  },
};
