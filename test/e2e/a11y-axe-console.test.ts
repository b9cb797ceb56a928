import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createHandlers } from '../../src/main/core/api';
import { PixGatewayRecords } from '../../src/main/core/payments/pix-gateway-records';
import { keyFileSecretStore } from '../../src/main/core/secrets/key-file-secret-store';
import { errorText } from '../../src/shared/i18n/error-text';
import { axeViolations as violations } from '../support/axe-check';
import { browserAvailable } from '../support/browser';
import { startConsoleE2e, type ConsoleE2e } from '../support/console-e2e';
import { fleetOf } from '../support/engine';
import { startFakePix, type FakePix } from '../support/fake-pix';
import { fakeToken, type FakeUser } from '../support/fake-telegram';
import { startRunningBot, storeDbOf } from '../support/running-bot';

const TOKEN = fakeToken(558_001);
const LEADS: readonly (FakeUser & { payload?: string })[] = [
  { id: 9301, firstName: 'Ana', lastName: 'Beatriz Cavalcanti de Albuquerque', username: 'ana_beatriz', payload: 'instagram_story_black_friday_swipe_up_2026_second_week' },
  { id: 9302, firstName: 'Bruno' },
];
/** The sidebar's order (AppShell's PAGES). */
const NAV = ['dashboard', 'bots', 'leads', 'alerts', 'recovery', 'campaigns', 'followups', 'products', 'sales', 'settings'] as const;

/** What the operator opens, and what shows it is ready. A new page (or dialog) is one more line. */
/** The engine and the fake gateway, for the screens that set a state up first. */
interface Setup {
  readonly e2e: ConsoleE2e;
  readonly pix: FakePix;
}

const SCREENS: readonly { readonly name: string; readonly show: (page: Page, setup: Setup) => Promise<void> }[] = [
  {
    name: 'Dashboard',
    show: async (page, { e2e }) => {
      // No PIX gateway (an earlier run's failing one is gone), so the product editor below says PIX needs one.
      fleetOf(e2e.core).pixGateway.remove();
      await go(page, 'dashboard', '.cards .card');
    },
  },
  { name: 'Bots', show: (page) => go(page, 'bots', '.bot-row') },
  { name: 'Bots, remove confirmation', show: async (page) => opened(page, 'bots', '.bot-row button.danger', '[role="alertdialog"]') },
  { name: 'Leads, drawer open', show: async (page) => opened(page, 'leads', '.leads-body [role="row"]', '[role="dialog"] .timeline li') },
  { name: 'Campaigns (composer)', show: (page) => go(page, 'campaigns', 'form .tg-preview') },
  { name: 'Campaigns, a campaign open', show: async (page) => opened(page, 'campaigns', 'table button[aria-expanded]', '.campaign-view .tg-preview') },
  { name: 'Follow-ups', show: (page) => go(page, 'followups', 'main select') },
  { name: 'Products', show: (page) => go(page, 'products', 'main table [data-product-id]') },
  { name: 'Products, editor open', show: async (page) => opened(page, 'products', 'main table [data-product-id] button:not(.danger)', 'form .tg-preview') },
  { name: 'Recovery', show: (page) => go(page, 'recovery', 'main form') },
  { name: 'Alerts', show: (page) => go(page, 'alerts', '.add-channel') },
  { name: 'Sales', show: (page) => go(page, 'sales', '.funnel-table') },
  { name: 'Settings', show: (page) => go(page, 'settings', '.store-report') },
  {
    name: 'Dashboard, the PIX gateway failing',
    show: async (page, { e2e, pix }) => {
      await failingGateway(e2e, pix);
      await go(page, 'dashboard', '.cards .card');
      await page.getByRole('status').filter({ hasText: 'PIX' }).getByRole('button').waitFor();
    },
  },
  { name: 'Settings, the PIX gateway failing', show: (page) => go(page, 'settings', 'form[aria-labelledby="pix-settings-title"] [role="alert"]') },
];

/** A connected gateway whose last answer was a refused token, a minute ago. */
async function failingGateway(e2e: ConsoleE2e, pix: FakePix): Promise<void> {
  await fleetOf(e2e.core).pixGateway.set({ kind: 'mercado_pago', accessToken: pix.accessToken, baseUrl: pix.baseUrl, expiryMinutes: 30 });
  new PixGatewayRecords(storeDbOf(e2e.core), keyFileSecretStore(e2e.dataDir)).failed({
    at: Date.now() - 60_000,
    code: 'PIX_CREDENTIALS_REFUSED',
    text: errorText('pix.credentialsRefused', { detail: 'HTTP 401' }),
  });
}

async function go(page: Page, to: (typeof NAV)[number], ready: string): Promise<void> {
  // Whatever the last screen left open (a drawer, a confirmation) closes first.
  await page.keyboard.press('Escape');
  await page.locator('nav .nav-item').nth(NAV.indexOf(to)).click();
  await page.locator(ready).first().waitFor();
}

async function opened(page: Page, to: (typeof NAV)[number], opener: string, ready: string): Promise<void> {
  await go(page, to, opener);
  await page.locator(opener).first().click();
  await page.locator(ready).first().waitFor();
}

describe.runIf(browserAvailable())('every console page passes axe-core (nothing above minor) and does not scroll sideways, in both languages', () => {
  let e2e: ConsoleE2e;
  let pix: FakePix;

  beforeAll(async () => {
    pix = await startFakePix();
    e2e = await startConsoleE2e({ name: 'a11y-axe', bots: [{ token: TOKEN, id: 558_001, username: 'loja_da_ana_bot', firstName: 'Loja' }] });
    const botId = await startRunningBot(e2e.core, TOKEN);
    for (const { payload, ...user } of LEADS) e2e.fake.sendStart(TOKEN, user, payload);
    await vi.waitFor(() => expect(LEADS.map((user) => e2e.fake.sent(TOKEN, user.id).length)).toEqual([1, 1]), { timeout: 15_000 });
    await createHandlers(e2e.core, 'linux').createCampaign({
      name: 'Semana do cliente',
      audience: { bots: [botId], segment: 'all', includeConverted: false },
      message: { text: '<b>Oferta</b> só hoje', media: null, buttons: [], optOutButton: true },
    });
    await createHandlers(e2e.core, 'linux').saveProduct({
      productId: null,
      product: {
        botId,
        name: 'Guia completo',
        description: 'O guia em PDF',
        priceCents: 4990,
        priceStars: 250,
        delivery: { text: 'Seu guia: https://example.com/g', media: null, buttons: [] },
      },
    });
  }, 120_000);

  afterAll(async () => {
    await e2e.close();
    await pix.close();
  });

  for (const [locale, viewport] of [
    ['en-US', { width: 1280, height: 800 }],
    ['pt-BR', { width: 1280, height: 800 }],
    ['pt-BR', { width: 800, height: 700 }],
  ] as const) {
    it(`${locale} at ${viewport.width}x${viewport.height}`, async () => {
      const { page, errors } = await e2e.open(locale, { viewport, stepTimeoutMs: 10_000, bypassCSP: true });
      const found: string[] = [];
      for (const screen of SCREENS) {
        await screen.show(page, { e2e, pix });
        found.push(...(await violations(page)).map((line) => `${screen.name}: ${line}`));
        // Nor does any page scroll sideways (the 800 px window included).
        const wide = z.boolean().parse(await page.evaluate('document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth'));
        if (wide) found.push(`${screen.name}: the page scrolls sideways`);
      }
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    }, 120_000);
  }
});
