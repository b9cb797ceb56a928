import type { Chat, MessageEntity, User } from '@grammyjs/types';
import type { BotState } from './state';
import type { FakeUser } from './types';

/** What a real client puts in updates for this user. */
export function telegramUser(user: FakeUser): User {
  return {
    id: user.id,
    is_bot: false,
    first_name: user.firstName,
    ...(user.lastName === undefined ? {} : { last_name: user.lastName }),
    ...(user.username === undefined ? {} : { username: user.username }),
    ...(user.languageCode === undefined ? {} : { language_code: user.languageCode }),
  };
}

export function privateChat(user: FakeUser): Chat.PrivateChat {
  return {
    id: user.id,
    type: 'private',
    first_name: user.firstName,
    ...(user.lastName === undefined ? {} : { last_name: user.lastName }),
    ...(user.username === undefined ? {} : { username: user.username }),
  };
}

function unixTime(now: number): number {
  return Math.floor(now / 1000);
}

/** Clients mark a leading `/command` (up to a space or `@`) as a bot_command entity. */
function commandEntities(text: string): MessageEntity[] {
  const match = /^\/[A-Za-z0-9_]+/.exec(text);
  return match === null ? [] : [{ type: 'bot_command', offset: 0, length: match[0].length }];
}

export function userText(bot: BotState, user: FakeUser, text: string, now: number): number {
  if (bot.blocked.has(user.id)) {
    throw new Error(`fake-telegram: user ${user.id} blocked the bot; call unblockBot (or sendStart) first`);
  }
  const entities = commandEntities(text);
  return bot.enqueue({
    message: {
      message_id: bot.nextMessageId(user.id),
      date: unixTime(now),
      chat: privateChat(user),
      from: telegramUser(user),
      text,
      ...(entities.length === 0 ? {} : { entities }),
    },
  });
}

/** Like pressing Start (or Restart after a block, which unblocks first, as clients do). */
export function userStart(bot: BotState, user: FakeUser, payload: string | undefined, now: number): number {
  if (bot.blocked.has(user.id)) userUnblock(bot, user, now);
  return userText(bot, user, payload === undefined || payload === '' ? '/start' : `/start ${payload}`, now);
}

export function userPress(bot: BotState, user: FakeUser, data: string, messageId: number): number {
  const chat = privateChat(user);
  // A message the bot never sent (or the fake forgot) arrives as an inaccessible one: date 0.
  const message = bot.message(user.id, messageId) ?? { chat, message_id: messageId, date: 0 as const };
  return bot.enqueue({
    callback_query: {
      id: bot.newCallbackId(user.id),
      from: telegramUser(user),
      message,
      chat_instance: String(-(bot.me.id * 31 + user.id)),
      data,
    },
  });
}

export function userBlock(bot: BotState, user: FakeUser, now: number): number {
  bot.blocked.add(user.id);
  return bot.enqueue({
    my_chat_member: {
      chat: privateChat(user),
      from: telegramUser(user),
      date: unixTime(now),
      old_chat_member: { status: 'member', user: bot.asSender },
      new_chat_member: { status: 'kicked', user: bot.asSender, until_date: 0 },
    },
  });
}

export function userUnblock(bot: BotState, user: FakeUser, now: number): number {
  bot.blocked.delete(user.id);
  return bot.enqueue({
    my_chat_member: {
      chat: privateChat(user),
      from: telegramUser(user),
      date: unixTime(now),
      old_chat_member: { status: 'kicked', user: bot.asSender, until_date: 0 },
      new_chat_member: { status: 'member', user: bot.asSender },
    },
  });
}
