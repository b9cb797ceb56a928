import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration009 } from '../../../src/main/core/db/migrations/009_never_welcomed_leads';
import { LeadRecords } from '../../../src/main/core/leads/lead-records';

let db: Database.Database;
let records: LeadRecords;

function lead(userId: number, firstSeenAt: number): number {
  return records.insert(
    { botId: 1, userId, chatId: userId, username: null, firstName: `Lead ${userId}`, lastName: null, languageCode: null, source: null, invalid: null },
    firstSeenAt,
  );
}

/** The leads the index holds, read from the index alone. */
const indexed = (): number[] =>
  db
    .prepare<[], { id: number }>(
      "SELECT id FROM leads INDEXED BY leads_never_welcomed WHERE archived = 0 AND welcomed_at IS NULL AND status != 'converted' ORDER BY first_seen_at, id",
    )
    .all()
    .map((row) => row.id);

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration009.version)) migration.up(db);
  const bot = db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'B', 's', 'h', '{}', 0, 0)",
  );
  bot.run(1, 42, 'b');
  bot.run(2, 43, 'c');
  records = new LeadRecords(db);
  return () => db.close();
});

describe('009_never_welcomed_leads', () => {
  it('indexes the active leads never welcomed nor converted, those that exist and those to come, oldest first', () => {
    const before = lead(1, 3000);
    const welcomedBefore = lead(2, 1000);
    records.welcomed(welcomedBefore, 1500);

    migration009.up(db);

    const later = lead(3, 2000);
    const welcomedLater = lead(4, 500);
    const converted = lead(5, 600);
    records.welcomed(welcomedLater, 4000);
    records.converted(converted, 990, 4100);
    const archived = records.insert({ botId: 2, userId: 6, chatId: 6, username: null, firstName: 'Gone', lastName: null, languageCode: null, source: null, invalid: null }, 700);
    records.archiveBot(2, 'bot_removed', 4200);

    expect(indexed()).toEqual([later, before]);
    expect(indexed()).not.toContain(archived);
  });
});
