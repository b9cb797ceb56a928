import type { ExportResult } from '../../../shared/export';
import { nextTurn, writeCsvExport } from '../csv-export-file';
import { csvField } from '../leads/lead-export';
import type { RecoveryJobs } from './recovery-jobs';

/** Leads per read: the engine runs between two pages. */
const PAGE = 1000;

const HEADER = ['lead_id', 'bot', 'first_name', 'username', 'outcome', 'why', 'at'];

/**
 * Writes a recovery job's per-lead report to `dir/recovery-job-<id>-<time>.csv`, as the
 * lead exports are written (UTF-8 with BOM, CRLF, a header row, times in ISO 8601 UTC;
 * complete or not at all). An unknown job fails before any file is made.
 */
export async function exportRecoveryReport(jobs: RecoveryJobs, dir: string, jobId: number): Promise<ExportResult> {
  jobs.job(jobId);
  return writeCsvExport(dir, `recovery-job-${jobId}`, async (write) => {
    await write(`\uFEFF${HEADER.join(',')}\r\n`);
    let rows = 0;
    for (;;) {
      const page = jobs.reportPage(jobId, rows, PAGE);
      if (page.length > 0) {
        const lines = page.map(({ botUsername, lead }) =>
          [String(lead.leadId), csvField(botUsername), csvField(lead.firstName), csvField(lead.username), lead.outcome, csvField(lead.why), new Date(lead.at).toISOString()].join(
            ',',
          ),
        );
        await write(`${lines.join('\r\n')}\r\n`);
        rows += page.length;
      }
      if (page.length < PAGE) return rows;
      await nextTurn();
    }
  });
}
