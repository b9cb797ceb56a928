import { BrowserWindow } from 'electron';
import { guardWebContents } from './web-security';

export interface WindowTarget {
  /** The dev server URL in development, the built index.html otherwise. */
  readonly url: string | null;
  readonly file: string;
  readonly preload: string;
  readonly icon: string;
}

export function createMainWindow(target: WindowTarget): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Botdeck',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#111418',
    autoHideMenuBar: true,
    icon: target.icon,
    // Written out here, not built by a helper, so Electronegativity (npm run lint) can read it.
    webPreferences: {
      preload: target.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => {
    window.show();
  });
  if (target.url !== null) {
    guardWebContents(window.webContents, target.url);
    void window.loadURL(target.url);
  } else {
    guardWebContents(window.webContents, `file://${target.file}`);
    void window.loadFile(target.file);
  }
  return window;
}
