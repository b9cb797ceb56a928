import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runDoctor } from '../../src/main/cli/doctor-run';
import { startCore } from '../../src/main/core/core';
import { createLogger } from '../../src/main/core/create-logger';
import { openStore } from '../../src/main/core/db/store';
import type { Logger } from '../../src/main/core/logger';
import { preparePrivateDataDir } from '../../src/main/core/private-data-dir';
import { keyFileSecretStore } from '../../src/main/core/secrets/key-file-secret-store';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

const mode = (path: string): number => statSync(path).mode & 0o777;

function recordingLogger(): Logger & { lines: { level: string; fields: Record<string, unknown>; message: string }[] } {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** A folder other users may enter, as `mkdir` leaves it under the usual umask. */
function openFolder(folderMode = 0o755): string {
  const dir = join(tempDir(), 'data');
  mkdirSync(dir);
  chmodSync(dir, folderMode);
  return dir;
}

describe('the data folder', () => {
  it('is created readable by its owner only, parents included', () => {
    const parent = join(tempDir(), 'a');
    const dataDir = join(parent, 'b');
    expect(preparePrivateDataDir(dataDir)).toEqual({ kind: 'created' });
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(parent)).toBe(0o700);
    expect(preparePrivateDataDir(dataDir)).toEqual({ kind: 'private' });
  });

  it('is tightened when other users can enter it', () => {
    const dataDir = openFolder(0o755);
    expect(preparePrivateDataDir(dataDir)).toEqual({ kind: 'tightened', from: 0o755 });
    expect(mode(dataDir)).toBe(0o700);
  });

  it('keeps its mode on Windows, which has no mode bits', () => {
    const dataDir = openFolder(0o755);
    expect(preparePrivateDataDir(dataDir, 'win32')).toEqual({ kind: 'private' });
    expect(mode(dataDir)).toBe(0o755);
  });

  it('is made private by the hosts: the logger, the key file and the store create it so, the engine tightens it and says so', async () => {
    const forLogs = join(tempDir(), 'fresh');
    createLogger(forLogs);
    expect(mode(forLogs)).toBe(0o700);
    expect(mode(join(forLogs, 'logs'))).toBe(0o700);
    // pino opens its file in the background: let it, before the folder is removed.
    await vi.waitFor(() => {
      expect(existsSync(join(forLogs, 'logs', 'botdeck.1.log'))).toBe(true);
    });

    const forKey = join(tempDir(), 'fresh');
    keyFileSecretStore(forKey);
    expect(mode(forKey)).toBe(0o700);
    expect(mode(join(forKey, 'secret.key'))).toBe(0o600);

    const forStore = join(tempDir(), 'fresh');
    (await openStore({ dataDir: forStore, appVersion: APP_VERSION })).close();
    expect(mode(forStore)).toBe(0o700);

    const dataDir = openFolder(0o775);
    const logger = recordingLogger();
    const core = await startCore({ dataDir, appVersion: APP_VERSION, logger });
    await core.close();
    expect(mode(dataDir)).toBe(0o700);
    expect(logger.lines).toContainEqual({
      level: 'warn',
      fields: { dataDir, from: '0775', to: '0700' },
      message: 'the data folder was open to other users; it is now readable by its owner only',
    });

    const quiet = recordingLogger();
    await (await startCore({ dataDir, appVersion: APP_VERSION, logger: quiet })).close();
    expect(quiet.lines.filter((line) => line.message.includes('data folder'))).toEqual([]);
  });

  it('is tightened by the doctor when it is to write, and only then', async () => {
    const dataDir = openFolder(0o755);
    const look = await runDoctor(['--data-dir', dataDir], { env: {}, appVersion: APP_VERSION });
    expect(look.stdout).not.toContain('owner only');
    expect(mode(dataDir)).toBe(0o755);
    const migrate = await runDoctor(['--data-dir', dataDir, '--migrate'], { env: {}, appVersion: APP_VERSION });
    expect(migrate.exitCode).toBe(0);
    expect(migrate.stdout).toContain(`Made the data folder ${dataDir} readable by its owner only (it was 0755, now 0700).`);
    expect(mode(dataDir)).toBe(0o700);
  });

  it.runIf(process.getuid?.() === 0)('is left as it is, and said so, when it belongs to someone else', () => {
    // Root may chmod anything, so the attempt runs as an unprivileged user on root's folder.
    const dataDir = openFolder(0o755);
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '../support/data-dir-child.ts'), dataDir], {
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
      cwd: join(__dirname, '../..'),
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ kind: 'left_open', mode: 0o755, reason: expect.stringContaining('EPERM') as string });
    expect(mode(dataDir)).toBe(0o755);
  });
});
