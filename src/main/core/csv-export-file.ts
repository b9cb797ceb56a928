import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportResult } from '../../shared/export';
import { fileTimestamp } from './db/paths';
import { storeFailure } from './db/sqlite-errors';
import { errorText as text } from '../../shared/i18n/error-text';
import { BotdeckError } from './errors';

/** Temporary files of the exports running now: clearing what a crash left behind spares them. */
const running = new Set<string>();
const PARTIAL = /^\.[a-z0-9-]+-\d{8}T\d{9}Z\.csv\.partial$/u;

async function removeLeftovers(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (PARTIAL.test(name) && !running.has(join(dir, name))) await rm(join(dir, name), { force: true });
  }
}

/** One turn of the event loop between two pages: timers and sockets run, so the bots keep polling and the engine clock ticking. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Writes a chunk of the CSV; the next chunk waits for it. */
export type CsvWrite = (chunk: string) => Promise<void>;

/**
 * Writes a CSV export to `dir/<stem>-<time>.csv`: `produce` writes its chunks and returns
 * how many rows it wrote. The rows go to a hidden temporary file first, with asynchronous
 * writes, and the file takes its name only once it is complete and on disk: a failed
 * export (a full disk, the folder gone, an error mid-way) leaves no partial file behind,
 * only the error; one left by a crash is removed by the next export.
 */
export async function writeCsvExport(dir: string, stem: string, produce: (write: CsvWrite, fileName: string) => Promise<number>): Promise<ExportResult> {
  // Two exports started in the same millisecond get different names.
  let at = Date.now();
  while (running.has(join(dir, `.${stem}-${fileTimestamp(new Date(at))}.csv.partial`))) at += 1;
  const fileName = `${stem}-${fileTimestamp(new Date(at))}.csv`;
  const path = join(dir, fileName);
  const partial = join(dir, `.${fileName}.partial`);
  running.add(partial);
  try {
    await mkdir(dir, { recursive: true });
    await removeLeftovers(dir);
    const file = await open(partial, 'wx');
    try {
      const rows = await produce(async (chunk) => {
        const bytes = Buffer.from(chunk, 'utf8');
        // A write may take only part of the buffer; the rest follows until all is in the file.
        for (let at = 0; at < bytes.length;) at += (await file.write(bytes, at)).bytesWritten;
      }, fileName);
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
    throw storeFailure(error, text('store.doing.writeExport', {}), path);
  } finally {
    running.delete(partial);
  }
}
