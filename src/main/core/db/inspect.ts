import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ErrorInfo } from '../../../shared/errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { SchemaDifference } from '../../../shared/store-status';
import type { BackupAttempt } from '../../../shared/backup-status';
import type { StoreReport } from '../../../shared/store-report';
import { readLastAttempt } from '../backups/backup-schedule';
import { listSecondFolder } from '../backups/second-folder';
import { readSettings } from '../operator-settings';
import { listBackups } from './backup';
import type { Migration } from './migration';
import { migrations as appMigrations } from './migrations';
import { latestVersion, pendingMigrations, readUserVersion, validateMigrations } from './migrator';
import { databasePath } from './paths';
import { blockingDifferences, compareSchemas, expectedSchema, readSchema } from './schema';
import { errorInfo } from '../errors';
import { storeFailure } from './sqlite-errors';
import { futureVersionMessage, mismatchMessage, newestBackupHint } from './store';

export interface InspectOptions {
  readonly dataDir: string;
  readonly migrations?: readonly Migration[];
  readonly nativeBinding?: string;
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** What the backup schedule recorded, and the second folder's backups; a database too damaged to say is reported above. */
function readBackupSchedule(db: Database.Database, report: { lastBackupAttempt: BackupAttempt | null; secondFolder: StoreReport['secondFolder'] }): void {
  try {
    report.lastBackupAttempt = readLastAttempt(db);
    const folder = readSettings(db).backupSecondFolder;
    report.secondFolder = folder === null ? null : { path: folder, ...listSecondFolder(folder) };
  } catch {
    // Settings unreadable: the integrity and schema checks already say why.
  }
}

/**
 * Looks at the data folder read-only and reports everything the doctor shows. The schema
 * is compared with what the migrations produce at the FILE's version, so a database that
 * merely awaits migrations is not reported as drifted.
 */
export function inspectStore(options: InspectOptions): StoreReport {
  const list = options.migrations ?? appMigrations;
  validateMigrations(list);
  const appSchemaVersion = latestVersion(list);
  const file = databasePath(options.dataDir);
  const problems: ErrorInfo[] = [];
  const report = {
    dataDir: options.dataDir,
    file,
    exists: existsSync(file),
    sizeBytes: null as number | null,
    schemaVersion: null as number | null,
    appSchemaVersion,
    pending: [] as { version: number; name: string }[],
    differences: [] as SchemaDifference[],
    integrity: 'not_checked' as StoreReport['integrity'],
    integrityDetail: null as string | null,
    backups: listBackups(options.dataDir),
    lastBackupAttempt: null as BackupAttempt | null,
    secondFolder: null as StoreReport['secondFolder'],
  };
  const finish = (): StoreReport => ({ ...report, problems, healthy: problems.length === 0 });

  if (!report.exists) {
    problems.push(errorInfo('STORE_MISSING', text('store.missing', { file })));
    return finish();
  }
  report.sizeBytes = statSync(file).size;
  if (!writable(file) || !writable(dirname(file))) {
    problems.push(errorInfo('STORE_READ_ONLY', text('store.readOnlyFile', { file })));
  }

  let db: Database.Database | null = null;
  try {
    db = new Database(file, {
      readonly: true,
      fileMustExist: true,
      ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
    });
    const version = readUserVersion(db);
    report.schemaVersion = version;
    if (version > appSchemaVersion) {
      problems.push(errorInfo('STORE_FUTURE_VERSION', futureVersionMessage(file, version, appSchemaVersion)));
      return finish();
    }
    const integrity = db.pragma('quick_check', { simple: true });
    report.integrity = integrity === 'ok' ? 'ok' : 'failed';
    if (integrity !== 'ok') {
      report.integrityDetail = String(integrity);
      problems.push(errorInfo('STORE_CORRUPT', text('store.integrityFailed', { file, detail: String(integrity), hint: newestBackupHint(options.dataDir) })));
    }
    report.pending = pendingMigrations(list, version).map(({ version: v, name }) => ({ version: v, name }));
    if (report.pending.length > 0) {
      problems.push(errorInfo('STORE_MIGRATIONS_PENDING', text('store.migrationsPending', { count: report.pending.length, names: report.pending.map((m) => m.name).join(', ') })));
    }
    report.differences = [...compareSchemas(expectedSchema(list, version, options.nativeBinding), readSchema(db))];
    readBackupSchedule(db, report);
    // Tolerated extras are listed with the differences but are no problem.
    if (blockingDifferences(report.differences).length > 0) {
      problems.push(errorInfo('STORE_SCHEMA_MISMATCH', mismatchMessage(report.differences)));
    }
  } catch (error) {
    const failure = storeFailure(error, text('store.doing.read', {}), file);
    if (failure.code === 'STORE_CORRUPT') {
      report.integrity = 'failed';
      report.integrityDetail = error instanceof Error ? error.message : String(error);
      problems.push(errorInfo(failure.code, text('store.corruptWithHint', { cause: failure.text, hint: newestBackupHint(options.dataDir) })));
    } else {
      problems.push(failure.toInfo());
    }
  } finally {
    db?.close();
  }
  return finish();
}
