import type { CallName, CallResult } from '../../../shared/calls';
import type { BridgeApi } from '../../../shared/contract';
import type { Transport } from './transport';

/** The desktop app: calls go through the preload's `window.botdeck`. */
export function bridgeTransport(bridge: BridgeApi): Transport {
  return {
    call: (name: CallName, input?: unknown) => (bridge[name] as (input?: unknown) => Promise<CallResult<unknown>>)(input),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
