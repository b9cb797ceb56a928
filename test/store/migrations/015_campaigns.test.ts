import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration015 } from '../../../src/main/core/db/migrations/015_campaigns';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration015.version)) migration.up(db);
  db.exec(`
    INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 900, 'one_bot', 'B', 'x', 'y', '{}', 0, 0);
    INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, status, first_seen_at, last_seen_at, last_start_at) VALUES (1, 1, 11, 110, 'A', 'welcomed', 1, 1, 1);
    INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, status, first_seen_at, last_seen_at, last_start_at) VALUES (2, 1, 12, 120, 'B', 'welcomed', 1, 1, 1);
    INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, status, not_before, created_at, updated_at) VALUES (1, 1, 110, 'welcome', 0, 'sent', 1, 1, 1);
  `);
  return () => db.close();
});

const insertCampaign = (status: string, times: { scheduled?: number; started?: number; finished?: number } = {}): number =>
  Number(
    db
      .prepare("INSERT INTO campaigns (name, status, audience, message, scheduled_at, created_at, updated_at, started_at, finished_at) VALUES ('C', ?, '{}', '{}', ?, 5, 5, ?, ?)")
      .run(status, times.scheduled ?? null, times.started ?? null, times.finished ?? null).lastInsertRowid,
  );

const broadcast = (campaignId: number | null, leadId: number): void => {
  db.prepare(
    "INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, content, status, not_before, created_at, updated_at, campaign_id) VALUES (1, ?, 110, 'broadcast', 2, '{}', 'pending', 9, 9, 9, ?)",
  ).run(leadId, campaignId);
};

describe('015_campaigns', () => {
  it('leaves the deliveries of before it in no campaign', () => {
    migration015.up(db);
    expect(db.prepare('SELECT campaign_id FROM deliveries').pluck().all()).toEqual([null]);
  });

  it('keeps each status to its times', () => {
    migration015.up(db);
    expect(() => insertCampaign('draft')).not.toThrow();
    expect(() => insertCampaign('scheduled', { scheduled: 50 })).not.toThrow();
    expect(() => insertCampaign('running', { started: 60 })).not.toThrow();
    expect(() => insertCampaign('done', { started: 60, finished: 70 })).not.toThrow();
    expect(() => insertCampaign('cancelled', { scheduled: 50, finished: 55 })).not.toThrow();
    expect(() => insertCampaign('cancelled', { started: 60, finished: 70 })).not.toThrow();
    expect(() => insertCampaign('sending')).toThrow(/CHECK/);
    expect(() => insertCampaign('scheduled')).toThrow(/CHECK/);
    expect(() => insertCampaign('running')).toThrow(/CHECK/);
    expect(() => insertCampaign('draft', { started: 60 })).toThrow(/CHECK/);
    expect(() => insertCampaign('done', { started: 60 })).toThrow(/CHECK/);
    expect(() => insertCampaign('paused', { started: 60, finished: 70 })).toThrow(/CHECK/);
  });

  it('freezes a lead into one campaign once, and into several campaigns once each', () => {
    migration015.up(db);
    const first = insertCampaign('running', { started: 60 });
    const second = insertCampaign('running', { started: 60 });
    broadcast(first, 1);
    broadcast(first, 2);
    broadcast(second, 1);
    expect(() => broadcast(first, 1)).toThrow(/UNIQUE/);
    broadcast(null, 1);
    broadcast(null, 1);
    expect(db.prepare('SELECT count(*) FROM deliveries WHERE campaign_id = ?').pluck().get(first)).toBe(2);
  });

  it('refuses a delivery of a campaign that does not exist', () => {
    migration015.up(db);
    expect(() => broadcast(99, 1)).toThrow(/FOREIGN KEY/);
  });
});
