import type { Database, Statement } from 'better-sqlite3';

/** How long after a lead's campaign message a conversion is credited to the campaign. */
export const CONVERSION_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** What a campaign's messages led to. */
export interface CampaignResults {
  /** Leads who pressed a button of their campaign message. */
  readonly clicks: number;
  /** Leads who converted within the window after their campaign message was sent (from the moment it was sent, included). */
  readonly conversions: number;
  /** Those conversions' sale amounts, in cents. */
  readonly revenueCents: number;
}

/**
 * A lead converted in [sent_at, sent_at + window] of its campaign delivery; a lead is
 * frozen once into a campaign (deliveries_campaign_lead), so each counts once. Exported for
 * the campaign report, which says the same per lead.
 */
export const CONVERTED_AFTER_SEND = `l.converted_at BETWEEN d.sent_at AND d.sent_at + ${CONVERSION_WINDOW_MS}`;

/** Through the clicked rows' own index (migration 018): no read of the campaign's other rows. */
export const CLICKS_SQL = 'SELECT count(*) AS clicks FROM deliveries WHERE campaign_id = ? AND clicked_at IS NOT NULL';

/**
 * From the leads converted while a message of the campaign could be credited (migration 018's
 * index, between its first send and a week after its last; the bounds come from its covering
 * index), each looked up in the campaign by lead: conversions are far fewer than recipients.
 */
export const CONVERSIONS_SQL = `SELECT count(*) AS conversions, coalesce(sum(l.revenue_cents), 0) AS revenueCents
  FROM leads l INDEXED BY leads_converted JOIN deliveries d ON d.campaign_id = @campaignId AND d.lead_id = l.id
  WHERE l.converted_at BETWEEN (SELECT min(sent_at) FROM deliveries WHERE campaign_id = @campaignId AND status = 'sent')
      AND (SELECT max(sent_at) FROM deliveries WHERE campaign_id = @campaignId AND status = 'sent') + ${CONVERSION_WINDOW_MS}
    AND d.status = 'sent' AND ${CONVERTED_AFTER_SEND}`;

/**
 * Reads of a campaign's results from the deliveries and the leads, which this folder owns:
 * the campaigns ask here instead of reading those tables themselves.
 */
export class CampaignResultReads {
  private readonly s: {
    readonly clicks: Statement<[number], number>;
    readonly conversions: Statement<[{ campaignId: number }], Omit<CampaignResults, 'clicks'>>;
  };

  constructor(db: Database) {
    this.s = { clicks: db.prepare<[number], number>(CLICKS_SQL).pluck(), conversions: db.prepare(CONVERSIONS_SQL) };
  }

  results(campaignId: number): CampaignResults {
    const { conversions, revenueCents } = this.s.conversions.get({ campaignId }) ?? { conversions: 0, revenueCents: 0 };
    return { clicks: this.s.clicks.get(campaignId) ?? 0, conversions, revenueCents };
  }
}
