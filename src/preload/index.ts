import { contextBridge, ipcRenderer } from 'electron';
import { callNames, ipcChannel } from '../shared/calls';
import type { BridgeApi } from '../shared/contract';

/**
 * `window.botdeck`: one function per contract call and nothing else. The renderer never
 * sees ipcRenderer, so it can reach no channel the contract does not name.
 */
const api = Object.fromEntries(
  callNames.map((name) => [name, (input?: unknown) => ipcRenderer.invoke(ipcChannel(name), input)]),
) as BridgeApi;

contextBridge.exposeInMainWorld('botdeck', api);
