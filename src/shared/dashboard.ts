import { z } from 'zod';

/** What the dashboard asks for: "today" and the chart buckets are in the operator's time zone. */
export const dashboardRequestSchema = z.strictObject({
  now: z.number().int().nonnegative(),
  /** Minutes to add to UTC for local time (Brasília: -180). */
  utcOffsetMinutes: z.number().int().min(-840).max(840),
});
export type DashboardRequest = z.infer<typeof dashboardRequestSchema>;

export const dashboardFiguresSchema = z.object({
  leadsToday: z.number().int(),
  leadsTotal: z.number().int(),
  /** Share of today's leads that got their welcome, 0..1; null without leads today. */
  welcomedShareToday: z.number().nullable(),
  pendingWelcomes: z.number().int(),
  blockedToday: z.number().int(),
  clicksToday: z.number().int(),
  perBot: z.array(z.object({ botId: z.number().int(), leadsToday: z.number().int(), leadsTotal: z.number().int() })),
  /** Leads per hour over the last 48 hours, oldest first; the last bucket is the current hour. */
  hourly: z.array(z.number().int()),
  /** Leads per day over the last 30 days, oldest first; the last bucket is today. */
  daily: z.array(z.number().int()),
  /** Start (ms) of the first hourly and the first daily bucket. */
  hourlyFrom: z.number().int(),
  dailyFrom: z.number().int(),
});
export type DashboardFigures = z.infer<typeof dashboardFiguresSchema>;
