import type { Api } from 'grammy';
import type { Product } from '../../../shared/products';
import type { Checkout } from './checkout-records';

/** A checkout just opened by a press, committed, with what its rail needs to answer the buyer. */
export interface PressedCheckout {
  readonly checkout: Checkout;
  readonly product: Product;
  readonly chatId: number;
  /** The press to answer (Telegram shows a spinner on the button until it is answered). */
  readonly callbackQueryId: string;
  readonly languageCode: string | null;
}

/**
 * What a rail does once a press opened a checkout: Stars sends the invoice, PIX creates the
 * charge and sends its code. Runs after the press is on disk, off the poll loop's path, and
 * handles its own failures (the buyer is told to try again; nothing is charged twice).
 */
export interface CheckoutOpener {
  open(api: Api, pressed: PressedCheckout, signal: AbortSignal): Promise<void>;
}
