import { z } from 'zod';

/** Whole cents: Mercado Pago refuses an amount with more than 2 decimals. */
function hasCents(amount: number): boolean {
  const cents = amount * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6;
}

/** The body of POST /v1/payments for a PIX charge, as far as the fake checks it. */
export const createPaymentBody = z.object({
  transaction_amount: z.number().positive('transaction_amount must be positive').refine(hasCents, 'transaction_amount has more than 2 decimals'),
  description: z.string().min(1),
  payment_method_id: z.literal('pix'),
  payer: z.object({ email: z.email() }),
  date_of_expiration: z
    .string()
    .refine((text) => !Number.isNaN(Date.parse(text)), 'date_of_expiration is not a date')
    .optional(),
  external_reference: z.string().optional(),
});

export type CreatePaymentBody = z.infer<typeof createPaymentBody>;
