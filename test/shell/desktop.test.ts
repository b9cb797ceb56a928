import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames, ipcChannel, type CallResult } from '../../src/shared/calls';
import { IPC_EVENT_CHANNEL } from '../../src/shared/events';
import { defaultSettings, type SettingsView } from '../../src/shared/settings';
import type { StoreStatus } from '../../src/shared/store-status';
import { startCore, type Core } from '../../src/main/core/core';
import { startDesktopApp } from '../../src/main/desktop';
import { botStatus } from '../support/bot-status';
import { app, dialog, FakeBrowserWindow, FakeNotification, FakeTray, ipcHandlers, ipcMain, powerSaveBlocker, sessionState } from '../support/fake-electron';
import { tempDir } from '../support/temp-dir';

vi.mock('electron', () => import('../support/fake-electron'));
// The real core, watched: tests reach the notifier the shell hands it, and the core itself.
vi.mock('../../src/main/core/core', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/main/core/core')>();
  return { ...actual, startCore: vi.fn(actual.startCore) };
});
// pino opens its file asynchronously, after a test has already removed its data folder.
vi.mock('../../src/main/core/create-logger', async () => {
  const { silentLogger } = await import('../../src/main/core/logger');
  return { createLogger: () => silentLogger };
});

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

/** An IPC event from the console's own page, as the window loaded it. */
function fromConsole(): { senderFrame: { url: string } } {
  const file = FakeBrowserWindow.instances[0]?.loadFile.mock.calls[0] as unknown[] | undefined;
  if (typeof file?.[0] !== 'string') throw new Error('the window loaded no file');
  return { senderFrame: { url: pathToFileURL(file[0]).href } };
}

