import { InputFile, type Api } from 'grammy';
import type { InlineKeyboardButton, Message } from 'grammy/types';
import type { Welcome } from '../../../shared/welcome';

/** What one delivery sends: the welcome's text, media and buttons, or a broadcast's. */
export type MessageContent = Pick<Welcome, 'text' | 'media' | 'buttons'>;

export interface SentMessage {
  readonly messageId: number;
  /** Telegram's file_id for uploaded media, to reuse instead of uploading again. */
  readonly fileId: string | null;
}

function keyboard(content: MessageContent): { inline_keyboard: InlineKeyboardButton[][] } | undefined {
  if (content.buttons.length === 0) return undefined;
  return {
    inline_keyboard: content.buttons.map((row) =>
      row.map((button): InlineKeyboardButton => (button.kind === 'url' ? { text: button.text, url: button.url } : { text: button.text, callback_data: button.data })),
    ),
  };
}

function mediaFileId(message: Message): string | null {
  return (
    message.photo?.at(-1)?.file_id ??
    message.video?.file_id ??
    message.animation?.file_id ??
    message.document?.file_id ??
    message.audio?.file_id ??
    null
  );
}

/** Sends one message, choosing the Bot API method from the media kind. */
export async function sendContent(api: Api, chatId: number, content: MessageContent): Promise<SentMessage> {
  const reply_markup = keyboard(content);
  const media = content.media;
  if (media === null) {
    const message = await api.sendMessage(chatId, content.text, { parse_mode: 'HTML', ...(reply_markup === undefined ? {} : { reply_markup }) });
    return { messageId: message.message_id, fileId: null };
  }
  const file = media.fileId ?? (media.source.type === 'url' ? media.source.url : new InputFile(media.source.path));
  const options = { caption: content.text, parse_mode: 'HTML' as const, ...(reply_markup === undefined ? {} : { reply_markup }) };
  let message: Message;
  switch (media.kind) {
    case 'photo':
      message = await api.sendPhoto(chatId, file, options);
      break;
    case 'video':
      message = await api.sendVideo(chatId, file, options);
      break;
    case 'animation':
      message = await api.sendAnimation(chatId, file, options);
      break;
    case 'document':
      message = await api.sendDocument(chatId, file, options);
      break;
    case 'audio':
      message = await api.sendAudio(chatId, file, options);
      break;
  }
  return { messageId: message.message_id, fileId: media.fileId ?? mediaFileId(message) };
}
