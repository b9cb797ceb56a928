import { Api } from 'grammy';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fleetOf } from '../support/engine';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { deliveriesTo, openStarsShop, paymentRows, type StarsShop } from '../support/stars-shop';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(141_201);
let fake: FakeTelegram;
let shop: StarsShop;
const ana: FakeUser = { id: 14_201, firstName: 'Ana', languageCode: 'en' };

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 141_201, username: 'refund_shop_bot', firstName: 'Refund Shop' });
  shop = await openStarsShop(fake, TOKEN, tempDir());
  return async () => {
    await shop.core.close();
    await fake.close();
  };
});

interface LeadState {
  id: number;
  status: string;
  revenue_cents: number | null;
  converted_at: number | null;
}
const lead = (): LeadState => shop.db().prepare<[number], LeadState>('SELECT id, status, revenue_cents, converted_at FROM leads WHERE user_id = ?').get(ana.id)!;
const refundEvents = (): unknown[] => shop.db().prepare("SELECT detail FROM lead_events WHERE kind = 'refunded'").pluck().all();

/** Ana bought the product; its delivery reached her. Returns the payment's id and charge. */
async function bought(): Promise<{ paymentId: number; chargeId: string }> {
  const paid = await fake.pay(TOKEN, ana, await shop.invoiceFor(ana, 'ads_fb'));
  if (paid.outcome !== 'paid') throw new Error(`not paid: ${paid.outcome}`);
  await vi.waitFor(() => expect(deliveriesTo(fake, TOKEN, ana)).toBe(1), { timeout: 5000 });
  const payments = (await shop.invoke('getLead', { leadId: lead().id })).payments;
  return { paymentId: payments[0]!.id, chargeId: paid.chargeId };
}

describe("a refund from the lead's drawer", () => {
  it('gives the Stars back at Telegram, reverses the conversion with an event, and refuses a second refund', async () => {
    const { paymentId, chargeId } = await bought();
    expect(lead()).toMatchObject({ status: 'converted', revenue_cents: null });

    const refunded = await shop.invoke('refundPayment', { paymentId });
    expect(refunded).toMatchObject({ id: paymentId, chargeId, refundedAt: expect.any(Number) as unknown });
    expect(fake.starTransactions(TOKEN).filter((transaction) => transaction.id === chargeId && transaction.receiver !== undefined)).toHaveLength(1);
    expect(lead()).toMatchObject({ status: 'clicked', revenue_cents: null, converted_at: null });
    expect(refundEvents()).toEqual([JSON.stringify({ paymentId, rail: 'stars', amount: 50, previousStatus: 'converted' })]);
    expect((await shop.invoke('getLead', { leadId: lead().id })).payments[0]?.refundedAt).not.toBeNull();

    await expect(shop.invoke('refundPayment', { paymentId })).rejects.toThrow(/^REFUND_REFUSED: Payment \d+ was already refunded/);
    expect(refundEvents()).toHaveLength(1);
  });

  it('works while the bot is stopped', async () => {
    const { paymentId } = await bought();
    await fleetOf(shop.core).stopBot(shop.botId);
    await shop.invoke('refundPayment', { paymentId });
    expect(lead().status).toBe('clicked');
  });

  it("changes nothing when Telegram refuses (already refunded elsewhere) or cannot be reached; the reconciliation then marks Telegram's refund", async () => {
    const { paymentId, chargeId } = await bought();
    fake.fault(TOKEN, { kind: 'drop', methods: ['refundStarPayment'], times: 1 });
    await expect(shop.invoke('refundPayment', { paymentId })).rejects.toThrow(/^REFUND_REFUSED: Telegram could not be reached/);
    expect(lead().status).toBe('converted');

    // Refunded outside Botdeck (another tool holding the token): Telegram refuses a second time.
    await new Api(TOKEN, { apiRoot: fake.apiRoot }).refundStarPayment(ana.id, chargeId);
    await expect(shop.invoke('refundPayment', { paymentId })).rejects.toThrow(/^REFUND_REFUSED: Telegram did not refund payment \d+: .*CHARGE_ALREADY_REFUNDED/);
    expect(paymentRows(shop.db())[0]?.refunded_at).toBeNull();
    expect(lead().status).toBe('converted');
    expect(refundEvents()).toHaveLength(0);

    expect(await shop.invoke('reconcileStars', { botId: shop.botId })).toEqual({ found: 1, recorded: 0, refunded: 1 });
    expect(paymentRows(shop.db())[0]?.refunded_at).not.toBeNull();
    expect(lead().status).toBe('clicked');
    expect(await shop.invoke('reconcileStars', { botId: shop.botId })).toEqual({ found: 1, recorded: 0, refunded: 0 });
  });
});
