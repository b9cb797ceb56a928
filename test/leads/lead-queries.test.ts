import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildLeadCounts } from '../../src/main/core/leads/lead-counts';
import { openStore, type Store } from '../../src/main/core/db/store';
import { BotdeckError } from '../../src/main/core/errors';
import { LeadQueries } from '../../src/main/core/leads/lead-queries';
import { LEAD_TOTAL_CAP, leadSortColumns, leadStatuses, type LeadFilter, type LeadPageRequest, type LeadSort, type LeadStatus } from '../../src/shared/leads';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 1);
/** More leads than LEAD_TOTAL_CAP, so that broad filters take the sort-index walks. */
const LEADS = 24_000;

/** A lead as the reference implementation below sees it (straight from the table). */
interface Lead {
  id: number;
  bot_id: number;
  username: string | null;
  first_name: string;
  last_name: string | null;
  source: string | null;
  status: LeadStatus;
  starts: number;
  first_seen_at: number;
  last_seen_at: number;
  revenue_cents: number | null;
  archived: number;
}

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

// Most first names contain "ana", so a search for it matches more leads than the cap;
// "%" and "_" test that LIKE patterns are escaped.
const ANA = ['Ana', 'Mariana', 'Juliana', 'Diana', 'Anabela'];
const OTHERS = ['Bruno', 'Carla', 'Zoë', 'Дмитрий', "O'Neil", 'Pedro', 'Luiza', 'alex', 'Émile', '50%_off'];
const LAST = ['Silva', 'Souza', 'Costa', 'Müller', 'Ivanova', 'Smith', 'de la Cruz'];
const SOURCES = [null, 'ads', 'promo', 'insta', "x' OR '1'='1", 'tiktok_2026'];
const WORDS = ['sun', 'moon', 'wolf', 'fox'];

