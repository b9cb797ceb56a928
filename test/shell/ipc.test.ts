import type { IpcMain } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames, ipcChannel } from '../../src/shared/calls';
import type { Handlers } from '../../src/shared/contract';
import { createHandlers } from '../../src/main/core/api';
import { refusedCore } from '../../src/main/core/core';
import { BotdeckError } from '../../src/main/core/errors';
import { errorText } from '../../src/shared/i18n/error-text';
import { consoleLocation, isConsoleUrl, type ConsoleLocation } from '../../src/main/console-location';
import { registerIpcHandlers } from '../../src/main/ipc';
import { ipcHandlers, ipcMain } from '../support/fake-electron';
import { memoryLogger } from '../support/engine';

vi.mock('electron', () => import('../support/fake-electron'));

const TOO_NEW = errorText('store.futureVersion', { file: 'f.db', fileVersion: 9, appVersion: 1 });

const handlers: Handlers = {
  ...createHandlers(refusedCore({ dataDir: '/nonexistent/botdeck', appVersion: '1.0.0' }, new Error('not opened in this test')), 'linux'),
  getAppInfo: () => ({ version: '1.0.0', dataDir: '/data', platform: 'linux', faults: 0 }),
  getStoreStatus: () => {
    throw new BotdeckError('STORE_FUTURE_VERSION', TOO_NEW);
  },
};

const built: ConsoleLocation = { devServerUrl: null, file: '/opt/Botdeck/resources/app.asar/out/renderer/index.html' };
const consoleFrame = { senderFrame: { url: 'file:///opt/Botdeck/resources/app.asar/out/renderer/index.html' } };
let logger = memoryLogger();

function register(target: Handlers, location: ConsoleLocation = built): void {
  ipcHandlers.clear();
  registerIpcHandlers(ipcMain as unknown as IpcMain, target, { isConsole: (url) => isConsoleUrl(location, url), logger });
}

beforeEach(() => {
  ipcMain.handle.mockClear();
  logger = memoryLogger();
  register(handlers);
});

describe('IPC handlers', () => {
  it('registers exactly one handler per contract call', () => {
    expect(ipcMain.handle).toHaveBeenCalledTimes(callNames.length);
    for (const name of callNames) expect(ipcHandlers.has(ipcChannel(name))).toBe(true);
  });

  it('validates input before the handler runs', async () => {
    const spy = vi.fn(handlers.getAppInfo);
    register({ ...handlers, getAppInfo: spy });
    const result = await ipcHandlers.get(ipcChannel('getAppInfo'))?.(consoleFrame, { injected: 'payload' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(spy).not.toHaveBeenCalled();
  });

  it('returns values and coded errors, never a raw exception', async () => {
    await expect(ipcHandlers.get(ipcChannel('getAppInfo'))?.(consoleFrame, undefined)).resolves.toEqual({
      ok: true,
      value: { version: '1.0.0', dataDir: '/data', platform: 'linux', faults: 0 },
    });
    await expect(ipcHandlers.get(ipcChannel('getStoreStatus'))?.(consoleFrame, undefined)).resolves.toEqual({
      ok: false,
      error: {
        code: 'STORE_FUTURE_VERSION',
        text: TOO_NEW,
        message:
          'f.db has schema version 9, but this Botdeck only knows up to version 1. It was written by a newer Botdeck. Install that version again; this one will not touch the file.',
      },
    });
  });
});

describe('the IPC sender check', () => {
  it('refuses, and logs, a call from any frame that is not the console', async () => {
    const spy = vi.fn(handlers.getAppInfo);
    register({ ...handlers, getAppInfo: spy });
    const strangers = [
      {},
      { senderFrame: null },
      { senderFrame: { url: 'https://evil.example/page.html' } },
      { senderFrame: { url: 'file:///tmp/evil/index.html' } },
      { senderFrame: { url: 'file:///opt/Botdeck/resources/app.asar/out/renderer/other.html' } },
      { senderFrame: { url: 'file://remote-host/opt/Botdeck/resources/app.asar/out/renderer/index.html' } },
      { senderFrame: { url: 'http://localhost:5173/' } },
      { senderFrame: { url: 'about:blank' } },
    ];
    for (const event of strangers) {
      const result = await ipcHandlers.get(ipcChannel('getAppInfo'))?.(event, undefined);
      expect(result, JSON.stringify(event)).toMatchObject({ ok: false, error: { code: 'IPC_SENDER_REFUSED' } });
    }
    expect(spy).not.toHaveBeenCalled();
    expect(logger.lines).toHaveLength(strangers.length);
    expect(logger.lines[2]).toContain('https://evil.example/page.html');
    expect(await ipcHandlers.get(ipcChannel('getAppInfo'))?.({ senderFrame: { url: `${consoleFrame.senderFrame.url}#/leads` } }, undefined)).toMatchObject({ ok: true });
  });

  it('in development takes the dev server’s pages only', async () => {
    register(handlers, { devServerUrl: 'http://localhost:5173', file: built.file });
    expect(await ipcHandlers.get(ipcChannel('getAppInfo'))?.({ senderFrame: { url: 'http://localhost:5173/index.html' } }, undefined)).toMatchObject({ ok: true });
    for (const url of ['http://localhost:5174/', 'http://127.0.0.1:5173/', consoleFrame.senderFrame.url]) {
      expect(await ipcHandlers.get(ipcChannel('getAppInfo'))?.({ senderFrame: { url } }, undefined)).toMatchObject({ ok: false, error: { code: 'IPC_SENDER_REFUSED' } });
    }
  });
});

describe('where the console is loaded from', () => {
  it('honours ELECTRON_RENDERER_URL only when the app is not packaged', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(consoleLocation(false, env, '/app/out/main')).toEqual({ devServerUrl: 'http://localhost:5173', file: '/app/out/renderer/index.html' });
    expect(consoleLocation(true, env, '/app/out/main')).toEqual({ devServerUrl: null, file: '/app/out/renderer/index.html' });
    expect(consoleLocation(false, {}, '/app/out/main').devServerUrl).toBeNull();
  });
});
