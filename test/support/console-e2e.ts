import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startCore, type Core } from '../../src/main/core/core';
import type { FleetOptions } from '../../src/main/core/fleet/fleet-options';
import { browserNotifier } from '../../src/main/headless/browser-notifier';
import type { HeadlessServer } from '../../src/main/headless/headless-server';
import { launchBrowser } from './browser';
import { fastAlerts, fastFleet } from './engine';
import { startFakeTelegram, type FakeBotSpec, type FakeTelegram } from './fake-telegram';
import { APP_VERSION } from './fixtures';
import { serveConsole } from './served-console';
import { tempDir } from './temp-dir';

export interface OpenOptions {
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Runs in the page before the console's own scripts (a stand-in for a browser API, say). */
  readonly initScript?: () => void;
  /** Each step's own limit, so a step that fails says which inside the test's time. */
  readonly stepTimeoutMs?: number;
  /** Lets a test add its own script (axe-core) to the page despite the console's CSP. */
  readonly bypassCSP?: boolean;
}

/** The console as an operator reaches it in headless mode: the engine, the fake Bot API, the server, and Chromium. */
export interface ConsoleE2e {
  readonly fake: FakeTelegram;
  readonly core: Core;
  readonly server: HeadlessServer;
  readonly browser: Browser;
  readonly dataDir: string;
  /** A fresh browser context on the console in this locale, with the page's uncaught errors collected. */
  open(locale: string, options?: OpenOptions): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export interface ConsoleE2eOptions {
  /** Names the data folder, for a test that leaves it behind. */
  readonly name: string;
  /** Bots the fake Bot API knows (not yet added to Botdeck). */
  readonly bots: readonly FakeBotSpec[];
  /** As the headless host wires it: notifications go to the open consoles' browsers. */
  readonly browserNotifications?: boolean;
  /** Engine timings over the fast ones (PIX questions, say). */
  readonly fleet?: Partial<Omit<FleetOptions, 'apiRoot'>>;
}

/** Starts everything an end-to-end test drives (the console is built once per run, before the tests). */
export async function startConsoleE2e(options: ConsoleE2eOptions): Promise<ConsoleE2e> {
  const fake = await startFakeTelegram();
  for (const bot of options.bots) fake.addBot(bot);
  const dataDir = join(tempDir(`botdeck-e2e-${options.name}-`), 'data');
  let served: HeadlessServer | null = null;
  let started: Core | null = null;
  const notifier =
    options.browserNotifications === true
      ? browserNotifier({ push: (content) => started?.events.emit('notification.show', content), consoles: () => served?.consoles() ?? 0 })
      : undefined;
  const core = await startCore({
    dataDir,
    appVersion: APP_VERSION,
    env: { BOTDECK_TELEGRAM_API_ROOT: fake.apiRoot },
    fleet: { ...fastFleet, ...options.fleet },
    alerts: fastAlerts,
    ...(notifier === undefined ? {} : { notifier }),
  });
  started = core;
  const server = await serveConsole(core, dataDir);
  served = server;
  const browser = await launchBrowser();

  return {
    fake,
    core,
    server,
    browser,
    dataDir,
    async open(locale, { viewport = { width: 1200, height: 800 }, initScript, stepTimeoutMs, bypassCSP = false } = {}) {
      const context = await browser.newContext({ locale, viewport, bypassCSP });
      const page = await context.newPage();
      if (stepTimeoutMs !== undefined) page.setDefaultTimeout(stepTimeoutMs);
      if (initScript !== undefined) await page.addInitScript(initScript);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(server.url);
      return { page, errors };
    },
    async close() {
      await browser.close();
      await server.close();
      await core.close();
      await fake.close();
    },
  };
}
