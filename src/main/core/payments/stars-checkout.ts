import type { Api } from 'grammy';
import type { Database } from 'better-sqlite3';
import { grammySignal } from '../bots/grammy-signal';
import type { Logger } from '../logger';
import { readSettings } from '../operator-settings';
import { errorText } from '../redact';
import { buyerReply } from './buyer-replies';
import type { CheckoutOpener, PressedCheckout } from './checkout-opener';
import { invoicePayload } from './checkout-records';

/**
 * A Stars press: the invoice goes to the buyer (currency XTR, no provider token, exactly one
 * price, the checkout as its payload) and the press is answered. Telegram then asks the bot
 * to confirm (pre_checkout_query) before it takes the Stars.
 */
export class StarsCheckout implements CheckoutOpener {
  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  async open(api: Api, pressed: PressedCheckout, signal: AbortSignal): Promise<void> {
    const { checkout, product } = pressed;
    let answer: string | undefined;
    try {
      await api.sendInvoice(
        pressed.chatId,
        product.name,
        product.description,
        invoicePayload(checkout.id),
        'XTR',
        [{ label: product.name, amount: checkout.amount }],
        { provider_token: '' },
        grammySignal(signal),
      );
    } catch (error) {
      // The press is recorded; the buyer can press again (a new invoice, nothing charged).
      this.logger.warn({ botId: checkout.botId, leadId: checkout.leadId, checkoutId: checkout.id, error: errorText(error) }, 'the Stars invoice was not sent');
      answer = buyerReply('tryAgain', readSettings(this.db).language, pressed.languageCode);
    }
    try {
      await api.answerCallbackQuery(pressed.callbackQueryId, answer === undefined ? {} : { text: answer }, grammySignal(signal));
    } catch (error) {
      this.logger.warn({ botId: checkout.botId, error: errorText(error) }, 'answerCallbackQuery failed');
    }
  }
}
