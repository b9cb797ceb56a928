import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBackups, pruneBackups, restoreBackup, takeBackup, BACKUPS_KEPT } from '../../src/main/core/db/backup';
import { migrations } from '../../src/main/core/db/migrations';
import { backupsPath, cleanCloseMarker, databasePath } from '../../src/main/core/db/paths';
import { inspectStore } from '../../src/main/core/db/inspect';
import { getSetting, setSetting } from '../../src/main/core/db/settings';
import { openStore } from '../../src/main/core/db/store';
import { BotdeckError } from '../../src/main/core/errors';
import { APP_VERSION, buildFixture, dropLeadsArchivedColumn, fileBytes, snapshot, userVersion } from '../support/fixtures';
import { extendedMigrations, failingMigration } from '../support/migrations';
import { rejection } from '../support/rejection';
import { tempDir } from '../support/temp-dir';

describe('opening a new store', () => {
  it('creates the database at the newest version with WAL, FULL sync and foreign keys', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = await openStore({ dataDir, appVersion: APP_VERSION });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const status = store.status();
    expect(status).toMatchObject({ state: 'ready', schemaVersion: migrations.length, appSchemaVersion: migrations.length, error: null });
    const log = store.db.prepare('SELECT version, name, app_version, backup_file FROM migration_log ORDER BY version').all();
    expect(log).toEqual(migrations.map((m) => ({ version: m.version, name: m.name, app_version: APP_VERSION, backup_file: null })));
    expect(existsSync(cleanCloseMarker(dataDir))).toBe(false);
    store.close();
    expect(existsSync(cleanCloseMarker(dataDir))).toBe(true);
    expect(existsSync(backupsPath(dataDir))).toBe(false);
  });

  it('reopens without migrating or backing up', async () => {
    const dataDir = tempDir();
    (await openStore({ dataDir, appVersion: APP_VERSION })).close();
    const store = await openStore({ dataDir, appVersion: APP_VERSION });
    expect(store.status().migratedNow).toEqual([]);
    expect(store.status().backups).toEqual([]);
    store.close();
  });
});

describe('migrating an existing store', () => {
  it('backs up before migrating and logs the backup', async () => {
    const dataDir = tempDir();
    await buildFixture(dataDir, extendedMigrations, 1);
    const store = await openStore({ dataDir, appVersion: APP_VERSION, migrations: extendedMigrations });
    const backups = listBackups(dataDir);
    expect(backups).toHaveLength(1);
    expect(backups[0]!.name).toMatch(/^botdeck-\d{8}T\d{9}Z-v1\.db$/);
    const logged = store.db.prepare<[], { backup_file: string | null }>('SELECT backup_file FROM migration_log WHERE version > 1').all();
    expect(logged.map((row) => row.backup_file)).toEqual(extendedMigrations.slice(1).map(() => backups[0]!.path));
    store.close();
    expect(userVersion(backups[0]!.path)).toBe(1);
  });

  it('keeps the newest 10 backups', async () => {
    const dataDir = tempDir();
    const store = await openStore({ dataDir, appVersion: APP_VERSION });
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < BACKUPS_KEPT + 3; i += 1) await takeBackup(store.db, dataDir, new Date(start + i * 60_000));
    store.close();
    const names = listBackups(dataDir).map((backup) => backup.name);
    expect(names).toHaveLength(BACKUPS_KEPT);
    expect(names[0]).toContain('20260101T001200000Z');
    expect(names.at(-1)).toContain('20260101T000300000Z');
    pruneBackups(dataDir, 2);
    expect(readdirSync(backupsPath(dataDir))).toHaveLength(2);
  });

  it('rolls a failing migration back completely and leaves the file byte-identical', async () => {
    const dataDir = tempDir();
    const list = migrations;
    await buildFixture(dataDir, list, list.length);
    const file = databasePath(dataDir);
    const bytesBefore = fileBytes(file);
    const rowsBefore = snapshot(file);

    const error = await rejection(openStore({ dataDir, appVersion: APP_VERSION, migrations: [...list, failingMigration(list.length + 1)] }));

    expect(error.code).toBe('STORE_MIGRATION_FAILED');
    expect(error.message).toContain(`${String(list.length + 1).padStart(3, '0')}_test_failing`);
    expect(error.message).toContain('no such table: no_such_table');
    expect(error.message).toContain(`unchanged at version ${list.length}`);
    expect(fileBytes(file).equals(bytesBefore)).toBe(true);
    expect(userVersion(file)).toBe(list.length);
    expect(snapshot(file)).toEqual(rowsBefore);
    const [backup] = listBackups(dataDir);
    expect(backup).toBeDefined();
    expect(snapshot(backup!.path)).toEqual(rowsBefore);
  });

  it('rolls back every pending migration together when a later one fails', async () => {
    const dataDir = tempDir();
    await buildFixture(dataDir, extendedMigrations, 1);
    const list = [...extendedMigrations.slice(0, 3), failingMigration(4)];
    const error = await rejection(openStore({ dataDir, appVersion: APP_VERSION, migrations: list }));
    expect(error.code).toBe('STORE_MIGRATION_FAILED');
    expect(userVersion(databasePath(dataDir))).toBe(1);
    expect(Object.keys(snapshot(databasePath(dataDir)))).toEqual(['migration_log', 'settings']);
  });
});

