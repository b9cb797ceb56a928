import { closeSync, existsSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupStatus } from '../../src/shared/backup-status';
import { defaultSettings, type Settings } from '../../src/shared/settings';
import type { BackupInfo } from '../../src/shared/store-status';
import { BackupSchedule, type BackupAlertType } from '../../src/main/core/backups/backup-schedule';
import { BACKUPS_KEPT, listBackups, listBackupsIn, takeBackup } from '../../src/main/core/db/backup';
import { backupsPath } from '../../src/main/core/db/paths';
import { openStore, type Store } from '../../src/main/core/db/store';
import { EventBus } from '../../src/main/core/events';
import { silentLogger } from '../../src/main/core/logger';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

const HOUR = 3_600_000;
const START = Date.parse('2026-06-01T00:00:00Z');

interface Harness {
  readonly dataDir: string;
  readonly store: Store;
  readonly schedule: BackupSchedule;
  readonly alerts: BackupAlertType[];
  readonly pushed: BackupStatus[];
  readonly settings: Settings;
  clock: number;
}

const open: Store[] = [];
afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

type Copy = (db: Database.Database, dataDir: string, now: Date) => Promise<BackupInfo>;

async function harness(settings: Partial<Settings> = {}, copy?: Copy, dataDir = tempDir()): Promise<Harness> {
  const store = await openStore({ dataDir, appVersion: APP_VERSION });
  open.push(store);
  const events = new EventBus();
  const h: { -readonly [K in keyof Harness]: Harness[K] } = {
    dataDir,
    store,
    alerts: [],
    pushed: [],
    settings: { ...defaultSettings, ...settings },
    clock: START,
    schedule: undefined as unknown as BackupSchedule,
  };
  events.on('backup.status', (status) => h.pushed.push(status));
  h.schedule = new BackupSchedule({
    db: store.db,
    dataDir,
    nativeBinding: undefined,
    events,
    logger: silentLogger,
    settings: () => h.settings,
    alerts: { backupAlert: (type) => h.alerts.push(type) },
    now: () => h.clock,
    ...(copy === undefined ? {} : { copy }),
  });
  return h;
}

const scheduled = (dir: string): string[] => listBackupsIn(dir).flatMap((backup) => (backup.kind === 'scheduled' ? [backup.name] : []));

/** Overwrites the middle of the file: SQLite's integrity check finds the damaged pages. */
function damage(path: string): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(8192, 0xab), 0, 8192, 4096);
  closeSync(fd);
}

