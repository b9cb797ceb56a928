import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkSearchIndex, searchIds as search } from '../../support/search-index-checks';
import { migration001 } from '../../../src/main/core/db/migrations/001_settings_and_migration_log';
import { migration002 } from '../../../src/main/core/db/migrations/002_bots_leads_deliveries';
import { migration003 } from '../../../src/main/core/db/migrations/003_lead_conversion_and_search';
import { migration004 } from '../../../src/main/core/db/migrations/004_incidents_and_alerts';
import { migration005 } from '../../../src/main/core/db/migrations/005_search_index_catch_up';
import { SearchIndex } from '../../../src/main/core/leads/search-index';

let db: Database.Database;

function open(): Database.Database {
  const memory = new Database(':memory:');
  memory.pragma('foreign_keys = ON');
  for (const migration of [migration001, migration002, migration003, migration004]) migration.up(memory);
  memory
    .prepare("INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 42, 'b', 'B', 's', 'h', '{}', 0, 0)")
    .run();
  return memory;
}

function addLead(on: Database.Database, userId: number, names: { username?: string | null; first: string; last?: string | null }, id: number | null = null): number {
  return Number(
    on
      .prepare('INSERT INTO leads (id, bot_id, user_id, chat_id, username, first_name, last_name, first_seen_at, last_seen_at) VALUES (?, 1, ?, ?, ?, ?, ?, 0, 0)')
      .run(id, userId, userId, names.username ?? null, names.first, names.last ?? null).lastInsertRowid,
  );
}

const mark = (on: Database.Database): number | undefined => on.prepare<[], { upto: number }>('SELECT indexed_upto AS upto FROM lead_search_progress').get()?.upto;

beforeEach(() => {
  db = open();
  return () => db.close();
});

describe('005_search_index_catch_up', () => {
  it('keeps the leads that exist searchable and marks them indexed', () => {
    const first = addLead(db, 1, { username: 'early_bird', first: 'Clara' });
    const second = addLead(db, 2, { first: 'Clarice' });
    migration005.up(db);
    expect(mark(db)).toBe(second);
    expect(search(db, 'clar')).toEqual([first, second]);
    checkSearchIndex(db);
  });

  it('leaves a new lead out of the index until a catch-up, which indexes it with its current names, once', () => {
    migration005.up(db);
    expect(mark(db)).toBe(0);
    const id = addLead(db, 1, { username: 'new_one', first: 'Paula', last: 'Reis' });
    expect(search(db, 'paula')).toEqual([]);
    // Renamed and touched before anyone searched: no index entry to correct yet.
    db.prepare("UPDATE leads SET username = 'renamed', starts = starts + 1 WHERE id = ?").run(id);
    const index = new SearchIndex(db);
    expect(index.catchUp()).toBe(1);
    expect(mark(db)).toBe(id);
    expect(search(db, 'paula')).toEqual([id]);
    expect(search(db, 'renamed')).toEqual([id]);
    expect(search(db, 'new_one')).toEqual([]);
    expect(index.catchUp()).toBe(0);
    checkSearchIndex(db);
  });

  it('follows renames and deletes of indexed leads at once, and ignores those of leads not yet indexed', () => {
    migration005.up(db);
    const indexed = addLead(db, 1, { username: 'old_name', first: 'Ana' });
    new SearchIndex(db).catchUp();
    const pending = addLead(db, 2, { username: 'waiting', first: 'Bia' });
    db.prepare("UPDATE leads SET username = 'new_name' WHERE id = ?").run(indexed);
    expect(search(db, 'old_name')).toEqual([]);
    expect(search(db, 'new_name')).toEqual([indexed]);
    db.prepare('UPDATE leads SET first_name = ? WHERE id = ?').run('Bianca', pending);
    db.prepare('DELETE FROM leads WHERE id = ?').run(pending);
    checkSearchIndex(db);
    db.prepare('DELETE FROM leads WHERE id = ?').run(indexed);
    expect(search(db, 'new_name')).toEqual([]);
    checkSearchIndex(db);
  });

  it('indexes at once a lead inserted below the mark (a reused id), so a catch-up never misses it', () => {
    migration005.up(db);
    const low = addLead(db, 1, { first: 'Low' });
    const high = addLead(db, 2, { first: 'High' });
    new SearchIndex(db).catchUp();
    db.prepare('DELETE FROM leads WHERE id = ?').run(low);
    const reused = addLead(db, 3, { first: 'Lowell' }, low);
    expect(search(db, 'lowe')).toEqual([reused]);
    expect(mark(db)).toBe(high);
    checkSearchIndex(db);
  });
});
