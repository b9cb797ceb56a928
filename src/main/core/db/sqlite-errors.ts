import Database from 'better-sqlite3';
import { BotdeckError } from '../errors';

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
export function storeFailure(error: unknown, doing: string, file: string): BotdeckError {
  if (error instanceof BotdeckError) return error;
  const code = sqliteCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  const nodeCode = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'SQLITE_FULL' || nodeCodes[nodeCode] === 'STORE_DISK_FULL') {
    return new BotdeckError('STORE_DISK_FULL', `Botdeck could not ${doing}: the disk holding ${file} is full. Nothing already saved was lost; free some space and try again.`, {
      cause: error,
    });
  }
  if (code?.startsWith('SQLITE_READONLY') === true || nodeCodes[nodeCode] === 'STORE_READ_ONLY') {
    return new BotdeckError(
      'STORE_READ_ONLY',
      `Botdeck could not ${doing}: ${file} (or its folder) is read-only. Give your user write permission on the data folder, or move it to a writable disk.`,
      { cause: error },
    );
  }
  if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT') === true) {
    return new BotdeckError('STORE_CORRUPT', `Botdeck could not ${doing}: ${file} is damaged (${detail}).`, { cause: error });
  }
  if (code?.startsWith('SQLITE_BUSY') === true || code?.startsWith('SQLITE_LOCKED') === true) {
    return new BotdeckError('STORE_BUSY', `Botdeck could not ${doing}: another program holds ${file} locked. Close any other Botdeck window or database tool using it.`, {
      cause: error,
    });
  }
  return new BotdeckError('STORE_IO', `Botdeck could not ${doing} (${file}): ${detail}`, { cause: error });
}

/** Runs `fn`, turning any failure into a store error with a clear message. */
export function guarded<T>(doing: string, file: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw storeFailure(error, doing, file);
  }
}
