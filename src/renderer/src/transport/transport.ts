import type { CallName, CallResult } from '../../../shared/calls';
import type { PushedEvent } from '../../../shared/events';

/** How the console reaches the engine: Electron's bridge, or a WebSocket in headless mode. */
export interface Transport {
  call(name: CallName, input?: unknown): Promise<CallResult<unknown>>;
  onEvent(listener: (event: PushedEvent) => void): () => void;
}