describe('schema drift', () => {
  it('reports the missing archived column and refuses to be used', async () => {
    const dataDir = tempDir();
    await buildFixture(dataDir, migrations, migrations.length);
    dropLeadsArchivedColumn(databasePath(dataDir));

    const store = await openStore({ dataDir, appVersion: APP_VERSION });
    const status = store.status();
    expect(status.state).toBe('mismatch');
    expect(status.schemaVersion).toBe(migrations.length);
    expect(status.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'missing_column', table: 'leads', name: 'archived', expected: 'INTEGER NOT NULL DEFAULT 0' }),
        expect.objectContaining({ kind: 'missing_index', table: 'leads', name: 'leads_bot_user_active' }),
      ]),
    );
    expect(status.error?.code).toBe('STORE_SCHEMA_MISMATCH');
    expect(status.error?.message).toContain('Table leads is missing column archived');
    expect(() => store.assertReady()).toThrow(/leads is missing column archived/);
    store.close();
  });

  it('reports extra tables, columns and indexes, and changed columns', async () => {
    const dataDir = tempDir();
    await buildFixture(dataDir, extendedMigrations, extendedMigrations.length);
    const db = new Database(databasePath(dataDir));
    db.exec(`
      CREATE TABLE stray (id INTEGER PRIMARY KEY);
      ALTER TABLE settings ADD COLUMN note TEXT;
      CREATE INDEX leads_username ON leads (username);
    `);
    db.close();
    const store = await openStore({ dataDir, appVersion: APP_VERSION, migrations: extendedMigrations });
    const kinds = store.status().differences.map((d) => `${d.kind}:${d.table ?? ''}:${d.name}`);
    store.close();
    expect(kinds).toEqual(['extra_column:settings:note', 'extra_table:stray:stray', 'extra_index:leads:leads_username']);
  });
});

