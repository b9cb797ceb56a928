import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Campaigns } from '../../src/main/core/campaigns/campaigns';
import type { Core } from '../../src/main/core/core';
import { audienceFilterSchema, campaignMessageSchema, OPT_OUT_CALLBACK_DATA, type Campaign, type CampaignProgress } from '../../src/shared/campaigns';
import { fastFleet, fleetOf, startEngine } from '../support/engine';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser, type SentMessage } from '../support/fake-telegram';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';

let fake: FakeTelegram;
let core: Core | null = null;
let botId: number;
let dataDir: string;
const TOKEN = fakeToken(118_001);
const OTHER = fakeToken(118_002);
const SALE = 'Black <b>Friday</b>';
const message = campaignMessageSchema.parse({ text: SALE, buttons: [[{ kind: 'url', text: 'Shop', url: 'https://shop.example' }]] });

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 118_001, username: 'shop_bot', firstName: 'Shop' });
  fake.addBot({ token: OTHER, id: 118_002, username: 'other_bot', firstName: 'Other' });
  dataDir = tempDir();
  core = await startEngine(dataDir, fake.apiRoot, { ...fastFleet, send: { ...fastFleet.send!, perChatGapMs: 50 } });
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

/** Users who sent /start and got their welcome: leads a campaign can reach. */
async function welcomedLeads(token: string, count: number, firstId: number): Promise<FakeUser[]> {
  const users = Array.from({ length: count }, (_, i) => ({ id: firstId + i, firstName: `Lead ${i}` }));
  for (const user of users) fake.sendStart(token, user);
  await vi.waitFor(() => expect(users.map((user) => fake.sent(token, user.id).length)).toEqual(Array<number>(count).fill(1)), { timeout: 5000 });
  return users;
}

/** The campaign's messages each user received. */
const broadcasts = (token: string, user: FakeUser): SentMessage[] => fake.sent(token, user.id).filter((sent) => sent.text === SALE);
const received = (token: string, users: readonly FakeUser[]): number[] => users.map((user) => broadcasts(token, user).length);

function start(bots: number[]): Campaign {
  const draft = campaigns().create('Black Friday', audienceFilterSchema.parse({ bots }), message);
  return campaigns().startNow(draft.id);
}

async function untilDone(campaignId: number, timeout = 10_000): Promise<CampaignProgress> {
  await vi.waitFor(() => expect(campaigns().get(campaignId).status).toBe('done'), { timeout });
  return campaigns().get(campaignId).progress;
}

