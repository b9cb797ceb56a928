import { copyFileSync, constants, lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MEDIA_MAX_BYTES, MEDIA_NAME_MAX, mediaFileNameProblem } from '../../../shared/media';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';

/** The folder of the data folder that holds welcome media, the only files a bot may upload. */
export function mediaFolder(dataDir: string): string {
  return join(dataDir, 'media');
}

/** The system error code (ENOENT, EEXIST...) of a file operation's failure. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * The real location of a media file, checked: a plain name, a regular file directly in the
 * media folder after every symlink is followed, and a media folder that is itself no link
 * (which could make the data folder's own files, the key and the database, look like media).
 */
export function resolveMediaFile(dataDir: string, name: string): string {
  const problem = mediaFileNameProblem(name);
  if (problem !== null) throw new BotdeckError('MEDIA_FILE_REFUSED', text('media.pickAgain', { problem }));
  const folder = mediaFolder(dataDir);
  let real: string;
  let realFolder: string;
  try {
    if (!lstatSync(folder).isDirectory()) throw new BotdeckError('MEDIA_FILE_REFUSED', text('media.folderNotPlain', { folder }));
    realFolder = realpathSync(folder);
    real = realpathSync(join(folder, name));
  } catch (error) {
    if (error instanceof BotdeckError) throw error;
    if (errorCode(error) === 'ENOENT') throw new BotdeckError('MEDIA_FILE_MISSING', text('media.fileGone', { name, folder }), { cause: error });
    throw new BotdeckError('MEDIA_FILE_REFUSED', text('media.fileUnreadable', { name }), { cause: error });
  }
  if (dirname(real) !== realFolder || !statSync(real).isFile()) {
    throw new BotdeckError('MEDIA_FILE_REFUSED', text('media.fileOutside', { name, folder }));
  }
  return real;
}

/**
 * Writes a new file into the media folder under the wanted name, or under "name-2.ext",
 * "name-3.ext"... when that is taken (another welcome may use the file), and returns the
 * name given. `write` must fail with EEXIST rather than replace a file.
 */
export function addMediaFile(dataDir: string, wanted: string, write: (target: string) => void): string {
  const problem = mediaFileNameProblem(wanted);
  if (problem !== null) throw new BotdeckError('BAD_INPUT', problem);
  const folder = mediaFolder(dataDir);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const dot = wanted.lastIndexOf('.');
  const stem = dot > 0 ? wanted.slice(0, dot) : wanted;
  const extension = dot > 0 ? wanted.slice(dot) : '';
  for (let attempt = 1; attempt <= 1000; attempt++) {
    const suffix = `-${attempt}${extension}`;
    const name = attempt === 1 ? wanted : `${stem.slice(0, Math.max(1, MEDIA_NAME_MAX - suffix.length))}${suffix}`;
    try {
      write(join(folder, name));
      return name;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
  }
  throw new BotdeckError('MEDIA_UPLOAD_FAILED', text('media.tooManyNamed', { name: wanted }));
}

/** Copies a file the operator picked into the media folder; the welcome then names the copy. */
export function importMediaFile(dataDir: string, source: string, wanted: string): string {
  const size = statSync(source).size;
  if (size > MEDIA_MAX_BYTES) throw tooLarge(size);
  return addMediaFile(dataDir, wanted, (target) => {
    copyFileSync(source, target, constants.COPYFILE_EXCL);
  });
}

/** The refusal of a file larger than a bot may send. */
export function tooLarge(size: number): BotdeckError {
  const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
  return new BotdeckError('MEDIA_TOO_LARGE', text('media.tooLarge', { size: mb(size), max: mb(MEDIA_MAX_BYTES) }));
}
