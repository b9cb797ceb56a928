import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the parts of the `electron` module the shell uses, recording what the
 * shell asks of it. Tests load it with vi.mock('electron', ...).
 */
type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };
type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders: Record<string, string[]> }) => void,
) => void;
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
}

class FakeApp extends EventEmitter {
  hasLock = true;
  userData = '/nonexistent/userData';
  appPath = '/nonexistent/app';
  private ready: () => void = () => undefined;
  private readyPromise = new Promise<void>((resolve) => (this.ready = resolve));
  readonly requestSingleInstanceLock = vi.fn(() => this.hasLock);
  readonly quit = vi.fn();
  readonly whenReady = vi.fn(() => this.readyPromise);
  readonly getPath = vi.fn((name: string) => (name === 'userData' ? this.userData : `/nonexistent/${name}`));
  readonly getVersion = vi.fn(() => '1.2.3');
  readonly getAppPath = vi.fn(() => this.appPath);

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

/** A reversible stand-in for the OS keychain; `available` switches it on for a test. */
export const safeStorage = {
  available: false,
  isEncryptionAvailable: vi.fn(() => safeStorage.available),
  encryptString: vi.fn((plain: string) => Buffer.from(`sealed(${plain})`).reverse()),
  decryptString: vi.fn((sealed: Buffer) => Buffer.from(sealed).reverse().toString().replace(/^sealed\((.*)\)$/s, '$1')),
};

export const dialog = {
  showOpenDialog: vi.fn(() => Promise.resolve({ canceled: false, filePaths: ['/home/op/offer.jpg'] })),
};
