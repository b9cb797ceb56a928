import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentRecords } from '../../src/main/core/alerts/incident-records';
import { openStore, type Store } from '../../src/main/core/db/store';
import { DeliveriesRepository } from '../../src/main/core/leads/deliveries-repository';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { incidentLoss, recoveryOverview, type LossContext } from '../../src/main/core/recovery/loss-report';
import { TELEGRAM_KEEPS_UPDATES_MS } from '../../src/main/core/telegram-window';
import type { BotState } from '../../src/shared/bot-status';
import { contract } from '../../src/shared/contract';
import { recoveryOverviewRequestSchema, type RecoveryOverviewRequest, type RecoveryScope } from '../../src/shared/recovery';
import { defaultSettings, type Settings } from '../../src/shared/settings';
import { expectContractAnswer } from '../support/contract-output';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = 30 * DAY;

let store: Store;
let leads: LeadRecords;
let deliveries: DeliveriesRepository;
let incidents: IncidentRecords;

function addLead(botId: number, userId: number, firstSeenAt: number): number {
  return leads.insert(
    { botId, userId, chatId: userId, username: `u${userId}`, firstName: `Lead`, lastName: `${userId}`, languageCode: null, source: null, invalid: null },
    firstSeenAt,
  );
}

/** A lead with its welcome queued at its capture, as the capture does. */
function captured(botId: number, userId: number, firstSeenAt: number): { leadId: number; deliveryId: number } {
  const leadId = addLead(botId, userId, firstSeenAt);
  const [deliveryId] = deliveries.enqueue({ botId, kind: 'welcome', leadIds: [leadId], content: null }, firstSeenAt);
  if (deliveryId === undefined) throw new Error('the welcome was not queued');
  return { leadId, deliveryId };
}

/** A lead whose welcome Telegram answered with `status`. */
function refused(botId: number, userId: number, firstSeenAt: number, status: 'failed' | 'blocked', reason: string): { leadId: number; deliveryId: number } {
  const lead = captured(botId, userId, firstSeenAt);
  deliveries.claim(lead.deliveryId, firstSeenAt + 1000, 0);
  deliveries.finishFailed({ id: lead.deliveryId, leadId: lead.leadId, kind: 'welcome' }, status, reason, firstSeenAt + 2000);
  return lead;
}

function sent(lead: { leadId: number; deliveryId: number }, kind: 'welcome' | 'recovery', at: number): void {
  deliveries.claim(lead.deliveryId, at, 0);
  deliveries.finishSent({ id: lead.deliveryId, leadId: lead.leadId, kind }, 77, at);
}

/** What the capture writes when Telegram dates a /start inside an incident. */
function dateInside(incidentId: number, leadId: number, sentAt: number): void {
  store.db.prepare('INSERT INTO incident_leads (incident_id, lead_id, sent_at) VALUES (?, ?, ?)').run(incidentId, leadId, sentAt);
}

function botIncident(botId: number, startedAt: number, endedAt: number | null): number {
  const id = incidents.open({ botId, cause: 'network', detail: null, startedAt, detectedAt: startedAt + 30_000 });
  if (endedAt !== null) incidents.close(id, endedAt, 'recovered');
  return id;
}

/** An engine gap as the engine records it: the gap itself and its incident. */
function engineGap(from: number, to: number): number {
  store.db.prepare('INSERT INTO engine_gaps (offline_from, offline_to) VALUES (?, ?)').run(from, to);
  return incidents.recordEngineGap(from, to, 'crash');
}

function context(settings: Partial<Settings> = {}, botStates: [number, BotState][] = []): LossContext {
  return { now: NOW, settings: { ...defaultSettings, ...settings }, botStates: new Map(botStates) };
}

function overview(scope: RecoveryScope = {}, ctx: LossContext = context(), leadLimit = 500): ReturnType<typeof recoveryOverview> {
  const request: RecoveryOverviewRequest = recoveryOverviewRequestSchema.parse({ scope, leadLimit });
  return recoveryOverview(store.db, request, ctx);
}

beforeEach(async () => {
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  const bot = store.db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'B', 'x', 'y', '{}', 0, 0)",
  );
  bot.run(1, 901, 'one_bot');
  bot.run(2, 902, 'two_bot');
  bot.run(3, 903, 'three_bot');
  leads = new LeadRecords(store.db);
  deliveries = new DeliveriesRepository(store.db);
  incidents = new IncidentRecords(store.db, () => defaultSettings);
  return () => store.close();
});

/**
 * One lead of each kind: a welcome that failed, one held as too old, one refused with 403,
 * one still pending (bot 2), one never queued (bot 2), a lead who blocked the bot with its
 * welcome pending, one who blocked and came back; and leads that are not lost: welcomed
 * late, recovered, converted, archived (bot 3).
 */
