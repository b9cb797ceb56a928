import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the parts of the `electron` module the shell uses, recording what the
 * shell asks of it. Tests load it with vi.mock('electron', ...).
 */
type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };
type HeadersListener = (details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void;
type PermissionHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type IpcHandler = (event: unknown, input: unknown) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | null = null;
  readonly send = vi.fn();
  readonly setWindowOpenHandler = vi.fn((handler: WindowOpenHandler) => {
    this.windowOpenHandler = handler;
  });
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((window) => !window.destroyed);
  }

  readonly options: Record<string, unknown>;
  readonly webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  readonly loadURL = vi.fn(() => Promise.resolve());
  readonly loadFile = vi.fn(() => Promise.resolve());
  readonly show = vi.fn();
  readonly hide = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn(() => {
    this.minimized = false;
  });
  readonly isMinimized = vi.fn(() => this.minimized);
  readonly isDestroyed = vi.fn(() => this.destroyed);

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    FakeBrowserWindow.instances.push(this);
  }

  /** The operator clicks the close button; returns whether the shell prevented it. */
  close(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    return prevented;
  }
}

class FakeApp extends EventEmitter {
  hasLock = true;
  userData = '/nonexistent/userData';
  appPath = '/nonexistent/app';
  private ready: () => void = () => undefined;
  private readyPromise = new Promise<void>((resolve) => (this.ready = resolve));
  readonly requestSingleInstanceLock = vi.fn(() => this.hasLock);
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  readonly whenReady = vi.fn(() => this.readyPromise);
  readonly getPath = vi.fn((name: string) => (name === 'userData' ? this.userData : `/nonexistent/${name}`));
  readonly getVersion = vi.fn(() => '1.2.3');
  readonly getAppPath = vi.fn(() => this.appPath);
  isPackaged = false;
  wasOpenedAtLogin = false;
  readonly setLoginItemSettings = vi.fn((settings: Electron.Settings) => {
    this.loginItem = settings;
  });
  loginItem: Electron.Settings | null = null;
  readonly getLoginItemSettings = vi.fn(() => ({ openAtLogin: this.loginItem?.openAtLogin ?? false, wasOpenedAtLogin: this.wasOpenedAtLogin }));

  becomeReady(): void {
    this.ready();
  }
}

export const app = new FakeApp();
export const BrowserWindow = FakeBrowserWindow;

export const ipcHandlers = new Map<string, IpcHandler>();
export const ipcMain = {
  handle: vi.fn((channel: string, handler: IpcHandler) => {
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  }),
};

export const sessionState: { headersListener: HeadersListener | null; permissionHandler: PermissionHandler | null } = {
  headersListener: null,
  permissionHandler: null,
};

export function fakeSession(): {
  webRequest: { onHeadersReceived: (listener: HeadersListener) => void };
  setPermissionRequestHandler: (handler: PermissionHandler) => void;
} {
  return {
    webRequest: {
      onHeadersReceived: vi.fn((listener: HeadersListener) => {
        sessionState.headersListener = listener;
      }),
    },
    setPermissionRequestHandler: vi.fn((handler: PermissionHandler) => {
      sessionState.permissionHandler = handler;
    }),
  };
}

export const session = { defaultSession: fakeSession() };
export const shell = { openExternal: vi.fn(() => Promise.resolve()) };
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const ipcRenderer = Object.assign(new EventEmitter(), { invoke: vi.fn(() => Promise.resolve({ ok: true, value: 'pong' })) });

/**
 * A reversible stand-in for the OS keychain; `available` switches it on for a test, and
 * `backend` is the Linux password store it reports (basic_text: no secret service).
 */
export const safeStorage = {
  available: false,
  backend: 'gnome_libsecret' as ReturnType<Electron.SafeStorage['getSelectedStorageBackend']>,
  isEncryptionAvailable: vi.fn(() => safeStorage.available),
  getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
  encryptString: vi.fn((plain: string) => Buffer.from(`sealed(${plain})`).reverse()),
  decryptString: vi.fn((sealed: Buffer) =>
    Buffer.from(sealed)
      .reverse()
      .toString()
      .replace(/^sealed\((.*)\)$/s, '$1'),
  ),
};

export const dialog = {
  showOpenDialog: vi.fn(() => Promise.resolve({ canceled: false, filePaths: ['/home/op/offer.jpg'] })),
};

/** A menu as built from a template; tests read the template and click its items. */
export class FakeMenu {
  static readonly buildFromTemplate = vi.fn((template: Electron.MenuItemConstructorOptions[]) => new FakeMenu(template));

  constructor(readonly template: Electron.MenuItemConstructorOptions[]) {}

  labels(): string[] {
    return this.template.map((item) => (item.type === 'separator' ? '---' : (item.label ?? '')));
  }

  /** The operator picks the item with this label. */
  click(label: string): void {
    const item = this.template.find((candidate) => candidate.label === label);
    if (item?.click === undefined) throw new Error(`no clickable menu item '${label}'`);
    (item.click as () => void)();
  }
}
export const Menu = FakeMenu;

export class FakeTray extends EventEmitter {
  static readonly instances: FakeTray[] = [];

  image: string;
  toolTip = '';
  contextMenu: FakeMenu | null = null;
  destroyed = false;
  readonly setImage = vi.fn((image: string) => {
    this.image = image;
  });
  readonly setToolTip = vi.fn((toolTip: string) => {
    this.toolTip = toolTip;
  });
  readonly setContextMenu = vi.fn((menu: FakeMenu | null) => {
    this.contextMenu = menu;
  });
  readonly destroy = vi.fn(() => {
    this.destroyed = true;
  });
  readonly isDestroyed = vi.fn(() => this.destroyed);

  constructor(image: string) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
  }

  /** The menu as it stands; throws when none was set. */
  menu(): FakeMenu {
    if (this.contextMenu === null) throw new Error('the tray has no menu');
    return this.contextMenu;
  }
}
export const Tray = FakeTray;

/** Native notifications: `supported` switches the system's support; click() is the operator's click. */
export class FakeNotification extends EventEmitter {
  static supported = true;
  static readonly instances: FakeNotification[] = [];
  static readonly isSupported = vi.fn(() => FakeNotification.supported);

  readonly show = vi.fn();

  constructor(readonly options: Electron.NotificationConstructorOptions) {
    super();
    FakeNotification.instances.push(this);
  }

  click(): void {
    this.emit('click', { preventDefault: vi.fn() });
  }
}
export const Notification = FakeNotification;

/** Blockers by id with their type; ids are never reused, as in Electron. */
export const powerSaveBlocker = {
  nextId: 1,
  started: new Map<number, 'prevent-app-suspension' | 'prevent-display-sleep'>(),
  start: vi.fn((type: 'prevent-app-suspension' | 'prevent-display-sleep') => {
    const id = powerSaveBlocker.nextId++;
    powerSaveBlocker.started.set(id, type);
    return id;
  }),
  stop: vi.fn((id: number) => powerSaveBlocker.started.delete(id)),
  isStarted: vi.fn((id: number) => powerSaveBlocker.started.has(id)),
};
