import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo } from '../../../shared/store-status';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { readUserVersion } from './migrator';
import { backupsPath, databasePath, fileTimestamp } from './paths';
import { storeFailure } from './sqlite-errors';

export const BACKUPS_KEPT = 10;
const BACKUP_NAME = /^botdeck-(\d{8}T\d{9}Z)(?:-\d+)?-v(\d+)\.db$/;

/** Backups in the data directory, newest first. Files that are not ours are ignored. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupsPath(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .reverse()
    .map((name) => {
      const path = join(dir, name);
      const stat = statSync(path);
      return { name, path, sizeBytes: stat.size, createdAt: stat.mtime.toISOString() };
    });
}

/** Deletes all but the newest `keep` backups. */
export function pruneBackups(dataDir: string, keep: number = BACKUPS_KEPT): void {
  for (const backup of listBackups(dataDir).slice(keep)) rmSync(backup.path, { force: true });
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing was there to clean up, or the folder itself is unusable: the caller reports that.
  }
}

function freshName(dir: string, now: Date, version: number): string {
  const stamp = fileTimestamp(now);
  for (let attempt = 1; ; attempt += 1) {
    const name = attempt === 1 ? `botdeck-${stamp}-v${version}.db` : `botdeck-${stamp}-${attempt}-v${version}.db`;
    if (!existsSync(join(dir, name))) return name;
  }
}

/**
 * Copies the open database with SQLite's online backup API, which reads a consistent
 * snapshot while other connections keep writing. The copy is written under a temporary
 * name and renamed only when complete, so a half-written file never looks like a backup.
 */
export async function takeBackup(db: Database.Database, dataDir: string, now: Date): Promise<BackupInfo> {
  const dir = backupsPath(dataDir);
  const name = freshName(dir, now, readUserVersion(db));
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
  pruneBackups(dataDir);
  const stat = statSync(target);
  return { name, path: target, sizeBytes: stat.size, createdAt: stat.mtime.toISOString() };
}

/** Flushes a file, or a folder's entries (a rename), to the disk. */
function syncToDisk(path: string): void {
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
