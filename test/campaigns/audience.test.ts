import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Audience } from '../../src/main/core/campaigns/audience';
import { openStore, type Store } from '../../src/main/core/db/store';
import { audienceFilterSchema, type AudienceFilter, type AudienceFilterInput } from '../../src/shared/campaigns';
import { APP_VERSION } from '../support/fixtures';
import { seededRandom } from '../support/seeded-random';
import { tempDir } from '../support/temp-dir';

const DAY = 86_400_000;
const NOW = 400 * DAY;

interface SeededLead {
  id: number;
  botId: number;
  status: 'new' | 'welcomed' | 'clicked' | 'converted' | 'blocked';
  source: string | null;
  languageCode: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
  welcomedAt: number | null;
  archived: boolean;
  optedOut: boolean;
}

let store: Store;
let audience: Audience;
const seeded: SeededLead[] = [];

beforeAll(async () => {
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  const bot = store.db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'B', 'x', 'y', '{}', 0, 0)",
  );
  for (const id of [1, 2, 3]) bot.run(id, 900 + id, `bot_${id}`);
  const insert = store.db.prepare(
    `INSERT INTO leads (bot_id, user_id, chat_id, first_name, language_code, source, status, first_seen_at, last_seen_at, welcomed_at, archived, opted_out_at)
     VALUES (@botId, @userId, @userId, 'L', @languageCode, @source, @status, @firstSeenAt, @lastSeenAt, @welcomedAt, @archived, @optedOutAt) RETURNING id`,
  );
  const random = seededRandom(12);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  for (let i = 0; i < 400; i += 1) {
    const status = pick(['new', 'welcomed', 'clicked', 'converted', 'blocked'] as const);
    const firstSeenAt = Math.floor(random() * 300) * DAY;
    const lead = {
      botId: pick([1, 2, 3]),
      userId: 10_000 + i,
      status,
      source: pick(['ads', 'insta', 'tiktok', null]),
      languageCode: pick(['en', 'pt-br', 'PT-BR', 'es', null]),
      firstSeenAt,
      lastSeenAt: firstSeenAt + Math.floor(random() * 100) * DAY,
      welcomedAt: status === 'new' || random() < 0.2 ? null : firstSeenAt + 1000,
      archived: random() < 0.1,
      optedOut: random() < 0.1,
    };
    const row = insert.get({ ...lead, archived: lead.archived ? 1 : 0, optedOutAt: lead.optedOut ? firstSeenAt + 5 : null }) as { id: number };
    seeded.push({ id: row.id, ...lead });
  }
  audience = new Audience(store.db);
});

afterAll(() => store.close());

/** The filter's meaning, written plainly over the same rows. */
function reference(filter: AudienceFilter): number[] {
  return seeded
    .filter((lead) => !lead.archived && lead.status !== 'blocked' && !lead.optedOut)
    .filter((lead) => filter.bots.includes(lead.botId))
    .filter((lead) => filter.includeConverted || lead.status !== 'converted')
    .filter((lead) => {
      if (filter.segment === 'not_converted') return lead.status !== 'converted';
      if (filter.segment === 'clicked_not_converted') return lead.status === 'clicked';
      if (filter.segment === 'never_welcomed') return lead.welcomedAt === null;
      return true;
    })
    .filter((lead) => filter.sources === undefined || (lead.source !== null && filter.sources.includes(lead.source)))
    .filter((lead) => filter.languages === undefined || (lead.languageCode !== null && filter.languages.includes(lead.languageCode.toLowerCase())))
    .filter((lead) => filter.firstSeenFrom === undefined || lead.firstSeenAt >= filter.firstSeenFrom)
    .filter((lead) => filter.firstSeenTo === undefined || lead.firstSeenAt <= filter.firstSeenTo)
    .filter((lead) => filter.lastSeenMoreThanDays === undefined || lead.lastSeenAt < NOW - filter.lastSeenMoreThanDays * DAY)
    .map((lead) => lead.id);
}

