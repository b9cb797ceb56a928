import type Database from 'better-sqlite3';
import { expect, vi } from 'vitest';
import type { CallName, CallResult } from '../../src/shared/calls';
import type { CallOutput } from '../../src/shared/contract';
import { productInputSchema } from '../../src/shared/products';
import { productCallbackData, type Welcome } from '../../src/shared/welcome';
import { createHandlers } from '../../src/main/core/api';
import type { Core } from '../../src/main/core/core';
import { dispatch } from '../../src/main/core/dispatch';
import type { FleetOptions } from '../../src/main/core/fleet/fleet-options';
import { silentLogger, type Logger } from '../../src/main/core/logger';
import { ProductRecords } from '../../src/main/core/payments/product-records';
import { fastFleet, fleetOf, startEngine } from './engine';
import type { FakeTelegram, FakeUser, SentInvoice } from './fake-telegram';
import { startRunningBot, storeDbOf } from './running-bot';

export const DELIVERY_TEXT = 'Your course: https://course.example/access';
export const PRICE_STARS = 50;

/** A running engine whose bot sells one product for Stars from a button in its welcome. */
export interface StarsShop {
  readonly core: Core;
  readonly botId: number;
  readonly productId: number;
  readonly db: () => Database.Database;
  /** A contract call as the console makes it; a refusal throws with its code first. */
  invoke<N extends CallName>(name: N, input: unknown): Promise<CallOutput<N>>;
  /** The user sends /start (with a source), gets the welcome, presses the product's button, and receives the invoice. */
  invoiceFor(user: FakeUser, source?: string): Promise<SentInvoice>;
}

export async function openStarsShop(
  fake: FakeTelegram,
  token: string,
  dataDir: string,
  fleet: Partial<Omit<FleetOptions, 'apiRoot'>> = fastFleet,
  logger: Logger = silentLogger,
): Promise<StarsShop> {
  return stockStarsShop(await startEngine(dataDir, fake.apiRoot, fleet, logger), fake, token);
}

/** The same shop on an engine already started (the console's end-to-end engine, say). */
export async function stockStarsShop(core: Core, fake: FakeTelegram, token: string): Promise<StarsShop> {
  const botId = await startRunningBot(core, token);
  const db = (): Database.Database => storeDbOf(core);
  const product = productInputSchema.parse({
    botId,
    name: 'Course',
    description: 'The full course',
    priceCents: null,
    priceStars: PRICE_STARS,
    delivery: { text: DELIVERY_TEXT },
  });
  const productId = new ProductRecords(db()).create(product, Date.now());
  const engine = fleetOf(core);
  const welcome: Welcome = { ...engine.list()[0]!.welcome, repeatPolicy: 'always', debounceSeconds: 0 };
  engine.setWelcome(botId, { ...welcome, buttons: [[{ kind: 'product', text: 'Buy for 50 Stars', productId, rail: 'stars' }]] });
  const handlers = createHandlers(core, 'linux');
  return {
    core,
    botId,
    productId,
    db,
    async invoke<N extends CallName>(name: N, input: unknown): Promise<CallOutput<N>> {
      const result: CallResult<CallOutput<N>> = await dispatch(handlers, name, input);
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.value;
    },
    async invoiceFor(user, source) {
      const before = fake.sent(token, user.id).length;
      const invoices = fake.invoices(token, user.id).length;
      fake.sendStart(token, user, source);
      await vi.waitFor(() => expect(fake.sent(token, user.id).length).toBeGreaterThan(before), { timeout: 5000 });
      fake.pressButton(token, user, productCallbackData(productId, 'stars'), fake.sent(token, user.id)[before]!.messageId);
      await vi.waitFor(() => expect(fake.invoices(token, user.id)).toHaveLength(invoices + 1), { timeout: 5000 });
      return fake.invoices(token, user.id)[invoices]!;
    },
  };
}

export interface PaymentRow {
  lead_id: number;
  product_id: number | null;
  checkout_id: number | null;
  amount: number;
  charge_id: string;
  source: string | null;
  campaign_id: number | null;
  recorded_by: string;
  refunded_at: number | null;
}

export function paymentRows(db: Database.Database): PaymentRow[] {
  return db.prepare<[], PaymentRow>('SELECT lead_id, product_id, checkout_id, amount, charge_id, source, campaign_id, recorded_by, refunded_at FROM payments ORDER BY id').all();
}

/** The messages a user received that carry the product's delivery. */
export function deliveriesTo(fake: FakeTelegram, token: string, user: FakeUser): number {
  return fake.sent(token, user.id).filter((sent) => sent.text === DELIVERY_TEXT).length;
}
