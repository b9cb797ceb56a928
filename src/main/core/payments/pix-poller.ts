import type { Database } from 'better-sqlite3';
import type { WriteBatcher } from '../db/write-batcher';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { errorText } from '../redact';
import { CheckoutRecords } from './checkout-records';
import type { ConnectedPixGateway } from './connected-pix-gateway';
import { PixGatewayError, type PixChargeState } from './gateways/pix-gateway';
import type { PixChargeCreator } from './pix-charge-creator';
import type { PixGatewayHealth } from './pix-gateway-health';
import { PixCharges, type OpenPixCharge } from './pix-charges';
import { PaymentRecords } from './payment-records';
import { ProductRecords } from './product-records';

export interface PixPollOptions {
  /** At most one scheduled question per charge in this time (gateways ask for one a minute). */
  readonly checkEveryMs: number;
  /** An "I have paid" press asks at once only when the charge was last asked about this long ago. */
  readonly pressGapMs: number;
  /** How often due charges are looked for. */
  readonly tickMs: number;
  /** Questions per tick at most, one after another: a restart with many open charges spreads them. */
  readonly perTick: number;
  /** Each request to the gateway. */
  readonly requestTimeoutMs: number;
  /** A charge past its expiry whose gateway never answered is given up this long after it. */
  readonly giveUpAfterExpiryMs: number;
}

export const defaultPixPollOptions: PixPollOptions = {
  checkEveryMs: 60_000,
  pressGapMs: 20_000,
  tickMs: 1000,
  perTick: 20,
  requestTimeoutMs: 15_000,
  giveUpAfterExpiryMs: 3_600_000,
};

/** What a question about a charge found. */
export type PixAnswer = 'paid' | 'pending' | 'expired' | 'refused' | 'unknown';

export interface PixPollerDeps {
  readonly db: Database;
  readonly writer: WriteBatcher;
  readonly gateway: ConnectedPixGateway;
  readonly creator: PixChargeCreator;
  /** Where the gateway's failures and its next good answer are told to the operator. */
  readonly health: PixGatewayHealth;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly now: () => number;
  readonly options: PixPollOptions;
  /** A purchase delivery was queued for this bot: its sender looks now (a stopped bot sends it when it runs). */
  readonly wake: (botId: number) => void;
}

/**
 * Confirms PIX charges by asking the gateway, since a laptop has no address for a webhook. It
 * runs whether or not the bots do, on its own timer, and asks about each open charge at most
 * once per `checkEveryMs` (the next question is stored with the charge, so a restart keeps the
 * pace); a 429 pauses every question for the gateway's Retry-After. Paid: the payment is
 * recorded (the lead converted, its delivery queued) and the bot's sender woken. Past its
 * expiry: the checkout ends with 'checkout_expired' and the charge is never asked about again.
 * Rejected by the payer's bank: the checkout fails with that reason.
 */
export class PixPoller {
  private readonly charges: PixCharges;
  private readonly checkouts: CheckoutRecords;
  private readonly payments: PaymentRecords;
  private readonly products: ProductRecords;
  private readonly abort = new AbortController();
  private readonly asking = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** No question before this (the gateway answered 429). */
  private pausedUntil = 0;
  private lastRoundError: string | null = null;

  constructor(private readonly deps: PixPollerDeps) {
    this.charges = new PixCharges(deps.db);
    this.checkouts = new CheckoutRecords(deps.db);
    this.payments = new PaymentRecords(deps.db);
    this.products = new ProductRecords(deps.db);
  }

  /** Starts the timer; the first round is `resume()`. */
  start(): void {
    if (this.timer !== null || this.abort.signal.aborted) return;
    this.timer = setInterval(() => void this.tick(), this.deps.options.tickMs);
    const first = this.resume();
    this.running = first;
    void first.finally(() => {
      if (this.running === first) this.running = null;
    });
  }

