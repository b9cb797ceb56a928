import Database from 'better-sqlite3';
import type { RestoreChoice } from '../../../shared/store-status';
import { listBackups } from './backup';

/** The newest lead id in a file; 0 for no leads, null when its leads table cannot be read. */
function newestLeadId(db: Database.Database): number | null {
  try {
    const row = db.prepare<[], { newest: number | null }>('SELECT max(id) AS newest FROM leads').get();
    return row?.newest ?? 0;
  } catch {
    return null;
  }
}

function leadsAfter(live: Database.Database, id: number): number | null {
  try {
    return live.prepare<[number], { count: number }>('SELECT count(*) AS count FROM leads WHERE id > ?').get(id)?.count ?? 0;
  } catch {
    return null;
  }
}

/**
 * The backups newest first, each with the leads restoring it would lose: the live file's
 * leads captured after the backup's newest one. Lead ids only grow (a lead is archived,
 * never deleted), so the count is exact for captures and cheap (a range of the rowid);
 * changes to older leads since the backup (a sale, a status) are not counted. Unknown
 * (null) when either file's leads table cannot be read.
 */
export function restoreChoices(live: Database.Database, dataDir: string, nativeBinding?: string): RestoreChoice[] {
  return listBackups(dataDir).map((backup) => {
    let copy: Database.Database | null = null;
    try {
      copy = new Database(backup.path, { readonly: true, fileMustExist: true, ...(nativeBinding === undefined ? {} : { nativeBinding }) });
      const newest = newestLeadId(copy);
      return { backup, leadsLost: newest === null ? null : leadsAfter(live, newest) };
    } catch {
      return { backup, leadsLost: null };
    } finally {
      copy?.close();
    }
  });
}
