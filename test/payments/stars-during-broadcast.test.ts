import { describe, expect, it, vi } from 'vitest';
import { audienceFilterSchema, campaignMessageSchema } from '../../src/shared/campaigns';
import { fleetOf } from '../support/engine';
import { fakeToken, startFakeTelegram, type FakeUser, type SentInvoice } from '../support/fake-telegram';
import { deliveriesTo, openStarsShop, paymentRows } from '../support/stars-shop';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(141_401);
// More than 10 seconds of messages at 30/s: an answer queued behind them would miss the deadline.
const LEADS = 400;
const buyers: FakeUser[] = [
  { id: 14_401, firstName: 'Ana', languageCode: 'en' },
  { id: 14_402, firstName: 'Bia', languageCode: 'en' },
];

describe('a Stars purchase while the bot broadcasts at 30 messages a second', () => {
  it("answers each pre-checkout before Telegram's deadline, ahead of the campaign's queue, and the purchases go through", async () => {
    const fake = await startFakeTelegram();
    fake.addBot({ token: TOKEN, id: 141_401, username: 'busy_shop_bot', firstName: 'Busy Shop' });
    const shop = await openStarsShop(fake, TOKEN, tempDir());
    try {
      const fleet = fleetOf(shop.core);
      fleet.setSendRate(shop.botId, 30);
      await fleet.restartBot(shop.botId);
      const invoices: SentInvoice[] = [];
      for (const buyer of buyers) invoices.push(await shop.invoiceFor(buyer));
      const leads = Array.from({ length: LEADS }, (_, i): FakeUser => ({ id: 60_000 + i, firstName: `Lead ${i}` }));
      for (const lead of leads) fake.sendStart(TOKEN, lead);
      await vi.waitFor(() => expect(leads.filter((lead) => fake.sent(TOKEN, lead.id).length > 0)).toHaveLength(LEADS), { timeout: 30_000 });

      const campaigns = shop.core.campaigns()!;
      const message = campaignMessageSchema.parse({ text: 'Flash sale', buttons: [] });
      const campaign = campaigns.startNow(campaigns.create('Flash', audienceFilterSchema.parse({ bots: [shop.botId] }), message).id);
      await vi.waitFor(() => expect(fake.sent(TOKEN).filter((sent) => sent.text === 'Flash sale').length).toBeGreaterThan(30), { timeout: 10_000 });

      const results = await Promise.all(buyers.map((buyer, i) => fake.pay(TOKEN, buyer, invoices[i]!)));
      // The campaign still had most of its audience to reach: the answers did not wait for its queue.
      expect(campaigns.get(campaign.id).status).toBe('running');
      expect(results.map((result) => result.outcome)).toEqual(['paid', 'paid']);
      await vi.waitFor(() => expect(paymentRows(shop.db())).toHaveLength(buyers.length), { timeout: 5000 });
      // Purchases go before the campaign's remaining messages.
      await vi.waitFor(() => expect(buyers.map((buyer) => deliveriesTo(fake, TOKEN, buyer))).toEqual([1, 1]), { timeout: 5000 });
      expect(campaigns.get(campaign.id).status).toBe('running');
    } finally {
      await shop.core.close();
      await fake.close();
    }
  }, 90_000);
});
