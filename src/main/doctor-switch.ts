import { runDoctor } from './cli/doctor-run';
import { DATA_DIR_ENV, requestedDataDir } from './core/data-dir';
import { errorText } from './core/redact';
import { electronSqliteBinding, type AppPlace } from './sqlite-binding';

export const DOCTOR_SWITCH = '--doctor';

/** What the switch needs of Electron's `app`. */
export interface DoctorHost extends AppPlace {
  getPath(name: 'userData'): string;
  getVersion(): string;
  requestSingleInstanceLock(): boolean;
  exit(code: number): void;
}

export interface DoctorOutput {
  write(text: string): unknown;
}

const CHANGES_THE_FILE = ['--repair', '--migrate', '--restore'];

/** The doctor's own arguments when the app was started as `botdeck --doctor ...`; null otherwise. */
export function doctorArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(DOCTOR_SWITCH);
  return at === -1 ? null : argv.slice(at + 1);
}

/**
 * The doctor inside the installed app, before any window opens: the same report, repair and
 * exit status as `npm run doctor`, on the app's data folder (the one the app would open)
 * and its own SQLite build. Changing the file while the app runs on it is refused.
 */
export async function runDoctorSwitch(argv: readonly string[], host: DoctorHost, io: { stdout: DoctorOutput; stderr: DoctorOutput }, env: NodeJS.ProcessEnv): Promise<void> {
  const args = doctorArguments(argv) ?? [];
  let code: number;
  try {
    if (args.some((arg) => CHANGES_THE_FILE.includes(arg)) && !host.requestSingleInstanceLock()) {
      io.stderr.write('Botdeck is running on this data folder: quit it first (tray → Quit), or repair from its console (Settings → Database).\n');
      host.exit(1);
      return;
    }
    const dataDir = requestedDataDir(argv, env) ?? host.getPath('userData');
    const nativeBinding = electronSqliteBinding(host, process.resourcesPath);
    const result = await runDoctor(args, { env: { ...env, [DATA_DIR_ENV]: dataDir }, appVersion: host.getVersion(), nativeBinding });
    io.stdout.write(result.stdout);
    io.stderr.write(result.stderr);
    code = result.exitCode;
  } catch (error) {
    io.stderr.write(`${errorText(error)}\n`);
    code = 1;
  }
  host.exit(code);
}
