import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/main/core/core';
import type { FleetOptions } from '../../src/main/core/fleet/fleet-options';
import { fastFleet, fleetOf, startEngine } from '../support/engine';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';

let fake: FakeTelegram;
let core: Core | null = null;
const TOKEN = fakeToken(113_001);
const ana: FakeUser = { id: 7101, firstName: 'Ana' };

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 113_001, username: 'shop_bot', firstName: 'Shop' });
});

afterEach(async () => {
  await core?.close();
  core = null;
  await fake.close();
});

async function runningBot(send: FleetOptions['send']): Promise<void> {
  core = await startEngine(tempDir(), fake.apiRoot, { ...fastFleet, send });
  await startRunningBot(core, TOKEN);
}

const db = (): Database.Database => storeDbOf(core);
const delivery = (): { status: string; attempts: number } | undefined => db().prepare<[], { status: string; attempts: number }>('SELECT status, attempts FROM deliveries').get();

describe('transport failures are never final', () => {
  it('keeps a welcome through more network failures than the old six tries, and delivers it once Telegram is reachable', async () => {
    await runningBot({ ...fastFleet.send!, perChatGapMs: 50, backoff: { baseMs: 20, maxMs: 80 } });
    fake.fault(TOKEN, { kind: 'drop', methods: ['sendMessage'] });
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(delivery()?.attempts).toBeGreaterThanOrEqual(8), { timeout: 10_000 });
    expect(delivery()?.status).toMatch(/^(pending|sending)$/);
    expect(fake.sent(TOKEN)).toHaveLength(0);

    fake.clearFaults(TOKEN);
    await vi.waitFor(() => expect(fake.sent(TOKEN)).toHaveLength(1), { timeout: 5000 });
    await vi.waitFor(() => expect(delivery()?.status).toBe('sent'));
    expect(db().prepare('SELECT status, welcomed_at IS NOT NULL AS welcomed FROM leads').get()).toEqual({ status: 'welcomed', welcomed: 1 });
  });

  it('retries 5xx answers without a last try', async () => {
    await runningBot({ ...fastFleet.send!, perChatGapMs: 50, backoff: { baseMs: 10, maxMs: 40 } });
    fake.fault(TOKEN, { kind: 'server_error', methods: ['sendMessage'], times: 9 });
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(delivery()).toEqual({ status: 'sent', attempts: 9 }), { timeout: 10_000 });
    expect(fake.calls(TOKEN, 'sendMessage').map((call) => call.status)).toEqual([...Array<number>(9).fill(500), 'ok']);
    expect(fake.sent(TOKEN)).toHaveLength(1);
  });

  it('sends at once when a poll gets an answer again, instead of waiting out the wait the failed sends asked for', async () => {
    // The first failed send makes the sender wait at least 5 s: long enough to tell the two apart.
    await runningBot({ ...fastFleet.send!, backoff: { baseMs: 10_000, maxMs: 10_000 } });
    fake.fault(TOKEN, { kind: 'drop', methods: ['sendMessage'] });
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(delivery()?.attempts).toBe(1), { timeout: 5000 });

    // The network goes, then comes back: the bot's next poll that gets an answer wakes the sender.
    fake.setOutage(true);
    await vi.waitFor(() => expect(fake.calls(TOKEN, 'getUpdates').some((call) => call.status !== 'ok')).toBe(true), { timeout: 5000 });
    fake.clearFaults(TOKEN);
    fake.setOutage(false);
    // Sooner than the shortest wait the failed send could have asked for (5 s).
    await vi.waitFor(() => expect(fake.sent(TOKEN)).toHaveLength(1), { timeout: 4500 });
    await vi.waitFor(() => expect(delivery()).toEqual({ status: 'sent', attempts: 1 }));
  });

  it('delivers every welcome of a burst once after a two-minute outage, refused on one bot and silent on the other, with no click', async () => {
    const SILENT = fakeToken(113_002);
    fake.addBot({ token: SILENT, id: 113_002, username: 'quiet_bot', firstName: 'Quiet' });
    core = await startEngine(tempDir(), fake.apiRoot, fastFleet);
    const fleet = fleetOf(core);
    const bots = [await startRunningBot(core, TOKEN), await startRunningBot(core, SILENT)];
    // A slow rate keeps welcomes queued when the outage begins.
    for (const botId of bots) fleet.setSendRate(botId, 2);
    await Promise.all(bots.map((botId) => fleet.restartBot(botId)));
    await vi.waitFor(() => expect(bots.map((botId) => fleet.status(botId).state)).toEqual(['running', 'running']), { timeout: 5000 });
    const users = (first: number): FakeUser[] => Array.from({ length: 20 }, (_, i) => ({ id: first + i, firstName: `Lead ${first + i}` }));
    const before = { [TOKEN]: users(20_000), [SILENT]: users(21_000) };
    const during = { [TOKEN]: users(22_000), [SILENT]: users(23_000) };
    for (const token of [TOKEN, SILENT]) for (const user of before[token]!) fake.sendStart(token, user);
    const queued = db().prepare<[], number>("SELECT count(*) FROM deliveries WHERE status IN ('pending', 'sending')").pluck();
    await vi.waitFor(() => expect(fake.sent(TOKEN).length + fake.sent(SILENT).length).toBeGreaterThanOrEqual(4), { timeout: 10_000 });

    fake.setBotOutage(TOKEN, true, 'cut');
    fake.setBotOutage(SILENT, true, 'silent');
    // The outage begins with welcomes of the burst still to send, and the rest of the burst arrives during it.
    expect(queued.get()).toBeGreaterThan(0);
    for (const token of [TOKEN, SILENT]) for (const user of during[token]!) fake.sendStart(token, user);
    await new Promise((resolve) => setTimeout(resolve, 120_000));
    expect(queued.get()).toBeGreaterThan(0);
    const sentDuring = fake.sent(TOKEN).length + fake.sent(SILENT).length;
    fake.setBotOutage(TOKEN, false);
    fake.setBotOutage(SILENT, false);

    for (const token of [TOKEN, SILENT]) {
      const everyone = [...before[token]!, ...during[token]!];
      await vi.waitFor(() => expect(everyone.map((user) => fake.sent(token, user.id).length)).toEqual(Array<number>(everyone.length).fill(1)), { timeout: 60_000, interval: 500 });
    }
    expect(sentDuring).toBeLessThan(80);
    expect(db().prepare<[], number>("SELECT count(*) FROM leads WHERE status = 'welcomed'").pluck().get()).toBe(80);
  }, 240_000);
});
