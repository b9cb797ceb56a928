import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createHandlers } from '../../src/main/core/api';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e, type ConsoleE2e } from '../support/console-e2e';
import { fakeToken, type FakeUser } from '../support/fake-telegram';
import { startRunningBot } from '../support/running-bot';

const TOKEN = fakeToken(559_001);
const LONG_SOURCE = 'instagram_story_black_friday_swipe_up_2026_second_week';
const LEADS: readonly (FakeUser & { payload?: string })[] = [
  { id: 9401, firstName: 'Ana', username: 'ana_b', payload: LONG_SOURCE },
  { id: 9402, firstName: 'Bruno' },
];
/** The sidebar's order (AppShell's PAGES). */
const NAV = ['dashboard', 'bots', 'leads', 'alerts', 'recovery', 'campaigns', 'followups', 'products', 'sales', 'settings'] as const;

const focusSchema = z.object({ id: z.string(), tag: z.string(), leadId: z.string().nullable(), inDialog: z.boolean(), inAlertDialog: z.boolean(), text: z.string() });

/** What has focus: its id, the lead row it is, whether it is inside the open dialog, its text. (Page code as text: the tests compile without the DOM's types.) */
async function focused(page: Page): Promise<z.infer<typeof focusSchema>> {
  return focusSchema.parse(
    await page.evaluate(`(() => {
      const at = document.activeElement;
      return {
        id: at?.id ?? '',
        tag: at?.tagName.toLowerCase() ?? '',
        leadId: at?.getAttribute('data-lead-id') ?? null,
        inDialog: at?.closest('[role="dialog"]') != null,
        inAlertDialog: at?.closest('[role="alertdialog"]') != null,
        text: at?.innerText ?? '',
      };
    })()`),
  );
}

const widthsSchema = z.object({ scroll: z.number(), client: z.number() });

/** The page's own sideways extent: wider than the window means it scrolls sideways. */
async function pageWidths(page: Page): Promise<z.infer<typeof widthsSchema>> {
  return widthsSchema.parse(await page.evaluate('({ scroll: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth })'));
}

/** Tab until `done` says so (at most `limit` presses): how a keyboard user gets somewhere. */
async function tabTo(page: Page, done: (at: Awaited<ReturnType<typeof focused>>) => boolean, limit = 60): Promise<void> {
  for (let press = 0; press < limit; press += 1) {
    await page.keyboard.press('Tab');
    if (done(await focused(page))) return;
  }
  throw new Error(`Tab never reached the element; focus is on ${JSON.stringify(await focused(page))}`);
}

async function go(page: Page, to: (typeof NAV)[number]): Promise<void> {
  await page.locator('nav .nav-item').nth(NAV.indexOf(to)).click();
  await page.locator('main h1').waitFor();
}

