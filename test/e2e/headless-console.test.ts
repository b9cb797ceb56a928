import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/main/core/api';
import { startCore, type Core } from '../../src/main/core/core';
import { newAccessToken } from '../../src/main/headless/access-token';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/headless/headless-server';
import { browserAvailable, launchBrowser } from '../support/browser';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

const root = join(__dirname, '../..');
const screenshots = join(root, 'test-results', 'screenshots');

describe.runIf(browserAvailable())('the console in Chromium, served by the headless mode', () => {
  let browser: Browser;
  let core: Core;
  let server: HeadlessServer;
  let dataDir: string;

  beforeAll(async () => {
    // Always build: a stale out/ would test yesterday's console.
    const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`electron-vite build failed: ${build.stderr}`);
    dataDir = join(tempDir('botdeck-e2e-'), 'data');
    core = await startCore({ dataDir, appVersion: APP_VERSION });
    server = await startHeadlessServer({
      handlers: createHandlers(core, 'linux'),
      events: core.events,
      rendererDir: join(root, 'out/renderer'),
      host: '127.0.0.1',
      port: 0,
      token: newAccessToken(),
    });
    browser = await launchBrowser();
    mkdirSync(screenshots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await server.close();
    await core.close();
  });

  it('shows the store status over the WebSocket transport', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    await page.getByText('Ready: schema verified, bots may run').waitFor({ timeout: 15_000 });
    await expect(page.getByRole('heading', { name: 'Botdeck' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText(dataDir, { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByText(`v${APP_VERSION}`).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(screenshots, 'headless-status-en.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses a browser without the token', async () => {
    const page = await browser.newPage();
    const response = await page.goto(server.url.replace(/token=[^&]+/, 'token=wrong'));
    expect(response?.status()).toBe(401);
    await expect(page.getByText('it carries the access token').isVisible()).resolves.toBe(true);
    await page.close();
  });
});
