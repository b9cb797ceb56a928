import { copyFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BackupInfo } from '../../../shared/store-status';
import { listBackupsIn, pruneBackupsIn, syncToDisk, writeCheck } from '../db/backup';

function reason(error: unknown, folder: string): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return `the folder ${folder} does not exist (is the drive or the cloud folder there?)`;
    case 'ENOTDIR':
      return `${folder} is not a folder`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `the folder ${folder} is read-only for Botdeck`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk holding ${folder} is full`;
    default:
      return `${folder} cannot be written (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Throws with the reason unless `folder` is an existing folder. */
function assertFolder(folder: string): void {
  if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
}

/**
 * Copies a checked backup (and its check) to the operator's second folder, typically one a
 * cloud drive syncs: written under a temporary name, flushed, then renamed, so the sync
 * never uploads half a file. The folder is never created: a missing one usually means the
 * drive is not mounted, and a copy into an empty stand-in would be lost. Then only our own
 * scheduled backups there are pruned to `keep`. Never throws: returns null when the copy is
 * there, or why not.
 */
export function copyToSecondFolder(backup: BackupInfo, folder: string, keep: number): string | null {
  const target = join(folder, basename(backup.path));
  const partial = `${target}.partial`;
  try {
    assertFolder(folder);
    copyFileSync(backup.path, partial);
    syncToDisk(partial);
    renameSync(partial, target);
    if (backup.check !== null) writeCheck(target, backup.check);
    if (process.platform !== 'win32') syncToDisk(folder);
  } catch (error) {
    try {
      rmSync(partial, { force: true });
    } catch {
      // The folder itself is unusable (not a folder, gone): there is no partial file to remove.
    }
    return reason(error, folder);
  }
  try {
    pruneBackupsIn(folder, 'scheduled', keep);
  } catch (error) {
    return `the copy is there, but older copies could not be removed: ${reason(error, folder)}`;
  }
  return null;
}

/** Botdeck's backups in the second folder, newest first, or why they cannot be listed. */
export function listSecondFolder(folder: string): { backups: BackupInfo[]; error: string | null } {
  try {
    assertFolder(folder);
    return { backups: listBackupsIn(folder), error: null };
  } catch (error) {
    return { backups: [], error: reason(error, folder) };
  }
}
