import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { PaymentRail } from '../../../shared/products';
import type { PressedDelivery } from '../leads/deliveries-repository';
import { LeadEvents } from '../leads/lead-events';

/** Where a checkout is: being created at the gateway, waiting for the payer, or ended. */
export type CheckoutStatus = 'opening' | 'open' | 'paid' | 'expired' | 'failed';

/** A payment a lead started by pressing a product's button, and what the press came from. */
export interface Checkout {
  readonly id: number;
  readonly botId: number;
  readonly leadId: number;
  readonly productId: number;
  readonly rail: PaymentRail;
  /** Stars, or centavos for PIX: the price when the button was pressed. */
  readonly amount: number;
  readonly status: CheckoutStatus;
  readonly deliveryId: number | null;
  readonly campaignId: number | null;
  readonly followUpStepId: number | null;
  /** The lead's /start source at the press. */
  readonly source: string | null;
  readonly idempotencyKey: string;
  readonly createdAt: number;
}

export interface CheckoutRow {
  id: number;
  bot_id: number;
  lead_id: number;
  product_id: number;
  rail: PaymentRail;
  amount: number;
  status: CheckoutStatus;
  delivery_id: number | null;
  campaign_id: number | null;
  follow_up_step_id: number | null;
  source: string | null;
  idempotency_key: string;
  created_at: number;
}

export const CHECKOUT_COLUMNS = 'id, bot_id, lead_id, product_id, rail, amount, status, delivery_id, campaign_id, follow_up_step_id, source, idempotency_key, created_at';

export function toCheckout(row: CheckoutRow): Checkout {
  return {
    id: row.id,
    botId: row.bot_id,
    leadId: row.lead_id,
    productId: row.product_id,
    rail: row.rail,
    amount: row.amount,
    status: row.status,
    deliveryId: row.delivery_id,
    campaignId: row.campaign_id,
    followUpStepId: row.follow_up_step_id,
    source: row.source,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
  };
}

export interface CheckoutPress {
  readonly botId: number;
  readonly leadId: number;
  readonly productId: number;
  readonly rail: PaymentRail;
  readonly amount: number;
  /** The message whose button was pressed, when Botdeck sent it. */
  readonly pressed: PressedDelivery | null;
  readonly source: string | null;
}

/** The prefix of a Stars invoice's payload: the checkout it was sent for. */
const PAYLOAD_PREFIX = 'checkout:';

export function invoicePayload(checkoutId: number): string {
  return `${PAYLOAD_PREFIX}${checkoutId}`;
}

/** The checkout an invoice was sent for, or null for a payload Botdeck did not write. */
export function checkoutOfPayload(payload: string): number | null {
  const match = /^checkout:([1-9][0-9]{0,15})$/.exec(payload);
  return match === null ? null : Number(match[1]);
}

/**
 * The checkouts table's writer for what every rail shares: a press opens a checkout (in the
 * capture's transaction, with its attribution), and a payment closes it. The PIX charge's
 * own columns are written by the PIX checkout (pix-checkouts.ts).
 */
export class CheckoutRecords {
  private readonly events: LeadEvents;
  private readonly s: {
    readonly insert: Statement<
      {
        botId: number;
        leadId: number;
        productId: number;
        rail: PaymentRail;
        amount: number;
        status: CheckoutStatus;
        deliveryId: number | null;
        campaignId: number | null;
        followUpStepId: number | null;
        source: string | null;
        key: string;
        now: number;
      },
      CheckoutRow
    >;
    readonly byId: Statement<[number], CheckoutRow>;
    readonly paid: Statement<[number, number]>;
    readonly failed: Statement<[string, number, number]>;
  };

  constructor(db: Database) {
    this.events = new LeadEvents(db);
    this.s = {
      insert: db.prepare(
        `INSERT INTO checkouts (bot_id, lead_id, product_id, rail, amount, status, delivery_id, campaign_id, follow_up_step_id, source, idempotency_key, created_at, updated_at)
         VALUES (@botId, @leadId, @productId, @rail, @amount, @status, @deliveryId, @campaignId, @followUpStepId, @source, @key, @now, @now)
         RETURNING ${CHECKOUT_COLUMNS}`,
      ),
      byId: db.prepare(`SELECT ${CHECKOUT_COLUMNS} FROM checkouts WHERE id = ?`),
      paid: db.prepare("UPDATE checkouts SET status = 'paid', updated_at = ? WHERE id = ?"),
      failed: db.prepare("UPDATE checkouts SET status = 'failed', error = ?, updated_at = ? WHERE id = ? AND status IN ('opening', 'open')"),
    };
  }

  /**
   * A product's button was pressed: a checkout opens, attributed to what sent the button, with
   * a 'checkout_started' event. A Stars checkout is open at once (the invoice goes next); a PIX
   * one is `opening` until the gateway created its charge.
   */
  open(press: CheckoutPress, now: number): Checkout {
    const row = this.s.insert.get({
      botId: press.botId,
      leadId: press.leadId,
      productId: press.productId,
      rail: press.rail,
      amount: press.amount,
      status: press.rail === 'stars' ? 'open' : 'opening',
      deliveryId: press.pressed?.deliveryId ?? null,
      campaignId: press.pressed?.campaignId ?? null,
      followUpStepId: press.pressed?.followUpStepId ?? null,
      source: press.source,
      // Random, not the row id: a restored backup reuses ids, and a reused key would return the old charge.
      key: randomUUID(),
      now,
    });
    if (row === undefined) throw new Error('the checkout insert returned no row');
    const checkout = toCheckout(row);
    this.events.record(press.leadId, 'checkout_started', now, { checkoutId: checkout.id, productId: press.productId, rail: press.rail, amount: press.amount });
    return checkout;
  }

  find(id: number): Checkout | null {
    const row = this.s.byId.get(id);
    return row === undefined ? null : toCheckout(row);
  }

  paid(id: number, now: number): void {
    this.s.paid.run(now, id);
  }

  /** The checkout could not start (no gateway, the gateway refused): it ends with the reason; the lead may press again. */
  failed(id: number, reason: string, now: number): void {
    this.s.failed.run(reason, now, id);
  }
}
