import type { Database } from 'better-sqlite3';
import type { PaymentRecordedBy } from '../../../shared/products';
import { LeadRecords } from '../leads/lead-records';
import { CheckoutRecords, checkoutOfPayload } from './checkout-records';
import { PaymentRecords } from './payment-records';

/** A Stars payment as Telegram reports it: in a successful_payment message or a Star transaction. */
export interface StarsCharge {
  readonly botId: number;
  /** The Telegram user who paid. */
  readonly userId: number;
  /** `telegram_payment_charge_id` (a Star transaction's id). */
  readonly chargeId: string;
  readonly amount: number;
  readonly payload: string | null;
  readonly paidAt: number;
}

/** What became of a Stars payment: recorded now, recorded before, or left out for want of a lead. */
export type StarsPaymentResult =
  { readonly kind: 'recorded'; readonly leadId: number; readonly paymentId: number } | { readonly kind: 'known'; readonly leadId: number } | { readonly kind: 'no_lead' };

/**
 * Records a Stars payment on the payer's lead (in the caller's transaction), attributed through
 * the checkout its payload names when that is Botdeck's, this bot's and the payer's. A payment
 * of a user who is no lead of the bot (an invoice forwarded to someone who never sent /start)
 * records nothing: no lead is made up, and the caller logs the charge for the operator.
 */
export class StarsPayments {
  private readonly leads: LeadRecords;
  private readonly checkouts: CheckoutRecords;
  private readonly payments: PaymentRecords;

  constructor(db: Database) {
    this.leads = new LeadRecords(db);
    this.checkouts = new CheckoutRecords(db);
    this.payments = new PaymentRecords(db);
  }

  record(charge: StarsCharge, by: PaymentRecordedBy, now: number): StarsPaymentResult {
    const lead = this.leads.find(charge.botId, charge.userId);
    if (lead === null) return { kind: 'no_lead' };
    const checkoutId = charge.payload === null ? null : checkoutOfPayload(charge.payload);
    const found = checkoutId === null ? null : this.checkouts.find(checkoutId);
    const checkout = found !== null && found.botId === charge.botId && found.rail === 'stars' ? found : null;
    const recorded = this.payments.record(
      {
        botId: charge.botId,
        leadId: lead.id,
        rail: 'stars',
        amount: charge.amount,
        chargeId: charge.chargeId,
        // Another lead's checkout (a forwarded invoice) still names the product, not the attribution.
        checkoutId: checkout !== null && checkout.leadId === lead.id ? checkout.id : null,
        productId: checkout?.productId ?? null,
        by,
        paidAt: charge.paidAt,
      },
      now,
    );
    return recorded.created ? { kind: 'recorded', leadId: lead.id, paymentId: recorded.paymentId } : { kind: 'known', leadId: lead.id };
  }
}
