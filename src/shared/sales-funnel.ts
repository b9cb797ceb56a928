import { z } from 'zod';
import { says } from './i18n/problems';

const epochMs = z.number().int().nonnegative();

/** The funnel over [from, to) (ms since the epoch, `to` exclusive), of some bots or of every bot not removed. */
export const salesFunnelRequestSchema = z
  .strictObject({
    from: epochMs,
    to: epochMs,
    botIds: z.array(z.number().int().positive()).min(1).max(1000).optional(),
  })
  .refine((request) => request.from < request.to, { error: says('validation.funnel.period'), path: ['to'] });
export type SalesFunnelRequest = z.infer<typeof salesFunnelRequestSchema>;

const count = z.number().int().nonnegative();

/** One set of figures; every count is of distinct leads (see `src/main/core/payments/funnel.ts`). */
export const funnelFiguresSchema = z.object({
  starts: count,
  welcomed: count,
  clicked: count,
  checkout: count,
  paid: count,
  /** Centavos: standing PIX payments plus hand-marked sales. */
  revenueCents: count,
  revenueStars: count,
  /** Paying leads on each rail, the divisors of the average tickets. */
  brlPayers: count,
  starsPayers: count,
  /** paid / starts; null without starts. */
  conversionRate: z.number().nonnegative().nullable(),
  /** Whole centavos and Stars; null without a payer on that rail. */
  averageTicketCents: count.nullable(),
  averageTicketStars: count.nullable(),
});
export type FunnelFigures = z.infer<typeof funnelFiguresSchema>;

export const funnelRowSchema = funnelFiguresSchema.extend({
  botId: z.number().int(),
  botUsername: z.string(),
  /** The /start source; null: the leads that came without one. */
  source: z.string().nullable(),
});
export type FunnelRow = z.infer<typeof funnelRowSchema>;

export const salesFunnelSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  totals: funnelFiguresSchema,
  /** One per bot and source with anything in the period, by bot id then source (no source first). */
  rows: z.array(funnelRowSchema),
});
export type SalesFunnel = z.infer<typeof salesFunnelSchema>;
