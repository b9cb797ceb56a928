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

/** Recounts `lead_counts` from the leads, as migration 006 first filled it: after a repair recreated the triggers that keep it. */
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
