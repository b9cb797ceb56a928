import { InputFile, type Api } from 'grammy';
import type { InlineKeyboardButton, Message } from 'grammy/types';
import { productCallbackData, type Welcome } from '../../../shared/welcome';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { resolveMediaFile } from '../media/media-folder';

/** What one delivery sends: the welcome's text, media and buttons, or a broadcast's. */
export type MessageContent = Pick<Welcome, 'text' | 'media' | 'buttons'>;

type Media = NonNullable<MessageContent['media']>;

/** Content whose media was checked and located: ready for the Bot API. */
export interface PreparedContent extends Pick<MessageContent, 'text' | 'buttons'> {
  /** The media with what the Bot API is given for it: its file_id, its URL, or the media folder's file. */
  readonly media: (Media & { readonly input: string | InputFile }) | null;
}

function mediaInput(media: Media, dataDir: string): string | InputFile {
  if (media.source.type === 'path') throw new BotdeckError('MEDIA_FILE_REFUSED', text('media.pathRefused', {}));
  if (media.fileId !== null) return media.fileId;
  if (media.source.type === 'url') return media.source.url;
  return new InputFile(resolveMediaFile(dataDir, media.source.name));
}

/**
 * Checks where the media comes from before anything is sent: a file only from the data
 * folder's media folder (see resolveMediaFile), never a location saved by an older Botdeck.
 * Throws a coded error the sender records as the delivery's failure.
 */
export function prepareContent(content: MessageContent, dataDir: string): PreparedContent {
  const media = content.media;
  return { text: content.text, buttons: content.buttons, media: media === null ? null : { ...media, input: mediaInput(media, dataDir) } };
}

export interface SentMessage {
  readonly messageId: number;
  /** Telegram's file_id for uploaded media, to reuse instead of uploading again. */
  readonly fileId: string | null;
}

function keyboard(content: Pick<MessageContent, 'buttons'>): { inline_keyboard: InlineKeyboardButton[][] } | undefined {
  if (content.buttons.length === 0) return undefined;
  return {
    inline_keyboard: content.buttons.map((row) =>
      row.map((button): InlineKeyboardButton => {
        switch (button.kind) {
          case 'url':
            return { text: button.text, url: button.url };
          case 'offer':
            return { text: button.text, callback_data: button.data };
          case 'product':
            return { text: button.text, callback_data: productCallbackData(button.productId, button.rail) };
        }
      }),
    ),
  };
}

function mediaFileId(message: Message): string | null {
  return message.photo?.at(-1)?.file_id ?? message.video?.file_id ?? message.animation?.file_id ?? message.document?.file_id ?? message.audio?.file_id ?? null;
}

/** Sends one message, choosing the Bot API method from the media kind. */
export async function sendContent(api: Api, chatId: number, content: PreparedContent): Promise<SentMessage> {
  const reply_markup = keyboard(content);
  const media = content.media;
  if (media === null) {
    const message = await api.sendMessage(chatId, content.text, { parse_mode: 'HTML', ...(reply_markup === undefined ? {} : { reply_markup }) });
    return { messageId: message.message_id, fileId: null };
  }
  const file = media.input;
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
