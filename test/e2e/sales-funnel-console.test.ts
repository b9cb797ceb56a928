import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { CheckoutRecords } from '../../src/main/core/payments/checkout-records';
import { PaymentRecords } from '../../src/main/core/payments/payment-records';
import type { PaymentRail } from '../../src/shared/products';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e, type ConsoleE2e } from '../support/console-e2e';
import { fakeToken } from '../support/fake-telegram';
import { startRunningBot, storeDbOf } from '../support/running-bot';

const TOKEN = fakeToken(559_001);
const HOUR = 3_600_000;

/** The text as read, with the no-break spaces of formatted money as plain ones. */
const read = async (page: Page, selector: string): Promise<string[]> => (await page.locator(selector).allInnerTexts()).map((text) => text.replace(/\u00a0/g, ' ').trim());

describe.runIf(browserAvailable())('the Sales page in Chromium, served by the headless mode', () => {
  let e2e: ConsoleE2e;

  /**
   * Within the last hours: four leads from "insta" (one pays by PIX, one in Stars, one is
   * refunded) and two without a source (one sale marked by hand).
   */
  beforeAll(async () => {
    e2e = await startConsoleE2e({ name: 'sales-funnel', bots: [{ token: TOKEN, id: 559_001, username: 'loja_vendas_bot', firstName: 'Loja' }] });
    const botId = await startRunningBot(e2e.core, TOKEN);
    const db = storeDbOf(e2e.core);
    const at = Date.now() - 2 * HOUR;
    db.prepare(
      'INSERT INTO products (id, bot_id, name, description, price_cents, price_stars, delivery, created_at, updated_at) VALUES (1, ?, \'Curso\', \'Tudo\', 4990, 250, \'{"text":"Seu acesso","media":null,"buttons":[]}\', 0, 0)',
    ).run(botId);
    const lead = (userId: number, source: string | null): number =>
      (
        db
          .prepare(
            "INSERT INTO leads (bot_id, user_id, chat_id, first_name, source, status, first_seen_at, last_seen_at, welcomed_at) VALUES (?, ?, ?, 'L', ?, 'welcomed', ?, ?, ?) RETURNING id",
          )
          .get(botId, userId, userId, source, at, at, at + 1) as { id: number }
      ).id;
    const [a, b, c] = [lead(1, 'insta'), lead(2, 'insta'), lead(3, 'insta')];
    lead(4, 'insta');
    const e = lead(5, null);
    lead(6, null);
    for (const id of [a, b]) db.prepare("INSERT INTO lead_events (lead_id, kind, at, detail) VALUES (?, 'clicked', ?, NULL)").run(id, at + 2);
    const checkouts = new CheckoutRecords(db);
    const payments = new PaymentRecords(db);
    const pay = (leadId: number, rail: PaymentRail, amount: number, checkoutId: number | null): number =>
      payments.record({ botId, leadId, rail, amount, chargeId: `charge-${leadId}`, checkoutId, productId: 1, by: 'update', paidAt: at + 4 }, at + 4).paymentId;
    const open = (leadId: number, rail: PaymentRail, amount: number): number =>
      checkouts.open({ botId, leadId, productId: 1, rail, amount, pressed: null, source: 'insta' }, at + 3).id;
    pay(a, 'pix', 4990, open(a, 'pix', 4990));
    pay(b, 'stars', 250, open(b, 'stars', 250));
    payments.refunded(pay(c, 'pix', 3000, null), at + 5);
    new LeadRecords(db).converted(e, 2990, at + 6);
  }, 120_000);

  afterAll(() => e2e.close());

  it('shows the funnel, the sales figures and the per-source table, sortable, in Portuguese', async () => {
    const { page, errors } = await e2e.open('pt-BR', { viewport: { width: 1280, height: 900 }, stepTimeoutMs: 10_000 });
    await page.getByRole('button', { name: 'Vendas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vendas' }).waitFor();
    // The last 30 days: the seeds are two hours old, so today may not hold them just after midnight.
    await page.getByLabel('Período').selectOption('30d');
    const steps = page.getByRole('list', { name: 'Etapas do funil' });
    await steps.getByText('Pagaram').waitFor();
    await expect.poll(() => read(page, '.funnel-steps li')).toEqual(['Entradas\n6', 'Boas-vindas\n6', 'Clicaram\n2', 'Checkout\n2', 'Pagaram\n3']);
    const figures = await read(page, '.funnel dl dd');
    expect(figures).toEqual(['R$ 79,80', '250 Stars', '50%', 'R$ 39,90', '250 Stars']);

    const table = page.getByRole('table', { name: 'Por bot e origem' });
    const rows = async (): Promise<string[]> => read(page, '.funnel-table tbody tr');
    // By revenue, highest first.
    expect(await rows()).toEqual([
      '@loja_vendas_bot\tinsta\t4\t4\t2\t2\t2\tR$ 49,90\t250\t50%\tR$ 49,90',
      '@loja_vendas_bot\tsem origem\t2\t2\t0\t0\t1\tR$ 29,90\t0\t50%\tR$ 29,90',
    ]);
    await table.getByRole('button', { name: /^Receita/ }).click();
    await expect
      .poll(rows)
      .toEqual(['@loja_vendas_bot\tsem origem\t2\t2\t0\t0\t1\tR$ 29,90\t0\t50%\tR$ 29,90', '@loja_vendas_bot\tinsta\t4\t4\t2\t2\t2\tR$ 49,90\t250\t50%\tR$ 49,90']);
    await expect(
      table
        .getByRole('columnheader', { name: /Receita/ })
        .first()
        .getAttribute('aria-sort'),
    ).resolves.toBe('ascending');

    // Two leads paid in reais: too few to price the money at stake, and the settings page says so.
    await page.getByRole('button', { name: 'Configurações' }).click();
    await page.getByText('O dinheiro em jogo usa os números abaixo: menos de 10 leads pagaram em reais nos últimos 30 dias (2 até agora)', { exact: false }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
