import type { IpcMain } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames, ipcChannel } from '../../src/shared/calls';
import type { Handlers } from '../../src/shared/contract';
import { createHandlers } from '../../src/main/core/api';
import { refusedCore } from '../../src/main/core/core';
import { BotdeckError } from '../../src/main/core/errors';
import { registerIpcHandlers } from '../../src/main/ipc';
import { ipcHandlers, ipcMain } from '../support/fake-electron';

vi.mock('electron', () => import('../support/fake-electron'));

const handlers: Handlers = {
  ...createHandlers(refusedCore({ dataDir: '/nonexistent/botdeck', appVersion: '1.0.0' }, new Error('not opened in this test')), 'linux'),
  getAppInfo: () => ({ version: '1.0.0', dataDir: '/data', platform: 'linux', faults: 0 }),
  getStoreStatus: () => {
    throw new BotdeckError('STORE_FUTURE_VERSION', 'too new');
  },
};

beforeEach(() => {
  ipcHandlers.clear();
  ipcMain.handle.mockClear();
  registerIpcHandlers(ipcMain as unknown as IpcMain, handlers);
});

describe('IPC handlers', () => {
  it('registers exactly one handler per contract call', () => {
    expect(ipcMain.handle).toHaveBeenCalledTimes(callNames.length);
    for (const name of callNames) expect(ipcHandlers.has(ipcChannel(name))).toBe(true);
  });

  it('validates input before the handler runs', async () => {
    const spy = vi.fn(handlers.getAppInfo);
    ipcHandlers.clear();
    registerIpcHandlers(ipcMain as unknown as IpcMain, { ...handlers, getAppInfo: spy });
    const result = await ipcHandlers.get(ipcChannel('getAppInfo'))?.({}, { injected: 'payload' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(spy).not.toHaveBeenCalled();
  });

  it('returns values and coded errors, never a raw exception', async () => {
    await expect(ipcHandlers.get(ipcChannel('getAppInfo'))?.({}, undefined)).resolves.toEqual({
      ok: true,
      value: { version: '1.0.0', dataDir: '/data', platform: 'linux', faults: 0 },
    });
    await expect(ipcHandlers.get(ipcChannel('getStoreStatus'))?.({}, undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'STORE_FUTURE_VERSION', message: 'too new' },
    });
  });
});