describe('refusals', () => {
  it('refuses a database from the future without writing to it', async () => {
    const dataDir = tempDir();
    (await openStore({ dataDir, appVersion: APP_VERSION })).close();
    const file = databasePath(dataDir);
    const db = new Database(file);
    db.pragma(`user_version = ${migrations.length + 3}`);
    db.close();
    const before = fileBytes(file);
    const mtime = statSync(file).mtimeMs;

    const error = await rejection(openStore({ dataDir, appVersion: APP_VERSION }));

    expect(error.code).toBe('STORE_FUTURE_VERSION');
    expect(error.message).toContain(`schema version ${migrations.length + 3}`);
    expect(error.message).toContain(`only knows up to version ${migrations.length}`);
    expect(fileBytes(file).equals(before)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(existsSync(backupsPath(dataDir))).toBe(false);
  });

  it('calls a file that is not a database damaged and points to the newest backup', async () => {
    const dataDir = tempDir();
    const store = await openStore({ dataDir, appVersion: APP_VERSION });
    const backup = await store.backupNow();
    store.close();
    writeFileSync(databasePath(dataDir), Buffer.alloc(64 * 1024, 'not a database '));

    const error = await rejection(openStore({ dataDir, appVersion: APP_VERSION }));

    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toContain('file is not a database');
    expect(error.message).toContain(backup.path);
    expect(error.message).toContain(`--restore ${backup.name}`);
  });

  it('calls a file that fails quick_check damaged after an unclean end, and leaves the full check to the doctor after a clean one', async () => {
    const dataDir = tempDir();
    const list = extendedMigrations.slice(0, migrations.length + 1);
    await buildFixture(dataDir, list, list.length);
    const file = databasePath(dataDir);
    const db = new Database(file);
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
      INSERT INTO contacts (chat_id, username, started_at) SELECT i + 100000, hex(randomblob(300)), 'x' FROM n
    `);
    db.close();
    const check = new Database(file, { readonly: true });
    const root = check.prepare<[], { rootpage: number }>("SELECT rootpage FROM sqlite_schema WHERE name = 'contacts'").get()!.rootpage;
    const pageSize = check.pragma('page_size', { simple: true }) as number;
    check.close();
    const bytes = fileBytes(file);
    // Scribble over the interior root page of the contacts table, past its page header.
    bytes.fill(0xa5, (root - 1) * pageSize + 12, root * pageSize);
    writeFileSync(file, bytes);

    // Closed cleanly: the open skips the full-file check; the doctor still finds the damage.
    expect(existsSync(cleanCloseMarker(dataDir))).toBe(true);
    expect(inspectStore({ dataDir, migrations: list })).toMatchObject({ integrity: 'failed', healthy: false });
    // After a crash there is no marker, and the open itself refuses the damaged file.
    rmSync(cleanCloseMarker(dataDir));
    const error = await rejection(openStore({ dataDir, appVersion: APP_VERSION, migrations: list }));
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toContain('is damaged');
    expect(error.message).toContain('There is no backup');
  });

  it('gives a clear error for a read-only database and loses nothing', async () => {
    const dataDir = tempDir();
    const store = await openStore({ dataDir, appVersion: APP_VERSION });
    setSetting(store.db, 'kept', 'yes');
    store.close();
    const file = databasePath(dataDir);
    const before = snapshot(file);

    let outcome: { ok: boolean; code?: string; message?: string };
    if (process.getuid?.() === 0) {
      // Root ignores file modes, so the attempt runs as an unprivileged user instead.
      chownSync(dataDir, 65534, 65534);
      chmodSync(file, 0o444);
      const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '../support/open-store-child.ts'), dataDir], {
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        cwd: join(__dirname, '../..'),
      });
      expect(child.stderr).toBe('');
      outcome = JSON.parse(child.stdout) as typeof outcome;
    } else {
      chmodSync(file, 0o444);
      outcome = await openStore({ dataDir, appVersion: APP_VERSION }).then(
        (opened) => {
          opened.close();
          return { ok: true };
        },
        (error: unknown) => (error instanceof BotdeckError ? { ok: false, code: error.code, message: error.message } : { ok: false }),
      );
    }
    expect(outcome.ok).toBe(false);
    expect(outcome.code).toBe('STORE_READ_ONLY');
    expect(outcome.message).toContain('read-only');
    expect(outcome.message).not.toMatch(/\n\s+at /);
    chmodSync(file, 0o644);
    expect(snapshot(file)).toEqual(before);
  });

  it('turns a full disk into a clear error and keeps what was committed', async () => {
    const dataDir = tempDir();
    const store = await openStore({ dataDir, appVersion: APP_VERSION });
    setSetting(store.db, 'committed', 'before the disk filled');
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages + 2}`);
    let failure: unknown = null;
    try {
      for (let i = 0; i < 100; i += 1) setSetting(store.db, `big${i}`, 'x'.repeat(4000));
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(BotdeckError);
    expect((failure as BotdeckError).code).toBe('STORE_DISK_FULL');
    expect((failure as BotdeckError).message).toMatch(/disk holding .* is full\. Nothing already saved was lost/);
    store.close();

    const reopened = await openStore({ dataDir, appVersion: APP_VERSION });
    expect(getSetting(reopened.db, 'committed')).toBe('before the disk filled');
    reopened.close();
  });

  it('refuses to migrate when the backup cannot be written', async () => {
    const dataDir = tempDir();
    await buildFixture(dataDir, extendedMigrations, 1);
    writeFileSync(backupsPath(dataDir), 'a file where the backups folder should be');
    const error = await rejection(openStore({ dataDir, appVersion: APP_VERSION, migrations: extendedMigrations }));
    expect(error.code).toBe('STORE_BACKUP_FAILED');
    expect(error.message).toContain('Without a backup Botdeck will not change the database');
    expect(userVersion(databasePath(dataDir))).toBe(1);
  });
});

describe('restoring a backup', () => {
  it('puts the backup in place and keeps the replaced file', async () => {
    const dataDir = tempDir();
    const store = await openStore({ dataDir, appVersion: APP_VERSION });
    setSetting(store.db, 'lead', 'saved');
    const backup = await store.backupNow();
    store.close();
    const file = databasePath(dataDir);
    writeFileSync(file, 'garbage');

    const result = restoreBackup(dataDir, backup.name, migrations.length, new Date('2026-05-01T00:00:00Z'));

    expect(result.previousMovedTo).toBe(`${file}.before-restore-20260501T000000000Z`);
    expect(fileBytes(result.previousMovedTo!).toString()).toBe('garbage');
    const reopened = await openStore({ dataDir, appVersion: APP_VERSION });
    expect(getSetting(reopened.db, 'lead')).toBe('saved');
    reopened.close();
  });

  it('refuses an unknown backup and a backup from the future', async () => {
    const dataDir = tempDir();
    const store = await openStore({ dataDir, appVersion: APP_VERSION });
    const backup = await store.backupNow();
    store.close();
    expect(() => restoreBackup(dataDir, 'botdeck-nope.db', migrations.length, new Date())).toThrow(/no backup named botdeck-nope\.db/);
    const future = new Database(backup.path);
    future.pragma('user_version = 99');
    future.close();
    expect(() => restoreBackup(dataDir, backup.name, migrations.length, new Date())).toThrow(/schema version 99, newer than this app's/);
    expect(userVersion(databasePath(dataDir))).toBe(migrations.length);
  });
});
