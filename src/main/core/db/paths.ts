import { join } from 'node:path';

export const DATABASE_FILE = 'botdeck.db';
export const BACKUPS_DIR = 'backups';

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/** Written when the store closes cleanly, removed when it opens: its absence means a crash. */
export function cleanCloseMarker(dataDir: string): string {
  return join(dataDir, `${DATABASE_FILE}.clean`);
}

export function backupsPath(dataDir: string): string {
  return join(dataDir, BACKUPS_DIR);
}

/** A sortable, filename-safe UTC timestamp: 20261129T114500123Z. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}
