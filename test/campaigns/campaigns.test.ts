import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COUNTS_SQL, RESULTS_FRESH_MS } from '../../src/main/core/campaigns/campaign-progress';
import { Campaigns } from '../../src/main/core/campaigns/campaigns';
import { openStore, type Store } from '../../src/main/core/db/store';
import { EventBus } from '../../src/main/core/events';
import { DeliveriesRepository } from '../../src/main/core/leads/deliveries-repository';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { silentLogger } from '../../src/main/core/logger';
import { writeSettings } from '../../src/main/core/operator-settings';
import { audienceFilterSchema, campaignMessageSchema, OPT_OUT_CALLBACK_DATA, type Campaign, type CampaignProgress } from '../../src/shared/campaigns';
import { savedWelcomeSchema, type Welcome } from '../../src/shared/welcome';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

let store: Store;
let campaigns: Campaigns;
let repo: DeliveriesRepository;
let leads: LeadRecords;
let pushed: CampaignProgress[];
let clock: number;

beforeEach(async () => {
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  const bot = store.db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'B', 'x', 'y', '{}', 0, 0)",
  );
  bot.run(1, 900, 'one_bot');
  bot.run(2, 901, 'two_bot');
  repo = new DeliveriesRepository(store.db);
  leads = new LeadRecords(store.db);
  pushed = [];
  clock = 10_000;
  const events = new EventBus();
  events.on('campaign.progress', (progress) => pushed.push(progress));
  campaigns = new Campaigns({ db: store.db, events, logger: silentLogger, now: () => clock });
});

afterEach(() => {
  campaigns.stop();
  store.close();
});

function lead(botId: number, userId: number): number {
  const id = leads.insert({ botId, userId, chatId: userId, username: null, firstName: `User ${userId}`, lastName: null, languageCode: 'en', source: 'ads', invalid: null }, 1000);
  leads.welcomed(id, 1100);
  return id;
}

const message = campaignMessageSchema.parse({ text: '<b>Sale!</b>', buttons: [[{ kind: 'offer', text: 'Buy', data: 'buy' }]] });

function draft(bots: number[] = [1, 2], text = message): Campaign {
  return campaigns.create('Black Friday', audienceFilterSchema.parse({ bots }), text);
}

interface Row {
  lead_id: number;
  bot_id: number;
  kind: string;
  lane: number;
  status: string;
  error: string | null;
  content: string;
}

function rows(campaignId: number): Row[] {
  return store.db.prepare<[number], Row>('SELECT lead_id, bot_id, kind, lane, status, error, content FROM deliveries WHERE campaign_id = ? ORDER BY id').all(campaignId);
}

/** The buttons the campaign's first lead receives. */
function buttonsOf(campaignId: number): Welcome['buttons'] {
  return savedWelcomeSchema.parse(JSON.parse(rows(campaignId)[0]!.content)).buttons;
}

/** What the sender does with each due row: claim it and, when claimed, record it sent. */
function sendDue(botId: number): number[] {
  const sent: number[] = [];
  for (const row of repo.due(botId, clock, 1000)) {
    if (!repo.claim(row.id, clock, 0)) continue;
    repo.finishSent(row, 1, clock);
    sent.push(row.leadId);
    clock += 10;
  }
  return sent;
}

