import { errorText as text } from '../../../shared/i18n/error-text';
import type { Handlers } from '../../../shared/contract';
import type { Core } from '../core';
import { inspectStore } from '../db/inspect';
import { openStoreOf } from './open-store';

type StoreHandlers = Pick<Handlers, 'getStoreStatus' | 'getStoreReport' | 'backupNow' | 'restoreBackup' | 'repairStore'>;

export function storeHandlers(core: Core, nativeBinding?: string): StoreHandlers {
  return {
    getStoreStatus: () => core.storeStatus(),
    // The doctor's report, read through its own read-only connection.
    getStoreReport: () => inspectStore({ dataDir: core.dataDir, ...(nativeBinding === undefined ? {} : { nativeBinding }) }),
    restoreBackup: ({ name }) => core.restore(name),
    repairStore: async () => {
      const result = await core.repair();
      return { backup: result.backup, actions: [...result.actions], status: result.status };
    },
    backupNow: () => openStoreOf(core, text('store.cannot.backup', {}), 'STORE_BACKUP_FAILED').backupNow(),
  };
}
