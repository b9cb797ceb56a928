import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ErrorInfo } from '../../../shared/errors';
import { errorText as text, type ErrorText } from '../../../shared/i18n/error-text';
import type { BackupInfo, MigrationRef, SchemaDifference, StoreStatus } from '../../../shared/store-status';
import { BotdeckError, errorInfo, toErrorInfo } from '../errors';
import { PRIVATE_DIR_MODE } from '../private-data-dir';
import { listBackups, takeBackup } from './backup';
import type { Migration } from './migration';
import { migrations as appMigrations } from './migrations';
import { applyMigrations, latestVersion, readUserVersion, validateMigrations } from './migrator';
import { cleanCloseMarker, databasePath } from './paths';
import { restoreChoices } from './restore-choices';
import { blockingDifferences, compareSchemas, expectedSchema, readSchema } from './schema';
import { guarded, storeFailure } from './sqlite-errors';

export interface StoreOptions {
  readonly dataDir: string;
  readonly appVersion: string;
  /** Defaults to the app's migrations; tests pass their own lists. */
  readonly migrations?: readonly Migration[];
  /** Path of a better-sqlite3 binary built for the running runtime (the Electron app passes one). */
  readonly nativeBinding?: string;
  readonly now?: () => Date;
  readonly busyTimeoutMs?: number;
}

export interface Store {
  readonly db: Database.Database;
  readonly file: string;
  readonly dataDir: string;
  /** The better-sqlite3 binary this connection was opened with, for other connections to the same file. */
  readonly nativeBinding: string | undefined;
  /** Whether the previous session closed the store (a quit), rather than crashing or being killed. */
  readonly previousSessionEndedCleanly: boolean;
  status(): StoreStatus;
  /** Throws STORE_SCHEMA_MISMATCH, naming every blocking difference, unless the schema was verified. */
  assertReady(): void;
  backupNow(): Promise<BackupInfo>;
  close(): void;
}

function connectionOptions(options: StoreOptions, extra: Database.Options = {}): Database.Options {
  return {
    ...extra,
    timeout: options.busyTimeoutMs ?? 5000,
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
  };
}

export function newestBackupHint(dataDir: string): ErrorText {
  const newest = listBackups(dataDir)[0];
  if (newest === undefined) return text('store.hint.noBackup', {});
  return text('store.hint.newestBackup', { path: newest.path, createdAt: newest.createdAt, dir: dataDir, name: newest.name });
}

function corrupt(file: string, dataDir: string, detail: string, cause: unknown): BotdeckError {
  return new BotdeckError('STORE_CORRUPT', text('store.corrupt', { file, detail, hint: newestBackupHint(dataDir) }), { cause });
}

export function futureVersionMessage(file: string, fileVersion: number, appVersion: number): ErrorText {
  return text('store.futureVersion', { file, fileVersion, appVersion });
}

/** Fails unless the process may write both the file and its folder (WAL needs its side files). */
function assertWritable(file: string): void {
  for (const path of [dirname(file), file]) {
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      throw storeFailure(error, text('store.doing.openForWriting', {}), path);
    }
  }
}

/**
 * Looks at an existing file without writing to it: refuses a database from the future
 * and a damaged one before anything else happens.
 */
function preflight(file: string, dataDir: string, options: StoreOptions, appSchemaVersion: number, fullCheck: boolean): number {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, connectionOptions(options, { readonly: true, fileMustExist: true }));
    const version = readUserVersion(db);
    if (version > appSchemaVersion) {
      throw new BotdeckError('STORE_FUTURE_VERSION', futureVersionMessage(file, version, appSchemaVersion));
    }
    if (fullCheck) {
      const integrity = db.pragma('quick_check', { simple: true });
      if (integrity !== 'ok') throw corrupt(file, dataDir, `quick_check: ${String(integrity)}`, null);
    }
    return version;
  } catch (error) {
    if (error instanceof BotdeckError) throw error;
    const failure = storeFailure(error, text('store.doing.open', {}), file);
    if (failure.code === 'STORE_CORRUPT') throw corrupt(file, dataDir, error instanceof Error ? error.message : String(error), error);
    throw failure;
  } finally {
    db?.close();
  }
}

function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss or an OS
  // crash (a laptop whose battery dies). A /start we told Telegram we stored must survive
  // that, and a fsync per commit is cheap at the rate leads arrive.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

