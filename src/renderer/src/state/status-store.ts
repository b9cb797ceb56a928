import { create } from 'zustand';
import type { AppInfo } from '../../../shared/contract';
import { errorInfoOf, type ErrorInfo } from '../../../shared/errors';
import { errorText } from '../../../shared/i18n/error-text';
import type { StoreStatus } from '../../../shared/store-status';
import { call, CallError } from '../transport/client';

interface StatusState {
  readonly appInfo: AppInfo | null;
  readonly store: StoreStatus | null;
  readonly loadError: ErrorInfo | null;
  readonly load: () => Promise<void>;
}

export const useStatusStore = create<StatusState>((set) => ({
  appInfo: null,
  store: null,
  loadError: null,
  load: async () => {
    try {
      const [appInfo, store] = await Promise.all([call('getAppInfo'), call('getStoreStatus')]);
      set({ appInfo, store, loadError: null });
    } catch (error) {
      const info: ErrorInfo =
        error instanceof CallError ? errorInfoOf(error.code, error.text) : errorInfoOf('INTERNAL', errorText('internal.unexpected', { detail: String(error) }));
      set({ loadError: info });
    }
  },
}));
