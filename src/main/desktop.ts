import { app, BrowserWindow, ipcMain, Notification, powerSaveBlocker, safeStorage, session } from 'electron';
import { join } from 'node:path';
import type { ConsoleTarget } from '../shared/alerts';
import type { BotStatus } from '../shared/bot-status';
import type { Notifier } from './core/alerts/notifier';
import { createHandlers } from './core/api';
import { refusedCore, startCore, type Core } from './core/core';
import { requestedDataDir } from './core/data-dir';
import { silentLogger, type Logger } from './core/logger';
import { catchProcessFaults } from './core/process-faults';
import { errorText } from './core/redact';
import { consoleLocation, isConsoleUrl } from './console-location';
import { contentSecurityPolicy } from './content-security-policy';
import { registerIpcHandlers } from './ipc';
import { forwardEvents } from './event-forwarding';
import { electronNotifier } from './electron-notifier';
import { FleetTray } from './fleet-tray';
import { followDesktopSettings } from './desktop-settings';
import { followBotActivity, KeepAwake } from './keep-awake';
import { startedAtLogin } from './launch-at-login';
import { createMainWindow } from './main-window';
import { doctorArguments, runDoctorSwitch } from './doctor-switch';
import { mediaPicker } from './media-picker';
import { hardenSession } from './web-security';
import { safeStorageSecretStore } from './safe-storage-secret-store';
import { createLogger } from './core/create-logger';
import { electronSqliteBinding } from './sqlite-binding';

interface OpenedCore {
  readonly core: Core;
  readonly nativeBinding?: string;
  readonly logger: Logger;
}

/** Opens the core with Electron's data folder and binary; a store problem becomes a status, not a crash. */
async function openCore(notifier: Notifier): Promise<OpenedCore> {
  const dataDir = requestedDataDir(process.argv, process.env) ?? app.getPath('userData');
  const appVersion = app.getVersion();
  let nativeBinding: string;
  try {
    nativeBinding = electronSqliteBinding(app, process.resourcesPath);
  } catch (error) {
    return { core: refusedCore({ dataDir, appVersion }, error), logger: silentLogger };
  }
  const logger = createLogger(dataDir);
  const core = await startCore({ dataDir, appVersion, nativeBinding, secrets: (dir) => safeStorageSecretStore(safeStorage, dir), logger, notifier });
  return { core, nativeBinding, logger };
}

/** The bots' statuses now; none when the store keeps them from running. */
function currentStatuses(core: Core): BotStatus[] {
  try {
    return (
      core
        .fleet()
        ?.list()
        .map((bot) => bot.status) ?? []
    );
  } catch {
    return [];
  }
}

/**
 * The desktop app's lifecycle: one instance only (a second launch focuses the first
 * window), the core opened before the window, IPC wired from the contract. Closing the
 * window leaves the bots running behind the tray; only Quit (tray, menu, OS) stops them.
 */
export function startDesktopApp(): void {
  // `botdeck --doctor [...]`: the report (or repair) on the terminal, no window, then exit.
  if (doctorArguments(process.argv) !== null) {
    void runDoctorSwitch(process.argv, app, { stdout: process.stdout, stderr: process.stderr }, process.env);
    return;
  }
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Windows shows (and lets click) notifications only for an app with an identity.
  if (process.platform === 'win32') app.setAppUserModelId('app.botdeck.console');
  let mainWindow: BrowserWindow | null = null;
  let core: Core | null = null;
  let tray: FleetTray | null = null;
  /** Set once the app really quits; until then closing the window only hides it. */
  let quitting = false;
  const consoleAt = consoleLocation(app.isPackaged, process.env, __dirname);
  const resourcesDir = join(app.getAppPath(), 'resources');
  const keepAwake = new KeepAwake(powerSaveBlocker);

  const showWindow = (): BrowserWindow => {
    if (mainWindow === null || mainWindow.isDestroyed()) {
      const window = createMainWindow({
        url: consoleAt.devServerUrl,
        file: consoleAt.file,
        preload: join(__dirname, '../preload/index.js'),
        icon: join(resourcesDir, 'icon.png'),
      });
      window.on('close', (event) => {
        // Without a tray there would be no way back to a hidden window: then close is close.
        if (quitting || tray === null) return;
        event.preventDefault();
        window.hide();
      });
      // Windows logging off or shutting down: a hidden-but-alive window must not hold it up.
      window.on('session-end', () => {
        quitting = true;
      });
      mainWindow = window;
      return window;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return mainWindow;
  };

  /** A click on a notification: the console comes forward on what it is about. */
  const openConsoleAt = (target: ConsoleTarget): void => {
    const fresh = mainWindow === null || mainWindow.isDestroyed();
    const window = showWindow();
    const announce = (): void => {
      core?.events.emit('console.open', target);
    };
    // A window made just now has no console listening yet: tell it once it has rendered.
    if (fresh) window.once('ready-to-show', announce);
    else announce();
  };

  const quit = (): void => {
    quitting = true;
    app.quit();
  };

  app.on('second-instance', () => {
    showWindow();
  });
  app.on('window-all-closed', () => {
    // With a tray the bots live on; without one, closing the last window is quitting.
    if (tray === null && process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    // macOS dock click: bring back the window, hidden or closed (not before the core is open).
    if (core !== null) showWindow();
  });
  // Stop the bots cleanly (in-flight sends recorded, heartbeat written) before Electron exits.
  let closing = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (closing || core === null) return;
    closing = true;
    event.preventDefault();
    tray?.destroy();
    keepAwake.release();
    void core.close().finally(() => {
      app.quit();
    });
  });

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, contentSecurityPolicy(consoleAt.devServerUrl ?? undefined));
    const notifier = electronNotifier({ Notification, icon: join(resourcesDir, 'icon.png'), onClick: openConsoleAt });
    const opened = await openCore(notifier);
    catchProcessFaults(opened.logger);
    core = opened.core;
    const handlers = createHandlers(core, process.platform, opened.nativeBinding);
    registerIpcHandlers(
      ipcMain,
      { ...handlers, pickMediaFile: mediaPicker(() => mainWindow, core.dataDir) },
      { isConsole: (url) => isConsoleUrl(consoleAt, url), logger: opened.logger },
    );
    forwardEvents(core.events, () => mainWindow);
    const statuses = currentStatuses(core);
    try {
      tray = new FleetTray({ events: core.events, statuses, resourcesDir, openOnClick: process.platform === 'win32', open: showWindow, quit });
    } catch (error) {
      opened.logger.warn({ error: errorText(error) }, 'the tray icon could not be created');
    }
    followBotActivity(core.events, statuses, keepAwake);
    await followDesktopSettings(core, handlers, keepAwake, opened.logger);
    // Launched at login: the tray only, unless there is no tray to come back from.
    if (tray === null || !startedAtLogin(app, process.argv, process.platform)) showWindow();
  });
}
