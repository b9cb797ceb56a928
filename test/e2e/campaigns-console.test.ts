import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../src/main/core/api';
import type { Core } from '../../src/main/core/core';
import { OPT_OUT_CALLBACK_DATA, optOutButtonLabels, type CampaignReportRow } from '../../src/shared/campaigns';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e, type ConsoleE2e } from '../support/console-e2e';
import { fleetOf } from '../support/engine';
import { fakeToken, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { startRunningBot } from '../support/running-bot';
import { projectRoot } from '../support/served-console';

const screenshots = join(projectRoot, 'test-results', 'screenshots');
const TOKEN = fakeToken(557_001);
const LEADS: readonly (FakeUser & { payload?: string })[] = [
  { id: 9101, firstName: 'Ana', languageCode: 'pt-br', payload: 'ads' },
  { id: 9102, firstName: 'Bruno', languageCode: 'en' },
  { id: 9103, firstName: 'Clara', languageCode: 'pt-br' },
];

describe.runIf(browserAvailable())('broadcast campaigns in Chromium, served by the headless mode', () => {
  let e2e: ConsoleE2e;
  let fake: FakeTelegram;
  let core: Core;
  let botId: number;

  beforeAll(async () => {
    e2e = await startConsoleE2e({ name: 'campaigns', bots: [{ token: TOKEN, id: 557_001, username: 'shop_bot', firstName: 'Shop' }] });
    ({ fake, core } = e2e);
    botId = await startRunningBot(core, TOKEN);
    // Three leads who got their welcome.
    for (const { payload, ...user } of LEADS) fake.sendStart(TOKEN, user, payload);
    await vi.waitFor(() => expect(LEADS.map((user) => fake.sent(TOKEN, user.id).length)).toEqual([1, 1, 1]), { timeout: 15_000 });
    mkdirSync(screenshots, { recursive: true });
  }, 120_000);

  afterAll(() => e2e.close());

  const open = (locale: string): Promise<{ page: Page; errors: string[] }> => e2e.open(locale, { viewport: { width: 1280, height: 900 }, stepTimeoutMs: 10_000 });

  /** "YYYY-MM-DDTHH:mm" of a local time, as a datetime-local field takes it. */
  function localField(ms: number): string {
    const at = new Date(ms);
    const two = (n: number): string => String(n).padStart(2, '0');
    return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}`;
  }

  it('composes a broadcast with its exact count, runs it to done, and pauses, resumes and cancels another', async () => {
    const { page, errors } = await open('en-US');
    await page.getByRole('button', { name: 'Campaigns' }).click();
    const composer = page.getByRole('form', { name: 'New campaign' });
    const count = composer.locator('.campaign-count').first();
    await composer.getByText('Fix the audience to count it.').first().waitFor();
    await composer.getByRole('alert').filter({ hasText: 'Choose at least one bot.' }).waitFor();
    await expect(composer.getByRole('button', { name: 'Start now…' }).isDisabled()).resolves.toBe(true);

    // The count follows the filters.
    await composer.getByLabel('Name').fill('Black Friday');
    await composer.getByRole('group', { name: 'Bots' }).getByRole('checkbox', { name: '@shop_bot' }).check();
    await count.getByRole('status').filter({ hasText: '3 leads will receive it.' }).waitFor();
    await composer.getByLabel('Sources (/start payloads)').fill('ads');
    await count.getByRole('status').filter({ hasText: '1 lead will receive it.' }).waitFor();
    await composer.getByLabel('Sources (/start payloads)').fill('');
    await composer.getByLabel('Languages').fill('pt-br');
    await count.getByRole('status').filter({ hasText: '2 leads will receive it.' }).waitFor();
    await composer.getByLabel('Languages').fill('');
    await composer.getByLabel('Leads', { exact: true }).selectOption({ label: 'Never welcomed' });
    await count.getByRole('status').filter({ hasText: 'Nobody is in this audience now.' }).waitFor();
    await composer.getByLabel('Leads', { exact: true }).selectOption({ label: 'All leads' });
    await composer.getByLabel('Last seen more than (days ago)').fill('0');
    await composer.getByRole('alert').filter({ hasText: '"Last seen more than … days ago" needs a whole number of days' }).waitFor();
    await composer.getByLabel('Last seen more than (days ago)').fill('');
    await count.getByRole('status').filter({ hasText: '3 leads will receive it.' }).waitFor();

    // The message: a mistake is shown by its field; the preview has the opt-out button in the operator's language.
    const text = composer.getByRole('textbox', { name: /^Text/ });
    await text.fill('<b>Sale');
    await composer.getByRole('alert').filter({ hasText: /<b>/ }).waitFor();
    await text.fill('<b>Sale</b> today only');
    await composer.getByRole('button', { name: 'Add button' }).click();
    await composer.getByRole('textbox', { name: 'Label' }).fill('Buy');
    await composer.getByRole('textbox', { name: 'Offer code' }).fill('buy');
    const preview = composer.getByRole('figure', { name: 'Preview as in Telegram' });
    await preview.getByText('Sale').waitFor();
    await preview.getByText('Buy').waitFor();
    await preview.getByText(optOutButtonLabels.en).waitFor();
    await page.screenshot({ path: join(screenshots, 'campaign-composer-en.png'), fullPage: true });

    await composer.getByRole('button', { name: 'Start now…' }).click();
    const confirm = composer.getByRole('alertdialog', { name: 'Send the campaign' });
    await confirm.getByText('3 leads will receive it, starting now. Start?').waitFor();
    await confirm.getByRole('button', { name: 'Yes, start' }).click();

    const first = page.getByRole('region', { name: 'Campaign “Black Friday”' });
    await first.locator('[data-status="done"]').waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await first.locator('dl.figures').innerText()).replace(/\s+/g, ' '), { timeout: 10_000 }).toContain('Sent 3');
    await first.getByText('All leads · @shop_bot').waitFor();
    await first.getByRole('figure', { name: 'Preview as in Telegram' }).getByText(optOutButtonLabels.en).waitFor();
    for (const user of LEADS) {
      const sent = fake.sent(TOKEN, user.id);
      expect(sent).toHaveLength(2);
      expect(sent[1]?.text).toBe('<b>Sale</b> today only');
      expect(JSON.stringify(sent[1]?.replyMarkup)).toContain(OPT_OUT_CALLBACK_DATA);
    }
    // The composer starts afresh for the next campaign.
    await expect(composer.getByLabel('Name').inputValue()).resolves.toBe('');

    // Its results: Ana presses the offer and buys; the figures and the report show it, and the report exports.
    const handlers = createHandlers(core, 'linux');
    const ana = LEADS[0];
    if (ana === undefined) throw new Error('no lead');
    fake.pressButton(TOKEN, ana, 'buy', fake.sent(TOKEN, ana.id)[1]?.messageId ?? 0);
    const anaRow = async (): Promise<CampaignReportRow | undefined> =>
      (await handlers.campaignReport({ campaignId: 1, offset: 0, limit: 100 })).rows.find((row) => row.name === 'Ana');
    await vi.waitFor(async () => expect((await anaRow())?.clickedAt).not.toBeNull(), { timeout: 10_000 });
    await handlers.markConverted({ leadId: (await anaRow())?.leadId ?? 0, amountCents: 12_345 });
    const figures = async (): Promise<string> => (await first.locator('dl.figures').innerText()).replace(/\s+/g, ' ');
    await expect.poll(figures, { timeout: 20_000 }).toContain('Conversions (7 days) 1');
    expect(await figures()).toContain('Clicks 1');
    expect(await figures()).toContain('Revenue R$123.45');
    expect(await figures()).toContain('Capped (had another campaign message) 0');
    await page
      .getByRole('table', { name: 'Campaigns, newest first' })
      .getByRole('row')
      .filter({ hasText: 'Black Friday' })
      .filter({ hasText: '1 click(s) · 1 sale(s) · R$123.45' })
      .waitFor();
    const report = first.getByRole('table', { name: 'Report, lead by lead' });
    await expect.poll(() => report.locator('tbody tr[data-outcome="sent"]').count(), { timeout: 10_000 }).toBe(3);
    await report.getByRole('row').filter({ hasText: 'Ana' }).filter({ hasText: 'R$123.45' }).waitFor({ timeout: 10_000 });
    await first.getByRole('button', { name: 'Export CSV' }).click();
    const exported = first.getByRole('status').filter({ hasText: 'rows written to' });
    await exported.waitFor({ timeout: 10_000 });
    const href = await exported.getByRole('link', { name: 'Download' }).getAttribute('href');
    const csv = await page.evaluate(async (url) => (await fetch(url ?? '')).text(), href);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.find((line) => line.includes('Ana'))).toContain('sent');

    // Ana converted: she is left out of the next audiences. A time already past: the engine refuses it by the time field, and the saved draft is kept.
    await composer.getByLabel('Name').fill('Weekend');
    await composer.getByRole('group', { name: 'Bots' }).getByRole('checkbox', { name: '@shop_bot' }).check();
    await composer.getByRole('textbox', { name: /^Text/ }).fill('Weekend deals');
    await count.getByRole('status').filter({ hasText: '2 leads will receive it.' }).waitFor();
    await composer.getByLabel('Or at').fill(localField(Date.now() - 3_600_000));
    await composer.getByRole('button', { name: 'Schedule…' }).click();
    await composer.getByRole('alertdialog').getByRole('button', { name: 'Yes, schedule' }).click();
    await composer.getByRole('alert').filter({ hasText: 'The scheduled time has passed.' }).waitFor();

    // With the bot stopped the broadcast waits: it is paused, resumed, then cancelled.
    await fleetOf(core).stopBot(botId);
    await composer.getByRole('button', { name: 'Start now…' }).click();
    await composer.getByRole('alertdialog').getByRole('button', { name: 'Yes, start' }).click();
    const second = page.getByRole('region', { name: 'Campaign “Weekend”' });
    await second.locator('[data-status="running"]').waitFor({ timeout: 10_000 });
    await second.getByRole('button', { name: 'Pause' }).click();
    await second.locator('[data-status="paused"]').waitFor();
    await second.getByRole('button', { name: 'Resume' }).click();
    await second.locator('[data-status="running"]').waitFor();
    await second.getByRole('button', { name: 'Cancel campaign…' }).click();
    const cancel = second.getByRole('alertdialog', { name: 'Cancel campaign…' });
    await cancel.getByText('The 2 lead(s) still waiting will not receive it.').waitFor();
    await cancel.getByRole('button', { name: 'Keep it' }).click();
    await second.locator('[data-status="running"]').waitFor();
    await second.getByRole('button', { name: 'Cancel campaign…' }).click();
    await cancel.getByRole('button', { name: 'Yes, cancel the campaign' }).click();
    await second.locator('[data-status="cancelled"]').waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await second.locator('dl.figures').innerText()).replace(/\s+/g, ' ')).toContain('Cancelled 2');

    // The list, newest first: the refused schedule saved no second draft.
    const list = page.getByRole('table', { name: 'Campaigns, newest first' });
    await expect.poll(() => list.locator('[data-campaign-id]').count()).toBe(2);
    const badges = await list.locator('[data-status]').all();
    await expect(Promise.all(badges.map((badge) => badge.getAttribute('data-status')))).resolves.toEqual(['cancelled', 'done']);
    // One composer, afresh, beside the campaign in view.
    await expect(page.getByRole('form', { name: 'New campaign' }).count()).resolves.toBe(1);
    await expect(composer.getByLabel('Name').inputValue()).resolves.toBe('');
    await page.screenshot({ path: join(screenshots, 'campaigns-list-en.png'), fullPage: true });
    fleetOf(core).startBot(botId);
    await vi.waitFor(() => expect(fleetOf(core).status(botId)).toMatchObject({ state: 'running' }), { timeout: 10_000 });
    expect((await createHandlers(core, 'linux').listCampaigns(undefined)).map((campaign) => campaign.status)).toEqual(['cancelled', 'done']);
    for (const user of LEADS) expect(fake.sent(TOKEN, user.id)).toHaveLength(2);

    // Scheduled for tomorrow at the minute typed, in the operator's time zone; then called off before its time.
    const tomorrow = Date.now() + 24 * 3_600_000;
    await composer.getByLabel('Name').fill('Tomorrow');
    await composer.getByRole('group', { name: 'Bots' }).getByRole('checkbox', { name: '@shop_bot' }).check();
    await composer.getByRole('textbox', { name: /^Text/ }).fill('See you tomorrow');
    await count.getByRole('status').filter({ hasText: '2 leads will receive it.' }).waitFor();
    await composer.getByLabel('Or at').fill(localField(tomorrow));
    await composer.getByRole('button', { name: 'Schedule…' }).click();
    await composer.getByRole('alertdialog').getByText('(your time), for the leads in the audience then: 2 today. Schedule?').waitFor();
    await composer.getByRole('alertdialog').getByRole('button', { name: 'Yes, schedule' }).click();
    const third = page.getByRole('region', { name: 'Campaign “Tomorrow”' });
    await third.locator('[data-status="scheduled"]').waitFor();
    await list.locator('tr[data-campaign-id]').first().getByText('Scheduled').waitFor();
    const scheduled = (await createHandlers(core, 'linux').listCampaigns(undefined))[0];
    expect(scheduled?.scheduledAt).toBe(tomorrow - (tomorrow % 60_000));
    await third.getByRole('button', { name: 'Cancel campaign…' }).click();
    await third.getByRole('alertdialog').getByText('Nothing will be sent, and it cannot be started later.').waitFor();
    await third.getByRole('alertdialog').getByRole('button', { name: 'Yes, cancel the campaign' }).click();
    await third.locator('[data-status="cancelled"]').waitFor();
    expect((await createHandlers(core, 'linux').listCampaigns(undefined)).map((campaign) => campaign.status)).toEqual(['cancelled', 'cancelled', 'done']);
    for (const user of LEADS) expect(fake.sent(TOKEN, user.id)).toHaveLength(2);

    // A test of the next message to a chat (Bruno's here), through the bot; no campaign is saved for it.
    await composer.getByRole('textbox', { name: /^Text/ }).fill('Test <i>me</i>');
    await composer.getByLabel('Your chat id').fill(String(LEADS[1]?.id));
    await composer.getByRole('button', { name: 'Send a test to my chat' }).click();
    await composer
      .getByRole('status')
      .filter({ hasText: /^Test sent \(message \d+\)\.$/ })
      .waitFor();
    const tested = fake.sent(TOKEN, LEADS[1]?.id ?? 0);
    expect(tested.at(-1)?.text).toBe('Test <i>me</i>');
    expect(JSON.stringify(tested.at(-1)?.replyMarkup)).toContain(OPT_OUT_CALLBACK_DATA);
    expect(await handlers.listCampaigns(undefined)).toHaveLength(3);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('speaks Brazilian Portuguese on the Campaigns page', async () => {
    const { page, errors } = await open('pt-BR');
    await page.getByRole('button', { name: 'Campanhas' }).click();
    await page.getByRole('heading', { name: 'Campanhas', level: 1 }).waitFor();
    const list = page.getByRole('table', { name: 'Campanhas, das mais novas às mais antigas' });
    await list.getByText('Concluída').waitFor();
    await expect.poll(() => list.getByText('Cancelada').count()).toBe(2);
    const composer = page.getByRole('form', { name: 'Nova campanha' });
    await composer.getByRole('group', { name: 'Bots' }).getByRole('checkbox', { name: '@shop_bot' }).check();
    await composer.locator('.campaign-count').getByRole('status').filter({ hasText: '2 leads vão recebê-la.' }).waitFor();
    await composer.getByRole('figure', { name: 'Prévia como no Telegram' }).getByText(optOutButtonLabels['pt-BR']).waitFor();
    await list.getByRole('button', { name: 'Detalhes da campanha Black Friday' }).click();
    const view = page.getByRole('region', { name: 'Campanha “Black Friday”' });
    await view.getByText('Todos os leads · @shop_bot').waitFor();
    await view.getByText(/^Criada em .* · iniciada em .* · encerrada em /).waitFor();
    await view.locator('dl.figures').getByText('Enviadas').waitFor();
    await view.locator('dl.figures').getByText('Conversões (7 dias)').waitFor();
    await view.getByRole('table', { name: 'Relatório, lead a lead' }).getByRole('cell', { name: 'Enviada', exact: true }).first().waitFor();
    await page.screenshot({ path: join(screenshots, 'campaigns-pt-BR.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
