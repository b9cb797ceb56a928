import { describe, expect, it, vi } from 'vitest';
import { callNames } from '../../src/shared/calls';
import { contextBridge, ipcRenderer } from '../support/fake-electron';

vi.mock('electron', () => import('../support/fake-electron'));

describe('the preload', () => {
  it('exposes one function per contract call as window.botdeck, and not ipcRenderer', async () => {
    await import('../../src/preload/index');
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, Record<string, unknown>];
    expect(key).toBe('botdeck');
    expect(Object.keys(api).sort()).toEqual([...callNames, 'onEvent'].sort());
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
    expect(Object.values(api)).not.toContain(ipcRenderer);

    const call = api['getStoreStatus'] as () => Promise<unknown>;
    await expect(call()).resolves.toEqual({ ok: true, value: 'pong' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('botdeck:getStoreStatus', undefined);

    const received: unknown[] = [];
    const stop = (api['onEvent'] as (listener: (event: unknown) => void) => () => void)((event) => received.push(event));
    ipcRenderer.emit('botdeck:event', {}, { event: 'lead.created', payload: { leadId: 1 } });
    stop();
    ipcRenderer.emit('botdeck:event', {}, { event: 'lead.created', payload: { leadId: 2 } });
    expect(received).toEqual([{ event: 'lead.created', payload: { leadId: 1 } }]);
  });
});
