import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e, type ConsoleE2e } from '../support/console-e2e';
import { fastPix } from '../support/engine';
import { startFakePix, type FakePix } from '../support/fake-pix';
import { fakeToken, type FakeUser } from '../support/fake-telegram';
import { startRunningBot, storeDbOf } from '../support/running-bot';

const TOKEN = fakeToken(566_001);
const DELIVERY = 'Seu guia: https://example.com/guia';
const ana: FakeUser = { id: 56_601, firstName: 'Ana', languageCode: 'pt-br' };
const bia: FakeUser = { id: 56_602, firstName: 'Bia', languageCode: 'pt-br' };

/** The text as read, with the no-break spaces of formatted money as plain ones. */
const read = async (page: Page, selector: string): Promise<string[]> => (await page.locator(selector).allInnerTexts()).map((text) => text.replace(/\u00a0/g, ' ').trim());

const funnelSteps = (starts: number, clicked: number, checkout: number, paid: number): string[] => [
  `Entradas\n${starts}`,
  `Boas-vindas\n${starts}`,
  `Clicaram\n${clicked}`,
  `Checkout\n${checkout}`,
  `Pagaram\n${paid}`,
];

/** Over the last 30 days, so a run across midnight still counts every lead. */
async function showFunnel(page: Page): Promise<void> {
  await page.getByLabel('Período').selectOption('30d');
  await page.getByRole('list', { name: 'Etapas do funil' }).waitFor();
}

