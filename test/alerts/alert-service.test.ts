import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../src/main/core/api';
import { startCore, type Core } from '../../src/main/core/core';
import { databasePath } from '../../src/main/core/db/paths';
import { dispatch } from '../../src/main/core/dispatch';
import { writeSettings } from '../../src/main/core/operator-settings';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { fastAlerts, fastFleet, fleetOf, recordingNotifier } from '../support/engine';
import { storeDbOf } from '../support/running-bot';
import { APP_VERSION } from '../support/fixtures';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(333_001);
const SECRET_PATH = '/services/T000/B000/very-secret-path';

let fake: FakeTelegram;
let receiver: HttpReceiver;
let dataDir: string;
let core: Core | null = null;

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 333_001, username: 'desk_bot', firstName: 'Desk' });
  receiver = await startHttpReceiver();
  dataDir = tempDir();
});

afterEach(async () => {
  await core?.close();
  core = null;
  await receiver.close();
  await fake.close();
});

async function engine(notifier = recordingNotifier()): Promise<Core> {
  core = await startCore({ dataDir, appVersion: APP_VERSION, env: { BOTDECK_TELEGRAM_API_ROOT: fake.apiRoot }, fleet: fastFleet, alerts: fastAlerts, notifier });
  return core;
}

const db = (): ReturnType<typeof storeDbOf> => storeDbOf(core);

