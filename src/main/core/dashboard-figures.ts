import type { Database } from 'better-sqlite3';
import type { DashboardFigures, DashboardRequest } from '../../shared/dashboard';
import { OPEN_WELCOMES_SQL } from './leads/delivery-rules';
import { activeLeadsByBot } from './leads/lead-counts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Start of the operator's local day (or hour) containing `now`, in UTC milliseconds. */
function floorLocal(now: number, unit: number, offsetMs: number): number {
  return Math.floor((now + offsetMs) / unit) * unit - offsetMs;
}

function buckets(db: Database, from: number, size: number, count: number): number[] {
  const out = new Array<number>(count).fill(0);
  const rows = db
    .prepare<[number, number, number], { bucket: number; n: number }>(
      // CAST: JavaScript numbers bind as REAL, and the division must be an integer bucket.
      'SELECT CAST((first_seen_at - ?) / ? AS INTEGER) AS bucket, count(*) AS n FROM leads WHERE archived = 0 AND first_seen_at >= ? GROUP BY bucket',
    )
    .all(from, size, from);
  for (const row of rows) if (row.bucket >= 0 && row.bucket < count) out[row.bucket] = row.n;
  return out;
}

/** The fleet figures of the dashboard, in SQL, for the operator's "today". */
export function dashboardFigures(db: Database, request: DashboardRequest): DashboardFigures {
  const offset = request.utcOffsetMinutes * 60_000;
  const today = floorLocal(request.now, DAY, offset);
  const hourlyFrom = floorLocal(request.now, HOUR, offset) - 47 * HOUR;
  const dailyFrom = today - 29 * DAY;
  // Totals come from the day counts: counting a million leads here held up every call behind it.
  const totals = activeLeadsByBot(db);
  const perBot = db
    .prepare<[number], { botId: number; leadsToday: number }>(
      `SELECT b.id AS botId, (SELECT count(*) FROM leads l WHERE l.bot_id = b.id AND l.archived = 0 AND l.first_seen_at >= ?) AS leadsToday
       FROM bots b WHERE b.removed_at IS NULL ORDER BY b.id`,
    )
    .all(today)
    .map((bot) => ({ ...bot, leadsTotal: totals.get(bot.botId) ?? 0 }));
  const todayFigures = db
    .prepare<[number], { leads: number; welcomed: number; blocked: number }>(
      "SELECT count(*) AS leads, count(welcomed_at) AS welcomed, count(*) FILTER (WHERE status = 'blocked') AS blocked FROM leads WHERE archived = 0 AND first_seen_at >= ?",
    )
    .get(today) ?? { leads: 0, welcomed: 0, blocked: 0 };
  const clicks = db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM lead_events WHERE kind = 'clicked' AND at >= ?").get(today)?.n ?? 0;
  const pending = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM deliveries WHERE ${OPEN_WELCOMES_SQL}`).get()?.n ?? 0;
  return {
    leadsToday: todayFigures.leads,
    leadsTotal: perBot.reduce((sum, bot) => sum + bot.leadsTotal, 0),
    welcomedShareToday: todayFigures.leads === 0 ? null : todayFigures.welcomed / todayFigures.leads,
    pendingWelcomes: pending,
    blockedToday: todayFigures.blocked,
    clicksToday: clicks,
    perBot,
    hourly: buckets(db, hourlyFrom, HOUR, 48),
    daily: buckets(db, dailyFrom, DAY, 30),
    hourlyFrom,
    dailyFrom,
  };
}
