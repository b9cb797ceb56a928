import type { Database, Statement } from 'better-sqlite3';
import type { CampaignProgress, CampaignStatus } from '../../../shared/campaigns';
import type { EventBus } from '../events';
import { CampaignResultReads, type CampaignResults } from '../leads/campaign-results';
import { CANCELLED_PREFIX, CAPPED_PREFIX, OPTED_OUT_PREFIX } from '../leads/delivery-rules';

/** How many recent sends the rate is measured over. */
const RATE_SAMPLE = 50;
/**
 * How long a campaign's results are reused. They join each sent row to its lead (about 15 ms
 * for 10,000 recipients), too much for every look a few times a second, or for every
 * campaign of the list at each read; clicks and conversions a few seconds late are fine.
 */
export const RESULTS_FRESH_MS = 5000;

interface CountsRow {
  recipients: number;
  sent: number;
  blocked: number;
  remaining: number;
  failed: number;
  cancelled: number;
  capped: number;
  optedOut: number;
}

/** A failed row whose error starts with the prefix (the prefixes are this engine's own constants, never input). */
const prefixed = (prefix: string): string => `substr(error, 1, ${prefix.length}) = '${prefix}'`;
const [cancelled, capped, optedOut] = [prefixed(CANCELLED_PREFIX), prefixed(CAPPED_PREFIX), prefixed(OPTED_OUT_PREFIX)];

/** Read from the campaign's covering index (migration 015); exported for the test of its plan. */
export const COUNTS_SQL = `SELECT count(*) AS recipients,
    count(*) FILTER (WHERE status = 'sent') AS sent,
    count(*) FILTER (WHERE status = 'blocked') AS blocked,
    count(*) FILTER (WHERE status IN ('pending', 'sending', 'held')) AS remaining,
    count(*) FILTER (WHERE status = 'failed' AND NOT (${cancelled} OR ${capped} OR ${optedOut})) AS failed,
    count(*) FILTER (WHERE status = 'failed' AND ${cancelled}) AS cancelled,
    count(*) FILTER (WHERE status = 'failed' AND ${capped}) AS capped,
    count(*) FILTER (WHERE status = 'failed' AND ${optedOut}) AS optedOut
  FROM deliveries WHERE campaign_id = ?`;

/**
 * A campaign's figures, counted from its deliveries (so they survive a restart as they are),
 * and their push to the console as `campaign.progress`: each change once, the last always.
 */
export class CampaignProgressFigures {
  private readonly s: {
    readonly counts: Statement<[number], CountsRow>;
    readonly recentSends: Statement<[number, number], { sent_at: number }>;
  };
  private readonly results: CampaignResultReads;
  private readonly counted = new Map<number, { readonly at: number; readonly results: CampaignResults }>();
  private readonly pushed = new Map<number, string>();

  constructor(
    db: Database,
    private readonly events: EventBus,
    private readonly now: () => number,
  ) {
    this.results = new CampaignResultReads(db);
    this.s = {
      counts: db.prepare(COUNTS_SQL),
      recentSends: db.prepare("SELECT sent_at FROM deliveries WHERE campaign_id = ? AND status = 'sent' ORDER BY sent_at DESC LIMIT ?"),
    };
  }

  /** The campaign's figures and results now; the rate and ETA only while it runs. */
  of(campaignId: number, status: CampaignStatus): CampaignProgress {
    const counts = this.s.counts.get(campaignId) ?? { recipients: 0, sent: 0, blocked: 0, remaining: 0, failed: 0, cancelled: 0, capped: 0, optedOut: 0 };
    let ratePerSecond: number | null = null;
    let etaMs: number | null = null;
    if (status === 'running') {
      const sends = this.s.recentSends.all(campaignId, RATE_SAMPLE);
      const newest = sends[0]?.sent_at;
      const oldest = sends.at(-1)?.sent_at;
      if (newest !== undefined && oldest !== undefined && newest > oldest) {
        ratePerSecond = ((sends.length - 1) * 1000) / (newest - oldest);
        etaMs = counts.remaining === 0 ? null : Math.round((counts.remaining / ratePerSecond) * 1000);
      }
    }
    return { campaignId, status, ...counts, ...this.resultsOf(campaignId), ratePerSecond, etaMs };
  }

  private resultsOf(campaignId: number): CampaignResults {
    const now = this.now();
    const last = this.counted.get(campaignId);
    if (last !== undefined && now - last.at < RESULTS_FRESH_MS && now >= last.at) return last.results;
    const results = this.results.results(campaignId);
    this.counted.set(campaignId, { at: now, results });
    return results;
  }

  /** Pushes the figures unless they are the ones pushed last for this campaign. */
  push(progress: CampaignProgress): void {
    const text = JSON.stringify(progress);
    if (this.pushed.get(progress.campaignId) === text) return;
    if (progress.status === 'done' || progress.status === 'cancelled') this.pushed.delete(progress.campaignId);
    else this.pushed.set(progress.campaignId, text);
    this.events.emit('campaign.progress', progress);
  }
}
