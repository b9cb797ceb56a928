import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BotdeckError } from './core/errors';

/**
 * The better-sqlite3 binary built for Electron's ABI by scripts/electron-sqlite.mjs. It
 * lives beside, not instead of, the Node build that the tests and the CLI use.
 */
export function electronSqliteBinding(appPath: string): string {
  const binding = join(appPath, 'node_modules', '.botdeck-native', 'electron', 'better_sqlite3.node');
  if (!existsSync(binding)) {
    throw new BotdeckError('STORE_NATIVE_MISSING', `The database engine for Electron is not built (${binding} is missing). Run "npm start" again: its first step builds it.`);
  }
  return binding;
}
