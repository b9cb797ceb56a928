import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration013 } from '../../../src/main/core/db/migrations/013_recovery_progress_index';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration013.version)) migration.up(db);
  db.exec(`
    INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 900, 'one_bot', 'B', 'x', 'y', '{}', 0, 0);
    INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, status, first_seen_at, last_seen_at, last_start_at) VALUES
      (1, 1, 11, 110, 'A', 'new', 1, 1, 1), (2, 1, 12, 120, 'B', 'new', 1, 1, 1), (3, 1, 13, 130, 'C', 'new', 1, 1, 1);
    INSERT INTO recovery_jobs (id, scope, message, status, leads, created_at, updated_at) VALUES (1, '{"kind":"all"}', 'welcome', 'running', 2, 1, 1);
    INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, status, not_before, created_at, updated_at, sent_at, recovery_job_id) VALUES
      (1, 1, 110, 'recovery', 1, 'sent', 1, 1, 2, 2, 1), (1, 2, 120, 'recovery', 1, 'pending', 1, 1, 1, NULL, 1),
      (1, 3, 130, 'welcome', 0, 'pending', 1, 1, 1, NULL, NULL);
  `);
  return () => db.close();
});

const indexed = (): unknown[] =>
  db.prepare('SELECT lead_id, status, sent_at FROM deliveries INDEXED BY deliveries_recovery_job_progress WHERE recovery_job_id = 1 ORDER BY lead_id').all();

describe('013_recovery_progress_index', () => {
  it('indexes the rows of the jobs already there, and only those', () => {
    migration013.up(db);
    expect(indexed()).toEqual([
      { lead_id: 1, status: 'sent', sent_at: 2 },
      { lead_id: 2, status: 'pending', sent_at: null },
    ]);
    const entries = db.prepare('SELECT count(*) FROM deliveries INDEXED BY deliveries_recovery_job_progress WHERE recovery_job_id IS NOT NULL').pluck().get();
    expect(entries).toBe(2);
  });

  it('follows a row of a job as it is sent', () => {
    migration013.up(db);
    db.prepare("UPDATE deliveries SET status = 'sent', sent_at = 5 WHERE lead_id = 2").run();
    expect(indexed()).toEqual([
      { lead_id: 1, status: 'sent', sent_at: 2 },
      { lead_id: 2, status: 'sent', sent_at: 5 },
    ]);
  });
});
