import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCapture, type CaptureBot, type CaptureOutcome } from '../../src/main/core/bots/capture';
import { migrations } from '../../src/main/core/db/migrations';
import { ProductRecords } from '../../src/main/core/payments/product-records';
import { PaymentRecords, type ConfirmedPayment } from '../../src/main/core/payments/payment-records';
import type { ProductInput } from '../../src/shared/products';
import { productCallbackData } from '../../src/shared/welcome';
import { clickUpdate, startUpdate } from '../support/updates';

const ANA = { id: 501, firstName: 'Ana' };
const bot: CaptureBot = { botId: 1, telegramBotId: 77, username: 'shop_bot', repeatPolicy: 'once', debounceSeconds: 0 };

let db: Database.Database;
let capture: ReturnType<typeof createCapture>;
let update = 0;

const course: ProductInput = {
  botId: 1,
  name: 'Course',
  description: 'The whole course',
  priceCents: 4990,
  priceStars: 250,
  delivery: { text: 'Your access: https://example.com/c', media: null, buttons: [] },
};

const captured = (u: ReturnType<typeof startUpdate>): CaptureOutcome => db.transaction(() => capture(bot, [u], 1000 + update))()[0]!;

const press = (productId: number, rail: 'stars' | 'pix'): CaptureOutcome => captured(clickUpdate(++update, ANA, productCallbackData(productId, rail)));

const lead = (): { status: string; revenue_cents: number | null; converted_at: number | null } =>
  db.prepare('SELECT status, revenue_cents, converted_at FROM leads WHERE user_id = ?').get(ANA.id) as {
    status: string;
    revenue_cents: number | null;
    converted_at: number | null;
  };

const events = (): string[] => db.prepare('SELECT kind FROM lead_events ORDER BY id').pluck().all() as string[];

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations) migration.up(db);
  const insertBot = db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'B', 's', 'h', '{}', 0, 0)",
  );
  insertBot.run(1, 77, 'shop_bot');
  insertBot.run(2, 78, 'other_bot');
  capture = createCapture(db);
  update = 0;
  captured(startUpdate(++update, ANA, 'ads_march'));
  return () => db.close();
});

describe('a press on a product button', () => {
  it('opens a checkout at the price of the press, attributed to the lead’s source, with a click and a checkout event', () => {
    const productId = new ProductRecords(db).create(course, 10);
    const outcome = press(productId, 'stars');
    expect(outcome.kind).toBe('checkout');
    if (outcome.kind !== 'checkout') return;
    expect(outcome.checkout).toMatchObject({ productId, rail: 'stars', amount: 250, status: 'open', source: 'ads_march', leadId: outcome.leadId });
    expect(outcome.callbackQueryId).toBe(`cb${update}`);
    const pix = press(productId, 'pix');
    expect(pix.kind === 'checkout' && pix.checkout).toMatchObject({ rail: 'pix', amount: 4990, status: 'opening' });
    expect(pix.kind === 'checkout' && outcome.checkout.idempotencyKey !== pix.checkout.idempotencyKey).toBe(true);
    expect(lead().status).toBe('clicked');
    expect(events()).toEqual(['started', 'clicked', 'checkout_started', 'clicked', 'checkout_started']);
  });

  it('opens nothing for a removed product, another bot’s product, or a rail the product does not offer', () => {
    const products = new ProductRecords(db);
    const removed = products.create(course, 10);
    products.remove(removed, 20);
    const otherBots = products.create({ ...course, botId: 2 }, 10);
    const starsOnly = products.create({ ...course, priceCents: null }, 10);
    for (const [id, rail] of [
      [removed, 'stars'],
      [otherBots, 'stars'],
      [starsOnly, 'pix'],
      [9999, 'pix'],
    ] as const) {
      expect(press(id, rail).kind).toBe('checkout_refused');
    }
    expect(db.prepare('SELECT count(*) FROM checkouts').pluck().get()).toBe(0);
  });
});

