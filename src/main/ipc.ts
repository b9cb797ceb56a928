import type { IpcMain } from 'electron';
import { callNames, ipcChannel } from '../shared/calls';
import type { Handlers } from '../shared/contract';
import { dispatch } from './core/dispatch';

/** One ipcMain handler per contract call; each validates its input before the core sees it. */
export function registerIpcHandlers(ipcMain: IpcMain, handlers: Handlers): void {
  for (const name of callNames) {
    ipcMain.handle(ipcChannel(name), (_event, input: unknown) => dispatch(handlers, name, input));
  }
}
