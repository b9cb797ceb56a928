import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { databasePath } from '../../src/main/core/db/paths';
import { audienceFilterSchema, campaignMessageSchema } from '../../src/shared/campaigns';
import { fastFleet, fleetOf, startEngine } from '../support/engine';
import { killHard, killLeftEngines, spawnEngine } from '../support/engine-process';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(118_001);
const SALE = 'Crash <b>sale</b>';
const CRASH_WHY = 'interrupted by a crash: not sent again, a duplicate promotion would be spam';
const LEADS = 240;
let fake: FakeTelegram | null = null;
let core: Core | null = null;

afterEach(async () => {
  await killLeftEngines();
  await core?.close();
  core = null;
  await fake?.close();
});

/** The chats of the campaign's rows an engine left `sending`: claimed, handed to Telegram, outcome not recorded. */
function sendingChats(dataDir: string, campaignId: number): number[] {
  const db = new Database(databasePath(dataDir), { readonly: true });
  try {
    return db.prepare<[number], number>("SELECT chat_id FROM deliveries WHERE campaign_id = ? AND status = 'sending'").pluck().all(campaignId);
  } finally {
    db.close();
  }
}

describe('a broadcast whose engine is killed with SIGKILL while it sends', () => {
  it('ends done after a restart: nobody messaged twice, nobody skipped but the rows in flight, which fail with why and an event', async () => {
    fake = await startFakeTelegram();
    fake.addBot({ token: TOKEN, id: 118_001, username: 'crash_campaign_bot', firstName: 'Crash' });
    const dataDir = tempDir();
    // Welcomed without the rate limit, so that a few hundred leads take a moment.
    const setup = await startEngine(dataDir, fake.apiRoot, { ...fastFleet, rateOverride: 1000 });
    const botId = await startRunningBot(setup, TOKEN);
    const users: FakeUser[] = Array.from({ length: LEADS }, (_, i) => ({ id: 42_000 + i, firstName: `Lead ${i}` }));
    for (const user of users) fake.sendStart(TOKEN, user);
    await vi.waitFor(() => expect(fake!.sent(TOKEN).length).toBe(LEADS), { timeout: 15_000 });
    fleetOf(setup).setSendRate(botId, 30);
    // Due a moment after the engine in the child process runs: it is the one that starts it.
    const campaigns = setup.campaigns()!;
    const draft = campaigns.create('Crash', audienceFilterSchema.parse({ bots: [botId] }), campaignMessageSchema.parse({ text: SALE }));
    campaigns.schedule(draft.id, Date.now() + 500);
    await setup.close();

    // Messages are delivered at once and answered late: the kill lands between the two.
    fake.fault(TOKEN, { kind: 'late_answer', ms: 400, methods: ['sendMessage'] });
    const broadcasts = (user: FakeUser): number => fake!.sent(TOKEN, user.id).filter((sent) => sent.text === SALE).length;
    const delivered = (chatId: number): boolean => fake!.sent(TOKEN, chatId).some((sent) => sent.text === SALE);
    const proc = await spawnEngine(dataDir, fake.apiRoot);
    await vi.waitFor(
      () => {
        expect(users.filter((user) => broadcasts(user) > 0).length).toBeGreaterThan(LEADS / 4);
        expect(sendingChats(dataDir, draft.id).some(delivered)).toBe(true);
      },
      { timeout: 20_000, interval: 5 },
    );
    await killHard(proc);
    const inFlight = sendingChats(dataDir, draft.id);
    // The kill landed with work in flight: messages Telegram delivered that the engine never recorded.
    expect(inFlight.filter(delivered).length).toBeGreaterThan(0);
    const sentBeforeKill = users.filter((user) => broadcasts(user) > 0).length;
    expect(sentBeforeKill).toBeLessThan(LEADS);

    fake.clearFaults(TOKEN);
    core = await startEngine(dataDir, fake.apiRoot, fastFleet);
    await vi.waitFor(() => expect(core!.campaigns()!.get(draft.id).status).toBe('done'), { timeout: 30_000 });
    expect(core.campaigns()!.get(draft.id).progress).toMatchObject({ recipients: LEADS, sent: LEADS - inFlight.length, failed: inFlight.length, remaining: 0 });
    // At most once each; exactly once for every lead whose row was not in flight at the kill.
    const counts = new Map(users.map((user) => [user.id, broadcasts(user)]));
    expect(Math.max(...counts.values())).toBe(1);
    expect(users.filter((user) => counts.get(user.id) === 0 && !inFlight.includes(user.id))).toEqual([]);

    const db = storeDbOf(core);
    const failed = db
      .prepare<[number], { lead_id: number; chat_id: number; error: string }>(
        "SELECT lead_id, chat_id, error FROM deliveries WHERE campaign_id = ? AND status = 'failed' ORDER BY lead_id",
      )
      .all(draft.id);
    expect(failed.map((row) => row.chat_id).sort()).toEqual([...inFlight].sort());
    expect(failed.map((row) => row.error)).toEqual(Array<string>(inFlight.length).fill(CRASH_WHY));
    const events = db.prepare<[], number>("SELECT lead_id FROM lead_events WHERE kind = 'broadcast_abandoned_after_crash' ORDER BY lead_id").pluck().all();
    expect(events).toEqual(failed.map((row) => row.lead_id));
  }, 90_000);
});