async function storeStatus(): Promise<StoreStatus> {
  const handler = ipcHandlers.get(ipcChannel('getStoreStatus'));
  if (handler === undefined) throw new Error('no getStoreStatus handler');
  const result = (await handler(fromConsole(), undefined)) as CallResult<StoreStatus>;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** The core the desktop opened (the store must be usable). */
async function openedCore(): Promise<Core> {
  await vi.waitFor(() => expect(startCore).toHaveBeenCalledTimes(1));
  return vi.mocked(startCore).mock.results[0]!.value as Promise<Core>;
}

/** What the desktop pushed to the console window as `console.open`. */
function consoleOpens(window: FakeBrowserWindow): unknown[] {
  return window.webContents.send.mock.calls
    .filter(([channel, message]) => channel === IPC_EVENT_CHANNEL && (message as { event: string }).event === 'console.open')
    .map(([, message]) => (message as { payload: unknown }).payload);
}

/** Lets the rest of the start-up (all microtasks) finish. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const argv = [...process.argv];

beforeEach(() => {
  vi.clearAllMocks();
  app.removeAllListeners();
  ipcHandlers.clear();
  FakeBrowserWindow.instances.length = 0;
  FakeTray.instances.length = 0;
  FakeNotification.instances.length = 0;
  FakeNotification.supported = true;
  powerSaveBlocker.started.clear();
  app.hasLock = true;
  app.wasOpenedAtLogin = false;
  app.userData = tempDir();
  app.appPath = appPathWithBinding();
  delete process.env['ELECTRON_RENDERER_URL'];
  delete process.env['BOTDECK_DATA_DIR'];
  // Launch at login writes an autostart entry on Linux: never into the real home.
  process.env['XDG_CONFIG_HOME'] = tempDir();
});

afterEach(() => {
  process.argv.splice(0, process.argv.length, ...argv);
  delete process.env['XDG_CONFIG_HOME'];
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
    // The desktop replaces the core's "no picker" with the system's file chooser, and keeps a
    // copy of what the operator picked in the media folder.
    const original = join(tempDir(), 'My offer.jpg');
    writeFileSync(original, 'jpeg bytes');
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [original] });
    const picked = await ipcHandlers.get(ipcChannel('pickMediaFile'))?.(fromConsole(), undefined);
    expect(picked).toEqual({ ok: true, value: { name: 'My offer.jpg' } });
    expect(readFileSync(join(app.userData, 'media', 'My offer.jpg'), 'utf8')).toBe('jpeg bytes');
    // A page other than the console gets nothing, the file chooser least of all.
    const stranger = await ipcHandlers.get(ipcChannel('pickMediaFile'))?.({ senderFrame: { url: 'https://evil.example/' } }, undefined);
    expect(stranger).toMatchObject({ ok: false, error: { code: 'IPC_SENDER_REFUSED' } });
    expect(dialog.showOpenDialog).toHaveBeenCalledTimes(1);
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

  it('ignores ELECTRON_RENDERER_URL in a packaged app', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173';
    app.isPackaged = true;
    try {
      startDesktopApp();
      app.becomeReady();
      await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
      expect(FakeBrowserWindow.instances[0]!.loadURL).not.toHaveBeenCalled();
      expect(FakeBrowserWindow.instances[0]!.loadFile).toHaveBeenCalledWith(expect.stringMatching(/renderer[\\/]index\.html$/));
      await vi.waitFor(() => expect(ipcHandlers.size).toBeGreaterThan(0));
      const fromDevServer = await ipcHandlers.get(ipcChannel('getStoreStatus'))?.({ senderFrame: { url: 'http://localhost:5173/' } }, undefined);
      expect(fromDevServer).toMatchObject({ ok: false, error: { code: 'IPC_SENDER_REFUSED' } });
    } finally {
      app.isPackaged = false;
    }
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
    // Settings cannot be read: the login item is left as it is rather than removed on a guess.
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
    expect(FakeTray.instances).toHaveLength(1);
  });
});

describe('the desktop app in the tray', () => {
  it('opens a green tray once the core is open', async () => {
    startDesktopApp();
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    expect(FakeTray.instances).toHaveLength(1);
    const tray = FakeTray.instances[0]!;
    expect(tray.image).toBe(join(app.appPath, 'resources', 'tray-green.png'));
    expect(tray.toolTip).toBe('Botdeck — no bots');
    expect(tray.menu().labels()).toEqual(['Open Botdeck', 'Quit Botdeck']);
  });

  it('hides the window on close instead of quitting, and brings it back from the tray', async () => {
    startDesktopApp();
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    const window = FakeBrowserWindow.instances[0]!;

    expect(window.close()).toBe(true);
    expect(window.hide).toHaveBeenCalledTimes(1);
    app.emit('window-all-closed');
    expect(app.quit).not.toHaveBeenCalled();

    FakeTray.instances[0]!.menu().click('Open Botdeck');
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('really quits from the tray: the core closes, the tray goes, the window may close', async () => {
    startDesktopApp();
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    const window = FakeBrowserWindow.instances[0]!;
    const tray = FakeTray.instances[0]!;

    tray.menu().click('Quit Botdeck');
    expect(app.quit).toHaveBeenCalledTimes(1);
    // What Electron does next: before-quit, which the shell holds until the core has closed.
    const beforeQuit = { preventDefault: vi.fn() };
    app.emit('before-quit', beforeQuit);
    expect(beforeQuit.preventDefault).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(2));
    expect((await storeStatus()).state).toBe('refused');
    expect(tray.destroyed).toBe(true);

    const again = { preventDefault: vi.fn() };
    app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(window.close()).toBe(false);
  });

  it('lets the window close when the OS quits the app (Cmd+Q, logout)', async () => {
    startDesktopApp();
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    app.emit('before-quit', { preventDefault: vi.fn() });
    expect(FakeBrowserWindow.instances[0]!.close()).toBe(false);
  });

  it('brings the console to the alerts page when a notification is clicked', async () => {
    startDesktopApp();
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    const window = FakeBrowserWindow.instances[0]!;
    window.close();
    window.minimized = true;

    const notifier = vi.mocked(startCore).mock.calls[0]![0].notifier!;
    expect(notifier.unavailable()).toBeNull();
    notifier.show({ title: '@shop_bot is down', body: 'Telegram cannot be reached.', opens: { page: 'alerts', incidentId: 7 } });
    FakeNotification.instances[0]!.click();

    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(consoleOpens(window)).toEqual([{ page: 'alerts', incidentId: 7 }]);
  });

  it('starts in the tray only when launched at login, and opens the window from a notification', async () => {
    process.argv.push('--hidden');
    startDesktopApp();
    app.becomeReady();
    await vi.waitFor(() => expect(FakeTray.instances).toHaveLength(1));
    await settle();
    expect(FakeBrowserWindow.instances).toHaveLength(0);

    const notifier = vi.mocked(startCore).mock.calls[0]![0].notifier!;
    notifier.show({ title: 'Botdeck', body: 'Recovery job 3 ended.', opens: { page: 'recovery', jobId: 3 } });
    FakeNotification.instances[0]!.click();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const window = FakeBrowserWindow.instances[0]!;
    // The new console is not listening yet: it hears where to go once it has rendered.
    expect(consoleOpens(window)).toEqual([]);
    window.emit('ready-to-show');
    expect(consoleOpens(window)).toEqual([{ page: 'recovery', jobId: 3 }]);
  });

  it('keeps the computer awake and launches at login as the settings say', async () => {
    startDesktopApp();
    app.becomeReady();
    const core = await openedCore();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    const moneyBasis = {
      from: 'settings',
      averageTicket: null,
      conversionRatePercent: null,
      measured: { starts: 0, paid: 0, brlPayers: 0, conversionRatePercent: null, averageTicket: null },
    } as const;
    const settings: SettingsView = { ...defaultSettings, effectiveApiRoot: 'https://api.telegram.org', apiRootFrom: 'default', dataDir: core.dataDir, secrets: null, moneyBasis };

    core.events.emit('settings.changed', { ...settings, keepAwake: true });
    // No bot works yet: nothing to stay awake for.
    expect(powerSaveBlocker.start).not.toHaveBeenCalled();
    core.events.emit('bot.status', botStatus(1));
    expect(powerSaveBlocker.start).toHaveBeenCalledWith('prevent-app-suspension');
    expect(FakeTray.instances[0]!.toolTip).toBe('Botdeck — 1 running');
    core.events.emit('settings.changed', { ...settings, keepAwake: false });
    expect(powerSaveBlocker.started.size).toBe(0);

    const autostart = join(process.env['XDG_CONFIG_HOME']!, 'autostart', 'botdeck.desktop');
    core.events.emit('settings.changed', { ...settings, launchAtLogin: true });
    expect(existsSync(autostart)).toBe(true);
    core.events.emit('settings.changed', { ...settings, launchAtLogin: false });
    expect(existsSync(autostart)).toBe(false);
  });
});
