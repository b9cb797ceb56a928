import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IncidentRecords } from '../../src/main/core/alerts/incident-records';
import { createHandlers } from '../../src/main/core/api';
import type { Core } from '../../src/main/core/core';
import { defaultApologies, MAX_APOLOGY_CHARS } from '../../src/shared/recovery-jobs';
import { defaultSettings } from '../../src/shared/settings';
import { welcomeSchema } from '../../src/shared/welcome';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e, type ConsoleE2e } from '../support/console-e2e';
import { fleetOf } from '../support/engine';
import { fakeToken, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { projectRoot } from '../support/served-console';

const screenshots = join(projectRoot, 'test-results', 'screenshots');
const TOKEN = fakeToken(556_001);
const APOLOGY = 'Sorry for the wait!';
const DAY = 24 * 3_600_000;

describe.runIf(browserAvailable())('recovering lost leads in Chromium, served by the headless mode', () => {
  let e2e: ConsoleE2e;
  let fake: FakeTelegram;
  let core: Core;
  let botId: number;

  beforeAll(async () => {
    e2e = await startConsoleE2e({ name: 'recovery', bots: [{ token: TOKEN, id: 556_001, username: 'promo_bot', firstName: 'Promo' }], browserNotifications: true });
    ({ fake, core } = e2e);
    botId = await startRunningBot(core, TOKEN);
    // Each lead is worth 50% of R$100: the money at stake shows.
    await createHandlers(core, 'linux').updateSettings({ averageTicket: 100, conversionRatePercent: 50 });
    mkdirSync(screenshots, { recursive: true });
  }, 120_000);

  afterAll(() => e2e.close());

  // Headless Chromium shows no notifications: a stand-in keeps them, so the test can click one.
  const recordNotifications = (): void => {
    const shown: { onclick: (() => void) | null }[] = [];
    Object.assign(globalThis, { shownNotifications: shown });
    class RecordingNotification {
      static readonly permission = 'granted';
      static requestPermission(): Promise<string> {
        return Promise.resolve('granted');
      }
      onclick: (() => void) | null = null;
      constructor() {
        shown.push(this);
      }
      close(): void {}
    }
    Object.defineProperty(globalThis, 'Notification', { value: RecordingNotification, configurable: true });
  };

  const open = (locale: string): Promise<{ page: Page; errors: string[] }> =>
    e2e.open(locale, { viewport: { width: 1200, height: 800 }, initScript: recordNotifications, stepTimeoutMs: 10_000 });

  /** /starts whose welcome Telegram refuses for good (chat not found): leads who never got a welcome. */
  async function refusedStarts(users: readonly FakeUser[]): Promise<void> {
    fake.fault(TOKEN, { kind: 'chat_not_found', methods: ['sendMessage'], chatIds: users.map((user) => user.id), times: users.length });
    for (const user of users) fake.sendStart(TOKEN, user);
    const failed = storeDbOf(core).prepare<[string], { n: number }>(
      "SELECT count(*) AS n FROM deliveries WHERE kind = 'welcome' AND status = 'failed' AND chat_id IN (SELECT value FROM json_each(?))",
    );
    await vi.waitFor(() => expect(failed.get(JSON.stringify(users.map((user) => user.id)))).toEqual({ n: users.length }), { timeout: 15_000 });
  }

  const texts = (user: FakeUser): string[] => fake.sent(TOKEN, user.id).map((message) => message.text ?? '');

  it('wins back the leads an outage and a refusing Telegram cost: from the incident and from the dashboard, to the report', async () => {
    const { page, errors } = await open('en-US');
    // An outage, and two leads who wrote during it whose welcome Telegram then refuses.
    fake.setOutage(true);
    await vi.waitFor(() => expect(fleetOf(core).status(botId)).toMatchObject({ state: 'down' }), { timeout: 10_000 });
    const duringOutage = [
      { id: 8101, firstName: 'Ana' },
      { id: 8102, firstName: 'Bruno' },
    ];
    const outageEnded = refusedStarts(duringOutage);
    fake.setOutage(false);
    await outageEnded;

    // The incident shows what it cost, and recovers it.
    await page.getByRole('button', { name: 'Alerts' }).click();
    await page.getByRole('table', { name: 'Incidents' }).getByRole('button', { name: 'Details' }).first().click();
    const detail = page.getByRole('dialog', { name: 'Incident details' });
    const facts = detail.locator('.incident-loss dl');
    await expect.poll(() => facts.innerText(), { timeout: 10_000 }).toMatch(/\/starts inside it\s+2\b/);
    expect(await facts.innerText()).toMatch(/Never got a welcome\s+2\b/);
    expect(await facts.innerText()).toMatch(/Won back by a recovery\s+0\b/);
    await page.screenshot({ path: join(screenshots, 'incident-loss-en.png') });
    await detail.getByRole('button', { name: 'Recover 2 leads' }).click();

    const form = page.getByRole('form', { name: 'Recover' });
    await expect(form.getByRole('radio', { name: 'One incident' }).isChecked()).resolves.toBe(true);
    await form.getByRole('status').filter({ hasText: '2 leads will get the message, one each.' }).waitFor({ timeout: 10_000 });
    await form.getByRole('button', { name: 'Recover 2 leads…' }).click();
    await form.getByRole('alertdialog', { name: 'Start the recovery' }).getByRole('button', { name: 'Yes, start' }).click();
    const firstJob = page.getByRole('region', { name: 'Recovery job 1' });
    await firstJob.locator('[data-status="done"]').waitFor({ timeout: 15_000 });
    const firstReport = firstJob.getByRole('table', { name: 'Report, lead by lead' });
    await expect.poll(() => firstReport.locator('tbody tr[data-outcome="sent"]').count(), { timeout: 10_000 }).toBe(2);
    await firstReport.getByRole('cell', { name: 'Ana', exact: true }).waitFor();
    await page.screenshot({ path: join(screenshots, 'recovery-job-en.png'), fullPage: true });
    for (const user of duringOutage) expect(texts(user)).toHaveLength(1);
    // The form counts again: those two are won back, nobody is left in that incident.
    await form.getByRole('status').filter({ hasText: 'Nobody to recover in this scope.' }).waitFor({ timeout: 10_000 });
    await expect(form.getByRole('button', { name: 'Recover', exact: true }).isDisabled()).resolves.toBe(true);

    // A refused welcome outside any incident: the dashboard's card leads to the form.
    const later = { id: 8103, firstName: 'Clara', username: 'clara_m' };
    await refusedStarts([later]);
    await page.getByRole('button', { name: 'Dashboard' }).click();
    const card = page.getByRole('article', { name: 'Lost leads' });
    await card.getByText('1 lead never got a welcome').waitFor({ timeout: 10_000 });
    await card.getByText('R$50.00 at stake').waitFor();
    await card.getByText('1 failed').waitFor();
    await page.screenshot({ path: join(screenshots, 'dashboard-loss-en.png') });
    await card.getByRole('button', { name: 'Recover 1 lead' }).click();

    await expect(form.getByRole('radio', { name: 'All leads who never got a welcome' }).isChecked()).resolves.toBe(true);
    await form.getByRole('status').filter({ hasText: '1 lead will get the message.' }).waitFor({ timeout: 10_000 });
    const lost = page.getByRole('table', { name: 'The leads' });
    await lost.getByRole('row').filter({ hasText: 'Clara' }).filter({ hasText: 'Failed: Bad Request: chat not found' }).waitFor();
    await form.getByRole('radio', { name: 'An apology, then the welcome' }).check();
    const apology = form.getByLabel('Apology', { exact: true });
    await expect(apology.inputValue()).resolves.toBe(defaultApologies.en);
    await form.getByText(`${defaultApologies.en.length} of ${MAX_APOLOGY_CHARS} characters`).waitFor();
    await apology.fill('   ');
    await form.getByRole('alert').filter({ hasText: 'The apology is empty.' }).waitFor();
    await expect(form.getByRole('button', { name: 'Recover 1 lead…' }).isDisabled()).resolves.toBe(true);
    await apology.fill(APOLOGY);
    await form.getByRole('button', { name: 'Recover 1 lead…' }).click();
    await form.getByRole('alertdialog').getByRole('button', { name: 'Yes, start' }).click();
    const secondJob = page.getByRole('region', { name: 'Recovery job 2' });
    await secondJob.locator('[data-status="done"]').waitFor({ timeout: 15_000 });
    await secondJob.getByRole('table', { name: 'Report, lead by lead' }).getByRole('row').filter({ hasText: 'Clara' }).filter({ hasText: 'Sent' }).waitFor({ timeout: 10_000 });
    expect((await secondJob.locator('dl.figures').innerText()).replace(/\s+/g, ' ')).toContain('Sent 1 of 1');
    expect(texts(later)).toHaveLength(1);
    expect(texts(later)[0]?.startsWith(`${APOLOGY}\n\n`)).toBe(true);
    await page.getByRole('table', { name: 'Recovery jobs' }).locator('[data-job-id]').first().waitFor();
    await expect(page.getByRole('table', { name: 'Recovery jobs' }).locator('[data-status="done"]').count()).resolves.toBe(2);

    // The report as CSV, downloaded from the headless console.
    await secondJob.getByRole('button', { name: 'Export CSV' }).click();
    const exported = secondJob.getByRole('status').filter({ hasText: 'rows written to' });
    await exported.waitFor({ timeout: 10_000 });
    const href = await exported.getByRole('link', { name: 'Download' }).getAttribute('href');
    const csv = await page.evaluate(async (url) => (await fetch(url ?? '')).text(), href);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Clara');
    expect(lines[1]).toContain('sent');

    // The lead's timeline says which job won it back.
    await page.getByRole('button', { name: 'Leads' }).click();
    await page.getByRole('table', { name: 'Leads' }).getByRole('cell', { name: 'Clara', exact: true }).click();
    await page.getByRole('dialog', { name: 'Lead' }).getByText('Recovered by job 2').waitFor();
    await page.getByRole('dialog', { name: 'Lead' }).getByRole('button', { name: 'Close' }).click();

    // A notification about a job opens it: the browser's, and the desktop shell's 'console.open'.
    await page.getByRole('button', { name: 'Dashboard' }).click();
    core.events.emit('notification.show', { title: 'Recovery job 1 is done', body: '2 sent', opens: { page: 'recovery', jobId: 1 } });
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { shownNotifications: unknown[] }).shownNotifications.length), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.evaluate(() => (globalThis as unknown as { shownNotifications: { onclick: (() => void) | null }[] }).shownNotifications.at(-1)?.onclick?.());
    await page.getByRole('region', { name: 'Recovery job 1' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Dashboard' }).click();
    core.events.emit('console.open', { page: 'recovery', jobId: 2 });
    await page.getByRole('region', { name: 'Recovery job 2' }).waitFor({ timeout: 10_000 });
    // Nobody is left: the dashboard's card is gone.
    await page.getByRole('button', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await expect.poll(() => page.getByRole('article', { name: 'Lost leads' }).count(), { timeout: 10_000 }).toBe(0);

    // Two more refused welcomes, and the operator stops the bot: a job on it waits for the bot, pauses, resumes, is cancelled.
    await refusedStarts([
      { id: 8104, firstName: 'Davi' },
      { id: 8105, firstName: 'Elisa' },
    ]);
    await fleetOf(core).stopBot(botId);
    await page.getByRole('button', { name: 'Recovery' }).click();
    await page.getByRole('table', { name: 'By bot' }).getByRole('row').filter({ hasText: '@promo_bot' }).filter({ hasText: 'Stopped' }).waitFor({ timeout: 10_000 });
    await form.getByRole('radio', { name: 'One bot' }).check();
    await form.getByRole('combobox', { name: 'Choose the bot' }).selectOption({ label: '@promo_bot' });
    await form.getByRole('status').filter({ hasText: '2 leads will get the message, one each.' }).waitFor({ timeout: 10_000 });
    // A welcome so long that the apology no longer fits one message: the engine refuses, the form says why, nothing starts.
    await createHandlers(core, 'linux').setWelcome({ botId, welcome: welcomeSchema.parse({ text: 'x'.repeat(4000) }) });
    await form.getByRole('radio', { name: 'An apology, then the welcome' }).check();
    await form.getByRole('button', { name: 'Recover 2 leads…' }).click();
    await form.getByRole('alertdialog').getByRole('button', { name: 'Yes, start' }).click();
    await form.getByRole('alert').filter({ hasText: 'With the apology, the welcome of @promo_bot is too long' }).waitFor();
    expect(await createHandlers(core, 'linux').listRecoveryJobs(undefined)).toHaveLength(2);
    await form.getByRole('radio', { name: 'The bot’s welcome' }).check();
    await form.getByRole('button', { name: 'Recover 2 leads…' }).click();
    await form.getByRole('alertdialog').getByRole('button', { name: 'Yes, start' }).click();
    const thirdJob = page.getByRole('region', { name: 'Recovery job 3' });
    await thirdJob.getByText('@promo_bot is not running: its 2 lead(s) wait and are sent when it runs again.').waitFor({ timeout: 10_000 });
    await thirdJob.getByRole('button', { name: 'Pause' }).click();
    await thirdJob.locator('[data-status="paused"]').waitFor();
    await thirdJob.getByRole('button', { name: 'Resume' }).click();
    await thirdJob.locator('[data-status="running"]').waitFor();
    await thirdJob.getByRole('button', { name: 'Cancel job…' }).click();
    const cancel = thirdJob.getByRole('alertdialog', { name: 'Cancel job…' });
    await cancel.getByText('The 2 lead(s) still waiting will not be messaged').waitFor();
    await cancel.getByRole('button', { name: 'Keep it going' }).click();
    await thirdJob.locator('[data-status="running"]').waitFor();
    await thirdJob.getByRole('button', { name: 'Cancel job…' }).click();
    await cancel.getByRole('button', { name: 'Yes, cancel the job' }).click();
    await thirdJob.locator('[data-status="cancelled"]').waitFor({ timeout: 10_000 });
    const thirdReport = thirdJob.getByRole('table', { name: 'Report, lead by lead' });
    await expect.poll(() => thirdReport.getByRole('row').filter({ hasText: 'Cancelled' }).filter({ hasText: 'You cancelled the job' }).count(), { timeout: 10_000 }).toBe(2);
    await lost.getByRole('row').filter({ hasText: 'Elisa' }).filter({ hasText: 'A recovery to them was cancelled' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'recovery-cancelled-en.png'), fullPage: true });
    fleetOf(core).startBot(botId);
    await vi.waitFor(() => expect(fleetOf(core).status(botId)).toMatchObject({ state: 'running' }), { timeout: 10_000 });
    for (const id of [8104, 8105]) expect(fake.sent(TOKEN, id)).toHaveLength(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('speaks Brazilian Portuguese on the Recovery page and in the incident', async () => {
    // Botdeck was off for three days, which ended two days ago: Telegram kept only the last 24 hours of it.
    const now = Date.now();
    storeDbOf(core)
      .prepare('INSERT INTO engine_gaps (offline_from, offline_to) VALUES (?, ?)')
      .run(now - 5 * DAY, now - 2 * DAY);
    const gapId = new IncidentRecords(storeDbOf(core), () => defaultSettings).recordEngineGap(now - 5 * DAY, now - 2 * DAY, 'crash');
    const { page, errors } = await open('pt-BR');
    await page.getByRole('button', { name: 'Recuperação' }).click();
    await page.getByRole('heading', { name: 'Recuperação', level: 1 }).waitFor();
    await page.getByText('2 leads nunca receberam boas-vindas').waitFor({ timeout: 10_000 });
    await page.getByRole('table', { name: 'Os leads' }).getByRole('row').filter({ hasText: 'Davi' }).filter({ hasText: 'Uma recuperação para este lead foi cancelada' }).waitFor();
    const form = page.getByRole('form', { name: 'Recuperar' });
    await form.getByRole('group', { name: 'Quais leads' }).waitFor();
    await form.getByRole('status').filter({ hasText: '2 leads vão receber a mensagem, uma para cada.' }).waitFor({ timeout: 10_000 });
    await form.getByRole('radio', { name: 'Um pedido de desculpas e, em seguida, as boas-vindas' }).check();
    await expect(form.getByLabel('Pedido de desculpas', { exact: true }).inputValue()).resolves.toBe(defaultApologies['pt-BR']);
    const jobs = page.getByRole('table', { name: 'Tarefas de recuperação' });
    await expect.poll(() => jobs.getByText('Concluída').count(), { timeout: 10_000 }).toBe(2);
    await jobs.getByText('Cancelada').waitFor();
    await jobs.getByRole('button', { name: 'Ver a tarefa 3' }).click();
    const job = page.getByRole('region', { name: 'Tarefa de recuperação 3' });
    await job.getByRole('table', { name: 'Relatório, lead a lead' }).getByRole('row').filter({ hasText: 'Você cancelou a tarefa' }).first().waitFor();
    await jobs.getByRole('button', { name: 'Ver a tarefa 1' }).click();
    await page
      .getByRole('region', { name: 'Tarefa de recuperação 1' })
      .getByRole('table', { name: 'Relatório, lead a lead' })
      .getByRole('cell', { name: 'Enviada' })
      .first()
      .waitFor();
    await page.screenshot({ path: join(screenshots, 'recovery-pt-BR.png'), fullPage: true });

    await page.getByRole('button', { name: 'Alertas' }).click();
    const incidents = page.getByRole('table', { name: 'Incidentes' });
    await incidents.locator(`tr[data-incident-id="${gapId}"]`).getByRole('button', { name: 'Detalhes' }).click();
    const detail = page.getByRole('dialog', { name: 'Detalhes do incidente' });
    const blind = detail.getByRole('note');
    await blind.filter({ hasText: 'O Telegram guarda as atualizações não confirmadas por 24 horas' }).waitFor();
    await blind.filter({ hasText: 'Essa janela foi de 2 d 0 h.' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'incident-blind-window-pt-BR.png') });
    await detail.getByRole('button', { name: 'Fechar' }).click();
    await incidents.getByRole('row').filter({ hasText: '@promo_bot' }).getByRole('button', { name: 'Detalhes' }).click();
    const facts = detail.locator('.incident-loss dl');
    await expect.poll(() => facts.innerText(), { timeout: 10_000 }).toMatch(/Recuperados por uma tarefa de recuperação\s+2\b/);
    expect(await facts.innerText()).toMatch(/Nunca receberam boas-vindas\s+0\b/);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
