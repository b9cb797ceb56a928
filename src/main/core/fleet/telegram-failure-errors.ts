import { classifyTelegramError } from '../bots/telegram-errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { BotdeckError } from '../errors';
import { errorText } from '../redact';

/** What the operator was doing when Telegram failed: the same failure reads differently for each. */
export type OperatorAction =
  { readonly kind: 'check_token'; readonly apiRoot: string } | { readonly kind: 'send_test'; readonly apiRoot: string; readonly username: string; readonly chatId: number };

/**
 * The one mapping from a failed Bot API call, made on the operator's behalf (a token check,
 * a test send), to an error the operator can act on. The engine's own calls do not use it:
 * they turn failures into health and delivery outcomes instead.
 */
export function operatorErrorFor(error: unknown, action: OperatorAction): BotdeckError {
  const failure = classifyTelegramError(error);
  if (failure === null || failure.kind === 'network') {
    const detail = failure?.description ?? errorText(error);
    return new BotdeckError('TELEGRAM_UNREACHABLE', text('telegram.unreachable', { apiRoot: action.apiRoot, detail }), {
      cause: error,
    });
  }
  // A wrong token answers 401; a token of the wrong shape for the server's routes answers 404.
  if (failure.kind === 'unauthorized' || (failure.kind === 'server' && failure.status === 404)) {
    const what = action.kind === 'check_token' ? text('bot.tokenRejected', {}) : text('bot.tokenNoLongerAccepted', { username: action.username });
    return new BotdeckError('BOT_TOKEN_REJECTED', what, { cause: error });
  }
  if (failure.kind === 'flood') {
    return new BotdeckError('TELEGRAM_ERROR', text('telegram.flood', { seconds: failure.retryAfterSeconds }), { cause: error });
  }
  if (action.kind === 'send_test') {
    if (failure.kind === 'bad_request' && failure.chatNotFound) {
      return new BotdeckError('TELEGRAM_ERROR', text('telegram.chatNotFound', { chatId: action.chatId, username: action.username }), { cause: error });
    }
    if (failure.kind === 'forbidden') {
      return new BotdeckError('TELEGRAM_ERROR', text('telegram.forbidden', { chatId: action.chatId, detail: failure.description, username: action.username }), { cause: error });
    }
    return new BotdeckError('TELEGRAM_ERROR', text('telegram.testRefused', { detail: failure.description }), { cause: error });
  }
  return new BotdeckError('TELEGRAM_ERROR', text('telegram.answered', { detail: failure.description }), { cause: error });
}
