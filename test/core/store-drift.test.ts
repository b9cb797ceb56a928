import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/main/core/api';
import { startCore, type Core } from '../../src/main/core/core';
import { databasePath } from '../../src/main/core/db/paths';
import { dispatch } from '../../src/main/core/dispatch';
import { TELEGRAM_KEEPS_UPDATES_MS } from '../../src/main/core/telegram-window';
import { storeStatusSchema, type RefusalAlert } from '../../src/shared/store-status';
import { APP_VERSION } from '../support/fixtures';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { tempDir } from '../support/temp-dir';

let core: Core | null = null;
let receiver: HttpReceiver | null = null;

afterEach(async () => {
  await core?.close();
  core = null;
  await receiver?.close();
  receiver = null;
});

/** A data folder the engine has run on (so it has a heartbeat), then drifted by `drift`. */
async function ranThenDrifted(drift: string, before?: (ran: Core) => void): Promise<{ dataDir: string; lastBeat: number }> {
  const dataDir = tempDir();
  const ran = await startCore({ dataDir, appVersion: APP_VERSION });
  before?.(ran);
  await ran.close();
  const db = new Database(databasePath(dataDir));
  const lastBeat = (db.prepare('SELECT beat_at FROM heartbeat WHERE id = 1').get() as { beat_at: number }).beat_at;
  db.exec(drift);
  db.close();
  return { dataDir, lastBeat };
}

async function settledAlert(current: Core): Promise<RefusalAlert | null> {
  await expect.poll(() => current.storeStatus().refusalAlert?.state, { timeout: 5000 }).not.toBe('sending');
  return current.storeStatus().refusalAlert;
}

describe('a drifted store at start', () => {
  it("shows how long Telegram keeps the waiting /starts: 24 h from the engine's last heartbeat", async () => {
    const { dataDir, lastBeat } = await ranThenDrifted('DROP INDEX deliveries_lead;');
    core = await startCore({ dataDir, appVersion: APP_VERSION });
    const status = core.storeStatus();
    expect(status.state).toBe('mismatch');
    expect(status.telegramWindow).toEqual({ lastHeartbeatAt: lastBeat, keptUntil: lastBeat + TELEGRAM_KEEPS_UPDATES_MS });
    expect(TELEGRAM_KEEPS_UPDATES_MS).toBe(86_400_000);
  });

  it('is repaired by the repairStore call: backup, repair, and the bots may run again', async () => {
    const { dataDir } = await ranThenDrifted('DROP INDEX deliveries_lead; DROP INDEX leads_active_starts;');
    core = await startCore({ dataDir, appVersion: APP_VERSION });
    expect(core.fleet()).toBeNull();
    const handlers = createHandlers(core, 'linux');

    const result = await dispatch(handlers, 'repairStore', undefined);

    if (!result.ok) throw new Error(result.error.message);
    expect(storeStatusSchema.parse(result.value.status)).toMatchObject({ state: 'ready', differences: [], error: null });
    expect(result.value.backup?.name).toMatch(/^botdeck-.*\.db$/);
    expect(result.value.actions).toEqual(expect.arrayContaining(['Created index deliveries_lead.', 'Created index leads_active_starts.']));
    expect(core.botsMayRun()).toBeNull();
    expect(core.fleet()).not.toBeNull();
    expect(core.alerts()).not.toBeNull();
  });

  it('answers repairStore with STORE_REPAIR_REFUSED when a backup is the only way out, and stays refused', async () => {
    const { dataDir } = await ranThenDrifted('DROP TABLE engine_gaps;');
    core = await startCore({ dataDir, appVersion: APP_VERSION });
    const result = await dispatch(createHandlers(core, 'linux'), 'repairStore', undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'STORE_REPAIR_REFUSED' } });
    expect(core.storeStatus().state).toBe('mismatch');
    expect(core.fleet()).toBeNull();
  });

  it('tells the alert channels, once, that the bots were refused', async () => {
    receiver = await startHttpReceiver();
    const url = `${receiver.origin}/hook`;
    const { dataDir } = await ranThenDrifted('DROP INDEX deliveries_lead;', (ran) => {
      ran.alerts()?.addChannel({ name: 'Hook', enabled: true, config: { kind: 'webhook', url } });
    });
    core = await startCore({ dataDir, appVersion: APP_VERSION });

    const request = await receiver.nextRequest();

    expect(request.path).toBe('/hook');
    expect(request.json).toMatchObject({ source: 'botdeck', type: 'store_refused', title: expect.stringContaining('The bots were not started') as string });
    expect(JSON.stringify(request.json)).toContain('Telegram keeps the waiting /starts until');
    expect(await settledAlert(core)).toEqual({ state: 'done', sent: 1, failed: 0, detail: null });
    expect(receiver.requests).toHaveLength(1);
  });

  it("says so when the alert channels' own table is broken", async () => {
    const { dataDir } = await ranThenDrifted('ALTER TABLE alert_channels DROP COLUMN hint;');
    core = await startCore({ dataDir, appVersion: APP_VERSION });
    const alert = await settledAlert(core);
    expect(alert).toMatchObject({ state: 'unavailable', sent: 0 });
    expect(alert?.detail).toContain("The alert channels' own table differs");
  });
});
