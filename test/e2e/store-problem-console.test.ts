import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../src/main/core/core';
import { listBackups } from '../../src/main/core/db/backup';
import { databasePath } from '../../src/main/core/db/paths';
import type { HeadlessServer } from '../../src/main/headless/headless-server';
import { serveConsole } from '../support/served-console';
import { browserAvailable, launchBrowser } from '../support/browser';
import { fastAlerts } from '../support/engine';
import { APP_VERSION } from '../support/fixtures';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { tempDir } from '../support/temp-dir';

describe.runIf(browserAvailable())('the problem screen of a drifted store, in Chromium', () => {
  let browser: Browser;
  let receiver: HttpReceiver;
  let core: Core;
  let server: HeadlessServer;
  let dataDir: string;

  beforeAll(async () => {
    receiver = await startHttpReceiver();
    dataDir = tempDir('botdeck-e2e-drift-');
    // The engine ran once (a heartbeat, an alert channel), then its leads indexes went missing.
    const ran = await startCore({ dataDir, appVersion: APP_VERSION });
    ran.alerts()?.addChannel({ name: 'Hook', enabled: true, config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
    await ran.close();
    const db = new Database(databasePath(dataDir));
    db.exec('DROP INDEX leads_bot_first_seen; DROP INDEX leads_active_status;');
    db.close();
    core = await startCore({ dataDir, appVersion: APP_VERSION, alerts: fastAlerts });
    server = await serveConsole(core, dataDir);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await server.close();
    await core.close();
    await receiver.close();
  });

  it("names the drift, shows Telegram's window and the alert, and one click repairs it and starts the console", async () => {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(server.url);
    // The screen renders once the status arrives over the socket: wait for it, a loaded machine is slow.
    await page.getByRole('heading', { name: 'The database does not match this version of Botdeck' }).waitFor({ timeout: 10_000 });
    const differences = page.getByRole('list', { name: 'Schema differences' }).getByRole('listitem');
    await expect(differences.count()).resolves.toBe(2);
    await page.getByText(/Telegram keeps the \/starts that arrived since Botdeck last ran .* for 2[34] h/).waitFor({ timeout: 10_000 });
    expect((await receiver.nextRequest()).json).toMatchObject({ type: 'store_refused' });
    await page.getByText('Your alert channels were told that the bots were not started (1 reached, 0 failed).').waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Back up and repair' }).click();

    await page.getByRole('button', { name: 'Bots' }).waitFor({ timeout: 10_000 });
    expect(core.storeStatus().state).toBe('ready');
    expect(core.fleet()).not.toBeNull();
    expect(listBackups(dataDir)).toHaveLength(1);
  });
});
