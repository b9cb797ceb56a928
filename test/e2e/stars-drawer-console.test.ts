import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e, type ConsoleE2e } from '../support/console-e2e';
import { fakeToken, type FakeUser } from '../support/fake-telegram';
import { paymentRows, stockStarsShop, type StarsShop } from '../support/stars-shop';

const TOKEN = fakeToken(141_601);
const ana: FakeUser = { id: 14_601, firstName: 'Ana', languageCode: 'en' };

describe.runIf(browserAvailable())("a Stars payment in the lead's drawer, in Chromium", () => {
  let e2e: ConsoleE2e;
  let shop: StarsShop;

  beforeAll(async () => {
    e2e = await startConsoleE2e({ name: 'stars-drawer', bots: [{ token: TOKEN, id: 141_601, username: 'drawer_shop_bot', firstName: 'Drawer Shop' }] });
    shop = await stockStarsShop(e2e.core, e2e.fake, TOKEN);
    const paid = await e2e.fake.pay(TOKEN, ana, await shop.invoiceFor(ana));
    expect(paid.outcome).toBe('paid');
    await vi.waitFor(() => expect(paymentRows(shop.db())).toHaveLength(1), { timeout: 5000 });
  }, 120_000);

  afterAll(() => e2e.close());

  it('lists the payment with the Stars notice, refunds it only after the confirmation, and checks the bot with Telegram', async () => {
    const { page, errors } = await e2e.open('en-US', { viewport: { width: 1200, height: 900 }, stepTimeoutMs: 10_000 });
    await page.getByRole('button', { name: 'Leads' }).click();
    await page.getByRole('cell', { name: 'Ana', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: 'Lead' });
    const payments = drawer.getByRole('region', { name: 'Payments' });
    await payments.getByText(/Course · 50 Stars · Telegram Stars/).waitFor();
    await payments.getByText('Telegram requires Stars for digital goods sold inside its apps.', { exact: false }).waitFor();

    await payments.getByRole('button', { name: 'Refund', exact: true }).click();
    const confirm = payments.getByRole('alertdialog');
    await confirm.getByText('Give 50 Stars back to this buyer?', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Keep the payment' }).click();
    expect(paymentRows(shop.db())[0]?.refunded_at).toBeNull();
    // Escape answers the confirmation, not the drawer around it.
    await payments.getByRole('button', { name: 'Refund', exact: true }).click();
    await payments.getByRole('alertdialog').waitFor();
    await page.keyboard.press('Escape');
    await payments.getByRole('alertdialog').waitFor({ state: 'detached' });
    await expect(drawer.isVisible()).resolves.toBe(true);
    expect(paymentRows(shop.db())[0]?.refunded_at).toBeNull();

    await payments.getByRole('button', { name: 'Refund', exact: true }).click();
    await payments.getByRole('alertdialog').getByRole('button', { name: 'Refund now' }).click();
    await payments.getByText('Refunded: 50 Stars went back to the buyer.').waitFor();
    await payments.getByText(/refunded on /).waitFor();
    expect(paymentRows(shop.db())[0]?.refunded_at).not.toBeNull();
    await expect(payments.getByRole('button', { name: 'Refund', exact: true }).count()).resolves.toBe(0);

    await payments.getByRole('button', { name: "Check this bot's Stars payments with Telegram" }).click();
    await payments.getByText('Telegram lists 1 Stars payments for this bot: 0 recorded now, 0 marked refunded now.').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
