import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e, type ConsoleE2e } from '../support/console-e2e';
import { startFakePix, type FakePix } from '../support/fake-pix';
import { fakeToken } from '../support/fake-telegram';
import { fleetOf } from '../support/engine';
import { startRunningBot } from '../support/running-bot';

describe.runIf(browserAvailable())('the PIX gateway in Settings, served by the headless mode', () => {
  let e2e: ConsoleE2e;
  let pix: FakePix;

  beforeAll(async () => {
    const token = fakeToken(564_001);
    pix = await startFakePix();
    e2e = await startConsoleE2e({ name: 'pix-gateway', bots: [{ token, id: 564_001, username: 'pix_console_bot', firstName: 'Pix' }] });
    await startRunningBot(e2e.core, token);
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
});
