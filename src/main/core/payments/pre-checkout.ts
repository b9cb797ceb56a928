import type { PreCheckoutQuery } from 'grammy/types';
import type { BuyerReply } from './buyer-replies';
import { checkoutOfPayload, type CheckoutRecords } from './checkout-records';
import type { ProductRecords } from './product-records';

/** Whether Telegram may take the Stars: yes for a checkout of this bot whose product is on sale at the invoice's price. */
export type PreCheckoutDecision =
  { readonly ok: true; readonly checkoutId: number } | { readonly ok: false; readonly reply: Extract<BuyerReply, 'invoiceUnknown' | 'productGone' | 'priceChanged'> };

/**
 * Decides a pre_checkout_query from the store alone (no call), so it is answered within
 * Telegram's 10 seconds. A refusal names the reason the buyer reads; pressing the product's
 * button again sends an invoice at the current price.
 */
export function decidePreCheckout(
  query: Pick<PreCheckoutQuery, 'currency' | 'total_amount' | 'invoice_payload'>,
  botId: number,
  checkouts: CheckoutRecords,
  products: ProductRecords,
): PreCheckoutDecision {
  const checkoutId = checkoutOfPayload(query.invoice_payload);
  const checkout = checkoutId === null ? null : checkouts.find(checkoutId);
  if (checkout === null || checkout.botId !== botId || checkout.rail !== 'stars') return { ok: false, reply: 'invoiceUnknown' };
  const product = products.find(checkout.productId);
  if (product === null || product.botId !== botId || product.priceStars === null) return { ok: false, reply: 'productGone' };
  if (query.currency !== 'XTR' || query.total_amount !== product.priceStars) return { ok: false, reply: 'priceChanged' };
  return { ok: true, checkoutId: checkout.id };
}
