import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/main/core/db/store';
import { EventBus } from '../../src/main/core/events';
import { DeliveriesRepository } from '../../src/main/core/leads/deliveries-repository';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { silentLogger } from '../../src/main/core/logger';
import { recoveryOverview } from '../../src/main/core/recovery/loss-report';
import { RecoveryJobs } from '../../src/main/core/recovery/recovery-jobs';
import { recoveryOverviewRequestSchema } from '../../src/shared/recovery';
import { defaultSettings } from '../../src/shared/settings';
import { APP_VERSION } from '../support/fixtures';
import { seededRandom, type Random } from '../support/seeded-random';
import { tempDir } from '../support/temp-dir';

const HOUR = 3_600_000;
const NOW = 40 * 24 * HOUR;
const BOTS = [1, 2, 3];

let store: Store;
let leads: LeadRecords;
let deliveries: DeliveriesRepository;
let jobs: RecoveryJobs;

beforeEach(async () => {
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  const bot = store.db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'B', 'x', 'y', '{}', 0, 0)",
  );
  for (const id of BOTS) bot.run(id, 900 + id, `bot_${id}`);
  leads = new LeadRecords(store.db);
  deliveries = new DeliveriesRepository(store.db);
  jobs = new RecoveryJobs({ db: store.db, events: new EventBus(), logger: silentLogger, now: () => NOW, runningBots: () => new Set(BOTS) });
});

afterEach(() => store.close());

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** What became of a lead, each through the same calls the engine makes. */
const fates = ['pending', 'sending', 'failed', 'blocked_by_403', 'came_back', 'held', 'welcomed', 'converted', 'archived_lead', 'never_queued', 'blocked_while_pending'] as const;

/** A mixed store: every fate on every bot, in a random order and at random ages. */
function seed(random: Random, count: number): void {
  for (let i = 0; i < count; i += 1) {
    const botId = pick(random, BOTS);
    const fate = pick(random, fates);
    const firstSeen = NOW - Math.floor(random() * 10 * 24 * HOUR);
    const userId = 10_000 + i;
    const leadId = leads.insert(
      { botId, userId, chatId: userId, username: null, firstName: `Lead ${i}`, lastName: null, languageCode: null, source: null, invalid: null },
      firstSeen,
    );
    if (fate === 'never_queued') continue;
    const [deliveryId] = deliveries.enqueue({ botId, kind: 'welcome', leadIds: [leadId], content: null }, fate === 'held' ? NOW - 30 * 24 * HOUR : firstSeen);
    const row = { id: deliveryId!, leadId, kind: 'welcome' as const };
    const lead = (): NonNullable<ReturnType<LeadRecords['find']>> => leads.find(botId, userId)!;
    switch (fate) {
      case 'pending':
        break;
      case 'sending':
        deliveries.claim(row.id, firstSeen, 0);
        break;
      case 'failed':
        deliveries.claim(row.id, firstSeen, 0);
        deliveries.finishFailed(row, 'failed', 'Bad Request: chat not found', firstSeen);
        break;
      case 'blocked_by_403':
      case 'came_back':
        deliveries.claim(row.id, firstSeen, 0);
        deliveries.finishFailed(row, 'blocked', 'Forbidden: bot was blocked by the user', firstSeen);
        if (fate === 'came_back') leads.move(lead(), 'unblocked', firstSeen + 1);
        break;
      case 'held':
        deliveries.holdStale(botId, NOW - 24 * HOUR, NOW - 1);
        break;
      case 'welcomed':
        deliveries.claim(row.id, firstSeen, 0);
        deliveries.finishSent(row, 1, firstSeen);
        break;
      case 'converted':
        leads.converted(leadId, 990, firstSeen + 1);
        break;
      case 'archived_lead':
        store.db.prepare("UPDATE leads SET archived = 1, archived_reason = 'bot_removed', archived_at = ? WHERE id = ?").run(firstSeen + 1, leadId);
        break;
      case 'blocked_while_pending':
        leads.move(lead(), 'blocked', firstSeen + 1);
        break;
    }
  }
}

describe('one definition of a lead who never got a welcome', () => {
  it.each([1, 2, 3, 4, 5])('the report’s lost and reachable leads are exactly the ones a job would message (seed %i)', (seedValue) => {
    seed(seededRandom(seedValue), 300);
    const report = recoveryOverview(store.db, recoveryOverviewRequestSchema.parse({ leadLimit: 500 }), { now: NOW, settings: defaultSettings, botStates: new Map() });
    expect(report.lostLeads.length).toBe(report.leads);
    const reachable = report.lostLeads.filter((lead) => lead.reason !== 'blocked');
    const onTheirWay = reachable.filter((lead) => lead.reason === 'pending');
    const toMessage = reachable.filter((lead) => lead.reason !== 'pending');
    // The seed holds every kind of lead the two must agree on.
    expect(new Set(report.lostLeads.map((lead) => lead.reason))).toEqual(new Set(['pending', 'held', 'failed', 'blocked', 'no_delivery']));

    for (const botId of BOTS) {
      const mine = toMessage.filter((lead) => lead.botId === botId);
      expect(jobs.preview({ kind: 'bot', botId })).toEqual({
        leads: mine.length,
        alreadyInJobs: [],
        welcomesOnTheirWay: onTheirWay.filter((lead) => lead.botId === botId).length,
        heldWelcomesReplaced: mine.filter((lead) => lead.reason === 'held').length,
      });
    }
    const job = jobs.create({ kind: 'all' }, { kind: 'welcome' });
    const queued = jobs.detail(job.id, 0, 5000).leads.map((lead) => lead.leadId);
    expect(queued.sort((a, b) => a - b)).toEqual(toMessage.map((lead) => lead.leadId).sort((a, b) => a - b));
  });
});
