import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/main/core/db/migrations';
import { leadMoves } from '../../src/main/core/leads/lead-lifecycle';
import { LeadRecords, type NewLead } from '../../src/main/core/leads/lead-records';
import { SearchIndex } from '../../src/main/core/leads/search-index';
import { countedBuckets, keptBuckets, type Bucket } from '../support/lead-count-checks';
import { checkSearchIndex, searchIds } from '../support/search-index-checks';
import { seededRandom } from '../support/seeded-random';

const DAY = 86_400_000;
const BOTS = 3;

let db: Database.Database;
let records: LeadRecords;

const counted = (): Bucket[] => countedBuckets(db);
const kept = (): Bucket[] => keptBuckets(db);

function newLead(userId: number, botId = 1, names: Partial<Pick<NewLead, 'username' | 'firstName' | 'lastName'>> = {}): NewLead {
  return { botId, userId, chatId: userId, username: null, firstName: 'L', lastName: null, languageCode: null, source: null, invalid: null, ...names };
}

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations) migration.up(db);
  const bot = db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'B', 's', 'h', '{}', 0, 0)",
  );
  for (let b = 1; b <= BOTS; b += 1) bot.run(b, 40 + b, `b${b}`);
  records = new LeadRecords(db);
  return () => db.close();
});

