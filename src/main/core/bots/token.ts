import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';

// BotFather tokens are "<bot id>:<35 characters>"; allow some slack in the secret's length
// so a future format change does not lock the operator out.
const TOKEN = /^(\d{5,20}):([A-Za-z0-9_-]{30,60})$/;

/** Trims the token and checks its shape before any network call. */
export function parseToken(raw: string): { token: string; botId: number } {
  const token = raw.trim();
  const match = TOKEN.exec(token);
  if (match?.[1] === undefined) {
    throw new BotdeckError('BOT_TOKEN_MALFORMED', text('bot.tokenMalformed', {}));
  }
  return { token, botId: Number(match[1]) };
}

/** What the console may show of a token: the bot id and the last four characters. */
export function maskToken(token: string): string {
  const [id = '', secret = ''] = token.split(':');
  return `${id}:…${secret.slice(-4)}`;
}
