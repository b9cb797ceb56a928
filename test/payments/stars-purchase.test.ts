import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { audienceFilterSchema, campaignMessageSchema } from '../../src/shared/campaigns';
import { productInputSchema } from '../../src/shared/products';
import { productCallbackData } from '../../src/shared/welcome';
import { ProductRecords } from '../../src/main/core/payments/product-records';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { DELIVERY_TEXT, PRICE_STARS, deliveriesTo, openStarsShop, paymentRows, type StarsShop } from '../support/stars-shop';
import { fastFleet, memoryLogger } from '../support/engine';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(141_001);
let fake: FakeTelegram;
let shop: StarsShop;
let log: ReturnType<typeof memoryLogger>;
const ana: FakeUser = { id: 14_101, firstName: 'Ana', languageCode: 'en' };
const bia: FakeUser = { id: 14_102, firstName: 'Bia', languageCode: 'pt-br' };

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 141_001, username: 'stars_shop_bot', firstName: 'Stars Shop' });
  log = memoryLogger();
  shop = await openStarsShop(fake, TOKEN, tempDir(), fastFleet, log);
  return async () => {
    await shop.core.close();
    await fake.close();
  };
});

afterEach(() => {
  vi.restoreAllMocks();
});

const leadOf = (user: FakeUser): { id: number; status: string; source: string | null } =>
  shop.db().prepare<[number], { id: number; status: string; source: string | null }>('SELECT id, status, source FROM leads WHERE user_id = ?').get(user.id)!;
const events = (leadId: number, kind: string): number =>
  shop.db().prepare<[number, string], { n: number }>('SELECT count(*) AS n FROM lead_events WHERE lead_id = ? AND kind = ?').get(leadId, kind)!.n;
const purchaseRows = (): number => shop.db().prepare<[], { n: number }>("SELECT count(*) AS n FROM deliveries WHERE kind = 'purchase'").get()!.n;

/** Waits until the bot confirmed every update up to a fresh one: whatever came before it is captured. */
async function settled(user: FakeUser): Promise<void> {
  const marker = fake.sendText(TOKEN, user, 'ok');
  await vi.waitFor(() => expect(fake.confirmedOffset(TOKEN)).toBeGreaterThan(marker), { timeout: 5000 });
}

describe('a Stars purchase on a running bot', () => {
  it('from the welcome: invoice, pre-checkout answered ok, the lead converted with the amount and charge id, attributed to its source, and the delivery received', async () => {
    const invoice = await shop.invoiceFor(ana, 'ads_fb');
    expect(invoice).toMatchObject({ currency: 'XTR', amount: PRICE_STARS, title: 'Course' });

    const paid = await fake.pay(TOKEN, ana, invoice);
    expect(paid.outcome).toBe('paid');
    if (paid.outcome !== 'paid') return;
    expect(fake.preCheckoutAnswers(TOKEN).map((answer) => answer.ok)).toEqual([true]);

    await vi.waitFor(() => expect(deliveriesTo(fake, TOKEN, ana)).toBe(1), { timeout: 5000 });
    const lead = leadOf(ana);
    expect(lead.status).toBe('converted');
    expect(paymentRows(shop.db())).toEqual([
      expect.objectContaining({
        lead_id: lead.id,
        product_id: shop.productId,
        amount: PRICE_STARS,
        charge_id: paid.chargeId,
        source: 'ads_fb',
        campaign_id: null,
        recorded_by: 'update',
      }),
    ]);
    expect(shop.db().prepare('SELECT status FROM checkouts').pluck().all()).toEqual(['paid']);
    await vi.waitFor(() => expect(events(lead.id, 'purchase_sent')).toBe(1), { timeout: 5000 });
    expect(events(lead.id, 'paid')).toBe(1);

    const detail = await shop.invoke('getLead', { leadId: lead.id });
    expect(detail.payments).toHaveLength(1);
    expect(detail.payments[0]).toMatchObject({ rail: 'stars', amount: PRICE_STARS, productName: 'Course', chargeId: paid.chargeId, refundedAt: null });
  });

  it("from a campaign's button: the payment is attributed to that campaign", async () => {
    await shop.invoiceFor(ana, 'ads_ig');
    const campaigns = shop.core.campaigns()!;
    const message = campaignMessageSchema.parse({ text: 'Last day!', buttons: [[{ kind: 'product', text: 'Buy now', productId: shop.productId, rail: 'stars' }]] });
    const campaign = campaigns.startNow(campaigns.create('Last day', audienceFilterSchema.parse({ bots: [shop.botId] }), message).id);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id).filter((sent) => sent.text === 'Last day!')).toHaveLength(1), { timeout: 5000 });
    const broadcast = fake.sent(TOKEN, ana.id).find((sent) => sent.text === 'Last day!')!;

    fake.pressButton(TOKEN, ana, productCallbackData(shop.productId, 'stars'), broadcast.messageId);
    await vi.waitFor(() => expect(fake.invoices(TOKEN, ana.id)).toHaveLength(2), { timeout: 5000 });
    const paid = await fake.pay(TOKEN, ana, fake.invoices(TOKEN, ana.id)[1]!);
    expect(paid.outcome).toBe('paid');
    await vi.waitFor(() => expect(paymentRows(shop.db())).toHaveLength(1), { timeout: 5000 });
    expect(paymentRows(shop.db())[0]).toMatchObject({ campaign_id: campaign.id, source: 'ads_ig' });
    await vi.waitFor(() => expect(deliveriesTo(fake, TOKEN, ana)).toBe(1), { timeout: 5000 });
  });
});

