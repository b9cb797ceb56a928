import type { Database, Statement } from 'better-sqlite3';
import type { PaymentRail, PaymentRecordedBy } from '../../../shared/products';
import { errorText as text } from '../../../shared/i18n/error-text';
import { DeliveriesRepository } from '../leads/deliveries-repository';
import { LeadEvents } from '../leads/lead-events';
import { LeadRecords } from '../leads/lead-records';
import { BotdeckError } from '../errors';
import { CheckoutRecords } from './checkout-records';
import { ProductRecords } from './product-records';

/** A payment confirmed by Telegram or the gateway, as it is recorded. */
export interface ConfirmedPayment {
  readonly botId: number;
  readonly leadId: number;
  readonly rail: PaymentRail;
  /** Stars, or centavos for PIX. */
  readonly amount: number;
  /** `telegram_payment_charge_id`, or the gateway's payment id: unique per rail. */
  readonly chargeId: string;
  /** The checkout it pays, when known (a reconciled payment may have none left). */
  readonly checkoutId: number | null;
  readonly productId: number | null;
  readonly by: PaymentRecordedBy;
  readonly paidAt: number;
}

export interface RecordedPayment {
  readonly paymentId: number;
  /** False when this charge was recorded before: nothing changed. */
  readonly created: boolean;
}

export interface StoredPayment {
  readonly id: number;
  readonly botId: number;
  readonly leadId: number;
  /** The lead's Telegram user: who a Stars refund goes back to. */
  readonly userId: number;
  readonly productId: number | null;
  readonly rail: PaymentRail;
  readonly amount: number;
  readonly chargeId: string;
  readonly refundedAt: number | null;
}

interface PaymentRow {
  id: number;
  bot_id: number;
  lead_id: number;
  user_id: number;
  product_id: number | null;
  rail: PaymentRail;
  amount: number;
  charge_id: string;
  refunded_at: number | null;
}

const STORED_COLUMNS = 'p.id, p.bot_id, p.lead_id, l.user_id, p.product_id, p.rail, p.amount, p.charge_id, p.refunded_at FROM payments p JOIN leads l ON l.id = p.lead_id';

function toStored(row: PaymentRow): StoredPayment {
  return {
    id: row.id,
    botId: row.bot_id,
    leadId: row.lead_id,
    userId: row.user_id,
    productId: row.product_id,
    rail: row.rail,
    amount: row.amount,
    chargeId: row.charge_id,
    refundedAt: row.refunded_at,
  };
}

interface InsertParams {
  botId: number;
  leadId: number;
  productId: number | null;
  checkoutId: number | null;
  rail: PaymentRail;
  amount: number;
  chargeId: string;
  source: string | null;
  campaignId: number | null;
  followUpStepId: number | null;
  by: PaymentRecordedBy;
  paidAt: number;
  now: number;
}

/**
 * The payments table's only writer, and the one place a sale changes the lead: in one call
 * (the caller's transaction) the payment is recorded once per charge, the lead converted with
 * the sale's revenue and a 'paid' event, the checkout closed, and the product's delivery
 * message queued first in the bot's queue. A payment confirmed while the bot is stopped is
 * recorded the same way; its delivery waits in the queue until the bot runs.
 */
export class PaymentRecords {
  private readonly leads: LeadRecords;
  private readonly events: LeadEvents;
  private readonly deliveries: DeliveriesRepository;
  private readonly checkouts: CheckoutRecords;
  private readonly products: ProductRecords;
  private readonly s: {
    readonly insert: Statement<InsertParams>;
    readonly source: Statement<[number], { source: string | null }>;
    readonly byId: Statement<[number], PaymentRow>;
    readonly byCharge: Statement<[PaymentRail, string], PaymentRow>;
    readonly refund: Statement<[number, number]>;
    readonly standing: Statement<[number], { n: number }>;
  };

