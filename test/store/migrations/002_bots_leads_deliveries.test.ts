import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migration001 } from '../../../src/main/core/db/migrations/001_settings_and_migration_log';
import { migration002 } from '../../../src/main/core/db/migrations/002_bots_leads_deliveries';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migration001.up(db);
  migration002.up(db);
  db.prepare("INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 42, 'b', 'B', 's', 'h', '{}', 0, 0)").run();
  return () => db.close();
});

const lead = (userId: number, archived = 0): void => {
  db.prepare('INSERT INTO leads (bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at, archived) VALUES (1, ?, ?, ?, 0, 0, ?)').run(userId, userId, 'L', archived);
};

describe('002_bots_leads_deliveries', () => {
  it('allows one active lead per bot and user, and any number of archived ones', () => {
    lead(7, 1);
    lead(7, 1);
    lead(7);
    expect(() => lead(7)).toThrow(/UNIQUE constraint failed/);
  });

  it('records an update once per Telegram bot and update id', () => {
    const insert = db.prepare("INSERT OR IGNORE INTO updates (telegram_bot_id, update_id, bot_id, kind, received_at) VALUES (42, ?, 1, 'message', 0)");
    expect(insert.run(5).changes).toBe(1);
    expect(insert.run(5).changes).toBe(0);
  });

  it('keeps one active bot per Telegram bot, but removed ones may repeat', () => {
    const add = db.prepare(
      "INSERT INTO bots (telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at, removed_at) VALUES (42, 'b', 'B', 's', 'h', '{}', 0, 0, ?)",
    );
    add.run(5);
    expect(() => add.run(null)).toThrow(/UNIQUE constraint failed/);
  });

  it('checks delivery kinds, lanes and statuses, and the lead they belong to', () => {
    lead(7);
    const insert = db.prepare('INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, status, not_before, created_at, updated_at) VALUES (1, ?, 7, ?, ?, ?, 0, 0, 0)');
    insert.run(1, 'welcome', 0, 'pending');
    expect(() => insert.run(1, 'spam', 0, 'pending')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run(1, 'welcome', 5, 'pending')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run(1, 'welcome', 0, 'lost')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run(99, 'welcome', 0, 'pending')).toThrow(/FOREIGN KEY constraint failed/);
  });
});
