import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { createHandlers } from '../../src/main/core/api';
import { projectRoot } from '../support/served-console';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e, type ConsoleE2e } from '../support/console-e2e';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { fakeToken, type FakeTelegram } from '../support/fake-telegram';

const screenshots = join(projectRoot, 'test-results', 'screenshots');
const TOKEN = fakeToken(555_001);

describe.runIf(browserAvailable())('the console in Chromium, served by the headless mode', () => {
  let e2e: ConsoleE2e;
  let fake: FakeTelegram;
  let core: Core;
  let receiver: HttpReceiver;

  beforeAll(async () => {
    receiver = await startHttpReceiver();
    e2e = await startConsoleE2e({ name: 'console', bots: [{ token: TOKEN, id: 555_001, username: 'loja_bot', firstName: 'Loja' }], browserNotifications: true });
    ({ fake, core } = e2e);
    mkdirSync(screenshots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await e2e.close();
    await receiver.close();
  });

  const open = (locale: string, initScript?: () => void): Promise<{ page: Page; errors: string[] }> =>
    e2e.open(locale, { viewport: { width: 1200, height: 760 }, ...(initScript === undefined ? {} : { initScript }) });

  it('adds a bot by token, shows it running, and turns its card down when Telegram goes away', async () => {
    const { page, errors } = await open('en-US');
    await page.getByRole('button', { name: 'Bots' }).click();
    await page.getByLabel('Bot token from BotFather').fill('not a token');
    await page.getByRole('button', { name: 'Add bot' }).click();
    await page.getByRole('alert').filter({ hasText: 'does not look like a bot token' }).waitFor({ timeout: 10_000 });
    await page.getByLabel('Bot token from BotFather').fill(TOKEN);
    await page.getByRole('button', { name: 'Add bot' }).click();
    await page.getByText('@loja_bot').waitFor();
    await page.getByRole('group', { name: 'Actions for @loja_bot' }).getByRole('button', { name: 'Start', exact: true }).click();
    await page.screenshot({ path: join(screenshots, 'bots-en.png') });

    await page.getByRole('button', { name: 'Dashboard' }).click();
    const card = page.getByRole('article', { name: '@loja_bot' });
    await card.getByText('Running').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(screenshots, 'dashboard-en.png') });

    await page.getByRole('button', { name: 'Bots' }).click();
    await page.getByRole('button', { name: 'Edit welcome' }).click();
    const editor = page.getByRole('form', { name: 'Welcome message of @loja_bot' });
    await editor.getByLabel(/^Text/).fill('<b>Oi!</b> Aqui está a sua oferta.');
    await editor.getByRole('button', { name: 'Add button' }).click();
    await editor.getByLabel('Label').fill('Quero');
    await editor.getByLabel('Offer code').fill('offer:1');
    await expect(editor.getByRole('figure', { name: 'Preview as in Telegram' }).locator('strong').textContent()).resolves.toBe('Oi!');
    await page.screenshot({ path: join(screenshots, 'welcome-editor-en.png') });
    await editor.getByRole('button', { name: 'Save welcome' }).click();
    await editor.getByText('Welcome saved.').waitFor();
    fake.sendStart(TOKEN, { id: 9001, firstName: 'Ana' });
    await expect.poll(() => fake.sent(TOKEN, 9001).map((message) => message.text), { timeout: 10_000 }).toEqual(['<b>Oi!</b> Aqui está a sua oferta.']);
    expect(fake.sent(TOKEN, 9001)[0]?.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'Quero', callback_data: 'offer:1' }]] });
    await page.getByRole('button', { name: 'Dashboard' }).click();

    fake.setOutage(true);
    await card.getByText('Down').waitFor({ timeout: 10_000 });
    await page.getByRole('alert').filter({ hasText: '1 bot(s) down: @loja_bot' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(screenshots, 'dashboard-down-en.png') });
    fake.setOutage(false);
    await card.getByText('Running').waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByText('Integrity: ok').waitFor();
    await page.getByText(`sealed with a key file in the data folder (${join(e2e.dataDir, 'secret.key')}): headless mode has no OS keychain.`).waitFor();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByRole('status').filter({ hasText: 'Backup written' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'settings-en.png') });
    await page
      .getByRole('button', { name: /^Restore botdeck-/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Yes, restore' }).click();
    // The console starts afresh on the restored database, and the bot comes back.
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: 15_000 });
    await page.getByRole('article', { name: '@loja_bot' }).getByText('Running').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows new leads live, filters by source, exports CSV and marks a lead converted', async () => {
    const { page, errors } = await open('en-US');
    await page.getByRole('button', { name: 'Leads' }).click();
    const table = page.getByRole('table', { name: 'Leads' });
    await table.getByRole('row').first().waitFor();
    fake.sendStart(TOKEN, { id: 7001, firstName: 'Bia', username: 'bia_s' }, 'summer_ads');
    fake.sendStart(TOKEN, { id: 7002, firstName: 'Caio' }, 'summer_ads');
    fake.sendStart(TOKEN, { id: 7003, firstName: 'Duda' }, 'winter');
    // No reload: the pushed lead events bring the rows in.
    await table.getByRole('cell', { name: 'Duda', exact: true }).waitFor({ timeout: 10_000 });
    await table.getByRole('cell', { name: 'Caio', exact: true }).waitFor();
    await table.getByRole('cell', { name: 'Bia', exact: true }).waitFor();
    await page.screenshot({ path: join(screenshots, 'leads-en.png') });

    await page.getByLabel('Source').fill('summer_ads');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => table.getByRole('row').count(), { timeout: 10_000 }).toBe(3);
    await expect(table.getByRole('cell', { name: 'Duda', exact: true }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Export CSV' }).click();
    const status = page.getByRole('status').filter({ hasText: 'rows written to' });
    await status.waitFor({ timeout: 10_000 });
    const href = await status.getByRole('link', { name: 'Download' }).getAttribute('href');
    const csv = await page.evaluate(async (url) => (await fetch(url ?? '')).text(), href);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('first_name');
    expect(
      lines
        .slice(1)
        .map((row) => row.split(',')[4])
        .sort(),
    ).toEqual(['Bia', 'Caio']);

    await table.getByRole('cell', { name: 'Bia', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: 'Lead' });
    await drawer.getByText('Sent /start').waitFor();
    await drawer.getByLabel('Sale amount').fill('197.00');
    await drawer.getByRole('button', { name: 'Mark as converted' }).click();
    await drawer.getByText('Converted', { exact: false }).first().waitFor();
    await drawer.getByText('Receives campaigns').waitFor();
    await drawer.getByRole('button', { name: 'Opt out of campaigns' }).click();
    await drawer.getByText(/^Opted out of campaigns on .+ \(by you\)$/).waitFor();
    await page.screenshot({ path: join(screenshots, 'lead-drawer-en.png') });
    await drawer.getByRole('button', { name: 'Opt back in to campaigns' }).click();
    await drawer.getByText('Receives campaigns').waitFor();
    await drawer.getByText('Opted back in to campaigns').waitFor();
    await expect.poll(() => page.getByText('Revenue: R$197.00').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('follows a Brazilian Portuguese system', async () => {
    const { page, errors } = await open('pt-BR');
    await page.getByRole('heading', { name: 'Painel' }).waitFor();
    await page.getByRole('article', { name: '@loja_bot' }).getByText('Funcionando').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(screenshots, 'dashboard-pt-BR.png') });
    await page.getByRole('button', { name: 'Bots' }).click();
    await page.getByRole('button', { name: 'Adicionar bot' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'bots-pt-BR.png') });
    await page.getByRole('button', { name: 'Leads' }).click();
    await page.getByRole('table', { name: 'Leads' }).getByText('Duda').waitFor();
    await page.screenshot({ path: join(screenshots, 'leads-pt-BR.png') });
    await page.getByRole('button', { name: 'Alertas' }).click();
    await page.getByRole('table', { name: 'Incidentes' }).getByText('@loja_bot').first().waitFor();
    await page.screenshot({ path: join(screenshots, 'alerts-pt-BR.png'), fullPage: true });
    await page.getByRole('button', { name: 'Configurações', exact: true }).click();
    await page.getByText('Integridade: ok').waitFor();
    await page.screenshot({ path: join(screenshots, 'settings-pt-BR.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('tells the operator of an outage: channels and their test, the banner link, the incident, the browser notification', async () => {
    // Headless Chromium shows no notifications: a stand-in records what the console asks for.
    const { page, errors } = await open('en-US', () => {
      const shown: { title: string; body: string }[] = [];
      Object.assign(globalThis, { shownNotifications: shown });
      class RecordingNotification {
        static readonly permission = 'granted';
        static requestPermission(): Promise<string> {
          return Promise.resolve('granted');
        }
        onclick: (() => void) | null = null;
        constructor(title: string, options?: { body?: string }) {
          shown.push({ title, body: options?.body ?? '' });
        }
        close(): void {}
      }
      Object.defineProperty(globalThis, 'Notification', { value: RecordingNotification, configurable: true });
    });
    // The operator's figures, for the money at stake: each lead is worth 50% of R$100.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Average ticket (BRL)').fill('100');
    await page.getByLabel('Conversion rate (%)').fill('50');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    const shown = (): Promise<string[]> => page.evaluate(() => (globalThis as unknown as { shownNotifications: { title: string }[] }).shownNotifications.map((note) => note.title));
    await page.getByRole('button', { name: 'Alerts' }).click();
    const form = page.getByRole('form', { name: 'Add channel' });
    await form.getByLabel('Kind').selectOption({ label: 'Desktop notification' });
    await form.getByLabel('Name').fill('This browser');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await page.getByRole('list', { name: 'Alert channels' }).getByText('This browser').waitFor();
    await form.getByLabel('Kind').selectOption({ label: 'Generic webhook' });
    await form.getByLabel('Name').fill('Ops hook');
    await form.getByLabel('URL').fill('ftp://nowhere');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await form.getByRole('alert').filter({ hasText: 'https://' }).waitFor();
    await form.getByLabel('URL').fill(`${receiver.origin}/hook`);
    await form.getByRole('button', { name: 'Add channel' }).click();
    const hook = page.getByRole('listitem', { name: 'Ops hook' });
    await hook.getByRole('button', { name: 'Send test' }).click();
    await hook
      .getByRole('status')
      .filter({ hasText: /Test delivered in \d+ ms/ })
      .waitFor({ timeout: 10_000 });
    expect((receiver.requests.at(-1)?.json as { type: string }).type).toBe('test');
    await page.screenshot({ path: join(screenshots, 'alerts-channels-en.png') });

    await page.getByRole('button', { name: 'Dashboard' }).click();
    fake.setOutage(true);
    const banner = page.getByRole('alert').filter({ hasText: '@loja_bot' });
    await banner.getByRole('button', { name: 'View incident' }).waitFor({ timeout: 10_000 });
    await expect.poll(shown, { timeout: 10_000 }).toContain('🔴 @loja_bot is down');
    await page.screenshot({ path: join(screenshots, 'dashboard-incident-en.png') });
    await banner.getByRole('button', { name: 'View incident' }).click();
    const detail = page.getByRole('dialog', { name: 'Incident details' });
    await detail.waitFor();
    fake.sendStart(TOKEN, { id: 9101, firstName: 'Elis' });
    await page.screenshot({ path: join(screenshots, 'incident-open-en.png') });
    await detail.getByRole('button', { name: 'Close' }).click();
    const incidents = page.getByRole('table', { name: 'Incidents' });
    await incidents.getByRole('row').filter({ hasText: 'Open' }).filter({ hasText: '@loja_bot' }).waitFor();

    fake.setOutage(false);
    await expect.poll(shown, { timeout: 15_000 }).toContain('🟢 @loja_bot is back');
    // The newest incident is closed and counts the lead who wrote during the outage.
    const newest = incidents.getByRole('row').nth(1);
    await newest.filter({ hasText: 'Closed' }).waitFor({ timeout: 10_000 });
    await newest.filter({ hasText: '1 · 1 recovered' }).waitFor({ timeout: 10_000 });
    await newest.filter({ hasText: 'R$50.00' }).waitFor({ timeout: 10_000 });
    await page.getByRole('table', { name: 'Alert history' }).getByText('Ops hook').first().waitFor();
    await page.screenshot({ path: join(screenshots, 'alerts-en.png'), fullPage: true });
    const types = receiver.requests.map((request) => (request.json as { type: string }).type);
    expect(types).toEqual(['test', 'down', 'recovered']);

    // What the desktop shell sends after a click on its notification: the console shows that incident.
    const [latest] = core.incidents()?.list({ limit: 1, openOnly: false }) ?? [];
    await page.getByRole('button', { name: 'Dashboard' }).click();
    core.events.emit('console.open', { page: 'alerts', incidentId: latest!.id });
    const opened = page.getByRole('dialog', { name: 'Incident details' });
    await opened.getByRole('cell', { name: 'Elis', exact: true }).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('uploads welcome media into the media folder, and asks before a new Bot API address gets the tokens', async () => {
    const { page, errors } = await open('en-US');
    await page.getByRole('button', { name: 'Bots' }).click();
    await page.getByRole('button', { name: 'Edit welcome' }).click();
    const editor = page.getByRole('form', { name: 'Welcome message of @loja_bot' });
    await editor.getByLabel('Media', { exact: true }).selectOption('photo');
    // Bigger than one chunk: it crosses the WebSocket in several calls.
    const photo = Buffer.alloc(700 * 1024, 7);
    await editor.locator('input[type=file]').setInputFiles({ name: 'Oferta de hoje.jpg', mimeType: 'image/jpeg', buffer: photo });
    await editor.getByText('File: Oferta de hoje.jpg').waitFor();
    await editor.getByRole('button', { name: 'Save welcome' }).click();
    await editor.getByText('Welcome saved.').waitFor();
    fake.sendStart(TOKEN, { id: 9901, firstName: 'Bia' });
    await expect.poll(() => fake.sent(TOKEN, 9901).length, { timeout: 10_000 }).toBe(1);
    expect(fake.sent(TOKEN, 9901)[0]).toMatchObject({ method: 'sendPhoto', media: { source: 'upload', size: photo.length } });

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByText('Integrity: ok').waitFor();
    await page.getByLabel('Bot API address').fill('https://bot-api.example.com');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('https://bot-api.example.com will receive the tokens of all your bots').waitFor();
    expect((await createHandlers(core, 'linux').getSettings(undefined)).telegramApiRoot).toBeNull();
    await confirm.getByRole('button', { name: 'Send the tokens there and save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await createHandlers(core, 'linux').getSettings(undefined)).telegramApiRoot).toBe('https://bot-api.example.com');
    await page.getByLabel('Bot API address').fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(async () => (await createHandlers(core, 'linux').getSettings(undefined)).telegramApiRoot).toBeNull();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('refuses a browser without the token', async () => {
    const page = await e2e.browser.newPage();
    const response = await page.goto(e2e.server.url.replace(/token=[^&]+/, 'token=wrong'));
    expect(response?.status()).toBe(401);
    await expect(page.getByText('it carries the access token').isVisible()).resolves.toBe(true);
    await page.close();
  });
});
