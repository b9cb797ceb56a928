import type { Message } from 'grammy/types';

/**
 * Reads a command the way clients send it: a bot_command entity at offset 0, optionally
 * addressed to this bot (`/stop@name`). Returns its name in lower case and the text after
 * it, or null when the message is no command for this bot.
 */
export function readCommand(message: Message, botUsername: string): { name: string; rest: string } | null {
  const text = message.text;
  const command = message.entities?.find((entity) => entity.type === 'bot_command' && entity.offset === 0);
  if (text === undefined || command === undefined) return null;
  const [name, target] = text.slice(1, command.length).split('@');
  if (name === undefined) return null;
  if (target !== undefined && target.toLowerCase() !== botUsername.toLowerCase()) return null;
  return { name: name.toLowerCase(), rest: text.slice(command.length).trim() };
}
