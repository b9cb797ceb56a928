import { BotdeckError } from '../errors';

// BotFather tokens are "<bot id>:<35 characters>"; allow some slack in the secret's length
// so a future format change does not lock the operator out.
const TOKEN = /^(\d{5,20}):([A-Za-z0-9_-]{30,60})$/;

/** Trims the token and checks its shape before any network call. */
export function parseToken(raw: string): { token: string; botId: number } {
  const token = raw.trim();
  const match = TOKEN.exec(token);
  if (match?.[1] === undefined) {
    throw new BotdeckError(
      'BOT_TOKEN_MALFORMED',
      'That does not look like a bot token. Copy it from BotFather: digits, a colon, then about 35 letters, digits, - or _ (for example 123456789:AAE…).',
    );
  }
  return { token, botId: Number(match[1]) };
}

/** What the console may show of a token: the bot id and the last four characters. */
export function maskToken(token: string): string {
  const [id = '', secret = ''] = token.split(':');
  return `${id}:…${secret.slice(-4)}`;
}
