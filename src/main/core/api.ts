import type { AppInfo, Handlers } from '../../shared/contract';
import type { Core } from './core';
import { alertHandlers } from './handlers/alert-handlers';
import { botHandlers } from './handlers/bot-handlers';
import { campaignHandlers } from './handlers/campaign-handlers';
import { followUpHandlers } from './handlers/followup-handlers';
import { leadHandlers } from './handlers/lead-handlers';
import { mediaHandlers } from './handlers/media-handlers';
import { productHandlers } from './handlers/product-handlers';
import { operatorChatHandlers } from './handlers/operator-chat-handlers';
import { paymentHandlers } from './handlers/payment-handlers';
import { pixGatewayHandlers } from './handlers/pix-gateway-handlers';
import { recoveryHandlers } from './handlers/recovery-handlers';
import { salesHandlers } from './handlers/sales-handlers';
import { settingsHandlers } from './handlers/settings-handlers';
import { storeHandlers } from './handlers/store-handlers';
import { processFaultCount } from './process-faults';

/** The contract's handlers, implemented on the core; both hosts wire these to their transport. */
export function createHandlers(core: Core, platform: string, nativeBinding?: string): Handlers {
  return {
    getAppInfo: (): AppInfo => ({ version: core.appVersion, dataDir: core.dataDir, platform, faults: processFaultCount() }),
    ...storeHandlers(core, nativeBinding),
    ...settingsHandlers(core),
    ...botHandlers(core),
    ...operatorChatHandlers(core),
    ...leadHandlers(core),
    ...mediaHandlers(core),
    ...alertHandlers(core),
    ...recoveryHandlers(core),
    ...campaignHandlers(core),
    ...followUpHandlers(core),
    ...productHandlers(core),
    ...paymentHandlers(core),
    ...pixGatewayHandlers(core),
    ...salesHandlers(core),
  };
}
