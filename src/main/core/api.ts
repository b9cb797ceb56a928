import type { AppInfo, Handlers } from '../../shared/contract';
import type { Core } from './core';

/** The contract's handlers, implemented on the core; both hosts wire these to their transport. */
export function createHandlers(core: Core, platform: string): Handlers {
  return {
    getAppInfo: (): AppInfo => ({ version: core.appVersion, dataDir: core.dataDir, platform }),
    getStoreStatus: () => core.storeStatus(),
  };
}
