import { useState, type ReactElement } from 'react';
import type { FunnelRow } from '../../../shared/sales-funnel';
import { useI18n } from '../i18n/i18n';
import { funnelColumns, sortFunnelRows, type FunnelColumn, type FunnelSort } from '../logic/sales-funnel-logic';

/** The funnel per bot and /start source, sorted by any column (a header's button; pressed again, the other way). */
export function FunnelTable({ rows }: { rows: readonly FunnelRow[] }): ReactElement {
  const { t, number, money, locale } = useI18n();
  const [sort, setSort] = useState<FunnelSort>({ column: 'revenueCents', direction: 'desc' });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const none = t('sales.none');
  const cell = (row: FunnelRow, column: FunnelColumn): string => {
    if (column === 'bot') return `@${row.botUsername}`;
    if (column === 'source') return row.source ?? t('sales.noSource');
    if (column === 'revenueCents') return money(row.revenueCents, 'BRL');
    if (column === 'revenueStars') return number(row.revenueStars);
    if (column === 'conversionRate') return row.conversionRate === null ? none : percent.format(row.conversionRate);
    if (column === 'averageTicketCents') return row.averageTicketCents === null ? none : money(row.averageTicketCents, 'BRL');
    return number(row[column]);
  };
  if (rows.length === 0) return <p className="muted">{t('sales.noRows')}</p>;
  return (
    <div className="table-scroll">
      <table className="data-table funnel-table">
        <caption>{t('sales.bySource')}</caption>
        <thead>
          <tr>
            {funnelColumns.map((column) => {
              const active = sort.column === column;
              return (
                <th key={column} scope="col" aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <button
                    type="button"
                    className="sort"
                    title={t('sales.sortBy', { column: t(`sales.col.${column}`) })}
                    onClick={() => setSort({ column, direction: active && sort.direction === 'desc' ? 'asc' : 'desc' })}
                  >
                    {t(`sales.col.${column}`)} {active ? (sort.direction === 'desc' ? '▼' : '▲') : ''}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sortFunnelRows(rows, sort).map((row) => (
            <tr key={`${row.botId} ${row.source ?? ''}`}>
              {funnelColumns.map((column) =>
                column === 'bot' ? (
                  <th key={column} scope="row">
                    {cell(row, column)}
                  </th>
                ) : (
                  <td key={column}>{cell(row, column)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
