import type { Database, Statement } from 'better-sqlite3';
import type { CampaignOutcome, CampaignReport, CampaignReportRow } from '../../../shared/campaigns';
import type { DeliveryStatus } from '../../../shared/leads';
import { CONVERTED_AFTER_SEND } from './campaign-results';
import { ABANDONED_AFTER_CRASH, CANCELLED_PREFIX, CAPPED_PREFIX, OPTED_OUT_PREFIX } from './delivery-rules';

interface ReportRow {
  lead_id: number;
  first_name: string;
  last_name: string | null;
  username: string | null;
  bot: string;
  status: DeliveryStatus;
  error: string | null;
  sent_at: number | null;
  clicked_at: number | null;
  converted_at: number | null;
  amount_cents: number | null;
}

/** Failed rows that were not sent for a reason of Botdeck's own, told by their error's prefix. */
const NOT_SENT: readonly (readonly [prefix: string, outcome: CampaignOutcome])[] = [
  [CAPPED_PREFIX, 'capped'],
  [OPTED_OUT_PREFIX, 'opted_out'],
  [CANCELLED_PREFIX, 'cancelled'],
];

/**
 * A campaign's per-lead report, read from its deliveries, their leads and bots (reads only),
 * in the order the audience was frozen. A conversion shows only when it counts for the
 * campaign, as in its results.
 */
export class CampaignReportReads {
  private readonly s: { readonly page: Statement<[number, number, number], ReportRow>; readonly total: Statement<[number], { total: number }> };

  constructor(db: Database) {
    this.s = {
      page: db.prepare(
        `SELECT d.lead_id, l.first_name, l.last_name, l.username, b.username AS bot, d.status, d.error, d.sent_at, d.clicked_at,
           CASE WHEN ${CONVERTED_AFTER_SEND} THEN l.converted_at END AS converted_at, CASE WHEN ${CONVERTED_AFTER_SEND} THEN l.revenue_cents END AS amount_cents
         FROM deliveries d JOIN leads l ON l.id = d.lead_id JOIN bots b ON b.id = d.bot_id WHERE d.campaign_id = ? ORDER BY d.id LIMIT ? OFFSET ?`,
      ),
      total: db.prepare('SELECT count(*) AS total FROM deliveries WHERE campaign_id = ?'),
    };
  }

  page(campaignId: number, offset: number, limit: number): CampaignReport {
    const total = this.s.total.get(campaignId)?.total ?? 0;
    return { total, rows: this.s.page.all(campaignId, limit, offset).map(reportRow) };
  }
}

function reportRow(row: ReportRow): CampaignReportRow {
  const { outcome, reason } = outcomeOf(row.status, row.error);
  return {
    leadId: row.lead_id,
    name: row.last_name === null ? row.first_name : `${row.first_name} ${row.last_name}`,
    username: row.username,
    bot: row.bot,
    outcome,
    reason,
    sentAt: row.sent_at,
    clickedAt: row.clicked_at,
    convertedAt: row.converted_at,
    amountCents: row.amount_cents,
  };
}

function outcomeOf(status: DeliveryStatus, error: string | null): { outcome: CampaignOutcome; reason: string | null } {
  switch (status) {
    case 'pending':
    case 'sending':
    case 'held':
      return { outcome: 'pending', reason: null };
    case 'sent':
      return { outcome: 'sent', reason: null };
    case 'blocked':
      return { outcome: 'blocked', reason: error };
    case 'failed': {
      const text = error ?? '';
      if (text === ABANDONED_AFTER_CRASH) return { outcome: 'abandoned_after_crash', reason: text };
      const notSent = NOT_SENT.find(([prefix]) => text.startsWith(prefix));
      if (notSent !== undefined) return { outcome: notSent[1], reason: text.slice(notSent[0].length) };
      return { outcome: 'failed', reason: error };
    }
  }
}
