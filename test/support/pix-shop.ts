import type { Database } from 'better-sqlite3';
import { BotRecords } from '../../src/main/core/bots/bot-records';
import { openStore, type Store } from '../../src/main/core/db/store';
import { WriteBatcher } from '../../src/main/core/db/write-batcher';
import { EventBus } from '../../src/main/core/events';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { silentLogger, type Logger } from '../../src/main/core/logger';
import { CheckoutRecords, type Checkout } from '../../src/main/core/payments/checkout-records';
import { ConnectedPixGateway } from '../../src/main/core/payments/connected-pix-gateway';
import { PixChargeCreator } from '../../src/main/core/payments/pix-charge-creator';
import { PixGatewayRecords } from '../../src/main/core/payments/pix-gateway-records';
import { PixGatewayHealth } from '../../src/main/core/payments/pix-gateway-health';
import { defaultPixPollOptions, PixPoller, type PixPollOptions } from '../../src/main/core/payments/pix-poller';
import { ProductRecords } from '../../src/main/core/payments/product-records';
import { keyFileSecretStore } from '../../src/main/core/secrets/key-file-secret-store';
import { defaultWelcome } from '../../src/shared/welcome';
import type { FakePix } from './fake-pix';
import { APP_VERSION } from './fixtures';

/** A store with one bot selling one PIX product, connected to a fake gateway, and a poller on the fake's clock (no timer: the caller ticks). */
export interface PixShop {
  readonly store: Store;
  readonly db: Database;
  readonly botId: number;
  readonly productId: number;
  readonly poller: PixPoller;
  readonly creator: PixChargeCreator;
  readonly gateway: ConnectedPixGateway;
  /** Bots whose sender the poller woke, in order. */
  readonly woken: number[];
  /** A lead who pressed the product's PIX button: its checkout, `opening`. */
  press(userId: number): Checkout;
  /** A lead's press whose charge the gateway created: the checkout, open. */
  openCharge(userId: number): Promise<Checkout>;
  close(): Promise<void>;
}

/** `dataDir` is made by the caller (tests: tempDir(); the bench: its work folder), so this file runs outside vitest too. */
export async function startPixShop(pix: FakePix, dataDir: string, options: Partial<PixPollOptions> = {}, logger: Logger = silentLogger): Promise<PixShop> {
  const store = await openStore({ dataDir, appVersion: APP_VERSION });
  const db = store.db;
  const now = (): number => pix.now();
  const secrets = keyFileSecretStore(dataDir);
  const botId = new BotRecords(db).insert(
    { telegramId: 444_001, username: 'pix_bot', name: 'Pix', tokenSealed: 'sealed', tokenHint: 'hint', welcome: defaultWelcome('Pix', 'en') },
    now(),
  );
  const productId = new ProductRecords(db).create(
    { botId, name: 'E-book', description: 'A book', priceCents: 1990, priceStars: null, delivery: { text: 'Your book: https://example.com/book', media: null, buttons: [] } },
    now(),
  );
  new PixGatewayRecords(db, secrets).save({ kind: 'mercado_pago', accessToken: pix.accessToken, baseUrl: pix.baseUrl, expiryMinutes: 30 }, now());
  const writer = new WriteBatcher(db);
  const poll = { ...defaultPixPollOptions, requestTimeoutMs: 500, ...options };
  const gateway = new ConnectedPixGateway(db, secrets, poll.requestTimeoutMs);
  const creator = new PixChargeCreator(db, writer, now, poll.checkEveryMs);
  const woken: number[] = [];
  const events = new EventBus();
  const health = new PixGatewayHealth(db, secrets, writer, events, now);
  const poller = new PixPoller({ db, writer, gateway, creator, health, events, logger, now, options: poll, wake: (id) => woken.push(id) });
  const leads = new LeadRecords(db);
  const checkouts = new CheckoutRecords(db);
  const press = (userId: number): Checkout => {
    const leadId = leads.insert(
      { botId, userId, chatId: userId, username: null, firstName: `Lead ${userId}`, lastName: null, languageCode: null, source: null, invalid: null },
      now(),
    );
    return checkouts.open({ botId, leadId, productId, rail: 'pix', amount: 1990, pressed: null, source: null }, now());
  };
  return {
    store,
    db,
    botId,
    productId,
    poller,
    creator,
    gateway,
    woken,
    press,
    async openCharge(userId) {
      const checkout = press(userId);
      const connected = gateway.current();
      if (connected === null) throw new Error('no gateway');
      return (await creator.create(checkout, 'E-book', connected, new AbortController().signal)).checkout;
    },
    async close() {
      await poller.stop();
      store.close();
    },
  };
}

/** The gateway's payment id stored with a checkout. */
export function paymentIdOf(db: Database, checkoutId: number): number {
  const row = db.prepare<[number], { id: string | null }>('SELECT gateway_payment_id AS id FROM checkouts WHERE id = ?').get(checkoutId);
  if (row?.id == null) throw new Error(`checkout ${checkoutId} has no charge`);
  return Number(row.id);
}

export function checkoutStatus(db: Database, checkoutId: number): string | undefined {
  return db.prepare<[number], { status: string }>('SELECT status FROM checkouts WHERE id = ?').get(checkoutId)?.status;
}
