import type { Chat, InlineKeyboardMarkup, Message, MessageEntity } from '@grammyjs/types';
import { BLOCKED, CANT_INITIATE, CHAT_NOT_FOUND, DEACTIVATED } from './faults';
import { parseHtml } from './html';
import { MEDIA_METHODS, mediaFields, resolveMedia } from './media';
import type { ApiOutcome } from './outcome';
import { failure, success } from './outcome';
import type { CallParams } from './params';
import { intParam, isRecord, objectParam, stringParam } from './params';
import type { BotState } from './state';
import type { ReplyMarkup, SentMedia, SentMessage } from './types';

export interface CallContext {
  bot: BotState;
  method: string;
  params: CallParams;
  now: number;
  /** Telegram accounts by user id: those that exist, and those deleted. */
  users: { known: ReadonlySet<number>; deactivated: ReadonlySet<number> };
}

type Handler = (ctx: CallContext) => ApiOutcome;

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const MAX_ANSWER_TEXT = 200;

/** Every method the fake answers synchronously; getUpdates lives in the server (it waits). */
const HANDLERS = new Map<string, { name: string; handle: Handler }>();
export function define(name: string, handle: Handler): void {
  // Telegram matches method names case-insensitively.
  HANDLERS.set(name.toLowerCase(), { name, handle });
}

export function findMethod(name: string): { name: string; handle: Handler } | undefined {
  return HANDLERS.get(name.toLowerCase());
}

