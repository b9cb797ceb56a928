import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BotdeckError } from '../../src/main/core/errors';
import { electronSqliteBinding } from '../../src/main/sqlite-binding';
import { tempDir } from '../support/temp-dir';

function withFile(dir: string, relative: string): string {
  const file = join(dir, relative);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, 'binary');
  return file;
}

function failure(run: () => unknown): BotdeckError {
  try {
    run();
  } catch (error) {
    if (error instanceof BotdeckError) return error;
    throw error;
  }
  throw new Error('expected a BotdeckError');
}

describe('where the desktop app finds its Electron build of better-sqlite3', () => {
  it('in a checkout: the copy scripts/electron-sqlite.mjs built into node_modules', () => {
    const appPath = tempDir();
    const file = withFile(appPath, 'node_modules/.botdeck-native/electron/better_sqlite3.node');
    expect(electronSqliteBinding({ isPackaged: false, getAppPath: () => appPath }, '/nonexistent/resources')).toBe(file);
  });

  it('installed: the copy the installer put beside app.asar, not anything inside the asar', () => {
    const resources = tempDir();
    const appPath = join(resources, 'app.asar');
    withFile(appPath, 'node_modules/.botdeck-native/electron/better_sqlite3.node');
    const file = withFile(resources, 'native/better_sqlite3.node');
    expect(electronSqliteBinding({ isPackaged: true, getAppPath: () => appPath }, resources)).toBe(file);
  });

  it('says what to do when it is missing, in a checkout and installed', () => {
    const empty = tempDir();
    const inCheckout = failure(() => electronSqliteBinding({ isPackaged: false, getAppPath: () => empty }, empty));
    expect(inCheckout.code).toBe('STORE_NATIVE_MISSING');
    expect(inCheckout.message).toContain('npm start');
    const installed = failure(() => electronSqliteBinding({ isPackaged: true, getAppPath: () => join(empty, 'app.asar') }, empty));
    expect(installed.code).toBe('STORE_NATIVE_MISSING');
    expect(installed.message).toContain('Reinstall Botdeck');
  });
});
