import { errorText } from '../shared/i18n/error-text';
import { errorInfo } from './core/errors';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { callNames, ipcChannel, type CallResult } from '../shared/calls';
import type { Handlers } from '../shared/contract';
import { dispatch } from './core/dispatch';
import type { Logger } from './core/logger';
import { redactSecrets } from './core/redact';

export interface IpcGuard {
  /** Whether a frame's URL is the app's own console (see isConsoleUrl). */
  readonly isConsole: (url: string) => boolean;
  readonly logger: Logger;
}

const refused: CallResult<never> = {
  ok: false,
  error: errorInfo('IPC_SENDER_REFUSED', errorText('ipc.senderRefused', {})),
};

/**
 * One ipcMain handler per contract call. Each first checks that the call comes from the
 * console's own page (not from whatever else a frame may have loaded), then validates its
 * input before the core sees it.
 */
export function registerIpcHandlers(ipcMain: IpcMain, handlers: Handlers, guard: IpcGuard): void {
  for (const name of callNames) {
    ipcMain.handle(ipcChannel(name), (event: IpcMainInvokeEvent, input: unknown) => {
      const url = event.senderFrame?.url;
      if (url === undefined || !guard.isConsole(url)) {
        guard.logger.warn({ call: name, frameUrl: url === undefined ? null : redactSecrets(url) }, 'refused an IPC call from a frame that is not the console');
        return refused;
      }
      return dispatch(handlers, name, input);
    });
  }
}
