import type { Migration } from '../../src/main/core/db/migration';
import { migrations } from '../../src/main/core/db/migrations';

/**
 * A later schema made of the app's migrations plus test-only ones, so that upgrades,
 * drift and failures can be exercised over several versions. 002 and 003 mirror the
 * change that once took the bots down: leads gaining archived columns and an index.
 */
export const leadsTable: Migration = {
  version: migrations.length + 1,
  name: `${String(migrations.length + 1).padStart(3, '0')}_test_leads`,
  up(db) {
    db.exec(`
      CREATE TABLE leads (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        username TEXT,
        started_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX leads_chat ON leads (chat_id);
    `);
  },
};

export const archivedColumns: Migration = {
  version: migrations.length + 2,
  name: `${String(migrations.length + 2).padStart(3, '0')}_test_archived`,
  up(db) {
    db.exec(`
      ALTER TABLE leads ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE leads ADD COLUMN archived_reason TEXT;
      ALTER TABLE leads ADD COLUMN archived_at TEXT;
      CREATE INDEX leads_archived ON leads (archived) WHERE archived = 1;
    `);
  },
};

/** Rebuilds a table the way SQLite requires for a type change: new table, copy, drop, rename. */
export const rebuildLeads: Migration = {
  version: migrations.length + 3,
  name: `${String(migrations.length + 3).padStart(3, '0')}_test_rebuild_leads`,
  up(db) {
    db.exec(`
      CREATE TABLE leads_new (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        username TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0,
        archived_reason TEXT,
        archived_at TEXT
      ) STRICT;
      INSERT INTO leads_new SELECT id, chat_id, coalesce(username, ''), started_at, archived, archived_reason, archived_at FROM leads;
      DROP TABLE leads;
      ALTER TABLE leads_new RENAME TO leads;
      CREATE UNIQUE INDEX leads_chat ON leads (chat_id);
      CREATE INDEX leads_archived ON leads (archived) WHERE archived = 1;
    `);
  },
};

export const extendedMigrations: readonly Migration[] = [...migrations, leadsTable, archivedColumns, rebuildLeads];

export function failingMigration(version: number): Migration {
  return {
    version,
    name: `${String(version).padStart(3, '0')}_test_failing`,
    up(db) {
      db.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY)');
      db.exec("INSERT INTO settings (key, value, updated_at) VALUES ('written_by_failing', 'x', 'now')");
      db.exec('ALTER TABLE no_such_table ADD COLUMN nope TEXT');
    },
  };
}
