import type { ErrorCode } from '../../../shared/errors';
import type { PushedEvent } from '../../../shared/events';
import { bridgeTransport } from './bridge-transport';
import type { Call, Transport } from './transport';
import { wsTransport } from './ws-transport';

/** A failed call, with the code the host attached. */
export class CallError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'CallError';
    this.code = code;
  }
}

let chosen: Transport | null = null;

/** True in the desktop app (the preload's bridge); false in a browser on the headless server. */
export function hasDesktopBridge(): boolean {
  return window.botdeck !== undefined;
}

/** The desktop app provides a bridge; a browser on the headless server does not. */
function transport(): Transport {
  chosen ??= window.botdeck === undefined ? wsTransport(window.location) : bridgeTransport(window.botdeck);
  return chosen;
}

/** Calls the engine and unwraps its result envelope; a failure becomes a CallError. */
export const call: Call = async (name, ...args) => {
  const result = await transport().call(name, ...args);
  if (!result.ok) throw new CallError(result.error.code, result.error.message);
  return result.value;
};

export function onEngineEvent(listener: (event: PushedEvent) => void): () => void {
  return transport().onEvent(listener);
}

/** What to show for a failed call: the host's message, written for the operator. */
export function errorText(error: unknown): string {
  return error instanceof CallError ? error.message : String(error);
}
