import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration021 } from '../../../src/main/core/db/migrations/021_funnel_clicks_index';

let db: Database.Database;

const event = (kind: string, at: number): void => {
  db.prepare('INSERT INTO lead_events (lead_id, kind, at, detail) VALUES (1, ?, ?, NULL)').run(kind, at);
};

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration021.version)) migration.up(db);
  db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 77, 'shop_bot', 'Shop', 's', 'h', '{}', 1, 1)",
  ).run();
  db.prepare("INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, status, starts, first_seen_at, last_seen_at) VALUES (1, 1, 501, 501, 'Ana', 'clicked', 1, 1, 1)").run();
  event('started', 1);
  event('clicked', 5);
  event('welcome_sent', 6);
  return () => db.close();
});

const clicksIndexed = (): number[] =>
  db.prepare("SELECT at FROM lead_events INDEXED BY lead_events_clicked WHERE kind = 'clicked' AND at >= 0 ORDER BY at").pluck().all() as number[];

describe('021_funnel_clicks_index', () => {
  it('indexes the clicks already there, and only them', () => {
    migration021.up(db);
    expect(clicksIndexed()).toEqual([5]);
  });

  it('keeps the index as clicks and other events arrive', () => {
    migration021.up(db);
    event('clicked', 9);
    event('paid', 10);
    expect(clicksIndexed()).toEqual([5, 9]);
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
  });
});
