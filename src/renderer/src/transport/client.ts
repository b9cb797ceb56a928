import type { ErrorCode, ErrorInfo } from '../../../shared/errors';
import { renderText, type ErrorText, type TextLocale } from '../../../shared/i18n/error-text';
import type { PushedEvent } from '../../../shared/events';
import { bridgeTransport } from './bridge-transport';
import type { Call, Transport } from './transport';
import { wsTransport } from './ws-transport';

/** A failed call, with the code and the text the host attached (its message is the English rendering). */
export class CallError extends Error {
  readonly code: ErrorCode;
  readonly text: ErrorText;

  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'CallError';
    this.code = info.code;
    this.text = info.text;
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
  if (!result.ok) throw new CallError(result.error);
  return result.value;
};

export function onEngineEvent(listener: (event: PushedEvent) => void): () => void {
  return transport().onEvent(listener);
}

/** What to show for a failed call: the host's text, in the operator's language. */
export function errorText(error: unknown, locale: TextLocale): string {
  if (error instanceof CallError) return renderText(locale, error.text);
  return error instanceof Error ? error.message : String(error);
}
