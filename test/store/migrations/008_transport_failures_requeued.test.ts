import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration008 } from '../../../src/main/core/db/migrations/008_transport_failures_requeued';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration008.version)) migration.up(db);
  db.prepare("INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 42, 'b', 'B', 's', 'h', '{}', 0, 0)").run();
  const lead = db.prepare("INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at) VALUES (?, 1, ?, ?, 'L', 1000, 1000)");
  for (let id = 1; id <= 6; id += 1) lead.run(id, id, id);
  return () => db.close();
});

const insert = (leadId: number, kind: string, status: string, error: string | null): void => {
  db.prepare(
    'INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, content, status, attempts, not_before, created_at, updated_at, error) VALUES (1, ?, ?, ?, ?, ?, ?, 6, 5000, 1000, 5000, ?)',
  ).run(leadId, leadId, kind, kind === 'welcome' ? 0 : kind === 'recovery' ? 1 : 2, kind === 'broadcast' ? '{"text":"Sale"}' : null, status, error);
};

describe('008_transport_failures_requeued', () => {
  it('puts back in the queue the welcomes and recoveries that gave up on a transport failure, and leaves every final answer', () => {
    insert(1, 'welcome', 'failed', 'Gave up after 6 attempts: ECONNREFUSED (api.telegram.org)');
    insert(2, 'recovery', 'failed', 'Gave up after 6 attempts: Internal Server Error');
    insert(3, 'welcome', 'failed', 'Bad Request: chat not found');
    insert(4, 'welcome', 'blocked', 'Forbidden: bot was blocked by the user');
    insert(5, 'broadcast', 'failed', 'Gave up after 6 attempts: ECONNREFUSED (api.telegram.org)');
    insert(6, 'welcome', 'sent', null);

    migration008.up(db);

    expect(db.prepare('SELECT lead_id, status, attempts, not_before FROM deliveries ORDER BY lead_id').all()).toEqual([
      { lead_id: 1, status: 'pending', attempts: 0, not_before: 0 },
      { lead_id: 2, status: 'pending', attempts: 0, not_before: 0 },
      { lead_id: 3, status: 'failed', attempts: 6, not_before: 5000 },
      { lead_id: 4, status: 'blocked', attempts: 6, not_before: 5000 },
      { lead_id: 5, status: 'failed', attempts: 6, not_before: 5000 },
      { lead_id: 6, status: 'sent', attempts: 6, not_before: 5000 },
    ]);
    const events = db.prepare<[], { lead_id: number; kind: string; detail: string }>('SELECT lead_id, kind, detail FROM lead_events ORDER BY lead_id').all();
    expect(events.map((event) => ({ ...event, detail: JSON.parse(event.detail) as unknown }))).toEqual([
      { lead_id: 1, kind: 'welcome_requeued', detail: { deliveryId: 1, why: 'transport_failure' } },
      { lead_id: 2, kind: 'welcome_requeued', detail: { deliveryId: 2, why: 'transport_failure' } },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_temp_schema WHERE name = 'requeued'").get()).toEqual({ n: 0 });
  });
});
