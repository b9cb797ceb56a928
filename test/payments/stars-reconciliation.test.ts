import { Api } from 'grammy';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fleetOf } from '../support/engine';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { DELIVERY_TEXT, deliveriesTo, openStarsShop, paymentRows, type StarsShop } from '../support/stars-shop';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(141_301);
let fake: FakeTelegram;
let shop: StarsShop;
const ana: FakeUser = { id: 14_301, firstName: 'Ana', languageCode: 'en' };
const bia: FakeUser = { id: 14_302, firstName: 'Bia', languageCode: 'en' };

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 141_301, username: 'reconcile_shop_bot', firstName: 'Reconcile Shop' });
  shop = await openStarsShop(fake, TOKEN, tempDir());
  return async () => {
    await shop.core.close();
    await fake.close();
  };
});

const leadStatus = (user: FakeUser): string | undefined => shop.db().prepare<[number], { status: string }>('SELECT status FROM leads WHERE user_id = ?').get(user.id)?.status;

describe('the reconciliation against Telegram', () => {
  it('after restoring a backup that lacks a payment: records it at the bot start, attributed through its checkout, and delivers it once', async () => {
    const invoice = await shop.invoiceFor(ana, 'ads_fb');
    const backup = await shop.invoke('backupNow', undefined);
    // The delivery does not get through before the restore, so the only copy the buyer gets is the reconciliation's.
    fake.fault(TOKEN, { kind: 'drop', methods: ['sendMessage'], contains: 'course.example' });
    const paid = await fake.pay(TOKEN, ana, invoice);
    if (paid.outcome !== 'paid') throw new Error(`not paid: ${paid.outcome}`);
    await vi.waitFor(() => expect(paymentRows(shop.db())).toHaveLength(1), { timeout: 5000 });

    await shop.invoke('restoreBackup', { name: backup.name });
    fake.clearFaults(TOKEN);
    await vi.waitFor(() => expect(paymentRows(shop.db())).toHaveLength(1), { timeout: 5000 });
    expect(paymentRows(shop.db())[0]).toMatchObject({ charge_id: paid.chargeId, amount: 50, source: 'ads_fb', recorded_by: 'reconciliation', product_id: shop.productId });
    expect(leadStatus(ana)).toBe('converted');
    await vi.waitFor(() => expect(deliveriesTo(fake, TOKEN, ana)).toBe(1), { timeout: 5000 });

    // Asked again, it finds the payment and changes nothing.
    expect(await shop.invoke('reconcileStars', { botId: shop.botId })).toEqual({ found: 1, recorded: 0, refunded: 0 });
    expect(deliveriesTo(fake, TOKEN, ana)).toBe(1);
  });

  it('on demand, pages through more than one page of transactions and records every payment the store lacks', async () => {
    const invoices = [await shop.invoiceFor(ana), await shop.invoiceFor(bia)];
    // Backed up stopped, the restored bot stays stopped: only the operator's check can record the payments.
    await shop.invoke('stopBot', { botId: shop.botId });
    const backup = await shop.invoke('backupNow', undefined);
    await shop.invoke('startBot', { botId: shop.botId });
    fake.fault(TOKEN, { kind: 'drop', methods: ['sendMessage'], contains: 'course.example' });
    // 101 payments make a second page (100 each).
    for (let i = 0; i < 101; i += 1) {
      const paid = await fake.pay(TOKEN, i % 2 === 0 ? ana : bia, invoices[i % 2]!);
      expect(paid.outcome).toBe('paid');
    }
    await vi.waitFor(() => expect(paymentRows(shop.db())).toHaveLength(101), { timeout: 20_000 });
    await shop.invoke('restoreBackup', { name: backup.name });
    expect(paymentRows(shop.db())).toHaveLength(0);
    expect(fleetOf(shop.core).status(shop.botId).state).toBe('stopped');

    // One was refunded meanwhile (outside Botdeck): it stands nowhere, so it is not recorded and nothing is delivered for it.
    const refundedCharge = fake.starTransactions(TOKEN)[0]!.id;
    await new Api(TOKEN, { apiRoot: fake.apiRoot }).refundStarPayment(ana.id, refundedCharge);

    expect(await shop.invoke('reconcileStars', { botId: shop.botId })).toEqual({ found: 101, recorded: 100, refunded: 0 });
    expect(paymentRows(shop.db()).map((row) => row.charge_id)).not.toContain(refundedCharge);
    expect(new Set(paymentRows(shop.db()).map((row) => row.recorded_by))).toEqual(new Set(['reconciliation']));
    expect(leadStatus(bia)).toBe('converted');
    expect(shop.db().prepare("SELECT count(*) FROM deliveries WHERE kind = 'purchase' AND status = 'pending'").pluck().get()).toBe(100);
    expect(fake.sent(TOKEN).filter((sent) => sent.text === DELIVERY_TEXT)).toHaveLength(0);
  }, 60_000);
});
