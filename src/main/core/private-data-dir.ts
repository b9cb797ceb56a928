import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { BotdeckError } from './errors';
import { errorText as text } from '../../shared/i18n/error-text';
import type { Logger } from './logger';

/** Owner only: the folder holds the key file, the leads and their backups. */
export const PRIVATE_DIR_MODE = 0o700;

/** What making sure of the data folder did. Modes are the permission bits (e.g. 0o755). */
export type DataDirPreparation =
  | { readonly kind: 'created' }
  | { readonly kind: 'private' }
  | { readonly kind: 'tightened'; readonly from: number }
  | { readonly kind: 'left_open'; readonly mode: number; readonly reason: string };

const octal = (mode: number): string => mode.toString(8).padStart(4, '0');

/**
 * Creates the data folder readable by its owner only, or tightens an existing one that
 * other users can enter. A folder the operator does not own is left as it is (and said
 * so): Botdeck still works in it. Windows has no mode bits; its profile folders are
 * private by their ACLs.
 */
export function preparePrivateDataDir(dataDir: string, platform: NodeJS.Platform = process.platform): DataDirPreparation {
  let created: string | undefined;
  try {
    created = mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new BotdeckError('DATA_DIR_UNUSABLE', text('dataDir.unusable', { dir: dataDir, detail }), { cause: error });
  }
  const fresh: DataDirPreparation = created === undefined ? { kind: 'private' } : { kind: 'created' };
  if (platform === 'win32') return fresh;
  const mode = statSync(dataDir).mode & 0o777;
  if ((mode & 0o077) === 0) return fresh;
  try {
    chmodSync(dataDir, PRIVATE_DIR_MODE);
    return { kind: 'tightened', from: mode };
  } catch (error) {
    return { kind: 'left_open', mode, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The log line for a folder whose permissions were changed, or could not be. */
export function logDataDirPreparation(logger: Logger, dataDir: string, preparation: DataDirPreparation): void {
  if (preparation.kind === 'tightened') {
    logger.warn({ dataDir, from: octal(preparation.from), to: octal(PRIVATE_DIR_MODE) }, 'the data folder was open to other users; it is now readable by its owner only');
  } else if (preparation.kind === 'left_open') {
    logger.warn(
      { dataDir, mode: octal(preparation.mode), error: preparation.reason },
      'the data folder is open to other users and could not be made private; restrict it yourself (chmod 700)',
    );
  }
}

/** The same, as a sentence for the doctor's report; null when nothing was changed or wrong. */
export function dataDirNote(dataDir: string, preparation: DataDirPreparation): string | null {
  if (preparation.kind === 'tightened') return `Made the data folder ${dataDir} readable by its owner only (it was ${octal(preparation.from)}, now ${octal(PRIVATE_DIR_MODE)}).`;
  if (preparation.kind === 'left_open')
    return `The data folder ${dataDir} is open to other users (${octal(preparation.mode)}) and could not be made private (${preparation.reason}); run chmod 700 on it.`;
  return null;
}
