import type { Database } from 'better-sqlite3';
import type { ExportResult } from '../../../shared/export';
import type { LeadFilter } from '../../../shared/leads';
import { writeCsvExport } from '../csv-export-file';
import { exportLeadsCsv } from './lead-export';

/**
 * Writes the leads matching the filter to `dir/leads-<time>.csv`, complete or not at all
 * (see writeCsvExport).
 */
export function exportLeadsToFile(db: Database, dir: string, filter: LeadFilter, onProgress: (fileName: string, done: number, total: number) => void): Promise<ExportResult> {
  return writeCsvExport(dir, 'leads', (write, fileName) => exportLeadsCsv(db, filter, write, (done, total) => onProgress(fileName, done, total)));
}
