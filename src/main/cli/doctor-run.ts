import { parseArgs } from 'node:util';
import type { ErrorInfo } from '../../shared/errors';
import type { StoreReport } from '../../shared/store-report';
import { requestedDataDir } from '../core/data-dir';
import { restoreBackup } from '../core/db/backup';
import { inspectStore } from '../core/db/inspect';
import type { Migration } from '../core/db/migration';
import { migrations as appMigrations } from '../core/db/migrations';
import { latestVersion } from '../core/db/migrator';
import { repairStore } from '../core/db/repair';
import { openStore } from '../core/db/store';
import { toErrorInfo } from '../core/errors';
import { dataDirNote, preparePrivateDataDir } from '../core/private-data-dir';
import { formatReport } from './doctor-format';

export const DOCTOR_USAGE = `Usage: npm run doctor -- --data-dir DIR [--migrate] [--repair] [--restore BACKUP] [--json]
       botdeck --doctor [--data-dir DIR] [--repair] [--json]   (the installed app)

Looks at Botdeck's database without changing it and reports its schema version,
pending migrations, schema differences, integrity and backups.

  --data-dir DIR     the data folder (or set BOTDECK_DATA_DIR)
  --migrate          apply pending migrations, after a backup
  --repair           migrate, then repair what drifted and can be rebuilt from the app's
                     own schema (missing indexes, triggers, views, columns with a default),
                     after a backup, in one transaction; checked again. Stop Botdeck first.
  --restore BACKUP   replace the database with a backup (by file name); the current
                     file is kept beside it. Stop Botdeck first.
  --json             print one JSON object instead of text

Exit status: 0 healthy, 1 a problem was found, 2 bad usage.
`;

export interface DoctorResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

export interface DoctorDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly appVersion: string;
  readonly migrations?: readonly Migration[];
  /** The better-sqlite3 binary of the running runtime (the installed app passes Electron's). */
  readonly nativeBinding?: string;
}

interface DoctorJson extends StoreReport {
  readonly actions: readonly string[];
  readonly actionError: ErrorInfo | null;
}

function usage(message: string): DoctorResult {
  return { exitCode: 2, stdout: '', stderr: `${message}\n\n${DOCTOR_USAGE}` };
}

export async function runDoctor(argv: readonly string[], deps: DoctorDeps): Promise<DoctorResult> {
  let values: { help?: boolean; migrate?: boolean; repair?: boolean; json?: boolean; restore?: string; 'data-dir'?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        migrate: { type: 'boolean' },
        repair: { type: 'boolean' },
        restore: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { exitCode: 0, stdout: DOCTOR_USAGE, stderr: '' };
  const dataDir = requestedDataDir(argv, deps.env);
  if (dataDir === null) return usage('Say which data folder to look at: --data-dir DIR or BOTDECK_DATA_DIR.');
  if (values.migrate === true && values.restore !== undefined) return usage('--migrate and --restore cannot be used together.');
  if (values.repair === true && values.restore !== undefined) return usage('--repair and --restore cannot be used together.');

  const migrations = deps.migrations ?? appMigrations;
  const binding = deps.nativeBinding === undefined ? {} : { nativeBinding: deps.nativeBinding };
  const actions: string[] = [];
  let actionError: ErrorInfo | null = null;
  try {
    if (values.migrate === true || values.restore !== undefined) {
      const note = dataDirNote(dataDir, preparePrivateDataDir(dataDir));
      if (note !== null) actions.push(note);
    }
    if (values.restore !== undefined) {
      const result = restoreBackup(dataDir, values.restore, latestVersion(migrations), new Date(), deps.nativeBinding);
      actions.push(`Restored ${result.restored.name}.`);
      if (result.previousMovedTo !== null) actions.push(`The replaced database is kept at ${result.previousMovedTo}.`);
    }
    if (values.repair === true) {
      actions.push(...(await repairStore({ dataDir, appVersion: deps.appVersion, migrations, ...binding })).actions);
    } else if (values.migrate === true) {
      const store = await openStore({ dataDir, appVersion: deps.appVersion, migrations, ...binding });
      const status = store.status();
      store.close();
      actions.push(status.migratedNow.length === 0 ? 'No migration was pending.' : `Applied ${status.migratedNow.map((m) => m.name).join(', ')}.`);
    }
  } catch (error) {
    actionError = toErrorInfo(error);
  }

  const report = inspectStore({ dataDir, migrations, ...binding });
  const failure = actionError;
  const problems = failure === null ? report.problems : [failure, ...report.problems.filter((p) => p.code !== failure.code)];
  const final: DoctorJson = { ...report, problems, healthy: problems.length === 0, actions, actionError };
  const stdout = values.json === true ? `${JSON.stringify(final, null, 2)}\n` : formatReport(final, actions);
  return { exitCode: final.healthy ? 0 : 1, stdout, stderr: '' };
}
