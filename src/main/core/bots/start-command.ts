import type { Message } from 'grammy/types';
import { readCommand } from './bot-command';

// Telegram's deep-link alphabet for /start parameters, up to 64 characters.
const VALID_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
const STORED_INVALID_MAX = 128;

/**
 * Reads `/start` and its payload from a message the way clients send it: a bot_command
 * entity at offset 0, optionally addressed to this bot (`/start@name`). Returns null when
 * the message is not a /start for this bot.
 */
export function readStart(message: Message, botUsername: string): { payload: string | null } | null {
  const command = readCommand(message, botUsername);
  if (command?.name !== 'start') return null;
  return { payload: command.rest === '' ? null : command.rest };
}

/** A payload is a lead's source only if it uses Telegram's alphabet; anything else is kept apart, never trusted. */
export function classifyPayload(payload: string | null): { source: string | null; invalid: string | null } {
  if (payload === null) return { source: null, invalid: null };
  if (VALID_PAYLOAD.test(payload)) return { source: payload, invalid: null };
  return { source: null, invalid: payload.slice(0, STORED_INVALID_MAX) };
}
