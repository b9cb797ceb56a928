import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../src/main/core/core';
import type { HeadlessServer } from '../../src/main/headless/headless-server';
import { browserAvailable, launchBrowser } from '../support/browser';
import { fastAlerts, fastFleet } from '../support/engine';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { APP_VERSION } from '../support/fixtures';
import { startRunningBot } from '../support/running-bot';
import { buildConsole, serveConsole } from '../support/served-console';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(557_001);

describe.runIf(browserAvailable())('the follow-up editor in Chromium, served by the headless mode', () => {
  let browser: Browser;
  let fake: FakeTelegram;
  let core: Core;
  let server: HeadlessServer;
  let botId: number;

  beforeAll(async () => {
    buildConsole();
    fake = await startFakeTelegram();
    fake.addBot({ token: TOKEN, id: 557_001, username: 'sequence_bot', firstName: 'Sequence' });
    const dataDir = join(tempDir('botdeck-e2e-followups-'), 'data');
    core = await startCore({ dataDir, appVersion: APP_VERSION, env: { BOTDECK_TELEGRAM_API_ROOT: fake.apiRoot }, fleet: fastFleet, alerts: fastAlerts });
    server = await serveConsole(core, dataDir);
    botId = await startRunningBot(core, TOKEN);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await server.close();
    await core.close();
    await fake.close();
  });

  it('adds a follow-up step, edits it, and the engine keeps what was saved', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);

    await page.getByRole('button', { name: 'Follow-ups' }).click();
    await page.getByText('No step yet: add the first one.').waitFor();
    await page.getByRole('button', { name: 'Add a step' }).click();
    const editor = page.getByRole('form', { name: 'Follow-up step' });
    await editor.getByLabel('Delay', { exact: true }).fill('3');
    await editor.getByLabel('Text (Telegram HTML').fill('<b>Still thinking?</b>');
    await editor.getByRole('button', { name: 'Save step' }).click();
    const steps = page.getByRole('table', { name: 'Steps' });
    await steps.getByRole('cell', { name: '3 h after the welcome · if not converted' }).waitFor();

    await steps.getByRole('button', { name: 'Edit' }).click();
    await editor.getByLabel('Delay', { exact: true }).fill('45');
    await editor.getByLabel('Delay unit', { exact: true }).selectOption('minutes');
    await editor.getByLabel('Condition', { exact: true }).selectOption('not_clicked');
    await editor.getByLabel('Text (Telegram HTML').fill('Last chance: <i>20% off</i>');
    await editor.getByRole('button', { name: 'Save step' }).click();
    await steps.getByRole('cell', { name: '45 min after the welcome · if not converted and did not click' }).waitFor();

    const saved = core.followUps()?.get(botId);
    expect(saved?.steps).toHaveLength(1);
    expect(saved?.steps[0]).toMatchObject({
      delay: { amount: 45, unit: 'minutes' },
      condition: 'not_clicked',
      message: { text: 'Last chance: <i>20% off</i>', optOutButton: true },
    });
    expect(saved?.enabled).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
