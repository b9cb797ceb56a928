import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/main/core/db/store';
import { LeadQueries } from '../../src/main/core/leads/lead-queries';
import { CHECKOUT_SQL, CLICKED_SQL, PAID_SQL, SalesFunnelQueries, STARTS_SQL, WELCOMED_SQL } from '../../src/main/core/payments/funnel';
import { salesFunnelRequestSchema, type FunnelFigures } from '../../src/shared/sales-funnel';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';
import { FROM, seedFunnelStore, TO } from './funnel-store';

let store: Store;
let queries: SalesFunnelQueries;

beforeAll(async () => {
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  seedFunnelStore(store.db);
  queries = new SalesFunnelQueries(store.db);
});

afterAll(() => store.close());

// Worked out by hand from the seeded store (see funnel-store.ts), lead by lead.
const ADS_BOT_1: FunnelFigures = {
  starts: 5, // l1 (at the period's first ms), l2 (its last ms), l4, l7, l8; not l3 (the ms before)
  welcomed: 4, // l1, l4, l7, l8; l2 was welcomed at the end (excluded), l3 before
  clicked: 3, // l1, l3, l4 (twice: one lead)
  checkout: 4, // l1, l3, l4, l7 (still open); l8's failed
  paid: 2, // l1 (PIX), l3 (Stars); l4 refunded, l8 paid at the end
  revenueCents: 4990,
  revenueStars: 250,
  brlPayers: 1,
  starsPayers: 1,
  conversionRate: 2 / 5,
  averageTicketCents: 4990,
  averageTicketStars: 250,
};
const NO_SOURCE_BOT_1: FunnelFigures = {
  starts: 1, // l5; l6 is archived
  welcomed: 1,
  clicked: 0,
  checkout: 0,
  paid: 1, // marked by hand
  revenueCents: 3000,
  revenueStars: 0,
  brlPayers: 1,
  starsPayers: 0,
  conversionRate: 1,
  averageTicketCents: 3000,
  averageTicketStars: null,
};
const INSTA_BOT_2: FunnelFigures = {
  starts: 3,
  welcomed: 3,
  clicked: 1,
  checkout: 1,
  paid: 3, // m1 on both rails, m2, m3 marked by hand after a refund
  revenueCents: 2000 + 1000 + 2500,
  revenueStars: 100,
  brlPayers: 3,
  starsPayers: 1,
  conversionRate: 1,
  averageTicketCents: Math.round(5500 / 3),
  averageTicketStars: 100,
};

describe('the sales funnel', () => {
  it('counts every step per bot and source, with the period’s edges, refunds, hand-marked sales and archived leads', () => {
    const funnel = queries.funnel(salesFunnelRequestSchema.parse({ from: FROM, to: TO, botIds: [1, 2] }));
    expect(funnel.rows).toEqual([
      { botId: 1, botUsername: 'shop_1', source: null, ...NO_SOURCE_BOT_1 },
      { botId: 1, botUsername: 'shop_1', source: 'ads', ...ADS_BOT_1 },
      { botId: 2, botUsername: 'shop_2', source: 'insta', ...INSTA_BOT_2 },
    ]);
    expect(funnel.totals).toEqual({
      starts: 9,
      welcomed: 8,
      clicked: 4,
      checkout: 5,
      paid: 6,
      revenueCents: 13_490,
      revenueStars: 350,
      brlPayers: 5,
      starsPayers: 2,
      conversionRate: 6 / 9,
      averageTicketCents: 2698,
      averageTicketStars: 175,
    });
  });

  it('takes every bot not removed when none is named', () => {
    const funnel = queries.funnel({ from: FROM, to: TO });
    expect(funnel.rows.map((row) => [row.botId, row.source, row.starts, row.revenueCents])).toEqual([
      [1, null, 1, 3000],
      [1, 'ads', 5, 4990],
      [2, 'insta', 3, 5500],
      [3, 'ads', 1, 7000],
    ]);
    store.db.prepare('UPDATE bots SET removed_at = 1 WHERE id = 3').run();
    try {
      expect(queries.funnel({ from: FROM, to: TO }).rows.map((row) => row.botId)).toEqual([1, 1, 2]);
    } finally {
      store.db.prepare('UPDATE bots SET removed_at = NULL WHERE id = 3').run();
    }
  });

  it('moves with the period: the next day holds only what happened at its first ms', () => {
    const next = queries.funnel({ from: TO, to: TO + 86_400_000, botIds: [1] });
    expect(next.rows).toEqual([
      {
        botId: 1,
        botUsername: 'shop_1',
        source: 'ads',
        ...ADS_BOT_1,
        starts: 0,
        welcomed: 1,
        clicked: 0,
        checkout: 0,
        paid: 1,
        revenueStars: 0,
        starsPayers: 0,
        conversionRate: null,
        averageTicketStars: null,
      },
    ]);
  });

  it('counts the same starts as the leads screen for each bot, source and first-seen range', () => {
    const leads = new LeadQueries(store.db);
    const funnel = queries.funnel({ from: FROM, to: TO });
    for (const row of funnel.rows) {
      expect(leads.counts({ botIds: [row.botId], source: row.source, firstSeenFrom: FROM, firstSeenTo: TO }).total).toBe(row.starts);
    }
  });

  it('refuses a period that does not end after it starts', () => {
    expect(salesFunnelRequestSchema.safeParse({ from: TO, to: TO }).success).toBe(false);
    expect(salesFunnelRequestSchema.safeParse({ from: TO, to: FROM }).success).toBe(false);
    expect(salesFunnelRequestSchema.safeParse({ from: FROM, to: TO, botIds: [] }).success).toBe(false);
  });

  it('reads each step through its index, never a whole table', () => {
    const params = { from: FROM, to: TO, bots: '[1,2]' };
    for (const [sql, index] of [
      [STARTS_SQL, 'leads_active_first_seen'],
      [WELCOMED_SQL, 'leads_bot_welcomed'],
      [CLICKED_SQL, 'lead_events_clicked'],
      [CHECKOUT_SQL, 'checkouts_created'],
      [PAID_SQL, 'payments_paid'],
    ] as const) {
      const plan = store.db
        .prepare<typeof params, { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(params)
        .map((row) => row.detail);
      expect(
        plan.some((detail) => detail.includes(index)),
        `${index}: ${plan.join(' | ')}`,
      ).toBe(true);
      expect(
        plan.filter((detail) => /^SCAN (leads|lead_events|checkouts|payments)\b(?! USING)/.test(detail)),
        plan.join(' | '),
      ).toEqual([]);
    }
  });
});