define('getMe', ({ bot }) => success(bot.me));
define('setWebhook', ({ bot, params }) => {
  const url = stringParam(params.fields.url) ?? '';
  // An empty url removes the webhook, as Telegram allows; any other must be https.
  if (url !== '' && !/^https:\/\/\S+$/i.test(url)) return failure(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
  if (isTrue(params.fields.drop_pending_updates)) bot.dropPending();
  bot.webhookUrl = url;
  return success(true);
});
define('deleteWebhook', ({ bot, params }) => {
  if (isTrue(params.fields.drop_pending_updates)) bot.dropPending();
  bot.webhookUrl = '';
  return success(true);
});
define('getWebhookInfo', ({ bot }) => success({ url: bot.webhookUrl, has_custom_certificate: false, pending_update_count: bot.pending().length }));
define('setMyCommands', () => success(true));
define('deleteMyCommands', () => success(true));
define('sendChatAction', (ctx) => {
  const target = targetChat(ctx);
  return target.ok ? success(true) : target.outcome;
});
define('answerCallbackQuery', ({ bot, params }) => {
  const id = stringParam(params.fields.callback_query_id);
  if (id === undefined || !bot.issuedCallbacks.has(id)) {
    return failure(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
  }
  const text = stringParam(params.fields.text);
  // Telegram shows at most 200 characters in the notification or alert.
  if (text !== undefined && text.length > MAX_ANSWER_TEXT) return failure(400, 'Bad Request: MESSAGE_TOO_LONG');
  bot.answered.push(id);
  if (text !== undefined && text !== '') bot.answerTexts.set(id, text);
  return success(true);
});
define('sendMessage', sendMessage);
for (const method of ['sendPhoto', 'sendVideo', 'sendAnimation', 'sendDocument', 'sendAudio']) define(method, sendMedia);

function sendMessage(ctx: CallContext): ApiOutcome {
  const target = targetChat(ctx);
  if (!target.ok) return target.outcome;
  const text = stringParam(ctx.params.fields.text) ?? '';
  const parsed = formatted(ctx.params, text);
  if (!parsed.ok) return parsed.outcome;
  if (parsed.text.trim() === '') return failure(400, 'Bad Request: message text is empty');
  // Telegram counts the text after entity parsing, in UTF-16 units.
  if (parsed.text.length > MAX_TEXT) return failure(400, 'Bad Request: message is too long');
  const markup = replyMarkup(ctx.params.fields.reply_markup);
  if (!markup.ok) return markup.outcome;
  return deliver(ctx, target.chat, markup.value, { text: parsed.text, ...entitiesField('entities', parsed.entities) }, undefined, { text });
}

/** The text as Telegram shows it: parse_mode HTML is parsed (and refused when malformed); other text stays as sent. */
function formatted(params: CallParams, text: string): { ok: true; text: string; entities: MessageEntity[] } | { ok: false; outcome: ApiOutcome } {
  const mode = stringParam(params.fields.parse_mode);
  if (mode === undefined || mode === '') return { ok: true, text, entities: [] };
  if (mode.toLowerCase() !== 'html') return { ok: false, outcome: failure(400, `Bad Request: unsupported parse_mode "${mode}"`) };
  const parsed = parseHtml(text);
  return parsed.ok ? parsed : { ok: false, outcome: failure(400, parsed.description) };
}

function entitiesField(name: 'entities' | 'caption_entities', entities: MessageEntity[]): Partial<Message> {
  return entities.length === 0 ? {} : { [name]: entities };
}

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function sendMedia(ctx: CallContext): ApiOutcome {
  const kind = MEDIA_METHODS.get(ctx.method.toLowerCase());
  if (kind === undefined) return failure(404, 'Not Found: method not found');
  const target = targetChat(ctx);
  if (!target.ok) return target.outcome;
  const caption = stringParam(ctx.params.fields.caption);
  const parsed = caption === undefined ? undefined : formatted(ctx.params, caption);
  if (parsed !== undefined && !parsed.ok) return parsed.outcome;
  if (parsed !== undefined && parsed.text.length > MAX_CAPTION) return failure(400, 'Bad Request: message caption is too long');
  const markup = replyMarkup(ctx.params.fields.reply_markup);
  if (!markup.ok) return markup.outcome;
  const media = resolveMedia(ctx.bot, kind, ctx.params);
  if (!media.ok) return media.outcome;
  const file = ctx.bot.files.get(media.media.fileId);
  if (file === undefined) return failure(500, 'Internal Server Error');
  const shown = parsed === undefined || parsed.text === '' ? {} : { caption: parsed.text, ...entitiesField('caption_entities', parsed.entities) };
  const content: Partial<Message> = { ...mediaFields(media.media.fileId, file), ...shown };
  return deliver(ctx, target.chat, markup.value, content, media.media, caption === undefined || caption === '' ? {} : { caption });
}

/** Builds the returned Message and records the send; `asSent` is the text or caption before parsing. */
export function deliver(
  ctx: CallContext,
  chat: Chat,
  markup: ReplyMarkup | undefined,
  content: Partial<Message>,
  media: SentMedia | undefined,
  asSent: { text?: string; caption?: string },
): ApiOutcome {
  const { bot, now } = ctx;
  const messageId = bot.nextMessageId(chat.id);
  // Only inline keyboards come back on the Message; reply keyboards live in the client.
  const inline = isInlineKeyboard(markup) ? { reply_markup: markup } : {};
  const message: Message = { ...content, message_id: messageId, date: Math.floor(now / 1000), chat, from: bot.asSender, ...inline };
  bot.rememberMessage(message);
  const parseMode = stringParam(ctx.params.fields.parse_mode);
  const record: SentMessage = {
    method: ctx.method,
    chatId: chat.id,
    messageId,
    at: now,
    ...asSent,
    ...(parseMode === undefined ? {} : { parseMode }),
    ...(markup === undefined ? {} : { replyMarkup: markup }),
    ...(media === undefined ? {} : { media }),
  };
  bot.sent.push(record);
  return success(message);
}

export function targetChat(ctx: CallContext): { ok: true; chat: Chat } | { ok: false; outcome: ApiOutcome } {
  const raw = ctx.params.fields.chat_id;
  if (raw === undefined || raw === '') return { ok: false, outcome: failure(400, 'Bad Request: chat_id is empty') };
  const chatId = intParam(raw);
  // Only chats that wrote to the bot exist for it; "@username" never does here.
  if (chatId !== undefined && ctx.users.deactivated.has(chatId)) return { ok: false, outcome: DEACTIVATED };
  const chat = chatId === undefined ? undefined : ctx.bot.chat(chatId);
  // A user who exists but never wrote to this bot cannot be written to first.
  if (chat === undefined) return { ok: false, outcome: chatId !== undefined && ctx.users.known.has(chatId) ? CANT_INITIATE : CHAT_NOT_FOUND };
  if (ctx.bot.blocked.has(chat.id)) return { ok: false, outcome: BLOCKED };
  return { ok: true, chat };
}

const MARKUP_KEYS = ['inline_keyboard', 'keyboard', 'remove_keyboard', 'force_reply'];

export function replyMarkup(raw: unknown): { ok: true; value: ReplyMarkup | undefined } | { ok: false; outcome: ApiOutcome } {
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  const parsed = objectParam(raw);
  const value = parsed.ok ? parsed.value : undefined;
  if (isRecord(value) && MARKUP_KEYS.some((key) => key in value)) {
    // Shape beyond the discriminating key is the bot's business; tests read it back as sent.
    return { ok: true, value: value as unknown as ReplyMarkup };
  }
  return { ok: false, outcome: failure(400, "Bad Request: can't parse reply keyboard markup JSON object") };
}

function isInlineKeyboard(markup: ReplyMarkup | undefined): markup is InlineKeyboardMarkup {
  return markup !== undefined && 'inline_keyboard' in markup;
}

/** The chat a call targets, for fault and rate rules; undefined when it has none. */
export function chatIdOf(params: CallParams): number | undefined {
  return intParam(params.fields.chat_id);
}
