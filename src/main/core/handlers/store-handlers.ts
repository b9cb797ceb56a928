import type { Handlers } from '../../../shared/contract';
import type { Core } from '../core';
import { inspectStore } from '../db/inspect';
import { BotdeckError } from '../errors';

type StoreHandlers = Pick<Handlers, 'getStoreStatus' | 'getStoreReport' | 'backupNow' | 'restoreBackup'>;

export function storeHandlers(core: Core, nativeBinding?: string): StoreHandlers {
  return {
    getStoreStatus: () => core.storeStatus(),
    // The doctor's report, read through its own read-only connection.
    getStoreReport: () => inspectStore({ dataDir: core.dataDir, ...(nativeBinding === undefined ? {} : { nativeBinding }) }),
    restoreBackup: ({ name }) => core.restore(name),
    backupNow: () => {
      const store = core.store();
      if (store === null) throw new BotdeckError('STORE_BACKUP_FAILED', 'The database is not open, so it cannot be backed up from here. Its newest backup is listed in Settings.');
      return store.backupNow();
    },
  };
}
