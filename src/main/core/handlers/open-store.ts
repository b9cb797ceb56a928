import type { ErrorCode } from '../../../shared/errors';
import { errorText as text, type ErrorText } from '../../../shared/i18n/error-text';
import type { Core } from '../core';
import type { Store } from '../db/store';
import { BotdeckError } from '../errors';

/** The open store, or an error saying what cannot be done without it. */
export function openStoreOf(core: Core, cannot: ErrorText, code: ErrorCode = 'STORE_IO'): Store {
  const store = core.store();
  if (store === null) throw new BotdeckError(code, text('store.notOpen', { cannot }));
  return store;
}
