import { mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames, ipcChannel, type CallResult } from '../../src/shared/calls';
import type { StoreStatus } from '../../src/shared/store-status';
import { startDesktopApp } from '../../src/main/desktop';
import { app, FakeBrowserWindow, ipcHandlers, ipcMain, sessionState } from '../support/fake-electron';
import { tempDir } from '../support/temp-dir';

vi.mock('electron', () => import('../support/fake-electron'));

const nodeBinding = join(dirname(createRequire(__filename).resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');

/** An app folder holding a better-sqlite3 binary where the shell looks for the Electron build. */
function appPathWithBinding(): string {
  const appPath = tempDir();
  const dir = join(appPath, 'node_modules/.botdeck-native/electron');
  mkdirSync(dir, { recursive: true });
  // In these tests the shell runs under Node, so the Node build stands in for the Electron one.
  symlinkSync(nodeBinding, join(dir, 'better_sqlite3.node'));
  return appPath;
}

async function storeStatus(): Promise<StoreStatus> {
  const handler = ipcHandlers.get(ipcChannel('getStoreStatus'));
  if (handler === undefined) throw new Error('no getStoreStatus handler');
  const result = (await handler({}, undefined)) as CallResult<StoreStatus>;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

beforeEach(() => {
  vi.clearAllMocks();
  app.removeAllListeners();
  ipcHandlers.clear();
  FakeBrowserWindow.instances.length = 0;
  app.hasLock = true;
  app.userData = tempDir();
  app.appPath = appPathWithBinding();
  delete process.env['ELECTRON_RENDERER_URL'];
  delete process.env['BOTDECK_DATA_DIR'];
});

describe('the desktop app', () => {
  it('quits at once when another instance holds the lock', () => {
    app.hasLock = false;
    startDesktopApp();
    expect(app.quit).toHaveBeenCalledTimes(1);
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('opens the store, registers one handler per call and opens one secure window', async () => {
    startDesktopApp();
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));

    expect(ipcMain.handle).toHaveBeenCalledTimes(callNames.length);
    expect([...ipcHandlers.keys()].sort()).toEqual(callNames.map(ipcChannel).sort());
    const window = FakeBrowserWindow.instances[0]!;
    expect(window.options['webPreferences']).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect((window.options['webPreferences'] as { preload: string }).preload).toMatch(/preload[\\/]index\.js$/);
    expect(window.options['icon']).toBe(join(app.appPath, 'resources', 'icon.png'));
    expect(window.loadFile).toHaveBeenCalledWith(expect.stringMatching(/renderer[\\/]index\.html$/));
    expect(window.webContents.setWindowOpenHandler).toHaveBeenCalled();
    expect(sessionState.headersListener).not.toBeNull();

    const status = await storeStatus();
    expect(status.state).toBe('ready');
    expect(status.file).toBe(join(app.userData, 'botdeck.db'));
    // The desktop replaces the core's "no picker" with the system's file chooser.
    const picked = await ipcHandlers.get(ipcChannel('pickMediaFile'))?.({}, undefined);
    expect(picked).toEqual({ ok: true, value: { path: '/home/op/offer.jpg' } });
  });

  it('focuses the existing window when a second instance starts', async () => {
    startDesktopApp();
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    const window = FakeBrowserWindow.instances[0]!;
    window.minimized = true;
    app.emit('second-instance');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('loads the dev server URL when electron-vite provides one', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173';
    startDesktopApp();
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    expect(FakeBrowserWindow.instances[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173');
  });

  it('honours BOTDECK_DATA_DIR over userData', async () => {
    const dataDir = tempDir();
    process.env['BOTDECK_DATA_DIR'] = dataDir;
    startDesktopApp();
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    expect((await storeStatus()).file).toBe(join(dataDir, 'botdeck.db'));
  });

  it('explains a missing Electron build of SQLite instead of crashing', async () => {
    app.appPath = tempDir();
    startDesktopApp();
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    const status = await storeStatus();
    expect(status.state).toBe('refused');
    expect(status.error?.code).toBe('STORE_NATIVE_MISSING');
    expect(status.error?.message).toContain('npm start');
  });
});
