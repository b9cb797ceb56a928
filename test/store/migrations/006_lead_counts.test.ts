import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration006 } from '../../../src/main/core/db/migrations/006_lead_counts';
import { leadStatuses } from '../../../src/shared/leads';
import { countedBuckets, keptBuckets } from '../../support/lead-count-checks';
import { seededRandom } from '../../support/seeded-random';

const DAY = 86_400_000;
const BOTS = 3;

let db: Database.Database;

function open(): Database.Database {
  const memory = new Database(':memory:');
  memory.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration006.version)) migration.up(memory);
  const bot = memory.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'B', 's', 'h', '{}', 0, 0)",
  );
  for (let b = 1; b <= BOTS; b += 1) bot.run(b, 40 + b, `b${b}`);
  return memory;
}

const counted = countedBuckets;
const kept = keptBuckets;

beforeEach(() => {
  db = open();
  return () => db.close();
});

describe('006_lead_counts', () => {
  it('counts the leads that exist by archived, status, bot and day, with their revenue', () => {
    const insert = db.prepare(
      'INSERT INTO leads (bot_id, user_id, chat_id, first_name, status, first_seen_at, last_seen_at, revenue_cents, archived) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run(1, 1, 1, 'A', 'new', 5 * DAY + 1, 5 * DAY + 1, null, 0);
    insert.run(1, 2, 2, 'B', 'new', 5 * DAY + 2, 5 * DAY + 2, null, 0);
    insert.run(1, 3, 3, 'C', 'converted', 6 * DAY - 1, 6 * DAY, 990, 0);
    insert.run(2, 4, 4, 'D', 'converted', 6 * DAY, 6 * DAY, 1000, 1);
    migration006.up(db);
    expect(kept(db)).toEqual([
      { archived: 0, status: 'converted', bot_id: 1, day: 5, leads: 1, revenue_cents: 990 },
      { archived: 0, status: 'new', bot_id: 1, day: 5, leads: 2, revenue_cents: 0 },
      { archived: 1, status: 'converted', bot_id: 2, day: 6, leads: 1, revenue_cents: 1000 },
    ]);
  });

  it('stays equal to a plain count after a random mix of inserts, status moves, sales, archives and deletes', () => {
    migration006.up(db);
    const r = seededRandom(6);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
    const s = {
      insert: db.prepare('INSERT INTO leads (bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)'),
      status: db.prepare('UPDATE leads SET status = ?, last_seen_at = ? WHERE id = ?'),
      sale: db.prepare("UPDATE leads SET status = 'converted', converted_at = coalesce(converted_at, ?), revenue_cents = ? WHERE id = ?"),
      archive: db.prepare('UPDATE leads SET archived = 1 WHERE bot_id = ? AND archived = 0'),
      remove: db.prepare('DELETE FROM leads WHERE id = ?'),
      touch: db.prepare('UPDATE leads SET last_seen_at = ?, starts = starts + 1 WHERE id = ?'),
    };
    const ids: number[] = [];
    let user = 0;
    for (let step = 0; step < 3000; step += 1) {
      const now = Math.floor(r() * 20 * DAY);
      const x = r();
      const id = ids.length === 0 ? null : pick(ids);
      // Each change in its own transaction, as the engine commits them.
      db.transaction(() => {
        if (id === null || x < 0.3) {
          user += 1;
          ids.push(Number(s.insert.run(1 + Math.floor(r() * BOTS), user, user, 'L', now, now).lastInsertRowid));
        } else if (x < 0.72) {
          s.status.run(pick(leadStatuses), now, id);
        } else if (x < 0.9) {
          s.sale.run(now, 100 + Math.floor(r() * 10_000), id);
        } else if (x < 0.92) {
          s.archive.run(1 + Math.floor(r() * BOTS));
        } else if (x < 0.94) {
          s.remove.run(id);
          ids.splice(ids.indexOf(id), 1);
        } else {
          s.touch.run(now, id);
        }
      })();
      if (step % 500 === 499) expect(kept(db), `after step ${step}`).toEqual(counted(db));
    }
    expect(counted(db).some((bucket) => bucket.archived === 1)).toBe(true);
    expect(counted(db).some((bucket) => bucket.revenue_cents > 0)).toBe(true);
    expect(kept(db)).toEqual(counted(db));
  });

  it('follows a lead whose bot or first-seen day changes, and leaves the counts alone when only other columns change', () => {
    migration006.up(db);
    db.prepare("INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at) VALUES (1, 1, 1, 1, 'A', ?, ?)").run(DAY, DAY);
    db.prepare('UPDATE leads SET bot_id = 2, first_seen_at = ? WHERE id = 1').run(3 * DAY);
    expect(kept(db)).toEqual(counted(db));
    const before = db.prepare('SELECT * FROM lead_counts ORDER BY 1, 2, 3, 4').all();
    db.prepare("UPDATE leads SET last_seen_at = ?, starts = starts + 1, first_name = 'B', status = status, first_seen_at = first_seen_at + 5 WHERE id = 1").run(4 * DAY);
    expect(db.prepare('SELECT * FROM lead_counts ORDER BY 1, 2, 3, 4').all()).toEqual(before);
  });

  it('undoes its counting with the transaction that failed', () => {
    migration006.up(db);
    const id = Number(
      db.prepare("INSERT INTO leads (bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at) VALUES (1, 1, 1, 'A', ?, ?)").run(DAY, DAY).lastInsertRowid,
    );
    const before = kept(db);
    expect(() =>
      db.transaction(() => {
        db.prepare("UPDATE leads SET status = 'converted', revenue_cents = 500 WHERE id = ?").run(id);
        throw new Error('the event could not be written');
      })(),
    ).toThrow('the event could not be written');
    expect(kept(db)).toEqual(before);
    expect(kept(db)).toEqual(counted(db));
  });
});
