import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { restoreBackup } from '../../src/main/core/db/backup';
import { migrations } from '../../src/main/core/db/migrations';
import { databasePath } from '../../src/main/core/db/paths';
import { getSetting, setSetting } from '../../src/main/core/db/settings';
import { openStore } from '../../src/main/core/db/store';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

/** What restore asks of the file system, in order, once `recording` is on. */
const trace = vi.hoisted(() => ({ recording: false, steps: [] as string[], fds: new Map<number, string>() }));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const note = (step: string): void => {
    if (trace.recording) trace.steps.push(step);
  };
  return {
    ...actual,
    copyFileSync: (from: fs.PathLike, to: fs.PathLike, mode?: number) => {
      actual.copyFileSync(from, to, mode);
      note(`copy ${String(to)}`);
    },
    openSync: (path: fs.PathLike, flags: fs.OpenMode = 'r', mode?: fs.Mode) => {
      const fd = actual.openSync(path, flags, mode);
      trace.fds.set(fd, String(path));
      return fd;
    },
    fsyncSync: (fd: number) => {
      actual.fsyncSync(fd);
      note(`fsync ${trace.fds.get(fd) ?? `fd ${fd}`}`);
    },
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      actual.renameSync(from, to);
      note(`rename ${String(from)} -> ${String(to)}`);
    },
  };
});

describe('restoring a backup, durably', () => {
  it('flushes the copy before renaming it into place, and the folder after', async () => {
    const dataDir = tempDir();
    const store = await openStore({ dataDir, appVersion: APP_VERSION });
    setSetting(store.db, 'lead', 'saved');
    const backup = await store.backupNow();
    store.close();
    const file = databasePath(dataDir);

    trace.recording = true;
    const result = restoreBackup(dataDir, backup.name, migrations.length, new Date('2026-05-01T00:00:00Z'));
    trace.recording = false;

    const previous = result.previousMovedTo ?? '';
    expect(trace.steps).toEqual([`rename ${file} -> ${previous}`, `copy ${file}.restoring`, `fsync ${file}.restoring`, `rename ${file}.restoring -> ${file}`, `fsync ${dataDir}`]);
    expect(fs.existsSync(join(dataDir, 'botdeck.db.restoring'))).toBe(false);
    const reopened = await openStore({ dataDir, appVersion: APP_VERSION });
    expect(getSetting(reopened.db, 'lead')).toBe('saved');
    reopened.close();
  });
});
