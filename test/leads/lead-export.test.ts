import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/main/core/db/store';
import { EXPORT_PAGE_ROWS, csvField, exportLeadsCsv } from '../../src/main/core/leads/lead-export';
import { LeadQueries } from '../../src/main/core/leads/lead-queries';
import { rebuildLeadCounts } from '../../src/main/core/leads/lead-counts';
import type { LeadFilter } from '../../src/shared/leads';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

const HEADER =
  'id,bot,user_id,username,first_name,last_name,language_code,source,source_invalid,status,starts,first_seen_at,last_seen_at,welcomed_at,converted_at,revenue_cents,archived';
const T0 = Date.UTC(2026, 2, 1, 12, 30, 15, 250);

async function storeWith(bulk: number): Promise<Store> {
  const store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  const db = store.db;
  db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 5, 'shop_bot', 'S', 's', 'h', '{}', 0, 0), (2, 6, 'other_bot', 'O', 's', 'h', '{}', 0, 0)",
  ).run();
  const insert = db.prepare(
    `INSERT INTO leads (bot_id, user_id, chat_id, username, first_name, last_name, language_code, source, source_invalid, status, starts, first_seen_at, last_seen_at, welcomed_at, converted_at, revenue_cents, archived)
     VALUES (@bot, @user, @user, @username, @first, @last, @lang, @source, @invalid, @status, 1, @seen, @seen, @welcomed, @converted, @revenue, @archived)`,
  );
  const lead = (
    values: Partial<Record<'username' | 'last' | 'lang' | 'source' | 'invalid', string | null>> & {
      first: string;
      user: number;
      bot?: number;
      status?: string;
      archived?: number;
      revenue?: number | null;
    },
  ): void => {
    insert.run({
      bot: 1,
      username: null,
      last: null,
      lang: null,
      source: null,
      invalid: null,
      status: 'new',
      welcomed: null,
      converted: null,
      revenue: null,
      archived: 0,
      seen: T0 + values.user * 1000,
      ...values,
      ...(values.revenue == null ? {} : { converted: T0 + values.user * 1000 + 5, status: 'converted' }),
    });
  };
  lead({ user: 1, first: 'Smith, John', last: 'He said "hi"', username: 'john_s', lang: 'en', source: 'ads', revenue: 12_345 });
  lead({ user: 2, first: 'Line\nbreak', last: 'Carriage\r\nreturn', status: 'welcomed' });
  lead({ user: 3, first: '=HYPERLINK("http://evil","x")', last: '+1 555', username: '@admin' });
  lead({ user: 4, first: '-2+3', last: '\tTabbed', invalid: '\rcmd' });
  lead({ user: 5, first: 'Zoë 🌸', last: 'Ivanova-Петрова', source: 'promo' });
  lead({ user: 6, first: 'Archived', archived: 1 });
  lead({ user: 7, first: 'Other bot', bot: 2, status: 'clicked' });
  const fill = db.transaction(() => {
    for (let i = 0; i < bulk; i += 1)
      lead({ user: 100 + i, first: i % 2 === 0 ? 'Bulk even' : 'Bulk odd', source: i % 3 === 0 ? 'ads' : null, status: i % 4 === 0 ? 'blocked' : 'welcomed' });
  });
  fill();
  // Written past the lead records, which keep the day counts: count them once here.
  rebuildLeadCounts(db);
  return store;
}

