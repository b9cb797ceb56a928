import type { Migration } from '../migration';

export const migration001: Migration = {
  version: 1,
  name: '001_settings_and_migration_log',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY NOT NULL,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE migration_log (
        version     INTEGER PRIMARY KEY NOT NULL,
        name        TEXT NOT NULL,
        applied_at  TEXT NOT NULL,
        app_version TEXT NOT NULL,
        backup_file TEXT
      ) STRICT;
    `);
  },
};
