import { z } from 'zod';

/** The money at stake uses the measured figures from this many leads paid in BRL over the window on. */
export const MEASURED_MIN_BRL_PAYERS = 10;
/** The window the measured figures are read over: the last 30 days. */
export const MEASURED_WINDOW_DAYS = 30;

/**
 * Which conversion rate and average ticket price the money at stake, and why:
 * - `measured`: the last 30 days' sales (enough of them, in BRL);
 * - `settings`: the operator's settings, because the sales are too few (or not in BRL);
 * - `override`: the operator's settings, because the operator chose them over the measure.
 */
export const moneyBasisSchema = z.object({
  from: z.enum(['measured', 'settings', 'override']),
  /** In the operator's currency; null when the settings in use leave it empty. */
  averageTicket: z.number().nonnegative().nullable(),
  conversionRatePercent: z.number().min(0).max(100).nullable(),
  /** The last 30 days as measured, whichever figures are used. */
  measured: z.object({
    starts: z.number().int().nonnegative(),
    paid: z.number().int().nonnegative(),
    brlPayers: z.number().int().nonnegative(),
    /** Null without starts, or without a lead paid in BRL. */
    conversionRatePercent: z.number().nonnegative().nullable(),
    averageTicket: z.number().nonnegative().nullable(),
  }),
});
export type MoneyBasis = z.infer<typeof moneyBasisSchema>;
