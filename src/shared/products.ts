import { z } from 'zod';
import { says, saysText } from './i18n/problems';
import { checkMessageText } from './telegram-html';
import { buttonsSchema, mediaSchema, refuseReservedButtons, textAndMediaParsed } from './welcome';

/** How a lead pays: Telegram Stars inside the app, or PIX through the operator's gateway. */
export const paymentRails = ['stars', 'pix'] as const;
export const paymentRailSchema = z.enum(paymentRails);
export type PaymentRail = z.infer<typeof paymentRailSchema>;

/** Who confirmed a payment: Telegram's update, a poll of the gateway, or a reconciliation against Telegram's own list. */
export const paymentRecordedBy = ['update', 'poll', 'reconciliation'] as const;
export type PaymentRecordedBy = (typeof paymentRecordedBy)[number];

/** Telegram's range for one Stars price (sendInvoice's `prices` in XTR). */
export const MIN_STARS = 1;
export const MAX_STARS = 10_000;
/** PIX prices in centavos: R$ 0.01 up to R$ 1,000,000.00. */
export const MAX_PRICE_CENTS = 100_000_000;
const MAX_NAME = 32;
const MAX_DESCRIPTION = 255;

const id = z.number().int().positive();

/**
 * What a buyer receives once paid: a message like a welcome (text with links, optional file,
 * buttons). Required: a product without one would take the money and send nothing.
 */
export const deliveryMessageSchema = z
  .strictObject(
    {
      text: z.string({ error: says('validation.product.deliveryMissing') }),
      media: mediaSchema.nullable().default(null),
      buttons: buttonsSchema.default([]),
    },
    { error: says('validation.product.deliveryMissing') },
  )
  .superRefine(
    (message, ctx) => {
      if (message.text.trim() === '' && message.media === null) {
        ctx.addIssue({ code: 'custom', path: ['text'], message: says('validation.product.deliveryEmpty') });
        return;
      }
      const checked = checkMessageText(message.text, message.media !== null);
      if (!checked.ok) ctx.addIssue({ code: 'custom', path: ['text'], message: saysText(checked.text), params: { offset: checked.offset } });
    },
    { when: textAndMediaParsed },
  )
  .superRefine((message, ctx) => {
    if (message.media?.source.type === 'path') ctx.addIssue({ code: 'custom', path: ['media', 'source'], message: says('media.pathRefused') });
    refuseReservedButtons(message.buttons, ctx);
  });
export type DeliveryMessage = z.infer<typeof deliveryMessageSchema>;

const textField = (max: number, missing: 'validation.product.nameMissing' | 'validation.product.descriptionMissing'): z.ZodString =>
  z.string({ error: says(missing) }).superRefine((value, ctx) => {
    if (value.trim() === '') ctx.addIssue({ code: 'custom', message: says(missing) });
    else if (value.length > max) ctx.addIssue({ code: 'custom', message: says('validation.product.tooLong', { length: value.length, max }) });
  });

/**
 * A product as the operator edits it. A price offers its rail: `priceCents` (BRL) for PIX,
 * `priceStars` for Telegram Stars; at least one. Name and description are shown on the
 * Stars invoice, whose limits (32 and 255 characters) they follow.
 */
export const productInputSchema = z
  .strictObject({
    botId: id,
    name: textField(MAX_NAME, 'validation.product.nameMissing'),
    description: textField(MAX_DESCRIPTION, 'validation.product.descriptionMissing'),
    priceCents: z
      .number({ error: says('validation.product.priceCents', { max: MAX_PRICE_CENTS }) })
      .int({ error: says('validation.product.priceCents', { max: MAX_PRICE_CENTS }) })
      .min(1, { error: says('validation.product.priceCents', { max: MAX_PRICE_CENTS }) })
      .max(MAX_PRICE_CENTS, { error: says('validation.product.priceCents', { max: MAX_PRICE_CENTS }) })
      .nullable(),
    priceStars: z
      .number({ error: says('validation.product.priceStars', { min: MIN_STARS, max: MAX_STARS }) })
      .int({ error: says('validation.product.priceStars', { min: MIN_STARS, max: MAX_STARS }) })
      .min(MIN_STARS, { error: says('validation.product.priceStars', { min: MIN_STARS, max: MAX_STARS }) })
      .max(MAX_STARS, { error: says('validation.product.priceStars', { min: MIN_STARS, max: MAX_STARS }) })
      .nullable(),
    delivery: deliveryMessageSchema,
  })
  .superRefine((product, ctx) => {
    if (product.priceCents === null && product.priceStars === null) {
      ctx.addIssue({ code: 'custom', path: ['priceCents'], message: says('validation.product.noRail') });
    }
  });
export type ProductInput = z.infer<typeof productInputSchema>;

export const saveProductRequestSchema = z.strictObject({ productId: id.nullable(), product: productInputSchema });
export type SaveProductRequest = z.infer<typeof saveProductRequestSchema>;
export const productIdRequestSchema = z.strictObject({ productId: id });
export const listProductsRequestSchema = z.strictObject({ botId: id.optional() });

export const productSchema = z.object({
  id: z.number().int(),
  botId: z.number().int(),
  name: z.string(),
  description: z.string(),
  priceCents: z.number().int().nullable(),
  priceStars: z.number().int().nullable(),
  delivery: deliveryMessageSchema,
  /** Paid sales (not refunded) per rail: how the operator sees a product sells. */
  sales: z.object({ stars: z.number().int(), pix: z.number().int() }),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Product = z.infer<typeof productSchema>;

/** The rails a product offers, in the order its buttons are suggested. */
export function productRails(product: Pick<ProductInput, 'priceCents' | 'priceStars'>): PaymentRail[] {
  return paymentRails.filter((rail) => (rail === 'stars' ? product.priceStars !== null : product.priceCents !== null));
}
