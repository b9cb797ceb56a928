import type { Database, Statement } from 'better-sqlite3';
import type { FunnelFigures, FunnelRow, SalesFunnel, SalesFunnelRequest } from '../../../shared/sales-funnel';

/**
 * The sales funnel over a period [from, to) (`to` exclusive), per bot and per /start source,
 * read-only from the leads, their click events, the checkouts and the payments.
 *
 * Every figure counts distinct leads by what happened to them inside the period, each lead
 * under its own bot and its own source (`leads.source`, the one the leads screen filters
 * by; null is "no source"). Archived leads are left out, as the leads screen does by
 * default, so "starts" equals the leads screen's count for the same bot, source and
 * first-seen range.
 * - starts: leads first seen in the period.
 * - welcomed: leads whose first welcome reached them in the period (`welcomed_at`).
 * - clicked: leads that pressed a button of the bot in the period (a 'clicked' event; the
 *   opt-out button is not a click).
 * - checkout: leads that opened a checkout in the period (any checkout but a 'failed' one,
 *   which never reached the buyer).
 * - paid: leads with a standing (not refunded) payment made in the period, and leads marked
 *   converted by hand in the period that have no standing payment (a lead whose conversion
 *   comes from a payment counts by its payments).
 * - revenueCents: those standing PIX payments plus the hand-marked sales' revenue; Stars
 *   payments go to revenueStars. Refunded payments count nowhere.
 * - conversionRate: paid / starts. The steps are not one cohort: a lead first seen last week
 *   who pays today counts as paid today, so a short period may show more paid than starts.
 * - averageTicketCents: revenueCents / leads that paid in BRL (brlPayers); averageTicketStars
 *   likewise. Both rounded to a whole unit.
 * Each step is one range read of its own index (migration 021 added the clicks' one).
 */

interface StepRow {
  botId: number;
  source: string | null;
  n: number;
}

interface PaidRow {
  botId: number;
  source: string | null;
  paid: number;
  revenueCents: number;
  revenueStars: number;
  brlPayers: number;
  starsPayers: number;
}

interface Params {
  from: number;
  to: number;
  bots: string;
}

const BOTS = '(SELECT value FROM json_each(@bots))';

export const STARTS_SQL = `SELECT bot_id AS botId, source, count(*) AS n FROM leads INDEXED BY leads_active_first_seen
  WHERE archived = 0 AND first_seen_at >= @from AND first_seen_at < @to AND bot_id IN ${BOTS} GROUP BY bot_id, source`;

export const WELCOMED_SQL = `SELECT bot_id AS botId, source, count(*) AS n FROM leads INDEXED BY leads_bot_welcomed
  WHERE archived = 0 AND welcomed_at IS NOT NULL AND welcomed_at >= @from AND welcomed_at < @to AND bot_id IN ${BOTS} GROUP BY bot_id, source`;

export const CLICKED_SQL = `SELECT l.bot_id AS botId, l.source, count(DISTINCT e.lead_id) AS n
  FROM lead_events e INDEXED BY lead_events_clicked JOIN leads l ON l.id = e.lead_id
  WHERE e.kind = 'clicked' AND e.at >= @from AND e.at < @to AND l.archived = 0 AND l.bot_id IN ${BOTS} GROUP BY l.bot_id, l.source`;

export const CHECKOUT_SQL = `SELECT l.bot_id AS botId, l.source, count(DISTINCT c.lead_id) AS n
  FROM checkouts c INDEXED BY checkouts_created JOIN leads l ON l.id = c.lead_id
  WHERE c.created_at >= @from AND c.created_at < @to AND c.status != 'failed' AND c.bot_id IN ${BOTS} AND l.archived = 0 GROUP BY l.bot_id, l.source`;

export const PAID_SQL = `WITH sales AS (
    SELECT l.bot_id, l.source, p.lead_id,
           CASE WHEN p.rail = 'pix' THEN p.amount ELSE 0 END AS cents, CASE WHEN p.rail = 'stars' THEN p.amount ELSE 0 END AS stars
    FROM payments p INDEXED BY payments_paid JOIN leads l ON l.id = p.lead_id
    WHERE p.paid_at >= @from AND p.paid_at < @to AND p.refunded_at IS NULL AND p.bot_id IN ${BOTS} AND l.archived = 0
    UNION ALL
    SELECT l.bot_id, l.source, l.id, coalesce(l.revenue_cents, 0), 0 FROM leads l INDEXED BY leads_converted
    WHERE l.converted_at IS NOT NULL AND l.converted_at >= @from AND l.converted_at < @to AND l.archived = 0 AND l.bot_id IN ${BOTS}
      AND NOT EXISTS (SELECT 1 FROM payments s WHERE s.lead_id = l.id AND s.refunded_at IS NULL)
  )
  SELECT bot_id AS botId, source, count(DISTINCT lead_id) AS paid, sum(cents) AS revenueCents, sum(stars) AS revenueStars,
         count(DISTINCT CASE WHEN cents > 0 THEN lead_id END) AS brlPayers, count(DISTINCT CASE WHEN stars > 0 THEN lead_id END) AS starsPayers
  FROM sales GROUP BY bot_id, source`;

