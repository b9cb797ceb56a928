import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration018 } from '../../../src/main/core/db/migrations/018_campaign_results_indexes';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration018.version)) migration.up(db);
  db.exec(`
    INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 900, 'one_bot', 'B', 'x', 'y', '{}', 0, 0);
    INSERT INTO campaigns (id, name, status, audience, message, created_at, updated_at, started_at, finished_at) VALUES (1, 'C', 'done', '{}', '{}', 5, 5, 5, 9);
    INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, status, first_seen_at, last_seen_at, last_start_at, converted_at, revenue_cents) VALUES (1, 1, 11, 110, 'A', 'converted', 1, 1, 1, 50, 990);
    INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, status, first_seen_at, last_seen_at, last_start_at) VALUES (2, 1, 12, 120, 'B', 'welcomed', 1, 1, 1);
    INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, content, status, not_before, created_at, updated_at, sent_at, message_id, campaign_id, clicked_at)
      VALUES (1, 1, 110, 'broadcast', 2, '{}', 'sent', 6, 6, 6, 7, 70, 1, 8), (1, 2, 120, 'broadcast', 2, '{}', 'sent', 6, 6, 6, 7, 71, 1, NULL);
  `);
  return () => db.close();
});

const indexed = (index: string): number[] =>
  db
    .prepare(
      `SELECT rowid FROM ${index === 'leads_converted' ? 'leads' : 'deliveries'} INDEXED BY ${index} WHERE ${index === 'leads_converted' ? 'converted_at IS NOT NULL' : 'campaign_id = 1 AND clicked_at IS NOT NULL'}`,
    )
    .pluck()
    .all() as number[];

describe('018_campaign_results_indexes', () => {
  it('indexes the clicked campaign rows and the converted leads already there, and only them', () => {
    migration018.up(db);
    expect(indexed('deliveries_campaign_clicked')).toEqual([1]);
    expect(indexed('leads_converted')).toEqual([1]);
  });

  it('keeps them as rows are clicked and leads convert', () => {
    migration018.up(db);
    db.exec("UPDATE deliveries SET clicked_at = 9 WHERE id = 2; UPDATE leads SET status = 'converted', converted_at = 60, revenue_cents = 100 WHERE id = 2");
    expect(indexed('deliveries_campaign_clicked')).toEqual([1, 2]);
    expect(indexed('leads_converted')).toEqual([1, 2]);
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
  });
});
