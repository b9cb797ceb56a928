import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BotdeckError } from './core/errors';
import { errorText as text } from '../shared/i18n/error-text';

/** Where the installed app carries the Electron build: beside app.asar (electron-builder.yml's extraResources). */
export const PACKAGED_SQLITE_BINDING = 'native/better_sqlite3.node';

/** What the lookup needs of Electron's `app`. */
export interface AppPlace {
  readonly isPackaged: boolean;
  getAppPath(): string;
}

/**
 * The better-sqlite3 binary built for Electron's ABI by scripts/electron-sqlite.mjs. It
 * lives beside, not instead of, the Node build that the tests and the CLI use; an installed
 * app carries it in its resources folder, outside the asar, so it can be loaded.
 */
export function electronSqliteBinding(app: AppPlace, resourcesPath: string): string {
  if (app.isPackaged) {
    const binding = join(resourcesPath, ...PACKAGED_SQLITE_BINDING.split('/'));
    if (!existsSync(binding)) {
      throw new BotdeckError('STORE_NATIVE_MISSING', text('store.nativeMissing', { binding }));
    }
    return binding;
  }
  const binding = join(app.getAppPath(), 'node_modules', '.botdeck-native', 'electron', 'better_sqlite3.node');
  if (!existsSync(binding)) {
    throw new BotdeckError('STORE_NATIVE_MISSING', text('store.nativeNotBuilt', { binding }));
  }
  return binding;
}
