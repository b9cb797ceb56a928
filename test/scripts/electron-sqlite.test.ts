import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const script = join(root, 'scripts/electron-sqlite.mjs');

function electronInstalled(): boolean {
  try {
    const binary: unknown = createRequire(join(root, 'package.json'))('electron');
    return typeof binary === 'string' && existsSync(binary);
  } catch {
    return false;
  }
}

describe('the Electron build of better-sqlite3', () => {
  it.runIf(!electronInstalled())('is skipped by postinstall, and refused by prestart, when Electron was not downloaded', () => {
    const postinstall = spawnSync(process.execPath, [script, '--if-electron'], { cwd: root, encoding: 'utf8' });
    expect(postinstall.status).toBe(0);
    expect(postinstall.stdout).toContain('Electron binary not installed; skipping');
    const prestart = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
    expect(prestart.status).toBe(1);
    expect(prestart.stderr).toContain('The Electron binary is not installed');
  });

  it.runIf(electronInstalled())('exists beside the Node build, stamped with the Electron version, after install', () => {
    const result = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const dir = join(root, 'node_modules/.botdeck-native/electron');
    const stamp = JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8')) as { electron: string };
    const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    expect(stamp.electron).toBe(electronVersion);
    expect(existsSync(join(dir, 'better_sqlite3.node'))).toBe(true);
    expect(existsSync(join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
  });
});
