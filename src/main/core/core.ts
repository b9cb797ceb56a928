import type { ErrorInfo } from '../../shared/errors';
import type { StoreStatus } from '../../shared/store-status';
import type { Store, StoreOptions } from './db/store';
import { openStore, refusedStatus } from './db/store';

export type CoreOptions = StoreOptions;

/**
 * The engine as the hosts (Electron, headless, CLI) see it. Opening never throws for a
 * store problem: a refused or drifted database becomes a status the console explains,
 * and `botsMayRun` says no with the reason instead of letting bots crash on a query.
 */
export interface Core {
  readonly dataDir: string;
  readonly appVersion: string;
  storeStatus(): StoreStatus;
  /** The open store, or null when the file was refused. */
  store(): Store | null;
  /** null when bots may run; otherwise the error that forbids it. */
  botsMayRun(): ErrorInfo | null;
  close(): void;
}

export async function startCore(options: CoreOptions): Promise<Core> {
  let store: Store | null;
  try {
    store = await openStore(options);
  } catch (error) {
    return refusedCore(options, error);
  }
  const status = (): StoreStatus => store?.status() ?? refusedStatus(options, new Error('The store is closed.'));
  return {
    dataDir: options.dataDir,
    appVersion: options.appVersion,
    storeStatus: status,
    store: () => store,
    botsMayRun: () => {
      const current = status();
      return current.state === 'ready' ? null : current.error;
    },
    close: () => {
      store?.close();
      store = null;
    },
  };
}

/** A core whose store could not be opened: it explains why and never lets bots run. */
export function refusedCore(options: CoreOptions, error: unknown): Core {
  const status = refusedStatus(options, error);
  return {
    dataDir: options.dataDir,
    appVersion: options.appVersion,
    storeStatus: () => status,
    store: () => null,
    botsMayRun: () => status.error,
    close: () => undefined,
  };
}
