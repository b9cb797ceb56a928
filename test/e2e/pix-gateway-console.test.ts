import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ProductRecords } from '../../src/main/core/payments/product-records';
import { productCallbackData } from '../../src/shared/welcome';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e, type ConsoleE2e } from '../support/console-e2e';
import { startFakePix, type FakePix } from '../support/fake-pix';
import { fakeToken, type FakeUser } from '../support/fake-telegram';
import { fleetOf } from '../support/engine';
import { startRunningBot, storeDbOf } from '../support/running-bot';

describe.runIf(browserAvailable())('the PIX gateway in Settings, served by the headless mode', () => {
  let e2e: ConsoleE2e;
  let pix: FakePix;
  let botId: number;
  const token = fakeToken(564_001);

  beforeAll(async () => {
    pix = await startFakePix();
    e2e = await startConsoleE2e({ name: 'pix-gateway', bots: [{ token, id: 564_001, username: 'pix_console_bot', firstName: 'Pix' }] });
    botId = await startRunningBot(e2e.core, token);
  }, 120_000);

  afterAll(async () => {
    await e2e.close();
    await pix.close();
  });

  it('refuses a token the gateway refuses, tests and saves a good one showing only its hint (English)', async () => {
    const { page, errors } = await e2e.open('en-US', { viewport: { width: 1280, height: 800 }, stepTimeoutMs: 10_000 });
    await page.getByRole('button', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'PIX gateway' });
    await form.getByText(/^No PIX gateway is connected/).waitFor();
    await form.getByLabel('Access token').fill('APP_USR-wrong');
    await form.getByLabel('Gateway address (optional)').fill(pix.baseUrl);
    await form.getByRole('button', { name: 'Save' }).click();
    await form
      .getByRole('alert')
      .getByText(/refused the access token/)
      .waitFor();
    expect(fleetOf(e2e.core).pixGateway.get()).toBeNull();

    await form.getByLabel('Access token').fill(pix.accessToken);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await form.getByText('Mercado Pago accepted the token. Nobody was charged.').waitFor();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText(`Connected: Mercado Pago, token …${pix.accessToken.slice(-4)}, at ${pix.baseUrl}; charges last 30 minutes.`).waitFor();
    expect(await form.getByLabel('Access token').inputValue()).toBe('');
    expect(await page.content()).not.toContain(pix.accessToken);
    expect(pix.paymentCount()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('tests the saved gateway with no token typed, then disconnects it (Portuguese)', async () => {
    const { page, errors } = await e2e.open('pt-BR', { viewport: { width: 800, height: 700 }, stepTimeoutMs: 10_000 });
    await page.getByRole('button', { name: 'Configurações' }).click();
    const form = page.getByRole('form', { name: 'Gateway PIX' });
    await form.getByText(/^Conectado: Mercado Pago/).waitFor();
    const searches = pix.searchCalls();
    await form.getByRole('button', { name: 'Testar conexão' }).click();
    await form.getByText('O Mercado Pago aceitou o token. Ninguém foi cobrado.').waitFor();
    expect(pix.searchCalls()).toBe(searches + 1);
    await form.getByRole('button', { name: 'Desconectar' }).click();
    await form.getByText(/^Desconectado\./).waitFor();
    expect(fleetOf(e2e.core).pixGateway.get()).toBeNull();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('warns on the dashboard, live, when the gateway refuses a PIX press, leads to the failure in Settings, and ends at the next charge (English)', async () => {
    const fleet = fleetOf(e2e.core);
    await fleet.pixGateway.set({ kind: 'mercado_pago', accessToken: pix.accessToken, baseUrl: pix.baseUrl, expiryMinutes: 30 });
    const productId = new ProductRecords(storeDbOf(e2e.core)).create(
      { botId, name: 'E-book', description: 'A book', priceCents: 1990, priceStars: null, delivery: { text: 'Your book: https://example.com/book', media: null, buttons: [] } },
      Date.now(),
    );
    fleet.setWelcome(botId, { ...fleet.list()[0]!.welcome, buttons: [[{ kind: 'product', text: 'Buy by PIX', productId, rail: 'pix' }]] });
    const bia: FakeUser = { id: 7301, firstName: 'Bia', languageCode: 'en' };
    e2e.fake.sendStart(token, bia);
    await vi.waitFor(() => expect(e2e.fake.sent(token, bia.id)).toHaveLength(1), { timeout: 5000 });

    const { page, errors } = await e2e.open('en-US', { viewport: { width: 1280, height: 800 }, stepTimeoutMs: 10_000 });
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await page.getByText(/PIX charges are failing/).count()).toBe(0);
    pix.fault({ kind: 'refuse_credentials', paths: ['create'], times: 1 });
    e2e.fake.pressButton(token, bia, productCallbackData(productId, 'pix'), e2e.fake.sent(token, bia.id)[0]!.messageId);
    const warning = page.getByRole('status').filter({ hasText: 'PIX charges are failing because of the gateway' });
    await warning.getByText(/refused the access token/).waitFor();
    await warning.getByRole('button', { name: 'Open Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'PIX gateway' });
    await form.getByText(/^Last gateway failure, .*refused the access token/).waitFor();
    await form.getByText(/^Nothing has worked since/).waitFor();

    // The next press gets its charge: the dashboard's warning ends without a reload.
    await page.getByRole('button', { name: 'Dashboard' }).click();
    await warning.waitFor();
    e2e.fake.pressButton(token, bia, productCallbackData(productId, 'pix'), e2e.fake.sent(token, bia.id)[0]!.messageId);
    await warning.waitFor({ state: 'detached' });
    expect(fleetOf(e2e.core).pixGateway.get()?.answeredAt).not.toBeNull();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