type Counted = Omit<FunnelFigures, 'conversionRate' | 'averageTicketCents' | 'averageTicketStars'>;

const EMPTY: Counted = { starts: 0, welcomed: 0, clicked: 0, checkout: 0, paid: 0, revenueCents: 0, revenueStars: 0, brlPayers: 0, starsPayers: 0 };

function withRates(counted: Counted): FunnelFigures {
  return {
    ...counted,
    conversionRate: counted.starts === 0 ? null : counted.paid / counted.starts,
    averageTicketCents: counted.brlPayers === 0 ? null : Math.round(counted.revenueCents / counted.brlPayers),
    averageTicketStars: counted.starsPayers === 0 ? null : Math.round(counted.revenueStars / counted.starsPayers),
  };
}

function add(a: Counted, b: Counted): Counted {
  return {
    starts: a.starts + b.starts,
    welcomed: a.welcomed + b.welcomed,
    clicked: a.clicked + b.clicked,
    checkout: a.checkout + b.checkout,
    paid: a.paid + b.paid,
    revenueCents: a.revenueCents + b.revenueCents,
    revenueStars: a.revenueStars + b.revenueStars,
    brlPayers: a.brlPayers + b.brlPayers,
    starsPayers: a.starsPayers + b.starsPayers,
  };
}

const bySourceThenNull = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

/** The funnel's figures; statements are prepared once per database. */
export class SalesFunnelQueries {
  private readonly s: {
    readonly bots: Statement<[], { id: number; username: string }>;
    readonly steps: Readonly<Record<'starts' | 'welcomed' | 'clicked' | 'checkout', Statement<Params, StepRow>>>;
    readonly paid: Statement<Params, PaidRow>;
  };

  constructor(db: Database) {
    this.s = {
      bots: db.prepare('SELECT id, username FROM bots WHERE removed_at IS NULL ORDER BY id'),
      steps: {
        starts: db.prepare(STARTS_SQL),
        welcomed: db.prepare(WELCOMED_SQL),
        clicked: db.prepare(CLICKED_SQL),
        checkout: db.prepare(CHECKOUT_SQL),
      },
      paid: db.prepare(PAID_SQL),
    };
  }

  /** The paid leads and the BRL revenue alone over [from, to), of every bot not removed: what the money at stake measures. */
  sales(from: number, to: number): Pick<FunnelFigures, 'paid' | 'revenueCents' | 'brlPayers'> {
    const params: Params = { from, to, bots: JSON.stringify(this.s.bots.all().map((bot) => bot.id)) };
    const sum = { paid: 0, revenueCents: 0, brlPayers: 0 };
    for (const row of this.s.paid.iterate(params)) {
      sum.paid += row.paid;
      sum.revenueCents += row.revenueCents;
      sum.brlPayers += row.brlPayers;
    }
    return sum;
  }

  funnel(request: SalesFunnelRequest): SalesFunnel {
    const bots = this.s.bots.all().filter((bot) => request.botIds === undefined || request.botIds.includes(bot.id));
    const usernames = new Map(bots.map((bot) => [bot.id, bot.username]));
    const params: Params = { from: request.from, to: request.to, bots: JSON.stringify(bots.map((bot) => bot.id)) };
    const groups = new Map<string, { botId: number; source: string | null; counted: Counted }>();
    const group = (botId: number, source: string | null): { counted: Counted } => {
      const key = JSON.stringify([botId, source]);
      let found = groups.get(key);
      if (found === undefined) {
        found = { botId, source, counted: EMPTY };
        groups.set(key, found);
      }
      return found;
    };
    for (const step of ['starts', 'welcomed', 'clicked', 'checkout'] as const) {
      for (const row of this.s.steps[step].iterate(params)) {
        const found = group(row.botId, row.source);
        found.counted = { ...found.counted, [step]: row.n };
      }
    }
    for (const row of this.s.paid.iterate(params)) {
      const found = group(row.botId, row.source);
      const { paid, revenueCents, revenueStars, brlPayers, starsPayers } = row;
      found.counted = { ...found.counted, paid, revenueCents, revenueStars, brlPayers, starsPayers };
    }
    const sorted = [...groups.values()].sort((a, b) => a.botId - b.botId || bySourceThenNull(a.source, b.source));
    const rows: FunnelRow[] = sorted.map(({ botId, source, counted }) => ({ ...withRates(counted), botId, botUsername: usernames.get(botId) ?? '', source }));
    // Each lead is in exactly one group (its bot and source), so the groups' counts add up to distinct totals.
    const totals = withRates(sorted.reduce<Counted>((sum, { counted }) => add(sum, counted), EMPTY));
    return { from: request.from, to: request.to, totals, rows };
  }
}
