import type { Database, Statement } from 'better-sqlite3';
import { LeadEvents } from '../leads/lead-events';
import { CHECKOUT_COLUMNS, toCheckout, type Checkout, type CheckoutRow } from './checkout-records';
import type { PixCharge } from './gateways/pix-gateway';

/** A PIX checkout with the gateway's charge, as the poller and a second press read it. */
export interface OpenPixCharge {
  readonly checkout: Checkout;
  readonly gatewayPaymentId: string;
  readonly code: string;
  readonly qrPngBase64: string | null;
  readonly expiresAt: number;
  readonly askedAt: number | null;
  readonly nextCheckAt: number;
}

interface ChargeRow extends CheckoutRow {
  gateway_payment_id: string;
  pix_code: string;
  pix_qr: string | null;
  expires_at: number;
  asked_at: number | null;
  next_check_at: number;
}

const CHARGE_COLUMNS = `${CHECKOUT_COLUMNS}, gateway_payment_id, pix_code, pix_qr, expires_at, asked_at, next_check_at`;

function toCharge(row: ChargeRow): OpenPixCharge {
  return {
    checkout: toCheckout(row),
    gatewayPaymentId: row.gateway_payment_id,
    code: row.pix_code,
    qrPngBase64: row.pix_qr,
    expiresAt: row.expires_at,
    askedAt: row.asked_at,
    nextCheckAt: row.next_check_at,
  };
}

/**
 * The writer of the checkouts' PIX columns (the gateway's charge: its id, code, QR image,
 * expiry, and when it is next asked about). CheckoutRecords writes what every rail shares.
 */
export class PixCharges {
  private readonly events: LeadEvents;
  private readonly s: {
    readonly opened: Statement<{ id: number; paymentId: string; code: string; qr: string | null; expiresAt: number; next: number; now: number }>;
    readonly open: Statement<[number], ChargeRow>;
    readonly openFor: Statement<[number, number, number, number], ChargeRow>;
    readonly due: Statement<[number, number], ChargeRow>;
    readonly allOpen: Statement<[], ChargeRow>;
    readonly opening: Statement<[], CheckoutRow>;
    readonly asked: Statement<[number, number, number]>;
    readonly deferred: Statement<[number, number]>;
    readonly expired: Statement<[number, number]>;
  };

  constructor(db: Database) {
    this.events = new LeadEvents(db);
    const open = "rail = 'pix' AND status = 'open' AND gateway_payment_id IS NOT NULL";
    this.s = {
      opened: db.prepare(
        `UPDATE checkouts SET status = 'open', gateway_payment_id = @paymentId, pix_code = @code, pix_qr = @qr, expires_at = @expiresAt,
           next_check_at = @next, updated_at = @now WHERE id = @id AND status = 'opening'`,
      ),
      open: db.prepare(`SELECT ${CHARGE_COLUMNS} FROM checkouts WHERE id = ? AND ${open}`),
      openFor: db.prepare(`SELECT ${CHARGE_COLUMNS} FROM checkouts WHERE lead_id = ? AND product_id = ? AND id <> ? AND expires_at > ? AND ${open} ORDER BY id DESC LIMIT 1`),
      due: db.prepare(`SELECT ${CHARGE_COLUMNS} FROM checkouts WHERE next_check_at <= ? AND ${open} ORDER BY next_check_at, id LIMIT ?`),
      allOpen: db.prepare(`SELECT ${CHARGE_COLUMNS} FROM checkouts WHERE ${open} ORDER BY id`),
      opening: db.prepare(`SELECT ${CHECKOUT_COLUMNS} FROM checkouts WHERE rail = 'pix' AND status = 'opening' ORDER BY id`),
      asked: db.prepare('UPDATE checkouts SET checks = checks + 1, asked_at = ?, next_check_at = ? WHERE id = ?'),
      deferred: db.prepare('UPDATE checkouts SET next_check_at = ? WHERE id = ?'),
      expired: db.prepare("UPDATE checkouts SET status = 'expired', next_check_at = NULL, updated_at = ? WHERE id = ? AND status = 'open'"),
    };
  }

  /** The gateway created the charge: the checkout is open and first asked about at `nextCheckAt`. */
  opened(checkoutId: number, charge: PixCharge, nextCheckAt: number, now: number): void {
    this.s.opened.run({
      id: checkoutId,
      paymentId: charge.gatewayPaymentId,
      code: charge.code,
      qr: charge.qrPngBase64,
      expiresAt: charge.expiresAt,
      next: nextCheckAt,
      now,
    });
  }

  find(checkoutId: number): OpenPixCharge | null {
    const row = this.s.open.get(checkoutId);
    return row === undefined ? null : toCharge(row);
  }

  /** The lead's charge for this product still payable at `now`, other than `exceptCheckoutId`. */
  openFor(leadId: number, productId: number, exceptCheckoutId: number, now: number): OpenPixCharge | null {
    const row = this.s.openFor.get(leadId, productId, exceptCheckoutId, now);
    return row === undefined ? null : toCharge(row);
  }

  /** Open charges whose next question is due, oldest due first. */
  due(now: number, limit: number): OpenPixCharge[] {
    return this.s.due.all(now, limit).map(toCharge);
  }

  allOpen(): OpenPixCharge[] {
    return this.s.allOpen.all().map(toCharge);
  }

  /** Checkouts left `opening` (the engine stopped while their charge was being created). */
  opening(): Checkout[] {
    return this.s.opening.all().map(toCheckout);
  }

  asked(checkoutId: number, at: number, nextCheckAt: number): void {
    this.s.asked.run(at, nextCheckAt, checkoutId);
  }

  /** Asked about later without a question now (the gateway asked to wait, or a restart spreads the questions). */
  deferred(checkoutId: number, nextCheckAt: number): void {
    this.s.deferred.run(nextCheckAt, checkoutId);
  }

  /** Unpaid at its expiry: the checkout ends with a 'checkout_expired' event; the lead's status was never moved by it. */
  expired(charge: OpenPixCharge, now: number): boolean {
    if (this.s.expired.run(now, charge.checkout.id).changes === 0) return false;
    this.events.record(charge.checkout.leadId, 'checkout_expired', now, { checkoutId: charge.checkout.id });
    return true;
  }
}