async function slowBot(id: number, rate: number): Promise<void> {
  const fleet = fleetOf(core!);
  fleet.setSendRate(id, rate);
  await fleet.restartBot(id);
  await vi.waitFor(() => expect(fleet.status(id)).toMatchObject({ state: 'running' }), { timeout: 5000 });
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('broadcasts on a running engine', () => {
  it('reaches each lead of the frozen audience once, with the opt-out button last; a lead who arrives later is not added', async () => {
    const users = await welcomedLeads(TOKEN, 5, 9100);
    const pushed: CampaignProgress[] = [];
    core!.events.on('campaign.progress', (progress) => pushed.push(progress));
    const campaign = start([botId]);
    const late = (await welcomedLeads(TOKEN, 1, 9190))[0]!;
    expect(await untilDone(campaign.id)).toMatchObject({ recipients: 5, sent: 5, failed: 0, blocked: 0, remaining: 0 });
    await pause(300);
    expect(received(TOKEN, users)).toEqual([1, 1, 1, 1, 1]);
    expect(received(TOKEN, [late])).toEqual([0]);
    const markup = broadcasts(TOKEN, users[0]!)[0]?.replyMarkup;
    expect(markup !== undefined && 'inline_keyboard' in markup ? markup.inline_keyboard.at(-1) : null).toEqual([
      { text: 'Stop receiving offers', callback_data: OPT_OUT_CALLBACK_DATA },
    ]);
    expect(pushed.at(-1)).toMatchObject({ campaignId: campaign.id, status: 'done', sent: 5 });
  });

  it('sends two bots’ parts in parallel, each on its own sender, without a 429', async () => {
    const otherId = await startRunningBot(core!, OTHER);
    const [mine, theirs] = [await welcomedLeads(TOKEN, 6, 9200), await welcomedLeads(OTHER, 6, 9300)];
    await slowBot(botId, 3);
    await slowBot(otherId, 3);
    const campaign = start([botId, otherId]);
    expect(campaign.progress.recipients).toBe(12);
    await untilDone(campaign.id);
    expect(received(TOKEN, mine)).toEqual(Array<number>(6).fill(1));
    expect(received(OTHER, theirs)).toEqual(Array<number>(6).fill(1));
    // In parallel: each bot's first message went out before the other's last.
    const times = (token: string, users: FakeUser[]): number[] => users.map((user) => broadcasts(token, user)[0]!.at).sort((a, b) => a - b);
    const [a, b] = [times(TOKEN, mine), times(OTHER, theirs)];
    expect(a[0]!).toBeLessThan(b.at(-1)!);
    expect(b[0]!).toBeLessThan(a.at(-1)!);
    expect(fake.count429()).toBe(0);
  });

  it('lets a new lead’s welcome go before the broadcasts still waiting', async () => {
    const users = await welcomedLeads(TOKEN, 6, 9400);
    await slowBot(botId, 3);
    const campaign = start([botId]);
    await vi.waitFor(() => expect(campaigns().get(campaign.id).progress.sent).toBeGreaterThanOrEqual(1), { timeout: 5000 });
    const newcomer = { id: 9490, firstName: 'New' };
    fake.sendStart(TOKEN, newcomer);
    await untilDone(campaign.id);
    const welcomeAt = fake.sent(TOKEN, newcomer.id)[0]!.at;
    const after = users.filter((user) => broadcasts(TOKEN, user)[0]!.at > welcomeAt);
    expect(after.length).toBeGreaterThan(0);
  });

  it('marks a lead who blocked the bot blocked and goes on; "chat not found" fails without a retry', async () => {
    const users = await welcomedLeads(TOKEN, 4, 9500);
    const [blocker, gone] = [users[0]!, users[1]!];
    fake.fault(TOKEN, { kind: 'forbidden', methods: ['sendMessage'], chatIds: [blocker.id] });
    fake.fault(TOKEN, { kind: 'chat_not_found', methods: ['sendMessage'], chatIds: [gone.id] });
    const campaign = start([botId]);
    expect(await untilDone(campaign.id)).toMatchObject({ recipients: 4, sent: 2, blocked: 1, failed: 1 });
    expect(received(TOKEN, users)).toEqual([0, 0, 1, 1]);
    const attempts = fake.calls(TOKEN, 'sendMessage').filter((call) => call.params.chat_id === gone.id && call.params.text === SALE);
    expect(attempts).toHaveLength(1);
    expect(db().prepare('SELECT status FROM leads WHERE user_id = ?').pluck().get(blocker.id)).toBe('blocked');
  });

  it('stops taking rows when paused, finishes when resumed, and cancel ends the rest unsent', async () => {
    const users = await welcomedLeads(TOKEN, 8, 9600);
    await slowBot(botId, 3);
    const campaign = start([botId]);
    await vi.waitFor(() => expect(campaigns().get(campaign.id).progress.sent).toBeGreaterThanOrEqual(1), { timeout: 5000 });
    campaigns().pause(campaign.id);
    const sending = db().prepare("SELECT count(*) FROM deliveries WHERE campaign_id = ? AND status = 'sending'").pluck();
    await vi.waitFor(() => expect(sending.get(campaign.id)).toBe(0), { timeout: 3000 });
    const atPause = received(TOKEN, users).reduce((sum, n) => sum + n, 0);
    await pause(1200);
    expect(received(TOKEN, users).reduce((sum, n) => sum + n, 0)).toBe(atPause);
    expect(atPause).toBeLessThan(8);
    campaigns().resume(campaign.id);
    await vi.waitFor(() => expect(campaigns().get(campaign.id).progress.sent).toBeGreaterThan(atPause), { timeout: 5000 });
    const cancelled = campaigns().cancel(campaign.id);
    await vi.waitFor(() => expect(sending.get(campaign.id)).toBe(0), { timeout: 3000 });
    await pause(600);
    const figures = campaigns().get(campaign.id).progress;
    expect(cancelled.status).toBe('cancelled');
    expect(figures.sent + figures.cancelled).toBe(8);
    expect(figures.cancelled).toBeGreaterThan(0);
    expect(received(TOKEN, users).reduce((sum, n) => sum + n, 0)).toBe(figures.sent);
    expect(Math.max(...received(TOKEN, users))).toBe(1);
  });

  it('goes on where it stopped after the engine is closed and started again, nobody messaged twice', async () => {
    const users = await welcomedLeads(TOKEN, 8, 9800);
    await slowBot(botId, 3);
    const campaign = start([botId]);
    await vi.waitFor(() => expect(campaigns().get(campaign.id).progress.sent).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    await core!.close();
    expect(received(TOKEN, users).reduce((sum, n) => sum + n, 0)).toBeLessThan(8);
    core = await startEngine(dataDir, fake.apiRoot, { ...fastFleet, send: { ...fastFleet.send!, perChatGapMs: 50 } });
    expect(await untilDone(campaign.id)).toMatchObject({ recipients: 8, sent: 8, remaining: 0 });
    expect(received(TOKEN, users)).toEqual(Array<number>(8).fill(1));
  });

  it('starts a scheduled campaign once it is due, and not before', async () => {
    const users = await welcomedLeads(TOKEN, 3, 9700);
    const draft = campaigns().create('Later', audienceFilterSchema.parse({ bots: [botId] }), message);
    const at = Date.now() + 1500;
    campaigns().schedule(draft.id, at);
    await pause(500);
    expect(campaigns().get(draft.id).status).toBe('scheduled');
    expect(received(TOKEN, users)).toEqual([0, 0, 0]);
    await untilDone(draft.id);
    expect(campaigns().get(draft.id).startedAt).toBeGreaterThanOrEqual(at);
    expect(received(TOKEN, users)).toEqual([1, 1, 1]);
  });
});

describe("a press on a campaign message's button", () => {
  it('is attributed to the campaign on its delivery and on the timeline; a press on the welcome names only the welcome', async () => {
    const offer = campaignMessageSchema.parse({ text: SALE, buttons: [[{ kind: 'offer', text: 'Buy', data: 'offer:7' }]] });
    const [ana] = await welcomedLeads(TOKEN, 1, 9100);
    const campaign = campaigns().startNow(campaigns().create('Offer', audienceFilterSchema.parse({ bots: [botId] }), offer).id);
    await untilDone(campaign.id);
    const welcomeMessage = fake.sent(TOKEN, ana!.id)[0]!.messageId;
    const saleMessage = broadcasts(TOKEN, ana!)[0]!.messageId;

    fake.pressButton(TOKEN, ana!, 'offer:7', saleMessage);
    fake.pressButton(TOKEN, ana!, 'offer:7', saleMessage);
    fake.pressButton(TOKEN, ana!, 'offer:1', welcomeMessage);
    await vi.waitFor(() => expect(db().prepare("SELECT count(*) FROM lead_events WHERE kind = 'clicked'").pluck().get()).toBe(3), { timeout: 5000 });

    const rows = db()
      .prepare<[], { kind: string; campaign_id: number | null; clicked_at: number | null; id: number }>('SELECT id, kind, campaign_id, clicked_at FROM deliveries ORDER BY id')
      .all();
    const [welcome, sale] = rows;
    expect(sale).toMatchObject({ kind: 'broadcast', campaign_id: campaign.id });
    expect(sale!.clicked_at).not.toBeNull();
    expect(welcome!.clicked_at).not.toBeNull();
    const firstPress = db().prepare<[], number>("SELECT at FROM lead_events WHERE kind = 'clicked' ORDER BY id LIMIT 1").pluck().get();
    expect(sale!.clicked_at).toBe(firstPress);
    expect(db().prepare("SELECT detail FROM lead_events WHERE kind = 'clicked' ORDER BY id").pluck().all()).toEqual([
      JSON.stringify({ data: 'offer:7', deliveryId: sale!.id, campaignId: campaign.id }),
      JSON.stringify({ data: 'offer:7', deliveryId: sale!.id, campaignId: campaign.id }),
      JSON.stringify({ data: 'offer:1', deliveryId: welcome!.id }),
    ]);
  });
});
