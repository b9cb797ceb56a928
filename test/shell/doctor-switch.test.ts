import Database from 'better-sqlite3';
import { mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { databasePath } from '../../src/main/core/db/paths';
import { migrations } from '../../src/main/core/db/migrations';
import { startDesktopApp } from '../../src/main/desktop';
import { doctorArguments, runDoctorSwitch } from '../../src/main/doctor-switch';
import { buildFixture } from '../support/fixtures';
import { app, FakeBrowserWindow } from '../support/fake-electron';
import { tempDir } from '../support/temp-dir';

vi.mock('electron', () => import('../support/fake-electron'));

const nodeBinding = join(dirname(createRequire(__filename).resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');

/** An app folder holding a better-sqlite3 binary where the shell looks for the Electron build. */
function appPathWithBinding(): string {
  const appPath = tempDir();
  const dir = join(appPath, 'node_modules/.botdeck-native/electron');
  mkdirSync(dir, { recursive: true });
  symlinkSync(nodeBinding, join(dir, 'better_sqlite3.node'));
  return appPath;
}

async function driftedStore(): Promise<string> {
  const dataDir = tempDir();
  await buildFixture(dataDir, migrations, migrations.length);
  const db = new Database(databasePath(dataDir));
  db.exec('DROP INDEX leads_bot_first_seen');
  db.close();
  return dataDir;
}

function output(): { stdout: { write: (text: string) => void; text: string }; stderr: { write: (text: string) => void; text: string } } {
  const stream = () => {
    const sink = { text: '', write: (text: string) => void (sink.text += text) };
    return sink;
  };
  return { stdout: stream(), stderr: stream() };
}

const argv = process.argv;
afterEach(() => {
  process.argv = argv;
  app.hasLock = true;
  vi.clearAllMocks();
});

describe('botdeck --doctor', () => {
  it('finds its arguments after the switch, and nothing without it', () => {
    expect(doctorArguments(['/opt/botdeck/botdeck', '--doctor', '--repair', '--json'])).toEqual(['--repair', '--json']);
    expect(doctorArguments(['electron', '.', '--data-dir', 'x'])).toBeNull();
  });

  it('repairs before any window opens and exits with the doctor status', async () => {
    const dataDir = await driftedStore();
    app.appPath = appPathWithBinding();
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    process.argv = ['electron', '.', '--data-dir', dataDir, '--doctor', '--repair'];

    startDesktopApp();

    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(0));
    const printed = write.mock.calls.map((call) => String(call[0])).join('');
    write.mockRestore();
    expect(printed).toContain('Created index leads_bot_first_seen.');
    expect(printed).toContain('Healthy.');
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(app.whenReady).not.toHaveBeenCalled();
  });

  it('reports with exit 1 on the data folder the app would open (userData), without a lock', async () => {
    const dataDir = await driftedStore();
    const io = output();
    await runDoctorSwitch(
      ['botdeck', '--doctor', '--json'],
      {
        ...hostFor(dataDir),
        requestSingleInstanceLock: () => {
          throw new Error('a read-only report takes no lock');
        },
      },
      io,
      {},
    );
    expect(JSON.parse(io.stdout.text)).toMatchObject({ dataDir, healthy: false });
    expect(exitCodes).toEqual([1]);
  });

  it('refuses to change the file while the app runs on it', async () => {
    const dataDir = await driftedStore();
    const io = output();
    await runDoctorSwitch(['botdeck', '--doctor', '--repair'], { ...hostFor(dataDir), requestSingleInstanceLock: () => false }, io, {});
    expect(io.stderr.text).toContain('Botdeck is running on this data folder');
    expect(exitCodes).toEqual([1]);
  });
});

let exitCodes: number[] = [];
function hostFor(userData: string) {
  exitCodes = [];
  return {
    getPath: () => userData,
    isPackaged: false,
    getAppPath: appPathWithBinding,
    getVersion: () => '1.2.3',
    requestSingleInstanceLock: () => true,
    exit: (code: number) => void exitCodes.push(code),
  };
}
