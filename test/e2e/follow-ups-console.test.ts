import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e, type ConsoleE2e } from '../support/console-e2e';
import { fakeToken } from '../support/fake-telegram';
import { startRunningBot } from '../support/running-bot';

const TOKEN = fakeToken(557_001);

describe.runIf(browserAvailable())('the follow-up editor in Chromium, served by the headless mode', () => {
  let e2e: ConsoleE2e;
  let botId: number;

  beforeAll(async () => {
    e2e = await startConsoleE2e({ name: 'followups', bots: [{ token: TOKEN, id: 557_001, username: 'sequence_bot', firstName: 'Sequence' }] });
    botId = await startRunningBot(e2e.core, TOKEN);
  }, 120_000);

  afterAll(() => e2e.close());

  it('adds a follow-up step, edits it, and the engine keeps what was saved', async () => {
    const { page, errors } = await e2e.open('en-US', { viewport: { width: 1200, height: 900 }, stepTimeoutMs: 10_000 });

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

    const saved = e2e.core.followUps()?.get(botId);
    expect(saved?.steps).toHaveLength(1);
    expect(saved?.steps[0]).toMatchObject({
      delay: { amount: 45, unit: 'minutes' },
      condition: 'not_clicked',
      message: { text: 'Last chance: <i>20% off</i>', optOutButton: true },
    });
    expect(saved?.enabled).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
