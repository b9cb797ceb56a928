import Database from 'better-sqlite3';
import { existsSync, rmSync, statSync } from 'node:fs';
import type { BackupCheck } from '../../../shared/store-status';
import { readUserVersion } from '../db/migrator';
import { errorText } from '../redact';

/** A read-only look leaves SQLite's side files beside a copy taken in WAL mode; empty ones are ours to remove. */
function removeEmptySideFiles(path: string): void {
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) return;
  rmSync(wal, { force: true });
  rmSync(`${path}-shm`, { force: true });
}

/**
 * Opens a backup read-only and asks SQLite to check every page (`integrity_check`, not the
 * quicker quick_check: this runs in the background, once per backup) and that it has the
 * schema version the live database had when it was copied.
 */
export function checkBackup(path: string, expectedVersion: number, now: number, nativeBinding?: string): BackupCheck {
  let db: Database.Database | null = null;
  let userVersion: number | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...(nativeBinding === undefined ? {} : { nativeBinding }) });
    userVersion = readUserVersion(db);
    const integrity = db.pragma('integrity_check(20)', { simple: true });
    if (integrity !== 'ok') return { result: 'failed', detail: `SQLite's integrity check reported: ${String(integrity)}`, checkedAt: now, userVersion };
    if (userVersion !== expectedVersion) {
      return { result: 'failed', detail: `it has schema version ${userVersion}, the database had ${expectedVersion}`, checkedAt: now, userVersion };
    }
    return { result: 'ok', detail: null, checkedAt: now, userVersion };
  } catch (error) {
    return { result: 'failed', detail: `it cannot be read as a database: ${errorText(error)}`, checkedAt: now, userVersion };
  } finally {
    db?.close();
    removeEmptySideFiles(path);
  }
}
