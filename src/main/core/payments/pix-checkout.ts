import type { Api } from 'grammy';
import type { Database } from 'better-sqlite3';
import { errorText as text, renderText } from '../../../shared/i18n/error-text';
import { grammySignal } from '../bots/grammy-signal';
import type { WriteBatcher } from '../db/write-batcher';
import type { Logger } from '../logger';
import { readSettings } from '../operator-settings';
import { errorText } from '../redact';
import { buyerReply } from './buyer-replies';
import type { CheckoutOpener, PressedCheckout } from './checkout-opener';
import { CheckoutRecords } from './checkout-records';

/**
 * A PIX press: the charge is created at the operator's gateway and its code sent to the buyer.
 * Without a gateway connected the checkout fails with that reason and the buyer is asked to
 * try again later.
 */
export class PixCheckout implements CheckoutOpener {
  private readonly checkouts: CheckoutRecords;
  private readonly gateway;

  constructor(
    private readonly db: Database,
    private readonly writer: WriteBatcher,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {
    this.checkouts = new CheckoutRecords(db);
    this.gateway = db.prepare<[], { kind: string }>('SELECT kind FROM pix_gateway WHERE id = 1');
  }

  async open(api: Api, pressed: PressedCheckout, signal: AbortSignal): Promise<void> {
    const { checkout } = pressed;
    if (this.gateway.get() === undefined) {
      const reason = renderText('en', text('pix.gatewayNotSet', {}));
      await this.writer.run(() => this.checkouts.failed(checkout.id, reason, this.now()));
      this.logger.warn({ botId: checkout.botId, checkoutId: checkout.id }, 'a PIX button was pressed but no PIX gateway is connected');
    }
    try {
      const reply = buyerReply('tryAgain', readSettings(this.db).language, pressed.languageCode);
      await api.answerCallbackQuery(pressed.callbackQueryId, { text: reply }, grammySignal(signal));
    } catch (error) {
      this.logger.warn({ botId: checkout.botId, error: errorText(error) }, 'answerCallbackQuery failed');
    }
  }
}
