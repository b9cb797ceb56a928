import { BotError, GrammyError, HttpError } from 'grammy';
import { redactSecrets } from '../redact';

/** What a failed Bot API call means for the engine. */
export type TelegramFailure =
  | { readonly kind: 'unauthorized'; readonly description: string }
  | { readonly kind: 'conflict'; readonly description: string }
  | { readonly kind: 'flood'; readonly retryAfterSeconds: number; readonly description: string }
  | { readonly kind: 'forbidden'; readonly description: string }
  | { readonly kind: 'bad_request'; readonly chatNotFound: boolean; readonly description: string }
  | { readonly kind: 'server'; readonly status: number; readonly description: string }
  | { readonly kind: 'network'; readonly description: string };

/** Classifies an error thrown by grammY; null for anything that did not come from a Bot API call. */
export function classifyTelegramError(error: unknown): TelegramFailure | null {
  const inner = error instanceof BotError ? error.error : error;
  if (inner instanceof GrammyError) {
    const description = redactSecrets(inner.description);
    switch (inner.error_code) {
      case 401:
        return { kind: 'unauthorized', description };
      case 409:
        return { kind: 'conflict', description };
      case 429:
        return { kind: 'flood', retryAfterSeconds: inner.parameters.retry_after ?? 1, description };
      case 403:
        return { kind: 'forbidden', description };
      case 400:
        return { kind: 'bad_request', chatNotFound: /chat not found/i.test(description), description };
      default:
        return { kind: 'server', status: inner.error_code, description };
    }
  }
  if (inner instanceof HttpError) {
    const cause = inner.error instanceof Error ? inner.error.message : String(inner.error);
    return { kind: 'network', description: redactSecrets(networkReason(cause)) };
  }
  return null;
}

/**
 * node-fetch says "request to <whole URL> failed, reason: <why>"; the operator needs the
 * why and the server, not the method path (which also holds the token).
 */
function networkReason(message: string): string {
  const match = /^request to (\S+) failed, reason: (.*)$/s.exec(message);
  if (match === null) return message;
  const [, url = '', reason = ''] = match;
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    return reason;
  }
  return `${reason.trim() === '' ? 'network error' : reason.trim()} (${host})`;
}
