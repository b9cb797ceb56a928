import type { ErrorCode } from '../../../shared/errors';
import type { Core } from '../core';
import type { Store } from '../db/store';
import { BotdeckError } from '../errors';

/** The open store, or an error saying what cannot be done without it. */
export function openStoreOf(core: Core, cannot: string, code: ErrorCode = 'STORE_IO'): Store {
  const store = core.store();
  if (store === null) throw new BotdeckError(code, `The database is not open, so ${cannot}. See the store status in Settings.`);
  return store;
}
