import type { CallName, CallResult } from '../../../shared/calls';
import type { CallArgs, CallOutput } from '../../../shared/contract';
import type { PushedEvent } from '../../../shared/events';

/** How the console reaches the engine: Electron's bridge, or a WebSocket in headless mode. */
export interface Transport {
  readonly call: <N extends CallName>(name: N, ...args: CallArgs<N>) => Promise<CallResult<CallOutput<N>>>;
  readonly onEvent: (listener: (event: PushedEvent) => void) => () => void;
}

/** The console's `call`: typed by the call's name, for its input and its output. */
export type Call = <N extends CallName>(name: N, ...args: CallArgs<N>) => Promise<CallOutput<N>>;