describe.runIf(browserAvailable())('a sale on both rails, from the console to the funnel, in Chromium', () => {
  let e2e: ConsoleE2e;
  let pix: FakePix;

  /**
   * The bot is added and started by the engine, as the other end-to-end tests do: adding one
   * through the console is covered by headless-console.test.ts and first-run-console.test.ts.
   */
  beforeAll(async () => {
    pix = await startFakePix();
    e2e = await startConsoleE2e({ name: 'sales', bots: [{ token: TOKEN, id: 566_001, username: 'loja_guia_bot', firstName: 'Loja' }], fleet: { pix: fastPix } });
    await startRunningBot(e2e.core, TOKEN);
  }, 120_000);

  afterAll(async () => {
    await e2e.close();
    await pix.close();
  });

  /** The user presses the welcome's button whose label starts so. */
  function press(user: FakeUser, label: string): void {
    const welcome = e2e.fake.sent(TOKEN, user.id)[0];
    const markup = welcome?.replyMarkup;
    const button = markup !== undefined && 'inline_keyboard' in markup ? markup.inline_keyboard.flat().find((key) => key.text.startsWith(label)) : undefined;
    if (welcome === undefined || button === undefined || !('callback_data' in button)) throw new Error(`no "${label}" button in the welcome to ${user.firstName}`);
    e2e.fake.pressButton(TOKEN, user, button.callback_data, welcome.messageId);
  }

  const delivered = (user: FakeUser): number => e2e.fake.sent(TOKEN, user.id).filter((sent) => sent.text === DELIVERY).length;

  it('connects PIX, creates a product sold by both rails, and sees a Stars and a PIX sale move the funnel without a reload (pt-BR)', async () => {
    const { page, errors } = await e2e.open('pt-BR', { viewport: { width: 1280, height: 900 }, stepTimeoutMs: 10_000 });

    // The PIX gateway, pointed at the fake Mercado Pago.
    await page.getByRole('button', { name: 'Configurações' }).click();
    const gateway = page.getByRole('form', { name: 'Gateway PIX' });
    await gateway.getByLabel('Token de acesso').fill(pix.accessToken);
    await gateway.getByLabel('Endereço do gateway (opcional)').fill(pix.baseUrl);
    await gateway.getByRole('button', { name: 'Salvar' }).click();
    await gateway.getByText(/^Conectado: Mercado Pago/).waitFor();

    // The product, priced in reais and in Stars.
    await page.getByRole('button', { name: 'Produtos' }).click();
    await page.getByRole('button', { name: 'Novo produto' }).click();
    const editor = page.getByRole('form', { name: 'Novo produto' });
    await editor.getByLabel('Nome (na fatura').fill('Guia completo');
    await editor.getByLabel('Descrição (na fatura').fill('O guia em PDF, com exemplos');
    await editor.getByLabel('Preço PIX em reais').fill('49,90');
    await editor.getByLabel('Preço em Telegram Stars').fill('250');
    await editor.getByLabel('Texto (HTML do Telegram').fill(DELIVERY);
    await editor.getByRole('button', { name: 'Salvar o produto' }).click();
    await page
      .getByRole('table', { name: 'Produtos de @loja_guia_bot' })
      .getByRole('cell', { name: /R\$\s49,90 · ⭐ 250/ })
      .waitFor();

    // Two product buttons in the welcome: one per rail.
    await page.getByRole('button', { name: 'Bots' }).click();
    await page.getByRole('button', { name: 'Editar boas-vindas' }).click();
    const welcome = page.getByRole('form', { name: 'Mensagem de boas-vindas de @loja_guia_bot' });
    for (const [index, label, rail] of [
      [0, 'Comprar com Stars', 'stars'],
      [1, 'Comprar com PIX', 'pix'],
    ] as const) {
      await welcome.getByRole('button', { name: 'Adicionar botão' }).click();
      await welcome.getByLabel('Tipo de botão').nth(index).selectOption('product');
      await welcome.getByLabel('Rótulo').nth(index).fill(label);
      await welcome.getByLabel('Cobrado com').nth(index).selectOption(rail);
    }
    await welcome.getByRole('button', { name: 'Salvar boas-vindas' }).click();
    await welcome.getByText('Boas-vindas salvas').waitFor();

    // The Sales page here and the dashboard in a second console stay open while the users buy.
    await page.getByRole('button', { name: 'Vendas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vendas' }).waitFor();
    await showFunnel(page);
    const second = await e2e.open('pt-BR', { viewport: { width: 1280, height: 900 }, stepTimeoutMs: 10_000 });
    const dashboard = second.page;
    await dashboard.getByRole('heading', { level: 1, name: 'Painel' }).waitFor();
    await showFunnel(dashboard);
    /** Both consoles, each without a reload, show these steps (and these sales figures). */
    const bothShow = async (steps: string[], figures?: string[]): Promise<void> => {
      for (const shown of [page, dashboard]) {
        await expect.poll(() => read(shown, '.funnel-steps li'), { timeout: 10_000 }).toEqual(steps);
        if (figures !== undefined) await expect.poll(() => read(shown, '.funnel dl dd'), { timeout: 10_000 }).toEqual(figures);
      }
    };
    await bothShow(funnelSteps(0, 0, 0, 0));

    // Ana pays in Stars.
    e2e.fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(e2e.fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 10_000 });
    press(ana, 'Comprar com Stars');
    await vi.waitFor(() => expect(e2e.fake.invoices(TOKEN, ana.id)).toHaveLength(1), { timeout: 10_000 });
    const invoice = e2e.fake.invoices(TOKEN, ana.id)[0]!;
    expect(invoice).toMatchObject({ currency: 'XTR', amount: 250, title: 'Guia completo' });
    // The consoles show her at checkout first, so what moves next is the payment's own doing.
    await bothShow(funnelSteps(1, 1, 1, 0));
    const paid = await e2e.fake.pay(TOKEN, ana, invoice);
    expect(paid.outcome).toBe('paid');
    await vi.waitFor(() => expect(delivered(ana)).toBe(1), { timeout: 10_000 });
    await bothShow(funnelSteps(1, 1, 1, 1), ['R$ 0,00', '250 Stars', '100%', '–', '250 Stars']);

    // Bia pays by PIX: the fake gateway approves the charge the bot sent her, and the poller finds it.
    e2e.fake.sendStart(TOKEN, bia);
    await vi.waitFor(() => expect(e2e.fake.sent(TOKEN, bia.id)).toHaveLength(1), { timeout: 10_000 });
    press(bia, 'Comprar com PIX');
    await vi.waitFor(() => expect(e2e.fake.sent(TOKEN, bia.id).some((sent) => sent.text?.includes('<code>') === true)).toBe(true), { timeout: 10_000 });
    const charge = storeDbOf(e2e.core).prepare<[], { id: string }>("SELECT gateway_payment_id AS id FROM checkouts WHERE rail = 'pix'").get();
    if (charge === undefined) throw new Error('no PIX charge');
    await bothShow(funnelSteps(2, 2, 2, 1));
    pix.pay(Number(charge.id));

    await vi.waitFor(() => expect([delivered(ana), delivered(bia)]).toEqual([1, 1]), { timeout: 10_000 });

    // Both consoles moved by themselves after each sale: two starts, two clicks, two checkouts, two sales, one on each rail.
    await bothShow(funnelSteps(2, 2, 2, 2), ['R$ 49,90', '250 Stars', '100%', 'R$ 49,90', '250 Stars']);
    await expect.poll(() => read(page, '.funnel-table tbody tr'), { timeout: 10_000 }).toEqual(['@loja_guia_bot\tsem origem\t2\t2\t2\t2\t2\tR$ 49,90\t250\t100%\tR$ 49,90']);

    // Ana's drawer lists her payment.
    await page.getByRole('button', { name: 'Leads' }).click();
    await page.getByRole('cell', { name: 'Ana', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Lead' })
      .getByRole('region', { name: 'Pagamentos' })
      .getByText(/Guia completo · 250 Stars · Telegram Stars/)
      .waitFor();

    expect(errors).toEqual([]);
    expect(second.errors).toEqual([]);
    await dashboard.context().close();
    await page.context().close();
  }, 120_000);
});