describe('the payment records', () => {
  let productId: number;
  let payment: ConfirmedPayment;

  beforeEach(() => {
    productId = new ProductRecords(db).create(course, 10);
    const opened = press(productId, 'pix');
    if (opened.kind !== 'checkout') throw new Error('no checkout');
    payment = {
      botId: 1,
      leadId: opened.leadId,
      rail: 'pix',
      amount: 4990,
      chargeId: 'mp-1',
      checkoutId: opened.checkout.id,
      productId: null,
      by: 'poll',
      paidAt: 5000,
    };
  });

  it('record a payment once: the lead converted with its centavos, the checkout paid, the purchase queued first', () => {
    const records = new PaymentRecords(db);
    const first = db.transaction(() => records.record(payment, 6000))();
    expect(first.created).toBe(true);
    expect(db.transaction(() => records.record(payment, 7000))()).toEqual({ paymentId: 0, created: false });
    expect(lead()).toEqual({ status: 'converted', revenue_cents: 4990, converted_at: 6000 });
    expect(db.prepare('SELECT status FROM checkouts').pluck().get()).toBe('paid');
    expect(db.prepare('SELECT product_id, source, recorded_by FROM payments').all()).toEqual([{ product_id: productId, source: 'ads_march', recorded_by: 'poll' }]);
    const deliveries = db.prepare("SELECT kind, lane, status, payment_id, content FROM deliveries WHERE kind = 'purchase'").all();
    expect(deliveries).toEqual([{ kind: 'purchase', lane: 0, status: 'pending', payment_id: first.paymentId, content: JSON.stringify(course.delivery) }]);
    expect(events().filter((kind) => kind === 'paid')).toHaveLength(1);
  });

  it('add a second sale’s centavos, and count Stars without adding them to the reais', () => {
    const records = new PaymentRecords(db);
    records.record(payment, 6000);
    records.record({ ...payment, chargeId: 'mp-2', checkoutId: null, productId }, 6500);
    records.record({ ...payment, rail: 'stars', amount: 250, chargeId: 'stx-1', checkoutId: null, productId }, 7000);
    // A payment for no known product (reconciled from elsewhere) converts, but has nothing to deliver.
    records.record({ ...payment, chargeId: 'mp-3', checkoutId: null, amount: 100 }, 7500);
    expect(lead()).toEqual({ status: 'converted', revenue_cents: 10080, converted_at: 6000 });
    expect(db.prepare("SELECT count(*) FROM deliveries WHERE kind = 'purchase'").pluck().get()).toBe(3);
  });

  it('reverse the conversion on the refund of the last standing payment, and refuse a second refund', () => {
    const records = new PaymentRecords(db);
    const one = records.record(payment, 6000);
    const two = records.record({ ...payment, chargeId: 'mp-2', checkoutId: null }, 6500);
    records.refunded(one.paymentId, 8000);
    expect(lead()).toEqual({ status: 'converted', revenue_cents: 4990, converted_at: 6000 });
    records.refunded(two.paymentId, 9000);
    expect(lead()).toEqual({ status: 'clicked', revenue_cents: null, converted_at: null });
    expect(() => records.refunded(two.paymentId, 9500)).toThrow(expect.objectContaining({ code: 'REFUND_REFUSED' }));
    expect(() => records.refunded(777, 9500)).toThrow(expect.objectContaining({ code: 'PAYMENT_NOT_FOUND' }));
    const refunds = db.prepare("SELECT detail FROM lead_events WHERE kind = 'refunded' ORDER BY id").pluck().all() as string[];
    expect(refunds.map((detail) => JSON.parse(detail) as { previousStatus: string })).toMatchObject([{ previousStatus: 'converted' }, { previousStatus: 'converted' }]);
  });

  it('count each product’s standing sales per rail, a refunded one no more', () => {
    const records = new PaymentRecords(db);
    const pix = records.record(payment, 6000);
    records.record({ ...payment, rail: 'stars', amount: 250, chargeId: 'stx-1', checkoutId: null, productId }, 7000);
    const other = new ProductRecords(db).create({ ...course, name: 'Other' }, 10);
    const sales = (): unknown => new ProductRecords(db).list(1).map((product) => ({ id: product.id, sales: product.sales }));
    expect(sales()).toEqual([
      { id: productId, sales: { stars: 1, pix: 1 } },
      { id: other, sales: { stars: 0, pix: 0 } },
    ]);
    records.refunded(pix.paymentId, 8000);
    expect(new ProductRecords(db).get(productId).sales).toEqual({ stars: 1, pix: 0 });
  });

  it('keep the day counts in step with the leads through sales and refunds', () => {
    const records = new PaymentRecords(db);
    const one = records.record(payment, 6000);
    const counts = (): unknown => db.prepare('SELECT status, leads, revenue_cents FROM lead_counts WHERE leads > 0').all();
    expect(counts()).toEqual([{ status: 'converted', leads: 1, revenue_cents: 4990 }]);
    records.refunded(one.paymentId, 8000);
    expect(counts()).toEqual([{ status: 'clicked', leads: 1, revenue_cents: 0 }]);
  });
});
