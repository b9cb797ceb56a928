import Database from 'better-sqlite3';
import { BotdeckError } from '../errors';
import { errorText as text, type ErrorText } from '../../../shared/i18n/error-text';

/** SQLite result codes arrive as strings such as 'SQLITE_FULL' or 'SQLITE_IOERR_WRITE'. */
function sqliteCode(error: unknown): string | null {
  if (error instanceof Database.SqliteError) return error.code;
  return null;
}

const nodeCodes: Readonly<Record<string, 'STORE_DISK_FULL' | 'STORE_READ_ONLY'>> = {
  ENOSPC: 'STORE_DISK_FULL',
  EDQUOT: 'STORE_DISK_FULL',
  EROFS: 'STORE_READ_ONLY',
  EACCES: 'STORE_READ_ONLY',
  EPERM: 'STORE_READ_ONLY',
};

/**
 * Maps a failure of a store operation to an error the operator can act on. `doing`
 * completes the sentence "Botdeck could not ...". The original error stays as `cause`
 * for the logs; the message never carries a stack trace.
 */
export function storeFailure(error: unknown, doing: ErrorText, file: string): BotdeckError {
  if (error instanceof BotdeckError) return error;
  const code = sqliteCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  const nodeCode = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'SQLITE_FULL' || nodeCodes[nodeCode] === 'STORE_DISK_FULL') {
    return new BotdeckError('STORE_DISK_FULL', text('store.diskFull', { doing, file }), {
      cause: error,
    });
  }
  if (code?.startsWith('SQLITE_READONLY') === true || nodeCodes[nodeCode] === 'STORE_READ_ONLY') {
    return new BotdeckError('STORE_READ_ONLY', text('store.readOnly', { doing, file }), { cause: error });
  }
  if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT') === true) {
    return new BotdeckError('STORE_CORRUPT', text('store.corruptDoing', { doing, file, detail }), { cause: error });
  }
  if (code?.startsWith('SQLITE_BUSY') === true || code?.startsWith('SQLITE_LOCKED') === true) {
    return new BotdeckError('STORE_BUSY', text('store.busy', { doing, file }), {
      cause: error,
    });
  }
  return new BotdeckError('STORE_IO', text('store.io', { doing, file, detail }), { cause: error });
}

/** Runs `fn`, turning any failure into a store error with a clear message. */
export function guarded<T>(doing: ErrorText, file: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw storeFailure(error, doing, file);
  }
}
