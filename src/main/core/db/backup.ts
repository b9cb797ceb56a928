import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupCheckSchema, type BackupCheck, type BackupInfo } from '../../../shared/store-status';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { readUserVersion } from './migrator';
import { backupsPath, databasePath, fileTimestamp } from './paths';
import { storeFailure } from './sqlite-errors';

/** How many safety backups (before a migration, a restore or a repair) are kept; scheduled ones have their own count. */
export const BACKUPS_KEPT = 10;
const BACKUP_NAME = /^botdeck-(\d{8}T\d{9}Z)(?:-\d+)?-v(\d+)(-scheduled)?\.db$/;

/**
 * safety: taken before the database is changed (a migration, a restore, a repair).
 * scheduled: taken by the backup schedule (or "Back up now") and checked for integrity.
 */
export type BackupKind = 'safety' | 'scheduled';

export function isBackupName(name: string): boolean {
  return BACKUP_NAME.test(name);
}

export function backupKindOf(name: string): BackupKind {
  return BACKUP_NAME.exec(name)?.[3] === undefined ? 'safety' : 'scheduled';
}

/** Where a backup's integrity check is recorded, beside the copy, so it travels with it. */
export function checkFileOf(backupPath: string): string {
  return `${backupPath}.check.json`;
}

function infoOf(dir: string, name: string): BackupInfo {
  const path = join(dir, name);
  const stat = statSync(path);
  return { name, path, sizeBytes: stat.size, createdAt: stat.mtime.toISOString(), kind: backupKindOf(name), check: readCheck(path) };
}

/** Our backups in a folder, newest first. Files that are not ours are ignored. */
export function listBackupsIn(dir: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(isBackupName)
    .sort()
    .reverse()
    .map((name) => infoOf(dir, name));
}

/** Backups in the data directory, newest first. */
export function listBackups(dataDir: string): BackupInfo[] {
  return listBackupsIn(backupsPath(dataDir));
}

function removeBackupFile(path: string): void {
  rmSync(path, { force: true });
  rmSync(checkFileOf(path), { force: true });
}

/**
 * Deletes all but the newest `keep` backups of one kind in a folder. Each kind counts only
 * itself: the schedule never prunes a safety backup, nor a migration a scheduled one.
 */
export function pruneBackupsIn(dir: string, kind: BackupKind, keep: number): void {
  for (const backup of listBackupsIn(dir)
    .filter((entry) => entry.kind === kind)
    .slice(keep))
    removeBackupFile(backup.path);
}

/** Deletes all but the newest `keep` safety backups. */
export function pruneBackups(dataDir: string, keep: number = BACKUPS_KEPT): void {
  pruneBackupsIn(backupsPath(dataDir), 'safety', keep);
}

/** The recorded check of a backup; null when none was recorded (a safety backup) or it cannot be read. */
export function readCheck(backupPath: string): BackupCheck | null {
  try {
    const parsed = backupCheckSchema.safeParse(JSON.parse(readFileSync(checkFileOf(backupPath), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeCheck(backupPath: string, check: BackupCheck): void {
  writeFileSync(checkFileOf(backupPath), `${JSON.stringify(check)}\n`);
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing was there to clean up, or the folder itself is unusable: the caller reports that.
  }
}

function freshName(dir: string, now: Date, version: number, kind: BackupKind): string {
  const stamp = fileTimestamp(now);
  const tag = kind === 'scheduled' ? '-scheduled' : '';
  for (let attempt = 1; ; attempt += 1) {
    const name = attempt === 1 ? `botdeck-${stamp}-v${version}${tag}.db` : `botdeck-${stamp}-${attempt}-v${version}${tag}.db`;
    if (!existsSync(join(dir, name))) return name;
  }
}

/**
 * Copies the open database with SQLite's online backup API, which reads a consistent
 * snapshot while other connections keep writing. The copy is written under a temporary
 * name and renamed only when complete, so a half-written file never looks like a backup.
 */
export async function takeBackup(db: Database.Database, dataDir: string, now: Date, kind: BackupKind = 'safety'): Promise<BackupInfo> {
  const dir = backupsPath(dataDir);
  const name = freshName(dir, now, readUserVersion(db), kind);
  const target = join(dir, name);
  const partial = `${target}.partial`;
  try {
    mkdirSync(dir, { recursive: true });
    await db.backup(partial);
    renameSync(partial, target);
  } catch (error) {
    removeQuietly(partial);
    const cause = storeFailure(error, text('store.doing.writeBackup', {}), dir);
    throw new BotdeckError('STORE_BACKUP_FAILED', text('store.backupFailed', { cause: cause.text }), { cause: error });
  }
  if (kind === 'safety') pruneBackups(dataDir);
  return infoOf(dir, name);
}

/** Flushes a file, or a folder's entries (a rename), to the disk. */
export function syncToDisk(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface RestoreResult {
  readonly restored: BackupInfo;
  /** Where the database that was replaced now lives; null if there was none. */
  readonly previousMovedTo: string | null;
}

/**
 * Replaces the database with a backup. The store must be closed. The backup is checked
 * first (it opens, passes quick_check, is not newer than the app); the current file is
 * moved aside, never deleted, so a restore can itself be undone.
 */
export function restoreBackup(dataDir: string, backupName: string, appSchemaVersion: number, now: Date, nativeBinding?: string): RestoreResult {
  const backup = listBackups(dataDir).find((entry) => entry.name === backupName);
  if (backup === undefined) {
    throw new BotdeckError('STORE_RESTORE_FAILED', text('store.noSuchBackup', { name: backupName, dir: backupsPath(dataDir) }));
  }
  let check: Database.Database | null = null;
  try {
    check = new Database(backup.path, { readonly: true, fileMustExist: true, ...(nativeBinding === undefined ? {} : { nativeBinding }) });
    const integrity = check.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`quick_check reported: ${String(integrity)}`);
    const version = readUserVersion(check);
    if (version > appSchemaVersion) {
      throw new Error(`it has schema version ${version}, newer than this app's ${appSchemaVersion}`);
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new BotdeckError('STORE_RESTORE_FAILED', text('store.backupUnusable', { name: backupName, detail }), { cause: error });
  } finally {
    check?.close();
  }

  const file = databasePath(dataDir);
  let previousMovedTo: string | null = null;
  try {
    if (existsSync(file)) {
      previousMovedTo = `${file}.before-restore-${fileTimestamp(now)}`;
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(file + suffix)) renameSync(file + suffix, previousMovedTo + suffix);
      }
    }
    // A power cut must leave either the old name or the whole restored file under it: the
    // copy reaches the disk before the rename, and the rename before we report success.
    copyFileSync(backup.path, `${file}.restoring`);
    syncToDisk(`${file}.restoring`);
    renameSync(`${file}.restoring`, file);
    // Windows cannot open a folder to flush it; NTFS journals the rename itself.
    if (process.platform !== 'win32') syncToDisk(dataDir);
  } catch (error) {
    const cause = storeFailure(error, text('store.doing.restore', { name: backupName }), file);
    const what = previousMovedTo === null ? text('store.restoreFailed', { cause: cause.text }) : text('store.restoreFailedKept', { cause: cause.text, path: previousMovedTo });
    throw new BotdeckError('STORE_RESTORE_FAILED', what, { cause: error });
  }
  return { restored: backup, previousMovedTo };
}