describe.runIf(browserAvailable())('the console with the keyboard alone, at a narrow size, and announced in its language', () => {
  let e2e: ConsoleE2e;
  let anaId: number;
  let brunoId: number;

  beforeAll(async () => {
    e2e = await startConsoleE2e({ name: 'a11y-keyboard', bots: [{ token: TOKEN, id: 559_001, username: 'teclado_bot', firstName: 'Teclado' }] });
    await startRunningBot(e2e.core, TOKEN);
    for (const { payload, ...user } of LEADS) e2e.fake.sendStart(TOKEN, user, payload);
    await vi.waitFor(() => expect(LEADS.map((user) => e2e.fake.sent(TOKEN, user.id).length)).toEqual([1, 1]), { timeout: 15_000 });
    const { rows } = await createHandlers(e2e.core, 'linux').queryLeads({ filter: {}, sort: { column: 'first_seen_at', direction: 'desc' }, offset: 0, limit: 10 });
    anaId = rows.find((row) => row.firstName === 'Ana')?.id ?? 0;
    brunoId = rows.find((row) => row.firstName === 'Bruno')?.id ?? 0;
  }, 120_000);

  afterAll(() => e2e.close());

  it('opens a lead from its row with Enter, keeps focus in the drawer, converts with an amount, and closes on Escape back to the row', async () => {
    const { page, errors } = await e2e.open('en-US', { viewport: { width: 1280, height: 800 }, stepTimeoutMs: 10_000 });
    await go(page, 'leads');
    await page.locator(`[data-lead-id="${anaId}"]`).waitFor();
    await tabTo(page, (at) => at.leadId === String(anaId));

    // Enter opens the drawer, and the same key press does not close it again.
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: 'Lead Ana (@ana_b)' });
    await drawer.locator('.timeline li').first().waitFor();
    await expect(drawer.getAttribute('aria-modal')).resolves.toBe('true');
    expect((await focused(page)).inDialog).toBe(true);
    await expect(page.getByRole('dialog').count()).resolves.toBe(1);
    // The long source, cut in the table, is whole in the drawer.
    await drawer.getByText(LONG_SOURCE, { exact: false }).waitFor();

    // Tab and Shift+Tab cycle inside it.
    const stops = await drawer.locator('button:not(:disabled), input:not(:disabled)').count();
    for (let press = 0; press < stops + 2; press += 1) {
      await page.keyboard.press('Tab');
      expect((await focused(page)).inDialog).toBe(true);
    }
    for (let press = 0; press < stops + 2; press += 1) {
      await page.keyboard.press('Shift+Tab');
      expect((await focused(page)).inDialog).toBe(true);
    }

    // A wrong amount: the error is the field's, and focus stays on it.
    const amount = drawer.getByLabel('Sale amount (BRL)');
    await tabTo(page, (at) => at.id === 'amount');
    await page.keyboard.type('abc');
    await page.keyboard.press('Enter');
    const problem = drawer.getByRole('alert').filter({ hasText: 'Write the amount as a number' });
    await problem.waitFor();
    await expect(amount.getAttribute('aria-invalid')).resolves.toBe('true');
    // Described by its hint and by the error.
    const describedBy = (await amount.getAttribute('aria-describedby'))?.split(' ') ?? [];
    expect(describedBy).toContain(await problem.getAttribute('id'));
    expect(describedBy).toContain('amount-help');
    expect((await focused(page)).id).toBe('amount');

    await page.keyboard.press('Control+A');
    await page.keyboard.type('197.50');
    await page.keyboard.press('Enter');
    await drawer.getByText('R$197.50').waitFor();
    await expect(amount.getAttribute('aria-invalid')).resolves.toBe('false');

    // Escape closes it from wherever focus is in it, and focus goes back to the row.
    await tabTo(page, (at) => at.tag === 'button' && at.text === 'Opt out of campaigns');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expect((await focused(page)).leadId).toBe(String(anaId));

    // Space opens it too.
    await page.keyboard.press(' ');
    await drawer.locator('.timeline li').first().waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('puts focus on what is wrong after a refused submit, and closes the remove confirmation on Escape', async () => {
    const { page, errors } = await e2e.open('en-US', { viewport: { width: 1280, height: 800 }, stepTimeoutMs: 10_000 });

    // The bot form, submitted from its button: focus goes to the refused token, which carries the reason.
    await go(page, 'bots');
    await tabTo(page, (at) => at.id === 'bot-token');
    await page.keyboard.type('not a token');
    await tabTo(page, (at) => at.tag === 'button' && at.text === 'Add bot');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'does not look like a bot token' }).waitFor();
    expect((await focused(page)).id).toBe('bot-token');
    await expect(page.locator('#bot-token').getAttribute('aria-invalid')).resolves.toBe('true');

    // The remove confirmation: a dialog that takes focus, closes on Escape, and gives focus back.
    await tabTo(page, (at) => at.tag === 'button' && at.text === 'Remove');
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('alertdialog', { name: 'Remove @teclado_bot?' });
    await confirm.waitFor();
    expect((await focused(page)).inAlertDialog).toBe(true);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect((await focused(page)).text).toBe('Remove');

    // An alert channel with nothing filled in: focus goes to the reason it was refused.
    await go(page, 'alerts');
    await page.getByRole('button', { name: 'Add channel' }).focus();
    await page.keyboard.press('Enter');
    const refusal = page.locator('.add-channel').getByRole('alert');
    await refusal.waitFor();
    expect((await focused(page)).text).toBe(await refusal.innerText());

    // Settings with a wrong number: focus goes to that field.
    await go(page, 'settings');
    const grace = page.getByLabel('Down after no contact with Telegram for (seconds)');
    await grace.fill('soon');
    await page.getByRole('button', { name: 'Save settings' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).id).toBe('setting-downGraceSeconds');
    await expect(grace.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('at 800x700 neither the Bots nor the Leads page scrolls sideways; the leads header and rows scroll as one', async () => {
    const { page, errors } = await e2e.open('pt-BR', { viewport: { width: 800, height: 700 }, stepTimeoutMs: 10_000 });

    await go(page, 'bots');
    await page.getByRole('button', { name: 'Editar boas-vindas' }).click();
    const preview = page.locator('.welcome-editor .tg-preview');
    await preview.waitFor();
    const bots = await pageWidths(page);
    expect(bots.scroll).toBeLessThanOrEqual(bots.client);
    // The whole preview is on screen (beside the editor it was cut off).
    const box = await preview.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(800);

    await go(page, 'leads');
    const anaRow = page.locator(`[data-lead-id="${anaId}"]`);
    await anaRow.waitFor();
    const leads = await pageWidths(page);
    expect(leads.scroll).toBeLessThanOrEqual(leads.client);
    // One sideways scroller for the whole table, and the header's columns stay over the rows' when it scrolls.
    const table = page.getByRole('table', { name: 'Leads' });
    const scrollers = z
      .number()
      .parse(
        await page.evaluate(
          `[...document.querySelectorAll('[role="table"], [role="table"] *')].filter((node) => ['auto', 'scroll'].includes(getComputedStyle(node).overflowX) && node.scrollWidth > node.clientWidth).length`,
        ),
      );
    expect(scrollers).toBe(1);
    const scrolled = z.object({ by: z.number(), lefts: z.array(z.array(z.number())) }).parse(
      await page.evaluate(`(() => {
        const table = document.querySelector('[role="table"]');
        table.scrollLeft = 300;
        const rows = [...table.querySelectorAll('[role="row"]')].slice(0, 2);
        return { by: table.scrollLeft, lefts: rows.map((row) => [...row.children].map((cell) => Math.round(cell.getBoundingClientRect().left))) };
      })()`),
    );
    expect(scrolled.by).toBeGreaterThan(0);
    expect(scrolled.lefts[1]).toEqual(scrolled.lefts[0]);
    // A cut source and a Portuguese status are whole in their tooltips.
    await anaRow.locator(`[title="${LONG_SOURCE}"]`).waitFor();
    await page.locator(`[data-lead-id="${brunoId}"] [title="Recebeu boas-vindas"]`).waitFor();
    // The "Starts" column speaks Portuguese too.
    await expect(table.getByRole('columnheader').allInnerTexts()).resolves.not.toContain('Starts');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('at 1280x800 the leads table fits its box', async () => {
    const { page, errors } = await e2e.open('en-US', { viewport: { width: 1280, height: 800 }, stepTimeoutMs: 10_000 });
    await go(page, 'leads');
    await page.locator(`[data-lead-id="${anaId}"]`).waitFor();
    const fit = widthsSchema.parse(
      await page.evaluate(`(() => { const table = document.querySelector('[role="table"]'); return { scroll: table.scrollWidth, client: table.clientWidth }; })()`),
    );
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('announces each page in the console language: <html lang>, the title, one h1 that takes focus', async () => {
    for (const [locale, lang] of [
      ['pt-BR', 'pt-BR'],
      ['en-US', 'en'],
    ] as const) {
      const { page, errors } = await e2e.open(locale, { viewport: { width: 1280, height: 800 }, stepTimeoutMs: 10_000 });
      await page.locator('main h1').waitFor();
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
      for (const to of [...NAV.slice(1), NAV[0]]) {
        await go(page, to);
        const navLabel = await page.locator('nav .nav-item').nth(NAV.indexOf(to)).innerText();
        await expect.poll(async () => (await focused(page)).tag).toBe('h1');
        await expect(page.locator('h1').count()).resolves.toBe(1);
        await expect(page.title()).resolves.toBe(`${navLabel} · Botdeck`);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('says "saved" in the language just chosen', async () => {
    const { page, errors } = await e2e.open('en-US', { viewport: { width: 1280, height: 800 }, stepTimeoutMs: 10_000 });
    await go(page, 'settings');
    await page.getByLabel('Language').selectOption('pt-BR');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Salvo.' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('pt-BR');
    await expect(page.getByText('Saved.', { exact: true }).count()).resolves.toBe(0);
    await page.getByLabel('Idioma').selectOption('auto');
    await page.getByRole('button', { name: 'Salvar configurações' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
