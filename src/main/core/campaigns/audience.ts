import type { Database, Statement } from 'better-sqlite3';
import type { AudienceFilter, CampaignSegment } from '../../../shared/campaigns';

const DAY_MS = 86_400_000;

/** Leads no campaign ever reaches: archived, blocking the bot, or opted out of offers. */
const ALWAYS = "l.archived = 0 AND l.status != 'blocked' AND l.opted_out_at IS NULL";

/** A checkout without an expiry (a Stars invoice: Telegram never expires one) is still open this long after it was sent. */
export const UNEXPIRING_CHECKOUT_OPEN_MS = 3_600_000;

/**
 * The abandoned checkouts: leads whose last checkout is not still open (paid, expired,
 * failed, or open past its expiry) and who have no standing payment made since it was
 * opened. A refunded payment does not stand. Read from the checkouts (far fewer than the
 * leads), the lead's last one through `checkouts_lead`.
 */
const CHECKOUT_NOT_PAID = `l.id IN (
  SELECT c.lead_id FROM checkouts c
  WHERE c.id = (SELECT last.id FROM checkouts last WHERE last.lead_id = c.lead_id ORDER BY last.created_at DESC, last.id DESC LIMIT 1)
    AND NOT (c.status IN ('opening', 'open') AND coalesce(c.expires_at, c.created_at + ${UNEXPIRING_CHECKOUT_OPEN_MS}) > @now)
    AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.lead_id = c.lead_id AND p.refunded_at IS NULL AND p.paid_at >= c.created_at))`;

const SEGMENT: Readonly<Record<CampaignSegment, string | null>> = {
  all: null,
  not_converted: "l.status != 'converted'",
  clicked_not_converted: "l.status = 'clicked'",
  never_welcomed: 'l.welcomed_at IS NULL',
  checkout_not_paid: CHECKOUT_NOT_PAID,
};

interface AudienceParams {
  bots: string;
  sources?: string;
  languages?: string;
  from?: number;
  to?: number;
  seenBefore?: number;
  now?: number;
}

interface CompiledAudience {
  /** A condition on `leads l`; its text depends only on which filters are set, never on their values. */
  readonly where: string;
  readonly params: AudienceParams;
}

/** The filter as one SQL condition with every value bound (lists as JSON read by json_each). */
export function compileAudience(filter: AudienceFilter, now: number): CompiledAudience {
  const terms = [ALWAYS, 'l.bot_id IN (SELECT value FROM json_each(@bots))'];
  const params: AudienceParams = { bots: JSON.stringify(filter.bots) };
  const segment = SEGMENT[filter.segment];
  if (segment !== null) terms.push(segment);
  if (filter.segment === 'checkout_not_paid') params.now = now;
  if (!filter.includeConverted) terms.push("l.status != 'converted'");
  if (filter.sources !== undefined) {
    terms.push('l.source IN (SELECT value FROM json_each(@sources))');
    params.sources = JSON.stringify(filter.sources);
  }
  if (filter.languages !== undefined) {
    terms.push('lower(l.language_code) IN (SELECT value FROM json_each(@languages))');
    params.languages = JSON.stringify(filter.languages);
  }
  if (filter.firstSeenFrom !== undefined) {
    terms.push('l.first_seen_at >= @from');
    params.from = filter.firstSeenFrom;
  }
  if (filter.firstSeenTo !== undefined) {
    terms.push('l.first_seen_at <= @to');
    params.to = filter.firstSeenTo;
  }
  if (filter.lastSeenMoreThanDays !== undefined) {
    terms.push('l.last_seen_at < @seenBefore');
    params.seenBefore = now - filter.lastSeenMoreThanDays * DAY_MS;
  }
  return { where: terms.join(' AND '), params };
}

/**
 * A campaign's audience read from the leads: counted exactly for the composer, and listed
 * per bot when a campaign starts and freezes it. Statements are prepared once per shape of
 * filter (which filters are set), so a changing count does not prepare a new one each time.
 */
export class Audience {
  private readonly counts = new Map<string, Statement<AudienceParams, { n: number }>>();
  private readonly lists = new Map<string, Statement<AudienceParams, { id: number; bot_id: number }>>();

  constructor(private readonly db: Database) {}

  count(filter: AudienceFilter, now: number): number {
    const { where, params } = compileAudience(filter, now);
    return this.statement(this.counts, where, `SELECT count(*) AS n FROM leads l WHERE ${where}`).get(params)?.n ?? 0;
  }

  /** The leads it reaches now, per bot, each bot's in the order they arrived. */
  leadIds(filter: AudienceFilter, now: number): Map<number, number[]> {
    const { where, params } = compileAudience(filter, now);
    const byBot = new Map<number, number[]>();
    for (const row of this.statement(this.lists, where, `SELECT l.id, l.bot_id FROM leads l WHERE ${where} ORDER BY l.bot_id, l.id`).iterate(params)) {
      const ids = byBot.get(row.bot_id);
      if (ids === undefined) byBot.set(row.bot_id, [row.id]);
      else ids.push(row.id);
    }
    return byBot;
  }

  private statement<Row>(cache: Map<string, Statement<AudienceParams, Row>>, where: string, sql: string): Statement<AudienceParams, Row> {
    let statement = cache.get(where);
    if (statement === undefined) {
      statement = this.db.prepare<AudienceParams, Row>(sql);
      cache.set(where, statement);
    }
    return statement;
  }
}
