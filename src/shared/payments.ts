import { z } from 'zod';
import { paymentRailSchema } from './products';

/** One payment of a lead, for its drawer: what was bought, on which rail, and whether it was given back. */
export const leadPaymentSchema = z.object({
  id: z.number().int(),
  rail: paymentRailSchema,
  /** Stars, or centavos for PIX. */
  amount: z.number().int(),
  /** Null when the payment named no product Botdeck knows (a payload it did not write). */
  productName: z.string().nullable(),
  chargeId: z.string(),
  paidAt: z.number().int(),
  refundedAt: z.number().int().nullable(),
});
export type LeadPayment = z.infer<typeof leadPaymentSchema>;

export const refundPaymentRequestSchema = z.strictObject({ paymentId: z.number().int().positive() });

/** What a check of the store against Telegram's Star transactions found and changed. */
export const starsReconciliationResultSchema = z.object({
  /** Incoming invoice payments Telegram lists for the bot. */
  found: z.number().int().nonnegative(),
  /** Of those, recorded now because the store lacked them. */
  recorded: z.number().int().nonnegative(),
  /** Payments marked refunded now because Telegram lists their refund. */
  refunded: z.number().int().nonnegative(),
});
export type StarsReconciliationResult = z.infer<typeof starsReconciliationResultSchema>;