  /**
   * At start: checkouts a stop left `opening` get their charge, and every open charge is due at
   * once, or a full interval after it was last asked about (the pace holds across a restart);
   * then the first round, at most `perTick` of them, the rest in the next rounds.
   */
  async resume(): Promise<void> {
    try {
      await this.resumeOpening();
      const now = this.deps.now();
      const open = this.charges.allOpen();
      await this.deps.writer.run(() => {
        for (const charge of open) this.charges.deferred(charge.checkout.id, Math.max(now, (charge.askedAt ?? 0) + this.deps.options.checkEveryMs));
      }, 'relaxed');
    } catch (error) {
      this.deps.logger.error({ error: errorText(error) }, 'resuming the open PIX charges failed');
    }
    await this.askDue();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round: the charges due now, at most `perTick`; a round still running is not doubled. */
  async tick(): Promise<void> {
    if (this.running !== null || this.abort.signal.aborted) return;
    const round = this.askDue();
    this.running = round;
    try {
      await round;
    } finally {
      if (this.running === round) this.running = null;
    }
  }

  /** An "I have paid" press: asks at once unless the charge was asked about less than `pressGapMs` ago. */
  async pressed(checkoutId: number, leadId: number): Promise<PixAnswer> {
    const charge = this.charges.find(checkoutId);
    if (charge === null || charge.checkout.leadId !== leadId) {
      const checkout = this.checkouts.find(checkoutId);
      if (checkout === null || checkout.leadId !== leadId) return 'unknown';
      return checkout.status === 'paid' ? 'paid' : checkout.status === 'expired' ? 'expired' : 'unknown';
    }
    const now = this.deps.now();
    if (charge.askedAt !== null && now - charge.askedAt < this.deps.options.pressGapMs) return 'pending';
    return this.ask(charge);
  }

  private async askDue(): Promise<void> {
    try {
      const now = this.deps.now();
      if (now < this.pausedUntil || this.deps.gateway.current() === null) return;
      for (const charge of this.charges.due(now, this.deps.options.perTick)) {
        if (this.abort.signal.aborted || this.deps.now() < this.pausedUntil) break;
        await this.ask(charge);
      }
      this.lastRoundError = null;
    } catch (error) {
      // Once per distinct cause (a token that cannot be opened would otherwise log every round).
      const detail = errorText(error);
      if (detail !== this.lastRoundError) this.deps.logger.error({ error: detail }, 'asking the PIX gateway about open charges failed');
      this.lastRoundError = detail;
    }
  }

  private async ask(charge: OpenPixCharge): Promise<PixAnswer> {
    const id = charge.checkout.id;
    const connected = this.deps.gateway.current();
    if (connected === null || this.asking.has(id) || this.deps.now() < this.pausedUntil) return 'pending';
    this.asking.add(id);
    try {
      let state: PixChargeState;
      try {
        state = await connected.gateway.chargeState(charge.gatewayPaymentId, this.abort.signal);
      } catch (error) {
        await this.failed(charge, error);
        return 'pending';
      }
      await this.deps.health.answered();
      const now = this.deps.now();
      if (state.status === 'paid') return await this.paid(charge, state, now);
      await this.deps.writer.run(() => this.charges.asked(id, now, now + this.deps.options.checkEveryMs), 'relaxed');
      if (state.status === 'refused') return await this.refused(charge, now);
      if (state.status === 'expired' || now >= charge.expiresAt) return await this.expired(charge, now);
      return 'pending';
    } finally {
      this.asking.delete(id);
    }
  }

  private async paid(charge: OpenPixCharge, state: PixChargeState, now: number): Promise<PixAnswer> {
    const { checkout } = charge;
    const recorded = await this.deps.writer.run(() => {
      this.charges.asked(checkout.id, now, now + this.deps.options.checkEveryMs);
      return this.payments.record(
        {
          botId: checkout.botId,
          leadId: checkout.leadId,
          rail: 'pix',
          amount: state.amountCents,
          chargeId: charge.gatewayPaymentId,
          checkoutId: checkout.id,
          productId: checkout.productId,
          by: 'poll',
          paidAt: state.paidAt ?? now,
        },
        now,
      );
    });
    if (recorded.created) {
      this.deps.logger.info({ botId: checkout.botId, leadId: checkout.leadId, checkoutId: checkout.id, amount: state.amountCents }, 'a PIX payment was confirmed');
      this.deps.wake(checkout.botId);
      this.deps.events.emit('lead.updated', { botId: checkout.botId, leadId: checkout.leadId });
    }
    return 'paid';
  }

  private async expired(charge: OpenPixCharge, now: number): Promise<PixAnswer> {
    const ended = await this.deps.writer.run(() => this.charges.expired(charge, now));
    if (ended) this.deps.events.emit('lead.updated', { botId: charge.checkout.botId, leadId: charge.checkout.leadId });
    return 'expired';
  }

  /** The payer's bank refused it: the checkout fails with that reason; the lead may press again for a new charge. */
  private async refused(charge: OpenPixCharge, now: number): Promise<PixAnswer> {
    await this.deps.writer.run(() => this.checkouts.failed(charge.checkout.id, 'the PIX gateway rejected the payment', now));
    this.deps.events.emit('lead.updated', { botId: charge.checkout.botId, leadId: charge.checkout.leadId });
    return 'refused';
  }

  /** No answer: asked again at the usual pace (after the gateway's wait on 429); given up long after expiry. */
  private async failed(charge: OpenPixCharge, error: unknown): Promise<void> {
    const now = this.deps.now();
    const { checkEveryMs, giveUpAfterExpiryMs } = this.deps.options;
    let next = now + checkEveryMs;
    if (error instanceof PixGatewayError && error.code === 'PIX_GATEWAY_BUSY') {
      const wait = error.retryAfterMs ?? checkEveryMs;
      this.pausedUntil = Math.max(this.pausedUntil, now + wait);
      next = now + Math.max(checkEveryMs, wait);
    }
    if (this.abort.signal.aborted) return;
    this.deps.logger.warn({ botId: charge.checkout.botId, checkoutId: charge.checkout.id, error: errorText(error) }, 'the PIX gateway did not say whether a charge was paid');
    await this.deps.health.failed(error);
    if (now >= charge.expiresAt + giveUpAfterExpiryMs) {
      await this.expired(charge, now);
      return;
    }
    await this.deps.writer.run(() => this.charges.asked(charge.checkout.id, now, next), 'relaxed');
  }

  /** Checkouts left `opening` by a stop mid-creation: the same request again, so the charge the gateway may have made is the one stored. */
  private async resumeOpening(): Promise<void> {
    const left = this.charges.opening();
    if (left.length === 0) return;
    const connected = this.deps.gateway.current();
    if (connected === null) return;
    for (const checkout of left) {
      if (this.abort.signal.aborted) return;
      const name = this.products.find(checkout.productId)?.name ?? `#${checkout.productId}`;
      try {
        await this.deps.creator.create(checkout, name, connected, this.abort.signal);
        await this.deps.health.answered();
      } catch (error) {
        await this.deps.health.failed(error, this.abort.signal);
        const reason = errorText(error);
        await this.deps.writer.run(() => this.checkouts.failed(checkout.id, reason, this.deps.now()));
        this.deps.logger.warn({ botId: checkout.botId, checkoutId: checkout.id, reason }, 'a PIX checkout interrupted by a stop could not get its charge');
      }
    }
  }
}