function seedEveryKind(): Record<string, number> {
  const failed = refused(1, 1, NOW - 30 * MINUTE, 'failed', 'Bad Request: message text is empty').leadId;
  const held = captured(1, 2, NOW - 3 * DAY);
  deliveries.holdStale(1, NOW - 2 * DAY, NOW - 1000);
  const blocked = refused(1, 3, NOW - 3 * HOUR, 'blocked', 'Forbidden: bot was blocked by the user').leadId;
  const blockedWhilePending = captured(1, 4, NOW - 2 * HOUR).leadId;
  const lead = leads.find(1, 4);
  if (lead === null) throw new Error('lead 4 is missing');
  leads.move(lead, 'blocked', NOW - HOUR);
  const cameBack = refused(1, 5, NOW - 5 * HOUR, 'blocked', 'Forbidden: bot was blocked by the user').leadId;
  const back = leads.find(1, 5);
  if (back === null) throw new Error('lead 5 is missing');
  leads.move(back, 'unblocked', NOW - 4 * HOUR);
  const pending = captured(2, 6, NOW - 10 * MINUTE).leadId;
  const noDelivery = addLead(2, 7, NOW - 8 * DAY);

  const welcomedLate = captured(1, 8, NOW - 2 * HOUR);
  sent(welcomedLate, 'welcome', NOW - 90 * MINUTE);
  const recovered = refused(1, 9, NOW - 2 * HOUR, 'failed', 'Bad Request: message text is empty').leadId;
  const [recovery] = deliveries.enqueue({ botId: 1, kind: 'recovery', leadIds: [recovered], content: null }, NOW - HOUR);
  if (recovery === undefined) throw new Error('the recovery was not queued');
  sent({ leadId: recovered, deliveryId: recovery }, 'recovery', NOW - 50 * MINUTE);
  const converted = captured(1, 10, NOW - 2 * HOUR).leadId;
  leads.converted(converted, 4990, NOW - HOUR);
  const archived = captured(3, 11, NOW - 2 * HOUR).leadId;
  leads.archiveBot(3, 'bot_removed', NOW - HOUR);
  return {
    failed,
    held: held.leadId,
    blocked,
    blockedWhilePending,
    cameBack,
    pending,
    noDelivery,
    welcomedLate: welcomedLate.leadId,
    recovered,
    converted,
    archived,
  };
}