describe('alert channels through the contract', () => {
  it('seals the destination at rest and only ever shows a hint', async () => {
    const handlers = createHandlers(await engine(), 'linux');
    const added = await dispatch(handlers, 'addAlertChannel', { name: 'Team', config: { kind: 'slack', url: `${receiver.origin}${SECRET_PATH}` } });
    expect(added).toMatchObject({ ok: true, value: { kind: 'slack', name: 'Team', enabled: true } });
    const listed = await dispatch(handlers, 'listAlertChannels', undefined);
    expect(JSON.stringify(listed)).not.toContain('very-secret-path');
    await core?.close();
    core = null;
    const file = readFileSync(databasePath(dataDir));
    expect(file.includes(Buffer.from('very-secret-path'))).toBe(false);
  });

  it('refuses a bad destination or a change of kind with a clear error', async () => {
    const handlers = createHandlers(await engine(), 'linux');
    const bad = await dispatch(handlers, 'addAlertChannel', { name: 'Hook', config: { kind: 'webhook', url: 'ftp://example.com' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const added = await dispatch(handlers, 'addAlertChannel', { name: 'Hook', config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
    if (!added.ok) throw new Error(added.error.message);
    const changed = await dispatch(handlers, 'updateAlertChannel', { channelId: added.value.id, config: { kind: 'discord', url: `${receiver.origin}/d` } });
    expect(changed).toMatchObject({ ok: false, error: { code: 'CHANNEL_INVALID' } });
    expect(changed.ok ? '' : changed.error.message).toContain('add a new channel');
    const missing = await dispatch(handlers, 'testAlertChannel', { channelId: 999 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'CHANNEL_NOT_FOUND' } });
  });

  it('reports a failing test with the reason and writes it to the history', async () => {
    const handlers = createHandlers(await engine(), 'linux');
    const added = await dispatch(handlers, 'addAlertChannel', { name: 'Hook', config: { kind: 'webhook', url: `${receiver.origin}/gone` } });
    if (!added.ok) throw new Error(added.error.message);
    receiver.answer(404, 'no such hook');
    const failed = await dispatch(handlers, 'testAlertChannel', { channelId: added.value.id });
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error.code).toBe('CHANNEL_FAILED');
    expect(failed.error.message).toMatch(/404/);
    expect(failed.error.message).not.toContain('/gone');
    receiver.answer(200, 'ok');
    expect(await dispatch(handlers, 'testAlertChannel', { channelId: added.value.id })).toMatchObject({ ok: true, value: { ok: true } });
    const history = await dispatch(handlers, 'listAlertLog', {});
    expect(history).toMatchObject({
      ok: true,
      value: [
        { type: 'test', status: 'sent' },
        { type: 'test', status: 'failed', attempts: 1 },
      ],
    });
  });

  it('sends nothing through a disabled channel', async () => {
    await engine();
    const fleet = fleetOf(core!);
    const bot = await fleet.addBot(TOKEN);
    const channel = core!.alerts()!.addChannel({ name: 'Hook', enabled: true, config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
    core!.alerts()!.updateChannel({ channelId: channel.id, enabled: false });
    fleet.startBot(bot.id);
    fake.fault(TOKEN, { kind: 'unauthorized' });
    await vi.waitFor(() => expect(core!.incidents()!.list({ limit: 5, openOnly: true })).toHaveLength(1), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('on a desktop', () => {
  it('notifies on screen from the first start, and a removed notification channel stays removed', async () => {
    const notifier = { ...recordingNotifier(), native: true };
    await engine(notifier);
    const [channel] = core!.alerts()!.listChannels();
    expect(channel).toMatchObject({ kind: 'desktop', name: 'This computer', enabled: true });
    const fleet = fleetOf(core!);
    const bot = await fleet.addBot(TOKEN);
    fleet.startBot(bot.id);
    fake.fault(TOKEN, { kind: 'unauthorized' });
    await vi.waitFor(() => expect(notifier.shown.map((shown) => shown.title)).toEqual(['🔴 @desk_bot is down']), { timeout: 10_000 });
    core!.alerts()!.removeChannel(channel!.id);
    await core!.close();
    core = null;
    await engine(notifier);
    expect(core!.alerts()!.listChannels()).toEqual([]);
  });

  it('adds no screen channel where there is no screen of its own', async () => {
    await engine();
    expect(core!.alerts()!.listChannels()).toEqual([]);
  });
});

describe('while a bot stays down', () => {
  it('repeats the alert every N minutes when the operator asked for it, and not otherwise', async () => {
    await engine();
    const fleet = fleetOf(core!);
    const bot = await fleet.addBot(TOKEN);
    core!.alerts()!.addChannel({ name: 'Hook', enabled: true, config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
    fleet.startBot(bot.id);
    fake.fault(TOKEN, { kind: 'unauthorized' });
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1), { timeout: 10_000 });
    // Pretend the down alert went out ten minutes ago.
    db().prepare('UPDATE incidents SET last_alert_at = last_alert_at - 600000').run();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(1);
    writeSettings(db(), { alertRepeatMinutes: 5 });
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(2), { timeout: 3000 });
    expect(receiver.requests[1]?.json).toMatchObject({ type: 'still_down', title: '🔴 @desk_bot is still down' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(2);
  });
});

describe('across restarts', () => {
  it('ends incidents and alerts the previous run left open', async () => {
    await engine();
    const fleet = fleetOf(core!);
    const bot = await fleet.addBot(TOKEN);
    fleet.startBot(bot.id);
    fake.fault(TOKEN, { kind: 'unauthorized' });
    await vi.waitFor(() => expect(core!.incidents()!.list({ limit: 5, openOnly: true })).toHaveLength(1), { timeout: 10_000 });
    db().prepare("INSERT INTO alert_log (channel_kind, channel_name, type, status, created_at) VALUES ('slack', 'Gone', 'down', 'sending', 1)").run();
    await core!.close();
    core = null;
    await engine();
    const [old] = core!
      .incidents()!
      .list({ limit: 5, openOnly: false })
      .filter((incident) => incident.cause === 'token_revoked');
    expect(old).toMatchObject({ endReason: 'engine_stopped' });
    expect(old!.endedAt).toBeGreaterThanOrEqual(old!.startedAt);
    const abandoned = core!
      .alerts()!
      .history({ limit: 5 })
      .find((entry) => entry.channelName === 'Gone');
    expect(abandoned?.status).toBe('failed');
    expect(abandoned?.error).toContain('stopped before');
  });
});

describe('health settings', () => {
  it('apply to running bots at once', async () => {
    const handlers = createHandlers(await engine(), 'linux');
    const fleet = fleetOf(core!);
    const bot = await fleet.addBot(TOKEN);
    fleet.startBot(bot.id);
    await vi.waitFor(() => expect(fleet.status(bot.id).reason).toBe('ok'), { timeout: 10_000 });
    const saved = await dispatch(handlers, 'updateSettings', { downAfterFailures: 1, downGraceSeconds: 5 });
    expect(saved).toMatchObject({ ok: true, value: { downAfterFailures: 1, downGraceSeconds: 5 } });
    fake.setOutage(true);
    // One failure is now enough.
    await vi.waitFor(
      () => {
        const status = fleet.status(bot.id);
        expect(status.state).toBe('down');
        expect(status.detail).toContain('1 failures in a row');
      },
      { timeout: 10_000 },
    );
    const refused = await dispatch(handlers, 'updateSettings', { downGraceSeconds: 2 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(refused.ok ? '' : refused.error.message).toContain('at least 5');
  });
});
