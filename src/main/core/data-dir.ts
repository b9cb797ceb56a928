import { parseArgs } from 'node:util';

export const DATA_DIR_ENV = 'BOTDECK_DATA_DIR';

/**
 * The data folder asked for on the command line (`--data-dir DIR`) or in the environment
 * (BOTDECK_DATA_DIR), in that order; null when neither is given, so the host picks its
 * own default (Electron's userData in the desktop app).
 */
export function requestedDataDir(argv: readonly string[], env: NodeJS.ProcessEnv): string | null {
  const { values } = parseArgs({
    args: [...argv],
    options: { 'data-dir': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const fromArgs = values['data-dir'];
  if (typeof fromArgs === 'string' && fromArgs.trim() !== '') return fromArgs;
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  return null;
}