  constructor(db: Database) {
    this.leads = new LeadRecords(db);
    this.events = new LeadEvents(db);
    this.deliveries = new DeliveriesRepository(db);
    this.checkouts = new CheckoutRecords(db);
    this.products = new ProductRecords(db);
    this.s = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO payments (bot_id, lead_id, product_id, checkout_id, rail, amount, charge_id, source, campaign_id, follow_up_step_id, recorded_by, paid_at, recorded_at)
         VALUES (@botId, @leadId, @productId, @checkoutId, @rail, @amount, @chargeId, @source, @campaignId, @followUpStepId, @by, @paidAt, @now)`,
      ),
      source: db.prepare('SELECT source FROM leads WHERE id = ?'),
      byId: db.prepare(`SELECT ${STORED_COLUMNS} WHERE p.id = ?`),
      byCharge: db.prepare(`SELECT ${STORED_COLUMNS} WHERE p.rail = ? AND p.charge_id = ?`),
      refund: db.prepare('UPDATE payments SET refunded_at = ? WHERE id = ? AND refunded_at IS NULL'),
      standing: db.prepare('SELECT count(*) AS n FROM payments WHERE lead_id = ? AND refunded_at IS NULL'),
    };
  }

  /** Records a confirmed payment once; a second confirmation of the same charge changes nothing. */
  record(payment: ConfirmedPayment, now: number): RecordedPayment {
    const checkout = payment.checkoutId === null ? null : this.checkouts.find(payment.checkoutId);
    const productId = payment.productId ?? checkout?.productId ?? null;
    const result = this.s.insert.run({
      botId: payment.botId,
      leadId: payment.leadId,
      productId,
      checkoutId: checkout?.id ?? null,
      rail: payment.rail,
      amount: payment.amount,
      chargeId: payment.chargeId,
      // Attributed to what the press came from; without a checkout, to the lead's own source.
      source: checkout === null ? (this.s.source.get(payment.leadId)?.source ?? null) : checkout.source,
      campaignId: checkout?.campaignId ?? null,
      followUpStepId: checkout?.followUpStepId ?? null,
      by: payment.by,
      paidAt: payment.paidAt,
      now,
    });
    const paymentId = Number(result.lastInsertRowid);
    if (result.changes === 0) return { paymentId: 0, created: false };
    this.leads.paid(payment.leadId, payment.rail === 'pix' ? payment.amount : 0, now);
    this.events.record(payment.leadId, 'paid', now, { paymentId, productId, rail: payment.rail, amount: payment.amount, by: payment.by });
    if (checkout !== null) this.checkouts.paid(checkout.id, now);
    const delivery = productId === null ? null : this.products.deliveryOf(productId);
    if (delivery !== null) this.deliveries.enqueuePurchase(payment.botId, payment.leadId, delivery, paymentId, now);
    return { paymentId, created: true };
  }

  find(id: number): StoredPayment | null {
    const row = this.s.byId.get(id);
    return row === undefined ? null : toStored(row);
  }

  /** The payment of this charge, if it is recorded. */
  findCharge(rail: PaymentRail, chargeId: string): StoredPayment | null {
    const row = this.s.byCharge.get(rail, chargeId);
    return row === undefined ? null : toStored(row);
  }

  /**
   * The payment was given back: it stops counting, its centavos leave the lead's revenue, and
   * the conversion is reversed when no other payment of the lead stands. A 'refunded' event says so.
   */
  refunded(id: number, now: number): StoredPayment {
    const payment = this.find(id);
    if (payment === null) throw new BotdeckError('PAYMENT_NOT_FOUND', text('payment.notFound', { id }));
    if (this.s.refund.run(now, id).changes === 0) throw new BotdeckError('REFUND_REFUSED', text('payment.alreadyRefunded', { id }));
    const lastStanding = (this.s.standing.get(payment.leadId)?.n ?? 0) === 0;
    const previousStatus = this.leads.refunded(payment.leadId, payment.rail === 'pix' ? payment.amount : 0, lastStanding);
    if (previousStatus !== null) this.events.record(payment.leadId, 'refunded', now, { paymentId: id, rail: payment.rail, amount: payment.amount, previousStatus });
    return { ...payment, refundedAt: now };
  }
}
