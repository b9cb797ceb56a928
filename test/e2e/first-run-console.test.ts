import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { en, type MessageKey } from '../../src/renderer/src/i18n/messages.en';
import { ptBR } from '../../src/renderer/src/i18n/messages.pt-BR';
import { axeViolations } from '../support/axe-check';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e } from '../support/console-e2e';
import { fleetOf } from '../support/engine';
import { fakeToken, type FakeUser } from '../support/fake-telegram';
import { projectRoot } from '../support/served-console';

const screenshots = join(projectRoot, 'test-results', 'screenshots');

const languages = [
  { locale: 'en-US', name: 'en', catalog: en, botId: 561_001, operator: { id: 8801, firstName: 'Op', languageCode: 'en' }, confirmation: /^Botdeck now knows this chat/ },
  {
    locale: 'pt-BR',
    name: 'pt-BR',
    catalog: ptBR,
    botId: 561_002,
    operator: { id: 8802, firstName: 'Op', languageCode: 'pt-br' },
    confirmation: /^O Botdeck agora conhece este chat/,
  },
] as const satisfies readonly { locale: string; name: string; catalog: Record<MessageKey, string>; botId: number; operator: FakeUser; confirmation: RegExp }[];

describe.runIf(browserAvailable())('the first-run path in Chromium, from an empty store', () => {
  it.each(languages)(
    '$name: token, welcome, start, the operator’s /start, Telegram alerts, then the dashboard',
    async ({ locale, name, catalog, botId, operator, confirmation }) => {
      const say = (key: MessageKey, values: Record<string, string | number> = {}): string => catalog[key].replace(/\{(\w+)\}/g, (_, field: string) => String(values[field]));
      const token = fakeToken(botId);
      const e2e = await startConsoleE2e({ name: `first-run-${name}`, bots: [{ token, id: botId, username: 'loja_bot', firstName: 'Loja' }] });
      try {
        mkdirSync(screenshots, { recursive: true });
        const { page, errors } = await e2e.open(locale, { viewport: { width: 1280, height: 800 }, stepTimeoutMs: 10_000, bypassCSP: true });
        await page.getByRole('heading', { name: say('firstRun.title'), level: 1 }).waitFor();
        expect(await axeViolations(page)).toEqual([]);

        // 1. A token Telegram refuses is explained; the fake's own token is checked and added.
        const tokenField = page.getByLabel(say('bots.add.label'));
        await tokenField.fill(fakeToken(999_999));
        await page.getByRole('button', { name: say('firstRun.token.submit') }).click();
        await page.getByRole('alert').waitFor();
        await tokenField.fill(token);
        await page.getByRole('button', { name: say('firstRun.token.submit') }).click();

        // 2. The bot is checked; keep the default welcome.
        await page.getByText(say('firstRun.checked', { name: 'loja_bot', first: 'Loja' })).waitFor();
        await page.screenshot({ path: join(screenshots, `first-run-welcome-${name}.png`) });
        await page.getByRole('button', { name: say('firstRun.welcome.keep') }).click();

        // 3. Start it.
        await page.getByText(say('firstRun.start.help', { name: 'loja_bot' })).waitFor();
        await page.getByRole('button', { name: say('firstRun.start.button', { name: 'loja_bot' }) }).click();
        await page.getByText(say('firstRun.start.running', { name: 'loja_bot' })).waitFor();
        await page.getByRole('button', { name: say('firstRun.next') }).click();

        // 4. The operator's /start with the code from the link: their chat id shows up, no lead.
        const link = await page.getByRole('link', { name: say('firstRun.chat.link', { name: 'loja_bot' }) }).getAttribute('href');
        const code = new URL(link ?? '').searchParams.get('start');
        expect(link).toMatch(/^https:\/\/t\.me\/loja_bot\?start=botdeck_/);
        await vi.waitFor(() => expect(e2e.fake.isPolling(token)).toBe(true), { timeout: 10_000 });
        e2e.fake.sendStart(token, operator, code ?? '');
        await page.getByText(say('firstRun.chat.learned', { id: operator.id, name: 'loja_bot' })).waitFor();
        await page.screenshot({ path: join(screenshots, `first-run-chat-${name}.png`) });
        expect(await axeViolations(page)).toEqual([]);
        await page.getByRole('button', { name: say('firstRun.next') }).click();

        // 5. Telegram alerts to that chat, through the bot just added (its token kept from step 1); the test alert arrives.
        await expect(page.getByLabel(say('firstRun.alerts.telegram', { id: operator.id })).isChecked()).resolves.toBe(true);
        await page.getByRole('button', { name: say('firstRun.alerts.submit') }).click();
        await page.getByText(say('firstRun.alerts.tested', { name: say('firstRun.alerts.channel.telegram') })).waitFor();
        const received = e2e.fake.sent(token, operator.id).map((message) => message.text ?? '');
        expect(received).toHaveLength(2);
        // The confirmation of the /start (in the sender's language while the setting is auto; not the welcome), then the test alert.
        expect(received[0]).toMatch(confirmation);
        expect(received[1]).toMatch(/^✅ (Botdeck test alert|Alerta de teste do Botdeck)/);
        await page.getByRole('button', { name: say('firstRun.done') }).click();

        // The dashboard: the running bot's card, and no warning about alerts reaching nobody.
        await page.getByRole('heading', { name: say('dashboard.title') }).waitFor();
        await page.getByRole('article', { name: '@loja_bot' }).getByText(say('state.running')).waitFor();
        await expect(page.getByText(say('dashboard.noAlerts')).count()).resolves.toBe(0);
        await page.screenshot({ path: join(screenshots, `first-run-done-${name}.png`) });
        // The learned chat is offered wherever a chat id is asked, saying where it came from.
        const source = page.getByText(new RegExp(say('operatorChat.source', { id: operator.id, name: 'loja_bot', date: 'DATE' }).replace(/[.()]/g, '\\$&').replace('DATE', '.+')));
        await page.getByRole('button', { name: say('nav.alerts') }).click();
        await expect(page.getByLabel(say('channels.add.chatId'), { exact: true }).inputValue()).resolves.toBe(String(operator.id));
        await source.first().waitFor();
        // ...and learned again from there, by the same /start flow (here from another chat).
        await page.getByRole('button', { name: say('operatorChat.learnAgain') }).click();
        const again = new URL((await page.getByRole('link', { name: say('firstRun.chat.link', { name: 'loja_bot' }) }).getAttribute('href')) ?? '').searchParams.get('start');
        expect(again).not.toBe(code);
        e2e.fake.sendStart(token, { ...operator, id: operator.id + 100 }, again ?? '');
        await expect.poll(() => page.getByLabel(say('channels.add.chatId'), { exact: true }).inputValue(), { timeout: 10_000 }).toBe(String(operator.id + 100));
        await page.getByRole('button', { name: say('nav.dashboard') }).click();
        await page.getByRole('button', { name: say('nav.alerts') }).click();
        await expect(page.getByLabel(say('channels.add.chatId'), { exact: true }).inputValue()).resolves.toBe(String(operator.id + 100));
        await page.getByRole('button', { name: say('nav.bots') }).click();
        await page.getByRole('button', { name: say('welcome.edit') }).click();
        await expect(page.getByLabel(say('welcome.test.chat')).inputValue()).resolves.toBe(String(operator.id + 100));
        const leads = await e2e.core.store()?.db.prepare('SELECT count(*) AS n FROM leads').get();
        expect(leads).toEqual({ n: 0 });
        expect(errors).toEqual([]);
      } finally {
        await e2e.close();
      }
    },
    120_000,
  );

  it('skipped: the dashboard warns that an outage alerts nobody, and a bot left stopped says it is not answering leads yet', async () => {
    const say = (key: MessageKey, values: Record<string, string | number> = {}): string => en[key].replace(/\{(\w+)\}/g, (_, field: string) => String(values[field]));
    const token = fakeToken(561_003);
    const e2e = await startConsoleE2e({ name: 'first-run-skipped', bots: [{ token, id: 561_003, username: 'parado_bot', firstName: 'Parado' }] });
    try {
      const { page, errors } = await e2e.open('en-US', { stepTimeoutMs: 10_000 });
      await page.getByRole('button', { name: say('firstRun.skip') }).click();
      await page.getByRole('heading', { name: say('dashboard.title') }).waitFor();
      await page.getByText(say('dashboard.noAlerts')).waitFor();
      await page.getByRole('button', { name: say('firstRun.resume') }).waitFor();

      // Skipped stays skipped after a reload; a bot added elsewhere and left stopped says so.
      await fleetOf(e2e.core).addBot(token);
      await page.reload();
      const card = page.getByRole('article', { name: '@parado_bot' });
      await card.getByText(say('card.notAnswering')).waitFor();
      await page.getByText(say('dashboard.stopped', { names: '@parado_bot' })).waitFor();
      await card.getByRole('button', { name: say('bots.start') }).click();
      await card.getByText(say('state.running')).waitFor();
      await expect(page.getByText(say('dashboard.stopped', { names: '@parado_bot' })).count()).resolves.toBe(0);
      await expect(card.getByText(say('card.notAnswering')).count()).resolves.toBe(0);

      await page.getByRole('button', { name: say('dashboard.noAlerts.add') }).click();
      await page.getByRole('heading', { name: say('alerts.title') }).waitFor();

      // First-run confusion: a new button shows no error before it is touched; a disabled save says why.
      await page.getByRole('button', { name: say('nav.bots') }).click();
      await page.getByRole('button', { name: say('welcome.edit') }).click();
      const editor = page.getByRole('form', { name: say('welcome.title', { name: 'parado_bot' }) });
      await editor.getByRole('button', { name: say('welcome.button.add') }).click();
      await editor.getByText(say('welcome.button.data.help')).waitFor();
      await expect(editor.getByRole('alert').count()).resolves.toBe(0);
      const save = editor.getByRole('button', { name: say('welcome.save') });
      await expect(save.isDisabled()).resolves.toBe(true);
      const reason = editor.getByText(/^Cannot save yet: .+/);
      await reason.waitFor();
      await expect(save.getAttribute('aria-describedby')).resolves.toBe(await reason.getAttribute('id'));
      await editor.getByLabel(say('welcome.button.text')).click();
      await editor.getByLabel(say('welcome.button.data')).click();
      await editor.getByRole('alert').waitFor();
      await editor.getByLabel(say('welcome.button.text')).fill('Quero');
      await editor.getByLabel(say('welcome.button.data')).fill('offer:1');
      await expect(save.isDisabled()).resolves.toBe(false);
      await expect(reason.count()).resolves.toBe(0);

      // Settings says which Bot API address is in force and why, with the field empty.
      await page.getByRole('button', { name: say('nav.settings'), exact: true }).click();
      await expect(page.getByLabel(say('settings.apiRoot')).inputValue()).resolves.toBe('');
      await page.getByText(say('settings.apiRoot.fromEnv', { root: e2e.fake.apiRoot })).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await e2e.close();
    }
  }, 120_000);
});
