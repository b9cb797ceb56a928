import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { operatorChatSchema, type OperatorChat, type OperatorCode } from '../../../shared/operator-chat';
import { deleteSetting, getSetting, setSetting } from '../db/settings';

/** Every code starts so: a lead's ordinary payload (an ad's source) skips the lookup. */
export const OPERATOR_CODE_PREFIX = 'botdeck_';
/** Long enough to open Telegram and press Start, short enough that a leaked link soon means nothing. */
export const OPERATOR_CODE_TTL_MS = 30 * 60_000;

const CODE_SETTING = 'operator.chatCode';
const CHAT_SETTING = 'operator.chat';

const pendingCodeSchema = z.object({ code: z.string(), botId: z.number().int(), expiresAt: z.number() });

function parsed<T>(schema: z.ZodType<T>, raw: string | null): T | null {
  if (raw === null) return null;
  try {
    const result = schema.safeParse(JSON.parse(raw));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/**
 * A new one-time code for the operator's /start to this bot; it replaces any earlier one.
 * The code is random (96 bits), so no lead's payload can match it by chance or by guessing.
 */
export function issueOperatorCode(db: Database, bot: { readonly botId: number; readonly username: string }, now: number): OperatorCode {
  const code = `${OPERATOR_CODE_PREFIX}${randomBytes(12).toString('hex')}`;
  const expiresAt = now + OPERATOR_CODE_TTL_MS;
  setSetting(db, CODE_SETTING, JSON.stringify({ code, botId: bot.botId, expiresAt }), new Date(now));
  return { code, link: `https://t.me/${bot.username}?start=${code}`, expiresAt };
}

/**
 * A /start's payload, when it is the pending code for this bot and still valid: the sender's
 * chat becomes the operator's chat and the code is spent. Anything else (a plain /start, another
 * or an expired code) returns null and stays an ordinary lead. Runs inside the capture's transaction.
 */
export function claimOperatorCode(
  db: Database,
  start: { readonly payload: string | null; readonly chatId: number; readonly botId: number; readonly botUsername: string },
  now: number,
): OperatorChat | null {
  if (start.payload?.startsWith(OPERATOR_CODE_PREFIX) !== true) return null;
  const pending = parsed(pendingCodeSchema, getSetting(db, CODE_SETTING));
  if (pending === null || pending.code !== start.payload || pending.botId !== start.botId || pending.expiresAt <= now) return null;
  const chat: OperatorChat = { chatId: start.chatId, botId: start.botId, botUsername: start.botUsername, learnedAt: now };
  deleteSetting(db, CODE_SETTING);
  setSetting(db, CHAT_SETTING, JSON.stringify(chat), new Date(now));
  return chat;
}

/** The operator's chat as last learned; null before the first code was claimed. */
export function readOperatorChat(db: Database): OperatorChat | null {
  return parsed(operatorChatSchema, getSetting(db, CHAT_SETTING));
}
