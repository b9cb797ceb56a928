import type { FunnelRow } from '../../../shared/sales-funnel';

export const funnelPeriods = ['today', '7d', '30d', 'custom'] as const;
export type FunnelPeriod = (typeof funnelPeriods)[number];

/** A period the operator picked: custom days are `yyyy-mm-dd`, both included. */
export interface PeriodChoice {
  readonly period: FunnelPeriod;
  readonly customFrom: string;
  readonly customTo: string;
}

const DAY_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a `yyyy-mm-dd` day, or null when it is no day. */
function localDay(text: string): number | null {
  const match = DAY_TEXT.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const date = new Date(year, month, day);
  return date.getFullYear() === year && date.getMonth() === month && date.getDate() === day ? date.getTime() : null;
}

/** Local midnight `days` days after the one of `ms` (negative: before), through daylight-saving changes. */
function midnight(ms: number, days: number): number {
  const date = new Date(ms);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days).getTime();
}

/**
 * The period as the engine takes it, [from, to) in ms, in whole local days ending with
 * today: "7 days" is today and the six before. A custom period that is not two days in
 * order is null (nothing to ask).
 */
export function periodRange(choice: PeriodChoice, now: number): { from: number; to: number } | null {
  const tomorrow = midnight(now, 1);
  if (choice.period === 'today') return { from: midnight(now, 0), to: tomorrow };
  if (choice.period === '7d') return { from: midnight(now, -6), to: tomorrow };
  if (choice.period === '30d') return { from: midnight(now, -29), to: tomorrow };
  return customRange(choice);
}

function customRange(choice: PeriodChoice): { from: number; to: number } | null {
  const from = localDay(choice.customFrom);
  const last = localDay(choice.customTo);
  if (from === null || last === null || last < from) return null;
  return { from, to: midnight(last, 1) };
}

/** Whether the choice is a period at all (only custom days can fail to be one). */
export function isPeriod(choice: PeriodChoice): boolean {
  return choice.period !== 'custom' || customRange(choice) !== null;
}

export const funnelColumns = [
  'bot',
  'source',
  'starts',
  'welcomed',
  'clicked',
  'checkout',
  'paid',
  'revenueCents',
  'revenueStars',
  'conversionRate',
  'averageTicketCents',
] as const;
export type FunnelColumn = (typeof funnelColumns)[number];
export interface FunnelSort {
  readonly column: FunnelColumn;
  readonly direction: 'asc' | 'desc';
}

function key(row: FunnelRow, column: FunnelColumn): string | number | null {
  if (column === 'bot') return row.botUsername.toLowerCase();
  if (column === 'source') return row.source?.toLowerCase() ?? null;
  return row[column];
}

/**
 * The table's rows in the chosen order; ties keep bot, then source order. An empty value
 * (no source, no rate, no ticket) comes last either way.
 */
export function sortFunnelRows(rows: readonly FunnelRow[], sort: FunnelSort): FunnelRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = key(a.row, sort.column);
      const y = key(b.row, sort.column);
      if (x === y) return a.index - b.index;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sign;
    })
    .map(({ row }) => row);
}

/** How much of the widest step a bar fills, 0..100 (the steps are not nested, so the widest need not be the first). */
export function barPercent(value: number, widest: number): number {
  return widest === 0 ? 0 : Math.round((value / widest) * 100);
}