/** A strict RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quoted field');
        field += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
    } else {
      const end = text.slice(i).search(/[,\r\n"]/u);
      const stop = end < 0 ? text.length : i + end;
      if (text[stop] === '"') throw new Error(`a quote inside an unquoted field at ${stop}`);
      field = text.slice(i, stop);
      i = stop;
    }
    record.push(field);
    if (text[i] === ',') {
      i += 1;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
      if (i === text.length) return records;
      continue;
    }
    throw new Error(`expected a comma or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 10))}`);
  }
}

async function exportAll(db: Database.Database, filter: LeadFilter): Promise<{ text: string; rows: number; chunks: string[]; progress: [number, number][] }> {
  const chunks: string[] = [];
  const progress: [number, number][] = [];
  const rows = await exportLeadsCsv(
    db,
    filter,
    (chunk) => {
      chunks.push(chunk);
    },
    (done, total) => progress.push([done, total]),
  );
  return { text: chunks.join(''), rows, chunks, progress };
}

describe('exporting leads as CSV', () => {
  it('starts with a byte order mark and a header, and ends every record with CRLF', async () => {
    const store = await storeWith(0);
    const { text, rows } = await exportAll(store.db, {});
    expect(text.startsWith(`\uFEFF${HEADER}\r\n`)).toBe(true);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const records = parseCsv(text.slice(1));
    expect(records).toHaveLength(rows + 1);
    expect(rows).toBe(6);
    // Outside quoted fields there is no bare LF or CR.
    expect(text.replace(/"(?:[^"]|"")*"/gu, '').replace(/\r\n/gu, '')).not.toMatch(/[\r\n]/u);
    store.close();
  });

  it('quotes commas, quotes and line breaks, and keeps every value intact', async () => {
    const store = await storeWith(0);
    const records = parseCsv((await exportAll(store.db, {})).text.slice(1));
    const byUser = new Map(records.slice(1).map((record) => [record[2], record]));
    const john = byUser.get('1')!;
    expect(john).toEqual([
      '1',
      'shop_bot',
      '1',
      'john_s',
      'Smith, John',
      'He said "hi"',
      'en',
      'ads',
      '',
      'converted',
      '1',
      '2026-03-01T12:30:16.250Z',
      '2026-03-01T12:30:16.250Z',
      '',
      '2026-03-01T12:30:16.255Z',
      '12345',
      'FALSE',
    ]);
    expect(byUser.get('2')!.slice(4, 6)).toEqual(['Line\nbreak', 'Carriage\r\nreturn']);
    expect(byUser.get('5')!.slice(4, 6)).toEqual(['Zoë 🌸', 'Ivanova-Петрова']);
    store.close();
  });

  it('writes every time as ISO 8601 in UTC, to the millisecond', async () => {
    const store = await storeWith(0);
    const times = [0, 999, 86_399_999, 86_400_000, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2026, 11, 31, 0, 0, 0, 1), T0];
    const set = store.db.prepare('UPDATE leads SET first_seen_at = ?, last_seen_at = ?, welcomed_at = ? WHERE user_id = ?');
    times.forEach((time, i) => set.run(time, time + 1, time + 61_001, i + 1));
    rebuildLeadCounts(store.db);
    const records = parseCsv((await exportAll(store.db, { includeArchived: true })).text.slice(1)).slice(1);
    for (const [i, time] of times.entries()) {
      const record = records.find((r) => r[2] === String(i + 1))!;
      expect(record.slice(11, 14)).toEqual([new Date(time).toISOString(), new Date(time + 1).toISOString(), new Date(time + 61_001).toISOString()]);
    }
    store.close();
  });

  it('defuses cells a spreadsheet would run as formulas', async () => {
    const store = await storeWith(0);
    const records = parseCsv((await exportAll(store.db, {})).text.slice(1));
    const byUser = new Map(records.slice(1).map((record) => [record[2], record]));
    expect(byUser.get('3')!.slice(3, 6)).toEqual(["'@admin", `'=HYPERLINK("http://evil","x")`, "'+1 555"]);
    expect(byUser.get('4')!.slice(4, 6)).toEqual(["'-2+3", "'\tTabbed"]);
    expect(byUser.get('4')![8]).toBe("'\rcmd");
    expect([csvField('=1+1'), csvField('+x'), csvField('-x'), csvField('@x'), csvField('\tx'), csvField('\rx')]).toEqual(["'=1+1", "'+x", "'-x", "'@x", "'\tx", `"'\rx"`]);
    expect([csvField('a=b'), csvField('plain'), csvField(''), csvField(null), csvField(42)]).toEqual(['a=b', 'plain', '', '', '42']);
    store.close();
  });

  it.each<[string, LeadFilter]>([
    ['everything active', {}],
    ['archived too', { includeArchived: true }],
    ['one bot', { botIds: [2] }],
    ['a status', { statuses: ['blocked'] }],
    ['a source', { source: 'ads' }],
    ['no source', { source: null }],
    ['a range', { firstSeenFrom: T0 + 2000 * 1000, firstSeenTo: T0 + 4000 * 1000 }],
    ['a search', { search: 'bulk odd' }],
    ['a short search', { search: 'zo' }],
    ['a search and a status', { search: 'bulk', statuses: ['welcomed'] }],
  ])('writes exactly the leads the filter counts: %s', async (_label, filter) => {
    const store = await storeWith(EXPORT_PAGE_ROWS + 1200);
    const { text, rows, chunks } = await exportAll(store.db, filter);
    const total = new LeadQueries(store.db).counts(filter).total;
    expect(rows).toBe(total);
    const ids = parseCsv(text.slice(1))
      .slice(1)
      .map((record) => Number(record[0]));
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    // The header, then one chunk per page.
    expect(chunks).toHaveLength(1 + Math.max(1, Math.ceil(total / EXPORT_PAGE_ROWS)) - (total === 0 ? 1 : 0));
    store.close();
  });

  it('reports progress after every page, up to the total', async () => {
    const store = await storeWith(2 * EXPORT_PAGE_ROWS + 10);
    const { rows, progress } = await exportAll(store.db, {});
    expect(rows).toBe(2 * EXPORT_PAGE_ROWS + 16);
    expect(progress).toEqual([
      [0, rows],
      [EXPORT_PAGE_ROWS, rows],
      [2 * EXPORT_PAGE_ROWS, rows],
      [rows, rows],
    ]);
    store.close();
  });

  it('waits for a slow writer, leaves the connection free meanwhile, and skips leads that arrive during the export', async () => {
    const store = await storeWith(EXPORT_PAGE_ROWS + 10);
    const chunks: string[] = [];
    let user = 90_000;
    const rows = await exportLeadsCsv(store.db, {}, async (chunk) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      // The engine keeps recording leads while the file is written.
      store.db.prepare("INSERT INTO leads (bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at) VALUES (1, ?, ?, 'Late', 0, 0)").run(user, user);
      user += 1;
      chunks.push(chunk);
    });
    expect(rows).toBe(EXPORT_PAGE_ROWS + 16);
    expect(chunks.join('')).not.toContain('Late');
    expect(store.db.prepare("SELECT count(*) AS n FROM leads WHERE first_name = 'Late'").get()).toEqual({ n: 3 });
    store.close();
  });

  it('reads across id gaps wider than one scan, in id order, into one chunk per page', async () => {
    const store = await storeWith(0);
    const insert = store.db.prepare("INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at) VALUES (?, 1, ?, ?, 'Far', 0, 0)");
    for (const id of [120_000, 180_000, 180_001, 410_000]) insert.run(id, id, id);
    const { text, rows, chunks, progress } = await exportAll(store.db, {});
    const ids = parseCsv(text.slice(1))
      .slice(1)
      .map((record) => Number(record[0]));
    expect(ids.slice(-4)).toEqual([120_000, 180_000, 180_001, 410_000]);
    expect(rows).toBe(10);
    expect(chunks).toHaveLength(2);
    expect(progress).toEqual([
      [0, 10],
      [10, 10],
    ]);
    store.close();
  });

  it('writes just the header when nothing matches, and refuses a bad filter', async () => {
    const store = await storeWith(0);
    const { text, rows, progress } = await exportAll(store.db, { source: 'nowhere' });
    expect(text).toBe(`\uFEFF${HEADER}\r\n`);
    expect(rows).toBe(0);
    expect(progress).toEqual([[0, 0]]);
    await expect(exportAll(store.db, { botIds: [] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    store.close();
  });
});
