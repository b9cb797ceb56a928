import type { CreatePaymentBody } from './create-schema';
import { pixCopyPaste } from './pix-code';
import { patternPng } from './png';
import type { PaymentStatus } from './types';

/** Mercado Pago's default lifetime of a PIX charge when date_of_expiration is not sent: 24 hours. */
export const DEFAULT_EXPIRY_MS = 24 * 60 * 60 * 1000;

interface Payment {
  id: number;
  body: CreatePaymentBody;
  createdAt: number;
  expiresAt: number;
  approvedAt: number | null;
  rejected: boolean;
}

/** What GET /v1/payments/{id} answers, as far as a PIX sale needs it. */
export interface PaymentView {
  id: number;
  status: PaymentStatus;
  status_detail: string;
  payment_method_id: 'pix';
  payment_type_id: 'bank_transfer';
  currency_id: 'BRL';
  transaction_amount: number;
  description: string;
  external_reference: string | null;
  payer: { email: string };
  date_created: string;
  date_approved: string | null;
  date_of_expiration: string;
  point_of_interaction: {
    type: 'PIX';
    transaction_data: { qr_code: string; qr_code_base64: string; ticket_url: string };
  };
}

export type CreateOutcome = { kind: 'created' | 'replayed'; payment: PaymentView } | { kind: 'key_reused' };

/** The fake's payments and idempotency keys; every answer is read against the fake's clock. */
export class Payments {
  private readonly byId = new Map<number, Payment>();
  private readonly byKey = new Map<string, { fingerprint: string; id: number }>();
  private nextId = 1_300_000_001;

  constructor(
    private readonly now: () => number,
    private readonly baseUrl: string,
  ) {}

  get count(): number {
    return this.byId.size;
  }

  /** Creates a payment, or answers the one this key already made when the body is the same. */
  create(key: string, body: CreatePaymentBody): CreateOutcome {
    const fingerprint = JSON.stringify(body);
    const known = this.byKey.get(key);
    if (known !== undefined) {
      const payment = this.byId.get(known.id);
      if (known.fingerprint !== fingerprint || payment === undefined) return { kind: 'key_reused' };
      return { kind: 'replayed', payment: this.view(payment) };
    }
    const createdAt = this.now();
    const payment: Payment = {
      id: this.nextId,
      body,
      createdAt,
      expiresAt: body.date_of_expiration === undefined ? createdAt + DEFAULT_EXPIRY_MS : Date.parse(body.date_of_expiration),
      approvedAt: null,
      rejected: false,
    };
    this.nextId += 1;
    this.byId.set(payment.id, payment);
    this.byKey.set(key, { fingerprint, id: payment.id });
    return { kind: 'created', payment: this.view(payment) };
  }

  find(id: number): PaymentView | undefined {
    const payment = this.byId.get(id);
    return payment === undefined ? undefined : this.view(payment);
  }

  pay(id: number): void {
    const payment = this.get(id);
    if (this.statusOf(payment) !== 'pending') throw new Error(`fake-pix: payment ${id} is ${this.statusOf(payment)}, it cannot be paid`);
    payment.approvedAt = this.now();
  }

  /** The payer's bank refused the transfer: the payment is rejected for good. */
  reject(id: number): void {
    const payment = this.get(id);
    if (this.statusOf(payment) !== 'pending') throw new Error(`fake-pix: payment ${id} is ${this.statusOf(payment)}, it cannot be rejected`);
    payment.rejected = true;
  }

  expiryOf(id: number): number {
    return this.get(id).expiresAt;
  }

  private get(id: number): Payment {
    const payment = this.byId.get(id);
    if (payment === undefined) throw new Error(`fake-pix: no payment ${id}`);
    return payment;
  }

  private statusOf(payment: Payment): PaymentStatus {
    if (payment.approvedAt !== null) return 'approved';
    if (payment.rejected) return 'rejected';
    return this.now() >= payment.expiresAt ? 'cancelled' : 'pending';
  }

  private view(payment: Payment): PaymentView {
    const status = this.statusOf(payment);
    const code = pixCopyPaste(payment.id, payment.body.transaction_amount);
    return {
      id: payment.id,
      status,
      // Mercado Pago's details: a PIX waiting is pending_waiting_transfer, a paid one accredited,
      // one left unpaid past its date_of_expiration cancelled with the detail "expired".
      status_detail: status === 'approved' ? 'accredited' : status === 'cancelled' ? 'expired' : status === 'rejected' ? 'rejected_by_bank' : 'pending_waiting_transfer',
      payment_method_id: 'pix',
      payment_type_id: 'bank_transfer',
      currency_id: 'BRL',
      transaction_amount: payment.body.transaction_amount,
      description: payment.body.description,
      external_reference: payment.body.external_reference ?? null,
      payer: { email: payment.body.payer.email },
      date_created: new Date(payment.createdAt).toISOString(),
      date_approved: payment.approvedAt === null ? null : new Date(payment.approvedAt).toISOString(),
      date_of_expiration: new Date(payment.expiresAt).toISOString(),
      point_of_interaction: {
        type: 'PIX',
        transaction_data: {
          qr_code: code,
          qr_code_base64: patternPng(code).toString('base64'),
          ticket_url: `${this.baseUrl}/payments/${payment.id}/ticket`,
        },
      },
    };
  }
}
