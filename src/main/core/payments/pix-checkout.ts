import type { Api } from 'grammy';
import type { Database } from 'better-sqlite3';
import { errorText as text, renderText, type ErrorText } from '../../../shared/i18n/error-text';
import { grammySignal } from '../bots/grammy-signal';
import type { WriteBatcher } from '../db/write-batcher';
import { BotdeckError, isBotdeckError } from '../errors';
import type { Logger } from '../logger';
import { readSettings } from '../operator-settings';
import { errorText } from '../redact';
import { buyerReply } from './buyer-replies';
import type { CheckoutOpener, PressedCheckout } from './checkout-opener';
import { CheckoutRecords } from './checkout-records';
import type { ConnectedPixGateway } from './connected-pix-gateway';
import { PixGatewayError } from './gateways/pix-gateway';
import type { PixGatewayHealth } from './pix-gateway-health';
import { sendCharge } from './pix-charge-message';
import type { PixChargeCreator } from './pix-charge-creator';
import { PixCharges, type OpenPixCharge } from './pix-charges';

/**
 * A PIX press: the charge is created at the operator's gateway (the checkout is `opening` in
 * the store before the call) and its QR image and code sent to the buyer with an "I have
 * paid" button. A second press while the lead's charge for the product is still payable sends
 * that charge again instead of creating one. When the gateway is missing, refuses, times out
 * or is busy, the checkout fails with the reason, the operator's log says why (and the
 * console, for the gateway's own failures), and the buyer is asked to try again in a minute.
 */
export class PixCheckout implements CheckoutOpener {
  private readonly checkouts: CheckoutRecords;
  private readonly charges: PixCharges;

  constructor(
    private readonly db: Database,
    private readonly writer: WriteBatcher,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly gateway: ConnectedPixGateway,
    private readonly creator: PixChargeCreator,
    private readonly health: PixGatewayHealth,
  ) {
    this.checkouts = new CheckoutRecords(db);
    this.charges = new PixCharges(db);
  }

  async open(api: Api, pressed: PressedCheckout, signal: AbortSignal): Promise<void> {
    const { checkout, product } = pressed;
    const language = readSettings(this.db).language;
    let answer: string | undefined;
    const earlier = this.charges.openFor(checkout.leadId, checkout.productId, checkout.id, this.now());
    try {
      const charge = earlier ?? (await this.create(pressed, signal));
      if (earlier !== null) {
        await this.fail(pressed, text('pix.chargeResent', { checkoutId: earlier.checkout.id }), 'info');
      }
      await sendCharge(
        api,
        pressed.chatId,
        {
          checkoutId: charge.checkout.id,
          productName: product.name,
          amountCents: charge.checkout.amount,
          code: charge.code,
          qrPngBase64: charge.qrPngBase64,
          expiresAt: charge.expiresAt,
        },
        language,
        pressed.languageCode,
        this.now(),
        signal,
      );
    } catch (error) {
      // Not created: the checkout already ended with the reason. Created but not sent: the
      // charge is stored and a second press sends it again.
      if (!isBotdeckError(error)) this.logger.warn({ botId: checkout.botId, checkoutId: checkout.id, error: errorText(error) }, 'the PIX charge was not sent to the buyer');
      answer = buyerReply('tryAgain', language, pressed.languageCode);
    }
    try {
      await api.answerCallbackQuery(pressed.callbackQueryId, answer === undefined ? {} : { text: answer }, grammySignal(signal));
    } catch (error) {
      this.logger.warn({ botId: checkout.botId, error: errorText(error) }, 'answerCallbackQuery failed');
    }
  }

  private async create(pressed: PressedCheckout, signal: AbortSignal): Promise<OpenPixCharge> {
    let connected;
    try {
      connected = this.gateway.current();
    } catch (error) {
      const refused = new PixGatewayError('PIX_CREDENTIALS_REFUSED', text('pix.gatewayUnreadableToken', { detail: errorText(error) }));
      await this.fail(pressed, refused.text, 'warn');
      await this.health.failed(refused);
      throw refused;
    }
    if (connected === null) {
      const reason = text('pix.gatewayNotSet', {});
      await this.fail(pressed, reason, 'warn');
      throw new BotdeckError('PIX_GATEWAY_NOT_SET', reason);
    }
    let charge: OpenPixCharge;
    try {
      charge = await this.creator.create(pressed.checkout, pressed.product.name, connected, signal);
    } catch (error) {
      await this.fail(pressed, isBotdeckError(error) ? error.text : text('pix.gatewayUnreachable', { detail: errorText(error) }), 'warn');
      await this.health.failed(error, signal);
      throw error;
    }
    await this.health.answered();
    return charge;
  }

  /** The checkout ends with the reason (in English, as the logs read it); the operator's log says so at the bot's level. */
  private async fail(pressed: PressedCheckout, reason: ErrorText, level: 'warn' | 'info'): Promise<void> {
    const { checkout } = pressed;
    const said = renderText('en', reason);
    await this.writer.run(() => this.checkouts.failed(checkout.id, said, this.now()));
    const detail = { botId: checkout.botId, leadId: checkout.leadId, checkoutId: checkout.id, reason: said };
    if (level === 'warn') this.logger.warn(detail, 'a PIX checkout could not start');
    else this.logger.info(detail, 'a PIX press sent the open charge again');
  }
}
