import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/main/core/core';
import type { FleetOptions } from '../../src/main/core/fleet/fleet-options';
import { fastFleet, startEngine } from '../support/engine';
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
});