describe('the pre-checkout', () => {
  it('is refused, in the buyer language, for a product removed after the invoice went out; nothing is charged or recorded', async () => {
    const invoice = await shop.invoiceFor(ana);
    new ProductRecords(shop.db()).remove(shop.productId, Date.now());
    const paid = await fake.pay(TOKEN, ana, invoice);
    expect(paid).toMatchObject({ outcome: 'refused', errorMessage: 'Sorry, this product is no longer on sale.' });
    expect(fake.starTransactions(TOKEN)).toHaveLength(0);
    expect(paymentRows(shop.db())).toHaveLength(0);
    expect(leadOf(ana).status).toBe('clicked');
  });

  it('is refused for a changed price and asks to press the button again; the new invoice then goes through', async () => {
    const invoice = await shop.invoiceFor(bia);
    const products = new ProductRecords(shop.db());
    const input = productInputSchema.parse({
      botId: shop.botId,
      name: 'Course',
      description: 'The full course',
      priceCents: null,
      priceStars: 80,
      delivery: { text: DELIVERY_TEXT },
    });
    products.update(shop.productId, input, Date.now());
    const refused = await fake.pay(TOKEN, bia, invoice);
    expect(refused).toMatchObject({ outcome: 'refused', errorMessage: 'O preço deste produto mudou. Toque de novo no botão do produto para ver o novo preço.' });

    const again = await shop.invoiceFor(bia);
    expect(again.amount).toBe(80);
    expect((await fake.pay(TOKEN, bia, again)).outcome).toBe('paid');
    await vi.waitFor(() => expect(paymentRows(shop.db())).toEqual([expect.objectContaining({ amount: 80 })]), { timeout: 5000 });
  });

  it('is refused for an invoice Botdeck did not write', async () => {
    await shop.invoiceFor(ana);
    const updateId = fake.enqueueRaw(TOKEN, {
      pre_checkout_query: {
        id: 'foreign-1',
        from: { id: ana.id, is_bot: false, first_name: 'Ana', language_code: 'en' },
        currency: 'XTR',
        total_amount: 5,
        invoice_payload: 'elsewhere:9',
      },
    });
    await vi.waitFor(() => expect(fake.confirmedOffset(TOKEN)).toBeGreaterThan(updateId), { timeout: 5000 });
    // The fake knows no such query, so the answer is refused there; the call itself shows the decision.
    const call = fake.calls(TOKEN, 'answerPreCheckoutQuery').at(-1);
    expect(call?.params).toMatchObject({ pre_checkout_query_id: 'foreign-1', ok: false, error_message: 'This invoice is no longer valid. Please press the product button again.' });
  });
});

describe('a payment confirmed twice', () => {
  it('counts once: the same update redelivered, and the same charge id in another update', async () => {
    const paid = await fake.pay(TOKEN, ana, await shop.invoiceFor(ana));
    if (paid.outcome !== 'paid') throw new Error(`not paid: ${paid.outcome}`);
    await vi.waitFor(() => expect(deliveriesTo(fake, TOKEN, ana)).toBe(1), { timeout: 5000 });

    // A redelivered pre-checkout is answered again (a crash may have come before the first answer); Telegram refuses the late one.
    fake.redeliver(TOKEN, paid.preCheckoutUpdateId);
    await settled(ana);
    expect(fake.calls(TOKEN, 'answerPreCheckoutQuery').map((call) => call.status)).toEqual(['ok', 400]);

    fake.redeliverPayment(TOKEN, paid.chargeId);
    const original = fake.pendingUpdates(TOKEN).find((update) => update.message?.successful_payment !== undefined);
    expect(original?.update_id).toBe(paid.paymentUpdateId);
    await settled(ana);
    const { message } = original!;
    fake.enqueueRaw(TOKEN, { message: { ...message!, message_id: message!.message_id + 100 } });
    await settled(ana);

    const lead = leadOf(ana);
    expect(paymentRows(shop.db())).toHaveLength(1);
    expect(events(lead.id, 'paid')).toBe(1);
    expect(purchaseRows()).toBe(1);
    expect(deliveriesTo(fake, TOKEN, ana)).toBe(1);
  });
});

describe('a payment Botdeck cannot put on a lead', () => {
  it('is not recorded, and the log names its charge: from a user who is no lead, or in a currency other than Stars', async () => {
    await shop.invoiceFor(ana);
    const stranger = { id: 14_199, is_bot: false, first_name: 'Zed' };
    const paidMessage = (from: typeof stranger, currency: string, chargeId: string): Parameters<FakeTelegram['enqueueRaw']>[1] => ({
      message: {
        message_id: 900,
        date: Math.floor(Date.now() / 1000),
        chat: { id: from.id, type: 'private', first_name: from.first_name },
        from,
        successful_payment: { currency, total_amount: 50, invoice_payload: 'checkout:1', telegram_payment_charge_id: chargeId, provider_payment_charge_id: `p_${chargeId}` },
      },
    });
    fake.enqueueRaw(TOKEN, paidMessage(stranger, 'XTR', 'stxStranger1'));
    fake.enqueueRaw(TOKEN, paidMessage({ id: ana.id, is_bot: false, first_name: 'Ana' }, 'USD', 'stxDollars1'));
    await settled(ana);
    expect(paymentRows(shop.db())).toHaveLength(0);
    expect(leadOf(ana).status).toBe('clicked');
    expect(log.lines.filter((line) => line.includes('stxStranger1') && line.includes('no lead of this bot'))).toHaveLength(1);
    expect(log.lines.filter((line) => line.includes('stxDollars1') && line.includes('other than Stars'))).toHaveLength(1);
  });
});
