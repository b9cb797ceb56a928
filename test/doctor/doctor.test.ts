import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/main/cli/doctor-run';
import { BackupSchedule } from '../../src/main/core/backups/backup-schedule';
import { listBackups, takeBackup } from '../../src/main/core/db/backup';
import { migrations } from '../../src/main/core/db/migrations';
import { databasePath } from '../../src/main/core/db/paths';
import { EventBus } from '../../src/main/core/events';
import { silentLogger } from '../../src/main/core/logger';
import { readSettings, writeSettings } from '../../src/main/core/operator-settings';
import { storeReportSchema } from '../../src/shared/store-report';
import { APP_VERSION, buildFixture, dropLeadsArchivedColumn, fileBytes, userVersion } from '../support/fixtures';
import { extendedMigrations } from '../support/migrations';
import { tempDir } from '../support/temp-dir';

const root = join(__dirname, '../..');

function doctor(args: string[], list = extendedMigrations) {
  return runDoctor(args, { env: {}, appVersion: APP_VERSION, migrations: list });
}

async function healthyDir(): Promise<string> {
  const dataDir = tempDir();
  await buildFixture(dataDir, extendedMigrations, extendedMigrations.length);
  return dataDir;
}

describe('the doctor', () => {
  it('reports a healthy database with exit 0 and changes nothing', async () => {
    const dataDir = await healthyDir();
    const before = fileBytes(databasePath(dataDir));
    const result = await doctor(['--data-dir', dataDir]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`database     ${databasePath(dataDir)}`);
    expect(result.stdout).toContain(`schema       file ${extendedMigrations.length}, app ${extendedMigrations.length}`);
    expect(result.stdout).toContain('pending      none');
    expect(result.stdout).toContain('schema check matches');
    expect(result.stdout).toContain('integrity    ok');
    expect(result.stdout).toContain('Healthy.');
    expect(fileBytes(databasePath(dataDir)).equals(before)).toBe(true);
  });

  it('reports pending migrations with exit 1, and --migrate applies them after a backup', async () => {
    const dataDir = tempDir();
    await buildFixture(dataDir, extendedMigrations, 1);
    const pending = await doctor(['--data-dir', dataDir]);
    expect(pending.exitCode).toBe(1);
    const names = extendedMigrations
      .slice(1)
      .map((m) => m.name)
      .join(', ');
    expect(pending.stdout).toContain(`pending      ${names}`);
    expect(pending.stdout).toContain('[STORE_MIGRATIONS_PENDING]');
    expect(pending.stdout).toContain('schema check matches');
    expect(userVersion(databasePath(dataDir))).toBe(1);

    const migrated = await doctor(['--data-dir', dataDir, '--migrate']);
    expect(migrated.exitCode).toBe(0);
    expect(migrated.stdout).toContain(`Applied ${names}.`);
    expect(userVersion(databasePath(dataDir))).toBe(extendedMigrations.length);
    expect(listBackups(dataDir)).toHaveLength(1);
  });

  it('names the table and column of a mismatch with exit 1', async () => {
    const dataDir = await healthyDir();
    const dropped = dropLeadsArchivedColumn(databasePath(dataDir));
    const result = await doctor(['--data-dir', dataDir]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`schema check ${dropped.length + 1} difference(s)`);
    expect(result.stdout).toContain('- Table leads is missing column archived (INTEGER NOT NULL DEFAULT 0).');
    expect(result.stdout).toContain('[STORE_SCHEMA_MISMATCH]');
  });

  it('refuses a database from the future with exit 1, also with --migrate, without writing', async () => {
    const dataDir = await healthyDir();
    const db = new Database(databasePath(dataDir));
    // One past the newest version this build knows: written by a newer app.
    db.pragma(`user_version = ${extendedMigrations.length + 1}`);
    db.close();
    const before = fileBytes(databasePath(dataDir));
    for (const args of [
      ['--data-dir', dataDir],
      ['--data-dir', dataDir, '--migrate'],
    ]) {
      const result = await doctor(args);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('[STORE_FUTURE_VERSION]');
      expect(result.stdout).toContain(`schema version ${extendedMigrations.length + 1}, but this Botdeck only knows up to version ${extendedMigrations.length}`);
    }
    expect(fileBytes(databasePath(dataDir)).equals(before)).toBe(true);
  });

  it('reports a damaged file and restores a backup with --restore', async () => {
    const dataDir = await healthyDir();
    const live = new Database(databasePath(dataDir));
    const backup = await takeBackup(live, dataDir, new Date('2026-02-02T00:00:00Z'));
    live.close();
    writeFileSync(databasePath(dataDir), 'definitely not sqlite'.repeat(500));

    const damaged = await doctor(['--data-dir', dataDir]);
    expect(damaged.exitCode).toBe(1);
    expect(damaged.stdout).toContain('[STORE_CORRUPT]');
    expect(damaged.stdout).toContain(`--restore ${backup.name}`);

    const restored = await doctor(['--data-dir', dataDir, '--restore', backup.name]);
    expect(restored.stdout).toContain(`Restored ${backup.name}.`);
    expect(restored.exitCode).toBe(0);
  });

  it('lists the backups with their checks, size and age, the last attempt, and the second folder', async () => {
    const dataDir = await healthyDir();
    const folder = tempDir();
    const live = new Database(databasePath(dataDir));
    writeSettings(live, { backupSecondFolder: folder });
    const safety = await takeBackup(live, dataDir, new Date('2026-02-02T00:00:00Z'));
    let fail = false;
    const schedule = new BackupSchedule({
      db: live,
      dataDir,
      nativeBinding: undefined,
      events: new EventBus(),
      logger: silentLogger,
      settings: () => readSettings(live),
      alerts: { backupAlert: () => undefined },
      now: Date.now,
      copy: (db, dir, now) => (fail ? Promise.reject(new Error('the disk is full')) : takeBackup(db, dir, now, 'scheduled')),
    });
    const good = await schedule.backupNow();
    fail = true;
    await expect(schedule.backupNow()).rejects.toThrow(/the disk is full/);
    live.close();

    const result = await doctor(['--data-dir', dataDir]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('backups      2, newest first:');
    expect(result.stdout).toMatch(new RegExp(`${good.name}  [\\d.]+ KiB  \\S+ \\([^)]+ ago\\)  check ok`));
    expect(result.stdout).toMatch(new RegExp(`${safety.name}  [\\d.]+ KiB  \\S+ \\([^)]+ ago\\)  not checked \\(taken before a change\\)`));
    expect(result.stdout).toMatch(/last backup {2}\S+ \([^)]+ ago\): FAILED: the disk is full/);
    expect(result.stdout).toContain(`2nd folder   ${folder}: 1, newest first:`);
    expect(result.stdout.split(good.name)).toHaveLength(3);

    rmSync(folder, { recursive: true });
    const gone = await doctor(['--data-dir', dataDir, '--json']);
    expect(storeReportSchema.parse(JSON.parse(gone.stdout)).secondFolder).toEqual({ path: folder, backups: [], error: expect.stringContaining('does not exist') as string });
  });

  it('prints one JSON object with --json', async () => {
    const dataDir = tempDir();
    await buildFixture(dataDir, extendedMigrations, 2);
    const result = await doctor(['--data-dir', dataDir, '--json']);
    expect(result.exitCode).toBe(1);
    const report = storeReportSchema.parse(JSON.parse(result.stdout));
    expect(report).toMatchObject({ schemaVersion: 2, appSchemaVersion: extendedMigrations.length, healthy: false, integrity: 'ok' });
    expect(report.pending.map((m) => m.version)).toEqual(extendedMigrations.slice(2).map((m) => m.version));
  });

  it('exits 2 on bad usage', async () => {
    expect((await doctor([])).exitCode).toBe(2);
    expect((await doctor(['--data-dir', 'x', '--frobnicate'])).exitCode).toBe(2);
    expect((await doctor(['--data-dir', 'x', '--migrate', '--restore', 'y'])).exitCode).toBe(2);
    expect((await doctor(['stray'])).stderr).toContain('Usage: npm run doctor');
  });

  it('reads the data folder from BOTDECK_DATA_DIR', async () => {
    const dataDir = await healthyDir();
    const result = await runDoctor([], { env: { BOTDECK_DATA_DIR: dataDir }, appVersion: APP_VERSION, migrations: extendedMigrations });
    expect(result.exitCode).toBe(0);
  });
});

describe('the doctor command', () => {
  function run(args: string[]) {
    return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/main/cli/doctor.ts'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, BOTDECK_DATA_DIR: '' },
    });
  }

  it('exits 0 on a healthy store, 1 on a missing or future one, 2 on bad usage', () => {
    const healthy = tempDir();
    const created = run(['--data-dir', healthy, '--migrate']);
    expect(created.status, created.stderr).toBe(0);
    expect(run(['--data-dir', healthy]).status).toBe(0);
    expect(run(['--data-dir', tempDir()]).status).toBe(1);

    const db = new Database(databasePath(healthy));
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    const future = run(['--data-dir', healthy, '--json']);
    expect(future.status).toBe(1);
    expect(storeReportSchema.parse(JSON.parse(future.stdout)).problems[0]?.code).toBe('STORE_FUTURE_VERSION');

    const bad = run(['--nope']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--nope'");
  });
});
