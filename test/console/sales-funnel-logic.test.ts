import { describe, expect, it } from 'vitest';
import { barPercent, isPeriod, periodRange, sortFunnelRows, type PeriodChoice } from '../../src/renderer/src/logic/sales-funnel-logic';
import type { FunnelRow } from '../../src/shared/sales-funnel';

const local = (year: number, month: number, day: number, hour = 0): number => new Date(year, month - 1, day, hour).getTime();
const NOW = local(2026, 3, 15, 14);
const choice = (period: PeriodChoice['period'], customFrom = '', customTo = ''): PeriodChoice => ({ period, customFrom, customTo });

describe('the funnel’s period', () => {
  it('is whole local days ending with today, the end exclusive', () => {
    expect(periodRange(choice('today'), NOW)).toEqual({ from: local(2026, 3, 15), to: local(2026, 3, 16) });
    expect(periodRange(choice('7d'), NOW)).toEqual({ from: local(2026, 3, 9), to: local(2026, 3, 16) });
    expect(periodRange(choice('30d'), NOW)).toEqual({ from: local(2026, 2, 14), to: local(2026, 3, 16) });
  });

  it('takes a custom period with both days included, and refuses one that is no period', () => {
    expect(periodRange(choice('custom', '2026-01-30', '2026-02-02'), NOW)).toEqual({ from: local(2026, 1, 30), to: local(2026, 2, 3) });
    expect(periodRange(choice('custom', '2026-02-02', '2026-02-02'), NOW)).toEqual({ from: local(2026, 2, 2), to: local(2026, 2, 3) });
    expect(periodRange(choice('custom', '2026-02-03', '2026-02-02'), NOW)).toBeNull();
    expect(periodRange(choice('custom', '2026-02-30', '2026-03-02'), NOW)).toBeNull();
    expect(periodRange(choice('custom', '', '2026-03-02'), NOW)).toBeNull();
    expect([isPeriod(choice('today')), isPeriod(choice('custom', '2026-02-02', '2026-02-02')), isPeriod(choice('custom', '2026-02-03', '2026-02-02'))]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

const row = (botUsername: string, source: string | null, revenueCents: number, conversionRate: number | null): FunnelRow => ({
  botId: botUsername.length,
  botUsername,
  source,
  starts: 10,
  welcomed: 9,
  clicked: 5,
  checkout: 3,
  paid: 2,
  revenueCents,
  revenueStars: 0,
  brlPayers: 2,
  starsPayers: 0,
  conversionRate,
  averageTicketCents: null,
  averageTicketStars: null,
});

describe('the per-source table’s order', () => {
  const rows = [row('b_bot', 'insta', 500, 0.2), row('a_bot', null, 900, null), row('b_bot', 'Ads', 500, 0.5)];

  it('sorts by a number either way, ties in their given order', () => {
    expect(sortFunnelRows(rows, { column: 'revenueCents', direction: 'desc' }).map((r) => r.source)).toEqual([null, 'insta', 'Ads']);
    expect(sortFunnelRows(rows, { column: 'revenueCents', direction: 'asc' }).map((r) => r.source)).toEqual(['insta', 'Ads', null]);
  });

  it('sorts names without regard to case, and puts an empty value last either way', () => {
    expect(sortFunnelRows(rows, { column: 'source', direction: 'asc' }).map((r) => r.source)).toEqual(['Ads', 'insta', null]);
    expect(sortFunnelRows(rows, { column: 'source', direction: 'desc' }).map((r) => r.source)).toEqual(['insta', 'Ads', null]);
    expect(sortFunnelRows(rows, { column: 'conversionRate', direction: 'asc' }).map((r) => r.conversionRate)).toEqual([0.2, 0.5, null]);
    expect(sortFunnelRows(rows, { column: 'bot', direction: 'asc' }).map((r) => r.botUsername)).toEqual(['a_bot', 'b_bot', 'b_bot']);
  });
});

describe('the funnel’s bars', () => {
  it('fill their share of the widest step', () => {
    expect(barPercent(5, 20)).toBe(25);
    expect(barPercent(20, 20)).toBe(100);
    expect(barPercent(0, 0)).toBe(0);
  });
});