describe('the backup schedule', () => {
  it('takes a checked backup once the interval has passed since the schedule began, not before', async () => {
    const h = await harness({ backupEveryHours: 6 });
    h.clock = START + 6 * HOUR - 60_000;
    await h.schedule.tick();
    expect(scheduled(backupsPath(h.dataDir))).toEqual([]);
    expect(h.schedule.status()).toMatchObject({ lastGood: null, lastAttempt: null, nextDueAt: START + 6 * HOUR, problem: null });

    h.clock = START + 6 * HOUR;
    await h.schedule.tick();
    const [backup] = listBackups(h.dataDir);
    expect(backup).toMatchObject({ kind: 'scheduled', check: { result: 'ok', detail: null, userVersion: expect.any(Number) as number } });
    expect(readdirSync(backupsPath(h.dataDir)).sort()).toEqual([backup?.name, `${backup?.name}.check.json`].sort());
    expect(h.schedule.status()).toMatchObject({ lastGood: { name: backup?.name }, lastAttempt: { result: 'ok', name: backup?.name }, nextDueAt: START + 12 * HOUR });
    expect(h.pushed.at(-1)?.lastAttempt?.result).toBe('ok');

    // Another look before the next interval takes nothing.
    h.clock = START + 12 * HOUR - 60_000;
    await h.schedule.tick();
    expect(scheduled(backupsPath(h.dataDir))).toHaveLength(1);
  });

  it('carries the schedule over a restart: the interval counts from the first start, not each start', async () => {
    const first = await harness({ backupEveryHours: 24 });
    first.store.close();
    open.splice(0);
    const again = await harness({ backupEveryHours: 24 }, undefined, first.dataDir);
    again.clock = START + 24 * HOUR;
    await again.schedule.tick();
    expect(scheduled(backupsPath(again.dataDir))).toHaveLength(1);
  });

  it('backs up at quit only when the last good backup is older than the interval', async () => {
    const fresh = await harness({ backupEveryHours: 24 });
    fresh.clock = START + 23 * HOUR;
    await fresh.schedule.atQuit(10_000);
    expect(scheduled(backupsPath(fresh.dataDir))).toEqual([]);

    const stale = await harness({ backupEveryHours: 24 });
    stale.clock = START + 25 * HOUR;
    await stale.schedule.atQuit(10_000);
    expect(scheduled(backupsPath(stale.dataDir))).toHaveLength(1);
    // Stopped: a late timer does nothing.
    stale.clock = START + 60 * HOUR;
    await stale.schedule.tick();
    expect(scheduled(backupsPath(stale.dataDir))).toHaveLength(1);
  });

  it('keeps the newest K scheduled backups and never prunes a safety backup, nor lets safety backups prune scheduled ones', async () => {
    const h = await harness({ backupEveryHours: 1, backupsKept: 3 });
    const preMigration = await takeBackup(h.store.db, h.dataDir, new Date(START - HOUR));
    for (let i = 1; i <= 5; i += 1) {
      h.clock = START + i * HOUR;
      await h.schedule.tick();
    }
    const dir = backupsPath(h.dataDir);
    const kept = scheduled(dir);
    expect(kept).toHaveLength(3);
    expect(kept[0]).toBe(h.schedule.status().lastGood?.name);
    expect(listBackups(h.dataDir).map((backup) => backup.name)).toContain(preMigration.name);
    // Pruned backups leave no orphaned check behind.
    expect(readdirSync(dir).filter((name) => name.endsWith('.check.json'))).toHaveLength(3);

    for (let i = 0; i < BACKUPS_KEPT + 2; i += 1) await takeBackup(h.store.db, h.dataDir, new Date(START + 10 * HOUR + i * 60_000));
    expect(scheduled(dir)).toEqual(kept);
    expect(listBackups(h.dataDir).filter((backup) => backup.kind === 'safety')).toHaveLength(BACKUPS_KEPT);
  });

  it('records a copy that fails its integrity check as a failed backup, deletes it, alerts once, and resolves on the next good one', async () => {
    let corrupt = true;
    const copy: Copy = async (db, dataDir, now) => {
      const backup = await takeBackup(db, dataDir, now, 'scheduled');
      if (corrupt) damage(backup.path);
      return backup;
    };
    const h = await harness({ backupEveryHours: 2 }, copy);
    h.clock = START + 2 * HOUR;
    await h.schedule.tick();
    const status = h.schedule.status();
    expect(status).toMatchObject({ lastGood: null, lastAttempt: { result: 'failed', name: null }, problem: 'failed' });
    expect(status.lastAttempt?.detail).toMatch(/did not pass its check/);
    expect(scheduled(backupsPath(h.dataDir))).toEqual([]);
    expect(h.alerts).toEqual(['backup_failed']);
    // The next attempt waits an hour rather than retrying every look.
    expect(status.nextDueAt).toBe(START + 3 * HOUR);

    h.clock = START + 3 * HOUR;
    await h.schedule.tick();
    expect(h.alerts).toEqual(['backup_failed']);

    corrupt = false;
    h.clock = START + 4 * HOUR;
    await h.schedule.tick();
    expect(h.schedule.status()).toMatchObject({ lastAttempt: { result: 'ok' }, problem: null });
    expect(h.alerts).toEqual(['backup_failed', 'backup_ok']);
    expect(scheduled(backupsPath(h.dataDir))).toHaveLength(1);
  });

  it('copies each good backup to the second folder and keeps only K of its own files there', async () => {
    const folder = tempDir();
    writeFileSync(join(folder, 'notes.txt'), 'mine');
    writeFileSync(join(folder, 'botdeck-20200101T000000000Z-v1.db'), 'a safety backup someone copied here');
    const h = await harness({ backupEveryHours: 1, backupsKept: 2, backupSecondFolder: folder });
    for (let i = 1; i <= 3; i += 1) {
      h.clock = START + i * HOUR;
      await h.schedule.tick();
    }
    expect(scheduled(folder)).toEqual(scheduled(backupsPath(h.dataDir)));
    expect(scheduled(folder)).toHaveLength(2);
    expect(listBackupsIn(folder)[0]?.check?.result).toBe('ok');
    expect(readdirSync(folder).filter((name) => name.endsWith('.partial'))).toEqual([]);
    expect(existsSync(join(folder, 'notes.txt'))).toBe(true);
    expect(existsSync(join(folder, 'botdeck-20200101T000000000Z-v1.db'))).toBe(true);
    expect(h.schedule.status().lastAttempt?.secondFolder).toEqual({ result: 'ok', detail: null });
  });

  it('keeps the local backup and reports why when the second folder is missing or not a folder', async () => {
    const parent = tempDir();
    const missing = join(parent, 'Dropbox', 'botdeck');
    const h = await harness({ backupEveryHours: 1, backupSecondFolder: missing });
    h.clock = START + HOUR;
    await h.schedule.tick();
    expect(scheduled(backupsPath(h.dataDir))).toHaveLength(1);
    expect(h.schedule.status()).toMatchObject({ lastAttempt: { result: 'ok', secondFolder: { result: 'failed' } }, problem: null });
    expect(h.schedule.status().lastAttempt?.secondFolder?.detail).toContain('does not exist');
    expect(existsSync(missing)).toBe(false);

    const file = join(parent, 'a-file');
    writeFileSync(file, 'x');
    h.settings.backupSecondFolder = file;
    h.clock = START + 2 * HOUR;
    await h.schedule.tick();
    expect(scheduled(backupsPath(h.dataDir))).toHaveLength(2);
    expect(h.schedule.status().lastAttempt?.secondFolder?.detail).toContain('is not a folder');
  });

  it('starts with an unreadable backups folder, and reports the backup that cannot be written there, with the reason', async () => {
    const dataDir = tempDir();
    writeFileSync(backupsPath(dataDir), 'a file where the backups folder should be');
    const h = await harness({ backupEveryHours: 1 }, undefined, dataDir);
    h.clock = START + HOUR;
    await h.schedule.tick();
    expect(h.schedule.status()).toMatchObject({ lastAttempt: { result: 'failed' }, problem: 'failed' });
    expect(h.schedule.status().lastAttempt?.detail).toMatch(/backup/);
    expect(h.alerts).toEqual(['backup_failed']);
  });

  it('does not call a laptop that slept through the interval overdue: it catches up on waking', async () => {
    const h = await harness({ backupEveryHours: 4 });
    h.clock = START + 30 * HOUR;
    await h.schedule.tick();
    expect(h.alerts).toEqual([]);
    expect(h.schedule.status()).toMatchObject({ lastAttempt: { result: 'ok' }, problem: null });
  });

  it('calls a backup overdue when none is good for the interval plus the grace, and resolves it with the next good one', async () => {
    let release: () => void = () => undefined;
    const copy: Copy = async (db, dataDir, now) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return takeBackup(db, dataDir, now, 'scheduled');
    };
    const h = await harness({ backupEveryHours: 4 }, copy);
    h.clock = START + 4 * HOUR;
    const hanging = h.schedule.tick();
    expect(h.schedule.status()).toMatchObject({ running: true, problem: null });

    h.clock = START + 5 * HOUR;
    await h.schedule.tick();
    expect(h.alerts).toEqual([]);

    h.clock = START + 5 * HOUR + 60_000;
    await h.schedule.tick();
    expect(h.schedule.status().problem).toBe('overdue');
    expect(h.alerts).toEqual(['backup_overdue']);
    await h.schedule.tick();
    expect(h.alerts).toEqual(['backup_overdue']);

    release();
    await hanging;
    expect(h.schedule.status()).toMatchObject({ running: false, problem: null, lastAttempt: { result: 'ok' } });
    expect(h.alerts).toEqual(['backup_overdue', 'backup_ok']);
  });

  it('bounds the wait at quit when the copy hangs', async () => {
    const copy: Copy = () => new Promise<BackupInfo>(() => undefined);
    const h = await harness({ backupEveryHours: 1 }, copy);
    h.clock = START + 2 * HOUR;
    await h.schedule.atQuit(50);
    expect(scheduled(backupsPath(h.dataDir))).toEqual([]);
  });

  it('"Back up now" takes a checked backup that counts as the last good one', async () => {
    const h = await harness({ backupEveryHours: 24 });
    h.clock = START + HOUR;
    const backup = await h.schedule.backupNow();
    expect(backup).toMatchObject({ kind: 'scheduled', check: { result: 'ok' } });
    expect(h.schedule.status()).toMatchObject({ lastGood: { name: backup.name }, nextDueAt: (backup.check?.checkedAt ?? 0) + 24 * HOUR });
  });
});
