import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration007 } from '../../../src/main/core/db/migrations/007_lead_writes_without_triggers';
import { LeadRecords } from '../../../src/main/core/leads/lead-records';
import { SearchIndex } from '../../../src/main/core/leads/search-index';
import { checkSearchIndex, searchIds } from '../../support/search-index-checks';

let db: Database.Database;

const triggersOnLeads = (): string[] =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'leads' ORDER BY name")
    .all()
    .map((row) => row.name);

const counts = (): unknown[] => db.prepare('SELECT * FROM lead_counts ORDER BY 1, 2, 3, 4').all();

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration007.version)) migration.up(db);
  db.prepare("INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 42, 'b', 'B', 's', 'h', '{}', 0, 0)").run();
  return () => db.close();
});

describe('007_lead_writes_without_triggers', () => {
  it('drops the six triggers on leads and leaves the counts and the search index as they were', () => {
    const insert = db.prepare('INSERT INTO leads (bot_id, user_id, chat_id, username, first_name, status, first_seen_at, last_seen_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)');
    insert.run(1, 1, 'ana_indexed', 'Ana', 'welcomed', 1000, 1000);
    new SearchIndex(db).catchUp();
    insert.run(2, 2, 'bia_later', 'Bia', 'new', 2000, 2000);
    expect(triggersOnLeads()).toHaveLength(6);
    const countsBefore = counts();
    const indexedBefore = db.prepare('SELECT rowid FROM leads_fts ORDER BY rowid').all();

    migration007.up(db);

    expect(triggersOnLeads()).toEqual([]);
    expect(counts()).toEqual(countsBefore);
    expect(db.prepare('SELECT rowid FROM leads_fts ORDER BY rowid').all()).toEqual(indexedBefore);
    checkSearchIndex(db);
  });

  it('leaves the lead records keeping both, through a capture, a rename and a welcome', () => {
    const id = Number(
      db.prepare("INSERT INTO leads (bot_id, user_id, chat_id, username, first_name, first_seen_at, last_seen_at) VALUES (1, 1, 1, 'before', 'Ana', 1000, 1000)").run()
        .lastInsertRowid,
    );
    new SearchIndex(db).catchUp();
    migration007.up(db);
    const records = new LeadRecords(db);

    records.started(records.find(1, 1)!, { username: 'after', firstName: 'Ana', lastName: null, languageCode: null }, 2000);
    records.welcomed(id, 3000);

    expect(counts()).toEqual([
      { archived: 0, status: 'new', bot_id: 1, day: 0, leads: 0, revenue_cents: 0 },
      { archived: 0, status: 'welcomed', bot_id: 1, day: 0, leads: 1, revenue_cents: 0 },
    ]);
    expect(searchIds(db, 'before')).toEqual([]);
    expect(searchIds(db, 'after')).toEqual([id]);
    checkSearchIndex(db);
  });
});
