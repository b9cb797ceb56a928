import type { Message } from '@grammyjs/types';
import type { ApiOutcome } from './outcome';
import { failure } from './outcome';
import type { CallParams } from './params';
import { stringParam } from './params';
import type { BotState, StoredFile } from './state';
import type { MediaKind, SentMedia } from './types';

/** Lower-cased method name → the field that carries its media. */
export const MEDIA_METHODS: ReadonlyMap<string, MediaKind> = new Map([
  ['sendphoto', 'photo'],
  ['sendvideo', 'video'],
  ['sendanimation', 'animation'],
  ['senddocument', 'document'],
  ['sendaudio', 'audio'],
]);

const WRONG_FILE = failure(400, 'Bad Request: wrong file identifier/HTTP URL specified');

/**
 * Where the media came from: a file part (grammY sends `attach://<part>`; curl-style
 * clients name the part after the field), a file id this bot got earlier, or a URL.
 */
export function resolveMedia(bot: BotState, kind: MediaKind, params: CallParams): { ok: true; media: SentMedia } | { ok: false; outcome: ApiOutcome } {
  const direct = params.files.get(kind);
  const value = stringParam(params.fields[kind]);
  const attached = value?.startsWith('attach://') === true ? params.files.get(value.slice('attach://'.length)) : undefined;
  const upload = direct ?? attached;
  if (upload !== undefined) {
    const fileId = bot.newFile(kind, upload);
    return { ok: true, media: { kind, fileId, uploaded: true, source: 'upload', filename: upload.filename, size: upload.size } };
  }
  if (value === undefined || value === '') return { ok: false, outcome: failure(400, `Bad Request: there is no ${kind} in the request`) };
  if (bot.files.get(value)?.kind === kind) return { ok: true, media: { kind, fileId: value, uploaded: false, source: 'file_id' } };
  // Telegram would fetch the URL; the fake trusts it so tests stay offline.
  if (/^https?:\/\/\S+$/i.test(value)) return { ok: true, media: { kind, fileId: bot.newFile(kind), uploaded: false, source: 'url' } };
  return { ok: false, outcome: WRONG_FILE };
}

/** The media fields of the returned Message, shaped like Telegram's for that kind. */
export function mediaFields(fileId: string, file: StoredFile): Partial<Message> {
  const ids = { file_id: fileId, file_unique_id: file.uniqueId, ...(file.size === undefined ? {} : { file_size: file.size }) };
  const name = file.filename === undefined ? {} : { file_name: file.filename };
  switch (file.kind) {
    case 'photo':
      return { photo: [{ ...ids, width: 1280, height: 720 }] };
    case 'video':
      return { video: { ...ids, ...name, width: 1280, height: 720, duration: 1, mime_type: 'video/mp4' } };
    case 'animation':
      // Telegram also fills `document` for animations, for older clients.
      return {
        animation: { ...ids, ...name, width: 320, height: 240, duration: 1, mime_type: 'video/mp4' },
        document: { ...ids, ...name, mime_type: 'video/mp4' },
      };
    case 'document':
      return { document: { ...ids, ...name } };
    case 'audio':
      return { audio: { ...ids, ...name, duration: 1, mime_type: 'audio/mpeg' } };
  }
}