describe('the lead records', () => {
  it('write leads with no trigger firing: none is left on the table', () => {
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'leads'").all()).toEqual([]);
  });

  it('keep the day counts equal to a plain count through a random mix of captures, moves, welcomes, refusals, sales and archives', () => {
    const r = seededRandom(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
    const users = new Map<number, { botId: number; userId: number }>();
    let user = 0;
    for (let step = 0; step < 3000; step += 1) {
      const now = Math.floor(r() * 20 * DAY);
      const x = r();
      const id = users.size === 0 ? null : pick([...users.keys()]);
      // Each change in its own transaction, as the engine commits them.
      db.transaction(() => {
        if (id === null || x < 0.3) {
          user += 1;
          const botId = 1 + Math.floor(r() * BOTS);
          users.set(records.insert(newLead(user, botId), now), { botId, userId: user });
          return;
        }
        const who = users.get(id)!;
        const lead = records.find(who.botId, who.userId);
        if (x < 0.45) {
          if (lead !== null) records.started(lead, { username: pick(['u', null]), firstName: 'L', lastName: null, languageCode: null }, now);
        } else if (x < 0.6) {
          if (lead !== null) records.move(lead, pick(leadMoves), now);
        } else if (x < 0.72) {
          records.welcomed(id, now);
        } else if (x < 0.8) {
          records.refused(id);
        } else if (x < 0.9) {
          records.converted(id, 100 + Math.floor(r() * 10_000), now);
        } else if (x < 0.92) {
          records.archiveBot(1 + Math.floor(r() * BOTS), pick(['bot_replaced', 'bot_removed'] as const), now);
        } else {
          records.touch(id, now);
        }
      })();
      if (step % 500 === 499) expect(kept(), `after step ${step}`).toEqual(counted());
    }
    expect(counted().some((bucket) => bucket.archived === 1)).toBe(true);
    expect(counted().some((bucket) => bucket.revenue_cents > 0)).toBe(true);
    expect(new Set(counted().map((bucket) => bucket.status)).size).toBe(5);
    expect(kept()).toEqual(counted());
  });

  it('undo their counting with the transaction that failed', () => {
    const id = records.insert(newLead(1), DAY);
    const before = kept();
    expect(() =>
      db.transaction(() => {
        records.converted(id, 500, DAY);
        throw new Error('the event could not be written');
      })(),
    ).toThrow('the event could not be written');
    expect(kept()).toEqual(before);
    expect(kept()).toEqual(counted());
  });

  it('move a sale between buckets with its revenue, and a corrected amount within its bucket', () => {
    const id = records.insert(newLead(1), 2 * DAY + 5);
    records.converted(id, 990, 3 * DAY);
    records.converted(id, 1990, 3 * DAY);
    expect(kept()).toEqual([{ archived: 0, status: 'converted', bot_id: 1, day: 2, leads: 1, revenue_cents: 1990 }]);
    records.archiveBot(1, 'bot_removed', 4 * DAY);
    expect(kept()).toEqual([{ archived: 1, status: 'converted', bot_id: 1, day: 2, leads: 1, revenue_cents: 1990 }]);
  });

  it('reindex a renamed lead the search index holds, and leave one it does not hold to the catch-up', () => {
    const indexed = records.insert(newLead(1, 1, { username: 'old_handle', firstName: 'Joana' }), DAY);
    new SearchIndex(db).catchUp();
    const later = records.insert(newLead(2, 1, { username: 'first_handle', firstName: 'Rui' }), DAY);
    expect(searchIds(db, 'old_handle')).toEqual([indexed]);

    const person = (username: string, firstName: string): { username: string; firstName: string; lastName: null; languageCode: null } => ({
      username,
      firstName,
      lastName: null,
      languageCode: null,
    });
    records.started(records.find(1, 1)!, person('new_handle', 'Joana'), 2 * DAY);
    records.started(records.find(1, 2)!, person('second_handle', 'Rui'), 2 * DAY);

    expect(searchIds(db, 'old_handle')).toEqual([]);
    expect(searchIds(db, 'new_handle')).toEqual([indexed]);
    checkSearchIndex(db);
    // The lead above the mark enters the index once, under the name it has now.
    expect(searchIds(db, 'second_handle')).toEqual([]);
    expect(new SearchIndex(db).catchUp()).toBe(1);
    expect(searchIds(db, 'second_handle')).toEqual([later]);
    expect(searchIds(db, 'first_handle')).toEqual([]);
    checkSearchIndex(db);
  });

  it('follow the lifecycle on writes by id: a welcome unblocks with its facts, a refusal never undoes a sale', () => {
    const id = records.insert(newLead(1), DAY);
    const status = (): string => db.prepare<[number], { status: string }>('SELECT status FROM leads WHERE id = ?').get(id)!.status;
    records.converted(id, 500, DAY);
    records.refused(id);
    expect(status()).toBe('converted');
    records.move(records.find(1, 1)!, 'blocked', DAY);
    expect(status()).toBe('blocked');
    records.welcomed(id, 2 * DAY);
    expect(status()).toBe('converted');
    expect(kept()).toEqual(counted());
  });

  it('opt a lead out once, with how, and back in by the operator, each change on the timeline', () => {
    const id = records.insert(newLead(1), DAY);
    const optedOutAt = (): number | null => db.prepare<[number], { opted_out_at: number | null }>('SELECT opted_out_at FROM leads WHERE id = ?').get(id)!.opted_out_at;
    const events = (): unknown[] => db.prepare('SELECT kind, at, detail FROM lead_events WHERE lead_id = ? ORDER BY id').all(id);
    expect(records.optOut(id, 'button', 2 * DAY)).toBe(true);
    expect(records.optOut(id, 'command', 3 * DAY)).toBe(false);
    expect(optedOutAt()).toBe(2 * DAY);
    expect(records.optIn(id, 4 * DAY)).toBe(true);
    expect(records.optIn(id, 5 * DAY)).toBe(false);
    expect(optedOutAt()).toBeNull();
    expect(records.optOut(id, 'operator', 6 * DAY)).toBe(true);
    expect(records.optOut(999, 'operator', 6 * DAY)).toBe(false);
    expect(events()).toEqual([
      { kind: 'opted_out', at: 2 * DAY, detail: '{"how":"button"}' },
      { kind: 'opted_in', at: 4 * DAY, detail: '{"how":"operator"}' },
      { kind: 'opted_out', at: 6 * DAY, detail: '{"how":"operator"}' },
    ]);
    // The status and the day counts are not the opt-out's business.
    expect(db.prepare('SELECT status FROM leads WHERE id = ?').pluck().get(id)).toBe('new');
    expect(kept()).toEqual(counted());
  });
});
