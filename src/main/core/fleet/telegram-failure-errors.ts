import { classifyTelegramError } from '../bots/telegram-errors';
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
    return new BotdeckError('TELEGRAM_UNREACHABLE', `Botdeck could not reach Telegram at ${action.apiRoot} (${detail}). Check the internet connection and try again.`, {
      cause: error,
    });
  }
  // A wrong token answers 401; a token of the wrong shape for the server's routes answers 404.
  if (failure.kind === 'unauthorized' || (failure.kind === 'server' && failure.status === 404)) {
    const fix = 'Copy it again from BotFather (/mybots → API Token); if it was revoked, generate a new one there.';
    const what = action.kind === 'check_token' ? 'Telegram rejected this token.' : `Telegram no longer accepts the token of @${action.username}. Replace it in the bot's settings:`;
    return new BotdeckError('BOT_TOKEN_REJECTED', `${what} ${fix}`, { cause: error });
  }
  if (failure.kind === 'flood') {
    return new BotdeckError('TELEGRAM_ERROR', `Telegram asks to wait ${failure.retryAfterSeconds} s before the next request. Try again after that.`, { cause: error });
  }
  if (action.kind === 'send_test') {
    if (failure.kind === 'bad_request' && failure.chatNotFound) {
      return new BotdeckError(
        'TELEGRAM_ERROR',
        `Telegram does not know chat ${action.chatId} for @${action.username}. Send /start to the bot from that account first, then try again.`,
        { cause: error },
      );
    }
    if (failure.kind === 'forbidden') {
      return new BotdeckError(
        'TELEGRAM_ERROR',
        `Telegram will not deliver to chat ${action.chatId} (${failure.description}). If that account blocked @${action.username}, unblock the bot in Telegram and send /start, then try again.`,
        { cause: error },
      );
    }
    return new BotdeckError('TELEGRAM_ERROR', `Telegram refused the test message: ${failure.description}`, { cause: error });
  }
  return new BotdeckError('TELEGRAM_ERROR', `Telegram answered: ${failure.description}`, { cause: error });
}
