import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Campaigns } from '../../src/main/core/campaigns/campaigns';
import type { Core } from '../../src/main/core/core';
import { audienceFilterSchema, campaignMessageSchema, type CampaignProgress } from '../../src/shared/campaigns';
import { fastFleet, startEngine } from '../support/engine';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';

let fake: FakeTelegram;
let core: Core | null = null;
let botId: number;
const TOKEN = fakeToken(118_101);
const SALE = 'Cyber <b>Monday</b>';
const message = campaignMessageSchema.parse({ text: SALE, optOutButton: false });
/** Fewer transport tries than the default, so the test does not wait minutes of backoff. */
const UNREACHABLE_TRIES = 4;

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 118_101, username: 'retry_bot', firstName: 'Retry' });
  core = await startEngine(tempDir(), fake.apiRoot, {
    ...fastFleet,
    send: { ...fastFleet.send!, perChatGapMs: 50, backoff: { baseMs: 50, maxMs: 200 }, retryBound: { answered: 3, unreachable: UNREACHABLE_TRIES } },
  });
  botId = await startRunningBot(core, TOKEN);
});

afterEach(async () => {
  await core?.close();
  core = null;
  await fake.close();
});

const db = (): Database.Database => storeDbOf(core);

function campaigns(): Campaigns {
  const found = core?.campaigns();
  if (found === null || found === undefined) throw new Error('no campaigns');
  return found;
}

async function welcomedLeads(count: number, firstId: number): Promise<FakeUser[]> {
  const users = Array.from({ length: count }, (_, i) => ({ id: firstId + i, firstName: `Lead ${i}` }));
  for (const user of users) fake.sendStart(TOKEN, user);
  await vi.waitFor(() => expect(users.map((user) => fake.sent(TOKEN, user.id).length)).toEqual(Array<number>(count).fill(1)), { timeout: 5000 });
  return users;
}

async function runToEnd(): Promise<{ id: number; progress: CampaignProgress }> {
  const draft = campaigns().create('Retries', audienceFilterSchema.parse({ bots: [botId] }), message);
  const { id } = campaigns().startNow(draft.id);
  await vi.waitFor(() => expect(campaigns().get(id).status).toBe('done'), { timeout: 15_000 });
  return { id, progress: campaigns().get(id).progress };
}

/** The campaign's sendMessage calls to one user. */
const tries = (user: FakeUser): number => fake.calls(TOKEN, 'sendMessage').filter((call) => call.params.chat_id === user.id && call.params.text === SALE).length;
const errorOf = (campaignId: number, user: FakeUser): unknown =>
  db().prepare('SELECT d.error FROM deliveries d JOIN leads l ON l.id = d.lead_id WHERE d.campaign_id = ? AND l.user_id = ?').pluck().get(campaignId, user.id);

describe('a campaign message that keeps failing', () => {
  it('is tried 3 times on a 5xx or an unknown 400, then fails with Telegram’s answer; "chat not found" is tried once; the others go out', async () => {
    const [server, odd, gone, fine] = await welcomedLeads(4, 9100);
    fake.fault(TOKEN, { kind: 'server_error', methods: ['sendMessage'], chatIds: [server!.id] });
    fake.fault(TOKEN, { kind: 'bad_request', description: 'Bad Request: something new', methods: ['sendMessage'], chatIds: [odd!.id] });
    fake.fault(TOKEN, { kind: 'chat_not_found', methods: ['sendMessage'], chatIds: [gone!.id] });
    const { id, progress } = await runToEnd();
    expect(progress).toMatchObject({ recipients: 4, sent: 1, failed: 3, remaining: 0 });
    expect([tries(server!), tries(odd!), tries(gone!), tries(fine!)]).toEqual([3, 3, 1, 1]);
    expect(errorOf(id, server!)).toBe('Internal Server Error (given up after 3 tries)');
    expect(errorOf(id, odd!)).toBe('Bad Request: something new (given up after 3 tries)');
    expect(errorOf(id, gone!)).toBe('Bad Request: chat not found');
  });

  it('is given up after its bound of transport failures, while the others go out', async () => {
    const [cut, fine] = await welcomedLeads(2, 9200);
    fake.fault(TOKEN, { kind: 'drop', methods: ['sendMessage'], chatIds: [cut!.id] });
    const { id, progress } = await runToEnd();
    expect(progress).toMatchObject({ recipients: 2, sent: 1, failed: 1 });
    expect([tries(cut!), tries(fine!)]).toEqual([UNREACHABLE_TRIES, 1]);
    expect(errorOf(id, cut!)).toEqual(expect.stringMatching(new RegExp(`\\(given up after ${UNREACHABLE_TRIES} tries\\)$`)));
  });

  it('leaves a welcome’s 5xx unbounded: it goes out once Telegram answers again', async () => {
    fake.fault(TOKEN, { kind: 'server_error', methods: ['sendMessage'], times: 5 });
    const user = { id: 9300, firstName: 'Late' };
    fake.sendStart(TOKEN, user);
    await vi.waitFor(() => expect(fake.sent(TOKEN, user.id)).toHaveLength(1), { timeout: 10_000 });
    // The fake records the message before the engine commits its answer: wait for the row too.
    await vi.waitFor(() => expect(db().prepare("SELECT status, attempts FROM deliveries WHERE kind = 'welcome'").get()).toEqual({ status: 'sent', attempts: 5 }));
  });
});