describe('the leads who never got a welcome', () => {
  it('gives each its reason from its newest welcome, with Telegram’s answer, and leaves out the welcomed, converted and archived', () => {
    const ids = seedEveryKind();
    const report = overview();
    const byLead = new Map(report.lostLeads.map((lead) => [lead.leadId, lead]));
    expect(Object.fromEntries([...byLead].map(([id, lead]) => [id, lead.reason]))).toEqual({
      [ids.failed!]: 'failed',
      [ids.held!]: 'held',
      [ids.blocked!]: 'blocked',
      [ids.blockedWhilePending!]: 'blocked',
      [ids.cameBack!]: 'failed',
      [ids.pending!]: 'pending',
      [ids.noDelivery!]: 'no_delivery',
    });
    expect(byLead.get(ids.failed!)).toMatchObject({ detail: 'Bad Request: message text is empty', botId: 1, name: 'Lead 1', username: 'u1' });
    expect(byLead.get(ids.cameBack!)?.detail).toBe('Forbidden: bot was blocked by the user');
    expect(byLead.get(ids.held!)?.detail).toMatch(/recovery window/);
    expect(byLead.get(ids.pending!)).toMatchObject({ detail: null });
    expect(byLead.get(ids.noDelivery!)).toMatchObject({ detail: null, deliveryId: null });
    expect(report.leads).toBe(7);
    expect(report.byReason).toEqual({ pending: 1, held: 1, failed: 2, blocked: 2, no_delivery: 1 });
  });

  it('lists them oldest first, up to the limit, while the figures count them all', () => {
    const ids = seedEveryKind();
    const report = overview({}, context(), 2);
    expect(report.lostLeads.map((lead) => lead.leadId)).toEqual([ids.noDelivery, ids.held]);
    expect(report.leads).toBe(7);
  });

  it('groups them by bot, with each bot’s state, and counts the pending ones whose bot is not running', () => {
    seedEveryKind();
    const running = overview(
      {},
      context({}, [
        [1, 'running'],
        [2, 'running'],
      ]),
    );
    expect(running.byBot).toEqual([
      { botId: 1, username: 'one_bot', state: 'running', leads: 5, cost: null, byReason: { pending: 0, held: 1, failed: 2, blocked: 2, no_delivery: 0 } },
      { botId: 2, username: 'two_bot', state: 'running', leads: 2, cost: null, byReason: { pending: 1, held: 0, failed: 0, blocked: 0, no_delivery: 1 } },
    ]);
    expect(running.pendingWhileBotNotRunning).toBe(0);
    expect(
      overview(
        {},
        context({}, [
          [1, 'running'],
          [2, 'down'],
        ]),
      ).pendingWhileBotNotRunning,
    ).toBe(1);
    expect(overview({}, context({}, [[2, 'stopped']])).pendingWhileBotNotRunning).toBe(1);
    expect(overview({}, context()).byBot.map((bot) => bot.state)).toEqual([null, null]);
  });

  it('groups them by the age of their first /start, every bucket present', () => {
    seedEveryKind();
    expect(overview().byAge).toEqual([
      { bucket: 'under_1h', leads: 2, cost: null },
      { bucket: '1h_to_24h', leads: 3, cost: null },
      { bucket: '1d_to_7d', leads: 1, cost: null },
      { bucket: 'over_7d', leads: 1, cost: null },
    ]);
  });

  it('groups them by incident, a lead in two overlapping incidents counting in both, and counts those in none', () => {
    const ids = seedEveryKind();
    const down = botIncident(1, NOW - 6 * HOUR, NOW - HOUR);
    const gap = engineGap(NOW - 4 * DAY, NOW - 2 * DAY);
    dateInside(down, ids.failed!, NOW - 5 * HOUR);
    dateInside(down, ids.blocked!, NOW - 4 * HOUR);
    dateInside(down, ids.welcomedLate!, NOW - 4 * HOUR);
    dateInside(gap, ids.held!, NOW - 3 * DAY);
    dateInside(gap, ids.failed!, NOW - 3 * DAY);
    const report = overview();
    expect(report.byIncident).toEqual([
      {
        incidentId: gap,
        botId: null,
        cause: 'engine_offline',
        startedAt: NOW - 4 * DAY,
        endedAt: NOW - 2 * DAY,
        leads: 2,
        cost: null,
        byReason: { pending: 0, held: 1, failed: 1, blocked: 0, no_delivery: 0 },
      },
      {
        incidentId: down,
        botId: 1,
        cause: 'network',
        startedAt: NOW - 6 * HOUR,
        endedAt: NOW - HOUR,
        leads: 2,
        cost: null,
        byReason: { pending: 0, held: 0, failed: 1, blocked: 1, no_delivery: 0 },
      },
    ]);
    expect(report.withoutIncident).toBe(4);
    expect(report.lostLeads.find((lead) => lead.leadId === ids.failed)?.incidentIds.sort()).toEqual([down, gap].sort());
  });

  it('prices them with the money-at-stake settings, and not at all until both are set', () => {
    seedEveryKind();
    expect(overview().cost).toBeNull();
    expect(overview({}, context({ averageTicket: 200 })).cost).toBeNull();
    const priced = overview({}, context({ averageTicket: 200, conversionRatePercent: 5, currency: 'USD' }));
    // 7 leads × 5 % × 200
    expect(priced.cost).toBe(70);
    expect(priced.currency).toBe('USD');
    expect(priced.byBot.map((bot) => bot.cost)).toEqual([50, 20]);
    expect(priced.byAge.map((bucket) => bucket.cost)).toEqual([20, 30, 10, 10]);
  });

  it('narrows to a bot, an incident or a first-seen range', () => {
    const ids = seedEveryKind();
    const down = botIncident(1, NOW - 6 * HOUR, NOW - HOUR);
    dateInside(down, ids.blocked!, NOW - 4 * HOUR);
    dateInside(down, ids.welcomedLate!, NOW - 4 * HOUR);
    expect(overview({ botId: 2 }).lostLeads.map((lead) => lead.leadId)).toEqual([ids.noDelivery, ids.pending]);
    expect(overview({ incidentId: down }).lostLeads.map((lead) => lead.leadId)).toEqual([ids.blocked]);
    expect(overview({ firstSeenFrom: NOW - 4 * DAY, firstSeenTo: NOW - 5 * HOUR }).lostLeads.map((lead) => lead.leadId)).toEqual([ids.held]);
    expect(overview({ firstSeenFrom: NOW - 5 * HOUR, firstSeenTo: NOW - 4 * HOUR }).lostLeads.map((lead) => lead.leadId)).toEqual([ids.cameBack]);
    expect(overview({ botId: 3 }).leads).toBe(0);
  });

  it('refuses an unknown bot or incident with its own code', () => {
    expect(() => overview({ botId: 99 })).toThrow(expect.objectContaining({ code: 'BOT_NOT_FOUND' }));
    expect(() => overview({ incidentId: 99 })).toThrow(expect.objectContaining({ code: 'INCIDENT_NOT_FOUND' }));
  });

  it('answers exactly what the contract describes', () => {
    const ids = seedEveryKind();
    const down = botIncident(1, NOW - 6 * HOUR, NOW - HOUR);
    dateInside(down, ids.failed!, NOW - 5 * HOUR);
    expectContractAnswer('getRecoveryOverview', { ok: true, value: overview({}, context({ averageTicket: 10, conversionRatePercent: 3 }, [[1, 'down']])) });
    expectContractAnswer('getIncidentLoss', { ok: true, value: incidentLoss(store.db, down, context()) });
  });
});

