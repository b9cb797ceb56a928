import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { productInputSchema } from '../../src/shared/products';
import { defaultWelcome } from '../../src/shared/welcome';
import { BotRecords } from '../../src/main/core/bots/bot-records';
import { openStore, type Store } from '../../src/main/core/db/store';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { CheckoutRecords, invoicePayload } from '../../src/main/core/payments/checkout-records';
import { decidePreCheckout } from '../../src/main/core/payments/pre-checkout';
import { ProductRecords } from '../../src/main/core/payments/product-records';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

let store: Store;
let products: ProductRecords;
let checkouts: CheckoutRecords;

beforeEach(async () => {
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  products = new ProductRecords(store.db);
  checkouts = new CheckoutRecords(store.db);
});

afterEach(() => {
  store.close();
});

/** A bot selling one product, and a Stars checkout of it opened by one of its leads. */
function checkoutOf(telegramId: number, prices: { priceStars: number | null; priceCents: number | null }): { botId: number; payload: string } {
  const bots = new BotRecords(store.db);
  const botId = bots.insert({ telegramId, username: `bot${telegramId}`, name: 'Bot', tokenSealed: 'sealed', tokenHint: 'hint', welcome: defaultWelcome('Bot', 'en') }, 1);
  const leadId = new LeadRecords(store.db).insert(
    { botId, userId: 5, chatId: 5, username: null, firstName: 'Ana', lastName: null, languageCode: null, source: null, invalid: null },
    1,
  );
  const productId = products.create(productInputSchema.parse({ botId, name: 'Course', description: 'Course', ...prices, delivery: { text: 'Yours' } }), 1);
  const checkout = checkouts.open({ botId, leadId, productId, rail: 'stars', amount: prices.priceStars ?? 1, pressed: null, source: null }, 1);
  return { botId, payload: invoicePayload(checkout.id) };
}

describe('the pre-checkout decision', () => {
  it("takes the Stars only for this bot's checkout at the product's current Stars price", () => {
    const mine = checkoutOf(1001, { priceStars: 50, priceCents: null });
    const other = checkoutOf(1002, { priceStars: 50, priceCents: null });
    const query = { currency: 'XTR', total_amount: 50, invoice_payload: mine.payload };
    expect(decidePreCheckout(query, mine.botId, checkouts, products)).toMatchObject({ ok: true });
    // Another bot's checkout, and a payload Botdeck did not write, are no invoice of this bot.
    expect(decidePreCheckout({ ...query, invoice_payload: other.payload }, mine.botId, checkouts, products)).toEqual({ ok: false, reply: 'invoiceUnknown' });
    expect(decidePreCheckout({ ...query, invoice_payload: 'checkout:999' }, mine.botId, checkouts, products)).toEqual({ ok: false, reply: 'invoiceUnknown' });
    expect(decidePreCheckout({ ...query, total_amount: 49 }, mine.botId, checkouts, products)).toEqual({ ok: false, reply: 'priceChanged' });
    expect(decidePreCheckout({ ...query, currency: 'USD' }, mine.botId, checkouts, products)).toEqual({ ok: false, reply: 'priceChanged' });
  });

  it('refuses a product no longer sold for Stars', () => {
    const mine = checkoutOf(1003, { priceStars: 50, priceCents: 990 });
    const id = products.list(mine.botId)[0]!.id;
    products.update(id, productInputSchema.parse({ botId: mine.botId, name: 'Course', description: 'Course', priceStars: null, priceCents: 990, delivery: { text: 'Yours' } }), 2);
    expect(decidePreCheckout({ currency: 'XTR', total_amount: 50, invoice_payload: mine.payload }, mine.botId, checkouts, products)).toEqual({ ok: false, reply: 'productGone' });
  });
});