describe('campaigns', () => {
  it('saves a draft that sends nothing', () => {
    lead(1, 11);
    const campaign = draft();
    expect(campaign).toMatchObject({ name: 'Black Friday', status: 'draft', scheduledAt: null, startedAt: null, progress: { recipients: 0, remaining: 0 } });
    expect(campaigns.count(campaign.audience)).toBe(1);
    expect(repo.due(1, clock, 100)).toEqual([]);
  });

  it('freezes the audience into one broadcast per lead, per bot, at broadcast priority, with the opt-out button last', () => {
    const [a, b, c] = [lead(1, 11), lead(2, 21), lead(1, 12)];
    const started = campaigns.startNow(draft().id);
    expect(started).toMatchObject({ status: 'running', startedAt: clock, progress: { recipients: 3, remaining: 3, sent: 0 } });
    expect(rows(started.id).map((row) => [row.lead_id, row.bot_id, row.kind, row.lane, row.status])).toEqual([
      [a, 1, 'broadcast', 2, 'pending'],
      [c, 1, 'broadcast', 2, 'pending'],
      [b, 2, 'broadcast', 2, 'pending'],
    ]);
    expect(JSON.parse(rows(started.id)[0]!.content)).toEqual({
      text: '<b>Sale!</b>',
      media: null,
      buttons: [[{ kind: 'offer', text: 'Buy', data: 'buy' }], [{ kind: 'offer', text: 'Stop receiving offers', data: OPT_OUT_CALLBACK_DATA }]],
    });
    lead(1, 13);
    campaigns.tick();
    expect(rows(started.id)).toHaveLength(3);
    expect(pushed.at(-1)).toMatchObject({ campaignId: started.id, status: 'running', recipients: 3 });
  });

  it('labels the opt-out button in the operator’s language, and leaves it out when turned off', () => {
    lead(1, 11);
    writeSettings(store.db, { language: 'pt-BR' });
    const withButton = campaigns.startNow(draft([1]).id);
    expect(buttonsOf(withButton.id).at(-1)).toEqual([{ kind: 'offer', text: 'Não quero mais receber ofertas', data: OPT_OUT_CALLBACK_DATA }]);
    const without = campaigns.startNow(draft([1], { ...message, optOutButton: false }).id);
    expect(buttonsOf(without.id)).toEqual(message.buttons);
  });

  it('starts nothing when nobody is in the audience, and says so', () => {
    const campaign = draft();
    expect(() => campaigns.startNow(campaign.id)).toThrow(expect.objectContaining({ code: 'CAMPAIGN_AUDIENCE_EMPTY' }));
    expect(campaigns.get(campaign.id).status).toBe('draft');
    expect(rows(campaign.id)).toEqual([]);
  });

  it('is done when no row is open', () => {
    const [a, b] = [lead(1, 11), lead(2, 21)];
    const campaign = campaigns.startNow(draft().id);
    expect(sendDue(1)).toEqual([a]);
    campaigns.tick();
    expect(campaigns.get(campaign.id).status).toBe('running');
    expect(sendDue(2)).toEqual([b]);
    campaigns.tick();
    expect(campaigns.get(campaign.id)).toMatchObject({ status: 'done', finishedAt: clock, progress: { sent: 2, remaining: 0 } });
    expect(pushed.at(-1)).toMatchObject({ status: 'done', sent: 2 });
  });

  it('neither takes nor claims the rows of a paused campaign, and goes on when resumed', () => {
    const [a, b] = [lead(1, 11), lead(1, 12)];
    const campaign = campaigns.startNow(draft([1]).id);
    const [first] = repo.due(1, clock, 100);
    campaigns.pause(campaign.id);
    expect(repo.due(1, clock, 100)).toEqual([]);
    expect(repo.claim(first!.id, clock, 0)).toBe(false);
    campaigns.tick();
    expect(campaigns.get(campaign.id).status).toBe('paused');
    expect(campaigns.resume(campaign.id).status).toBe('running');
    expect(sendDue(1)).toEqual([a, b]);
  });

  it('fails the rows not taken when cancelled, with an event on each lead; a row already sending finishes', () => {
    const [a, b, c] = [lead(1, 11), lead(1, 12), lead(1, 13)];
    const campaign = campaigns.startNow(draft([1]).id);
    const [first] = repo.due(1, clock, 100);
    expect(repo.claim(first!.id, clock, 0)).toBe(true);
    const cancelled = campaigns.cancel(campaign.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', finishedAt: clock, progress: { recipients: 3, cancelled: 2, remaining: 1 } });
    repo.finishSent(first!, 7, clock);
    expect(rows(campaign.id).map((row) => [row.lead_id, row.status, row.error])).toEqual([
      [a, 'sent', null],
      [b, 'failed', 'cancelled: the operator cancelled the campaign'],
      [c, 'failed', 'cancelled: the operator cancelled the campaign'],
    ]);
    expect(store.db.prepare("SELECT kind FROM lead_events WHERE lead_id = ? AND kind LIKE 'broadcast%'").pluck().all(b)).toEqual(['broadcast_failed']);
    expect(() => campaigns.resume(campaign.id)).toThrow(expect.objectContaining({ code: 'CAMPAIGN_WRONG_STATUS' }));
    expect(() => campaigns.cancel(campaign.id)).toThrow(expect.objectContaining({ code: 'CAMPAIGN_WRONG_STATUS' }));
  });

  it('cancels a draft or a scheduled campaign without sending anything', () => {
    lead(1, 11);
    const scheduled = campaigns.schedule(draft().id, clock + 60_000);
    expect(campaigns.cancel(scheduled.id)).toMatchObject({ status: 'cancelled', startedAt: null });
    clock += 120_000;
    campaigns.tick();
    expect(rows(scheduled.id)).toEqual([]);
  });

  it('starts a scheduled campaign when it is due, with the audience as it is then', () => {
    const a = lead(1, 11);
    const campaign = campaigns.schedule(draft([1]).id, clock + 60_000);
    expect(campaign).toMatchObject({ status: 'scheduled', scheduledAt: clock + 60_000 });
    const b = lead(1, 12);
    clock += 59_999;
    campaigns.tick();
    expect(campaigns.get(campaign.id).status).toBe('scheduled');
    clock += 1;
    campaigns.tick();
    expect(campaigns.get(campaign.id)).toMatchObject({ status: 'running', startedAt: clock });
    expect(rows(campaign.id).map((row) => row.lead_id)).toEqual([a, b]);
  });

  it('refuses a time already passed, and ends a campaign due with nobody to reach instead of retrying it', () => {
    const campaign = draft();
    expect(() => campaigns.schedule(campaign.id, clock)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    campaigns.schedule(campaign.id, clock + 1000);
    clock += 1000;
    campaigns.tick();
    expect(campaigns.get(campaign.id)).toMatchObject({ status: 'done', progress: { recipients: 0 } });
  });

  it('does not send again a row a crash left sending, and sends the others', () => {
    const [a, b, c] = [lead(1, 11), lead(1, 12), lead(1, 13)];
    const campaign = campaigns.startNow(draft([1]).id);
    const [first] = repo.due(1, clock, 100);
    expect(first!.leadId).toBe(a);
    expect(repo.claim(first!.id, clock, 0)).toBe(true);
    repo.requeueAfterCrash(clock);
    expect(sendDue(1)).toEqual([b, c]);
    campaigns.tick();
    expect(campaigns.get(campaign.id)).toMatchObject({ status: 'done', progress: { sent: 2, failed: 1 } });
    expect(rows(campaign.id)[0]).toMatchObject({ status: 'failed', error: 'interrupted by a crash: not sent again, a duplicate promotion would be spam' });
  });

  it('counts capped and opted-out leads apart from the failed ones', () => {
    const [capped, optedOut, refused, reached] = [lead(1, 11), lead(1, 12), lead(1, 13), lead(1, 14)];
    const earlier = campaigns.startNow(draft([1]).id);
    const earlierRows = repo.due(1, clock, 100).filter((row) => row.leadId === capped);
    expect(repo.claim(earlierRows[0]!.id, clock, 0)).toBe(true);
    repo.finishSent(earlierRows[0]!, 1, clock);
    campaigns.cancel(earlier.id);
    const campaign = campaigns.startNow(draft([1]).id);
    leads.optOut(optedOut, 'command', clock);
    for (const row of repo.due(1, clock, 100)) {
      if (!repo.claim(row.id, clock, 3_600_000)) continue;
      if (row.leadId === refused) repo.finishFailed(row, 'failed', 'Bad Request: chat not found', clock);
      else repo.finishSent(row, 2, clock);
    }
    campaigns.tick();
    expect(campaigns.get(campaign.id)).toMatchObject({ status: 'done', progress: { recipients: 4, sent: 1, failed: 1, capped: 1, optedOut: 1, remaining: 0 } });
    expect(rows(campaign.id).find((row) => row.lead_id === reached)?.status).toBe('sent');
  });

  it('credits the clicks, and the conversions within 7 days of each lead’s message with their revenue', () => {
    const [atLimit, tooLate, before, atSend, clicker] = [lead(1, 11), lead(1, 12), lead(1, 13), lead(1, 14), lead(1, 15)];
    const campaign = campaigns.startNow(draft([1]).id);
    leads.converted(before, 9900, clock);
    clock += 1;
    sendDue(1);
    const sentAt = new Map(store.db.prepare<[number], [number, number]>('SELECT lead_id, sent_at FROM deliveries WHERE campaign_id = ?').raw().all(campaign.id));
    const week = 7 * 24 * 60 * 60 * 1000;
    leads.converted(atLimit, 1500, sentAt.get(atLimit)! + week);
    leads.converted(tooLate, 7000, sentAt.get(tooLate)! + week + 1);
    leads.converted(atSend, 2500, sentAt.get(atSend)!);
    expect(repo.clicked(clicker, 1, clock)).toMatchObject({ campaignId: campaign.id });
    expect(repo.clicked(clicker, 1, clock + 5)).toMatchObject({ campaignId: campaign.id });
    expect(campaigns.get(campaign.id).progress).toMatchObject({ clicks: 0, conversions: 0 });
    clock += RESULTS_FRESH_MS;
    campaigns.tick();
    expect(campaigns.get(campaign.id).progress).toMatchObject({ sent: 5, clicks: 1, conversions: 2, revenueCents: 4000 });
    expect(campaigns.list()[0]!.progress).toMatchObject({ clicks: 1, conversions: 2, revenueCents: 4000 });
    expect(pushed.at(-1)).toMatchObject({ status: 'done', clicks: 1, conversions: 2, revenueCents: 4000 });
  });

  it('tells a campaign it does not know, and one it cannot change', () => {
    expect(() => campaigns.get(99)).toThrow(expect.objectContaining({ code: 'CAMPAIGN_NOT_FOUND' }));
    const campaign = draft();
    expect(() => campaigns.pause(campaign.id)).toThrow(expect.objectContaining({ code: 'CAMPAIGN_WRONG_STATUS' }));
  });

  it('counts a campaign’s figures from its covering index alone, not from the table', () => {
    const plan = store.db
      .prepare<[number], { detail: string }>(`EXPLAIN QUERY PLAN ${COUNTS_SQL}`)
      .all(1)
      .map((row) => row.detail);
    expect(plan).toEqual([expect.stringContaining('USING COVERING INDEX deliveries_campaign_progress')]);
  });
});
