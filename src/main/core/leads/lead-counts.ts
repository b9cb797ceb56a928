import type { Database, Statement } from 'better-sqlite3';
import type { LeadFilter, LeadStatus } from '../../../shared/leads';

/** The width of a `lead_counts` bucket (migration 006): a UTC day of first-seen time. */
const DAY = 86_400_000;

/** The part of a first-seen range the day buckets answer: days [from, to), as bucket numbers. */
export interface WholeDays {
  readonly from: number;
  readonly to: number;
}

/** A first-seen range split into whole days (summed from `lead_counts`) and the parts of days at its ends (counted from the leads). */
export interface DaySplit {
  readonly days: WholeDays | null;
  readonly edges: readonly Pick<LeadFilter, 'firstSeenFrom' | 'firstSeenTo'>[];
}

export function splitByDay(from: number | undefined, to: number | undefined): DaySplit {
  const fromDay = from === undefined ? Number.MIN_SAFE_INTEGER : Math.ceil(from / DAY);
  const toDay = to === undefined ? Number.MAX_SAFE_INTEGER : Math.floor(to / DAY);
  // Less than one whole day: the leads of the range are few, count them all.
  if (fromDay >= toDay) return { days: null, edges: [{ firstSeenFrom: from, firstSeenTo: to }] };
  const edges: Pick<LeadFilter, 'firstSeenFrom' | 'firstSeenTo'>[] = [];
  if (from !== undefined && from < fromDay * DAY) edges.push({ firstSeenFrom: from, firstSeenTo: fromDay * DAY });
  if (to !== undefined && toDay * DAY < to) edges.push({ firstSeenFrom: toDay * DAY, firstSeenTo: to });
  return { days: { from: fromDay, to: toDay }, edges };
}

/** Recounts `lead_counts` from the leads, as migration 006 first filled it: for stores whose leads were written without the records (the benches' generated stores). */
export function rebuildLeadCounts(db: Database): void {
  db.exec(`
    DELETE FROM lead_counts;
    INSERT INTO lead_counts (archived, status, bot_id, day, leads, revenue_cents)
      SELECT archived, status, bot_id, first_seen_at / 86400000, count(*), coalesce(sum(revenue_cents), 0) FROM leads GROUP BY 1, 2, 3, 4;
  `);
}

/** Active leads per bot, summed from the day counts: the whole table's worth without reading its rows. */
export function activeLeadsByBot(db: Database): Map<number, number> {
  const rows = db.prepare<[], { botId: number; n: number }>('SELECT bot_id AS botId, sum(leads) AS n FROM lead_counts WHERE archived = 0 GROUP BY bot_id').all();
  return new Map(rows.map((row) => [row.botId, row.n]));
}

/** What places a lead in a day bucket, and what it adds to the bucket's revenue. */
export interface CountedLead {
  readonly archived: boolean;
  readonly status: LeadStatus;
  readonly botId: number;
  readonly firstSeenAt: number;
  readonly revenueCents: number | null;
}

interface BucketParams {
  archived: number;
  status: LeadStatus;
  botId: number;
  day: number;
  leads: number;
  revenue: number;
}

function bucket(lead: CountedLead, leads: number): BucketParams {
  const revenue = lead.revenueCents ?? 0;
  return { archived: lead.archived ? 1 : 0, status: lead.status, botId: lead.botId, day: Math.trunc(lead.firstSeenAt / DAY), leads, revenue: leads < 0 ? -revenue : revenue };
}

/**
 * Keeps `lead_counts` exact, told by the lead records (the only writer of `leads`) of each
 * change in the same transaction. Plain statements rather than triggers on `leads`
 * (migration 007): a trigger makes every write to `leads` run with a statement journal,
 * which cost the engine more than the counting itself.
 */
export class LeadCountsLedger {
  private readonly s: {
    readonly add: Statement<BucketParams>;
    readonly archiveBot: Statement<[number]>;
    readonly emptyActive: Statement<[number]>;
  };

  constructor(db: Database) {
    this.s = {
      add: db.prepare(
        `INSERT INTO lead_counts (archived, status, bot_id, day, leads, revenue_cents) VALUES (@archived, @status, @botId, @day, @leads, @revenue)
         ON CONFLICT DO UPDATE SET leads = leads + excluded.leads, revenue_cents = revenue_cents + excluded.revenue_cents`,
      ),
      // "WHERE true" tells the parser that ON CONFLICT belongs to the upsert, not to a join.
      archiveBot: db.prepare(
        `INSERT INTO lead_counts (archived, status, bot_id, day, leads, revenue_cents)
           SELECT 1, status, bot_id, day, leads, revenue_cents FROM lead_counts WHERE archived = 0 AND bot_id = ? AND true
         ON CONFLICT DO UPDATE SET leads = leads + excluded.leads, revenue_cents = revenue_cents + excluded.revenue_cents`,
      ),
      emptyActive: db.prepare('UPDATE lead_counts SET leads = 0, revenue_cents = 0 WHERE archived = 0 AND bot_id = ?'),
    };
  }

  added(lead: CountedLead): void {
    this.s.add.run(bucket(lead, 1));
  }

  /** One lead changed: it leaves its old bucket and enters its new one, unless neither its bucket nor its revenue moved. */
  changed(before: CountedLead, after: CountedLead): void {
    const from = bucket(before, -1);
    const to = bucket(after, 1);
    if (from.archived === to.archived && from.status === to.status && from.botId === to.botId && from.day === to.day && from.revenue === -to.revenue) return;
    this.s.add.run(from);
    this.s.add.run(to);
  }

  /** Every active lead of the bot was archived. */
  archivedBot(botId: number): void {
    this.s.archiveBot.run(botId);
    this.s.emptyActive.run(botId);
  }
}

type Params = [archived: number, status: LeadStatus, fromDay: number, toDay: number];

/**
 * Reads the day buckets of `lead_counts`, one key range per arm and status (the key leads
 * with archived, status, bot), so no grouping sorts anything.
 */
export class LeadCountsSummary {
  private readonly s: {
    readonly all: Statement<Params, { n: number | null; revenue: number | null }>;
    readonly ofBots: Statement<[...Params, string], { n: number | null; revenue: number | null }>;
  };

  constructor(db: Database) {
    const sums = 'SELECT sum(leads) AS n, sum(revenue_cents) AS revenue FROM lead_counts WHERE archived = ? AND status = ? AND day >= ? AND day < ?';
    this.s = {
      all: db.prepare(sums),
      ofBots: db.prepare(`${sums} AND bot_id IN (SELECT value FROM json_each(?))`),
    };
  }

  /** Adds the leads of these whole days that the filter's bots and statuses select (active, and archived when it asks). */
  add(filter: LeadFilter, days: WholeDays, statuses: readonly LeadStatus[], byStatus: Record<LeadStatus, number>): number {
    let revenueCents = 0;
    const bots = filter.botIds === undefined ? null : JSON.stringify(filter.botIds);
    for (const archived of filter.includeArchived === true ? [0, 1] : [0]) {
      for (const status of statuses) {
        const row = bots === null ? this.s.all.get(archived, status, days.from, days.to) : this.s.ofBots.get(archived, status, days.from, days.to, bots);
        byStatus[status] += row?.n ?? 0;
        revenueCents += row?.revenue ?? 0;
      }
    }
    return revenueCents;
  }
}
