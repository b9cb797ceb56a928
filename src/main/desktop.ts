import { app, BrowserWindow, ipcMain, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { createHandlers } from './core/api';
import { refusedCore, startCore, type Core } from './core/core';
import { requestedDataDir } from './core/data-dir';
import { contentSecurityPolicy } from './content-security-policy';
import { registerIpcHandlers } from './ipc';
import { forwardEvents } from './event-forwarding';
import { createMainWindow } from './main-window';
import { mediaPicker } from './media-picker';
import { hardenSession } from './web-security';
import { safeStorageSecretStore } from './safe-storage-secret-store';
import { createLogger } from './core/create-logger';
import { electronSqliteBinding } from './sqlite-binding';

/** Opens the core with Electron's data folder and binary; a store problem becomes a status, not a crash. */
async function openCore(): Promise<{ core: Core; nativeBinding?: string }> {
  const dataDir = requestedDataDir(process.argv, process.env) ?? app.getPath('userData');
  const appVersion = app.getVersion();
  let nativeBinding: string;
  try {
    nativeBinding = electronSqliteBinding(app.getAppPath());
  } catch (error) {
    return { core: refusedCore({ dataDir, appVersion }, error) };
  }
  const core = await startCore({ dataDir, appVersion, nativeBinding, secrets: (dir) => safeStorageSecretStore(safeStorage, dir), logger: createLogger(dataDir) });
  return { core, nativeBinding };
}

/**
 * The desktop app's lifecycle: one instance only (a second launch focuses the first
 * window), the core opened before the window, IPC wired from the contract.
 */
export function startDesktopApp(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let mainWindow: BrowserWindow | null = null;
  let core: Core | null = null;
  const devServerUrl = process.env['ELECTRON_RENDERER_URL'];

  const showWindow = (): void => {
    if (mainWindow === null || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow({
        url: devServerUrl ?? null,
        file: join(__dirname, '../renderer/index.html'),
        preload: join(__dirname, '../preload/index.js'),
        icon: join(app.getAppPath(), 'resources', 'icon.png'),
      });
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  app.on('second-instance', showWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) showWindow();
  });
  // Stop the bots cleanly (in-flight sends recorded, heartbeat written) before Electron exits.
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || core === null) return;
    closing = true;
    event.preventDefault();
    void core.close().finally(() => {
      app.quit();
    });
  });

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, contentSecurityPolicy(devServerUrl));
    const opened = await openCore();
    core = opened.core;
    registerIpcHandlers(ipcMain, { ...createHandlers(core, process.platform, opened.nativeBinding), pickMediaFile: mediaPicker(() => mainWindow) });
    forwardEvents(core.events, () => mainWindow);
    showWindow();
  });
}
