import type { StarTransaction, TransactionPartnerUser, User } from '@grammyjs/types';
import type { SentInvoice } from './types';

/** A pre-checkout query waiting for the bot's answerPreCheckoutQuery. */
export interface PendingCheckout {
  answer: (answer: CheckoutAnswer) => void;
}

export type CheckoutAnswer = { ok: true } | { ok: false; errorMessage: string };

/** A Stars payment Telegram took; refunded once at most. */
export interface Charge {
  chargeId: string;
  user: User;
  amount: number;
  payload: string;
  paymentUpdateId: number;
  refunded: boolean;
}

/** One bot's Telegram Stars side: invoices sent, checkouts waiting, charges and the transaction history. */
export class StarsLedger {
  readonly invoices: SentInvoice[] = [];
  readonly checkouts = new Map<string, PendingCheckout>();
  /** Every answerPreCheckoutQuery that was accepted, in order. */
  readonly answers: ({ id: string } & CheckoutAnswer)[] = [];
  readonly charges = new Map<string, Charge>();
  /** In the order they happened: getStarTransactions lists them chronologically. */
  readonly transactions: StarTransaction[] = [];
  private checkoutCounter = 0;
  private chargeCounter = 0;

  constructor(private readonly botId: number) {}

  newCheckoutId(userId: number): string {
    return `${userId}${String(++this.checkoutCounter).padStart(7, '0')}`;
  }

  /** Charge ids start with "stx" as Telegram's do, and carry the bot id so they are unique across bots. */
  newChargeId(): string {
    return `stxFake${this.botId}x${String(++this.chargeCounter).padStart(8, '0')}`;
  }

  recordPayment(charge: Charge, date: number): void {
    this.charges.set(charge.chargeId, charge);
    this.transactions.push({ id: charge.chargeId, amount: charge.amount, date, source: partner(charge) });
  }

  /** A refund keeps the payment's id and names the user as the receiver. */
  recordRefund(charge: Charge, date: number): void {
    charge.refunded = true;
    this.transactions.push({ id: charge.chargeId, amount: charge.amount, date, receiver: partner(charge) });
  }
}

function partner(charge: Charge): TransactionPartnerUser {
  return { type: 'user', transaction_type: 'invoice_payment', user: charge.user, invoice_payload: charge.payload };
}
