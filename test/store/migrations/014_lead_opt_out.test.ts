import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration014 } from '../../../src/main/core/db/migrations/014_lead_opt_out';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration014.version)) migration.up(db);
  db.exec(`
    INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 900, 'one_bot', 'B', 'x', 'y', '{}', 0, 0);
    INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, status, first_seen_at, last_seen_at, last_start_at) VALUES (1, 1, 11, 110, 'A', 'welcomed', 1, 1, 1);
  `);
  return () => db.close();
});

describe('014_lead_opt_out', () => {
  it('leaves every lead of before it opted in', () => {
    migration014.up(db);
    expect(db.prepare('SELECT id, opted_out_at FROM leads').all()).toEqual([{ id: 1, opted_out_at: null }]);
  });

  it('keeps when a lead opted out, and lets it be undone', () => {
    migration014.up(db);
    db.prepare('UPDATE leads SET opted_out_at = 50 WHERE id = 1').run();
    expect(db.prepare('SELECT opted_out_at FROM leads WHERE id = 1').pluck().get()).toBe(50);
    db.prepare('UPDATE leads SET opted_out_at = NULL WHERE id = 1').run();
    expect(db.prepare('SELECT opted_out_at FROM leads WHERE id = 1').pluck().get()).toBeNull();
  });
});
