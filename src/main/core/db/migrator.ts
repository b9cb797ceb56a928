import type { Database } from 'better-sqlite3';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { Migration } from './migration';
import { storeFailure } from './sqlite-errors';

/** Throws when the list is not 1..n without gaps, or a name does not start with its version. */
export function validateMigrations(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    const expected = index + 1;
    if (migration.version !== expected) {
      throw new Error(`Migration list out of order: position ${expected} holds version ${migration.version}`);
    }
    const prefix = String(expected).padStart(3, '0');
    if (!new RegExp(`^${prefix}_[a-z0-9_]+$`).test(migration.name)) {
      throw new Error(`Migration ${expected} is named '${migration.name}'; it must look like '${prefix}_what_it_does'`);
    }
  });
}

export function latestVersion(list: readonly Migration[]): number {
  return list.length;
}

export function pendingMigrations(list: readonly Migration[], fromVersion: number): readonly Migration[] {
  return list.filter((migration) => migration.version > fromVersion);
}

export function readUserVersion(db: Database): number {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new Error('PRAGMA user_version returned no number');
  return version;
}

export interface MigrationRun {
  readonly appVersion: string;
  readonly backupFile: string | null;
  readonly now: () => Date;
}

/**
 * Applies every pending migration in ONE transaction: either the database reaches the
 * newest version or it stays exactly where it was. Foreign keys are switched off around
 * the transaction (SQLite ignores that pragma inside one) so a migration may rebuild a
 * table, and are checked before commit so a migration cannot leave dangling references.
 */
export function applyMigrations(db: Database, list: readonly Migration[], file: string, run: MigrationRun): readonly Migration[] {
  const fromVersion = readUserVersion(db);
  const pending = pendingMigrations(list, fromVersion);
  if (pending.length === 0) return pending;

  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  const progress: { current: Migration | null } = { current: null };
  try {
    db.transaction(() => {
      const log = (migration: Migration): void => {
        db.prepare('INSERT INTO migration_log (version, name, applied_at, app_version, backup_file) VALUES (?, ?, ?, ?, ?)').run(
          migration.version,
          migration.name,
          run.now().toISOString(),
          run.appVersion,
          run.backupFile,
        );
      };
      for (const migration of pending) {
        progress.current = migration;
        migration.up(db);
        log(migration);
        db.pragma(`user_version = ${migration.version}`);
      }
      progress.current = null;
      const violations = db.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) {
        throw new Error(`${violations.length} row(s) would break a foreign key`);
      }
    }).immediate();
  } catch (error) {
    const failed = progress.current;
    const cause = storeFailure(error, text('store.doing.migrate', {}), file);
    if (cause.code === 'STORE_DISK_FULL' || cause.code === 'STORE_READ_ONLY' || cause.code === 'STORE_BUSY') {
      throw new BotdeckError(cause.code, text('store.migrationUnchanged', { cause: cause.text, version: fromVersion }), { cause: error });
    }
    const detail = error instanceof Error ? error.message : String(error);
    const what =
      failed === null ? text('store.foreignKeyCheckFailed', { detail, version: fromVersion }) : text('store.migrationFailed', { name: failed.name, detail, version: fromVersion });
    throw new BotdeckError('STORE_MIGRATION_FAILED', what, { cause: error });
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
  return pending;
}
