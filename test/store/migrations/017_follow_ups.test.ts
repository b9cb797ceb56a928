import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration017 } from '../../../src/main/core/db/migrations/017_follow_ups';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration017.version)) migration.up(db);
  db.exec(`
    INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 900, 'one_bot', 'B', 'x', 'y', '{}', 0, 0);
    INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, status, first_seen_at, last_seen_at, last_start_at, welcomed_at) VALUES (1, 1, 11, 110, 'A', 'welcomed', 1, 1, 1, 2);
    INSERT INTO deliveries (id, bot_id, lead_id, chat_id, kind, lane, status, not_before, created_at, updated_at, sent_at, message_id) VALUES (1, 1, 1, 110, 'welcome', 0, 'sent', 1, 1, 1, 2, 77);
  `);
  migration017.up(db);
  db.exec(`
    INSERT INTO follow_up_sequences (bot_id, enabled, enroll_from, scanned_to, created_at, updated_at) VALUES (1, 1, 0, 0, 0, 0);
    INSERT INTO follow_up_steps (id, bot_id, position, delay_minutes, delay_unit, condition, message, enabled, created_at, updated_at) VALUES (1, 1, 1, 60, 'hours', 'any', '{}', 1, 0, 0);
  `);
  return () => db.close();
});

describe('017_follow_ups', () => {
  it('leaves the deliveries of before it outside every follow-up', () => {
    expect(db.prepare('SELECT id, follow_up_step_id FROM deliveries').all()).toEqual([{ id: 1, follow_up_step_id: null }]);
  });

  it('keeps a step from reaching a lead twice', () => {
    const skip = db.prepare("INSERT INTO follow_up_sends (step_id, lead_id, due_at, at, skipped) VALUES (1, 1, 5, 5, 'missed')");
    skip.run();
    expect(() => skip.run()).toThrow(/UNIQUE/);
  });

  it('takes a send as either queued or skipped, never both or neither', () => {
    expect(() => db.prepare('INSERT INTO follow_up_sends (step_id, lead_id, due_at, at) VALUES (1, 1, 5, 5)').run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO follow_up_sends (step_id, lead_id, due_at, at, delivery_id, skipped) VALUES (1, 1, 5, 5, 1, 'missed')").run()).toThrow(/CHECK/);
  });

  it('keeps an enrollment either waiting for a look or ended', () => {
    expect(() => db.prepare('INSERT INTO follow_up_enrollments (lead_id, bot_id, starts_at, enrolled_at) VALUES (1, 1, 2, 2)').run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO follow_up_enrollments (lead_id, bot_id, starts_at, enrolled_at, ended) VALUES (1, 1, 2, 2, 'done')").run();
  });
});
