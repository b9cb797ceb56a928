import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration016 } from '../../../src/main/core/db/migrations/016_delivery_clicks';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration016.version)) migration.up(db);
  db.exec(`
    INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 900, 'one_bot', 'B', 'x', 'y', '{}', 0, 0);
    INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, status, first_seen_at, last_seen_at, last_start_at) VALUES (1, 1, 11, 110, 'A', 'clicked', 1, 1, 1);
    INSERT INTO deliveries (id, bot_id, lead_id, chat_id, kind, lane, status, not_before, created_at, updated_at, sent_at, message_id) VALUES (1, 1, 1, 110, 'welcome', 0, 'sent', 1, 1, 1, 2, 77);
  `);
  return () => db.close();
});

describe('016_delivery_clicks', () => {
  it('leaves the deliveries of before it unclicked (no press of before it named its message)', () => {
    migration016.up(db);
    expect(db.prepare('SELECT id, clicked_at FROM deliveries').all()).toEqual([{ id: 1, clicked_at: null }]);
  });

  it('keeps when a delivery was first clicked', () => {
    migration016.up(db);
    db.prepare('UPDATE deliveries SET clicked_at = 50 WHERE lead_id = 1 AND message_id = 77').run();
    expect(db.prepare('SELECT clicked_at FROM deliveries WHERE id = 1').pluck().get()).toBe(50);
  });
});