describe('the request at the boundary', () => {
  const input = contract.getRecoveryOverview.input;

  it('fills in the defaults and takes a scope', () => {
    expect(input.parse({})).toEqual({ scope: {}, leadLimit: 100 });
    expect(input.parse({ scope: { botId: 2, firstSeenFrom: 5, firstSeenTo: 5 }, leadLimit: 0 })).toEqual({ scope: { botId: 2, firstSeenFrom: 5, firstSeenTo: 5 }, leadLimit: 0 });
  });

  it('refuses a reversed range, an unknown field, a limit past 500, an id that is not one', () => {
    expect(input.safeParse({ scope: { firstSeenFrom: 10, firstSeenTo: 9 } }).success).toBe(false);
    expect(input.safeParse({ scope: { campaign: 'x' } }).success).toBe(false);
    expect(input.safeParse({ leadLimit: 501 }).success).toBe(false);
    expect(input.safeParse({ scope: { incidentId: 0 } }).success).toBe(false);
    expect(contract.getIncidentLoss.input.safeParse({ incidentId: -1 }).success).toBe(false);
  });
});

describe('what an incident cost', () => {
  it('counts its /starts: welcomed late on their own, recovered, settled, and the lost by reason', () => {
    const ids = seedEveryKind();
    const down = botIncident(1, NOW - 6 * HOUR, NOW - HOUR);
    for (const lead of ['failed', 'held', 'blocked', 'welcomedLate', 'recovered', 'converted', 'archived']) dateInside(down, ids[lead]!, NOW - 5 * HOUR);
    const loss = incidentLoss(store.db, down, context({ averageTicket: 100, conversionRatePercent: 10 }));
    expect(loss).toMatchObject({
      incidentId: down,
      botId: 1,
      username: 'one_bot',
      cause: 'network',
      startedAt: NOW - 6 * HOUR,
      endedAt: NOW - HOUR,
      starts: 7,
      welcomedLate: 1,
      recovered: 1,
      settled: 2,
      lost: 3,
      waiting: 1,
      byReason: { pending: 0, held: 1, failed: 1, blocked: 1, no_delivery: 0 },
      // 3 leads × 10 % × 100
      cost: 30,
    });
  });

  it('has no blind window when it lasted 24 hours or less', () => {
    const down = botIncident(1, NOW - 30 * HOUR, NOW - 6 * HOUR);
    const loss = incidentLoss(store.db, down, context());
    expect(loss.unconfirmed).toEqual({ from: NOW - 30 * HOUR, to: NOW - 6 * HOUR, lengthMs: TELEGRAM_KEEPS_UPDATES_MS });
    expect(loss.blindWindow).toBeNull();
  });

  it('says which /starts Telegram may have dropped when the engine was off for longer than 24 hours', () => {
    const gap = engineGap(NOW - 5 * DAY, NOW - 2 * DAY);
    const loss = incidentLoss(store.db, gap, context());
    expect(loss.blindWindow).toEqual({ from: NOW - 5 * DAY, to: NOW - 3 * DAY, lengthMs: 2 * DAY });
  });

  it('joins a bot’s outage with the engine gap that followed it, which kept its updates unconfirmed too', () => {
    const down = botIncident(2, NOW - 10 * DAY, NOW - 10 * DAY + 12 * HOUR);
    engineGap(NOW - 10 * DAY + 12 * HOUR, NOW - 9 * DAY + 12 * HOUR);
    engineGap(NOW - 2 * DAY, NOW - DAY);
    const loss = incidentLoss(store.db, down, context());
    expect(loss.unconfirmed).toEqual({ from: NOW - 10 * DAY, to: NOW - 9 * DAY + 12 * HOUR, lengthMs: 36 * HOUR });
    expect(loss.blindWindow).toEqual({ from: NOW - 10 * DAY, to: NOW - 10 * DAY + 12 * HOUR, lengthMs: 12 * HOUR });
  });

  it('runs an open incident until now', () => {
    const down = botIncident(1, NOW - 2 * DAY, null);
    const loss = incidentLoss(store.db, down, context());
    expect(loss.endedAt).toBeNull();
    expect(loss.blindWindow).toEqual({ from: NOW - 2 * DAY, to: NOW - DAY, lengthMs: DAY });
  });

  it('refuses an unknown incident', () => {
    expect(() => incidentLoss(store.db, 42, context())).toThrow(expect.objectContaining({ code: 'INCIDENT_NOT_FOUND' }));
  });
});
