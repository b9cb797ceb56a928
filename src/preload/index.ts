import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { callNames, ipcChannel } from '../shared/calls';
import type { BridgeApi } from '../shared/contract';
import { IPC_EVENT_CHANNEL, type PushedEvent } from '../shared/events';

/**
 * `window.botdeck`: one function per contract call, plus a subscription to pushed events,
 * and nothing else. The renderer never sees ipcRenderer, so it can reach no channel the
 * contract does not name.
 */
const calls = Object.fromEntries(callNames.map((name) => [name, (input?: unknown) => ipcRenderer.invoke(ipcChannel(name), input)]));

const api = {
  ...calls,
  onEvent(listener: (event: PushedEvent) => void): () => void {
    // Only the app's own main process sends on this channel (forwardEvents, from the typed
    // engine bus), so the message is the union it was typed as there; it is not checked again.
    const forward = (_event: IpcRendererEvent, message: PushedEvent): void => {
      listener(message);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
} as BridgeApi;

contextBridge.exposeInMainWorld('botdeck', api);
