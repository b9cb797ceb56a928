import type { Database } from 'better-sqlite3';
import type { WriteBatcher } from '../db/write-batcher';
import type { Checkout } from './checkout-records';
import type { ConnectedGateway } from './connected-pix-gateway';
import { PixGatewayError, type PixCharge, type PixChargeRequest } from './gateways/pix-gateway';
import { PixCharges, type OpenPixCharge } from './pix-charges';

/**
 * The payer e-mail sent with every charge: Mercado Pago requires one, and Botdeck knows no
 * buyer's address. One per lead under the reserved `.invalid` domain, so it reaches nobody
 * and names no person; the bank app shows the buyer their own details, not this.
 */
export function payerEmail(checkout: Checkout): string {
  return `lead-${checkout.leadId}@botdeck.invalid`;
}

/**
 * Creates a checkout's charge at the gateway and stores it. The request is built from the
 * checkout alone (its key, its amount, an expiry counted from its press), so asking again
 * after a fault or a crash sends the same request with the same idempotency key and the
 * gateway answers with the charge it already made: nothing is charged twice.
 */
export class PixChargeCreator {
  private readonly charges: PixCharges;

  constructor(
    db: Database,
    private readonly writer: WriteBatcher,
    private readonly now: () => number,
    /** When a new charge is first asked about, from its creation. */
    private readonly firstCheckAfterMs: number,
  ) {
    this.charges = new PixCharges(db);
  }

  request(checkout: Checkout, description: string, expiryMinutes: number): PixChargeRequest {
    return {
      idempotencyKey: checkout.idempotencyKey,
      amountCents: checkout.amount,
      description,
      reference: `checkout:${checkout.id}`,
      payerEmail: payerEmail(checkout),
      expiresAt: checkout.createdAt + expiryMinutes * 60_000,
    };
  }

  /**
   * One retry at once, same key, when the answer was lost (network, timeout) or the gateway
   * failed: the charge may exist already, and the retry returns it. A refusal or a 429 is final.
   */
  async create(checkout: Checkout, description: string, connected: ConnectedGateway, signal: AbortSignal): Promise<OpenPixCharge> {
    const request = this.request(checkout, description, connected.expiryMinutes);
    let charge: PixCharge;
    try {
      charge = await connected.gateway.createCharge(request, signal);
    } catch (error) {
      const retry = error instanceof PixGatewayError && (error.code === 'PIX_GATEWAY_UNREACHABLE' || error.code === 'PIX_GATEWAY_FAILED');
      if (!retry || signal.aborted) throw error;
      charge = await connected.gateway.createCharge(request, signal);
    }
    const now = this.now();
    await this.writer.run(() => this.charges.opened(checkout.id, charge, now + this.firstCheckAfterMs, now));
    return {
      checkout: { ...checkout, status: 'open' },
      gatewayPaymentId: charge.gatewayPaymentId,
      code: charge.code,
      qrPngBase64: charge.qrPngBase64,
      expiresAt: charge.expiresAt,
      askedAt: null,
      nextCheckAt: now + this.firstCheckAfterMs,
    };
  }
}
