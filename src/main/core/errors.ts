import type { ErrorCode, ErrorInfo } from '../../shared/errors';
import { redactSecrets } from './redact';

/** An error the operator can act on: a stable code plus a plain-language message. */
export class BotdeckError extends Error implements ErrorInfo {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BotdeckError';
    this.code = code;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: redactSecrets(this.message) };
  }
}

export function isBotdeckError(value: unknown): value is BotdeckError {
  return value instanceof BotdeckError;
}

/**
 * Turns anything thrown into an ErrorInfo without leaking a stack trace or a secret to the
 * operator: a message may quote a URL with a token in it, wherever it was written.
 */
export function toErrorInfo(value: unknown): ErrorInfo {
  if (isBotdeckError(value)) return value.toInfo();
  const detail = value instanceof Error ? value.message : String(value);
  return { code: 'INTERNAL', message: redactSecrets(`Unexpected error: ${detail}`) };
}
