import { MAX_REPORT_PAGE } from '../../../shared/campaigns';
import type { ExportResult } from '../../../shared/export';
import { nextTurn, writeCsvExport } from '../csv-export-file';
import { csvField } from '../leads/lead-export';
import type { Campaigns } from './campaigns';

const HEADER = ['lead_id', 'name', 'username', 'bot', 'outcome', 'reason', 'sent_at', 'clicked_at', 'converted_at', 'amount_cents'];

const time = (at: number | null): string => (at === null ? '' : new Date(at).toISOString());

/**
 * Writes a campaign's per-lead report to `dir/campaign-<id>-<time>.csv`, as the recovery
 * report is written (UTF-8 with BOM, CRLF, a header row, times in ISO 8601 UTC; complete or
 * not at all), a page at a time with the engine running in between. An unknown campaign
 * fails before any file is made.
 */
export async function exportCampaignReport(campaigns: Campaigns, dir: string, campaignId: number): Promise<ExportResult> {
  campaigns.get(campaignId);
  return writeCsvExport(dir, `campaign-${campaignId}`, async (write) => {
    await write(`\uFEFF${HEADER.join(',')}\r\n`);
    let rows = 0;
    for (;;) {
      const page = campaigns.report(campaignId, rows, MAX_REPORT_PAGE).rows;
      if (page.length > 0) {
        const lines = page.map((row) =>
          [
            String(row.leadId),
            csvField(row.name),
            csvField(row.username),
            csvField(row.bot),
            row.outcome,
            csvField(row.reason),
            time(row.sentAt),
            time(row.clickedAt),
            time(row.convertedAt),
            row.amountCents === null ? '' : String(row.amountCents),
          ].join(','),
        );
        await write(`${lines.join('\r\n')}\r\n`);
        rows += page.length;
      }
      if (page.length < MAX_REPORT_PAGE) return rows;
      await nextTurn();
    }
  });
}
