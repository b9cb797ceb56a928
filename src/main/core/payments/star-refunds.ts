import { storedBotApi } from '../bots/stored-bot-api';
import type { Database } from 'better-sqlite3';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { BotRecords } from '../bots/bot-records';
import { grammySignal } from '../bots/grammy-signal';
import { classifyTelegramError } from '../bots/telegram-errors';
import { BotdeckError } from '../errors';
import { errorText } from '../redact';
import type { SecretStore } from '../secrets/secret-store';
import { PaymentRecords, type StoredPayment } from './payment-records';

export interface StarRefundsDeps {
  readonly db: Database;
  readonly records: BotRecords;
  readonly secrets: SecretStore;
  readonly apiRoot: () => string;
  readonly now: () => number;
  /** How long Telegram may take to answer the refund. */
  readonly timeoutMs: () => number;
}

/**
 * The operator gives a Stars payment back from the lead's drawer: Telegram refunds it
 * (`refundStarPayment`, through the bot's own token, so it works while the bot is stopped),
 * then the store records the refund. When Telegram refuses or cannot be reached, nothing in
 * the store changes and the operator reads why; a refund Telegram made but whose answer was
 * lost is marked by the next reconciliation.
 */
export class StarRefunds {
  private readonly payments: PaymentRecords;

  constructor(private readonly deps: StarRefundsDeps) {
    this.payments = new PaymentRecords(deps.db);
  }

  async refund(paymentId: number): Promise<StoredPayment> {
    const payment = this.payments.find(paymentId);
    if (payment === null) throw new BotdeckError('PAYMENT_NOT_FOUND', text('payment.notFound', { id: paymentId }));
    if (payment.rail !== 'stars') throw new BotdeckError('REFUND_REFUSED', text('payment.refundNotStars', { id: paymentId }));
    if (payment.refundedAt !== null) throw new BotdeckError('REFUND_REFUSED', text('payment.alreadyRefunded', { id: paymentId }));
    const bot = this.deps.records.require(payment.botId);
    const api = storedBotApi(bot, this.deps.secrets, this.deps.apiRoot());
    try {
      await api.refundStarPayment(payment.userId, payment.chargeId, grammySignal(AbortSignal.timeout(this.deps.timeoutMs())));
    } catch (error) {
      const failure = classifyTelegramError(error);
      if (failure === null || failure.kind === 'network') {
        throw new BotdeckError('REFUND_REFUSED', text('payment.refundUnreachable', { id: paymentId, detail: failure?.description ?? errorText(error) }), { cause: error });
      }
      throw new BotdeckError('REFUND_REFUSED', text('payment.refundRefused', { id: paymentId, detail: failure.description }), { cause: error });
    }
    return this.deps.db.transaction(() => this.payments.refunded(paymentId, this.deps.now()))();
  }
}
