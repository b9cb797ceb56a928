import { copyFileSync, constants, lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MEDIA_MAX_BYTES, MEDIA_NAME_MAX, mediaFileNameProblem } from '../../../shared/media';
import { BotdeckError } from '../errors';

/** The folder of the data folder that holds welcome media, the only files a bot may upload. */
export function mediaFolder(dataDir: string): string {
  return join(dataDir, 'media');
}

const PICK_AGAIN = 'Choose the media file again in the welcome editor.';

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
  if (problem !== null) throw new BotdeckError('MEDIA_FILE_REFUSED', `${problem} ${PICK_AGAIN}`);
  const folder = mediaFolder(dataDir);
  let real: string;
  let realFolder: string;
  try {
    if (!lstatSync(folder).isDirectory())
      throw new BotdeckError(
        'MEDIA_FILE_REFUSED',
        `${folder} is not a plain folder (a link?), so Botdeck sends no file from it. Make it a plain folder, then choose the media file again.`,
      );
    realFolder = realpathSync(folder);
    real = realpathSync(join(folder, name));
  } catch (error) {
    if (error instanceof BotdeckError) throw error;
    if (errorCode(error) === 'ENOENT') throw new BotdeckError('MEDIA_FILE_MISSING', `The media file "${name}" is no longer in ${folder}. ${PICK_AGAIN}`, { cause: error });
    throw new BotdeckError('MEDIA_FILE_REFUSED', `The media file "${name}" cannot be read. ${PICK_AGAIN}`, { cause: error });
  }
  if (dirname(real) !== realFolder || !statSync(real).isFile()) {
    throw new BotdeckError('MEDIA_FILE_REFUSED', `"${name}" in ${folder} leads outside the media folder (a link?), so Botdeck does not send it. ${PICK_AGAIN}`);
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
  throw new BotdeckError('MEDIA_UPLOAD_FAILED', `The media folder already holds a thousand files named like "${wanted}". Rename the file, then try again.`);
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
  return new BotdeckError('MEDIA_TOO_LARGE', `The file is ${mb(size)} MB; a bot can send at most ${mb(MEDIA_MAX_BYTES)} MB. Choose a smaller file.`);
}
