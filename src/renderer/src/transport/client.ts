import type { CallName } from '../../../shared/calls';
import type { BridgeApi, CallOutput } from '../../../shared/contract';

/** A failed call, with the code the host attached. */
export class CallError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'CallError';
    this.code = code;
  }
}

function bridge(): BridgeApi {
  if (window.botdeck === undefined) {
    throw new CallError('INTERNAL', 'The console is not connected to Botdeck (no bridge). Open it from the Botdeck app.');
  }
  return window.botdeck;
}

/** Calls the host and unwraps its result envelope; a failure becomes a CallError. */
export async function call<N extends CallName>(name: N): Promise<CallOutput<N>> {
  const invoke = bridge()[name] as () => ReturnType<BridgeApi[N]>;
  const result = await invoke();
  if (!result.ok) throw new CallError(result.error.code, result.error.message);
  return result.value;
}
