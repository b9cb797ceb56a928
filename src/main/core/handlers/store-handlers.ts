import { errorText as text } from '../../../shared/i18n/error-text';
import type { Handlers } from '../../../shared/contract';
import type { Core } from '../core';
import { inspectStore } from '../db/inspect';
import { BotdeckError } from '../errors';
import { openStoreOf } from './open-store';

type StoreHandlers = Pick<Handlers, 'getStoreStatus' | 'getStoreReport' | 'backupNow' | 'getBackupStatus' | 'restoreBackup' | 'repairStore'>;

export function storeHandlers(core: Core, nativeBinding?: string): StoreHandlers {
  return {
    getBackupStatus: () => {
      const backups = core.backups();
      if (backups === null) throw new BotdeckError('STORE_BACKUP_FAILED', text('backup.scheduleNotReady', {}));
      return backups.status();
    },
    getStoreStatus: () => core.storeStatus(),
    // The doctor's report, read through its own read-only connection.
    getStoreReport: () => inspectStore({ dataDir: core.dataDir, ...(nativeBinding === undefined ? {} : { nativeBinding }) }),
    restoreBackup: ({ name }) => core.restore(name),
    repairStore: async () => {
      const result = await core.repair();
      return { backup: result.backup, actions: [...result.actions], status: result.status };
    },
    // While the bots may run the backup is a checked one that counts for the schedule; otherwise a plain copy.
    backupNow: () => core.backups()?.backupNow() ?? openStoreOf(core, text('store.cannot.backup', {}), 'STORE_BACKUP_FAILED').backupNow(),
  };
}
