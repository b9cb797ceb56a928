import type { Migration } from '../../src/main/core/db/migration';
import { migrations } from '../../src/main/core/db/migrations';

const pad = (version: number): string => String(version).padStart(3, '0');

/**
 * A later schema made of the app's migrations plus test-only ones on a `contacts` table,
 * so that upgrades, rebuilds and failures can be exercised over more versions than the
 * app has yet. They mirror the change that once took the bots down: a table gaining
 * archived columns and an index.
 */
export const contactsTable: Migration = {
  version: migrations.length + 1,
  name: `${pad(migrations.length + 1)}_test_contacts`,
  up(db) {
    db.exec(`
      CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        username TEXT,
        started_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX contacts_chat ON contacts (chat_id);
    `);
  },
};

export const archivedColumns: Migration = {
  version: migrations.length + 2,
  name: `${pad(migrations.length + 2)}_test_contacts_archived`,
  up(db) {
    db.exec(`
      ALTER TABLE contacts ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE contacts ADD COLUMN archived_reason TEXT;
      ALTER TABLE contacts ADD COLUMN archived_at TEXT;
      CREATE INDEX contacts_archived ON contacts (archived) WHERE archived = 1;
    `);
  },
};

/** Rebuilds a table the way SQLite requires for a type change: new table, copy, drop, rename. */
export const rebuildContacts: Migration = {
  version: migrations.length + 3,
  name: `${pad(migrations.length + 3)}_test_rebuild_contacts`,
  up(db) {
    db.exec(`
      CREATE TABLE contacts_new (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        username TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0,
        archived_reason TEXT,
        archived_at TEXT
      ) STRICT;
      INSERT INTO contacts_new SELECT id, chat_id, coalesce(username, ''), started_at, archived, archived_reason, archived_at FROM contacts;
      DROP TABLE contacts;
      ALTER TABLE contacts_new RENAME TO contacts;
      CREATE UNIQUE INDEX contacts_chat ON contacts (chat_id);
      CREATE INDEX contacts_archived ON contacts (archived) WHERE archived = 1;
    `);
  },
};

export const extendedMigrations: readonly Migration[] = [...migrations, contactsTable, archivedColumns, rebuildContacts];

export function failingMigration(version: number): Migration {
  return {
    version,
    name: `${pad(version)}_test_failing`,
    up(db) {
      db.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY)');
      db.exec("INSERT INTO settings (key, value, updated_at) VALUES ('written_by_failing', 'x', 'now')");
      db.exec('ALTER TABLE no_such_table ADD COLUMN nope TEXT');
    },
  };
}
