import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ExportResult } from '../../../shared/export';
import type { LeadFilter } from '../../../shared/leads';
import { fileTimestamp } from '../db/paths';
import { storeFailure } from '../db/sqlite-errors';
import { BotdeckError } from '../errors';
import { exportLeadsCsv } from './lead-export';

/** Temporary files of the exports running now: clearing what a crash left behind spares them. */
const running = new Set<string>();
const PARTIAL = /^\.leads-.*\.csv\.partial$/u;

async function removeLeftovers(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (PARTIAL.test(name) && !running.has(join(dir, name))) await rm(join(dir, name), { force: true });
  }
}

/**
 * Writes the leads matching the filter to `dir/leads-<time>.csv`. The rows go to a hidden
 * temporary file first, with asynchronous writes, and the file takes its name only once it
 * is complete and on disk: a failed export (a full disk, the folder gone, an error
 * mid-way) leaves no partial file behind, only the error; one left by a crash is removed
 * by the next export.
 */
export async function exportLeadsToFile(db: Database, dir: string, filter: LeadFilter, onProgress: (fileName: string, done: number, total: number) => void): Promise<ExportResult> {
  // Two exports started in the same millisecond get different names.
  let at = Date.now();
  while (running.has(join(dir, `.leads-${fileTimestamp(new Date(at))}.csv.partial`))) at += 1;
  const fileName = `leads-${fileTimestamp(new Date(at))}.csv`;
  const path = join(dir, fileName);
  const partial = join(dir, `.${fileName}.partial`);
  running.add(partial);
  try {
    await mkdir(dir, { recursive: true });
    await removeLeftovers(dir);
    const file = await open(partial, 'wx');
    try {
      const rows = await exportLeadsCsv(
        db,
        filter,
        async (chunk) => {
          const bytes = Buffer.from(chunk, 'utf8');
          // A write may take only part of the buffer; the rest follows until all is in the file.
          for (let at = 0; at < bytes.length;) at += (await file.write(bytes, at)).bytesWritten;
        },
        (done, total) => onProgress(fileName, done, total),
      );
      await file.sync();
      await file.close();
      await rename(partial, path);
      return { fileName, path, rows };
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    if (error instanceof BotdeckError) throw error;
    throw storeFailure(error, 'write the export', path);
  } finally {
    running.delete(partial);
  }
}