function seed(db: Database.Database, count: number): void {
  const bot = db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'Bot', 's', 'h', '{}', 0, 0)",
  );
  for (let b = 1; b <= 4; b += 1) bot.run(b, 9000 + b, `shop${b}_bot`);
  const insert = db.prepare(
    `INSERT INTO leads (bot_id, user_id, chat_id, username, first_name, last_name, source, status, starts, first_seen_at, last_seen_at, revenue_cents, converted_at, archived, archived_reason, archived_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const r = random(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const botId = 1 + Math.floor(r() * r() * 4);
      const first = r() < 0.86 ? pick(ANA) : pick(OTHERS);
      const status = pick(leadStatuses);
      const seen = START + i * MINUTE;
      const sold = status === 'converted' && r() < 0.7;
      const archived = botId === 4 && i < count / 4 ? 1 : 0;
      insert.run(
        botId,
        1000 + i,
        1000 + i,
        r() < 0.7 ? `${pick(WORDS)}_${first.toLowerCase().replace(/[^a-z]/g, '')}${Math.floor(r() * 500)}` : null,
        first,
        r() < 0.6 ? pick(LAST) : null,
        pick(SOURCES),
        status,
        1 + Math.floor(r() * r() * 5),
        seen,
        seen + Math.floor(r() * 3 * 24 * 60) * MINUTE,
        sold ? 100 * Math.floor(1 + r() * 300) : null,
        sold ? seen + MINUTE : null,
        archived,
        archived === 1 ? 'bot_replaced' : null,
        archived === 1 ? seen : null,
      );
    }
  })();
  // Written past the lead records, which keep the day counts: count them once here.
  rebuildLeadCounts(db);
}

function readAll(db: Database.Database): Lead[] {
  return db.prepare<[], Lead>('SELECT id, bot_id, username, first_name, last_name, source, status, starts, first_seen_at, last_seen_at, revenue_cents, archived FROM leads').all();
}

// ---- A reference implementation of the filter and the orders, in plain TypeScript. ----

/** What the trigram index compares: case and accents folded. */
const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
/** What SQLite's LIKE compares: ASCII case folded, nothing else. */
const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

function matchesSearch(lead: Lead, search: string): boolean {
  const fields = [lead.username, lead.first_name, lead.last_name].filter((field): field is string => field !== null);
  const words = search
    .split(/\s+/u)
    .map((word) => word.replace(/^@+/u, ''))
    .filter((word) => word.length > 0);
  return words.every((word) =>
    Array.from(word).length >= 3 ? fields.some((field) => fold(field).includes(fold(word))) : fields.some((field) => asciiLower(field).includes(asciiLower(word))),
  );
}

function matches(lead: Lead, filter: LeadFilter): boolean {
  if (lead.archived === 1 && filter.includeArchived !== true) return false;
  if (filter.botIds !== undefined && !filter.botIds.includes(lead.bot_id)) return false;
  if (filter.statuses !== undefined && !filter.statuses.includes(lead.status)) return false;
  if (filter.source !== undefined && lead.source !== filter.source) return false;
  if (filter.firstSeenFrom !== undefined && lead.first_seen_at < filter.firstSeenFrom) return false;
  if (filter.firstSeenTo !== undefined && lead.first_seen_at >= filter.firstSeenTo) return false;
  if (filter.search !== undefined && !matchesSearch(lead, filter.search)) return false;
  return true;
}

/** SQLite's NOCASE: ASCII letters folded, then compared by code point. */
function nocase(a: string, b: string): number {
  const x = asciiLower(a);
  const y = asciiLower(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareWith(sort: LeadSort): (a: Lead, b: Lead) => number {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const num = (x: number, y: number): number => sign * (x - y);
  return (a, b) => {
    switch (sort.column) {
      case 'first_seen_at':
        return num(a.first_seen_at, b.first_seen_at) || num(a.id, b.id);
      case 'username':
      case 'revenue_cents': {
        // Leads without a value last, whichever the direction; ties on id.
        const x = sort.column === 'username' ? a.username : a.revenue_cents;
        const y = sort.column === 'username' ? b.username : b.revenue_cents;
        if (x === null || y === null) return x === y ? num(a.id, b.id) : x === null ? 1 : -1;
        const byValue = typeof x === 'string' && typeof y === 'string' ? sign * nocase(x, y) : num(Number(x), Number(y));
        return byValue || num(a.id, b.id);
      }
      default: {
        const byValue =
          sort.column === 'first_name'
            ? sign * nocase(a.first_name, b.first_name)
            : sort.column === 'status'
              ? sign * (a.status < b.status ? -1 : a.status > b.status ? 1 : 0)
              : num(a[sort.column], b[sort.column]);
        return byValue || num(a.first_seen_at, b.first_seen_at) || num(a.id, b.id);
      }
    }
  };
}

function expected(all: readonly Lead[], request: LeadPageRequest): { ids: number[]; count: number } {
  const found = all.filter((lead) => matches(lead, request.filter)).sort(compareWith(request.sort));
  return { ids: found.slice(request.offset, request.offset + request.limit).map((lead) => lead.id), count: found.length };
}

// ---- The shared store: LEADS leads over 4 bots, read-only in these tests. ----

let dir: string;
let store: Store;
let queries: LeadQueries;
let all: Lead[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'botdeck-leads-'));
  store = await openStore({ dataDir: dir, appVersion: APP_VERSION });
  seed(store.db, LEADS);
  queries = new LeadQueries(store.db);
  all = readAll(store.db);
}, 60_000);

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const DESC_FIRST_SEEN: LeadSort = { column: 'first_seen_at', direction: 'desc' };
const SORTS: LeadSort[] = leadSortColumns.flatMap((column) => [
  { column, direction: 'asc' as const },
  { column, direction: 'desc' as const },
]);

function check(filter: LeadFilter, sort: LeadSort = DESC_FIRST_SEEN, offset = 0, limit = 50): number {
  const request: LeadPageRequest = { filter, sort, offset, limit };
  const page = queries.page(request);
  const want = expected(all, request);
  const label = JSON.stringify(request);
  expect(
    page.rows.map((row) => row.id),
    label,
  ).toEqual(want.ids);
  expect(page.total, label).toBe(Math.min(want.count, LEAD_TOTAL_CAP));
  expect(page.totalIsCapped, label).toBe(want.count > LEAD_TOTAL_CAP);
  return want.count;
}

const day = (n: number): number => START + n * 24 * 60 * MINUTE;
const span = LEADS * MINUTE;

describe('a page of leads', () => {
  it('shows the active leads newest first, with every column of the row', () => {
    const count = check({});
    expect(count).toBeGreaterThan(LEAD_TOTAL_CAP);
    const page = queries.page({ filter: {}, sort: DESC_FIRST_SEEN, offset: 0, limit: 1 });
    const newest = all.filter((lead) => lead.archived === 0).sort(compareWith(DESC_FIRST_SEEN))[0]!;
    const raw = store.db.prepare<[number], Record<string, unknown>>('SELECT * FROM leads WHERE id = ?').get(newest.id)!;
    expect(page.rows[0]).toEqual({
      id: newest.id,
      botId: newest.bot_id,
      botUsername: `shop${newest.bot_id}_bot`,
      userId: raw.user_id,
      username: newest.username,
      firstName: newest.first_name,
      lastName: newest.last_name,
      languageCode: null,
      source: newest.source,
      sourceInvalid: null,
      status: newest.status,
      starts: newest.starts,
      firstSeenAt: newest.first_seen_at,
      lastSeenAt: newest.last_seen_at,
      welcomedAt: null,
      convertedAt: raw.converted_at,
      revenueCents: newest.revenue_cents,
      archived: false,
      optedOutAt: raw.opted_out_at,
    });
  });

  it.each<[string, LeadFilter]>([
    ['one bot', { botIds: [2] }],
    ['two bots', { botIds: [1, 3] }],
    ['a bot with no leads', { botIds: [99] }],
    ['one status', { statuses: ['converted'] }],
    ['two statuses', { statuses: ['new', 'blocked'] }],
    ['a source', { source: 'promo' }],
    ['no source', { source: null }],
    ['a source nobody came from', { source: 'nowhere' }],
    ['first seen from', { firstSeenFrom: START + span - 3000 * MINUTE }],
    ['first seen before', { firstSeenTo: START + 2000 * MINUTE }],
    ['a first-seen range', { firstSeenFrom: day(2), firstSeenTo: day(3) }],
    ['an empty range', { firstSeenFrom: day(2), firstSeenTo: day(2) }],
    ['a username fragment', { search: 'wolf_jul' }],
    ['a first name fragment', { search: 'ULIA' }],
    ['a last name fragment', { search: 'ouz' }],
    ['including archived leads', { includeArchived: true }],
  ])('filters by %s', (_label, filter) => {
    check(filter);
    check(filter, { column: 'last_seen_at', direction: 'asc' }, 20);
  });

  it.each<[string, LeadFilter]>([
    ['bot and status', { botIds: [1], statuses: ['welcomed', 'clicked'] }],
    ['bot, status and source', { botIds: [1, 2], statuses: ['converted'], source: 'ads' }],
    ['status and no source', { statuses: ['new'], source: null }],
    ['source and range', { source: 'insta', firstSeenFrom: day(1), firstSeenTo: day(6) }],
    ['bot and range', { botIds: [3], firstSeenFrom: day(4) }],
    [
      'everything',
      { botIds: [1, 2, 3, 4], statuses: ['welcomed', 'converted'], source: 'promo', firstSeenFrom: day(1), firstSeenTo: day(8), search: 'ana', includeArchived: true },
    ],
    ['search and status', { search: 'silva', statuses: ['clicked'] }],
    ['search and bot', { search: 'ana', botIds: [2] }],
    ['search and range', { search: 'fox', firstSeenFrom: day(3), firstSeenTo: day(5) }],
    ['archived with a bot', { botIds: [4], includeArchived: true }],
  ])('combines filters: %s', (_label, filter) => {
    for (const sort of SORTS) check(filter, sort);
  });

  it.each(SORTS.map((sort) => [`${sort.column} ${sort.direction}`, sort] as const))('sorts by %s over many leads, on the first page and deep ones', (_label, sort) => {
    check({}, sort);
    check({}, sort, 3000, 100);
    check({ statuses: ['welcomed', 'clicked', 'new'] }, sort, 200);
    check({ includeArchived: true }, sort, 50);
    // The last page, where a nullable column's leads without a value are.
    check({}, sort, all.filter((lead) => lead.archived === 0).length - 30, 100);
  });

  it.each(SORTS.map((sort) => [`${sort.column} ${sort.direction}`, sort] as const))('sorts by %s within a narrow filter', (_label, sort) => {
    check({ botIds: [2], statuses: ['converted'] }, sort);
    check({ source: null, firstSeenFrom: day(1), firstSeenTo: day(4) }, sort, 10);
  });

  it.each(SORTS.map((sort) => [`${sort.column} ${sort.direction}`, sort] as const))(
    'sorts by %s within old, recent and middle first-seen ranges holding many leads',
    (_label, sort) => {
      // Over the cap, and far from where a descending (old) or ascending (recent) walk starts.
      check({ firstSeenTo: START + 11_000 * MINUTE }, sort);
      check({ firstSeenFrom: START + (LEADS - 11_000) * MINUTE }, sort, 100);
      check({ firstSeenFrom: START + 500 * MINUTE, firstSeenTo: START + (LEADS - 500) * MINUTE }, sort, 40);
    },
  );

  it('pages through a filter without gaps or repeats', () => {
    const filter: LeadFilter = { statuses: ['welcomed', 'clicked'] };
    for (const sort of [DESC_FIRST_SEEN, { column: 'username', direction: 'asc' } as const, { column: 'revenue_cents', direction: 'desc' } as const]) {
      const seen: number[] = [];
      for (let offset = 0; ; offset += 500) {
        const page = queries.page({ filter, sort, offset, limit: 500 });
        seen.push(...page.rows.map((row) => row.id));
        if (page.rows.length < 500) break;
      }
      const want = all.filter((lead) => matches(lead, filter)).sort(compareWith(sort));
      expect(seen).toEqual(want.map((lead) => lead.id));
    }
  });

  it('counts exactly up to the cap and says when there are more', () => {
    const narrow = queries.page({ filter: { botIds: [3] }, sort: DESC_FIRST_SEEN, offset: 0, limit: 10 });
    expect(narrow.totalIsCapped).toBe(false);
    expect(narrow.total).toBe(all.filter((lead) => lead.archived === 0 && lead.bot_id === 3).length);
    const broad = queries.page({ filter: {}, sort: DESC_FIRST_SEEN, offset: 0, limit: 10 });
    expect(broad).toMatchObject({ total: LEAD_TOTAL_CAP, totalIsCapped: true });
  });

  it('returns no rows past the end, and still the total', () => {
    const count = check({ botIds: [3] }, DESC_FIRST_SEEN, 0, 10);
    const page = queries.page({ filter: { botIds: [3] }, sort: DESC_FIRST_SEEN, offset: count + 5, limit: 10 });
    expect(page).toEqual({ rows: [], total: count, totalIsCapped: false });
  });

  it('hides archived leads unless asked for them', () => {
    const archived = all.filter((lead) => lead.archived === 1).map((lead) => lead.id);
    expect(archived.length).toBeGreaterThan(100);
    const hidden = queries.page({ filter: { botIds: [4] }, sort: DESC_FIRST_SEEN, offset: 0, limit: 500 });
    expect(hidden.rows.some((row) => archived.includes(row.id))).toBe(false);
    const shown = queries.page({ filter: { botIds: [4], includeArchived: true }, sort: { column: 'first_seen_at', direction: 'asc' }, offset: 0, limit: 500 });
    expect(shown.rows.filter((row) => row.archived).map((row) => row.id)).toEqual(archived.slice(0, shown.rows.filter((row) => row.archived).length));
    expect(shown.rows[0]?.archived).toBe(true);
  });
});

describe('the plans behind the pages', () => {
  it('takes every route (sort indexes, filter indexes, trigram hits, membership, table scan) and each gives the right rows', () => {
    const prepared: string[] = [];
    const spy = new Proxy(store.db, {
      get(target, property) {
        if (property === 'prepare') {
          return (sql: string) => {
            prepared.push(sql);
            return target.prepare(sql);
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const own = new LeadQueries(spy);
    const run = (filter: LeadFilter, sort: LeadSort, offset = 0): void => {
      const request: LeadPageRequest = { filter, sort, offset, limit: 25 };
      expect(
        own.page(request).rows.map((row) => row.id),
        JSON.stringify(request),
      ).toEqual(expected(all, request).ids);
    };
    for (const sort of SORTS) run({}, sort, 7);
    run({ source: 'ads', botIds: [2] }, DESC_FIRST_SEEN);
    run({ firstSeenTo: START + 11_000 * MINUTE }, { column: 'last_seen_at', direction: 'desc' });
    run({ search: 'ana' }, { column: 'starts', direction: 'asc' });
    run({ search: 'ana' }, { column: 'first_name', direction: 'desc' });
    run({ search: 'ana', statuses: ['welcomed', 'clicked', 'new', 'blocked'] }, { column: 'username', direction: 'asc' });
    run({ search: 'zo' }, { column: 'last_seen_at', direction: 'desc' });
    run({ search: 'pedro' }, DESC_FIRST_SEEN);
    run({ includeArchived: true, statuses: ['new'] }, DESC_FIRST_SEEN);
    const used = (fragment: string): boolean => prepared.some((sql) => sql.includes(fragment));
    for (const index of ['first_seen', 'last_seen', 'username', 'first_name', 'status', 'starts', 'revenue']) expect(used(`INDEXED BY leads_active_${index} `), index).toBe(true);
    expect(used('INDEXED BY leads_active_bot_status_source')).toBe(true);
    expect(
      used(
        'INDEXED BY leads_active_bot_status WHERE l.archived = 0 AND l.bot_id IN (SELECT id FROM bots) AND l.status IN (SELECT value FROM json_each(?)) AND l.first_seen_at < ? ORDER BY l.last_seen_at',
      ),
    ).toBe(true);
    expect(used('INDEXED BY leads_archived_bot_status')).toBe(true);
    expect(used('FROM leads_fts CROSS JOIN leads l')).toBe(true);
    expect(used('l.id IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)')).toBe(true);
    expect(used('FROM leads l NOT INDEXED')).toBe(true);
  });
});

describe('text search', () => {
  it.each<[string, string]>([
    ['a username, with or without @', '@wolf_ana1'],
    ['a first name in capitals', 'MARIANA'],
    ['a first name without its accent', 'emile'],
    ['Cyrillic in any case', 'дМИТ'],
    ['a last name with a space', 'de la'],
    ['first and last name together', 'juliana costa'],
    ['a word with an apostrophe', "o'nei"],
    ['a common substring with more hits than the few-hits path takes', 'ana'],
    ['two short words, matched by LIKE', 'al ex'],
    ['a short word next to a long one', 'fox 1'],
    ['a short word only', 'zo'],
    ['a percent sign, taken literally', '%'],
    ['an underscore, taken literally', '0%_'],
  ])('finds %s', (_label, search) => {
    const count = check({ search });
    expect(count, search).toBeGreaterThan(0);
    check({ search }, { column: 'first_name', direction: 'asc' }, 5);
    check({ search, includeArchived: true }, { column: 'username', direction: 'desc' });
  });

  it('finds nothing for text nobody has', () => {
    expect(check({ search: 'qqqzzz' })).toBe(0);
    expect(check({ search: 'qz' })).toBe(0);
  });

  it('treats injection attempts as plain text, in the search and in the source', () => {
    const before = store.db.prepare('SELECT count(*) AS n FROM leads').get();
    for (const search of [
      "'; DROP TABLE leads; --",
      '" OR 1=1 --',
      'ana" OR "x',
      'NEAR(ana silva)',
      '*',
      'a*',
      'ana OR silva',
      "' OR '1'='1",
      '\\',
      '"',
      '-ana',
      '^ana',
      'ana:',
      '(ana)',
    ]) {
      check({ search });
      check({ search }, { column: 'username', direction: 'asc' });
    }
    const sourced = check({ source: "x' OR '1'='1" });
    expect(sourced).toBe(all.filter((lead) => lead.archived === 0 && lead.source === "x' OR '1'='1").length);
    expect(check({ source: "' OR 1=1 --" })).toBe(0);
    expect(store.db.prepare('SELECT count(*) AS n FROM leads').get()).toEqual(before);
  });
});

describe('counts', () => {
  function expectCounts(filter: LeadFilter): void {
    const found = all.filter((lead) => matches(lead, filter));
    const byStatus = Object.fromEntries(leadStatuses.map((status) => [status, found.filter((lead) => lead.status === status).length]));
    const revenueCents = found.reduce((sum, lead) => sum + (lead.revenue_cents ?? 0), 0);
    expect(queries.counts(filter), JSON.stringify(filter)).toEqual({ total: found.length, byStatus, revenueCents });
  }

  it.each<[string, LeadFilter]>([
    ['every active lead', {}],
    ['statuses', { statuses: ['converted', 'blocked'] }],
    ['a bot', { botIds: [1] }],
    ['a source and a range', { source: 'ads', firstSeenFrom: day(1), firstSeenTo: day(5) }],
    ['no source', { source: null }],
    ['archived included', { includeArchived: true }],
    ['archived of one bot', { includeArchived: true, botIds: [4], statuses: ['converted'] }],
    ['a specific search', { search: 'wolf_ana' }],
    ['a common search', { search: 'ana' }],
    ['a common search and a bot', { search: 'ana', botIds: [1] }],
    ['a common search and a narrow filter', { search: 'ana', botIds: [3], statuses: ['converted'] }],
    ['a short search', { search: 'zo', includeArchived: true }],
    ['whole days and parts of days', { firstSeenFrom: day(2) + 7 * 60 * MINUTE, firstSeenTo: day(9) + 5 * 60 * MINUTE + 30_000 }],
    ['whole days only, for some statuses', { statuses: ['new', 'converted'], firstSeenFrom: day(1), firstSeenTo: day(8) }],
    ['a range inside one day', { firstSeenFrom: day(3) + 60 * MINUTE, firstSeenTo: day(3) + 20 * 60 * MINUTE }],
    ['a range from a moment on', { firstSeenFrom: day(11) + 13 * MINUTE + 1 }],
    ['a range up to a moment, archived included, of two bots', { firstSeenTo: day(6) + 1, includeArchived: true, botIds: [1, 4] }],
    ['an empty range', { firstSeenFrom: day(4) + 5, firstSeenTo: day(4) + 5 }],
  ])('counts %s exactly, by status and with the revenue', (_label, filter) => {
    expectCounts(filter);
  });

  it('sums whole days from the day counts and counts only the parts of days from the leads', () => {
    const range: LeadFilter = { botIds: [2], firstSeenFrom: day(2) + 60 * MINUTE, firstSeenTo: day(5) + 60 * MINUTE };
    const before = queries.counts(range);
    // Rolled back: the shared store stays as it was.
    expect(() =>
      store.db.transaction(() => {
        const bump = (at: number): void => {
          store.db.prepare("UPDATE lead_counts SET leads = leads + 1000 WHERE archived = 0 AND status = 'new' AND bot_id = 2 AND day = ?").run(Math.floor(at / (24 * 60 * MINUTE)));
        };
        // A whole day inside the range is read from the day counts...
        bump(day(3));
        expect(queries.counts(range).byStatus.new).toBe(before.byStatus.new + 1000);
        // ...the days at its ends are not, nor are days outside it.
        bump(day(2));
        bump(day(5));
        bump(day(9));
        expect(queries.counts(range).byStatus.new).toBe(before.byStatus.new + 1000);
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(queries.counts(range)).toEqual(before);
  });
});

describe('bad requests', () => {
  it.each<[string, unknown]>([
    ['a limit of 0', { filter: {}, sort: DESC_FIRST_SEEN, offset: 0, limit: 0 }],
    ['a limit over 500', { filter: {}, sort: DESC_FIRST_SEEN, offset: 0, limit: 501 }],
    ['a negative offset', { filter: {}, sort: DESC_FIRST_SEEN, offset: -1, limit: 10 }],
    ['an unknown sort column', { filter: {}, sort: { column: 'id; DROP TABLE leads', direction: 'asc' }, offset: 0, limit: 10 }],
    ['an unknown direction', { filter: {}, sort: { column: 'starts', direction: 'sideways' }, offset: 0, limit: 10 }],
    ['an empty bot list', { filter: { botIds: [] }, sort: DESC_FIRST_SEEN, offset: 0, limit: 10 }],
    ['an unknown status', { filter: { statuses: ['rich'] }, sort: DESC_FIRST_SEEN, offset: 0, limit: 10 }],
    ['a search over 100 characters', { filter: { search: 'x'.repeat(101) }, sort: DESC_FIRST_SEEN, offset: 0, limit: 10 }],
    ['a reversed range', { filter: { firstSeenFrom: 10, firstSeenTo: 5 }, sort: DESC_FIRST_SEEN, offset: 0, limit: 10 }],
    ['an unknown filter field', { filter: { where: '1=1' }, sort: DESC_FIRST_SEEN, offset: 0, limit: 10 }],
  ])('refuses %s with BAD_INPUT', (_label, request) => {
    expect(() => queries.page(request as LeadPageRequest)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});

// ---- Detail and conversion write, so each test gets its own small store. ----

async function smallStore(): Promise<{ store: Store; queries: LeadQueries; lead: number }> {
  const opened = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  opened.db
    .prepare("INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 5, 'solo_bot', 'S', 's', 'h', '{}', 0, 0)")
    .run();
  const insert = opened.db.prepare(
    "INSERT INTO leads (bot_id, user_id, chat_id, username, first_name, status, first_seen_at, last_seen_at) VALUES (1, ?, ?, ?, 'Lia', 'welcomed', ?, ?)",
  );
  const lead = Number(insert.run(77, 77, 'lia77', 1000, 1000).lastInsertRowid);
  insert.run(78, 78, 'other', 2000, 2000);
  rebuildLeadCounts(opened.db);
  return { store: opened, queries: new LeadQueries(opened.db), lead };
}

describe('a lead in detail', () => {
  it('lists its timeline and its deliveries oldest first', async () => {
    const { store: own, queries: q, lead } = await smallStore();
    const event = own.db.prepare('INSERT INTO lead_events (lead_id, kind, at, detail) VALUES (?, ?, ?, ?)');
    // Inserted out of order, as a recovery can record an older event later.
    event.run(lead, 'clicked', 3000, JSON.stringify({ data: 'buy' }));
    event.run(lead, 'started', 1000, JSON.stringify({ payload: 'ads', source: 'ads', invalid: false }));
    event.run(lead, 'blocked', 5000, null);
    event.run(lead, 'note', 4000, 'not json');
    const delivery = own.db.prepare(
      'INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, status, not_before, created_at, updated_at, sent_at, error) VALUES (1, ?, 77, ?, 0, ?, 0, ?, ?, ?, ?)',
    );
    delivery.run(lead, 'recovery', 'failed', 4000, 4000, null, 'chat not found');
    delivery.run(lead, 'welcome', 'sent', 1000, 1100, 1100, null);

    const detail = q.detail(lead);
    expect(detail).toMatchObject({ id: lead, botUsername: 'solo_bot', username: 'lia77', status: 'welcomed' });
    expect(detail.events).toEqual([
      { kind: 'started', at: 1000, detail: { payload: 'ads', source: 'ads', invalid: false } },
      { kind: 'clicked', at: 3000, detail: { data: 'buy' } },
      { kind: 'note', at: 4000, detail: 'not json' },
      { kind: 'blocked', at: 5000, detail: null },
    ]);
    expect(detail.deliveries.map(({ kind, status, createdAt, sentAt, error }) => ({ kind, status, createdAt, sentAt, error }))).toEqual([
      { kind: 'welcome', status: 'sent', createdAt: 1000, sentAt: 1100, error: null },
      { kind: 'recovery', status: 'failed', createdAt: 4000, sentAt: null, error: 'chat not found' },
    ]);
    own.close();
  });

  it('names an unknown lead with LEAD_NOT_FOUND and a malformed id with BAD_INPUT', async () => {
    const { store: own, queries: q } = await smallStore();
    expect(() => q.detail(999)).toThrow(BotdeckError);
    expect(() => q.detail(999)).toThrow(expect.objectContaining({ code: 'LEAD_NOT_FOUND' }));
    expect(() => q.detail(1.5)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => q.detail(0)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    own.close();
  });
});

describe("the operator's opt-out", () => {
  it('opts a lead out and back in, shows it on the row and the timeline, and refuses an unknown lead', async () => {
    const { store: own, queries: q, lead } = await smallStore();
    expect(q.detail(lead).optedOutAt).toBeNull();
    expect(q.setOptOut(lead, true, 7000)).toMatchObject({ id: lead, optedOutAt: 7000 });
    expect(q.setOptOut(lead, true, 8000).optedOutAt).toBe(7000);
    expect(q.page({ filter: {}, sort: { column: 'first_seen_at', direction: 'asc' }, offset: 0, limit: 10 }).rows.find((r) => r.id === lead)?.optedOutAt).toBe(7000);
    expect(q.setOptOut(lead, false, 9000).optedOutAt).toBeNull();
    expect(q.detail(lead).events.filter((event) => event.kind.startsWith('opted_'))).toEqual([
      { kind: 'opted_out', at: 7000, detail: { how: 'operator' } },
      { kind: 'opted_in', at: 9000, detail: { how: 'operator' } },
    ]);
    expect(() => q.setOptOut(12345, true, 1)).toThrow(expect.objectContaining({ code: 'LEAD_NOT_FOUND' }));
    expect(() => q.setOptOut(0, true, 1)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    own.close();
  });
});

describe('marking a lead converted', () => {
  it('records the sale on the lead, in its timeline and in the counts', async () => {
    const { store: own, queries: q, lead } = await smallStore();
    const row = q.markConverted(lead, 4990, 7000);
    expect(row).toMatchObject({ id: lead, status: 'converted', convertedAt: 7000, revenueCents: 4990 });
    expect(q.detail(lead).events.at(-1)).toEqual({ kind: 'converted', at: 7000, detail: { amountCents: 4990, previousAmountCents: null, previousStatus: 'welcomed' } });
    expect(q.counts({})).toEqual({ total: 2, byStatus: { new: 0, welcomed: 1, clicked: 0, converted: 1, blocked: 0 }, revenueCents: 4990 });
    expect(q.counts({ statuses: ['converted'] }).revenueCents).toBe(4990);
    expect(q.page({ filter: { statuses: ['converted'] }, sort: { column: 'revenue_cents', direction: 'desc' }, offset: 0, limit: 10 }).rows.map((r) => r.id)).toEqual([lead]);

    // A second mark corrects the amount and keeps the first conversion time.
    const corrected = q.markConverted(lead, 0, 9000);
    expect(corrected).toMatchObject({ status: 'converted', convertedAt: 7000, revenueCents: 0 });
    expect(
      q
        .detail(lead)
        .events.filter((event) => event.kind === 'converted')
        .map((event) => event.detail),
    ).toEqual([
      { amountCents: 4990, previousAmountCents: null, previousStatus: 'welcomed' },
      { amountCents: 0, previousAmountCents: 4990, previousStatus: 'converted' },
    ]);
    expect(q.counts({}).revenueCents).toBe(0);
    own.close();
  });

  it('refuses an unknown lead and a bad amount, and changes nothing then', async () => {
    const { store: own, queries: q, lead } = await smallStore();
    expect(() => q.markConverted(12345, 100, 1)).toThrow(expect.objectContaining({ code: 'LEAD_NOT_FOUND' }));
    for (const amount of [-1, 1.5, 10_000_000_001, Number.NaN]) {
      expect(() => q.markConverted(lead, amount, 1), String(amount)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
    expect(q.markConverted(lead, 10_000_000_000, 1).revenueCents).toBe(10_000_000_000);
    expect(own.db.prepare("SELECT count(*) AS n FROM lead_events WHERE kind = 'converted'").get()).toEqual({ n: 1 });
    own.close();
  });

  it('is one transaction: when the event cannot be written, the lead stays as it was', async () => {
    const { store: own, queries: q, lead } = await smallStore();
    own.db.exec("CREATE TEMP TRIGGER refuse_events BEFORE INSERT ON lead_events BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    expect(() => q.markConverted(lead, 500, 1)).toThrow(/disk on fire/);
    expect(q.detail(lead)).toMatchObject({ status: 'welcomed', convertedAt: null, revenueCents: null });
    own.close();
  });
});
