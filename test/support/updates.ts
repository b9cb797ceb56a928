import type { Update } from 'grammy/types';

export interface TestUser {
  readonly id: number;
  readonly firstName: string;
  readonly username?: string;
}

/** A /start message as Telegram clients send it: the command as a bot_command entity at offset 0. */
export function startUpdate(updateId: number, user: TestUser, payload?: string, date = 1_800_000_000): Update {
  const text = payload === undefined ? '/start' : `/start ${payload}`;
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date,
      chat: { id: user.id, type: 'private', first_name: user.firstName, ...(user.username === undefined ? {} : { username: user.username }) },
      from: { id: user.id, is_bot: false, first_name: user.firstName, ...(user.username === undefined ? {} : { username: user.username }) },
      text,
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  };
}

/** A plain text message; a leading `/command` carries its bot_command entity, as clients send it. */
export function textUpdate(updateId: number, user: TestUser, text: string, date = 1_800_000_000): Update {
  const command = /^\/[A-Za-z0-9_@]+/.exec(text);
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date,
      chat: { id: user.id, type: 'private', first_name: user.firstName },
      from: { id: user.id, is_bot: false, first_name: user.firstName },
      text,
      ...(command === null ? {} : { entities: [{ type: 'bot_command' as const, offset: 0, length: command[0].length }] }),
    },
  };
}

export function clickUpdate(updateId: number, user: TestUser, data: string): Update {
  return {
    update_id: updateId,
    callback_query: {
      id: `cb${updateId}`,
      from: { id: user.id, is_bot: false, first_name: user.firstName },
      chat_instance: 'ci',
      data,
    },
  };
}
