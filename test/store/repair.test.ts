import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { listBackups, takeBackup } from '../../src/main/core/db/backup';
import type { Migration } from '../../src/main/core/db/migration';
import { migrations } from '../../src/main/core/db/migrations';
import { databasePath } from '../../src/main/core/db/paths';
import { repairStore } from '../../src/main/core/db/repair';
import { openStore } from '../../src/main/core/db/store';
import type { StoreStatus } from '../../src/shared/store-status';
import { APP_VERSION, buildFixture, dropLeadsArchivedColumn, fileBytes, snapshot } from '../support/fixtures';
import { extendedMigrations } from '../support/migrations';
import { rejection } from '../support/rejection';
import { tempDir } from '../support/temp-dir';

async function appStore(list: readonly Migration[] = migrations): Promise<string> {
  const dataDir = tempDir();
  await buildFixture(dataDir, list, list.length);
  return dataDir;
}

function onFile<T>(dataDir: string, work: (db: Database.Database) => T): T {
  const db = new Database(databasePath(dataDir));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

async function statusOf(dataDir: string, list: readonly Migration[] = migrations): Promise<StoreStatus> {
  const store = await openStore({ dataDir, appVersion: APP_VERSION, migrations: list });
  try {
    return store.status();
  } finally {
    store.close();
  }
}

/** Rows per table, without the search index's internal tables (a rebuild packs them differently). */
function rowCounts(dataDir: string): Record<string, number> {
  return Object.fromEntries(
    Object.entries(snapshot(databasePath(dataDir)))
      .filter(([table]) => !table.startsWith('leads_fts_'))
      .map(([table, rows]) => [table, rows.length]),
  );
}

function searchIds(dataDir: string, text: string): number[] {
  return onFile(dataDir, (db) =>
    db
      .prepare<[string], { rowid: number }>('SELECT rowid FROM leads_fts WHERE leads_fts MATCH ? ORDER BY rowid')
      .all(`"${text}"`)
      .map((row) => row.rowid),
  );
}

const leadsIndexes = (db: Database.Database): string[] =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'leads' AND sql IS NOT NULL ORDER BY name")
    .all()
    .map((row) => row.name);

describe('repairable drift', () => {
  it('rebuilds every missing index of the leads table after a backup, every row intact', async () => {
    const dataDir = await appStore();
    const names = onFile(dataDir, (db) => {
      const all = leadsIndexes(db);
      for (const name of all) db.exec(`DROP INDEX "${name}"`);
      return all;
    });
    expect(names.length).toBeGreaterThan(10);
    const drifted = await statusOf(dataDir);
    expect(drifted.state).toBe('mismatch');
    expect(drifted.differences.map((d) => `${d.kind}:${d.remedy}`)).toEqual(names.map(() => 'missing_index:repair'));
    expect(drifted.error?.message).toContain('choose "Back up and repair", or run the doctor with --repair');
    expect(drifted.restoreChoices).toEqual([]);
    const rowsBefore = snapshot(databasePath(dataDir));

    const result = await repairStore({ dataDir, appVersion: APP_VERSION });

    expect(result.backup).not.toBeNull();
    expect(listBackups(dataDir).map((b) => b.name)).toEqual([result.backup?.name]);
    expect(snapshot(result.backup?.path ?? '')).toEqual(rowsBefore);
    expect(result.actions).toEqual(expect.arrayContaining(names.map((name) => `Created index ${name}.`)));
    expect(snapshot(databasePath(dataDir))).toEqual(rowsBefore);
    expect(onFile(dataDir, leadsIndexes)).toEqual(names);
    expect((await statusOf(dataDir)).state).toBe('ready');
  });

  it('recreates a missing trigger', async () => {
    const withTrigger: Migration = {
      version: migrations.length + 1,
      name: `${String(migrations.length + 1).padStart(3, '0')}_test_trigger`,
      up: (db) =>
        db.exec(`
          CREATE TABLE setting_changes (key TEXT NOT NULL) STRICT;
          CREATE TRIGGER settings_changed AFTER UPDATE ON settings BEGIN INSERT INTO setting_changes (key) VALUES (new.key); END;
        `),
    };
    const list = [...migrations, withTrigger];
    const dataDir = await appStore(migrations);
    (await openStore({ dataDir, appVersion: APP_VERSION, migrations: list })).close();
    onFile(dataDir, (db) => db.exec('DROP TRIGGER settings_changed'));
    expect((await statusOf(dataDir, list)).differences).toEqual([expect.objectContaining({ kind: 'missing_object', name: 'settings_changed', remedy: 'repair' })]);

    const result = await repairStore({ dataDir, appVersion: APP_VERSION, migrations: list });

    expect(result.actions).toContain('Created trigger settings_changed.');
    onFile(dataDir, (db) => {
      db.exec("UPDATE settings SET value = value WHERE key = 'fixture.key1'");
      expect(db.prepare('SELECT key FROM setting_changes').all()).toEqual([{ key: 'fixture.key1' }]);
    });
    expect((await statusOf(dataDir, list)).state).toBe('ready');
  });

  it('recreates the whole search table when it is gone, from the leads', async () => {
    const dataDir = await appStore();
    onFile(dataDir, (db) => db.exec('DROP TABLE leads_fts'));
    const drifted = await statusOf(dataDir);
    expect(
      drifted.differences
        .filter((d) => d.kind === 'missing_table')
        .map((d) => `${d.name}:${d.remedy}`)
        .sort(),
    ).toEqual(['leads_fts:repair', 'leads_fts_config:repair', 'leads_fts_data:repair', 'leads_fts_idx:repair']);
    await repairStore({ dataDir, appVersion: APP_VERSION });
    expect(searchIds(dataDir, 'after_003')).toHaveLength(1);
    expect((await statusOf(dataDir)).state).toBe('ready');
  });

  it('recreates a missing view', async () => {
    const withView: Migration = {
      version: migrations.length + 1,
      name: `${String(migrations.length + 1).padStart(3, '0')}_test_view`,
      up: (db) => db.exec('CREATE VIEW active_leads AS SELECT id, bot_id FROM leads WHERE archived = 0'),
    };
    const list = [...migrations, withView];
    const dataDir = await appStore(migrations);
    (await openStore({ dataDir, appVersion: APP_VERSION, migrations: list })).close();
    onFile(dataDir, (db) => db.exec('DROP VIEW active_leads'));
    expect((await statusOf(dataDir, list)).differences).toEqual([expect.objectContaining({ kind: 'missing_object', name: 'active_leads', remedy: 'repair' })]);

    const result = await repairStore({ dataDir, appVersion: APP_VERSION, migrations: list });

    expect(result.actions).toContain('Created view active_leads.');
    // The fixture's active leads, however many its seeds hold.
    const active = onFile(dataDir, (db) => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM leads WHERE archived = 0').get());
    expect(active?.n).toBeGreaterThan(0);
    expect(onFile(dataDir, (db) => db.prepare('SELECT count(*) AS n FROM active_leads').get())).toEqual(active);
    expect((await statusOf(dataDir, list)).state).toBe('ready');
  });

  it('adds back the archived column (NOT NULL DEFAULT 0) that once took the bots down, and a nullable column with its CHECK', async () => {
    const dataDir = await appStore();
    dropLeadsArchivedColumn(databasePath(dataDir));
    onFile(dataDir, (db) => db.exec('ALTER TABLE leads DROP COLUMN revenue_cents'));
    const drifted = await statusOf(dataDir);
    expect(drifted.differences.filter((d) => d.kind === 'missing_column').map((d) => `${d.name}:${d.remedy}`)).toEqual(['archived:repair', 'revenue_cents:repair']);
    const countsBefore = rowCounts(dataDir);

    const result = await repairStore({ dataDir, appVersion: APP_VERSION });

    expect(result.actions).toContain('Added column leads.archived (INTEGER NOT NULL DEFAULT 0); existing rows take its default.');
    expect(rowCounts(dataDir)).toEqual(countsBefore);
    onFile(dataDir, (db) => {
      expect(db.prepare('SELECT count(*) AS n FROM leads WHERE archived = 0 AND revenue_cents IS NULL').get()).toEqual({ n: countsBefore['leads'] });
      // The column came back with the app's own definition, CHECK included.
      expect(() => db.exec('UPDATE leads SET revenue_cents = -1 WHERE id = 1')).toThrow(/CHECK constraint failed/);
    });
    expect((await statusOf(dataDir)).state).toBe('ready');
  });
});

describe('a column defined among comments', () => {
  it('is added back with the definition the migration wrote, commas in comments and CHECKs notwithstanding', async () => {
    const notes: Migration = {
      version: migrations.length + 1,
      name: `${String(migrations.length + 1).padStart(3, '0')}_test_notes`,
      up: (db) =>
        db.exec(`
          CREATE TABLE notes (
            id    INTEGER PRIMARY KEY, -- the key, (not a column to add)
            -- kind: one of a, b, c
            kind  TEXT NOT NULL DEFAULT 'a' CHECK (kind IN ('a', 'b', 'c')),
            body  TEXT
          ) STRICT;
        `),
    };
    const list = [...migrations, notes];
    const dataDir = await appStore(migrations);
    (await openStore({ dataDir, appVersion: APP_VERSION, migrations: list })).close();
    onFile(dataDir, (db) => db.exec("INSERT INTO notes (body) VALUES ('x'); ALTER TABLE notes DROP COLUMN kind;"));

    await repairStore({ dataDir, appVersion: APP_VERSION, migrations: list });

    onFile(dataDir, (db) => {
      expect(db.prepare('SELECT kind, body FROM notes').all()).toEqual([{ kind: 'a', body: 'x' }]);
      expect(() => db.exec("UPDATE notes SET kind = 'z'")).toThrow(/CHECK constraint failed/);
    });
    expect((await statusOf(dataDir, list)).state).toBe('ready');
  });
});

describe('drift that cannot be repaired', () => {
  const cases: { name: string; drift: (db: Database.Database) => void; kind: string }[] = [
    {
      name: 'a changed column type',
      kind: 'changed_column',
      drift: (db) =>
        db.exec(`
          CREATE TABLE contacts_new (id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, username TEXT NOT NULL DEFAULT '', started_at INTEGER NOT NULL, archived INTEGER NOT NULL DEFAULT 0, archived_reason TEXT, archived_at TEXT) STRICT;
          INSERT INTO contacts_new SELECT id, chat_id, username, 0, archived, archived_reason, archived_at FROM contacts;
          DROP TABLE contacts;
          ALTER TABLE contacts_new RENAME TO contacts;
          CREATE UNIQUE INDEX contacts_chat ON contacts (chat_id);
          CREATE INDEX contacts_archived ON contacts (archived) WHERE archived = 1;
        `),
    },
    { name: 'a missing NOT NULL column without a default', kind: 'missing_column', drift: (db) => db.exec('ALTER TABLE contacts DROP COLUMN started_at') },
    { name: 'a missing table', kind: 'missing_table', drift: (db) => db.exec('DROP TABLE contacts') },
  ];

  for (const { name, drift, kind } of cases) {
    it(`refuses ${name}, changes nothing, and offers the backups with the leads each would lose`, async () => {
      const dataDir = await appStore(extendedMigrations);
      const addLeads = (db: Database.Database, from: number, count: number): void => {
        const insert = db.prepare("INSERT INTO leads (bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at) VALUES (1, ?, ?, 'New', 1, 1)");
        for (let i = 0; i < count; i += 1) insert.run(from + i, from + i);
      };
      const older = await onFileAsync(dataDir, (db) => takeBackup(db, dataDir, new Date('2026-03-01T00:00:00Z')));
      onFile(dataDir, (db) => addLeads(db, 70_000, 5));
      const newer = await onFileAsync(dataDir, (db) => takeBackup(db, dataDir, new Date('2026-03-02T00:00:00Z')));
      onFile(dataDir, (db) => {
        addLeads(db, 80_000, 3);
        drift(db);
      });
      const drifted = await statusOf(dataDir, extendedMigrations);
      expect(drifted.state).toBe('mismatch');
      expect(drifted.differences).toEqual(expect.arrayContaining([expect.objectContaining({ kind, table: 'contacts', remedy: 'restore' })]));
      expect(drifted.error?.message).toContain('restore a backup');
      expect(drifted.restoreChoices).toEqual([
        { backup: expect.objectContaining({ name: newer.name }) as unknown, leadsLost: 3 },
        { backup: expect.objectContaining({ name: older.name }) as unknown, leadsLost: 8 },
      ]);
      const before = fileBytes(databasePath(dataDir));

      const error = await rejection(repairStore({ dataDir, appVersion: APP_VERSION, migrations: extendedMigrations }));

      expect(error.code).toBe('STORE_REPAIR_REFUSED');
      expect(error.message).toContain('Nothing was changed');
      expect(fileBytes(databasePath(dataDir)).equals(before)).toBe(true);
      expect(listBackups(dataDir)).toHaveLength(2);
    });
  }

  it('undoes a repair that fails half-way, leaving the file as it was', async () => {
    const dataDir = await appStore();
    onFile(dataDir, (db) => {
      db.exec('DROP INDEX leads_bot_user_active');
      // Two active leads of one user: the unique index cannot be built again.
      db.exec("INSERT INTO leads (bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at) VALUES (1, 5000, 5000, 'Twin', 1, 1)");
    });
    const rowsBefore = snapshot(databasePath(dataDir));
    const error = await rejection(repairStore({ dataDir, appVersion: APP_VERSION }));
    expect(error.code).toBe('STORE_REPAIR_FAILED');
    expect(error.message).toContain('UNIQUE constraint failed');
    expect(snapshot(databasePath(dataDir))).toEqual(rowsBefore);
    expect((await statusOf(dataDir)).differences.map((d) => d.name)).toEqual(['leads_bot_user_active']);
  });
});

async function onFileAsync<T>(dataDir: string, work: (db: Database.Database) => Promise<T>): Promise<T> {
  const db = new Database(databasePath(dataDir));
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

describe("the operator's own objects", () => {
  it('tolerates an extra table, index, view, trigger and nullable column: ready, with warnings', async () => {
    const dataDir = await appStore();
    onFile(dataDir, (db) =>
      db.exec(`
        CREATE TABLE my_notes (id INTEGER PRIMARY KEY, lead_id INTEGER, note TEXT);
        CREATE INDEX my_leads_username ON leads (username);
        CREATE VIEW my_converted AS SELECT id FROM leads WHERE status = 'converted';
        CREATE TRIGGER my_lead_note AFTER INSERT ON leads BEGIN INSERT INTO my_notes (lead_id) VALUES (new.id); END;
        ALTER TABLE leads ADD COLUMN my_tag TEXT;
      `),
    );
    const status = await statusOf(dataDir);
    expect(status.state).toBe('ready');
    expect(status.error).toBeNull();
    expect(status.differences.map((d) => `${d.kind}:${d.name}:${d.remedy}`).sort()).toEqual([
      'extra_column:my_tag:tolerate',
      'extra_index:my_leads_username:tolerate',
      'extra_object:my_converted:tolerate',
      'extra_object:my_lead_note:tolerate',
      'extra_table:my_notes:tolerate',
    ]);
    // A repair has nothing to do and takes no backup.
    expect(await repairStore({ dataDir, appVersion: APP_VERSION })).toEqual({ backup: null, actions: ['Nothing to repair: the schema matches.'] });
    expect(listBackups(dataDir)).toEqual([]);
  });

  it('drops an extra UNIQUE index on an app table, which could refuse a lead, and keeps one on its own table', async () => {
    const dataDir = await appStore();
    onFile(dataDir, (db) =>
      db.exec(`
        CREATE UNIQUE INDEX my_unique_first_name ON leads (first_name);
        CREATE TABLE my_notes (id INTEGER PRIMARY KEY, code TEXT);
        CREATE UNIQUE INDEX my_notes_code ON my_notes (code);
      `),
    );
    const status = await statusOf(dataDir);
    expect(status.state).toBe('mismatch');
    expect(status.differences.filter((d) => d.kind === 'extra_index').map((d) => `${d.name}:${d.remedy}`)).toEqual(['my_notes_code:tolerate', 'my_unique_first_name:repair']);
    const result = await repairStore({ dataDir, appVersion: APP_VERSION });
    expect(result.actions.some((action) => action.startsWith('Dropped index my_unique_first_name'))).toBe(true);
    const after = await statusOf(dataDir);
    expect(after.state).toBe('ready');
    expect(after.differences.map((d) => d.name).sort()).toEqual(['my_notes', 'my_notes_code']);
  });

  it('refuses an extra NOT NULL column without a default: every insert into its table would fail', async () => {
    const dataDir = await appStore();
    onFile(dataDir, (db) =>
      db.exec(`
        CREATE TABLE settings_new (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL, owner TEXT NOT NULL) STRICT;
        INSERT INTO settings_new SELECT key, value, updated_at, 'me' FROM settings;
        DROP TABLE settings;
        ALTER TABLE settings_new RENAME TO settings;
      `),
    );
    const status = await statusOf(dataDir);
    expect(status.state).toBe('mismatch');
    expect(status.differences).toEqual([expect.objectContaining({ kind: 'extra_column', name: 'owner', remedy: 'restore' })]);
    expect(status.differences[0]?.message).toContain('every row the app adds to settings would be refused');
  });
});