const allBots = { bots: [1, 2, 3] };
const alone: Record<string, AudienceFilterInput> = {
  'every bot': allBots,
  'one bot': { bots: [2] },
  'two bots': { bots: [1, 3] },
  'not converted': { ...allBots, segment: 'not_converted' },
  'not converted, converted included': { ...allBots, segment: 'not_converted', includeConverted: true },
  'clicked, not converted': { ...allBots, segment: 'clicked_not_converted' },
  'never welcomed': { ...allBots, segment: 'never_welcomed' },
  'never welcomed, converted included': { ...allBots, segment: 'never_welcomed', includeConverted: true },
  'converted included': { ...allBots, includeConverted: true },
  'one source': { ...allBots, sources: ['ads'] },
  'two sources': { ...allBots, sources: ['insta', 'tiktok'] },
  'a source nobody has': { ...allBots, sources: ['radio'] },
  'first seen from': { ...allBots, firstSeenFrom: 100 * DAY },
  'first seen to': { ...allBots, firstSeenTo: 100 * DAY },
  'first seen on one day, both ends included': { ...allBots, firstSeenFrom: 50 * DAY, firstSeenTo: 50 * DAY },
  'last seen more than 150 days ago': { ...allBots, lastSeenMoreThanDays: 150 },
  'one language, any case': { ...allBots, languages: ['pt-BR'] },
  'two languages': { ...allBots, languages: ['en', 'es'] },
};
const combined: Record<string, AudienceFilterInput> = {
  'bot, segment and source': { bots: [1], segment: 'clicked_not_converted', sources: ['ads', 'insta'] },
  'two bots, range and language': { bots: [2, 3], firstSeenFrom: 30 * DAY, firstSeenTo: 200 * DAY, languages: ['en'] },
  'every filter at once': {
    bots: [1, 2],
    segment: 'not_converted',
    sources: ['ads', 'tiktok'],
    firstSeenFrom: 10 * DAY,
    firstSeenTo: 250 * DAY,
    lastSeenMoreThanDays: 100,
    languages: ['pt-br', 'es'],
  },
  'never welcomed from a source, converted included, long unseen': {
    ...allBots,
    segment: 'never_welcomed',
    includeConverted: true,
    sources: ['tiktok'],
    lastSeenMoreThanDays: 120,
  },
};

describe('the audience against a plain reference over the same leads', () => {
  it('has leads of every kind to tell the filters apart', () => {
    expect(new Set(seeded.map((lead) => lead.status)).size).toBe(5);
    expect(seeded.filter((lead) => lead.archived).length).toBeGreaterThan(10);
    expect(seeded.filter((lead) => lead.optedOut).length).toBeGreaterThan(10);
  });

  for (const [name, input] of Object.entries({ ...alone, ...combined })) {
    it(`counts and lists exactly: ${name}`, () => {
      const filter = audienceFilterSchema.parse(input);
      const expected = reference(filter);
      expect(audience.count(filter, NOW)).toBe(expected.length);
      const listed = [...audience.leadIds(filter, NOW)].flatMap(([botId, ids]) => ids.map((id) => ({ botId, id })));
      expect(listed.map((entry) => entry.id).sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
      for (const entry of listed) expect(seeded.find((lead) => lead.id === entry.id)?.botId).toBe(entry.botId);
    });
  }

  it('makes every single filter matter (none of them is a no-op on these leads)', () => {
    const everyone = reference(audienceFilterSchema.parse({ ...allBots, includeConverted: true })).length;
    expect(reference(audienceFilterSchema.parse(allBots)).length).toBeLessThan(everyone);
    for (const [name, input] of Object.entries(alone)) {
      if (name === 'every bot' || name === 'converted included') continue;
      expect(reference(audienceFilterSchema.parse({ ...input, includeConverted: true })).length, name).toBeLessThan(everyone);
    }
  });

  it('never reaches an archived, blocked or opted-out lead, even with converted leads included', () => {
    const everyone = new Set([...audience.leadIds(audienceFilterSchema.parse({ ...allBots, includeConverted: true }), NOW).values()].flat());
    for (const lead of seeded) if (lead.archived || lead.optedOut || lead.status === 'blocked') expect(everyone.has(lead.id)).toBe(false);
    expect(everyone.size).toBeGreaterThan(100);
  });

  it('lists each bot’s leads in the order they arrived', () => {
    for (const ids of audience.leadIds(audienceFilterSchema.parse(allBots), NOW).values()) expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});
