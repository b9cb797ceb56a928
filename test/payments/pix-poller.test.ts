import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakePix, type FakePix } from '../support/fake-pix';
import { checkoutStatus, paymentIdOf, startPixShop, type PixShop } from '../support/pix-shop';
import { tempDir } from '../support/temp-dir';
import { memoryLogger } from '../support/engine';

const MINUTE = 60_000;
let pix: FakePix;
let shop: PixShop;

beforeEach(async () => {
  pix = await startFakePix({ startAt: Date.UTC(2026, 0, 10, 12) });
  shop = await startPixShop(pix, tempDir());
});

afterEach(async () => {
  await shop.close();
  await pix.close();
});

/** Moves the shared clock in one-second steps, letting the poller run a round at each. */
async function run(ms: number, stepMs = 1000): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
    pix.advance(stepMs);
    await shop.poller.tick();
  }
}

function gapsOf(times: number[]): number[] {
  return times.slice(1).map((time, index) => time - (times[index] ?? 0));
}

const events = (kind: string): unknown[] => shop.db.prepare('SELECT lead_id, detail FROM lead_events WHERE kind = ? ORDER BY id').all(kind);

describe('the PIX poller', () => {
  it('ends a charge the bank rejected as failed with that reason, and never asks about it again', async () => {
    const checkout = await shop.openCharge(1);
    const id = paymentIdOf(shop.db, checkout.id);
    pix.reject(id);
    expect(await shop.poller.pressed(checkout.id, checkout.leadId)).toBe('refused');
    expect(shop.db.prepare('SELECT status, error FROM checkouts').get()).toEqual({ status: 'failed', error: 'the PIX gateway rejected the payment' });
    await run(3 * MINUTE);
    expect(pix.statusCalls(id)).toHaveLength(1);
    expect(shop.db.prepare('SELECT count(*) AS n FROM payments').get()).toEqual({ n: 0 });
  });

  it('asks about each open charge at most once a minute', async () => {
    const checkouts = [];
    for (let user = 1; user <= 30; user += 1) {
      checkouts.push(await shop.openCharge(user));
      pix.advance(700);
    }
    await run(10 * MINUTE);
    for (const checkout of checkouts) {
      const calls = pix.statusCalls(paymentIdOf(shop.db, checkout.id));
      expect(calls.length).toBeGreaterThanOrEqual(9);
      expect(Math.min(...gapsOf(calls))).toBeGreaterThanOrEqual(MINUTE);
    }
  });

  it('records a paid charge once, in centavos, by poll, and wakes the bot; the charge is not asked about again', async () => {
    const checkout = await shop.openCharge(1);
    const id = paymentIdOf(shop.db, checkout.id);
    pix.pay(id);
    await run(2 * MINUTE);
    const payments = shop.db.prepare('SELECT rail, amount, charge_id, recorded_by, checkout_id FROM payments').all();
    expect(payments).toEqual([{ rail: 'pix', amount: 1990, charge_id: String(id), recorded_by: 'poll', checkout_id: checkout.id }]);
    expect(shop.db.prepare('SELECT status, revenue_cents FROM leads').get()).toEqual({ status: 'converted', revenue_cents: 1990 });
    expect(shop.db.prepare("SELECT count(*) AS n FROM deliveries WHERE kind = 'purchase' AND status = 'pending'").get()).toEqual({ n: 1 });
    expect(checkoutStatus(shop.db, checkout.id)).toBe('paid');
    expect(shop.woken).toEqual([shop.botId]);
    const calls = pix.statusCalls(id).length;
    await run(3 * MINUTE);
    expect(pix.statusCalls(id)).toHaveLength(calls);
  });

  it('expires an unpaid charge at its expiry with an event, leaves the lead as it was, and stops asking', async () => {
    const checkout = await shop.openCharge(1);
    const id = paymentIdOf(shop.db, checkout.id);
    const statusBefore = shop.db.prepare('SELECT status FROM leads').get();
    await run(31 * MINUTE);
    expect(checkoutStatus(shop.db, checkout.id)).toBe('expired');
    expect(events('checkout_expired')).toEqual([{ lead_id: checkout.leadId, detail: JSON.stringify({ checkoutId: checkout.id }) }]);
    expect(shop.db.prepare('SELECT status FROM leads').get()).toEqual(statusBefore);
    const calls = pix.statusCalls(id);
    expect(calls.every((at) => at <= pix.expiryOf(id) + MINUTE)).toBe(true);
    await run(5 * MINUTE);
    expect(pix.statusCalls(id)).toEqual(calls);
  });

  it('backs off every question for the Retry-After of a 429', async () => {
    const first = await shop.openCharge(1);
    const second = await shop.openCharge(2);
    pix.fault({ kind: '429', times: 1, paths: ['status'], retryAfter: 180 });
    await run(MINUTE);
    const busyAt = pix.now();
    await run(5 * MINUTE);
    const after = [...pix.statusCalls(paymentIdOf(shop.db, first.id)), ...pix.statusCalls(paymentIdOf(shop.db, second.id))].filter((at) => at > busyAt - MINUTE);
    const answered = after.filter((at) => at > busyAt);
    expect(answered.length).toBeGreaterThan(0);
    expect(Math.min(...answered) - busyAt).toBeGreaterThanOrEqual(180_000 - MINUTE);
  });

  it('a 500 or a timeout on a status question changes nothing and is asked again a minute later', async () => {
    const checkout = await shop.openCharge(1);
    const id = paymentIdOf(shop.db, checkout.id);
    pix.fault({ kind: '500', times: 1, paths: ['status'] });
    pix.fault({ kind: 'timeout', times: 1, paths: ['status'] });
    pix.pay(id);
    await run(4 * MINUTE);
    expect(pix.statusCalls(id)).toHaveLength(3);
    expect(Math.min(...gapsOf(pix.statusCalls(id)))).toBeGreaterThanOrEqual(MINUTE);
    expect(shop.db.prepare('SELECT count(*) AS n FROM payments').get()).toEqual({ n: 1 });
    expect(pix.paymentCount()).toBe(1);
  });

  it('"I have paid" asks at once, then not again within the press limit', async () => {
    const checkout = await shop.openCharge(1);
    const id = paymentIdOf(shop.db, checkout.id);
    expect(await shop.poller.pressed(checkout.id, checkout.leadId)).toBe('pending');
    expect(pix.statusCalls(id)).toHaveLength(1);
    pix.pay(id);
    pix.advance(5000);
    expect(await shop.poller.pressed(checkout.id, checkout.leadId)).toBe('pending');
    expect(pix.statusCalls(id)).toHaveLength(1);
    pix.advance(20_000);
    expect(await shop.poller.pressed(checkout.id, checkout.leadId)).toBe('paid');
    expect(pix.statusCalls(id)).toHaveLength(2);
    // Another lead cannot ask about this charge.
    expect(await shop.poller.pressed(checkout.id, checkout.leadId + 1)).toBe('unknown');
  });

  it('at start asks about charges never asked at once, and about one asked recently only a minute after', async () => {
    const fresh = await shop.openCharge(1);
    const recent = await shop.openCharge(2);
    pix.advance(30_000);
    await shop.poller.pressed(recent.id, recent.leadId);
    pix.advance(10_000);
    const restartAt = pix.now();
    await shop.poller.resume();
    expect(pix.statusCalls(paymentIdOf(shop.db, fresh.id))).toEqual([restartAt]);
    expect(pix.statusCalls(paymentIdOf(shop.db, recent.id))).toHaveLength(1);
    await run(MINUTE);
    expect(pix.statusCalls(paymentIdOf(shop.db, recent.id))[1]).toBeGreaterThanOrEqual(restartAt - 10_000 + MINUTE);
  });

  it('a checkout left opening by a crash gets the charge the gateway made, with the same key: nothing is charged twice', async () => {
    const checkout = shop.press(1);
    const connected = shop.gateway.current();
    if (connected === null) throw new Error('no gateway');
    // The gateway made the charge, then the engine died before storing it.
    const made = await connected.gateway.createCharge(shop.creator.request(checkout, 'E-book', 30));
    await shop.poller.resume();
    expect(pix.createCalls(checkout.idempotencyKey)).toBe(2);
    expect(pix.paymentCount()).toBe(1);
    expect(checkoutStatus(shop.db, checkout.id)).toBe('open');
    expect(String(paymentIdOf(shop.db, checkout.id))).toBe(made.gatewayPaymentId);
  });

  it('says once, not every round, that the stored token cannot be opened; and again after a round that worked', async () => {
    await shop.close();
    const logger = memoryLogger();
    shop = await startPixShop(pix, tempDir(), {}, logger);
    await shop.openCharge(1);
    const failures = (): number => logger.lines.filter((line) => line.startsWith('asking the PIX gateway about open charges failed')).length;
    const seal = (value: string): void => {
      shop.db.prepare('UPDATE pix_gateway SET credentials_sealed = ?, updated_at = updated_at + 1').run(value);
    };
    const good = shop.db.prepare<[], { sealed: string }>('SELECT credentials_sealed AS sealed FROM pix_gateway').get()!.sealed;
    seal('kf1:damaged');
    await run(5 * MINUTE);
    expect(failures()).toBe(1);
    seal(good);
    await run(MINUTE);
    seal('kf1:damaged');
    await run(MINUTE);
    expect(failures()).toBe(2);
  });
});
