import type { ErrorCode, ErrorInfo } from '../../shared/errors';
import { errorText, mapErrorTextStrings, renderText, type ErrorText } from '../../shared/i18n/error-text';
import { redactSecrets } from './redact';

/**
 * An error the operator can act on: a stable code plus a text from the shared catalog, which
 * the console renders in the operator's language. The Error's own message is the English
 * rendering, for the logs and the doctor.
 */
export class BotdeckError extends Error {
  readonly code: ErrorCode;
  readonly text: ErrorText;

  constructor(code: ErrorCode, text: ErrorText, options?: { cause?: unknown }) {
    super(renderText('en', text), options);
    this.name = 'BotdeckError';
    this.code = code;
    this.text = text;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, text: redactedText(this.text), message: redactSecrets(this.message) };
  }
}

export function isBotdeckError(value: unknown): value is BotdeckError {
  return value instanceof BotdeckError;
}

/** A text with every parameter cleared of tokens and secret addresses. */
export function redactedText(text: ErrorText): ErrorText {
  return mapErrorTextStrings(text, redactSecrets);
}

/** An ErrorInfo from a code and a text, secrets hidden: for errors reported rather than thrown. */
export function errorInfo(code: ErrorCode, text: ErrorText): ErrorInfo {
  return { code, text: redactedText(text), message: redactSecrets(renderText('en', text)) };
}

/**
 * Turns anything thrown into an ErrorInfo without leaking a stack trace or a secret to the
 * operator: a message may quote a URL with a token in it, wherever it was written.
 */
export function toErrorInfo(value: unknown): ErrorInfo {
  if (isBotdeckError(value)) return value.toInfo();
  const detail = value instanceof Error ? value.message : String(value);
  return errorInfo('INTERNAL', errorText('internal.unexpected', { detail }));
}
