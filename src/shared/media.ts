import { errorText, type ErrorText } from './i18n/error-text';

/**
 * Welcome media from a file lives in the data folder's `media/` folder, named by a plain
 * file name: the engine never reads a file by a path the console sends, so no call can make
 * a bot mail the key file or the database. The console uploads files there in chunks.
 */

/** Telegram's cap on a file a bot uploads. */
export const MEDIA_MAX_BYTES = 50 * 1024 * 1024;
/**
 * One upload chunk, before base64. As base64 (4/3 larger) inside a JSON call it stays well
 * under the 1 MiB a headless WebSocket message may carry (WS_MAX_MESSAGE_BYTES).
 */
export const MEDIA_CHUNK_BYTES = 512 * 1024;
/** Base64 of a full chunk. */
export const MEDIA_CHUNK_BASE64_CHARS = Math.ceil(MEDIA_CHUNK_BYTES / 3) * 4;
export const MEDIA_NAME_MAX = 100;

const NAME = /^[\p{L}\p{N}_(][\p{L}\p{N} ._()-]*$/u;
/** Names Windows keeps for devices, with any extension. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/** Why a name cannot be a media file's name, or null when it can. */
export function mediaFileNameProblem(name: string): ErrorText | null {
  if (name.length === 0) return errorText('media.nameEmpty', {});
  if (name.length > MEDIA_NAME_MAX) return errorText('media.nameTooLong', { length: name.length, max: MEDIA_NAME_MAX });
  if (/[/\\]/.test(name)) return errorText('media.nameHasSlash', {});
  if (!NAME.test(name) || name.endsWith('.') || name.endsWith(' ') || WINDOWS_DEVICE.test(name)) {
    return errorText('media.nameBadCharacters', { name });
  }
  return null;
}

/** A name the media folder accepts, made from any file's name (what the operator picked or dropped). */
export function mediaFileNameFrom(original: string): string {
  const base = original.split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const clean = (part: string): string =>
    part
      .normalize('NFC')
      .replace(/[^\p{L}\p{N} ._()-]+/gu, '-')
      .replace(/^[ .()-]+|[ .-]+$/g, '');
  const stem = clean(dot > 0 ? base.slice(0, dot) : base) || 'media';
  const extension =
    dot > 0
      ? clean(base.slice(dot + 1))
          .replace(/[ .]/g, '')
          .slice(0, 10)
      : '';
  const room = MEDIA_NAME_MAX - (extension === '' ? 0 : extension.length + 1);
  const cut = (WINDOWS_DEVICE.test(stem) ? `_${stem}` : stem).slice(0, room).replace(/[ .-]+$/, '') || 'media';
  return extension === '' ? cut : `${cut}.${extension}`;
}
