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

const RESULTS_SQL = `SELECT count(d.clicked_at) AS clicks,
    count(*) FILTER (WHERE ${CONVERTED_AFTER_SEND}) AS conversions,
    coalesce(sum(l.revenue_cents) FILTER (WHERE ${CONVERTED_AFTER_SEND}), 0) AS revenueCents
  FROM deliveries d JOIN leads l ON l.id = d.lead_id
  WHERE d.campaign_id = ? AND d.status = 'sent'`;

/**
 * Reads of a campaign's results from the deliveries and the leads, which this folder owns:
 * the campaigns ask here instead of reading those tables themselves.
 */
export class CampaignResultReads {
  private readonly s: { readonly results: Statement<[number], CampaignResults> };

  constructor(db: Database) {
    this.s = { results: db.prepare(RESULTS_SQL) };
  }

  results(campaignId: number): CampaignResults {
    return this.s.results.get(campaignId) ?? { clicks: 0, conversions: 0, revenueCents: 0 };
  }
}
