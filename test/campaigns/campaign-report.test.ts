import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportCampaignReport } from '../../src/main/core/campaigns/campaign-report-export';
import { Campaigns } from '../../src/main/core/campaigns/campaigns';
import { openStore, type Store } from '../../src/main/core/db/store';
import { EventBus } from '../../src/main/core/events';
import { DeliveriesRepository } from '../../src/main/core/leads/deliveries-repository';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { silentLogger } from '../../src/main/core/logger';
import { audienceFilterSchema, campaignMessageSchema, campaignReportSchema, type Campaign } from '../../src/shared/campaigns';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

let store: Store;
let campaigns: Campaigns;
let repo: DeliveriesRepository;
let leads: LeadRecords;
const T = 1_800_000_000_000;
const WEEK = 7 * 24 * 60 * 60 * 1000;

beforeEach(async () => {
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  store.db
    .prepare("INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 900, 'shop_bot', 'B', 'x', 'y', '{}', 0, 0)")
    .run();
  repo = new DeliveriesRepository(store.db);
  leads = new LeadRecords(store.db);
  campaigns = new Campaigns({ db: store.db, events: new EventBus(), logger: silentLogger, now: () => T });
});

afterEach(() => {
  campaigns.stop();
  store.close();
});

function lead(userId: number, firstName: string, lastName: string | null = null, username: string | null = null): number {
  const id = leads.insert({ botId: 1, userId, chatId: userId, username, firstName, lastName, languageCode: 'en', source: null, invalid: null }, 1000);
  leads.welcomed(id, 1100);
  return id;
}

function start(): Campaign {
  const message = campaignMessageSchema.parse({ text: 'Sale', optOutButton: false });
  return campaigns.startNow(campaigns.create('Sale', audienceFilterSchema.parse({ bots: [1] }), message).id);
}

/** Each lead's campaign row, claimed (as the sender does before its call). */
function claimed(campaignId: number): Map<number, { id: number; leadId: number; kind: 'broadcast' }> {
  const rows = repo.due(1, T, 100).filter((row) => store.db.prepare('SELECT campaign_id FROM deliveries WHERE id = ?').pluck().get(row.id) === campaignId);
  return new Map(rows.map((row) => [row.leadId, { id: row.id, leadId: row.leadId, kind: 'broadcast' as const }]));
}

describe("a campaign's per-lead report", () => {
  it('tells each lead’s outcome and reason, its click and a conversion that counts, a page at a time', () => {
    const ana = lead(11, 'Ana', 'Lima', 'ana');
    const bia = lead(12, 'Bia');
    const cai = lead(13, 'Cai');
    const dan = lead(14, 'Dan');
    const eva = lead(15, 'Eva');
    const late = lead(16, 'Late');
    const opted = lead(17, 'Opted');
    // An earlier campaign message to Eva: the cap skips her this time.
    const earlier = start();
    const evaEarlier = claimed(earlier.id).get(eva)!;
    expect(repo.claim(evaEarlier.id, T, 0)).toBe(true);
    repo.finishSent(evaEarlier, 40, T);
    campaigns.cancel(earlier.id);

    const campaign = start();
    const rows = claimed(campaign.id);
    leads.optOut(opted, 'button', T);
    for (const leadId of [ana, bia, cai, dan, eva, opted, late]) expect(repo.claim(rows.get(leadId)!.id, T, 3_600_000)).toBe(leadId !== eva && leadId !== opted);
    repo.finishSent(rows.get(ana)!, 50, T);
    repo.finishSent(rows.get(late)!, 51, T);
    repo.finishFailed(rows.get(bia)!, 'blocked', 'Forbidden: bot was blocked by the user', T);
    repo.finishFailed(rows.get(cai)!, 'failed', 'Internal Server Error (given up after 3 tries)', T);
    repo.clicked(ana, 50, T + 10);
    leads.converted(ana, 4990, T + WEEK);
    leads.converted(late, 1000, T + WEEK + 1);
    // Dan's row is still sending when the engine stops: a crash leaves it given up.
    repo.requeueAfterCrash(T);

    const report = campaignReportSchema.parse(campaigns.report(campaign.id, 0, 100));
    expect(report.total).toBe(7);
    expect(report.rows.map((row) => [row.name, row.outcome])).toEqual([
      ['Ana Lima', 'sent'],
      ['Bia', 'blocked'],
      ['Cai', 'failed'],
      ['Dan', 'abandoned_after_crash'],
      ['Eva', 'capped'],
      ['Late', 'sent'],
      ['Opted', 'opted_out'],
    ]);
    expect(report.rows[0]).toEqual({
      leadId: ana,
      name: 'Ana Lima',
      username: 'ana',
      bot: 'shop_bot',
      outcome: 'sent',
      reason: null,
      sentAt: T,
      clickedAt: T + 10,
      convertedAt: T + WEEK,
      amountCents: 4990,
    });
    expect(report.rows.map((row) => row.reason)).toEqual([
      null,
      'Forbidden: bot was blocked by the user',
      'Internal Server Error (given up after 3 tries)',
      'interrupted by a crash: not sent again, a duplicate promotion would be spam',
      'the lead received another campaign message within the frequency cap',
      null,
      'the lead opted out of campaigns',
    ]);
    expect(report.rows[5]).toMatchObject({ sentAt: T, convertedAt: null, amountCents: null });

    const page = campaigns.report(campaign.id, 2, 3);
    expect(page.total).toBe(7);
    expect(page.rows.map((row) => row.leadId)).toEqual([cai, dan, eva]);
    expect(campaigns.report(campaign.id, 7, 3).rows).toEqual([]);
    expect(campaigns.report(earlier.id, 0, 100).rows.map((row) => row.outcome)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'sent', 'cancelled', 'cancelled']);
    expect(() => campaigns.report(999, 0, 10)).toThrow(expect.objectContaining({ code: 'CAMPAIGN_NOT_FOUND' }));
  });

  it('is written as CSV, every lead once, and an unknown campaign makes no file', async () => {
    const ids = Array.from({ length: 205 }, (_, i) => lead(100 + i, i === 0 ? '=Evil, "Lead"' : `Lead ${i}`));
    const campaign = start();
    const first = claimed(campaign.id).get(ids[0]!)!;
    expect(repo.claim(first.id, T, 0)).toBe(true);
    repo.finishSent(first, 9, T);
    leads.converted(ids[0]!, 1250, T + 1);
    const dir = tempDir();
    const result = await exportCampaignReport(campaigns, dir, campaign.id);
    expect(result.rows).toBe(205);
    expect(result.fileName).toMatch(new RegExp(`^campaign-${campaign.id}-\\d{8}T\\d{9}Z\\.csv$`));
    const lines = readFileSync(result.path, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFlead_id,name,username,bot,outcome,reason,sent_at,clicked_at,converted_at,amount_cents');
    expect(lines[1]).toBe(`${ids[0]},"'=Evil, ""Lead""",,shop_bot,sent,,${new Date(T).toISOString()},,${new Date(T + 1).toISOString()},1250`);
    expect(lines[2]).toBe(`${ids[1]},Lead 1,,shop_bot,pending,,,,,`);
    expect(lines).toHaveLength(207);
    expect(lines.at(-1)).toBe('');
    expect(new Set(lines.slice(1, -1).map((line) => line.split(',')[0])).size).toBe(205);
    await expect(exportCampaignReport(campaigns, tempDir(), 999)).rejects.toMatchObject({ code: 'CAMPAIGN_NOT_FOUND' });
  });
});