/**
 * Opens the store the guarded way: refuse a future or damaged file without writing,
 * back up before migrating, migrate atomically, then verify the live schema against the
 * one the migrations produce. Throws a BotdeckError when the file cannot be used; returns
 * a store in state `mismatch` (bots must not run) when the schema has drifted.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const list = options.migrations ?? appMigrations;
  validateMigrations(list);
  const appSchemaVersion = latestVersion(list);
  const now = options.now ?? (() => new Date());
  const dataDir = options.dataDir;
  const file = databasePath(dataDir);

  try {
    // Owner only; the hosts and the doctor also tighten a folder that already exists.
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new BotdeckError('DATA_DIR_UNUSABLE', text('dataDir.unusable', { dir: dataDir, detail }), { cause: error });
  }

  const existed = existsSync(file);
  const endedCleanly = existsSync(cleanCloseMarker(dataDir));
  if (existed) {
    assertWritable(file);
    // quick_check reads the whole file (seconds on a large store), so it runs when the last
    // session did not end cleanly (a crash, a power loss, a copied-in file), and the doctor
    // always runs it. After a clean close SQLite left the file consistent.
    preflight(file, dataDir, options, appSchemaVersion, !endedCleanly);
  }

  const db = guarded(text('store.doing.open', {}), file, () => new Database(file, connectionOptions(options)));
  // From now on an unclean end (crash) must be noticed at the next start.
  rmSync(cleanCloseMarker(dataDir), { force: true });
  try {
    guarded(text('store.doing.configure', {}), file, () => {
      configure(db);
    });
    const before = readUserVersion(db);
    let backup: BackupInfo | null = null;
    if (existed && before < appSchemaVersion) backup = await takeBackup(db, dataDir, now());
    const applied = applyMigrations(db, list, file, {
      appVersion: options.appVersion,
      backupFile: backup?.path ?? null,
      now,
    });
    const differences = guarded(text('store.doing.verifySchema', {}), file, () => compareSchemas(expectedSchema(list, appSchemaVersion, options.nativeBinding), readSchema(db)));
    return createStore(db, { file, dataDir, appSchemaVersion, differences, migratedNow: applied.map(toRef), endedCleanly, nativeBinding: options.nativeBinding });
  } catch (error) {
    db.close();
    throw error;
  }
}

function toRef(migration: Migration): MigrationRef {
  return { version: migration.version, name: migration.name };
}

interface OpenedState {
  readonly file: string;
  readonly dataDir: string;
  readonly appSchemaVersion: number;
  readonly differences: readonly SchemaDifference[];
  readonly migratedNow: readonly MigrationRef[];
  readonly endedCleanly: boolean;
  readonly nativeBinding: string | undefined;
}

/** Names every difference that keeps the bots from running, and the way out. */
export function mismatchMessage(differences: readonly SchemaDifference[]): ErrorText {
  const blocking = blockingDifferences(differences);
  const repairable = blocking.every((difference) => difference.remedy === 'repair');
  const list = blocking.map((difference) => `- ${difference.message}`).join('\n');
  return text(repairable ? 'store.mismatchRepairable' : 'store.mismatchRestore', { list });
}

function createStore(db: Database.Database, state: OpenedState): Store {
  const blocking = blockingDifferences(state.differences);
  const error: ErrorInfo | null = blocking.length === 0 ? null : errorInfo('STORE_SCHEMA_MISMATCH', mismatchMessage(state.differences));
  // Opening each backup costs a little, so it is done once, and only when a backup is the way out.
  const choices = blocking.some((difference) => difference.remedy === 'restore') ? restoreChoices(db, state.dataDir, state.nativeBinding) : [];
  return {
    db,
    file: state.file,
    dataDir: state.dataDir,
    nativeBinding: state.nativeBinding,
    previousSessionEndedCleanly: state.endedCleanly,
    status: () => ({
      state: error === null ? 'ready' : 'mismatch',
      file: state.file,
      schemaVersion: readUserVersion(db),
      appSchemaVersion: state.appSchemaVersion,
      migratedNow: [...state.migratedNow],
      differences: [...state.differences],
      backups: listBackups(state.dataDir),
      restoreChoices: choices,
      telegramWindow: null,
      refusalAlert: null,
      error,
    }),
    assertReady: () => {
      if (error !== null) throw new BotdeckError(error.code, error.text);
    },
    backupNow: () => takeBackup(db, state.dataDir, new Date()),
    close: () => {
      if (!db.open) return;
      db.close();
      try {
        writeFileSync(cleanCloseMarker(state.dataDir), new Date().toISOString());
      } catch {
        // Without the marker the next start runs the full check: slower, never unsafe.
      }
    },
  };
}

/** The status to show when openStore refused the file. */
export function refusedStatus(options: StoreOptions, error: unknown): StoreStatus {
  const file = databasePath(options.dataDir);
  return {
    state: 'refused',
    file,
    schemaVersion: readVersionQuietly(file, options),
    appSchemaVersion: latestVersion(options.migrations ?? appMigrations),
    migratedNow: [],
    differences: [],
    backups: safeListBackups(options.dataDir),
    restoreChoices: [],
    telegramWindow: null,
    refusalAlert: null,
    error: toErrorInfo(error),
  };
}

function readVersionQuietly(file: string, options: StoreOptions): number | null {
  if (!existsSync(file)) return null;
  try {
    const db = new Database(file, connectionOptions(options, { readonly: true, fileMustExist: true }));
    try {
      return readUserVersion(db);
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

function safeListBackups(dataDir: string): BackupInfo[] {
  try {
    return listBackups(dataDir);
  } catch {
    return [];
  }
}
