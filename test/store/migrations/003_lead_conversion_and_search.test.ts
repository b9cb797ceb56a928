import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkSearchIndex, searchIds as search } from '../../support/search-index-checks';
import { migration001 } from '../../../src/main/core/db/migrations/001_settings_and_migration_log';
import { migration002 } from '../../../src/main/core/db/migrations/002_bots_leads_deliveries';
import { migration003 } from '../../../src/main/core/db/migrations/003_lead_conversion_and_search';
import { readSchema } from '../../../src/main/core/db/schema';

let db: Database.Database;

function open(): Database.Database {
  const memory = new Database(':memory:');
  memory.pragma('foreign_keys = ON');
  migration001.up(memory);
  migration002.up(memory);
  memory
    .prepare("INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 42, 'b', 'B', 's', 'h', '{}', 0, 0)")
    .run();
  return memory;
}

beforeEach(() => {
  db = open();
  migration003.up(db);
  return () => db.close();
});

function addLead(on: Database.Database, userId: number, names: { username?: string | null; first: string; last?: string | null }, archived = 0): number {
  return Number(
    on
      .prepare('INSERT INTO leads (bot_id, user_id, chat_id, username, first_name, last_name, first_seen_at, last_seen_at, archived) VALUES (1, ?, ?, ?, ?, ?, 0, 0, ?)')
      .run(userId, userId, names.username ?? null, names.first, names.last ?? null, archived).lastInsertRowid,
  );
}

describe('003_lead_conversion_and_search', () => {
  it('adds nullable conversion columns and refuses a negative amount', () => {
    const columns = readSchema(db)
      .tables.get('leads')
      ?.columns.filter((column) => ['converted_at', 'revenue_cents'].includes(column.name));
    expect(columns?.map((c) => [c.name, c.type, c.notNull, c.defaultValue])).toEqual([
      ['converted_at', 'INTEGER', false, null],
      ['revenue_cents', 'INTEGER', false, null],
    ]);
    const id = addLead(db, 1, { first: 'A' });
    db.prepare('UPDATE leads SET revenue_cents = 0, converted_at = 5 WHERE id = ?').run(id);
    expect(() => db.prepare('UPDATE leads SET revenue_cents = -1 WHERE id = ?').run(id)).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare("UPDATE leads SET revenue_cents = 'lots' WHERE id = ?").run(id)).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('creates the console indexes, partial on archived so hidden leads stay out of them', () => {
    const indexes = readSchema(db).indexes;
    const active = [...indexes.values()].filter((index) => index.name.startsWith('leads_active_'));
    expect(active.map((index) => index.name).sort()).toEqual([
      'leads_active_bot_status',
      'leads_active_bot_status_source',
      'leads_active_first_name',
      'leads_active_first_seen',
      'leads_active_last_seen',
      'leads_active_revenue',
      'leads_active_starts',
      'leads_active_status',
      'leads_active_username',
    ]);
    for (const index of active) expect(index.where, index.name).toMatch(/^archived = 0/);
    expect(indexes.get('leads_archived_bot_status')?.where).toBe('archived = 1');
    expect(indexes.get('leads_active_first_seen')?.columns).toEqual(['first_seen_at', 'id', 'bot_id', 'status', 'source']);
  });

  it('uses the partial indexes for the queries they were made for', () => {
    const plan = (sql: string): string =>
      db
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((row) => row.detail)
        .join(' | ');
    expect(plan('SELECT id FROM leads WHERE archived = 0 ORDER BY first_seen_at DESC, id DESC LIMIT 100')).toContain('leads_active_first_seen');
    expect(plan("SELECT count(*) FROM leads WHERE archived = 0 AND bot_id = 1 AND status = 'new' AND first_seen_at >= 5")).toMatch(
      /COVERING INDEX leads_active_bot_status \(bot_id=\? AND status=\? AND first_seen_at>\?\)/,
    );
  });

  it('finds new leads by any part of username, first or last name, in any case and without accents', () => {
    const ana = addLead(db, 1, { username: 'sun_ana77', first: 'Ana', last: 'Souza' });
    const zoe = addLead(db, 2, { username: null, first: 'Zoë', last: 'Müller' });
    const dmitry = addLead(db, 3, { username: 'dima', first: 'Дмитрий', last: null });
    expect(search(db, 'ANA7')).toEqual([ana]);
    expect(search(db, 'ouz')).toEqual([ana]);
    expect(search(db, 'zoe')).toEqual([zoe]);
    expect(search(db, 'mull')).toEqual([zoe]);
    expect(search(db, 'дмит')).toEqual([dmitry]);
    expect(search(db, 'ДМИТ')).toEqual([dmitry]);
    expect(search(db, 'nobody')).toEqual([]);
    checkSearchIndex(db);
  });

  it('follows renames, ignores updates that leave the names alone, and forgets deleted leads', () => {
    const id = addLead(db, 1, { username: 'old_name', first: 'Paula', last: 'Reis' });
    const other = addLead(db, 2, { username: 'keeper', first: 'Paula', last: null });
    db.prepare("UPDATE leads SET username = 'new_name', last_name = NULL WHERE id = ?").run(id);
    expect(search(db, 'old_name')).toEqual([]);
    expect(search(db, 'reis')).toEqual([]);
    expect(search(db, 'new_name')).toEqual([id]);
    // Capture rewrites the names on every /start with the same values, and touches other columns.
    db.prepare("UPDATE leads SET username = 'new_name', first_name = 'Paula', starts = starts + 1, last_seen_at = 9, status = 'clicked' WHERE id = ?").run(id);
    expect(search(db, 'paula')).toEqual([id, other]);
    checkSearchIndex(db);

    db.prepare('DELETE FROM leads WHERE id = ?').run(id);
    expect(search(db, 'new_name')).toEqual([]);
    expect(search(db, 'paula')).toEqual([other]);
    checkSearchIndex(db);
  });

  it('indexes archived leads too, so "include archived" can search them', () => {
    const id = addLead(db, 1, { username: 'gone_lead', first: 'Old' }, 1);
    expect(search(db, 'gone_l')).toEqual([id]);
  });

  it('backfills the search index with the leads that existed before it', () => {
    const before = open();
    const first = addLead(before, 1, { username: 'early_bird', first: 'Clara', last: 'Nunes' });
    const second = addLead(before, 2, { username: null, first: 'Clarice', last: null });
    migration003.up(before);
    expect(search(before, 'early')).toEqual([first]);
    expect(search(before, 'clar')).toEqual([first, second]);
    checkSearchIndex(before);
    before.close();
  });
});
