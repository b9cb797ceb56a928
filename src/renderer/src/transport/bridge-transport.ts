import type { CallName, CallResult } from '../../../shared/calls';
import type { BridgeApi, BridgeCalls, CallArgs, CallOutput } from '../../../shared/contract';
import type { Transport } from './transport';

function callThrough<N extends CallName>(calls: BridgeCalls, name: N, args: CallArgs<N>): Promise<CallResult<CallOutput<N>>> {
  return calls[name](...args);
}

/**
 * The desktop app: calls go through the preload's `window.botdeck`. Its answers come from
 * the app's own main process, which built them from the contract's output schemas (the
 * contract tests parse every one), so they are not checked again here.
 */
export function bridgeTransport(bridge: BridgeApi): Transport {
  return {
    call: (name, ...args) => callThrough(bridge, name, args),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
